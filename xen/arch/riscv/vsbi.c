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
#include <asm/p2m.h>
#include <asm/processor.h>
#include <asm/sbi.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <asm/vsbi.h>
#include <public/sched.h>
#include <public/xen.h>

/* What Base reports: SBI v1.0, implemented by "Xen Project" (SBI ID 7). */
#define VSBI_SPEC_VERSION ((1UL << 24) | 0)
#define VSBI_IMPL_ID      7
#define VSBI_IMPL_VERSION ((XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR)

/* Legacy (v0.1) extensions; each is its own EID and returns a0 only. */
#define SBI_EXT_0_1_SET_TIMER 0x00
#define SBI_EXT_0_1_LAST      0x0f

/* hvip bits (same positions as in hip/hie). */
#define HVIP_VSSIP (1UL << IRQ_VS_SOFT)
#define HVIP_VSTIP (1UL << IRQ_VS_TIMER)

/* HSM hart_suspend types (SBI "HSM Hart Suspend Types"). */
#define SBI_HSM_SUSPEND_RET_DEFAULT      0x00000000UL
#define SBI_HSM_SUSPEND_RET_PLATFORM     0x10000000UL
#define SBI_HSM_SUSPEND_NON_RET_DEFAULT  0x80000000UL
#define SBI_HSM_SUSPEND_NON_RET_PLATFORM 0x90000000UL

/* SRST types and reasons at or above these are vendor/implementation. */
#define SBI_SRST_TYPE_VENDOR 0xF0000000UL
#define SBI_SRST_REASON_IMPL 0xE0000000UL

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
        for ( unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++ )
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

/*
 * The CPUs of the vCPUs in the set (vCPU ids) that may be running, other
 * than v: the targets of a kick or a remote fence.  A stopped vCPU holds
 * no TLB or interrupt state, and starting one resets it.
 */
static void vsbi_remote_cpus(const struct vcpu *v, unsigned long vcpus,
                             cpumask_t *cpus)
{
    const struct domain *d = v->domain;

    cpumask_clear(cpus);
    for ( unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++ )
    {
        const struct vcpu *t = d->vcpu[i];

        if ( !(vcpus & (1UL << i)) || !t || t == v ||
             __atomic_load_n(&t->arch.hsm_state, __ATOMIC_ACQUIRE) ==
                 VCPU_HSM_STOPPED )
            continue;
        cpumask_set_cpu(vcpu_home_cpu(t), cpus);
    }
}

static long vsbi_send_ipi(struct vcpu *v, unsigned long mask,
                          unsigned long base)
{
    struct domain *d = v->domain;
    unsigned long vcpus;
    cpumask_t kick;
    long rc = vsbi_hart_mask(d, mask, base, &vcpus);

    if ( rc )
        return rc;

    /*
     * The guest's supervisor software interrupt is hvip.VSSIP, which the
     * guest sees (and clears) as sip.SSIP.
     */
    if ( vcpus & (1UL << v->vcpu_id) )
        csr_set(hvip, HVIP_VSSIP);

    /*
     * Another vCPU runs on its own hart: mark the IPI pending, then kick
     * the hart with an SBI IPI.  Its HS software-interrupt handler (or its
     * next start) turns the mark into hvip.VSSIP there.  A vCPU that is
     * starting gets it when it enters.
     */
    vsbi_remote_cpus(v, vcpus, &kick);
    if ( cpumask_empty(&kick) )
        return SBI_SUCCESS;

    for ( unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++ )
        if ( d->vcpu[i] && cpumask_test_cpu(vcpu_home_cpu(d->vcpu[i]), &kick) )
            __atomic_store_n(&d->vcpu[i]->arch.ipi_pending, 1,
                             __ATOMIC_RELEASE);
    smp_mb();

    rc = sbi_send_ipi_cpumask(&kick);

    return rc ? SBI_ERR_FAILED : SBI_SUCCESS;
}

static long vsbi_rfence(struct vcpu *v, unsigned long fid,
                        const struct cpu_user_regs *regs)
{
    unsigned long vcpus;
    cpumask_t remote;
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

    rc = vsbi_hart_mask(v->domain, regs->a0, regs->a1, &vcpus);
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
            flush_tlb_guest_local();
    }

    /*
     * Other vCPUs: the firmware fences their harts and waits for them.
     * Its HFENCE.VVMA calls use the VMID in this hart's hgatp, which is
     * the domain's on every hart that runs one of its vCPUs (one VMID per
     * p2m, pinned while loaded: vmid.c).  Addresses are guest virtual,
     * exactly what the guest asked for.
     */
    vsbi_remote_cpus(v, vcpus, &remote);
    if ( cpumask_empty(&remote) )
        return SBI_SUCCESS;

    switch ( fid )
    {
    case SBI_RFENCE_REMOTE_FENCE_I:
        rc = sbi_remote_fence_i_cpumask(&remote);
        break;

    case SBI_RFENCE_REMOTE_SFENCE_VMA:
        rc = sbi_remote_hfence_vvma_cpumask(&remote, regs->a2, regs->a3);
        break;

    default:
        rc = sbi_remote_hfence_vvma_asid_cpumask(&remote, regs->a2, regs->a3,
                                                 regs->a4);
        break;
    }

    return rc;
}

