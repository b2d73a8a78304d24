/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Architecture side of domains and vCPUs: the p2m, VMID, VS-mode CSR
 * state, and entering a vCPU on a hart.
 */

#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/csr.h>
#include <asm/current.h>
#include <asm/flushtlb.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <asm/sbi.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/vmid.h>

/* vsstatus.UXL: a 64-bit VU-mode. */
#define VSSTATUS_UXL_64 (2UL << SSTATUS_UXL_SHIFT)

int arch_domain_create(struct domain *d,
                       const struct xen_domctl_createdomain *config,
                       unsigned long p2m_pool_pages)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    int rc;

    rc = p2m_init(d, config);
    if ( rc )
        return rc;

    spin_lock(&d->arch.paging.lock);
    rc = p2m_set_allocation(d, p2m_pool_pages, false);
    spin_unlock(&d->arch.paging.lock);
    if ( rc )
    {
        p2m_teardown(d);
        return rc;
    }

    spin_lock_init(&d->arch.hsm_lock);

    /* The VMID comes with the first vCPU load (vmid_load_p2m()). */
    vmid_slot_init(&d->arch.vmid);
    p2m_set_vmid(p2m, VMID_SHARED);

    return 0;
}

void arch_domain_kick_vcpus(struct domain *d)
{
    cpumask_t mask;

    cpumask_clear(&mask);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] &&
             __atomic_load_n(&d->vcpu[i]->is_running, __ATOMIC_ACQUIRE) )
            cpumask_set_cpu(vcpu_home_cpu(d->vcpu[i]), &mask);
    if ( !cpumask_empty(&mask) )
        (void)sbi_send_ipi_cpumask(&mask);
}

void arch_domain_stopped(struct domain *d)
{
    /* The boot domU's end is judged when dom0 powers off (domain_build.c). */
    domain_build_note_stopped(d);
}

bool arch_domain_dom0_poweroff(struct domain *dom0)
{
    return domain_hold_dom0_poweroff(dom0);
}

int arch_domain_relinquish(struct domain *d, unsigned long budget,
                           unsigned long *work)
{
    return p2m_teardown_step(d, budget, work);
}

/*
 * No hart has the VMID loaded (every vCPU left its CPU through
 * vmid_cpu_idle()); the number itself is reused from the next generation.
 */
void arch_domain_destroy(struct domain *d)
{
    vmid_slot_release(&d->arch.vmid);
}

void vcpu_save_vs_csrs(struct vcpu *v)
{
    v->arch.vsstatus = csr_read(vsstatus);
    v->arch.vsie = csr_read(vsie);
    v->arch.vstvec = csr_read(vstvec);
    v->arch.vsscratch = csr_read(vsscratch);
    v->arch.vsepc = csr_read(vsepc);
    v->arch.vscause = csr_read(vscause);
    v->arch.vstval = csr_read(vstval);
    v->arch.vsatp = csr_read(vsatp);
    v->arch.hvip = csr_read(hvip);
    if ( hyp_sstc_enabled )
        v->arch.vstimecmp = csr_read(vstimecmp);
}

void vcpu_restore_vs_csrs(const struct vcpu *v)
{
    csr_write(vsstatus, v->arch.vsstatus);
    csr_write(vsie, v->arch.vsie);
    csr_write(vstvec, v->arch.vstvec);
    csr_write(vsscratch, v->arch.vsscratch);
    csr_write(vsepc, v->arch.vsepc);
    csr_write(vscause, v->arch.vscause);
    csr_write(vstval, v->arch.vstval);
    csr_write(vsatp, v->arch.vsatp);
    csr_write(hvip, v->arch.hvip);
    if ( hyp_sstc_enabled )
        csr_write(vstimecmp, v->arch.vstimecmp);
}

void arch_vcpu_init(struct vcpu *v, unsigned long entry, unsigned long a0,
                    unsigned long a1)
{
    struct cpu_user_regs *regs = &v->arch.user_regs;

    v->regs = regs;
    memset(regs, 0, sizeof(*regs));
    regs->sepc = entry;
    regs->a0 = a0;
    regs->a1 = a1;

    /*
     * sret lands in VS-mode (SPV = 1, SPP = 1) with 64-bit VS/VU; HLV/HSV
     * done on the guest's behalf act as VS-mode (SPVP = 1).  The FPU is
     * left usable (FS = Initial): the guest's own vsstatus.FS, which
     * starts Off, is what it manages.  HS interrupts stay off.
     */
    regs->sstatus =
        (csr_read(sstatus) & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_FS_MASK)) |
        SSTATUS_SPP | SSTATUS_FS_INITIAL;
    regs->hstatus = HSTATUS_VSXL_64 | HSTATUS_SPV | HSTATUS_SPVP;

    /* Interrupts off, paging off (vsatp = 0), no trap vector yet. */
    v->arch.vsstatus = VSSTATUS_UXL_64;
    v->arch.vsie = 0;
    v->arch.vstvec = 0;
    v->arch.vsscratch = 0;
    v->arch.vsepc = 0;
    v->arch.vscause = 0;
    v->arch.vstval = 0;
    v->arch.vsatp = 0;
    v->arch.hvip = 0;
    v->arch.vstimecmp = ~0UL;
    v->arch.last_fault_gpa = ~0UL;

    v->is_initialised = true;
}

