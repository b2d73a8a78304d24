/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__PROCESSOR_H
#define ASM__RISCV__PROCESSOR_H

/*
 * Offsets into struct cpu_user_regs for the trap entry (entry.S): register
 * xN is at N * 8, then sepc, sstatus and hstatus.  The frame the entry
 * pushes for a trap taken in HS-mode is rounded up to keep sp 16-byte
 * aligned.  BUILD_BUG_ON()s in traps.c tie these to the structure.
 */
#define CPU_USER_REGS_X(n)    ((n)*8)
#define CPU_USER_REGS_SEPC    (32 * 8)
#define CPU_USER_REGS_SSTATUS (33 * 8)
#define CPU_USER_REGS_HSTATUS (34 * 8)
#define CPU_USER_REGS_SIZE    (35 * 8)
#define CPU_USER_REGS_FRAME   (36 * 8)

#ifndef __ASSEMBLY__

/*
 * Registers of the interrupted context, saved on trap entry.  For a trap
 * from the guest these are the vCPU's registers; the trap handler may edit
 * them (a0/a1 for ecall results, sepc to skip or rewind an instruction).
 */
struct cpu_user_regs {
    unsigned long zero;
    unsigned long ra;
    unsigned long sp;
    unsigned long gp;
    unsigned long tp;
    unsigned long t0;
    unsigned long t1;
    unsigned long t2;
    unsigned long s0;
    unsigned long s1;
    unsigned long a0;
    unsigned long a1;
    unsigned long a2;
    unsigned long a3;
    unsigned long a4;
    unsigned long a5;
    unsigned long a6;
    unsigned long a7;
    unsigned long s2;
    unsigned long s3;
    unsigned long s4;
    unsigned long s5;
    unsigned long s6;
    unsigned long s7;
    unsigned long s8;
    unsigned long s9;
    unsigned long s10;
    unsigned long s11;
    unsigned long t3;
    unsigned long t4;
    unsigned long t5;
    unsigned long t6;
    unsigned long sepc;
    unsigned long sstatus;
    unsigned long hstatus;
};

/* Stop this hart for good (interrupts off, wfi forever). */
void cpu_halt(void) __attribute__((__noreturn__));

#endif /* __ASSEMBLY__ */

#endif /* ASM__RISCV__PROCESSOR_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
