/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__P2M_H
#define ASM__RISCV__P2M_H

#include <xen/cpumask.h>
#include <xen/lib.h>
#include <xen/mem_access.h>
#include <xen/mm.h>
#include <xen/rwlock.h>
#include <xen/types.h>
#include <asm/page.h>

struct domain;
struct xen_domctl_createdomain;

/*
 * G-stage geometry (Priv. spec, H extension, "Guest Physical Address
 * Translation").  The x4 modes widen the root index by 2 bits: the root
 * has 2048 entries, is 16 KiB and must be 16 KiB aligned.  Other tables
 * are ordinary 4 KiB, 512-entry tables.
 */
#define P2M_ROOT_EXTRA_BITS 2
#define P2M_ROOT_ORDER      P2M_ROOT_EXTRA_BITS /* 4 pages */
#define P2M_ROOT_PAGES      BIT(P2M_ROOT_ORDER, U)
#define P2M_ROOT_ENTRIES    (PAGETABLE_ENTRIES << P2M_ROOT_EXTRA_BITS)
#define P2M_MAX_LEVELS      5 /* Sv57x4 */

/* Level of the root table of a p2m: 2 (Sv39x4), 3 (Sv48x4), 4 (Sv57x4). */
#define P2M_ROOT_LEVEL(p2m) ((p2m)->mode->paging_levels)

/* GPA width of a mode whose root is at root_level (41, 50 or 59 bits). */
#define P2M_GPA_BITS(root_level)                                               \
    (XEN_PT_LEVEL_SHIFT((root_level) + 1) + P2M_ROOT_EXTRA_BITS)

/*
 * A G-stage translation mode: the hgatp.MODE value, the level of the root
 * table and the name of the mode without its "x4".
 */
struct gstage_mode_desc {
    unsigned char mode;
    unsigned int paging_levels;
    char name[8];
};

/* The widest mode the hardware (and the configuration) allows. */
extern const struct gstage_mode_desc *max_gstage_mode;

/* The mode whose root is at root_level (2, 3 or 4), or NULL. */
const struct gstage_mode_desc *p2m_mode_of_level(unsigned int root_level);

/*
 * Types (what the frame is).  The first six are Xen's, with Xen's values;
 * p2m_ext_storage is only a marker there (the first type kept out of the
 * PTE's RSW bits) and is not a type a mapping can have.  What the guest may
 * do with a page is the type's rights intersected with its p2m_access_t.
 */
typedef enum {
    p2m_invalid = 0,    /* Nothing mapped here. */
    p2m_ram_rw,         /* Normal read/write guest RAM. */
    p2m_mmio_direct_io, /* Device MMIO, strongly ordered (PBMT=IO). */
    p2m_ext_storage,    /* Marker, never a mapping's type. */
    p2m_map_foreign_rw, /* RAM of another domain, read/write. */
    p2m_map_foreign_ro, /* RAM of another domain, read-only. */
    p2m_ram_ro,         /* Read-only guest RAM. */
    p2m_grant_map_rw,   /* Granted page, read/write. */
    p2m_grant_map_ro,   /* Granted page, read-only. */
    p2m_max_type,

    p2m_first_external = p2m_ext_storage,
} p2m_type_t;

/* Sets of types, as bitmasks. */
#define p2m_to_mask(t) BIT(t, UL)

#define P2M_RAM_TYPES (p2m_to_mask(p2m_ram_rw) | p2m_to_mask(p2m_ram_ro))
#define P2M_FOREIGN_TYPES                                                      \
    (p2m_to_mask(p2m_map_foreign_rw) | p2m_to_mask(p2m_map_foreign_ro))
#define P2M_GRANT_TYPES                                                        \
    (p2m_to_mask(p2m_grant_map_rw) | p2m_to_mask(p2m_grant_map_ro))

