/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap handling: traps taken while the hypervisor runs (only exception-
 * table fixups are expected; anything else is a hypervisor bug) and traps
 * from a guest (SBI calls, guest-page faults, virtual instructions and
 * exceptions the hardware did not delegate to VS-mode).  Nothing a guest
 * does may panic the hypervisor: at worst its domain is crashed.
 */

#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/csr.h>
#include <asm/current.h>
#include <asm/flushtlb.h>
#include <asm/guest_fault.h>
#include <asm/p2m.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/vsbi.h>

/*
 * Exceptions VS-mode handles itself (as KVM does): misaligned fetch,
 * breakpoint, ecall from VU, and VS-stage page faults.  Everything else
 * reaches the hypervisor first.
 */
#define HEDELEG_DEFAULT                                                        \
    ((1UL << CAUSE_MISALIGNED_FETCH) | (1UL << CAUSE_BREAKPOINT) |             \
     (1UL << CAUSE_USER_ECALL) | (1UL << CAUSE_FETCH_PAGE_FAULT) |             \
     (1UL << CAUSE_LOAD_PAGE_FAULT) | (1UL << CAUSE_STORE_PAGE_FAULT))

/* VS-level software, timer and external interrupts go straight to VS. */
#define HIDELEG_DEFAULT                                                        \
    ((1UL << IRQ_VS_SOFT) | (1UL << IRQ_VS_TIMER) | (1UL << IRQ_VS_EXT))

/*
 * A guest-page fault on a GFN the p2m maps with the rights the access
 * needed (its own, or read/write when the hardware was walking the guest's
 * page tables: gpf_right_needed()) is retried after a local fence (a TLB
 * may cache the entry's old, invalid form).  More than this many in a row
 * at one page means the hardware will not use the mapping (QEMU 7.2, for
 * one, treats a G-stage GPA as sign-extended and faults on the upper half
 * of the GPA space): the guest then gets the access fault rather than
 * spinning forever.
 */
#define MAX_SPURIOUS_FAULTS 16

bool hyp_sstc_enabled;

void trap_init(void)
{
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, ra) != CPU_USER_REGS_X(1));
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, t6) != CPU_USER_REGS_X(31));
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, sepc) != CPU_USER_REGS_SEPC);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, sstatus) !=
                 CPU_USER_REGS_SSTATUS);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, hstatus) !=
                 CPU_USER_REGS_HSTATUS);
    BUILD_BUG_ON(sizeof(struct cpu_user_regs) != CPU_USER_REGS_SIZE);
    BUILD_BUG_ON(CPU_USER_REGS_FRAME < CPU_USER_REGS_SIZE ||
                 CPU_USER_REGS_FRAME % 16);

    csr_write(sscratch, 0);
    csr_write(stvec, (unsigned long)handle_trap);
}

/* Hypervisor-extension state of this hart; every hart runs it once. */
void hyp_cpu_init(void)
{
    unsigned long henvcfg = 0;

    csr_write(hedeleg, HEDELEG_DEFAULT);
    csr_write(hideleg, HIDELEG_DEFAULT);
    csr_write(hie, 0);
    csr_write(hvip, 0);
    /*
     * HS software interrupts (SBI IPIs from other harts) trap out of a
     * running guest, where HS interrupts are always enabled; in HS-mode
     * sstatus.SIE stays clear, so they only end an idle hart's wfi.
     */
    csr_write(sie, 1UL << IRQ_S_SOFT);
    /* Guests read time, cycle and instret without trapping. */
    csr_write(hcounteren, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR);
    csr_write(htimedelta, 0);

    /*
     * With Sstc, STCE lets the guest program vstimecmp itself and its
     * timer interrupt is delivered straight to VS-mode (hideleg bit 6).
     * henvcfg.PBMTE is read-only 0 unless M-mode set menvcfg.PBMTE, which
     * is also what lets G-stage PTEs carry PBMT: reading it back tells
     * whether the p2m may mark MMIO as IO.  Both fields are WARL.
     */
    if ( bootinfo.has_sstc )
        henvcfg |= ENVCFG_STCE;
    if ( bootinfo.has_svpbmt )
        henvcfg |= ENVCFG_PBMTE;
    csr_write(henvcfg, henvcfg);
    henvcfg = csr_read(henvcfg);

    /* No guest timer until the guest asks for one. */
    if ( henvcfg & ENVCFG_STCE )
        csr_write(vstimecmp, ~0UL);

    if ( smp_processor_id() == 0 )
    {
        hyp_sstc_enabled = henvcfg & ENVCFG_STCE;
        p2m_use_pbmt = henvcfg & ENVCFG_PBMTE;
    }

    csr_write(hstatus, HSTATUS_VSXL_64);
    csr_write(vsatp, 0);
    csr_write(hgatp, 0);
    local_hfence_gvma_all();
}

