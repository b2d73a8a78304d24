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

#endif /* ASM__RISCV__SMP_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