/* RAM of this domain. */
#define p2m_is_ram(t) (p2m_to_mask(t) & P2M_RAM_TYPES)
/* RAM of this domain, another's, or granted: a real machine frame. */
#define p2m_is_any_ram(t)                                                      \
    (p2m_to_mask(t) & (P2M_RAM_TYPES | P2M_FOREIGN_TYPES | P2M_GRANT_TYPES))
#define p2m_is_foreign(t) (p2m_to_mask(t) & P2M_FOREIGN_TYPES)

/* A type a mapping can have: one bit test, it is on every update's path. */
#define P2M_MAPPING_TYPES                                                      \
    ((p2m_to_mask(p2m_max_type) - 1) &                                         \
     ~(p2m_to_mask(p2m_invalid) | p2m_to_mask(p2m_ext_storage)))

static inline bool p2m_is_valid_type(p2m_type_t t)
{
    return (unsigned int)t < p2m_max_type && (P2M_MAPPING_TYPES >> t) & 1;
}

/*
 * What the guest may do with a page of type t and access a, as
 * p2m_access_r/w/x bits: exactly the rights p2m.c encodes into the PTE.
 */
unsigned int p2m_effective_perms(p2m_type_t t, p2m_access_t a);

/* Statistics (R12): kept up to date by every update, read under the lock. */
struct p2m_stats {
    unsigned long leaves[P2M_MAX_LEVELS]; /* present leaves per level */
    unsigned long tables;                 /* table pages, root excluded */
    unsigned long md_pages;               /* out-of-PTE type storage */
    unsigned long splits;                 /* superpages split (per level) */
    unsigned long merges;                 /* tables folded into a leaf */
    unsigned long fences_gpa;             /* local per-address fences */
    unsigned long fences_vmid;            /* local VMID-wide fences */
    unsigned long fences_remote;          /* SBI remote-fence requests */
    unsigned long flushes;                /* unlocks that flushed */
};

/*
 * Up to this many changed leaves are fenced one address at a time when the
 * write lock is dropped; more turn into one VMID-wide fence.
 */
#define P2M_FLUSH_GPA_THRESHOLD 32

/* Runs of foreign frames one locked operation collects before a flush. */
#define P2M_FOREIGN_PUT_RUNS 8

struct p2m_domain {
    /* Lookups take it for reading, every update for writing (R13). */
    rwlock_t lock;

    /* Table and metadata pages in use (from d->arch.paging's pool). */
    struct page_list_head pages;

    /* The root table: P2M_ROOT_PAGES pages, 16 KiB aligned. */
    struct page_info *root;

    /* The G-stage mode of this p2m (its GPA width). */
    const struct gstage_mode_desc *mode;

    struct domain *domain;

    /* hgatp value for this p2m (mode, VMID, root), see p2m_set_vmid(). */
    uint64_t hgatp;
    unsigned int vmid;

    /*
     * Pages unlinked by the current locked operation.  A hart may still
     * hold translations through them, so they go back to the pool only
     * after the flush in p2m_write_unlock().
     */
    struct page_list_head deferred_free;

    /* Deferred TLB maintenance for the current locked operation (R8). */
    bool flush_vmid; /* a non-leaf entry changed */
    unsigned int flush_nr_gpa;
    paddr_t flush_gpa[P2M_FLUSH_GPA_THRESHOLD];

    /*
     * Logical CPUs that have run a vCPU of this p2m's domain with its VMID
     * since they last fenced it: the targets of every flush.  A CPU is
     * added before it loads hgatp (p2m_mark_dirty()).
     */
    cpumask_t dirty_cpumask;

    /* CPUs sent a remote fence so far (for the debug interface). */
    cpumask_t remote_fenced;

    struct p2m_stats stats;

    /*
     * Frames of foreign leaves the current locked operation removed: each
     * holds a page reference, dropped only after the flush (or after an
     * early flush when the runs are full), so that no TLB can still reach
     * a page its last reference freed.
     */
    unsigned int nr_foreign_put;
    struct {
        mfn_t mfn;
        unsigned long nr;
    } foreign_put[P2M_FOREIGN_PUT_RUNS];

