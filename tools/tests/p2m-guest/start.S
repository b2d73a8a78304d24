/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry point, trap vector and the register-preservation probe of the
 * p2m test guest.
 *
 * Boot protocol (public/arch-riscv.h): entered in VS-mode at 0x80200000
 * with vsatp = 0 and interrupts off, a0 = vCPU id, a1 = GPA of the DTB.
 */

#define REG_SIZE        8
#define FRAME_SIZE      (34 * REG_SIZE)     /* x0..x31, sepc, padding */
#define FRAME_SEPC      (32 * REG_SIZE)

        .section .text.entry, "ax", %progbits
        .globl  _start
_start:
        /*
         * Only the first hart/vCPU to arrive runs the tests (under plain
         * OpenSBI the boot hart need not be hart 0); any other parks.
         */
        la      t0, boot_lottery
        li      t1, 1
        amoswap.w t1, t1, (t0)
        bnez    t1, park

        la      sp, stack_top

        la      t0, __bss_start
        la      t1, __bss_end
1:      bgeu    t0, t1, 2f
        sd      zero, 0(t0)
        addi    t0, t0, REG_SIZE
        j       1b
2:
        /* Direct mode: the vector must be 4-byte aligned, mode bits 0. */
        la      t0, trap_entry
        csrw    stvec, t0

        /* a0 (vCPU id) and a1 (DTB) are still as we were entered. */
        call    guest_main
park:
        wfi
        j       park

/*
 * Save every register, let trap_handler() look at (and change) the saved
 * sepc and registers, restore, return.  The guest runs on one stack in
 * S-mode only, so sp is always valid here.
 */
        .text
        .balign 4
        .globl  trap_entry
trap_entry:
        addi    sp, sp, -FRAME_SIZE
        sd      x1, 1 * REG_SIZE(sp)
        sd      x3, 3 * REG_SIZE(sp)
        sd      x4, 4 * REG_SIZE(sp)
        sd      x5, 5 * REG_SIZE(sp)
        sd      x6, 6 * REG_SIZE(sp)
        sd      x7, 7 * REG_SIZE(sp)
        sd      x8, 8 * REG_SIZE(sp)
        sd      x9, 9 * REG_SIZE(sp)
        sd      x10, 10 * REG_SIZE(sp)
        sd      x11, 11 * REG_SIZE(sp)
        sd      x12, 12 * REG_SIZE(sp)
        sd      x13, 13 * REG_SIZE(sp)
        sd      x14, 14 * REG_SIZE(sp)
        sd      x15, 15 * REG_SIZE(sp)
        sd      x16, 16 * REG_SIZE(sp)
        sd      x17, 17 * REG_SIZE(sp)
        sd      x18, 18 * REG_SIZE(sp)
        sd      x19, 19 * REG_SIZE(sp)
        sd      x20, 20 * REG_SIZE(sp)
        sd      x21, 21 * REG_SIZE(sp)
        sd      x22, 22 * REG_SIZE(sp)
        sd      x23, 23 * REG_SIZE(sp)
        sd      x24, 24 * REG_SIZE(sp)
        sd      x25, 25 * REG_SIZE(sp)
        sd      x26, 26 * REG_SIZE(sp)
        sd      x27, 27 * REG_SIZE(sp)
        sd      x28, 28 * REG_SIZE(sp)
        sd      x29, 29 * REG_SIZE(sp)
        sd      x30, 30 * REG_SIZE(sp)
        sd      x31, 31 * REG_SIZE(sp)
        addi    t0, sp, FRAME_SIZE
        sd      t0, 2 * REG_SIZE(sp)
        sd      zero, 0(sp)
        csrr    t0, sepc
        sd      t0, FRAME_SEPC(sp)

        mv      a0, sp
        call    trap_handler

        ld      t0, FRAME_SEPC(sp)
        csrw    sepc, t0
        ld      x1, 1 * REG_SIZE(sp)
        ld      x3, 3 * REG_SIZE(sp)
        ld      x4, 4 * REG_SIZE(sp)
        ld      x5, 5 * REG_SIZE(sp)
        ld      x6, 6 * REG_SIZE(sp)
        ld      x7, 7 * REG_SIZE(sp)
        ld      x8, 8 * REG_SIZE(sp)
        ld      x9, 9 * REG_SIZE(sp)
        ld      x10, 10 * REG_SIZE(sp)
        ld      x11, 11 * REG_SIZE(sp)
        ld      x12, 12 * REG_SIZE(sp)
        ld      x13, 13 * REG_SIZE(sp)
        ld      x14, 14 * REG_SIZE(sp)
        ld      x15, 15 * REG_SIZE(sp)
        ld      x16, 16 * REG_SIZE(sp)
        ld      x17, 17 * REG_SIZE(sp)
        ld      x18, 18 * REG_SIZE(sp)
        ld      x19, 19 * REG_SIZE(sp)
        ld      x20, 20 * REG_SIZE(sp)
        ld      x21, 21 * REG_SIZE(sp)
        ld      x22, 22 * REG_SIZE(sp)
        ld      x23, 23 * REG_SIZE(sp)
        ld      x24, 24 * REG_SIZE(sp)
        ld      x25, 25 * REG_SIZE(sp)
        ld      x26, 26 * REG_SIZE(sp)
        ld      x27, 27 * REG_SIZE(sp)
        ld      x28, 28 * REG_SIZE(sp)
        ld      x29, 29 * REG_SIZE(sp)
        ld      x30, 30 * REG_SIZE(sp)
        ld      x31, 31 * REG_SIZE(sp)
        addi    sp, sp, FRAME_SIZE
        sret

