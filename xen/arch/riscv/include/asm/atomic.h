/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__ATOMIC_H
#define ASM__RISCV__ATOMIC_H

#include <xen/types.h>
#include <asm/system.h>

/*
 * Xen's read_atomic() and write_atomic(): one single-copy-atomic access to
 * a naturally aligned object.  Only 8-byte objects (PTEs) need them here;
 * they go through read_atomic64()/write_atomic64(), which the hosted
 * harness replaces to observe every PTE store.
 */
#define read_atomic(p)                                                         \
    ({                                                                         \
        _Static_assert(sizeof(*(p)) == 8, "read_atomic: 8 bytes only");        \
        (typeof(*(p)))read_atomic64((const uint64_t *)(p));                    \
    })

#define write_atomic(p, x)                                                     \
    do                                                                         \
    {                                                                          \
        _Static_assert(sizeof(*(p)) == 8, "write_atomic: 8 bytes only");       \
        write_atomic64((uint64_t *)(p), (uint64_t)(x));                        \
    } while ( 0 )

#endif /* ASM__RISCV__ATOMIC_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
