/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__DOMAIN_H
#define ASM__RISCV__DOMAIN_H

#include <xen/spinlock.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <asm/vmid.h>

/*
 * The p2m's page pool: every table and metadata page comes from here, so
 * a guest cannot make its p2m eat the hypervisor's heap.
 */
struct paging_domain {
    /* Serialises resizing (p2m_set_allocation()). */
    spinlock_t lock;
    /* Pool pages not in use. */
    struct page_list_head freelist;
    /* Pages the pool owns: free, in use by the p2m, or awaiting a flush. */
    unsigned long total_pages;
};

struct arch_domain {
    struct p2m_domain p2m;
    struct paging_domain paging;
    /* The p2m's VMID and its generation (vmid.c). */
    struct vmid_slot vmid;
    /* Serialises the vCPUs' SBI HSM state changes (vsbi.c). */
    spinlock_t hsm_lock;
    /*
     * vCPU i runs on logical CPU first_cpu + i (no scheduler): dom0's
     * vCPUs take CPU0 onwards, a boot-time domU the CPUs after them.
     */
    unsigned int first_cpu;
};

/*
 * A vCPU's SBI HSM state, under arch.hsm_lock.  Zero is "stopped", which
 * is what a freshly created vCPU is.
 */
enum vcpu_hsm_state {
    VCPU_HSM_STOPPED = 0,
    VCPU_HSM_START_PENDING, /* hart_start done, its hart not yet in */
    VCPU_HSM_STARTED,
};

/*
 * A vCPU's architectural state.  user_regs holds the general registers,
 * sepc, sstatus and hstatus while the vCPU is in the hypervisor or off
 * its hart.  The VS-mode CSRs live in the hart while the vCPU runs and are
 * kept here otherwise (vcpu_save_vs_csrs()/vcpu_restore_vs_csrs()).
 */
struct arch_vcpu {
    struct cpu_user_regs user_regs;

    unsigned long vsstatus;
    unsigned long vsie;
    unsigned long vstvec;
    unsigned long vsscratch;
    unsigned long vsepc;
    unsigned long vscause;
    unsigned long vstval;
    unsigned long vsatp;
    unsigned long hvip;
    unsigned long vstimecmp;

    enum vcpu_hsm_state hsm_state;
    /*
     * Another vCPU sent this one an SBI IPI: set before the kick (an SBI
     * IPI to the hart), turned into hvip.VSSIP by the hart (atomic).
     */
    unsigned int ipi_pending;

    /* Guest-page faults found spurious in a row at one page (traps.c). */
    unsigned long last_fault_gpa;
    unsigned int nr_spurious_faults;
    /*
     * Debug builds: the last exception reflected into the guest and how
     * many times in a row the very same one was (a handler that returns
     * to the faulting instruction loops forever).
     */
    unsigned long last_reflected_pc, last_reflected_cause;
    unsigned long last_reflected_tval, nr_same_reflected;
};

struct vcpu;

/* Move the VS-mode CSRs between the hart and v->arch. */
void vcpu_save_vs_csrs(struct vcpu *v);
void vcpu_restore_vs_csrs(const struct vcpu *v);

/*
 * Set up a vCPU to start at entry (GPA) in VS-mode with a0 and a1, the
 * RISC-V Linux boot protocol (vsatp = 0, interrupts off).
 */
void arch_vcpu_init(struct vcpu *v, unsigned long entry, unsigned long a0,
                    unsigned long a1);

/* Run v on this hart (loads its p2m and VS state); no return. */
void vcpu_run(struct vcpu *v) __attribute__((__noreturn__));

/* The running vCPU stops for good (its domain died); this hart idles. */
void vcpu_stop_current(void) __attribute__((__noreturn__));

/*
 * The running vCPU stopped itself (SBI HSM hart_stop, state already
 * VCPU_HSM_STOPPED): the hart drops its guest state and goes back to
 * cpu_idle_loop(), where a later hart_start finds it.
 */
void vcpu_park_current(void) __attribute__((__noreturn__));

/* Called by a CPU's idle loop for a vCPU hart_start asked it to run. */
/* Returns (to the idle loop) only if v's domain is being destroyed. */
void vcpu_start_here(struct vcpu *v);

/* Deliver pending SBI IPIs to the running vCPU (on an HS soft IRQ). */
void vcpu_take_kick(struct vcpu *v);

/* One vCPU per hart, no scheduler: vCPU i runs on logical CPU i. */
#define vcpu_home_cpu(v) ((v)->domain->arch.first_cpu + (v)->vcpu_id)

#endif /* ASM__RISCV__DOMAIN_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