/*
 * SBI HSM hart_start: the vCPU starts at start_addr (a GPA: satp is 0)
 * in VS-mode with a0 = its hart id and a1 = opaque, on its own CPU,
 * which idles until then.
 */
static long vsbi_hart_start(struct vcpu *v, unsigned long hartid,
                            unsigned long start_addr, unsigned long opaque)
{
    struct domain *d = v->domain;
    struct vcpu *target = vsbi_vcpu(d, hartid);
    unsigned int cpu;
    p2m_type_t t;
    p2m_access_t a;
    bool valid;
    mfn_t mfn;
    long rc = SBI_SUCCESS;

    if ( !target )
        return SBI_ERR_INVALID_PARAM;
    cpu = vcpu_home_cpu(target);

    /* SBI: INVALID_ADDRESS when start_addr is not a place it can run. */
    p2m_read_lock(p2m_get_hostp2m(d));
    mfn = p2m_get_entry(p2m_get_hostp2m(d), gaddr_to_gfn(start_addr), &t, &a,
                        NULL, &valid);
    p2m_read_unlock(p2m_get_hostp2m(d));
    if ( mfn_eq(mfn, INVALID_MFN) || !valid ||
         !(p2m_effective_perms(t, a) & p2m_access_x) )
        return SBI_ERR_INVALID_ADDRESS;

    spin_lock(&d->arch.hsm_lock);
    if ( target->arch.hsm_state != VCPU_HSM_STOPPED )
        rc = SBI_ERR_ALREADY_AVAILABLE;
    else if ( cpu >= nr_cpu_ids || !cpumask_test_cpu(cpu, &cpu_online_map) )
        rc = SBI_ERR_FAILED;
    else
    {
        arch_vcpu_init(target, start_addr, hartid, opaque);
        target->arch.ipi_pending = 0;
        __atomic_store_n(&target->arch.hsm_state, VCPU_HSM_START_PENDING,
                         __ATOMIC_RELEASE);
    }
    spin_unlock(&d->arch.hsm_lock);

    if ( rc == SBI_SUCCESS )
        smp_start_vcpu(cpu, target);

    return rc;
}

/*
 * SBI HSM hart_stop of the calling vCPU: it parks and its CPU idles.  A
 * domain whose last vCPU stops can never run again: it shuts down as if
 * it had asked to power off.  Returns only on failure.
 */
static long vsbi_hart_stop(struct vcpu *v)
{
    struct domain *d = v->domain;
    bool last = true;

    spin_lock(&d->arch.hsm_lock);
    for ( unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++ )
        if ( d->vcpu[i] && d->vcpu[i] != v &&
             d->vcpu[i]->arch.hsm_state != VCPU_HSM_STOPPED )
            last = false;
    if ( !last )
    {
        __atomic_store_n(&v->arch.hsm_state, VCPU_HSM_STOPPED,
                         __ATOMIC_RELEASE);
        v->is_initialised = false;
    }
    spin_unlock(&d->arch.hsm_lock);

    if ( !last )
        vcpu_park_current();

    domain_shutdown(d, SHUTDOWN_poweroff);

    return SBI_ERR_FAILED;
}

static unsigned long vsbi_hsm_status(const struct vcpu *v)
{
    switch ( __atomic_load_n(&v->arch.hsm_state, __ATOMIC_ACQUIRE) )
    {
    case VCPU_HSM_STARTED:
        return SBI_HSM_STATE_STARTED;
    case VCPU_HSM_START_PENDING:
        return SBI_HSM_STATE_START_PENDING;
    default:
        return SBI_HSM_STATE_STOPPED;
    }
}

static struct sbiret vsbi_hsm(struct vcpu *v, unsigned long fid,
                              const struct cpu_user_regs *regs)
{
    struct sbiret ret = { .error = SBI_SUCCESS, .value = 0 };
    struct vcpu *target;

    switch ( fid )
    {
    case SBI_HSM_HART_START:
        ret.error = vsbi_hart_start(v, regs->a0, regs->a1, regs->a2);
        break;

    case SBI_HSM_HART_STOP:
        ret.error = vsbi_hart_stop(v);
        break;

    case SBI_HSM_HART_GET_STATUS:
        target = vsbi_vcpu(v->domain, regs->a0);
        if ( !target )
            ret.error = SBI_ERR_INVALID_PARAM;
        else
            ret.value = vsbi_hsm_status(target);
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
    if ( reason > 0xFFFFFFFFUL || (reason > SBI_SRST_REASON_SYSTEM_FAILURE &&
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
        /* The console's input is dom0's; other guests read nothing. */
        return v->domain->domain_id ? -1 : console_getchar_for_dom0();

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
        ret.error = vsbi_rfence(v, fid, regs);
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
