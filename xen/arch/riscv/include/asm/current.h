/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__CURRENT_H
#define ASM__RISCV__CURRENT_H

/*
 * Per-hart state.  While the hypervisor runs, tp points to this hart's
 * struct pcpu_info and sscratch is 0; while a guest runs, sscratch points
 * to it (and tp belongs to the guest).  The trap entry tells the two
 * cases apart by swapping tp and sscratch (entry.S).
 */

/* Offsets used by entry.S and head.S; checked against the C layout. */
#define PCPU_GUEST_REGS 0
#define PCPU_STACK_TOP  8
#define PCPU_SCRATCH    16
#define PCPU_CURRENT    24
#define PCPU_CPU        32
#define PCPU_HARTID     40
#define PCPU_SIZE       64
#define PCPU_SHIFT      6

/* Per-hart hypervisor stack. */
#define STACK_ORDER 2
#define STACK_SIZE  (4096 << STACK_ORDER)

#ifndef __ASSEMBLY__

#include <xen/types.h>

struct vcpu;
struct cpu_user_regs;

struct pcpu_info {
    /* Where the trap entry saves a guest's registers: current->regs. */
    struct cpu_user_regs *guest_regs;
    /* Top of this hart's stack; a trap from a guest starts there. */
    unsigned long stack_top;
    /* A spill slot for the trap entry. */
    unsigned long scratch;
    /* The vCPU this hart runs, or NULL while it idles. */
    struct vcpu *curr_vcpu;
    /* Logical CPU number (0 = the boot hart) and hart id. */
    unsigned int cpu;
    unsigned long hartid;
} __attribute__((__aligned__(PCPU_SIZE)));

extern struct pcpu_info pcpu_info[CONFIG_NR_CPUS];

static inline struct pcpu_info *this_pcpu(void)
{
    struct pcpu_info *p;

    asm ( "mv %0, tp" : "=r" (p) );

    return p;
}

/* The vCPU running on this hart (NULL before the first guest entry). */
#define current (this_pcpu()->curr_vcpu)

static inline void set_current(struct vcpu *v)
{
    this_pcpu()->curr_vcpu = v;
}

/* Logical CPU of the calling hart (0 = the boot hart). */
static inline unsigned int smp_processor_id(void)
{
    return this_pcpu()->cpu;
}

#endif /* __ASSEMBLY__ */

#endif /* ASM__RISCV__CURRENT_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
