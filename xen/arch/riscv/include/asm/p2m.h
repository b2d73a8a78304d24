/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__P2M_H
#define ASM__RISCV__P2M_H

#include <xen/cpumask.h>
#include <xen/mm.h>
#include <xen/rwlock.h>
#include <xen/types.h>
#include <asm/page.h>

struct domain;

/*
 * G-stage geometry (Priv. spec, H extension, "Guest Physical Address
 * Translation").  The x4 modes widen the root index by 2 bits: the root
 * has 2048 entries, is 16 KiB and must be 16 KiB aligned.  Other tables
 * are ordinary 4 KiB, 512-entry tables.
 */
#define P2M_ROOT_EXTRA_BITS 2
#define P2M_ROOT_ORDER      P2M_ROOT_EXTRA_BITS /* 4 pages */
#define P2M_ROOT_PAGES      (1U << P2M_ROOT_ORDER)
#define P2M_ROOT_ENTRIES    (PAGETABLE_ENTRIES << P2M_ROOT_EXTRA_BITS)
#define P2M_MAX_LEVELS      5 /* Sv57x4 */

/* hgatp.MODE values (RV64). */
#define HGATP_MODE_OFF    0UL
#define HGATP_MODE_SV39X4 8UL
#define HGATP_MODE_SV48X4 9UL
#define HGATP_MODE_SV57X4 10UL
#define HGATP_MODE_SHIFT  60
#define HGATP_VMID_SHIFT  44
#define HGATP_VMID_MASK   ((1UL << 14) - 1)
#define HGATP_PPN_MASK    ((1UL << 44) - 1)

/* GPA width of a mode whose root is at root_level (41, 50 or 59 bits). */
#define P2M_GPA_BITS(root_level)                                               \
    (XEN_PT_LEVEL_SHIFT((root_level) + 1) + P2M_ROOT_EXTRA_BITS)

/*
 * Types (what the frame is) and access (what the guest may do with it).
 * The permissions in the PTE are the intersection of both.
 */
typedef enum {
    p2m_invalid = 0,    /* Nothing mapped here. */
    p2m_ram_rw,         /* Normal read/write guest RAM. */
    p2m_ram_ro,         /* Read-only guest RAM. */
    p2m_mmio_direct_io, /* Device MMIO, strongly ordered (PBMT=IO). */
    p2m_map_foreign_rw, /* RAM of another domain, read/write. */
    p2m_map_foreign_ro, /* RAM of another domain, read-only. */
    p2m_grant_map_rw,   /* Granted page, read/write. */
    p2m_grant_map_ro,   /* Granted page, read-only. */
    p2m_max_type,
} p2m_type_t;

/* The same values as the public xenmem_access_t n .. rwx. */
typedef enum {
    p2m_access_n = 0,
    p2m_access_r = 1,
    p2m_access_w = 2,
    p2m_access_rw = 3,
    p2m_access_x = 4,
    p2m_access_rx = 5,
    p2m_access_wx = 6,
    p2m_access_rwx = 7,
} p2m_access_t;

#define P2M_ACCESS_R 1U
#define P2M_ACCESS_W 2U
#define P2M_ACCESS_X 4U

/*
 * What the guest may do with a page of type t and access a, as
 * P2M_ACCESS_* bits: exactly the rights p2m.c encodes into the PTE.
 */
unsigned int p2m_effective_perms(p2m_type_t t, p2m_access_t a);

static inline bool p2m_is_ram(p2m_type_t t)
{
    return t == p2m_ram_rw || t == p2m_ram_ro;
}

static inline bool p2m_is_valid_type(p2m_type_t t)
{
    return t > p2m_invalid && t < p2m_max_type;
}

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

struct p2m_domain {
    /* Lookups take it for reading, every update for writing (R13). */
    rwlock_t lock;

    struct domain *domain;

    /* Level of the root table: 2 (Sv39x4), 3 (Sv48x4) or 4 (Sv57x4). */
    unsigned int root_level;

    /* The root table: P2M_ROOT_PAGES pages, 16 KiB aligned. */
    struct page_info *root;

