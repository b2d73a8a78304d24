/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry point and trap vector of the SMP test guest.  Every vCPU enters
 * at _start in VS-mode with vsatp = 0 and interrupts off: vCPU0 at boot
 * (a0 = 0, a1 = DTB), the others through SBI HSM hart_start (a0 = vCPU
 * id, a1 = opaque).  Each vCPU has its own stack; vCPU0 clears .bss
 * first, before anyone else can run.
 */

#define STACK_SHIFT     14
#define FRAME_SIZE      (18 * 8)

        .section .text.entry, "ax", %progbits
        .globl  _start
_start:
        bnez    a0, 2f
        la      t0, __bss_start
        la      t1, __bss_end
1:      bgeu    t0, t1, 2f
        sd      zero, 0(t0)
        addi    t0, t0, 8
        j       1b
2:
        /* vCPU ids are small (the DTB lists them): stack a0 + 1 ends here. */
        la      sp, stacks
        addi    t0, a0, 1
        slli    t0, t0, STACK_SHIFT
        add     sp, sp, t0
        /* trap_handler() tells the vCPUs apart by tp. */
        mv      tp, a0
        la      t0, trap_entry
        csrw    stvec, t0
        call    guest_main
3:      wfi
        j       3b

/* Caller-saved registers only: trap_handler() is a C function. */
        .text
        .balign 4
trap_entry:
        addi    sp, sp, -FRAME_SIZE
        sd      ra, 0(sp)
        sd      t0, 8(sp)
        sd      t1, 16(sp)
        sd      t2, 24(sp)
        sd      t3, 32(sp)
        sd      t4, 40(sp)
        sd      t5, 48(sp)
        sd      t6, 56(sp)
        sd      a0, 64(sp)
        sd      a1, 72(sp)
        sd      a2, 80(sp)
        sd      a3, 88(sp)
        sd      a4, 96(sp)
        sd      a5, 104(sp)
        sd      a6, 112(sp)
        sd      a7, 120(sp)
        call    trap_handler
        ld      ra, 0(sp)
        ld      t0, 8(sp)
        ld      t1, 16(sp)
        ld      t2, 24(sp)
        ld      t3, 32(sp)
        ld      t4, 40(sp)
        ld      t5, 48(sp)
        ld      t6, 56(sp)
        ld      a0, 64(sp)
        ld      a1, 72(sp)
        ld      a2, 80(sp)
        ld      a3, 88(sp)
        ld      a4, 96(sp)
        ld      a5, 104(sp)
        ld      a6, 112(sp)
        ld      a7, 120(sp)
        addi    sp, sp, FRAME_SIZE
        sret

        .section .bss
        .balign 16
stacks:
        .space  (1 << STACK_SHIFT) * 8

/*
 * Local variables:
 * mode: ASM
 * indent-tabs-mode: nil
 * End:
 */
