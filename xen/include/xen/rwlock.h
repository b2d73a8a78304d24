/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__RWLOCK_H
#define XEN__RWLOCK_H

#include <xen/types.h>
#include <asm/system.h>

/*
 * A writer-preferring reader/writer lock in one word:
 *
 *   bit 31      a writer holds the lock
 *   bits 30:16  writers waiting for it
 *   bits 15:0   readers holding it
 *
 * A writer first announces itself in the waiting count, and from then on
 * no new reader gets in; readers already inside finish, and the writer
 * takes the lock when the last of them leaves.  Guest-driven readers (the
 * guest-page-fault path, vSBI) therefore cannot starve an update.
 *
 * The price of writer preference: a CPU must never take a read lock it
 * already holds.  The inner read_lock() would wait behind a waiting
 * writer, which waits for the outer read lock to be dropped.  Writers do
 * not queue among themselves: whichever waiting writer sees the lock free
 * first takes it.
 *
 * A CPU holds a given lock at most once, so the reader and waiter counts
 * are bounded by the number of CPUs.
 */
typedef struct {
    unsigned int cnts;
} rwlock_t;

#define RW_WRITER_BIT  0x80000000U
#define RW_WAITER_ONE  0x00010000U
#define RW_WAITER_MASK 0x7fff0000U
#define RW_READER_MASK 0x0000ffffU

static inline void rwlock_init(rwlock_t *l)
{
    l->cnts = 0;
}

static inline void read_lock(rwlock_t *l)
{
    for ( ; ; )
    {
        unsigned int c = __atomic_load_n(&l->cnts, __ATOMIC_RELAXED);

        /* Neither a writer inside nor one waiting: join the readers. */
        if ( !(c & (RW_WRITER_BIT | RW_WAITER_MASK)) &&
             __atomic_compare_exchange_n(&l->cnts, &c, c + 1U, false,
                                         __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) )
            return;
        cpu_relax();
    }
}

static inline void read_unlock(rwlock_t *l)
{
    __atomic_fetch_sub(&l->cnts, 1U, __ATOMIC_RELEASE);
}

static inline void write_lock(rwlock_t *l)
{
    /* From here on, new readers wait. */
    __atomic_fetch_add(&l->cnts, RW_WAITER_ONE, __ATOMIC_RELAXED);

    for ( ; ; )
    {
        unsigned int c = __atomic_load_n(&l->cnts, __ATOMIC_RELAXED);

        /* No reader or writer inside: stop waiting and hold it, at once. */
        if ( !(c & (RW_WRITER_BIT | RW_READER_MASK)) &&
             __atomic_compare_exchange_n(
                 &l->cnts, &c, c - RW_WAITER_ONE + RW_WRITER_BIT, false,
                 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) )
            return;
        cpu_relax();
    }
}

static inline void write_unlock(rwlock_t *l)
{
    /* Other writers may be waiting: clear our bit only. */
    __atomic_fetch_sub(&l->cnts, RW_WRITER_BIT, __ATOMIC_RELEASE);
}

static inline bool rw_is_write_locked(const rwlock_t *l)
{
    return __atomic_load_n(&l->cnts, __ATOMIC_RELAXED) & RW_WRITER_BIT;
}

/* Held by a writer or by readers; waiting writers do not count. */
static inline bool rw_is_locked(const rwlock_t *l)
{
    return __atomic_load_n(&l->cnts, __ATOMIC_RELAXED) &
           (RW_WRITER_BIT | RW_READER_MASK);
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
