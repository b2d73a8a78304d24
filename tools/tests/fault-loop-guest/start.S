/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest whose trap handler returns to the faulting instruction without
 * fixing anything: the bug that makes a real guest spin silently.  It
 * loads from an unmapped GPA, counts the access faults the hypervisor
 * reflects, and after LOOPS of them powers off (SBI SRST), so that the
 * smoke test can check that a debug hypervisor named the loop.
 */

#define LOOPS           20000
#define UNMAPPED_GPA    0x1000
#define SBI_EXT_SRST    0x53525354

    .section .text
    .global _start
_start:
    la      t0, handler
    csrw    stvec, t0
    li      s0, 0
    li      s1, LOOPS
    li      t1, UNMAPPED_GPA
1:  ld      t2, 0(t1)           /* faults, and faults again after sret */
    j       1b

    .balign 4
handler:
    addi    s0, s0, 1
    bgeu    s0, s1, done
    sret                        /* back to the load, sepc unchanged */

done:
    li      a7, SBI_EXT_SRST
    li      a6, 0               /* system_reset */
    li      a0, 0               /* shutdown */
    li      a1, 0               /* no reason */
    ecall
2:  wfi
    j       2b
