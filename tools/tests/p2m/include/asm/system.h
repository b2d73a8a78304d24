/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__SYSTEM_H
#define ASM__RISCV__SYSTEM_H

/*
 * Hosted harness version.  Every 8-byte store goes through the model
 * (model.c), which sees each PTE write as it happens: it checks that live
 * entries change only by whole-entry stores, that a table is complete
 * before it is published, and lets the adversarial TLB walk between
 * stores.  Write barriers are recorded so that publication order can be
 * checked.
 */
#include <xen/types.h>

void harness_barrier(unsigned int kind);
void harness_write64(uint64_t *p, uint64_t v);

#define HARNESS_BARRIER_R  1U
#define HARNESS_BARRIER_W  2U
#define HARNESS_BARRIER_RW 3U

#define smp_mb()  harness_barrier(HARNESS_BARRIER_RW)
#define smp_rmb() harness_barrier(HARNESS_BARRIER_R)
#define smp_wmb() harness_barrier(HARNESS_BARRIER_W)
#define barrier() __asm__ __volatile__ ( "" ::: "memory" )

static inline uint64_t read_atomic64(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void write_atomic64(uint64_t *p, uint64_t v)
{
    harness_write64(p, v);
}

static inline void cpu_relax(void)
{
}

#endif /* ASM__RISCV__SYSTEM_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