void vcpu_run(struct vcpu *v)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(v->domain);
    unsigned int cpu = smp_processor_id();

    v->processor = cpu;
    set_current(v);
    __atomic_store_n(&v->is_running, true, __ATOMIC_RELEASE);

    vcpu_restore_vs_csrs(v);

    /*
     * Assigns the VMID if need be, joins the p2m's dirty mask, loads
     * hgatp and fences whatever an earlier user of the VMID left behind.
     */
    vmid_load_p2m(&v->domain->arch.vmid, p2m, v, cpu);

    /* An IPI sent while the vCPU was starting: deliver it now. */
    vcpu_take_kick(v);

    continue_to_guest(v->regs);
}

/*
 * The vCPU's domain shut down, crashed or is being destroyed: let go of
 * its p2m and VMID, say so (domain_kill() waits for it), and idle, ready
 * to start the next domain's vCPU on this CPU.
 */
void vcpu_stop_current(void)
{
    struct vcpu *v = current;

    if ( v )
        vcpu_save_vs_csrs(v);
    csr_write(hvip, 0);
    if ( hyp_sstc_enabled )
        csr_write(vstimecmp, ~0UL);
    csr_write(vsatp, 0);
    set_current(NULL);
    csr_write(hgatp, 0);
    local_hfence_gvma_all();
    vmid_cpu_idle(smp_processor_id());
    if ( v )
        __atomic_store_n(&v->is_running, false, __ATOMIC_RELEASE);

    /* The trap frames below us are dead: idle on a fresh stack. */
    reset_stack_and_call(cpu_idle_loop);
}

void vcpu_park_current(void)
{
    struct vcpu *v = current;

    /*
     * Not an assertion on hsm_state: once this vCPU was marked stopped,
     * another vCPU may already have asked for it to start again (its
     * request waits in this CPU's mailbox until cpu_idle_loop()).
     */
    ASSERT(v);

    /* Nothing of the guest may fire on this hart while it idles. */
    csr_write(hvip, 0);
    if ( hyp_sstc_enabled )
        csr_write(vstimecmp, ~0UL);
    csr_write(vsatp, 0);

    set_current(NULL);
    csr_write(hgatp, 0);
    local_hfence_gvma_all();
    vmid_cpu_idle(smp_processor_id());

    printk("d%uv%u: stopped (SBI HSM hart_stop), CPU%u idle\n",
           v->domain->domain_id, v->vcpu_id, smp_processor_id());
    /* Last: from here on domain_kill() may free v. */
    __atomic_store_n(&v->is_running, false, __ATOMIC_RELEASE);

    /* The trap frames below us are dead: idle on a fresh stack. */
    reset_stack_and_call(cpu_idle_loop);
}

void vcpu_start_here(struct vcpu *v)
{
    struct domain *d = v->domain;

    ASSERT(vcpu_home_cpu(v) == smp_processor_id());

    /* Being destroyed before it ever ran: let domain_kill() go on. */
    if ( __atomic_load_n(&d->is_shut_down, __ATOMIC_ACQUIRE) )
    {
        printk("d%uv%u: not started, the domain is going\n", d->domain_id,
               v->vcpu_id);
        __atomic_store_n(&v->is_running, false, __ATOMIC_RELEASE);
        return;
    }

    spin_lock(&d->arch.hsm_lock);
    ASSERT(v->arch.hsm_state == VCPU_HSM_START_PENDING);
    v->arch.hsm_state = VCPU_HSM_STARTED;
    spin_unlock(&d->arch.hsm_lock);

    printk("d%uv%u: starting on CPU%u (hart %lu) at %#lx\n", d->domain_id,
           v->vcpu_id, smp_processor_id(), this_pcpu()->hartid,
           v->arch.user_regs.sepc);

    vcpu_run(v);
}

void vcpu_take_kick(struct vcpu *v)
{
    /*
     * SSIP first, then the flag: a kick that lands in between leaves
     * SSIP pending and brings us back here.
     */
    csr_clear(sip, 1UL << IRQ_S_SOFT);
    if ( __atomic_exchange_n(&v->arch.ipi_pending, 0, __ATOMIC_ACQUIRE) )
        csr_set(hvip, 1UL << IRQ_VS_SOFT);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