    /* hgatp value for this p2m (mode, VMID, root), see p2m_set_vmid(). */
    uint64_t hgatp;
    unsigned int vmid;

    /*
     * The page pool (p2m_set_allocation()): every table and metadata page
     * comes from here, so a guest cannot make the p2m eat the heap.
     * pool_total counts the pages the pool owns, in use or free.
     */
    struct page_list_head pool_free;
    unsigned long pool_total;

    /* Table and metadata pages in use. */
    struct page_list_head pages;

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
};

/* Largest G-stage root level the hardware (and configuration) allows. */
extern unsigned int gstage_max_root_level;

/* Mark MMIO leaves PBMT=IO: only when Svpbmt is present and enabled. */
extern bool p2m_use_pbmt;

/* Set up an empty p2m; root_level 0 means gstage_max_root_level. */
int p2m_init(struct domain *d, unsigned int root_level);

/*
 * Resize the page pool to pages (table and metadata pages; the root is
 * allocated separately by p2m_init()).  Shrinking stops at the pages in
 * use and returns -EBUSY if it cannot reach the size.  *preempted is set
 * when the resize stopped early to let the caller continue it later (may
 * be NULL to run to completion).
 */
int p2m_set_allocation(struct domain *d, unsigned long pages, bool *preempted);

/* Free every table, the root and the pool.  The domain must not run. */
void p2m_teardown(struct domain *d);

/* Give the p2m a VMID; recomputes hgatp. */
void p2m_set_vmid(struct p2m_domain *p2m, unsigned int vmid);

/* Record that cpu is about to load this p2m's hgatp. */
void p2m_mark_dirty(struct p2m_domain *p2m, unsigned int cpu);

void p2m_write_lock(struct p2m_domain *p2m);
/* Issues the deferred TLB flush, releases deferred pages, then unlocks. */
void p2m_write_unlock(struct p2m_domain *p2m);
void p2m_read_lock(struct p2m_domain *p2m);
void p2m_read_unlock(struct p2m_domain *p2m);
bool p2m_is_write_locked(const struct p2m_domain *p2m);

/* The p2m of a domain (a macro: struct domain is defined after this). */
#define p2m_get_hostp2m(d) (&(d)->arch.p2m)

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

/*
 * Map 2^page_order pages; gfn and mfn must be aligned to the order and the
 * order at most the largest leaf.  Takes the lock.  0 or -errno, and on
 * error nothing changed.
 */
int guest_physmap_add_entry(struct domain *d, gfn_t gfn, mfn_t mfn,
                            unsigned long page_order, p2m_type_t t);

static inline int guest_physmap_add_page(struct domain *d, gfn_t gfn, mfn_t mfn,
                                         unsigned int page_order)
{
    return guest_physmap_add_entry(d, gfn, mfn, page_order, p2m_ram_rw);
}

/*
 * Unmap 2^page_order pages at gfn.  If mfn is not INVALID_MFN every page
 * must currently map mfn + i, or -EINVAL and nothing changes.
 */
int guest_physmap_remove_page(struct domain *d, gfn_t gfn, mfn_t mfn,
                              unsigned int page_order);

/* nr pages at gfn -> mfn; Xen's MMIO/region names.  Take the lock. */
int map_regions_p2mt(struct domain *d, gfn_t gfn, unsigned long nr, mfn_t mfn,
                     p2m_type_t p2mt);
int unmap_regions_p2mt(struct domain *d, gfn_t gfn, unsigned long nr,
                       mfn_t mfn);

/*
 * Change the access of the mapped pages in [gfn, gfn + nr); holes are
 * skipped.  Splits superpages that straddle the range edges.  Takes the
 * lock; *done as for p2m_set_range().
 */
int p2m_set_mem_access(struct domain *d, gfn_t gfn, unsigned long nr,
                       p2m_access_t a, unsigned long *done);
/* -ENOENT if gfn is not mapped. */
int p2m_get_mem_access(struct domain *d, gfn_t gfn, p2m_access_t *a);

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
