/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__SMP_H
#define ASM__RISCV__SMP_H

#include <xen/cpumask.h>
#include <xen/types.h>
#include <asm/current.h>

/* Hart id of a logical CPU; ~0UL if the CPU does not exist. */
unsigned long cpuid_to_hartid(unsigned int cpu);

/* Logical CPU of a hart id; -1 if the hart is not one of ours. */
int hartid_to_cpuid(unsigned long hartid);

/* CPUs that exist (found in the DTB) and those that are up. */
extern cpumask_t cpu_present_map;
extern cpumask_t cpu_online_map;
extern unsigned int nr_cpu_ids;

/* Start every present secondary hart through SBI HSM; wait for them. */
void smp_bring_up_secondaries(void);

struct vcpu;

/*
 * Where a CPU waits while it runs no vCPU: with interrupts off, in wfi,
 * woken by an SBI IPI; it runs the vCPU that smp_start_vcpu() hands it.
 */
void cpu_idle_loop(void) __attribute__((__noreturn__));

/* Ask idle CPU cpu to run v (vcpu_start_here()); kicks it. */
void smp_start_vcpu(unsigned int cpu, struct vcpu *v);

/* Reload sp with this hart's stack top and call fn (entry.S). */
void reset_stack_and_call(void (*fn)(void)) __attribute__((__noreturn__));

#endif /* ASM__RISCV__SMP_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
