/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap entry and guest entry.
 *
 * sscratch tells where a trap came from: it is 0 while the hypervisor
 * runs and points to this hart's struct pcpu_info while a guest runs.
 * Swapping it with tp on entry therefore gives either this hart's
 * pcpu_info (from a guest: tp was the guest's, now parked in sscratch) or
 * 0 (from the hypervisor: swap back, tp was already ours).
 *
 * A guest's registers are saved straight into its vCPU's struct
 * cpu_user_regs (pcpu_info.guest_regs) and the handler runs on the top of
 * this hart's stack; a trap taken in HS-mode pushes a frame on the
 * current stack.  Either way the C handler gets the frame in a0, may edit
 * it, and returns to what the frame says.
 */

#include <asm/current.h>
#include <asm/processor.h>

#define R(n)    CPU_USER_REGS_X(n)

/* Every register except x0, sp (x2), tp (x4) and t0 (x5), from/to base. */
.macro save_gprs base
    sd      x1, R(1)(\base)
    sd      x3, R(3)(\base)
    .irp n, 6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,\
            28,29,30,31
    sd      x\n, R(\n)(\base)
    .endr
.endm

.macro restore_gprs base
    ld      x1, R(1)(\base)
    ld      x3, R(3)(\base)
    .irp n, 6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,\
            28,29,30,31
    ld      x\n, R(\n)(\base)
    .endr
.endm

    .section .text, "ax", %progbits
    .balign 4
    .globl handle_trap
handle_trap:
    csrrw   tp, sscratch, tp
    bnez    tp, .Lfrom_guest

    /* From the hypervisor: sscratch held 0.  Restore tp, keep 0 there. */
    csrrw   tp, sscratch, tp
    addi    sp, sp, -CPU_USER_REGS_FRAME
    sd      t0, R(5)(sp)
    save_gprs sp
    sd      tp, R(4)(sp)
    addi    t0, sp, CPU_USER_REGS_FRAME
    sd      t0, R(2)(sp)
    sd      zero, R(0)(sp)
    csrr    t0, sepc
    sd      t0, CPU_USER_REGS_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, CPU_USER_REGS_SSTATUS(sp)
    csrr    t0, hstatus
    sd      t0, CPU_USER_REGS_HSTATUS(sp)

    mv      a0, sp
    call    do_trap_hypervisor

    /* The handler may have moved sepc (an exception-table fixup). */
    ld      t0, CPU_USER_REGS_SEPC(sp)
    csrw    sepc, t0
    ld      t0, CPU_USER_REGS_SSTATUS(sp)
    csrw    sstatus, t0
    ld      t0, CPU_USER_REGS_HSTATUS(sp)
    csrw    hstatus, t0
    restore_gprs sp
    ld      t0, R(5)(sp)
    ld      sp, R(2)(sp)
    sret

.Lfrom_guest:
    /* tp = this hart's pcpu_info; sscratch = the guest's tp. */
    sd      t0, PCPU_SCRATCH(tp)
    ld      t0, PCPU_GUEST_REGS(tp)
    save_gprs t0
    sd      sp, R(2)(t0)
    ld      t1, PCPU_SCRATCH(tp)
    sd      t1, R(5)(t0)
    /* Back to "hypervisor running": sscratch = 0. */
    csrrw   t1, sscratch, zero
    sd      t1, R(4)(t0)
    csrr    t1, sepc
    sd      t1, CPU_USER_REGS_SEPC(t0)
    csrr    t1, sstatus
    sd      t1, CPU_USER_REGS_SSTATUS(t0)
    csrr    t1, hstatus
    sd      t1, CPU_USER_REGS_HSTATUS(t0)

    ld      sp, PCPU_STACK_TOP(tp)
    mv      a0, t0
    call    do_trap_guest
    /* fall through */

/*
 * Enter (or resume) the vCPU whose registers pcpu_info.guest_regs points
 * to.  Interrupts stay off in HS-mode throughout (sstatus.SIE = 0), so
 * nothing can trap between setting sscratch and sret.
 */
    .globl return_to_guest
return_to_guest:
    ld      t0, PCPU_GUEST_REGS(tp)
    ld      t1, CPU_USER_REGS_SEPC(t0)
    csrw    sepc, t1
    ld      t1, CPU_USER_REGS_SSTATUS(t0)
    csrw    sstatus, t1
    ld      t1, CPU_USER_REGS_HSTATUS(t0)
    csrw    hstatus, t1
    csrw    sscratch, tp
    restore_gprs t0
    ld      sp, R(2)(t0)
    ld      tp, R(4)(t0)
    ld      t0, R(5)(t0)
    sret

/* void continue_to_guest(struct cpu_user_regs *regs): no return. */
    .globl continue_to_guest
continue_to_guest:
    sd      a0, PCPU_GUEST_REGS(tp)
    ld      sp, PCPU_STACK_TOP(tp)
    j       return_to_guest

/* void reset_stack_and_call(void (*fn)(void)): no return. */
    .globl reset_stack_and_call
reset_stack_and_call:
    ld      sp, PCPU_STACK_TOP(tp)
    jr      a0

/*
 * Local variables:
 * mode: ASM
 * indent-tabs-mode: nil
 * End:
 */
