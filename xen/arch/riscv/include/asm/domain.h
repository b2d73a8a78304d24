/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__DOMAIN_H
#define ASM__RISCV__DOMAIN_H

#include <asm/p2m.h>
#include <asm/processor.h>

struct arch_domain {
    struct p2m_domain p2m;
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

    /* Guest-page faults found spurious in a row at one page (traps.c). */
    unsigned long last_fault_gpa;
    unsigned int nr_spurious_faults;
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

#endif /* ASM__RISCV__DOMAIN_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
