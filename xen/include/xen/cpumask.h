/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__CPUMASK_H
#define XEN__CPUMASK_H

#include <xen/types.h>

/*
 * A set of logical CPU numbers (0 .. CONFIG_NR_CPUS - 1).  Logical CPU 0
 * is the boot hart; the hart id of each CPU is cpuid_to_hartid().
 */
#define BITS_PER_LONG (sizeof(unsigned long) * 8)
#define CPUMASK_LONGS ((CONFIG_NR_CPUS + BITS_PER_LONG - 1) / BITS_PER_LONG)

typedef struct {
    unsigned long bits[CPUMASK_LONGS];
} cpumask_t;

static inline void cpumask_clear(cpumask_t *m)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        m->bits[i] = 0;
}

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_or(&m->bits[cpu / BITS_PER_LONG],
                      1UL << (cpu % BITS_PER_LONG), __ATOMIC_RELAXED);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_and(&m->bits[cpu / BITS_PER_LONG],
                       ~(1UL << (cpu % BITS_PER_LONG)), __ATOMIC_RELAXED);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
    return (m->bits[cpu / BITS_PER_LONG] >> (cpu % BITS_PER_LONG)) & 1;
}

static inline bool cpumask_empty(const cpumask_t *m)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        if ( m->bits[i] )
            return false;
    return true;
}

static inline void cpumask_copy(cpumask_t *dst, const cpumask_t *src)
{
    *dst = *src;
}

static inline void cpumask_or(cpumask_t *dst, const cpumask_t *a,
                              const cpumask_t *b)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        dst->bits[i] = a->bits[i] | b->bits[i];
}

static inline void cpumask_andnot(cpumask_t *dst, const cpumask_t *a,
                                  const cpumask_t *b)
{
    for ( unsigned int i = 0; i < CPUMASK_LONGS; i++ )
        dst->bits[i] = a->bits[i] & ~b->bits[i];
}

#define for_each_cpu(cpu, m)                                                   \
    for ( (cpu) = 0; (cpu) < CONFIG_NR_CPUS; (cpu)++ )                         \
        if ( cpumask_test_cpu(cpu, m) )

#endif /* XEN__CPUMASK_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
