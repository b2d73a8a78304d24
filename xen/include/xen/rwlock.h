/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__RWLOCK_H
#define XEN__RWLOCK_H

#include <xen/types.h>

/*
 * A writer-preferring reader/writer lock: bit 31 of cnts is the writer,
 * the low bits count readers.
 */
typedef struct {
    unsigned int cnts;
} rwlock_t;

#define RW_WRITER_BIT 0x80000000U

static inline void rwlock_init(rwlock_t *l)
{
    l->cnts = 0;
}

static inline void read_lock(rwlock_t *l)
{
    for ( ; ; )
    {
        unsigned int c = __atomic_load_n(&l->cnts, __ATOMIC_RELAXED);

        if ( !(c & RW_WRITER_BIT) &&
             __atomic_compare_exchange_n(&l->cnts, &c, c + 1, false,
                                         __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) )
            return;
    }
}

static inline void read_unlock(rwlock_t *l)
{
    __atomic_fetch_sub(&l->cnts, 1, __ATOMIC_RELEASE);
}

static inline void write_lock(rwlock_t *l)
{
    for ( ; ; )
    {
        unsigned int c = 0;

        if ( __atomic_compare_exchange_n(&l->cnts, &c, RW_WRITER_BIT, false,
                                         __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) )
            return;
    }
}

static inline void write_unlock(rwlock_t *l)
{
    __atomic_store_n(&l->cnts, 0, __ATOMIC_RELEASE);
}

static inline bool rw_is_write_locked(const rwlock_t *l)
{
    return __atomic_load_n(&l->cnts, __ATOMIC_RELAXED) & RW_WRITER_BIT;
}

static inline bool rw_is_locked(const rwlock_t *l)
{
    return __atomic_load_n(&l->cnts, __ATOMIC_RELAXED) != 0;
}

#endif /* XEN__RWLOCK_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