/*
 * void hypercall_regcheck(struct regcheck *rc)
 *
 * Load every register except sp from rc->in[] (a6 = hypercall number,
 * a7 = the hypercall EID, a0..a4 = arguments), ecall, and store every
 * register into rc->out[] (out[0] and out[2] read as 0).  The caller then
 * checks that only a0 changed: the ABI preserves all other registers,
 * also across a preempted call that the hypervisor rewinds.
 */
#define SAVE_SIZE       (16 * REG_SIZE)
#define OUT_AREA        (32 * REG_SIZE)

        .globl  hypercall_regcheck
hypercall_regcheck:
        addi    sp, sp, -SAVE_SIZE
        sd      ra, 0 * REG_SIZE(sp)
        sd      s0, 1 * REG_SIZE(sp)
        sd      s1, 2 * REG_SIZE(sp)
        sd      s2, 3 * REG_SIZE(sp)
        sd      s3, 4 * REG_SIZE(sp)
        sd      s4, 5 * REG_SIZE(sp)
        sd      s5, 6 * REG_SIZE(sp)
        sd      s6, 7 * REG_SIZE(sp)
        sd      s7, 8 * REG_SIZE(sp)
        sd      s8, 9 * REG_SIZE(sp)
        sd      s9, 10 * REG_SIZE(sp)
        sd      s10, 11 * REG_SIZE(sp)
        sd      s11, 12 * REG_SIZE(sp)
        sd      gp, 13 * REG_SIZE(sp)
        sd      tp, 14 * REG_SIZE(sp)
        sd      a0, 15 * REG_SIZE(sp)

        /* a0 is the base of the loads, so it is loaded last. */
        ld      x1, 1 * REG_SIZE(a0)
        ld      x3, 3 * REG_SIZE(a0)
        ld      x4, 4 * REG_SIZE(a0)
        ld      x5, 5 * REG_SIZE(a0)
        ld      x6, 6 * REG_SIZE(a0)
        ld      x7, 7 * REG_SIZE(a0)
        ld      x8, 8 * REG_SIZE(a0)
        ld      x9, 9 * REG_SIZE(a0)
        ld      x11, 11 * REG_SIZE(a0)
        ld      x12, 12 * REG_SIZE(a0)
        ld      x13, 13 * REG_SIZE(a0)
        ld      x14, 14 * REG_SIZE(a0)
        ld      x15, 15 * REG_SIZE(a0)
        ld      x16, 16 * REG_SIZE(a0)
        ld      x17, 17 * REG_SIZE(a0)
        ld      x18, 18 * REG_SIZE(a0)
        ld      x19, 19 * REG_SIZE(a0)
        ld      x20, 20 * REG_SIZE(a0)
        ld      x21, 21 * REG_SIZE(a0)
        ld      x22, 22 * REG_SIZE(a0)
        ld      x23, 23 * REG_SIZE(a0)
        ld      x24, 24 * REG_SIZE(a0)
        ld      x25, 25 * REG_SIZE(a0)
        ld      x26, 26 * REG_SIZE(a0)
        ld      x27, 27 * REG_SIZE(a0)
        ld      x28, 28 * REG_SIZE(a0)
        ld      x29, 29 * REG_SIZE(a0)
        ld      x30, 30 * REG_SIZE(a0)
        ld      x31, 31 * REG_SIZE(a0)
        ld      x10, 10 * REG_SIZE(a0)

        ecall

        addi    sp, sp, -OUT_AREA
        sd      zero, 0 * REG_SIZE(sp)
        sd      x1, 1 * REG_SIZE(sp)
        sd      zero, 2 * REG_SIZE(sp)
        sd      x3, 3 * REG_SIZE(sp)
        sd      x4, 4 * REG_SIZE(sp)
        sd      x5, 5 * REG_SIZE(sp)
        sd      x6, 6 * REG_SIZE(sp)
        sd      x7, 7 * REG_SIZE(sp)
        sd      x8, 8 * REG_SIZE(sp)
        sd      x9, 9 * REG_SIZE(sp)
        sd      x10, 10 * REG_SIZE(sp)
        sd      x11, 11 * REG_SIZE(sp)
        sd      x12, 12 * REG_SIZE(sp)
        sd      x13, 13 * REG_SIZE(sp)
        sd      x14, 14 * REG_SIZE(sp)
        sd      x15, 15 * REG_SIZE(sp)
        sd      x16, 16 * REG_SIZE(sp)
        sd      x17, 17 * REG_SIZE(sp)
        sd      x18, 18 * REG_SIZE(sp)
        sd      x19, 19 * REG_SIZE(sp)
        sd      x20, 20 * REG_SIZE(sp)
        sd      x21, 21 * REG_SIZE(sp)
        sd      x22, 22 * REG_SIZE(sp)
        sd      x23, 23 * REG_SIZE(sp)
        sd      x24, 24 * REG_SIZE(sp)
        sd      x25, 25 * REG_SIZE(sp)
        sd      x26, 26 * REG_SIZE(sp)
        sd      x27, 27 * REG_SIZE(sp)
        sd      x28, 28 * REG_SIZE(sp)
        sd      x29, 29 * REG_SIZE(sp)
        sd      x30, 30 * REG_SIZE(sp)
        sd      x31, 31 * REG_SIZE(sp)

        /* Copy the snapshot to rc->out[]. */
        ld      t0, OUT_AREA + 15 * REG_SIZE(sp)
        addi    t0, t0, 32 * REG_SIZE
        mv      t1, sp
        addi    t2, sp, OUT_AREA
