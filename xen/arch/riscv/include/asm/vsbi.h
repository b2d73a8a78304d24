/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__VSBI_H
#define ASM__RISCV__VSBI_H

struct cpu_user_regs;

/*
 * Handle an ecall from VS-mode (scause 10) of the current vCPU, whose
 * saved registers are regs: a7 = extension, a6 = function, a0 .. a5 =
 * arguments.  Emulates the SBI extensions a guest needs (Base, legacy
 * console, TIME, IPI, RFENCE, HSM, SRST) and routes XEN_HYPERCALL_SBI_EID
 * to the hypercall dispatcher.  Sets the results in regs (a0 = error,
 * a1 = value for SBI calls; a0 only for hypercalls and legacy calls) and
 * steps regs->sepc past the ecall, except for a preempted hypercall, which
 * the guest re-executes.  May not return when the call shuts the domain
 * down.
 */
void vsbi_handle_ecall(struct cpu_user_regs *regs);

#endif /* ASM__RISCV__VSBI_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
