/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark environment: plain 8-byte stores, as the hypervisor does; with
 * BENCH_COUNT every PTE store is also counted.
 */
#ifndef BENCH_ASM_SYSTEM_H
#define BENCH_ASM_SYSTEM_H

#include <xen/types.h>

#define smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define barrier() asm volatile ( "" ::: "memory" )

extern unsigned long bench_pte_writes;

static inline uint64_t read_atomic64(const uint64_t *p)
{
    return *(const volatile uint64_t *)p;
}

static inline void write_atomic64(uint64_t *p, uint64_t v)
{
#ifdef BENCH_COUNT
    bench_pte_writes++;
#endif
    *(volatile uint64_t *)p = v;
}

static inline void cpu_relax(void)
{
}

#endif /* BENCH_ASM_SYSTEM_H */