3:      ld      t3, 0(t1)
        sd      t3, 0(t0)
        addi    t1, t1, REG_SIZE
        addi    t0, t0, REG_SIZE
        bltu    t1, t2, 3b
        addi    sp, sp, OUT_AREA

        ld      ra, 0 * REG_SIZE(sp)
        ld      s0, 1 * REG_SIZE(sp)
        ld      s1, 2 * REG_SIZE(sp)
        ld      s2, 3 * REG_SIZE(sp)
        ld      s3, 4 * REG_SIZE(sp)
        ld      s4, 5 * REG_SIZE(sp)
        ld      s5, 6 * REG_SIZE(sp)
        ld      s6, 7 * REG_SIZE(sp)
        ld      s7, 8 * REG_SIZE(sp)
        ld      s8, 9 * REG_SIZE(sp)
        ld      s9, 10 * REG_SIZE(sp)
        ld      s10, 11 * REG_SIZE(sp)
        ld      s11, 12 * REG_SIZE(sp)
        ld      gp, 13 * REG_SIZE(sp)
        ld      tp, 14 * REG_SIZE(sp)
        addi    sp, sp, SAVE_SIZE
        ret

        .data
        .balign 4
boot_lottery:
        .word   0

        .bss
        .balign 16
stack:
        .space  32768
stack_top:
