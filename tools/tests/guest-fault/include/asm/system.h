/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__SYSTEM_H
#define ASM__RISCV__SYSTEM_H

/*
 * Hosted version for the guest-fault test: asm/p2m.h only needs these to
 * be declared; the decision functions under test use none of them.
 */
#include <xen/types.h>

#define smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define barrier() __asm__ __volatile__ ( "" ::: "memory" )

static inline uint64_t read_atomic64(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void write_atomic64(uint64_t *p, uint64_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
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