static const char *const reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void show_registers(const struct cpu_user_regs *regs)
{
    const unsigned long *r = (const unsigned long *)regs;
    unsigned int i;

    for ( i = 0; i < 32; i += 4 )
        printk("%4s %016lx %4s %016lx %4s %016lx %4s %016lx\n", reg_names[i],
               r[i], reg_names[i + 1], r[i + 1], reg_names[i + 2], r[i + 2],
               reg_names[i + 3], r[i + 3]);
    printk("sepc %016lx sstatus %016lx hstatus %016lx\n", regs->sepc,
           regs->sstatus, regs->hstatus);
    printk("scause %016lx stval %016lx htval %016lx htinst %016lx\n",
           csr_read(scause), csr_read(stval), csr_read(htval),
           csr_read(htinst));
}

void do_trap_hypervisor(struct cpu_user_regs *regs)
{
    unsigned long cause = csr_read(scause);

    /* HS-mode runs with sstatus.SIE clear: no interrupt traps here. */
    if ( cause & CAUSE_IRQ_FLAG )
    {
        printk("CPU%u: unexpected interrupt %lu in the hypervisor\n",
               smp_processor_id(), cause & ~CAUSE_IRQ_FLAG);
        return;
    }

    /* A guest access through HLV/HSV that faulted: -EFAULT, not a crash. */
    if ( fixup_exception(regs) )
        return;

    printk("Unhandled trap in the hypervisor on CPU%u: scause %lu, "
           "stval %#lx, sepc %#lx\n",
           smp_processor_id(), cause, csr_read(stval), regs->sepc);
    show_registers(regs);
    panic("Unhandled trap in the hypervisor (scause %lu)", cause);
}

static void guest_crash(struct cpu_user_regs *regs, const char *why,
                        unsigned long cause)
{
    struct vcpu *v = current;

    printk("d%uv%u: %s (scause %lu, sepc %#lx, stval %#lx, htval %#lx)\n",
           v->domain->domain_id, v->vcpu_id, why, cause, regs->sepc,
           csr_read(stval), csr_read(htval));
    show_registers(regs);
    domain_crash(v->domain);
}

/* After this many identical reflected faults in a row, say so. */
#define REFLECT_LOOP_REPORT 10000UL

/*
 * Debug builds: a guest whose fault handler returns to the faulting
 * instruction without fixing anything spins silently; name it, once at
 * REFLECT_LOOP_REPORT identical faults in a row and then at each power of
 * two times that.
 */
static void note_reflected_fault(struct vcpu *v, unsigned long pc,
                                 unsigned long cause, unsigned long tval)
{
#ifdef CONFIG_DEBUG
    unsigned long n;

    if ( v->arch.last_reflected_pc != pc ||
         v->arch.last_reflected_cause != cause ||
         v->arch.last_reflected_tval != tval )
    {
        v->arch.last_reflected_pc = pc;
        v->arch.last_reflected_cause = cause;
        v->arch.last_reflected_tval = tval;
        v->arch.nr_same_reflected = 0;
    }

    n = ++v->arch.nr_same_reflected;
    if ( n % REFLECT_LOOP_REPORT )
        return;
    n /= REFLECT_LOOP_REPORT;
    if ( n & (n - 1) )
        return;

    printk("d%uv%u: the same exception (scause %lu, stval %#lx) was "
           "reflected %lu times in a row at %#lx: is the guest's handler "
           "returning to the faulting instruction?\n",
           v->domain->domain_id, v->vcpu_id, cause, tval,
           v->arch.nr_same_reflected, pc);
#endif
}

bool inject_guest_exception(struct cpu_user_regs *regs, unsigned long cause,
                            unsigned long tval)
{
    unsigned long vstvec = csr_read(vstvec);
    unsigned long old = csr_read(vsstatus), vsstatus = old;

    note_reflected_fault(current, regs->sepc, cause, tval);

    if ( !(vstvec & ~STVEC_MODE_MASK) )
    {
        printk("d%uv%u: exception %lu (tval %#lx) at %#lx, "
               "but the guest has no trap vector\n",
               current->domain->domain_id, current->vcpu_id, cause, tval,
               regs->sepc);
        domain_crash(current->domain);
        return false;
    }

    /*
     * What a trap into VS-mode does (Priv. spec, "Supervisor Trap
     * Entry"): SPP = the privilege the guest was in (sstatus.SPP of the
     * trap into HS says VS or VU), SPIE = SIE, SIE = 0.  Exceptions go
     * to the vector base even in vectored mode.
     */
    vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE);
    if ( regs->sstatus & SSTATUS_SPP )
        vsstatus |= SSTATUS_SPP;
    if ( old & SSTATUS_SIE )
        vsstatus |= SSTATUS_SPIE;
    csr_write(vsstatus, vsstatus);
    csr_write(vsepc, regs->sepc);
    csr_write(vscause, cause);
    csr_write(vstval, tval);

    regs->sepc = vstvec & ~STVEC_MODE_MASK;
    /* The handler runs in VS-mode whatever mode faulted. */
    regs->sstatus |= SSTATUS_SPP;

    return true;
}