    /*
     * p2m_teardown_step(): the GFN below which every leaf is gone, or
     * P2M_TEARDOWN_POOL once they all are and the pool is being freed.
     */
    unsigned long teardown_gfn;

    /*
     * p2m_teardown_step(): the references of a foreign leaf that did not
     * fit the budget of the step that removed it, dropped by the steps
     * that follow (the removing step's flush is done by then).
     */
    mfn_t teardown_put_mfn;
    unsigned long teardown_put_nr;
};

#define P2M_TEARDOWN_POOL (~0UL)

/* Mark MMIO leaves PBMT=IO: only when Svpbmt is present and enabled. */
extern bool p2m_use_pbmt;

#include <xen/p2m-common.h>

/* The p2m of a domain (a macro: struct domain is defined after this). */
#define p2m_get_hostp2m(d) (&(d)->arch.p2m)

/*
 * Set up an empty p2m in the mode config->arch.gaddr_bits names: 41
 * (Sv39x4), 50 (Sv48x4) or 59 (Sv57x4); -EOPNOTSUPP for 34 (Sv32x4, an
 * RV32 mode), -EINVAL for any other width or one above max_gstage_mode.
 * Each domain may have its own mode.  Allocates the root; the pool starts
 * empty (p2m_set_allocation()).
 */
int p2m_init(struct domain *d, const struct xen_domctl_createdomain *config);

/* Free every table, the root and the pool.  The domain must not run. */
void p2m_teardown(struct domain *d);

/*
 * Take down the p2m of a domain that no longer runs, in steps of at most
 * budget units of work (a leaf or hole looked at and removed, or a pool
 * page freed); *work gets what this step did.  -ERESTART until it is all
 * gone (leaves, tables, type pages, pool, root), then 0.  Call again after
 * -ERESTART, from wherever is convenient (a hypercall continuation).
 */
int p2m_teardown_step(struct domain *d, unsigned long budget,
                      unsigned long *work);

/* Give the p2m a VMID; recomputes hgatp. */
void p2m_set_vmid(struct p2m_domain *p2m, unsigned int vmid);

/* Record that cpu is about to load this p2m's hgatp. */
void p2m_mark_dirty(struct p2m_domain *p2m, unsigned int cpu);

/* cpu stopped running this p2m and has fenced its VMID since. */
void p2m_leave_dirty(struct p2m_domain *p2m, unsigned int cpu);

static inline void p2m_write_lock(struct p2m_domain *p2m)
{
    write_lock(&p2m->lock);
}

/* Issues the deferred TLB flush, releases deferred pages, then unlocks. */
void p2m_write_unlock(struct p2m_domain *p2m);

static inline bool p2m_is_write_locked(struct p2m_domain *p2m)
{
    return rw_is_write_locked(&p2m->lock);
}

static inline void p2m_read_lock(struct p2m_domain *p2m)
{
    read_lock(&p2m->lock);
}

static inline void p2m_read_unlock(struct p2m_domain *p2m)
{
    read_unlock(&p2m->lock);
}

static inline bool p2m_is_locked(const struct p2m_domain *p2m)
{
    return rw_is_locked(&p2m->lock);
}

/*
 * Map (or, with mfn == INVALID_MFN / t == p2m_invalid, unmap) nr pages
 * from sgfn with the largest leaves the GFN, MFN and count allow (R4).
 * Must be called with the write lock held.  On failure, pages before
 * *done (set in every case) stay updated and nothing after them changes.
 * Errors: -EINVAL (GFN beyond the GPA width, bad type or access, MFN
 * beyond the PPN field), -ENOMEM (pool exhausted).
 */
int p2m_set_range(struct p2m_domain *p2m, gfn_t sgfn, unsigned long nr,
                  mfn_t smfn, p2m_type_t t, p2m_access_t a,
                  unsigned long *done);

