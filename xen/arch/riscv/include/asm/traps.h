/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__TRAPS_H
#define ASM__RISCV__TRAPS_H

#include <xen/types.h>
#include <asm/processor.h>

/* Trap entry (entry.S) and the C handlers it calls. */
void handle_trap(void);
void do_trap_hypervisor(struct cpu_user_regs *regs);
void do_trap_guest(struct cpu_user_regs *regs);

/* Load regs into the hart and sret to the guest (entry.S). */
void continue_to_guest(struct cpu_user_regs *regs)
    __attribute__((__noreturn__));

/*
 * Provided by the exception-table code (guestcopy.c): for a fault in the
 * hypervisor on a guest handle, points regs->sepc at the fixup and
 * returns true.  (Guest SBI calls go to vsbi_handle_ecall(), asm/vsbi.h.)
 */
bool fixup_exception(struct cpu_user_regs *regs);

/*
 * Deliver an exception to the current vCPU as if the hardware had taken
 * it into VS-mode: vsepc/vscause/vstval/vsstatus are updated and the
 * vCPU resumes at its vstvec.  Crashes the domain (and returns false)
 * when the guest has no trap vector.
 */
bool inject_guest_exception(struct cpu_user_regs *regs, unsigned long cause,
                            unsigned long tval);

void show_registers(const struct cpu_user_regs *regs);

#endif /* ASM__RISCV__TRAPS_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
