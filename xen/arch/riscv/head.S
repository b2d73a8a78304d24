/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry points.  The firmware (OpenSBI) enters _start in S-mode on one
 * hart, whichever won its boot lottery, with a0 = hart id and a1 = DTB
 * address; satp is Bare and stays so (the hypervisor runs on physical
 * addresses).  Other harts are started later through SBI HSM at
 * secondary_start with a1 = their logical CPU number.
 */

#include <asm/current.h>
#include <asm/processor.h>

    .section .text.header, "ax", %progbits
    .globl _start
_start:
    /* No interrupts and no trap vector until trap_init(). */
    csrw    sie, zero
    csrw    sscratch, zero
    mv      s0, a0
    mv      s1, a1

    /*
     * Only one hart may boot: the firmware sometimes lets more than one
     * through here (seen with OpenSBI 1.1 fw_dynamic on QEMU, about one
     * boot in ten), and a second one would clear .bss under the first.
     * A loser hands itself back to the firmware with SBI HSM hart_stop,
     * so that the winner can start it properly later.
     */
    la      t0, boot_lottery
    li      t1, 1
    amoswap.w t1, t1, (t0)
    beqz    t1, 5f
    li      a7, 0x48534d        /* HSM */
    li      a6, 1               /* hart_stop */
    ecall
6:  wfi
    j       6b
5:

    /* Clear .bss (the boot stack and pcpu_info live there). */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    /* CPU0's per-hart data and stack. */
    la      tp, pcpu_info
    la      sp, cpu_stacks + STACK_SIZE
    sd      sp, PCPU_STACK_TOP(tp)
    sd      s0, PCPU_HARTID(tp)

    mv      a0, s0
    mv      a1, s1
    call    start_xen
    /* start_xen() does not return. */
3:  wfi
    j       3b

    /* In .data: clearing .bss must not reset it. */
    .section .data, "aw", %progbits
    .balign 4
boot_lottery:
    .word   0

/*
 * a0 = hart id, a1 = logical CPU (the HSM opaque argument).  The boot
 * hart filled in pcpu_info[cpu] (stack included) before starting us.
 */
    .section .text, "ax", %progbits
    .balign 4
    .globl secondary_start
secondary_start:
    csrw    sie, zero
    csrw    sscratch, zero
    la      tp, pcpu_info
    slli    t0, a1, PCPU_SHIFT
    add     tp, tp, t0
    ld      sp, PCPU_STACK_TOP(tp)
    mv      a0, a1
    call    start_secondary
4:  wfi
    j       4b

/*
 * Local variables:
 * mode: ASM
 * indent-tabs-mode: nil
 * End:
 */
