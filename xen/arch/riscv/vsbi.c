/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SBI a guest sees: the hypervisor emulates the SBI (RISC-V
 * Supervisor Binary Interface specification, v1.0) for its VS-mode
 * guests, which reach it with ecall (scause 10), a7 = extension (EID),
 * a6 = function (FID), a0 .. a5 = arguments; results come back in a0
 * (error) and a1 (value).  The firmware's SBI is the hypervisor's own and
 * is never passed through.
 *
 * The firmware-specific EID XEN_HYPERCALL_SBI_EID carries hypercalls,
 * which follow their own convention (result in a0 only, a1 preserved).
 */

#include <xen/console.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/types.h>
#include <asm/csr.h>
#include <asm/current.h>
#include <asm/flushtlb.h>
#include <asm/processor.h>
#include <asm/sbi.h>
#include <asm/vsbi.h>
#include <public/xen.h>

/* What Base reports: SBI v1.0, implemented by "Xen Project" (SBI ID 7). */
#define VSBI_SPEC_VERSION       ((1UL << 24) | 0)
#define VSBI_IMPL_ID            7
#define VSBI_IMPL_VERSION       ((XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR)

/* Legacy (v0.1) extensions; each is its own EID and returns a0 only. */
#define SBI_EXT_0_1_SET_TIMER   0x00
#define SBI_EXT_0_1_LAST        0x0f

/* hvip bits (same positions as in hip/hie). */
#define HVIP_VSSIP              (1UL << IRQ_VS_SOFT)
#define HVIP_VSTIP              (1UL << IRQ_VS_TIMER)

/* HSM hart_suspend types (SBI "HSM Hart Suspend Types"). */
#define SBI_HSM_SUSPEND_RET_DEFAULT     0x00000000UL
#define SBI_HSM_SUSPEND_RET_PLATFORM    0x10000000UL
#define SBI_HSM_SUSPEND_NON_RET_DEFAULT 0x80000000UL
#define SBI_HSM_SUSPEND_NON_RET_PLATFORM 0x90000000UL

/* SRST types and reasons at or above these are vendor/implementation. */
#define SBI_SRST_TYPE_VENDOR            0xF0000000UL
#define SBI_SRST_REASON_IMPL            0xE0000000UL

/* A guest's hart ids are its vCPU ids. */
static struct vcpu *vsbi_vcpu(const struct domain *d, unsigned long hartid)
{
    if ( hartid >= d->max_vcpus || hartid >= MAX_VIRT_CPUS )
        return NULL;

    return d->vcpu[hartid];
}

/*
 * Turn an SBI hart mask into a set of vCPU ids: bit i of mask names hart
 * base + i; base == -1 names every hart.  Every named hart must exist
 * (SBI: "at least one hartid ... is not valid" is INVALID_PARAM), and
 * nothing is done unless all of them do.
 */
static long vsbi_hart_mask(const struct domain *d, unsigned long mask,
                           unsigned long base, unsigned long *vcpus)
{
    BUILD_BUG_ON(MAX_VIRT_CPUS > sizeof(*vcpus) * 8);

    *vcpus = 0;

    if ( base == ~0UL )
    {
        for ( unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS;
              i++ )
            if ( d->vcpu[i] )
                *vcpus |= 1UL << i;
        return SBI_SUCCESS;
    }

    for ( unsigned int i = 0; i < sizeof(mask) * 8; i++ )
    {
        unsigned long hartid = base + i;

        if ( !(mask & (1UL << i)) )
            continue;
        /* base + i wrapping around is as absent as any other bad id. */
        if ( hartid < base || !vsbi_vcpu(d, hartid) )
            return SBI_ERR_INVALID_PARAM;
        *vcpus |= 1UL << hartid;
    }

    return SBI_SUCCESS;
}

/*
 * With Sstc, and henvcfg.STCE set for the guest, vstimecmp raises the
 * guest's timer interrupt by itself; the hypervisor only has to write it.
 * henvcfg.STCE reads 0 when the hart has no Sstc (or the firmware did not
 * enable it for S-mode), so it tells both things at once.
 */
static bool vsbi_has_vstimecmp(void)
{
    return csr_read(henvcfg) & ENVCFG_STCE;
}

static long vsbi_set_timer(unsigned long stime_value)
{
    if ( !vsbi_has_vstimecmp() )
        return SBI_ERR_NOT_SUPPORTED;

    /*
     * The guest's time is time + htimedelta, the value vstimecmp is
     * compared with, so the guest's deadline goes in unchanged.  A future
     * deadline makes the Sstc-driven VSTIP read 0 again; a timer the
     * hypervisor may have injected through hvip is withdrawn too (SBI:
     * set_timer clears the pending timer interrupt).  hvip goes first:
     * QEMU 7.2 raises the Sstc VSTIP once, when vstimecmp is written with
     * a past deadline, in the same bit, so clearing hvip after the write
     * would lose that interrupt.
     */
    csr_clear(hvip, HVIP_VSTIP);
    csr_write(vstimecmp, stime_value);

    return SBI_SUCCESS;
}

static bool vsbi_probe(unsigned long eid)
{
    switch ( eid )
    {
    case SBI_EXT_0_1_SET_TIMER:
    case SBI_EXT_TIME:
        return vsbi_has_vstimecmp();

    case SBI_EXT_0_1_CONSOLE_PUTCHAR:
    case SBI_EXT_0_1_CONSOLE_GETCHAR:
    case SBI_EXT_BASE:
    case SBI_EXT_IPI:
    case SBI_EXT_RFENCE:
    case SBI_EXT_HSM:
    case SBI_EXT_SRST:
    case XEN_HYPERCALL_SBI_EID:
        return true;

    default:
        return false;
    }
}

static struct sbiret vsbi_base(unsigned long fid, unsigned long arg0)
{
    struct sbiret ret = { .error = SBI_SUCCESS, .value = 0 };

    switch ( fid )
    {
    case SBI_BASE_GET_SPEC_VERSION:
        ret.value = VSBI_SPEC_VERSION;
        break;

    case SBI_BASE_GET_IMPL_ID:
        ret.value = VSBI_IMPL_ID;
        break;

    case SBI_BASE_GET_IMPL_VERSION:
        ret.value = VSBI_IMPL_VERSION;
        break;

    case SBI_BASE_PROBE_EXT:
        ret.value = vsbi_probe(arg0);
        break;

    /* The guest is not told what the physical harts are. */
    case SBI_BASE_GET_MVENDORID:
    case SBI_BASE_GET_MARCHID:
    case SBI_BASE_GET_MIMPID:
        break;

    default:
        ret.error = SBI_ERR_NOT_SUPPORTED;
        break;
    }

    return ret;
}

static long vsbi_send_ipi(struct vcpu *v, unsigned long mask,
                          unsigned long base)
{
    unsigned long vcpus;
    long rc = vsbi_hart_mask(v->domain, mask, base, &vcpus);

    if ( rc )
        return rc;

    /*
     * The guest's supervisor software interrupt is hvip.VSSIP, which the
     * guest sees (and clears) as sip.SSIP.
     */
    if ( vcpus & (1UL << v->vcpu_id) )
        csr_set(hvip, HVIP_VSSIP);

    /*
     * TODO: another vCPU runs on another hart and needs a physical IPI to
     * notice; no domain has a second vCPU yet.
     */
    if ( vcpus & ~(1UL << v->vcpu_id) )
        return SBI_ERR_FAILED;

    return SBI_SUCCESS;
}

static long vsbi_rfence(struct vcpu *v, unsigned long fid,
                        unsigned long mask, unsigned long base)
{
    unsigned long vcpus;
    long rc;

    switch ( fid )
    {
    case SBI_RFENCE_REMOTE_FENCE_I:
    case SBI_RFENCE_REMOTE_SFENCE_VMA:
    case SBI_RFENCE_REMOTE_SFENCE_VMA_ASID:
        break;

    /*
     * The hfence calls are for a hypervisor managing its own guests; this
     * guest has no H extension.
     */
    default:
        return SBI_ERR_NOT_SUPPORTED;
    }

    rc = vsbi_hart_mask(v->domain, mask, base, &vcpus);
    if ( rc )
        return rc;

    if ( vcpus & (1UL << v->vcpu_id) )
    {
        if ( fid == SBI_RFENCE_REMOTE_FENCE_I )
            asm volatile ( "fence.i" ::: "memory" );
        else
            /*
             * The guest's sfence.vma maps to HFENCE.VVMA, which acts on the
             * VMID in hgatp: this guest's.  Flushing every address and ASID
             * is a superset of any range the guest named.
             */
            hfence_vvma_all();
    }

    /* TODO: as for IPIs, other vCPUs' harts need a remote request. */
    if ( vcpus & ~(1UL << v->vcpu_id) )
        return SBI_ERR_FAILED;

    return SBI_SUCCESS;
}

/* Is v the only started vCPU of its domain? */
static bool vsbi_last_vcpu(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    for ( unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++ )
        if ( d->vcpu[i] && d->vcpu[i] != v && d->vcpu[i]->is_initialised )
            return false;

    return true;
}

static struct sbiret vsbi_hsm(struct vcpu *v, unsigned long fid,
                              const struct cpu_user_regs *regs)
{
    struct sbiret ret = { .error = SBI_SUCCESS, .value = 0 };
    struct vcpu *target;

    switch ( fid )
    {
    case SBI_HSM_HART_START:
        target = vsbi_vcpu(v->domain, regs->a0);
        if ( !target )
            ret.error = SBI_ERR_INVALID_PARAM;
        else if ( target->is_initialised )
            ret.error = SBI_ERR_ALREADY_AVAILABLE;
        else
            /* TODO: starting a secondary vCPU needs the SMP guest code. */
            ret.error = SBI_ERR_FAILED;
        break;

    case SBI_HSM_HART_STOP:
        /*
         * A domain whose last vCPU stops can never run again: shut it down
         * as if it had asked to power off.  Stopping one vCPU among several
         * needs a scheduler, which there is not yet.
         */
        if ( vsbi_last_vcpu(v) )
            domain_shutdown(v->domain, SHUTDOWN_poweroff);
        ret.error = SBI_ERR_FAILED;
        break;

    case SBI_HSM_HART_GET_STATUS:
        target = vsbi_vcpu(v->domain, regs->a0);
        if ( !target )
            ret.error = SBI_ERR_INVALID_PARAM;
        else
            ret.value = target->is_initialised ? SBI_HSM_STATE_STARTED
                                               : SBI_HSM_STATE_STOPPED;
        break;

    case SBI_HSM_HART_SUSPEND:
        /*
         * A retentive suspend may end at any interrupt, so returning at
         * once (as if one had arrived) is a correct default suspend.
         * Non-retentive suspends need a resume path: not supported.
         */
        if ( regs->a0 == SBI_HSM_SUSPEND_RET_DEFAULT )
            break;
        if ( regs->a0 > 0xFFFFFFFFUL ||
             (regs->a0 > SBI_HSM_SUSPEND_RET_DEFAULT &&
              regs->a0 < SBI_HSM_SUSPEND_RET_PLATFORM) ||
             (regs->a0 > SBI_HSM_SUSPEND_NON_RET_DEFAULT &&
              regs->a0 < SBI_HSM_SUSPEND_NON_RET_PLATFORM) )
            ret.error = SBI_ERR_INVALID_PARAM;
        else
            ret.error = SBI_ERR_NOT_SUPPORTED;
        break;

    default:
        ret.error = SBI_ERR_NOT_SUPPORTED;
        break;
    }

    return ret;
}