static void do_guest_page_fault(struct cpu_user_regs *regs, unsigned long cause)
{
    struct vcpu *v = current;
    struct p2m_domain *p2m = p2m_get_hostp2m(v->domain);
    unsigned long stval = csr_read(stval), htval = csr_read(htval);
    unsigned long htinst = csr_read(htinst);
    unsigned int inject;
    paddr_t gpa;
    p2m_type_t t;
    p2m_access_t a;
    bool valid;
    mfn_t mfn;

    /*
     * The guest gets the access fault of the original access type, as the
     * hardware reports it, even when a walk of its own page tables faulted
     * (gpf_right_needed() looks further).
     */
    switch ( cause )
    {
    case CAUSE_FETCH_GUEST_PAGE_FAULT:
        inject = CAUSE_FETCH_ACCESS;
        break;
    case CAUSE_LOAD_GUEST_PAGE_FAULT:
        inject = CAUSE_LOAD_ACCESS;
        break;
    default:
        inject = CAUSE_STORE_ACCESS;
        break;
    }

    /*
     * htval holds the GPA shifted right by 2; its low bits are those of
     * stval (H extension, "htval").  htval may be 0 ("not provided"):
     * then only a guest without VS-stage translation tells us the GPA.
     */
    gpa = (htval << 2) | (stval & 3);
    if ( !htval && !(csr_read(vsatp) >> 60) )
        gpa = stval;

    p2m_read_lock(p2m);
    mfn = p2m_get_entry(p2m, gaddr_to_gfn(gpa), &t, &a, NULL, &valid);
    p2m_read_unlock(p2m);

    if ( !mfn_eq(mfn, INVALID_MFN) && valid &&
         gpf_p2m_allows(cause, htinst, p2m_effective_perms(t, a)) )
    {
        if ( v->arch.last_fault_gpa != (gpa & PAGE_MASK) )
        {
            v->arch.last_fault_gpa = gpa & PAGE_MASK;
            v->arch.nr_spurious_faults = 0;
        }

        if ( ++v->arch.nr_spurious_faults <= MAX_SPURIOUS_FAULTS )
        {
            /* Drop a stale (e.g. cached-invalid) entry and retry. */
            hfence_gvma_vmid(p2m->vmid);
            return;
        }

        printk("d%uv%u: GPA %#lx is mapped (mfn %#lx) but the hart faults "
               "on it %u times in a row (scause %lu): access fault to the "
               "guest\n",
               v->domain->domain_id, v->vcpu_id, (unsigned long)gpa, mfn_x(mfn),
               MAX_SPURIOUS_FAULTS + 1, cause);
    }

    v->arch.last_fault_gpa = ~0UL;
    inject_guest_exception(regs, inject, stval);
}

#define INSN_WFI 0x10500073UL

static void do_virtual_instruction(struct cpu_user_regs *regs)
{
    unsigned long insn = csr_read(stval);

    /* WFI under hstatus.VTW: the vCPU owns its hart, so just go on. */
    if ( insn == INSN_WFI )
    {
        regs->sepc += 4;
        return;
    }

    guest_crash(regs, "unhandled virtual instruction",
                CAUSE_VIRTUAL_INST_FAULT);
}

void do_trap_guest(struct cpu_user_regs *regs)
{
    unsigned long cause = csr_read(scause);
    struct vcpu *v = current;

    ASSERT(v && regs == v->regs);

    if ( cause & CAUSE_IRQ_FLAG )
    {
        /* Another hart kicked us: an IPI for this vCPU, maybe. */
        if ( (cause & ~CAUSE_IRQ_FLAG) == IRQ_S_SOFT )
            vcpu_take_kick(v);
        else
            /* VS interrupts are delegated; no other HS one is enabled. */
            printk("d%uv%u: unexpected interrupt %lu\n", v->domain->domain_id,
                   v->vcpu_id, cause & ~CAUSE_IRQ_FLAG);
        /* The kick of a domain being destroyed (domain_kill()). */
        if ( v->domain->is_shut_down || v->domain->is_dying )
            vcpu_stop_current();
        return;
    }

    switch ( cause )
    {
    case CAUSE_VIRTUAL_SUPERVISOR_ECALL:
        vsbi_handle_ecall(regs);
        break;

    case CAUSE_FETCH_GUEST_PAGE_FAULT:
    case CAUSE_LOAD_GUEST_PAGE_FAULT:
    case CAUSE_STORE_GUEST_PAGE_FAULT:
        do_guest_page_fault(regs, cause);
        break;

    case CAUSE_VIRTUAL_INST_FAULT:
        do_virtual_instruction(regs);
        break;

    /* Not delegated, but the guest's own business: hand them over. */
    case CAUSE_FETCH_ACCESS:
    case CAUSE_ILLEGAL_INSTRUCTION:
    case CAUSE_MISALIGNED_LOAD:
    case CAUSE_LOAD_ACCESS:
    case CAUSE_MISALIGNED_STORE:
    case CAUSE_STORE_ACCESS:
        inject_guest_exception(regs, cause, csr_read(stval));
        break;

    default:
        guest_crash(regs, "unexpected exception", cause);
        break;
    }

    /* A domain that shut down or crashed never runs again. */
    if ( v->domain->is_shut_down || v->domain->is_dying )
        vcpu_stop_current();
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
