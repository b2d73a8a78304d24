/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__SYSTEM_H
#define ASM__RISCV__SYSTEM_H

#include <xen/types.h>

/*
 * Barriers and single-copy-atomic accesses.  The hosted harness provides
 * its own version of this header (so it can observe every PTE store).
 */
#define smp_mb()  asm volatile ( "fence rw, rw" ::: "memory" )
#define smp_rmb() asm volatile ( "fence r, r" ::: "memory" )
#define smp_wmb() asm volatile ( "fence w, w" ::: "memory" )
#define barrier() asm volatile ( "" ::: "memory" )

/* One naturally aligned 8-byte load or store (RVWMO single-copy atomic). */
static inline uint64_t read_atomic64(const uint64_t *p)
{
    return *(const volatile uint64_t *)p;
}

static inline void write_atomic64(uint64_t *p, uint64_t v)
{
    *(volatile uint64_t *)p = v;
}

static inline void cpu_relax(void)
{
    /* pause (Zihintpause), a hint: a plain fence encoding on older harts. */
    asm volatile ( ".insn i 0x0f, 0, x0, x0, 0x010" );
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
