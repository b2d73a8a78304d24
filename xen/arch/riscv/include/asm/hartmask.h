/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__HARTMASK_H
#define ASM__RISCV__HARTMASK_H

#include <xen/cpumask.h>
#include <xen/types.h>

/*
 * SBI calls that act on other harts name them with a mask and a base hart
 * id: bit i selects hart base + i (SBI, "Binary Encoding").  Hart ids need
 * not be dense or in the order of logical CPUs, so a set of CPUs may take
 * several (mask, base) groups.  Plain C (no SBI call in here), so that
 * tools/tests/hartmask can check it.
 */

/*
 * The next group for the CPUs of mask that are in online and are not
 * self, starting the scan at logical CPU *pos (0 for the first call).
 * Each CPU is named exactly once over all groups.  Returns false when no
 * CPU is left; otherwise *bits (non-zero) and *base describe the group
 * and *pos is where the next call resumes.
 */
static inline bool hartmask_next_group(const cpumask_t *mask,
                                       const cpumask_t *online,
                                       unsigned int self,
                                       unsigned long (*hartid_of)(unsigned int),
                                       unsigned int *pos, unsigned long *bits,
                                       unsigned long *base)
{
    unsigned int cpu;

    *bits = 0;
    *base = 0;

    for ( cpu = *pos; cpu < CONFIG_NR_CPUS; cpu++ )
    {
        unsigned long hartid;

        if ( !cpumask_test_cpu(cpu, mask) || cpu == self ||
             !cpumask_test_cpu(cpu, online) )
            continue;
        hartid = hartid_of(cpu);

        /* Outside this group's window: it starts the next group. */
        if ( *bits && (hartid < *base || hartid - *base >= BITS_PER_LONG) )
            break;
        if ( !*bits )
            *base = hartid;
        *bits |= 1UL << (hartid - *base);
    }

    *pos = cpu;

    return *bits != 0;
}

#endif /* ASM__RISCV__HARTMASK_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