static long vsbi_system_reset(struct vcpu *v, unsigned long type,
                              unsigned long reason)
{
    unsigned int code;

    /* Both are uint32_t in the SBI; larger values are reserved too. */
    if ( type > 0xFFFFFFFFUL ||
         (type > SBI_SRST_TYPE_WARM_REBOOT && type < SBI_SRST_TYPE_VENDOR) )
        return SBI_ERR_INVALID_PARAM;
    if ( reason > 0xFFFFFFFFUL ||
         (reason > SBI_SRST_REASON_SYSTEM_FAILURE &&
          reason < SBI_SRST_REASON_IMPL) )
        return SBI_ERR_INVALID_PARAM;
    if ( type >= SBI_SRST_TYPE_VENDOR )
        return SBI_ERR_NOT_SUPPORTED;

    /*
     * A "system failure" reset is a crash whatever the type, so that a
     * failing dom0 makes the whole run fail.  The domain's system is the
     * domain: it shuts down (for dom0, the machine powers off; a reboot
     * is reported as such and handled by domain_shutdown()).
     */
    if ( reason == SBI_SRST_REASON_SYSTEM_FAILURE )
        code = SHUTDOWN_crash;
    else if ( type == SBI_SRST_TYPE_SHUTDOWN )
        code = SHUTDOWN_poweroff;
    else
        code = SHUTDOWN_reboot;

    domain_shutdown(v->domain, code);

    return SBI_SUCCESS;
}

/* Legacy calls: result in a0 only, a1 untouched. */
static long vsbi_legacy(struct vcpu *v, unsigned long eid,
                        const struct cpu_user_regs *regs)
{
    char c;

    switch ( eid )
    {
    case SBI_EXT_0_1_SET_TIMER:
        return vsbi_set_timer(regs->a0);

    case SBI_EXT_0_1_CONSOLE_PUTCHAR:
        c = regs->a0;
        guest_console_write(v->domain, &c, 1);
        return 0;

    case SBI_EXT_0_1_CONSOLE_GETCHAR:
        /* No console input for guests: always "nothing to read". */
        return -1;

    default:
        return SBI_ERR_NOT_SUPPORTED;
    }
}

void vsbi_handle_ecall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned long eid = regs->a7, fid = regs->a6;
    struct sbiret ret = { .error = SBI_SUCCESS, .value = 0 };

    if ( eid == XEN_HYPERCALL_SBI_EID )
    {
        if ( do_hypercall(regs) )
            regs->sepc += 4;
        return;
    }

    if ( eid <= SBI_EXT_0_1_LAST )
    {
        regs->a0 = vsbi_legacy(v, eid, regs);
        regs->sepc += 4;
        return;
    }

    switch ( eid )
    {
    case SBI_EXT_BASE:
        ret = vsbi_base(fid, regs->a0);
        break;

    case SBI_EXT_TIME:
        if ( fid == SBI_TIME_SET_TIMER )
            ret.error = vsbi_set_timer(regs->a0);
        else
            ret.error = SBI_ERR_NOT_SUPPORTED;
        break;

    case SBI_EXT_IPI:
        if ( fid == SBI_IPI_SEND_IPI )
            ret.error = vsbi_send_ipi(v, regs->a0, regs->a1);
        else
            ret.error = SBI_ERR_NOT_SUPPORTED;
        break;

    case SBI_EXT_RFENCE:
        ret.error = vsbi_rfence(v, fid, regs->a0, regs->a1);
        break;

    case SBI_EXT_HSM:
        ret = vsbi_hsm(v, fid, regs);
        break;

    case SBI_EXT_SRST:
        if ( fid == SBI_SRST_RESET )
            ret.error = vsbi_system_reset(v, regs->a0, regs->a1);
        else
            ret.error = SBI_ERR_NOT_SUPPORTED;
        break;

    default:
        ret.error = SBI_ERR_NOT_SUPPORTED;
        break;
    }

    regs->a0 = ret.error;
    regs->a1 = ret.value;
    /* ecall has no compressed form: always 4 bytes. */
    regs->sepc += 4;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
