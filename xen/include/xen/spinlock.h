/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__SPINLOCK_H
#define XEN__SPINLOCK_H

#include <xen/types.h>

/*
 * Locks built on the compiler's __atomic builtins, which map to AMOs and
 * LR/SC on riscv64 and work unchanged in the hosted harness.
 */
typedef struct {
    unsigned int locked;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED                                                     \
    {                                                                          \
        0                                                                      \
    }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->locked = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    while ( __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) )
        while ( __atomic_load_n(&l->locked, __ATOMIC_RELAXED) )
            ;
}

static inline bool spin_trylock(spinlock_t *l)
{
    return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return __atomic_load_n(&l->locked, __ATOMIC_RELAXED);
}

#endif /* XEN__SPINLOCK_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