/*
 * Look up gfn.  Returns the MFN of that page (INVALID_MFN if nothing is
 * mapped) and optionally its type, access, the order of the leaf (or of
 * the hole) it lies in, and whether the PTE is valid for the hardware
 * (false for a mapping whose access is p2m_access_n).  Read lock held.
 */
mfn_t p2m_get_entry(struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                    p2m_access_t *a, unsigned int *page_order, bool *valid);

/* Takes the read lock itself. */
mfn_t p2m_lookup(struct domain *d, gfn_t gfn, p2m_type_t *t);

/* Look up a GFN and take a reference on the page behind it. */
typedef unsigned int p2m_query_t;
#define P2M_ALLOC   (1U << 0) /* populate on demand (nothing to do here) */
#define P2M_UNSHARE (1U << 1) /* break sharing (no sharing here) */

/*
 * The page mapped at gfn with a reference taken (put_page() drops it), or
 * NULL if gfn maps no RAM page (*t then says what is there).
 */
struct page_info *p2m_get_page_from_gfn(struct p2m_domain *p2m, gfn_t gfn,
                                        p2m_type_t *t);
struct page_info *get_page_from_gfn(struct domain *d, unsigned long gfn,
                                    p2m_type_t *t, p2m_query_t q);

/*
 * Map 2^page_order pages; gfn and mfn must be aligned to the order and the
 * order at most the largest leaf.  Takes the lock.  0 or -errno, and on
 * error nothing changed.
 */
int guest_physmap_add_entry(struct domain *d, gfn_t gfn, mfn_t mfn,
                            unsigned long page_order, p2m_type_t t);

static inline int __must_check guest_physmap_add_page(struct domain *d,
                                                      gfn_t gfn, mfn_t mfn,
                                                      unsigned int page_order)
{
    return guest_physmap_add_entry(d, gfn, mfn, page_order, p2m_ram_rw);
}

/* nr pages at gfn -> mfn; Xen's MMIO/region names.  Take the lock. */
int map_regions_p2mt(struct domain *d, gfn_t gfn, unsigned long nr, mfn_t mfn,
                     p2m_type_t p2mt);
int unmap_regions_p2mt(struct domain *d, gfn_t gfn, unsigned long nr,
                       mfn_t mfn);

/*
 * Change the access of the mapped pages in [gfn, gfn + nr); holes are
 * skipped.  Splits superpages that straddle the range edges.  Takes the
 * lock; *done as for p2m_set_range().  p2m_set_mem_access() (Xen's
 * interface, xen/mem_access.h) is built on it.
 */
int p2m_set_access_range(struct domain *d, gfn_t gfn, unsigned long nr,
                         p2m_access_t a, unsigned long *done);
/* The access of gfn; -ENOENT if gfn is not mapped. */
int p2m_get_access(struct domain *d, gfn_t gfn, p2m_access_t *a);

/* Change every page of type ot in [gfn, gfn + nr) to nt.  Takes the lock. */
int p2m_change_type_range(struct domain *d, gfn_t gfn, unsigned long nr,
                          p2m_type_t ot, p2m_type_t nt, unsigned long *done);

/* A copy of the statistics, with the pool figures. */
void p2m_get_stats(struct p2m_domain *p2m, struct p2m_stats *stats,
                   unsigned long *pool_total, unsigned long *pool_free);

/*
 * Check the whole p2m against its invariants (PTE encoding, alignment,
 * counters, type storage, statistics, pool accounting).  Returns the
 * number of violations, each reported with printk.  Takes the read lock.
 */
unsigned int p2m_audit(struct p2m_domain *p2m);

void p2m_dump_info(struct domain *d);

/* Name of the G-stage mode with this root level ("sv39x4", ...). */
const char *p2m_mode_name(unsigned int root_level);

#endif /* ASM__RISCV__P2M_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
