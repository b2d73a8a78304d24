/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m: G-stage (guest-physical to machine) page tables for RISC-V, in
 * Sv39x4, Sv48x4 and Sv57x4 format.
 *
 * This file is built into the hypervisor and, unchanged, into the hosted
 * test harness in tools/tests/p2m, which supplies its own versions of the
 * environment headers (frame mapping, fences, barriers, current hart).
 * docs/misc/riscv/p2m.pandoc describes the design; the comments here say
 * why each step is done the way it is.
 */

#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/mem_access.h>
#include <xen/mm.h>
#include <xen/rwlock.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/flushtlb.h>
#include <asm/p2m.h>
#include <asm/page.h>
#include <asm/riscv_encoding.h>

/*
 * The single-entry path is a handful of stores: a call costs as much, so
 * the few helpers on it are inlined, and the range machinery is kept out
 * of its frame.  (Xen's compiler.h has both macros.)
 */
#ifndef always_inline
#define always_inline inline __attribute__((__always_inline__))
#endif
#ifndef noinline
#define noinline __attribute__((__noinline__))
#endif

bool __ro_after_init p2m_use_pbmt;

/* The G-stage modes of RV64, by root level. */
static const struct gstage_mode_desc gstage_modes[] = {
    { HGATP_MODE_SV39X4, 2, "sv39" },
    { HGATP_MODE_SV48X4, 3, "sv48" },
    { HGATP_MODE_SV57X4, 4, "sv57" },
};

/* Set by the boot-time probe; Sv39x4 until then. */
const struct gstage_mode_desc *__ro_after_init max_gstage_mode =
    &gstage_modes[0];

const struct gstage_mode_desc *p2m_mode_of_level(unsigned int root_level)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(gstage_modes); i++ )
        if ( gstage_modes[i].paging_levels == root_level )
            return &gstage_modes[i];

    return NULL;
}

/*
 * Type and access of a leaf.  The two RSW bits name the most common pairs;
 * every other pair is kept in the metadata page of the table holding the
 * entry, one byte per entry (type in the low nibble, access above it).
 */
#define P2M_RSW_RAM_RW 0UL /* p2m_ram_rw, p2m_access_rwx */
#define P2M_RSW_RAM_RO 1UL /* p2m_ram_ro, p2m_access_rwx */
#define P2M_RSW_MMIO   2UL /* p2m_mmio_direct_io, p2m_access_rwx */
#define P2M_RSW_EXT    3UL /* in the metadata page */

#define P2M_MD_TYPE_MASK    0x0fU
#define P2M_MD_ACCESS_SHIFT 4

/* Where an entry lives: a table page and the index of the entry in it. */
struct p2m_slot {
    struct page_info *pg;
    unsigned int idx;
};

/* What a leaf is: its frame, type and access. */
struct p2m_leaf {
    mfn_t mfn;
    p2m_type_t t;
    p2m_access_t a;
};

const char *p2m_mode_name(unsigned int root_level)
{
    static const char *const names[P2M_MAX_LEVELS] = {
        [2] = "sv39x4",
        [3] = "sv48x4",
        [4] = "sv57x4",
    };

    if ( root_level < 2 || root_level >= P2M_MAX_LEVELS )
        return "none";
    return names[root_level];
}

/* Number of GFNs the p2m can map: 2^(GPA bits - 12). */
static unsigned long p2m_gfn_limit(const struct p2m_domain *p2m)
{
    return 1UL << (P2M_GPA_BITS(P2M_ROOT_LEVEL(p2m)) - PAGE_SHIFT);
}

/* Largest frame number a PTE can hold (PPN is 44 bits). */
#define P2M_MFN_LIMIT (1UL << 44)

/* ---- PTE encoding (Priv. spec, H extension "Guest Physical Address
 *      Translation"; every rule about G-stage PTE bits lives here). ---- */

/* Permissions a type allows, as p2m_access_r/w/x bits. */
static unsigned int p2m_type_perms(p2m_type_t t)
{
    static const uint8_t perms[p2m_max_type] = {
        [p2m_ram_rw] = p2m_access_r | p2m_access_w | p2m_access_x,
        [p2m_ram_ro] = p2m_access_r | p2m_access_x,
        [p2m_mmio_direct_io] = p2m_access_r | p2m_access_w,
        [p2m_map_foreign_rw] = p2m_access_r | p2m_access_w,
        [p2m_grant_map_rw] = p2m_access_r | p2m_access_w,
        [p2m_map_foreign_ro] = p2m_access_r,
        [p2m_grant_map_ro] = p2m_access_r,
    };

    return (unsigned int)t < p2m_max_type ? perms[t] : 0;
}

/*
 * Effective permissions: type intersected with access.  W without R is a
 * reserved encoding (Priv. spec, "pteperm" table), so a write-only result
 * loses its W: the guest gets less than it asked for, never more.
 */
unsigned int p2m_effective_perms(p2m_type_t t, p2m_access_t a)
{
    unsigned int perms = p2m_type_perms(t) & (unsigned int)a;

    if ( !(perms & p2m_access_r) )
        perms &= ~p2m_access_w;

    return perms;
}

static unsigned long p2m_rsw_encode(p2m_type_t t, p2m_access_t a)
{
    if ( a != p2m_access_rwx )
        return P2M_RSW_EXT;

    switch ( t )
    {
    case p2m_ram_rw:
        return P2M_RSW_RAM_RW;
    case p2m_ram_ro:
        return P2M_RSW_RAM_RO;
    case p2m_mmio_direct_io:
        return P2M_RSW_MMIO;
    default:
        return P2M_RSW_EXT;
    }
}

static bool p2m_leaf_needs_md(p2m_type_t t, p2m_access_t a)
{
    return p2m_rsw_encode(t, a) == P2M_RSW_EXT;
}

/*
 * A leaf.  G-stage leaves need U=1 (every G-stage access is checked as a
 * user access), G=0 (reserved for G-stage), and A=1, D=1 where writable so
 * hardware without A/D updating (Svade) does not fault.  A leaf with no
 * permission at all is kept with V=0: the frame, type and access stay
 * readable by software, and the hardware sees no mapping.
 */
static always_inline pte_t p2m_leaf_pte(const struct p2m_leaf *leaf)
{
    unsigned int perms = p2m_effective_perms(leaf->t, leaf->a);
    pte_t pte = { .pte = 0 };

    pte_set_mfn(&pte, leaf->mfn);
    pte.pte |= MASK_INSR(p2m_rsw_encode(leaf->t, leaf->a), PTE_RSW);

    if ( !perms )
        return pte;

    pte.pte |= PTE_VALID | PTE_USER | PTE_ACCESSED;
    if ( perms & p2m_access_r )
        pte.pte |= PTE_READABLE;
    if ( perms & p2m_access_w )
        pte.pte |= PTE_WRITABLE | PTE_DIRTY;
    if ( perms & p2m_access_x )
        pte.pte |= PTE_EXECUTABLE;
    if ( leaf->t == p2m_mmio_direct_io && p2m_use_pbmt )
        pte.pte |= PTE_PBMT_IO;

    return pte;
}

/*
 * A pointer to the next-level table: V=1, R=W=X=0, and U, A, D and PBMT
 * clear because they are reserved in non-leaf entries.
 */
static pte_t p2m_table_pte(const struct page_info *pg)
{
    pte_t pte = { .pte = PTE_VALID };

    pte_set_mfn(&pte, page_to_mfn(pg));

    return pte;
}

/* Any non-zero entry that is not a table pointer is a leaf. */
static bool p2m_pte_is_present(pte_t pte)
{
    return pte.pte != 0;
}

static bool p2m_pte_is_leaf(pte_t pte)
{
    return p2m_pte_is_present(pte) && !pte_is_table(pte);
}

static unsigned long p2m_pte_rsw(pte_t pte)
{
    return MASK_EXTR(pte.pte, PTE_RSW);
}

/* A leaf whose type and access live in the metadata page. */
static bool p2m_pte_has_md(pte_t pte)
{
    return p2m_pte_is_leaf(pte) && p2m_pte_rsw(pte) == P2M_RSW_EXT;
}

/* ---- Table pages ---- */

static pte_t *p2m_map_table(const struct page_info *pg)
{
    return map_domain_page(page_to_mfn(pg));
}

static pte_t p2m_read_slot(const struct p2m_slot *s)
{
    const pte_t *table = p2m_map_table(s->pg);
    pte_t pte = read_pte(&table[s->idx]);

    unmap_domain_page(table);

    return pte;
}

/* Index of gfn's entry in the table at level (the root has 2048). */
static unsigned int p2m_level_index(const struct p2m_domain *p2m, gfn_t gfn,
                                    unsigned int level)
{
    unsigned long idx = gfn_x(gfn) >> XEN_PT_LEVEL_ORDER(level);

    if ( level == P2M_ROOT_LEVEL(p2m) )
        return idx & (P2M_ROOT_ENTRIES - 1);

    return idx & (PAGETABLE_ENTRIES - 1);
}

/*
 * The 16 KiB root is four table pages; each is treated as a table of its
 * own for counting and type storage.
 */
static struct p2m_slot p2m_root_slot(const struct p2m_domain *p2m, gfn_t gfn)
{
    unsigned int idx = p2m_level_index(p2m, gfn, P2M_ROOT_LEVEL(p2m));

    return (struct p2m_slot){
        .pg = p2m->root + idx / PAGETABLE_ENTRIES,
        .idx = idx % PAGETABLE_ENTRIES,
    };
}

static struct p2m_slot p2m_child_slot(const struct p2m_domain *p2m,
                                      pte_t table_pte, gfn_t gfn,
                                      unsigned int level)
{
    return (struct p2m_slot){
        .pg = mfn_to_page(pte_get_mfn(table_pte)),
        .idx = p2m_level_index(p2m, gfn, level),
    };
}

/*
 * Take a page from the pool.  The table list is kept here, nowhere else.
 * Pages on the pool's free list are always zero (p2m_scrub_page() runs
 * wherever one goes back, see p2m_free_page()), so there is nothing to
 * clear: a fresh table is empty, and a split overwrites all of it anyway.
 */
static always_inline struct page_info *p2m_alloc_page(struct p2m_domain *p2m)
{
    struct page_info *pg =
        page_list_remove_head(&p2m->domain->arch.paging.freelist);

    if ( !pg )
        return NULL;

    pg->count_info |= PGC_p2m_table;
    pg->v.md.nonzero_entries = 0;
    pg->u.md.used_entries = 0;
    pg->v.md.pg = NULL;
    page_list_add_tail(pg, &p2m->pages);

    return pg;
}

/* Every page on the pool's free list is zero (R7). */
static void p2m_scrub_page(struct page_info *pg)
{
    void *p = map_domain_page(page_to_mfn(pg));

    memset(p, 0, PAGE_SIZE);
    unmap_domain_page(p);
}

/*
 * Give a page back.  A page the hardware may have walked (a table that was
 * linked into the tree) goes to deferred_free until the flush in
 * p2m_write_unlock(); a page it never saw goes straight back to the pool.
 *
 * It goes back zeroed, and to the head of the free list: pages are taken
 * from the head, and an update that fails gives back what it took in the
 * reverse order (p2m_free_subtree() frees bottom up, metadata before its
 * table), so the pool ends exactly as it was, byte for byte (R7).
 */
static void p2m_free_page(struct p2m_domain *p2m, struct page_info *pg,
                          bool was_live)
{
    page_list_del(pg, &p2m->pages);
    pg->count_info &= ~PGC_p2m_table;
    if ( was_live )
        page_list_add_tail(pg, &p2m->deferred_free);
    else
    {
        p2m_scrub_page(pg);
        page_list_add(pg, &p2m->domain->arch.paging.freelist);
    }
}

static struct page_info *p2m_alloc_table(struct p2m_domain *p2m)
{
    struct page_info *pg = p2m_alloc_page(p2m);

    if ( pg )
        p2m->stats.tables++;

    return pg;
}

static int p2m_alloc_md(struct p2m_domain *p2m, struct page_info *table)
{
    if ( table->v.md.pg )
        return 0;

    table->v.md.pg = p2m_alloc_page(p2m);
    if ( !table->v.md.pg )
        return -ENOMEM;
    p2m->stats.md_pages++;

    return 0;
}

/* The hardware never reads metadata, so it needs no deferral. */
static void p2m_free_md(struct p2m_domain *p2m, struct page_info *table)
{
    p2m_free_page(p2m, table->v.md.pg, false);
    table->v.md.pg = NULL;
    p2m->stats.md_pages--;
}

static void p2m_free_table(struct p2m_domain *p2m, struct page_info *pg,
                           bool was_live)
{
    if ( pg->v.md.pg )
        p2m_free_md(p2m, pg);
    p2m_free_page(p2m, pg, was_live);
    p2m->stats.tables--;
}

static uint8_t *p2m_map_md(const struct page_info *table)
{
    return map_domain_page(page_to_mfn(table->v.md.pg));
}

/* Type and access of a leaf entry. */
static always_inline void p2m_decode_leaf(const struct p2m_slot *s, pte_t pte,
                                          p2m_type_t *t, p2m_access_t *a)
{
    const uint8_t *md;
    uint8_t byte;

    switch ( p2m_pte_rsw(pte) )
    {
    case P2M_RSW_RAM_RW:
        *t = p2m_ram_rw;
        *a = p2m_access_rwx;
        return;
    case P2M_RSW_RAM_RO:
        *t = p2m_ram_ro;
        *a = p2m_access_rwx;
        return;
    case P2M_RSW_MMIO:
        *t = p2m_mmio_direct_io;
        *a = p2m_access_rwx;
        return;
    default:
        break;
    }

    ASSERT(s->pg->v.md.pg);
    md = p2m_map_md(s->pg);
    byte = md[s->idx];
    unmap_domain_page(md);

    *t = (p2m_type_t)(byte & P2M_MD_TYPE_MASK);
    *a = (p2m_access_t)(byte >> P2M_MD_ACCESS_SHIFT);
}

/* ---- References held by foreign leaves ---- */

static void p2m_tlb_flush(struct p2m_domain *p2m);

/* Drop the references collected so far.  The flush must have been done. */
static void p2m_put_foreign_refs(struct p2m_domain *p2m)
{
    for ( unsigned int r = 0; r < p2m->nr_foreign_put; r++ )
        for ( unsigned long i = 0; i < p2m->foreign_put[r].nr; i++ )
            put_page(mfn_to_page(mfn_add(p2m->foreign_put[r].mfn, i)));
    p2m->nr_foreign_put = 0;
}

/*
 * A foreign leaf of 2^order frames from mfn left the p2m: each frame's
 * reference (taken when it was mapped, XENMAPSPACE_gmfn_foreign) goes once
 * no TLB can reach it.  When the runs are full, flush now and drop them.
 */
static void p2m_foreign_leaf_gone(struct p2m_domain *p2m, mfn_t mfn,
                                  unsigned int order)
{
    /*
     * Only frames with a page_info can have been referenced, and the
     * frame table is contiguous: the first and last frame tell.
     */
    if ( !mfn_valid(mfn) || !mfn_valid(mfn_add(mfn, (1UL << order) - 1)) )
        return;

    if ( p2m->nr_foreign_put == P2M_FOREIGN_PUT_RUNS )
    {
        p2m_tlb_flush(p2m);
        p2m_put_foreign_refs(p2m);
    }
    p2m->foreign_put[p2m->nr_foreign_put].mfn = mfn;
    p2m->foreign_put[p2m->nr_foreign_put].nr = 1UL << order;
    p2m->nr_foreign_put++;
}

/*
 * The counters an entry's change moves: the table's non-zero entries and
 * the leaves per level.
 */
static always_inline void p2m_count_change(struct p2m_domain *p2m,
                                           struct page_info *pg,
                                           unsigned int level, pte_t old,
                                           pte_t new_pte)
{
    pg->v.md.nonzero_entries += p2m_pte_is_present(new_pte);
    pg->v.md.nonzero_entries -= p2m_pte_is_present(old);
    p2m->stats.leaves[level] += p2m_pte_is_leaf(new_pte);
    p2m->stats.leaves[level] -= p2m_pte_is_leaf(old);
}

/*
 * Store an entry and keep the table's counters, its type storage and the
 * per-level leaf statistics in step.  Any metadata page the new entry needs
 * must already be allocated.  This is the only place entries are written;
 * what the change means for the TLBs is p2m_note_replaced()'s business.
 */
static always_inline void p2m_store_entry(struct p2m_domain *p2m,
                                          const struct p2m_slot *s,
                                          unsigned int level, pte_t old,
                                          pte_t new_pte,
                                          const struct p2m_leaf *leaf)
{
    struct page_info *pg = s->pg;
    bool old_ext = p2m_pte_has_md(old);
    bool new_ext = p2m_pte_has_md(new_pte);
    p2m_type_t ot = p2m_invalid;
    p2m_access_t oa;
    pte_t *table;

    /*
     * A foreign leaf holds a reference per frame.  It keeps them when
     * only its access changes, and hands them to the table that replaces
     * it in a split (whose leaves map the same frames); otherwise they go.
     * Foreign types are never encoded in RSW: only a leaf with metadata
     * can be one.
     */
    if ( old_ext )
        p2m_decode_leaf(s, old, &ot, &oa);
    if ( p2m_is_foreign(ot) && !pte_is_table(new_pte) &&
         !(p2m_pte_is_leaf(new_pte) && leaf && leaf->t == ot &&
           mfn_eq(pte_get_mfn(new_pte), pte_get_mfn(old))) )
        p2m_foreign_leaf_gone(p2m, pte_get_mfn(old), XEN_PT_LEVEL_ORDER(level));

    if ( new_ext )
    {
        uint8_t *md = p2m_map_md(pg);

        md[s->idx] = (uint8_t)leaf->t |
                     (uint8_t)((unsigned int)leaf->a << P2M_MD_ACCESS_SHIFT);
        unmap_domain_page(md);
    }

    table = p2m_map_table(pg);
    write_pte(&table[s->idx], new_pte);
    unmap_domain_page(table);

    p2m_count_change(p2m, pg, level, old, new_pte);

    if ( old_ext && !new_ext )
    {
        uint8_t *md = p2m_map_md(pg);

        md[s->idx] = 0;
        unmap_domain_page(md);
        if ( --pg->u.md.used_entries == 0 )
            p2m_free_md(p2m, pg);
    }
    else if ( new_ext && !old_ext )
        pg->u.md.used_entries++;
}

/*
 * A split's store, into a table mapped at table: old at s is a piece of the
 * superpage being split, or a hole, and md says whether it keeps its type
 * in the metadata page; it becomes new_pte, a pointer to a new table or
 * the requested leaf (leaf).  With no metadata on either side the store
 * and its counters are all there is to it (a foreign leaf always has
 * metadata, so no reference moves); otherwise p2m_store_entry() does the
 * whole of it.  The split knows md already, and has the table mapped.
 */
static always_inline void p2m_store_piece(struct p2m_domain *p2m,
                                          const struct p2m_slot *s,
                                          pte_t *table, unsigned int level,
                                          pte_t old, bool md, pte_t new_pte,
                                          const struct p2m_leaf *leaf)
{
    struct page_info *pg = s->pg;

    if ( md || p2m_pte_has_md(new_pte) )
    {
        p2m_store_entry(p2m, s, level, old, new_pte, leaf);
        return;
    }

    write_pte(&table[s->idx], new_pte);
    p2m_count_change(p2m, pg, level, old, new_pte);
}

/* ---- TLB maintenance (Priv. spec, H extension, HFENCE.GVMA) ---- */

/*
 * Record what a change to a live entry requires of the TLBs; the fences
 * are issued once, in p2m_write_unlock().
 *
 * - The old entry was a valid leaf: harts may cache it, and a fence with
 *   any address inside the leaf removes every piece of it, whatever its
 *   size.  Such fences only order leaf entries, though.
 * - The old entry was a table pointer, or becomes one (a split): harts may
 *   cache non-leaf entries, which only an rs1 = x0 fence is guaranteed to
 *   drop, so the whole VMID is fenced.
 * - The old entry was invalid: nothing valid can be cached.  A hart may
 *   still hold the invalid entry and fault; the guest-page-fault handler
 *   treats a fault on a mapped GFN as spurious (local fence, retry), which
 *   is cheaper than fencing every new mapping.
 */
static always_inline void p2m_note_replaced(struct p2m_domain *p2m, pte_t old,
                                            pte_t new_pte, gfn_t gfn,
                                            unsigned int level)
{
    if ( !pte_is_valid(old) )
        return;

    if ( pte_is_table(old) || pte_is_table(new_pte) )
    {
        p2m->flush_vmid = true;
        return;
    }

    if ( p2m->flush_vmid )
        return;

    if ( p2m->flush_nr_gpa == P2M_FLUSH_GPA_THRESHOLD )
    {
        p2m->flush_vmid = true;
        return;
    }

    p2m->flush_gpa[p2m->flush_nr_gpa] =
        gfn_to_gaddr(gfn) & ~((1UL << XEN_PT_LEVEL_SHIFT(level)) - 1);
    p2m->flush_nr_gpa++;
}

static void p2m_tlb_flush(struct p2m_domain *p2m)
{
    unsigned int cpu = smp_processor_id();
    cpumask_t remote;
    bool local;

    if ( !p2m->flush_vmid && !p2m->flush_nr_gpa )
        return;

    /*
     * Order the PTE stores before reading the dirty mask.  This pairs with
     * the barrier in p2m_mark_dirty(): either a CPU joining the mask now
     * walks the new tables, or this flush sees it and fences it.
     */
    smp_mb();
    local = cpumask_test_cpu(cpu, &p2m->dirty_cpumask);
    cpumask_copy(&remote, &p2m->dirty_cpumask);
    cpumask_clear_cpu(cpu, &remote);
    cpumask_or(&p2m->remote_fenced, &p2m->remote_fenced, &remote);

    if ( p2m->flush_vmid )
    {
        if ( local )
        {
            hfence_gvma_vmid(p2m->vmid);
            p2m->stats.fences_vmid++;
        }
    }
    else if ( local )
    {
        for ( unsigned int i = 0; i < p2m->flush_nr_gpa; i++ )
            hfence_gvma_gpa_vmid(p2m->flush_gpa[i], p2m->vmid);
        p2m->stats.fences_gpa += p2m->flush_nr_gpa;
    }

    /*
     * Remote harts get one SBI call per flush, however many addresses it
     * covers: a call costs an IPI to, and a wait for, every target, far
     * more than the fences it carries.  One address is fenced as such (a
     * fence anywhere inside a leaf drops all of it).  Two leaves always
     * span more than 4 KiB, and OpenSBI turns any range above 4 KiB into a
     * whole-VMID fence anyway, so more than one asks for the VMID at once.
     */
    if ( !cpumask_empty(&remote) )
    {
        if ( p2m->flush_vmid || p2m->flush_nr_gpa > 1 )
            gstage_flush_remote(&remote, p2m->vmid, 0, GSTAGE_FLUSH_ALL);
        else
            gstage_flush_remote(&remote, p2m->vmid, p2m->flush_gpa[0],
                                PAGE_SIZE);
        p2m->stats.fences_remote++;
    }

    p2m->stats.flushes++;
    p2m->flush_vmid = false;
    p2m->flush_nr_gpa = 0;
}

/*
 * Flush before the lock drops (R13): another CPU taking the lock must not
 * see a p2m whose old translations are still live somewhere.  Pages
 * unlinked under the lock are reusable only once the flush has completed.
 */
void p2m_write_unlock(struct p2m_domain *p2m)
{
    struct page_info *pg;

    /* Most updates only fill holes and owe nothing: spare the call. */
    if ( p2m->flush_vmid || p2m->flush_nr_gpa )
        p2m_tlb_flush(p2m);

    for ( pg = page_list_remove_head(&p2m->deferred_free); pg;
          pg = page_list_remove_head(&p2m->deferred_free) )
    {
        p2m_scrub_page(pg);
        page_list_add_tail(pg, &p2m->domain->arch.paging.freelist);
    }

    /* After the flush: the last reference frees the page. */
    if ( p2m->nr_foreign_put )
        p2m_put_foreign_refs(p2m);

    write_unlock(&p2m->lock);
}

/* ---- Freeing ---- */

/* Free a table unlinked from the tree, and everything below it. */
static void p2m_free_subtree(struct p2m_domain *p2m, struct page_info *pg,
                             unsigned int level, bool was_live)
{
    pte_t *table = p2m_map_table(pg);

    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES; i++ )
    {
        pte_t pte = table[i];

        if ( pte_is_table(pte) )
            p2m_free_subtree(p2m, mfn_to_page(pte_get_mfn(pte)), level - 1,
                             was_live);
        else if ( p2m_pte_is_leaf(pte) )
        {
            const struct p2m_slot s = { .pg = pg, .idx = i };
            p2m_type_t t;
            p2m_access_t a;

            /*
             * A table that was never live holds copies of a superpage
             * that is still there, with the references.
             */
            p2m_decode_leaf(&s, pte, &t, &a);
            if ( was_live && p2m_is_foreign(t) )
                p2m_foreign_leaf_gone(p2m, pte_get_mfn(pte),
                                      XEN_PT_LEVEL_ORDER(level));
            p2m->stats.leaves[level]--;
        }
    }
    unmap_domain_page(table);

    p2m_free_table(p2m, pg, was_live);
}

/*
 * After an entry was cleared: unlink and free every table on the path that
 * became empty, bottom up.  The root is never freed.
 */
static void p2m_free_empty_tables(struct p2m_domain *p2m,
                                  const struct p2m_slot *path, gfn_t gfn,
                                  unsigned int bottom)
{
    for ( unsigned int level = bottom; level < P2M_ROOT_LEVEL(p2m); level++ )
    {
        struct page_info *pg = path[level].pg;
        const struct p2m_slot *parent = &path[level + 1];
        pte_t none = { .pte = 0 };
        pte_t old;

        if ( pg->v.md.nonzero_entries )
            break;
        old = p2m_read_slot(parent);

        p2m_store_entry(p2m, parent, level + 1, old, none, NULL);
        p2m_note_replaced(p2m, old, none, gfn, level + 1);
        p2m_free_table(p2m, pg, true);
    }
}

/* ---- Building off to the side ---- */

/*
 * Fill table, new and unlinked, at level with the pieces of the superpage
 * at level + 1 whose entry is super_pte and whose type and access are
 * super's.  The hardware cannot see the table yet, so the entries are
 * written in one pass and the counters set once, rather than entry by
 * entry.  Any metadata page the pieces need is already there.
 */
static void p2m_fill_table(struct p2m_domain *p2m, struct page_info *pg,
                           pte_t *table, unsigned int level,
                           const struct p2m_leaf *super, pte_t super_pte)
{
    unsigned long pte;
    unsigned long step;

    if ( pg->v.md.pg )
    {
        uint8_t *md = p2m_map_md(pg);

        memset(md,
               (int)((unsigned int)super->t |
                     ((unsigned int)super->a << P2M_MD_ACCESS_SHIFT)),
               PAGETABLE_ENTRIES);
        unmap_domain_page(md);
        pg->u.md.used_entries = PAGETABLE_ENTRIES;
    }

    /*
     * Piece i is the superpage's own entry with the frame moved on by i
     * leaves of level: a leaf's bits mean the same at every level (Priv.
     * spec, "Virtual Address Translation Process", any level may hold a
     * leaf), so nothing is encoded again.
     */
    pte = super_pte.pte;
    step = 1UL << (XEN_PT_LEVEL_ORDER(level) + PTE_PPN_SHIFT);

    /*
     * A store and an add per entry is the least the fill can be; a plain
     * loop adds an increment and a branch to each, doubling it.  Unrolled
     * eight times they are paid once per eight entries (512 divides).
     */
#pragma GCC unroll 8
    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES; i++ )
    {
        write_pte(&table[i], (pte_t){ .pte = pte });
        pte += step;
    }

    pg->v.md.nonzero_entries = PAGETABLE_ENTRIES;
    p2m->stats.leaves[level] += PAGETABLE_ENTRIES;
}

/*
 * Split, off to the side, the superpage at level + 1 whose entry is
 * super_pte and whose type and access are super's (or, for super == NULL,
 * a hole, which splits into empty tables) down to target, along gfn's path
 * only (R5): build the table at level holding the 512 pieces, each with
 * the superpage's permissions, type and access and its frame moved on,
 * then recurse into the piece on the path, down to target, where new_pte
 * is written.  Every other piece keeps its translation and stays as large
 * as it can be.  pieces_md says whether the pieces keep their type in a
 * metadata page: every piece of a superpage does as the superpage does,
 * so the caller decides it once, from super_pte.
 *
 * Nothing is linked into the live tree.  On success *table is the table
 * built at level, complete, and path[target .. level] the slots on the way
 * down.  On failure every page taken here and below is back in the pool
 * (R7): the caller has nothing to undo.
 */
static int p2m_split_superpage(struct p2m_domain *p2m, gfn_t gfn,
                               unsigned int level, unsigned int target,
                               const struct p2m_leaf *super, pte_t super_pte,
                               bool pieces_md, pte_t new_pte,
                               const struct p2m_leaf *leaf,
                               struct page_info **table, struct p2m_slot *path)
{
    struct page_info *pg = p2m_alloc_table(p2m);
    struct p2m_slot *s = &path[level];
    pte_t *t;
    pte_t piece;

    if ( !pg )
        return -ENOMEM;
    if ( pieces_md && p2m_alloc_md(p2m, pg) )
    {
        /* Nothing is stored in the table yet. */
        p2m_free_table(p2m, pg, false);
        return -ENOMEM;
    }

    t = p2m_map_table(pg);
    if ( super )
        p2m_fill_table(p2m, pg, t, level, super, super_pte);
    s->pg = pg;
    s->idx =
        (gfn_x(gfn) >> XEN_PT_LEVEL_ORDER(level)) & (PAGETABLE_ENTRIES - 1);
    piece = read_pte(&t[s->idx]);

    if ( level == target )
    {
        if ( leaf && p2m_leaf_needs_md(leaf->t, leaf->a) &&
             p2m_alloc_md(p2m, pg) )
            goto fail;
        p2m_store_piece(p2m, s, t, level, piece, pieces_md, new_pte, leaf);
    }
    else
    {
        struct page_info *child;

        /* The piece on the path, piece, is the next level's superpage. */
        if ( p2m_split_superpage(p2m, gfn, level - 1, target, super, piece,
                                 pieces_md, new_pte, leaf, &child, path) )
            goto fail;
        p2m_store_piece(p2m, s, t, level, piece, pieces_md,
                        p2m_table_pte(child), NULL);
    }
    unmap_domain_page(t);

    *table = pg;
    return 0;

 fail:
    /*
     * What the levels below built, they freed.  This table goes now, after
     * them and its metadata page before it: the reverse of the order the
     * pages were taken in, so the pool's list ends as it was.
     */
    unmap_domain_page(t);
    p2m_free_subtree(p2m, pg, level, false);
    return -ENOMEM;
}

/* ---- Merging back into superpages (R11) ---- */

/*
 * Only this domain's RAM and MMIO merge.  A foreign leaf holds a page
 * reference per frame, dropped when the leaf goes (p2m_store_entry()); a
 * merged leaf would have to take them over exactly.  Granted frames are
 * mapped and unmapped page by page by their users: nothing to gain.
 */
static bool p2m_type_merges(p2m_type_t t)
{
    return p2m_is_ram(t) || t == p2m_mmio_direct_io;
}

/*
 * Is the table pg at level one superpage's worth: 512 leaves whose PTEs
 * differ only in a frame that steps by one leaf from a frame aligned to
 * level + 1 (so the same permissions, attributes and RSW), with the same
 * metadata byte where the type is kept out of the PTE, of a type that
 * merges?  Then *super is that superpage.  Entry idx, just written, is
 * compared first: a table that is not becoming uniform is told by one
 * entry, not by a scan.
 */
static bool p2m_table_is_superpage(struct page_info *pg, unsigned int level,
                                   unsigned int idx, struct p2m_leaf *super)
{
    const struct p2m_slot first = { .pg = pg, .idx = 0 };
    uint64_t step = 1UL << (XEN_PT_LEVEL_ORDER(level) + PTE_PPN_SHIFT);
    const pte_t *table = p2m_map_table(pg);
    pte_t pte0 = table[0];
    bool uniform = p2m_pte_is_leaf(pte0) &&
                   table[idx].pte == pte0.pte + idx * step &&
                   IS_ALIGNED(mfn_x(pte_get_mfn(pte0)),
                              1UL << XEN_PT_LEVEL_ORDER(level + 1));

    for ( unsigned int i = 1; uniform && i < PAGETABLE_ENTRIES; i++ )
        uniform = table[i].pte == pte0.pte + i * step;
    unmap_domain_page(table);
    if ( !uniform )
        return false;

    if ( p2m_pte_rsw(pte0) == P2M_RSW_EXT )
    {
        const uint8_t *md = p2m_map_md(pg);

        for ( unsigned int i = 1; uniform && i < PAGETABLE_ENTRIES; i++ )
            uniform = md[i] == md[0];
        unmap_domain_page(md);
        if ( !uniform )
            return false;
    }

    super->mfn = pte_get_mfn(pte0);
    p2m_decode_leaf(&first, pte0, &super->t, &super->a);

    return p2m_type_merges(super->t);
}

/*
 * A leaf was just written into the live table path[level].pg.  While that
 * table is one superpage's worth (above), replace the pointer to it with
 * that superpage, one level up, and look at the table that now holds the
 * new leaf.  A table pointer changes, so the flush is VMID-wide
 * (p2m_note_replaced()), and the table goes back to the pool only after
 * it (deferred, as every unlinked table).  Nothing is allocated, so
 * nothing can fail: a superpage whose type is kept out of the PTE takes
 * the merged table's metadata page when the table above has none.
 * path[l].pg is cleared for every table merged away.
 */
static noinline void p2m_merge_up(struct p2m_domain *p2m, struct p2m_slot *path,
                                  gfn_t gfn, unsigned int from)
{
    for ( unsigned int level = from; level < P2M_ROOT_LEVEL(p2m); level++ )
    {
        struct page_info *pg = path[level].pg;
        struct page_info *up = path[level + 1].pg;
        struct p2m_leaf super;
        pte_t old, new_pte;

        if ( pg->v.md.nonzero_entries != PAGETABLE_ENTRIES ||
             !p2m_table_is_superpage(pg, level, path[level].idx, &super) )
            break;

        new_pte = p2m_leaf_pte(&super);
        if ( p2m_pte_rsw(new_pte) == P2M_RSW_EXT && !up->v.md.pg )
        {
            uint8_t *md = p2m_map_md(pg);

            /* Every byte describes a leaf that goes: none is kept. */
            memset(md, 0, PAGETABLE_ENTRIES);
            unmap_domain_page(md);
            up->v.md.pg = pg->v.md.pg;
            pg->v.md.pg = NULL;
        }

        old = p2m_read_slot(&path[level + 1]);
        p2m_store_entry(p2m, &path[level + 1], level + 1, old, new_pte, &super);
        p2m_note_replaced(p2m, old, new_pte, gfn, level + 1);

        p2m->stats.leaves[level] -= PAGETABLE_ENTRIES;
        p2m_free_table(p2m, pg, true);
        p2m->stats.merges++;
        path[level].pg = NULL;
    }
}

/*
 * Could the table holding s, just written, have become one superpage?
 * Only if it is full, entry 0 starts an aligned run and the entry agrees
 * with it: two comparisons spare the call and the scan for the many full
 * tables that are not.
 */
static always_inline bool p2m_merge_candidate(const struct p2m_domain *p2m,
                                              const struct p2m_slot *s,
                                              unsigned int level)
{
    const pte_t *table;
    bool may;

    if ( level >= P2M_ROOT_LEVEL(p2m) ||
         s->pg->v.md.nonzero_entries != PAGETABLE_ENTRIES )
        return false;

    table = p2m_map_table(s->pg);
    may = IS_ALIGNED(mfn_x(pte_get_mfn(table[0])),
                     1UL << XEN_PT_LEVEL_ORDER(level + 1)) &&
          table[s->idx].pte ==
              table[0].pte + ((uint64_t)s->idx
                              << (XEN_PT_LEVEL_ORDER(level) + PTE_PPN_SHIFT));
    unmap_domain_page(table);

    return may;
}

/* ---- Updating one entry ---- */

/*
 * Walk from the root towards gfn's entry at level target, through table
 * pointers only, recording the slot at each level in path[].  Returns the
 * entry where the walk stopped (at target, or above it at a leaf or a
 * hole) and its level in *level.
 */
static always_inline pte_t p2m_walk(const struct p2m_domain *p2m, gfn_t gfn,
                                    unsigned int target, struct p2m_slot *path,
                                    unsigned int *level)
{
    unsigned int l = P2M_ROOT_LEVEL(p2m);
    pte_t pte;

    path[l] = p2m_root_slot(p2m, gfn);
    pte = p2m_read_slot(&path[l]);
    while ( l > target && pte_is_table(pte) )
    {
        l--;
        path[l] = p2m_child_slot(p2m, pte, gfn, l);
        pte = p2m_read_slot(&path[l]);
    }
    *level = l;

    return pte;
}

/*
 * Does the leaf old at level already imply leaf at target for gfn?  Then
 * writing it would change nothing, and a superpage must not be split for
 * it (R6).
 */
static bool p2m_leaf_implies(const struct p2m_slot *s, pte_t old,
                             unsigned int level, gfn_t gfn,
                             const struct p2m_leaf *leaf)
{
    unsigned long offset =
        gfn_x(gfn) & ((1UL << XEN_PT_LEVEL_ORDER(level)) - 1);
    p2m_type_t t;
    p2m_access_t a;

    if ( !leaf || !p2m_pte_is_leaf(old) )
        return false;

    p2m_decode_leaf(s, old, &t, &a);

    return t == leaf->t && a == leaf->a &&
           mfn_eq(mfn_add(pte_get_mfn(old), offset), leaf->mfn);
}

/*
 * Write leaf (or nothing, for leaf == NULL) into the live slot path[level],
 * where the walk ended at the level of the change.  The only allocation,
 * for type storage, comes first, so -ENOMEM changes nothing.
 */
static always_inline int p2m_set_slot(struct p2m_domain *p2m,
                                      struct p2m_slot *path, unsigned int level,
                                      gfn_t gfn, pte_t old,
                                      const struct p2m_leaf *leaf)
{
    pte_t new_pte = { .pte = 0 };

    if ( leaf )
        new_pte = p2m_leaf_pte(leaf);

    /*
     * At its own level an entry implies only itself: the same PTE (a
     * function of frame, type and access) and, for a type kept out of
     * the PTE, the same metadata.  Then nothing changes (R6).
     */
    if ( old.pte == new_pte.pte &&
         (!p2m_pte_has_md(old) ||
          p2m_leaf_implies(&path[level], old, level, gfn, leaf)) )
        return 0;

    if ( leaf && p2m_pte_rsw(new_pte) == P2M_RSW_EXT &&
         p2m_alloc_md(p2m, path[level].pg) )
        return -ENOMEM;

    p2m_store_entry(p2m, &path[level], level, old, new_pte, leaf);
    /*
     * A change only the metadata records (grant_map_rw to map_foreign_rw,
     * say) leaves the PTE bit for bit as it was: no TLB can hold anything
     * that differs from it, so there is nothing to fence.
     */
    if ( old.pte != new_pte.pte )
        p2m_note_replaced(p2m, old, new_pte, gfn, level);

    /* A leaf replaced a table (or the table went): free what hung there. */
    if ( pte_is_table(old) )
        p2m_free_subtree(p2m, mfn_to_page(pte_get_mfn(old)), level - 1, true);

    if ( !leaf && level < P2M_ROOT_LEVEL(p2m) &&
         !path[level].pg->v.md.nonzero_entries )
        p2m_free_empty_tables(p2m, path, gfn, level);

    /* A full table may have become one superpage (R11). */
    if ( leaf && p2m_merge_candidate(p2m, &path[level], level) )
        p2m_merge_up(p2m, path, gfn, level);

    return 0;
}

/*
 * Make the 2^(9 * target) pages at gfn map leaf (or nothing, for
 * leaf == NULL).  gfn (and leaf->mfn) must be aligned to the target level.
 *
 * The walk goes down from the root once.  If it meets a superpage (or a
 * hole) above the target, the replacement path is built off to the side,
 * complete, and published with one store after a write barrier: a hart
 * walking concurrently sees either the old superpage or the finished
 * subtree, never a half-filled table (R5).  All allocations happen before
 * the tree changes, so -ENOMEM leaves the p2m exactly as it was (R7).
 *
 * On success path[target].pg is the live table holding the entry, or NULL
 * if the walk did not need to reach the target (nothing to remove, or a
 * superpage already implying leaf).
 */
static noinline int p2m_set_below(struct p2m_domain *p2m, gfn_t gfn,
                                  unsigned int target,
                                  const struct p2m_leaf *leaf,
                                  struct p2m_slot *path, unsigned int level,
                                  pte_t old);

static int __p2m_set_entry(struct p2m_domain *p2m, gfn_t gfn,
                           unsigned int target, const struct p2m_leaf *leaf,
                           struct p2m_slot *path)
{
    unsigned int level;
    pte_t old;

    ASSERT(p2m_is_write_locked(p2m));
    ASSERT(target <= P2M_ROOT_LEVEL(p2m));
    ASSERT(IS_ALIGNED(gfn_x(gfn), 1UL << XEN_PT_LEVEL_ORDER(target)));

    path[target].pg = NULL;
    old = p2m_walk(p2m, gfn, target, path, &level);

    if ( level == target )
        return p2m_set_slot(p2m, path, level, gfn, old, leaf);

    return p2m_set_below(p2m, gfn, target, leaf, path, level, old);
}

/*
 * __p2m_set_entry() where the walk towards target stopped above it, at
 * path[level], at old: a hole or a superpage, split off to the side down
 * to target (see above).
 */
static noinline int p2m_set_below(struct p2m_domain *p2m, gfn_t gfn,
                                  unsigned int target,
                                  const struct p2m_leaf *leaf,
                                  struct p2m_slot *path, unsigned int level,
                                  pte_t old)
{
    bool old_md = p2m_pte_has_md(old);
    struct p2m_leaf super;
    struct page_info *top;
    pte_t *table;
    int rc;

    /* Removing from a hole, or writing what a superpage implies. */
    if ( !p2m_pte_is_present(old)
             ? !leaf
             : leaf && p2m_leaf_implies(&path[level], old, level, gfn, leaf) )
    {
        path[target].pg = NULL;
        return 0;
    }

    if ( p2m_pte_is_present(old) )
    {
        super.mfn = pte_get_mfn(old);
        p2m_decode_leaf(&path[level], old, &super.t, &super.a);
    }

    rc = p2m_split_superpage(
        p2m, gfn, level - 1, target, p2m_pte_is_present(old) ? &super : NULL,
        old, old_md, leaf ? p2m_leaf_pte(leaf) : (pte_t){ .pte = 0 }, leaf,
        &top, path);
    if ( rc )
    {
        /*
         * The split freed what it built, and its statistics with it: each
         * table it freed counted off its leaves, itself and its type page.
         */
        path[target].pg = NULL;
        return rc;
    }

    /* The whole subtree must be visible before the pointer to it. */
    smp_wmb();
    table = p2m_map_table(path[level].pg);
    p2m_store_piece(p2m, &path[level], table, level, old, old_md,
                    p2m_table_pte(top), NULL);
    unmap_domain_page(table);
    p2m_note_replaced(p2m, old, p2m_table_pte(top), gfn, level);
    if ( p2m_pte_is_present(old) )
        p2m->stats.splits += level - target;

    return 0;
}

/* After a run filled a table: it may have become one superpage (R11). */
static void p2m_merge_run(struct p2m_domain *p2m, struct p2m_slot *path,
                          gfn_t gfn, unsigned int level)
{
    if ( p2m_merge_candidate(p2m, &path[level], level) )
        p2m_merge_up(p2m, path, gfn, level);
}

/*
 * Continue a range at the same level in the table where the last entry
 * went: up to n more entries after path[level], no walk needed.  Runs of
 * empty entries being mapped (the common case: populating) are written in
 * one tight loop with the counters updated once; any other entry goes
 * through p2m_set_slot().  Returns the entries done in *ran.
 */
static int p2m_set_run(struct p2m_domain *p2m, struct p2m_slot *path,
                       unsigned int level, gfn_t first,
                       const struct p2m_leaf *leaf, unsigned long n,
                       unsigned long *ran)
{
    unsigned long pages = 1UL << XEN_PT_LEVEL_ORDER(level);
    struct p2m_slot *s = &path[level];
    struct p2m_leaf cur;
    gfn_t gfn = first;
    unsigned long k = 0;
    pte_t old;
    int rc = 0;

    if ( leaf )
        cur = *leaf;

    /*
     * A table holding only the entry just written (typically one the walk
     * has just built) is empty after it: fill the run without looking.
     */
    if ( leaf && n && s->pg->v.md.nonzero_entries == 1 &&
         !p2m_leaf_needs_md(leaf->t, leaf->a) )
    {
        pte_t *table = p2m_map_table(s->pg);
        uint64_t step = (uint64_t)pages << PTE_PPN_SHIFT;
        uint64_t pte = p2m_leaf_pte(leaf).pte + step;

        for ( unsigned long j = 1; j <= n; j++ )
        {
            write_pte(&table[s->idx + j], (pte_t){ .pte = pte });
            pte += step;
        }
        unmap_domain_page(table);

        s->idx += n;
        s->pg->v.md.nonzero_entries += n;
        p2m->stats.leaves[level] += n;
        *ran = n;
        p2m_merge_run(p2m, path, gfn, level);

        return 0;
    }

    while ( k < n )
    {
        gfn = gfn_add(gfn, pages);
        if ( leaf )
            cur.mfn = mfn_add(cur.mfn, pages);
        s->idx++;

        old = p2m_read_slot(s);
        if ( leaf && !p2m_pte_is_present(old) &&
             !p2m_leaf_needs_md(cur.t, cur.a) )
        {
            pte_t *table = p2m_map_table(s->pg);
            uint64_t pte = p2m_leaf_pte(&cur).pte;
            uint64_t step = (uint64_t)pages << PTE_PPN_SHIFT;
            unsigned long filled = 0;

            /* Invalid to valid needs no fence (see p2m_note_replaced()). */
            do {
                write_pte(&table[s->idx], (pte_t){ .pte = pte });
                filled++;
                if ( k + filled == n || table[s->idx + 1].pte != 0 )
                    break;
                s->idx++;
                pte += step;
            } while ( 1 );
            unmap_domain_page(table);

            s->pg->v.md.nonzero_entries += filled;
            p2m->stats.leaves[level] += filled;
            k += filled;
            gfn = gfn_add(gfn, (filled - 1) * pages);
            cur.mfn = mfn_add(cur.mfn, (filled - 1) * pages);
            p2m_merge_run(p2m, path, gfn, level);
            if ( !s->pg )
                break;
            continue;
        }

        rc = p2m_set_slot(p2m, path, level, gfn, old, leaf ? &cur : NULL);
        if ( rc )
            break;
        k++;

        /* Mapping may have merged the table into a superpage. */
        if ( !s->pg )
            break;

        /* Removing may have freed the table itself. */
        if ( !leaf && level < P2M_ROOT_LEVEL(p2m) &&
             !s->pg->v.md.nonzero_entries )
            break;
    }

    *ran = k;

    return rc;
}

/*
 * The largest level whose leaf fits at gfn: gfn (and mfn, when mapping)
 * aligned to it and at least that many pages left (R4).
 */
static unsigned int p2m_mapping_level(const struct p2m_domain *p2m, gfn_t gfn,
                                      mfn_t mfn, unsigned long nr)
{
    unsigned long mask = gfn_x(gfn);

    if ( !mfn_eq(mfn, INVALID_MFN) )
        mask |= mfn_x(mfn);

    for ( unsigned int level = P2M_ROOT_LEVEL(p2m); level > 0; level-- )
    {
        unsigned long pages = 1UL << XEN_PT_LEVEL_ORDER(level);

        if ( nr >= pages && !(mask & (pages - 1)) )
            return level;
    }

    return 0;
}

static bool p2m_range_valid(const struct p2m_domain *p2m, gfn_t gfn,
                            unsigned long nr)
{
    unsigned long limit = p2m_gfn_limit(p2m);

    return gfn_x(gfn) < limit && nr <= limit - gfn_x(gfn);
}

/*
 * Cacheability of a mapping: MMIO is uncached, strongly ordered (PBMT=IO
 * where Svpbmt is there), everything else is cacheable RAM.
 *
 * A mapping must not change between the two in place.  Priv. spec,
 * Svpbmt: a hart may still hold the old translation, and may hold the
 * frame's lines in its caches, so an access with the new attributes can
 * meet stale data or lose coherence.  Doing it safely needs the old entry
 * invalid, fenced on every hart, and the frame written back and
 * invalidated (CBO.FLUSH, Zicbom) before the new entry appears; rather
 * than do that under the lock, the p2m refuses with -EBUSY, and the caller
 * removes the mapping first (R9).  This is also why a type change between
 * RAM and MMIO is refused, whether or not the hart has Svpbmt: the rule
 * does not depend on what the hardware happens to cache.
 */
static bool p2m_type_is_io(p2m_type_t t)
{
    return t == p2m_mmio_direct_io;
}

/* Does [gfn, gfn + nr) map anything whose cacheability t would change? */
static bool p2m_range_changes_cacheability(struct p2m_domain *p2m, gfn_t gfn,
                                           unsigned long nr, p2m_type_t t)
{
    unsigned long i = 0;

    while ( i < nr )
    {
        unsigned int order;
        p2m_type_t cur;
        mfn_t mfn =
            p2m_get_entry(p2m, gfn_add(gfn, i), &cur, NULL, &order, NULL);

        if ( !mfn_eq(mfn, INVALID_MFN) &&
             p2m_type_is_io(cur) != p2m_type_is_io(t) )
            return true;
        i += (1UL << order) - ((gfn_x(gfn) + i) & ((1UL << order) - 1));
    }

    return false;
}

/*
 * p2m_set_range() for anything but one entry written at its own level:
 * piece by piece, each the largest leaf that fits (R4), splitting where
 * needed.  Kept out of line so that the single-entry path does not pay
 * for this one's frame.
 */
static noinline int p2m_set_pieces(struct p2m_domain *p2m, gfn_t sgfn,
                                   unsigned long nr, mfn_t smfn,
                                   const struct p2m_leaf *leafp,
                                   unsigned long *done)
{
    bool removing = mfn_eq(smfn, INVALID_MFN);
    struct p2m_leaf leaf = *leafp;
    unsigned long i = 0;
    int rc = 0;

    while ( i < nr )
    {
        struct p2m_slot path[P2M_MAX_LEVELS];
        gfn_t gfn = gfn_add(sgfn, i);
        mfn_t mfn = removing ? INVALID_MFN : mfn_add(smfn, i);
        unsigned int level = p2m_mapping_level(p2m, gfn, mfn, nr - i);
        unsigned int order = XEN_PT_LEVEL_ORDER(level);
        unsigned long ran;

        leaf.mfn = mfn;
        rc = __p2m_set_entry(p2m, gfn, level, removing ? NULL : &leaf, path);
        if ( rc )
            break;
        i += 1UL << order;

        /*
         * Pieces after this one at the same level and in the same table:
         * a larger leaf cannot fit before the table's end (the GFN is not
         * aligned to the level above until then), so no walk is needed.
         */
        if ( !path[level].pg || (level < P2M_ROOT_LEVEL(p2m) &&
                                 !path[level].pg->v.md.nonzero_entries) )
            continue;
        rc = p2m_set_run(
            p2m, path, level, gfn, removing ? NULL : &leaf,
            min((unsigned long)(PAGETABLE_ENTRIES - 1 - path[level].idx),
                (nr - i) >> order),
            &ran);
        i += ran << order;
        if ( rc )
            break;
    }

    *done = i;

    return rc;
}

/*
 * The common single-entry update: one leaf (or hole) written where one
 * walk ends, at its own level, or split off a superpage (or a hole) above
 * it; nothing to set up for a range.  Returns false, having changed
 * nothing, when the entry replaces a table (whose contents the range
 * checks must see); p2m_set_range()'s loop does it then.  Otherwise *rc
 * is the result.
 */
static always_inline bool p2m_set_one(struct p2m_domain *p2m, gfn_t gfn,
                                      unsigned int target,
                                      const struct p2m_leaf *leaf, int *rc)
{
    struct p2m_slot path[P2M_MAX_LEVELS];
    unsigned int level;
    pte_t old = p2m_walk(p2m, gfn, target, path, &level);

    *rc = 0;
    if ( !leaf && !p2m_pte_is_present(old) )
        return true;
    /* A table at the target replaced by a leaf: what hangs below counts. */
    if ( pte_is_table(old) )
        return false;

    /*
     * What p2m_range_changes_cacheability() would find: the one leaf the
     * entry replaces or splits.
     */
    if ( leaf && p2m_pte_is_leaf(old) )
    {
        p2m_type_t t;
        p2m_access_t a;

        p2m_decode_leaf(&path[level], old, &t, &a);
        if ( p2m_type_is_io(t) != p2m_type_is_io(leaf->t) )
        {
            *rc = -EBUSY;
            return true;
        }
    }

    if ( level == target )
        *rc = p2m_set_slot(p2m, path, level, gfn, old, leaf);
    else
        *rc = p2m_set_below(p2m, gfn, target, leaf, path, level, old);

    return true;
}

int p2m_set_range(struct p2m_domain *p2m, gfn_t sgfn, unsigned long nr,
                  mfn_t smfn, p2m_type_t t, p2m_access_t a, unsigned long *done)
{
    bool removing = mfn_eq(smfn, INVALID_MFN);
    struct p2m_leaf leaf = { .t = t, .a = a };
    int rc = 0;

    ASSERT(p2m_is_write_locked(p2m));

    *done = 0;

    if ( !p2m_range_valid(p2m, sgfn, nr) )
        return -EINVAL;
    if ( !removing &&
         (!p2m_is_valid_type(t) || (unsigned int)a > p2m_access_rwx ||
          mfn_x(smfn) >= P2M_MFN_LIMIT || nr > P2M_MFN_LIMIT - mfn_x(smfn)) )
        return -EINVAL;

    /* A single entry: the range is one leaf of the level that fits. */
    if ( nr == 1 || (nr & (nr - 1)) == 0 )
    {
        unsigned int level =
            nr == 1 ? 0 : p2m_mapping_level(p2m, sgfn, smfn, nr);

        /*
         * Two calls, so that each is compiled for its case: a removal's
         * has none of a leaf's encoding, type storage or merge checks.
         */
        leaf.mfn = smfn;
        if ( nr == 1UL << XEN_PT_LEVEL_ORDER(level) &&
             (removing ? p2m_set_one(p2m, sgfn, level, NULL, &rc)
                       : p2m_set_one(p2m, sgfn, level, &leaf, &rc)) )
        {
            *done = rc ? 0 : nr;
            return rc;
        }
    }

    if ( !removing && p2m_range_changes_cacheability(p2m, sgfn, nr, t) )
        return -EBUSY;

    return p2m_set_pieces(p2m, sgfn, nr, smfn, &leaf, done);
}

/* ---- Lookup ---- */

mfn_t p2m_get_entry(struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                    p2m_access_t *a, unsigned int *page_order, bool *valid)
{
    unsigned int level = P2M_ROOT_LEVEL(p2m);
    struct p2m_slot s;
    p2m_type_t type = p2m_invalid;
    p2m_access_t access = p2m_access_n;
    mfn_t mfn = INVALID_MFN;
    pte_t pte;

    ASSERT(rw_is_locked(&p2m->lock));

    if ( valid )
        *valid = false;

    if ( gfn_x(gfn) >= p2m_gfn_limit(p2m) )
    {
        level = 0;
        goto out;
    }

    s = p2m_root_slot(p2m, gfn);
    pte = p2m_read_slot(&s);
    while ( level > 0 && pte_is_table(pte) )
    {
        level--;
        s = p2m_child_slot(p2m, pte, gfn, level);
        pte = p2m_read_slot(&s);
    }

    if ( p2m_pte_is_leaf(pte) )
    {
        unsigned long offset =
            gfn_x(gfn) & ((1UL << XEN_PT_LEVEL_ORDER(level)) - 1);

        mfn = mfn_add(pte_get_mfn(pte), offset);
        p2m_decode_leaf(&s, pte, &type, &access);
        if ( valid )
            *valid = pte_is_valid(pte);
    }

 out:
    if ( t )
        *t = type;
    if ( a )
        *a = access;
    if ( page_order )
        *page_order = XEN_PT_LEVEL_ORDER(level);

    return mfn;
}

/* p2m_get_entry() for callers that do not hold the lock. */
static mfn_t p2m_get_entry_locked(struct domain *d, gfn_t gfn, p2m_type_t *t,
                                  p2m_access_t *a)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    mfn_t mfn;

    p2m_read_lock(p2m);
    mfn = p2m_get_entry(p2m, gfn, t, a, NULL, NULL);
    p2m_read_unlock(p2m);

    return mfn;
}

mfn_t p2m_lookup(struct domain *d, gfn_t gfn, p2m_type_t *t)
{
    return p2m_get_entry_locked(d, gfn, t, NULL);
}

struct page_info *p2m_get_page_from_gfn(struct p2m_domain *p2m, gfn_t gfn,
                                        p2m_type_t *t)
{
    struct page_info *page = NULL;
    p2m_type_t p2mt;
    mfn_t mfn;

    p2m_read_lock(p2m);
    mfn = p2m_get_entry(p2m, gfn, &p2mt, NULL, NULL, NULL);
    if ( !mfn_eq(mfn, INVALID_MFN) && p2m_is_any_ram(p2mt) && mfn_valid(mfn) )
    {
        struct page_info *pg = mfn_to_page(mfn);
        /* A foreign or granted page's reference goes to its owner. */
        const struct domain *owner =
            p2m_is_ram(p2mt) ? p2m->domain : page_get_owner(pg);

        if ( get_page(pg, owner) )
            page = pg;
    }
    p2m_read_unlock(p2m);

    if ( t )
        *t = p2mt;

    return page;
}

struct page_info *get_page_from_gfn(struct domain *d, unsigned long gfn,
                                    p2m_type_t *t, p2m_query_t q)
{
    /* Nothing is populated on demand or shared here: q changes nothing. */
    (void)q;

    return p2m_get_page_from_gfn(p2m_get_hostp2m(d), _gfn(gfn), t);
}

/* ---- Public updates ---- */

int guest_physmap_add_entry(struct domain *d, gfn_t gfn, mfn_t mfn,
                            unsigned long page_order, p2m_type_t t)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long done;
    int rc;

    if ( page_order > XEN_PT_LEVEL_ORDER(P2M_ROOT_LEVEL(p2m)) ||
         !IS_ALIGNED(gfn_x(gfn), 1UL << page_order) ||
         !IS_ALIGNED(mfn_x(mfn), 1UL << page_order) ||
         mfn_eq(mfn, INVALID_MFN) )
        return -EINVAL;

    p2m_write_lock(p2m);
    rc = p2m_set_range(p2m, gfn, 1UL << page_order, mfn, t, p2m_access_rwx,
                       &done);
    p2m_write_unlock(p2m);

    return rc;
}

/* Does every page of [gfn, gfn + nr) map mfn + i? */
static bool p2m_range_maps(struct p2m_domain *p2m, gfn_t gfn, unsigned long nr,
                           mfn_t mfn)
{
    unsigned long i = 0;

    while ( i < nr )
    {
        unsigned int order;
        mfn_t cur =
            p2m_get_entry(p2m, gfn_add(gfn, i), NULL, NULL, &order, NULL);
        unsigned long left =
            (1UL << order) - ((gfn_x(gfn) + i) & ((1UL << order) - 1));

        if ( !mfn_eq(cur, mfn_add(mfn, i)) )
            return false;
        i += left;
    }

    return true;
}

int guest_physmap_remove_page(struct domain *d, gfn_t gfn, mfn_t mfn,
                              unsigned int page_order)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long nr;
    unsigned long done;
    int rc;

    /* The order is the guest's: check it before shifting by it. */
    if ( page_order > XEN_PT_LEVEL_ORDER(P2M_ROOT_LEVEL(p2m)) )
        return -EINVAL;
    nr = 1UL << page_order;
    if ( !IS_ALIGNED(gfn_x(gfn), nr) )
        return -EINVAL;

    p2m_write_lock(p2m);
    /* p2m_set_range() checks the range itself (-EINVAL). */
    if ( !mfn_eq(mfn, INVALID_MFN) && (!p2m_range_valid(p2m, gfn, nr) ||
                                       !p2m_range_maps(p2m, gfn, nr, mfn)) )
        rc = -EINVAL;
    else
        rc = p2m_set_range(p2m, gfn, nr, INVALID_MFN, p2m_invalid, p2m_access_n,
                           &done);
    p2m_write_unlock(p2m);

    return rc;
}

int map_regions_p2mt(struct domain *d, gfn_t gfn, unsigned long nr, mfn_t mfn,
                     p2m_type_t p2mt)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long done;
    int rc;

    if ( mfn_eq(mfn, INVALID_MFN) )
        return -EINVAL;

    p2m_write_lock(p2m);
    rc = p2m_set_range(p2m, gfn, nr, mfn, p2mt, p2m_access_rwx, &done);
    p2m_write_unlock(p2m);

    return rc;
}

int unmap_regions_p2mt(struct domain *d, gfn_t gfn, unsigned long nr, mfn_t mfn)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long done;
    int rc;

    p2m_write_lock(p2m);
    /* p2m_set_range() checks the range itself (-EINVAL). */
    if ( !mfn_eq(mfn, INVALID_MFN) && (!p2m_range_valid(p2m, gfn, nr) ||
                                       !p2m_range_maps(p2m, gfn, nr, mfn)) )
        rc = -EINVAL;
    else
        rc = p2m_set_range(p2m, gfn, nr, INVALID_MFN, p2m_invalid, p2m_access_n,
                           &done);
    p2m_write_unlock(p2m);

    return rc;
}

/*
 * Rewrite the type or access of the mapped pages in a range, leaving
 * holes alone.  Each piece is rewritten at the largest level that stays
 * inside both the range and the existing leaf, so a leaf wholly inside the
 * range is rewritten in place, and only leaves straddling an edge split.
 */
static int p2m_modify_range(struct p2m_domain *p2m, gfn_t sgfn,
                            unsigned long nr, bool set_access, p2m_access_t na,
                            p2m_type_t ot, p2m_type_t nt, unsigned long *done)
{
    unsigned long i = 0;
    int rc = 0;

    *done = 0;
    if ( !p2m_range_valid(p2m, sgfn, nr) ||
         (set_access && (unsigned int)na > p2m_access_rwx) ||
         (!set_access && (!p2m_is_valid_type(ot) || !p2m_is_valid_type(nt))) )
        return -EINVAL;
    /* Never in place between RAM and MMIO (see p2m_type_is_io()). */
    if ( !set_access && p2m_type_is_io(ot) != p2m_type_is_io(nt) )
        return -EBUSY;

    while ( i < nr )
    {
        struct p2m_slot path[P2M_MAX_LEVELS];
        gfn_t gfn = gfn_add(sgfn, i);
        unsigned int level;
        pte_t pte = p2m_walk(p2m, gfn, 0, path, &level);
        unsigned long pages = 1UL << XEN_PT_LEVEL_ORDER(level);
        unsigned long offset = gfn_x(gfn) & (pages - 1);
        unsigned long left = min(pages - offset, nr - i);
        struct p2m_leaf leaf;
        unsigned long ran;

        if ( !p2m_pte_is_leaf(pte) )
        {
            i += left;
            continue;
        }
        p2m_decode_leaf(&path[level], pte, &leaf.t, &leaf.a);
        if ( !set_access && leaf.t != ot )
        {
            i += left;
            continue;
        }

        if ( set_access )
            leaf.a = na;
        else
            leaf.t = nt;
        leaf.mfn = mfn_add(pte_get_mfn(pte), offset);

        /* The whole leaf: rewritten where the walk found it. */
        if ( left == pages )
        {
            rc = p2m_set_slot(p2m, path, level, gfn, pte, &leaf);
            if ( rc )
                break;
            i += left;
            continue;
        }

        /*
         * Part of it: the leaf splits, and the pieces go in as a range
         * does, one walk per table rather than per piece.
         */
        rc = p2m_set_pieces(p2m, gfn, left, leaf.mfn, &leaf, &ran);
        i += ran;
        if ( rc )
            break;
    }

    *done = i;
    return rc;
}

int p2m_set_access_range(struct domain *d, gfn_t gfn, unsigned long nr,
                         p2m_access_t a, unsigned long *done)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    int rc;

    p2m_write_lock(p2m);
    rc =
        p2m_modify_range(p2m, gfn, nr, true, a, p2m_invalid, p2m_invalid, done);
    p2m_write_unlock(p2m);

    return rc;
}

int p2m_get_access(struct domain *d, gfn_t gfn, p2m_access_t *a)
{
    mfn_t mfn = p2m_get_entry_locked(d, gfn, NULL, a);

    return mfn_eq(mfn, INVALID_MFN) ? -ENOENT : 0;
}

/*
 * The public xenmem_access_t and p2m_access_t agree on n .. rwx; the
 * event-driven rights beyond them need a vm_event ring, which this p2m
 * does not have.
 */
static bool p2m_xenmem_to_access(xenmem_access_t xa, p2m_access_t *a)
{
    static const p2m_access_t map[XENMEM_access_rwx + 1] = {
        [XENMEM_access_n] = p2m_access_n,
        [XENMEM_access_r] = p2m_access_r,
        [XENMEM_access_w] = p2m_access_w,
        [XENMEM_access_rw] = p2m_access_rw,
        [XENMEM_access_x] = p2m_access_x,
        [XENMEM_access_rx] = p2m_access_rx,
        [XENMEM_access_wx] = p2m_access_wx,
        [XENMEM_access_rwx] = p2m_access_rwx,
    };

    if ( (unsigned int)xa >= ARRAY_SIZE(map) )
        return false;
    *a = map[xa];

    return true;
}

/* Frames handled between two preemption points of p2m_set_mem_access(). */
#define P2M_MEM_ACCESS_BATCH 512U

long p2m_set_mem_access(struct domain *d, gfn_t gfn, uint32_t nr,
                        uint32_t start, uint32_t mask, xenmem_access_t access,
                        unsigned int altp2m_idx)
{
    uint32_t i = start;
    p2m_access_t a;
    unsigned long done;
    int rc;

    if ( altp2m_idx || !p2m_xenmem_to_access(access, &a) )
        return -EINVAL;

    /* INVALID_GFN would set the default access, which this p2m lacks. */
    if ( gfn_eq(gfn, INVALID_GFN) )
        return -EOPNOTSUPP;

    while ( i < nr )
    {
        uint32_t n = min(nr - i, P2M_MEM_ACCESS_BATCH);

        rc = p2m_set_access_range(d, gfn_add(gfn, i), n, a, &done);
        if ( rc )
            return rc;
        i += n;

        /* mask + 1 frames per preemption point, as Xen's callers expect. */
        if ( (i < nr) && !(i & mask) && general_preempt_check() )
            return i;
    }

    return 0;
}

int p2m_get_mem_access(struct domain *d, gfn_t gfn, xenmem_access_t *access,
                       unsigned int altp2m_idx)
{
    p2m_access_t a;
    int rc;

    if ( altp2m_idx )
        return -EINVAL;

    rc = p2m_get_access(d, gfn, &a);
    if ( rc )
        return rc;

    /* Only n .. rwx are ever stored; their values are the public ones. */
    *access = (xenmem_access_t)a;

    return 0;
}

int p2m_change_type_range(struct domain *d, gfn_t gfn, unsigned long nr,
                          p2m_type_t ot, p2m_type_t nt, unsigned long *done)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    int rc;

    p2m_write_lock(p2m);
    rc = p2m_modify_range(p2m, gfn, nr, false, p2m_access_n, ot, nt, done);
    p2m_write_unlock(p2m);

    return rc;
}

/* ---- Set-up and teardown ---- */

void p2m_set_vmid(struct p2m_domain *p2m, unsigned int vmid)
{
    p2m->vmid = vmid;
    p2m->hgatp = MASK_INSR((unsigned long)p2m->mode->mode, HGATP_MODE_MASK) |
                 MASK_INSR((unsigned long)vmid, HGATP_VMID_MASK) |
                 MASK_INSR(mfn_x(page_to_mfn(p2m->root)), HGATP_PPN_MASK);
}

/*
 * Set before the CPU loads hgatp.  The barrier pairs with the one in
 * p2m_tlb_flush(): a flush running concurrently on another CPU either sees
 * the bit, or its PTE stores are visible to this CPU's walks.
 */
void p2m_mark_dirty(struct p2m_domain *p2m, unsigned int cpu)
{
    cpumask_set_cpu(cpu, &p2m->dirty_cpumask);
    smp_mb();
}

/*
 * Called by a CPU that no longer runs the p2m (hgatp names another p2m or
 * is Bare) and has fenced its VMID since, so it holds no translation of
 * it: from now on the p2m's flushes may skip it.  The barrier puts
 * everything the CPU did through the p2m, the fence included, before the
 * bit goes: a flush that reads the mask without the bit (and then reuses
 * pages) comes after all of it.  A flush that still reads the bit sends
 * one fence too many, which is harmless.  Re-joining goes through
 * p2m_mark_dirty() again, before hgatp names the p2m.
 */
void p2m_leave_dirty(struct p2m_domain *p2m, unsigned int cpu)
{
    smp_mb();
    cpumask_clear_cpu(cpu, &p2m->dirty_cpumask);
}

/* The mode whose GPA width is gaddr_bits (34, 41, 50 or 59 bits). */
static int p2m_mode_of_gaddr_bits(unsigned int gaddr_bits,
                                  const struct gstage_mode_desc **mode)
{
    /* Sv32x4: 32-bit VA + 2, an RV32-only mode. */
    if ( gaddr_bits == 34 )
        return -EOPNOTSUPP;

    for ( unsigned int i = 0; i < ARRAY_SIZE(gstage_modes); i++ )
    {
        if ( P2M_GPA_BITS(gstage_modes[i].paging_levels) != gaddr_bits )
            continue;
        if ( gstage_modes[i].paging_levels > max_gstage_mode->paging_levels )
            return -EINVAL;
        *mode = &gstage_modes[i];
        return 0;
    }

    return -EINVAL;
}

int p2m_init(struct domain *d, const struct xen_domctl_createdomain *config)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    const struct gstage_mode_desc *mode = NULL;
    struct page_info *root;
    int rc;

    if ( !config )
        return -EINVAL;
    rc = p2m_mode_of_gaddr_bits(config->arch.gaddr_bits, &mode);
    if ( rc )
        return rc;

    memset(p2m, 0, sizeof(*p2m));
    rwlock_init(&p2m->lock);
    INIT_PAGE_LIST_HEAD(&p2m->pages);
    INIT_PAGE_LIST_HEAD(&p2m->deferred_free);
    cpumask_clear(&p2m->dirty_cpumask);
    p2m->domain = d;
    p2m->mode = mode;

    spin_lock_init(&d->arch.paging.lock);
    INIT_PAGE_LIST_HEAD(&d->arch.paging.freelist);
    d->arch.paging.total_pages = 0;

    /*
     * hgatp.PPN[1:0] are zero in the x4 modes: a root that is not 16 KiB
     * aligned would silently be walked from the wrong place.
     */
    root = alloc_domheap_pages(NULL, P2M_ROOT_ORDER, MEMF_no_owner);
    if ( !root )
        return -ENOMEM;
    if ( !IS_ALIGNED(mfn_x(page_to_mfn(root)), P2M_ROOT_PAGES) )
    {
        printk(XENLOG_ERR "p2m: root table at 0x%lx is not 16 KiB aligned\n",
               mfn_x(page_to_mfn(root)));
        free_domheap_pages(root, P2M_ROOT_ORDER);
        return -EINVAL;
    }

    for ( unsigned int i = 0; i < P2M_ROOT_PAGES; i++ )
    {
        void *p = map_domain_page(page_to_mfn(root + i));

        memset(p, 0, PAGE_SIZE);
        unmap_domain_page(p);
        root[i].count_info |= PGC_p2m_table;
        root[i].v.md.nonzero_entries = 0;
        root[i].u.md.used_entries = 0;
        root[i].v.md.pg = NULL;
    }
    p2m->root = root;
    p2m_set_vmid(p2m, 0);

    return 0;
}

/* Pool pages resized between two preemption points. */
#define P2M_POOL_BATCH 512U

int p2m_set_allocation(struct domain *d, unsigned long pages, bool can_preempt)
{
    struct paging_domain *pool = &d->arch.paging;
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned int batch = 0;
    int rc = 0;

    ASSERT(spin_is_locked(&pool->lock));

    /* Pages in use are on p2m lists: hold the p2m still while counting. */
    p2m_write_lock(p2m);

    while ( pool->total_pages != pages )
    {
        struct page_info *pg;

        if ( can_preempt && ++batch > P2M_POOL_BATCH )
        {
            batch = 0;
            if ( general_preempt_check() )
            {
                rc = -ERESTART;
                break;
            }
        }

        if ( pool->total_pages < pages )
        {
            pg = alloc_domheap_pages(NULL, 0, MEMF_no_owner);
            if ( !pg )
            {
                rc = -ENOMEM;
                break;
            }
            p2m_scrub_page(pg);
            page_list_add_tail(pg, &pool->freelist);
            pool->total_pages++;
        }
        else
        {
            pg = page_list_remove_head(&pool->freelist);
            if ( !pg )
            {
                rc = -EBUSY;
                break;
            }
            free_domheap_pages(pg, 0);
            pool->total_pages--;
        }
    }

    p2m_write_unlock(p2m);

    return rc;
}

/* The paging pool size domctl hooks (XEN_DOMCTL_{set,get}_paging_mempool_size). */
int arch_set_paging_mempool_size(struct domain *d, uint64_t size)
{
    unsigned long pages = size >> PAGE_SHIFT;
    int rc;

    if ( size & ~PAGE_MASK )
        return -EINVAL;

    spin_lock(&d->arch.paging.lock);
    rc = p2m_set_allocation(d, pages, true);
    spin_unlock(&d->arch.paging.lock);

    return rc;
}

int arch_get_paging_mempool_size(struct domain *d, uint64_t *size)
{
    spin_lock(&d->arch.paging.lock);
    *size = (uint64_t)d->arch.paging.total_pages << PAGE_SHIFT;
    spin_unlock(&d->arch.paging.lock);

    return 0;
}

static void p2m_free_list(struct page_list_head *list)
{
    struct page_info *pg;

    for ( pg = page_list_remove_head(list); pg;
          pg = page_list_remove_head(list) )
    {
        pg->count_info &= ~PGC_p2m_table;
        /* The metadata pointer overlays the owner (see struct page_info). */
        pg->v.md.pg = NULL;
        free_domheap_pages(pg, 0);
    }
}

/*
 * Drop up to budget of the references an earlier teardown step left over;
 * that step's unlock has flushed, so no TLB reaches the frames.  Returns
 * how many went.
 */
static unsigned long p2m_teardown_put_left(struct p2m_domain *p2m,
                                           unsigned long budget)
{
    unsigned long nr = min(budget, p2m->teardown_put_nr);

    for ( unsigned long i = 0; i < nr; i++ )
        put_page(mfn_to_page(mfn_add(p2m->teardown_put_mfn, i)));
    p2m->teardown_put_mfn = mfn_add(p2m->teardown_put_mfn, nr);
    p2m->teardown_put_nr -= nr;

    return nr;
}

void p2m_teardown(struct domain *d)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);

    if ( !p2m->root )
        return;

    /* A stepwise teardown given up half way: its last step flushed. */
    p2m_teardown_put_left(p2m, p2m->teardown_put_nr);

    /* The domain no longer runs: no walker can reach any of these. */
    p2m_free_list(&p2m->pages);
    p2m_free_list(&p2m->deferred_free);
    p2m_free_list(&d->arch.paging.freelist);
    d->arch.paging.total_pages = 0;

    for ( unsigned int i = 0; i < P2M_ROOT_PAGES; i++ )
    {
        p2m->root[i].count_info &= ~PGC_p2m_table;
        p2m->root[i].v.md.pg = NULL;
    }
    free_domheap_pages(p2m->root, P2M_ROOT_ORDER);
    p2m->root = NULL;
}

/*
 * The work of the leaf the teardown just removed: one unit, or for a
 * foreign leaf (the run it added to foreign_put[]) one per reference, which
 * p2m_write_unlock() drops.  A 1 GiB one has 262,144: only as many as the
 * step has budget left (at least one) stay in the run, and the rest are
 * left to the steps that follow.
 */
static unsigned long p2m_teardown_leaf_work(struct p2m_domain *p2m,
                                            unsigned int runs_before,
                                            unsigned long left)
{
    unsigned int r = p2m->nr_foreign_put - 1;
    unsigned long nr;

    /* No run added (the runs only reset when one is added). */
    if ( p2m->nr_foreign_put == runs_before )
        return 1;

    ASSERT(left && !p2m->teardown_put_nr);
    nr = min(left, p2m->foreign_put[r].nr);
    p2m->teardown_put_mfn = mfn_add(p2m->foreign_put[r].mfn, nr);
    p2m->teardown_put_nr = p2m->foreign_put[r].nr - nr;
    p2m->foreign_put[r].nr = nr;

    return nr;
}

/*
 * The preemptible teardown: one leaf (or hole) at a time, from GFN 0 up,
 * each leaf removed whole (no split, so no allocation) by the one writer
 * every other update uses, which also frees the tables it empties.  Then
 * the pool page by page, and the root last, through p2m_teardown().
 */
static unsigned long p2m_teardown_leaves(struct p2m_domain *p2m,
                                         unsigned long budget)
{
    unsigned long limit = p2m_gfn_limit(p2m), work;

    p2m_write_lock(p2m);
    work = p2m_teardown_put_left(p2m, budget);
    while ( p2m->teardown_gfn < limit && work < budget )
    {
        gfn_t gfn = _gfn(p2m->teardown_gfn);
        unsigned int order;
        mfn_t mfn = p2m_get_entry(p2m, gfn, NULL, NULL, &order, NULL);
        unsigned long start = gfn_x(gfn) & ~((1UL << order) - 1);
        unsigned int runs = p2m->nr_foreign_put;
        unsigned long done;

        if ( !mfn_eq(mfn, INVALID_MFN) &&
             p2m_set_range(p2m, _gfn(start), 1UL << order, INVALID_MFN,
                           p2m_invalid, p2m_access_n, &done) )
        {
            /* A whole leaf needs no table: nothing can fail here. */
            ASSERT_UNREACHABLE();
            break;
        }
        p2m->teardown_gfn = start + (1UL << order);
        work += p2m_teardown_leaf_work(p2m, runs, budget - work);
    }
    /* The pool goes only once every reference has. */
    if ( p2m->teardown_gfn >= limit && !p2m->teardown_put_nr )
        p2m->teardown_gfn = P2M_TEARDOWN_POOL;
    /* Tables emptied on the way go back to the pool here. */
    p2m_write_unlock(p2m);

    return work;
}

int p2m_teardown_step(struct domain *d, unsigned long budget,
                      unsigned long *work)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    struct paging_domain *pool = &d->arch.paging;

    *work = 0;
    if ( !p2m->root )
        return 0;

    if ( p2m->teardown_gfn != P2M_TEARDOWN_POOL )
    {
        *work = p2m_teardown_leaves(p2m, budget);
        if ( p2m->teardown_gfn != P2M_TEARDOWN_POOL || *work >= budget )
            return -ERESTART;
    }

    /* No leaf left, so no table either: only the root uses no pool page. */
    ASSERT(page_list_empty(&p2m->pages));

    spin_lock(&pool->lock);
    while ( *work < budget )
    {
        struct page_info *pg = page_list_remove_head(&pool->freelist);

        if ( !pg )
            break;
        free_domheap_pages(pg, 0);
        pool->total_pages--;
        ++*work;
    }
    spin_unlock(&pool->lock);

    if ( !page_list_empty(&pool->freelist) )
        return -ERESTART;

    p2m_teardown(d);

    return 0;
}

/* ---- Statistics, audit, dump ---- */

static unsigned long p2m_list_length(const struct page_list_head *list)
{
    const struct page_info *pg;
    unsigned long n = 0;

    page_list_for_each(pg, list) n++;

    return n;
}

void p2m_get_stats(struct p2m_domain *p2m, struct p2m_stats *stats,
                   unsigned long *pool_total, unsigned long *pool_free)
{
    p2m_read_lock(p2m);
    *stats = p2m->stats;
    if ( pool_total )
        *pool_total = p2m->domain->arch.paging.total_pages;
    if ( pool_free )
        *pool_free = p2m_list_length(&p2m->domain->arch.paging.freelist);
    p2m_read_unlock(p2m);
}

struct p2m_audit {
    unsigned int errors;
    unsigned long leaves[P2M_MAX_LEVELS];
    unsigned long tables;
    unsigned long md_pages;
};

#define AUDIT_FAIL(au, fmt, ...)                                               \
    do                                                                         \
    {                                                                          \
        (au)->errors++;                                                        \
        printk(XENLOG_ERR "p2m audit: " fmt "\n", ##__VA_ARGS__);              \
    } while ( 0 )

/* Check one table page (and what hangs below it). */
static void p2m_audit_table(const struct p2m_domain *p2m, struct page_info *pg,
                            unsigned int level, unsigned long base_gfn,
                            struct p2m_audit *au)
{
    const pte_t *table = p2m_map_table(pg);
    unsigned int used = 0;
    unsigned int ext = 0;

    if ( !(pg->count_info & PGC_p2m_table) )
        AUDIT_FAIL(au, "level %u table 0x%lx not marked as a p2m table", level,
                   mfn_x(page_to_mfn(pg)));

    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES; i++ )
    {
        pte_t pte = table[i];
        unsigned long gfn =
            base_gfn + ((unsigned long)i << XEN_PT_LEVEL_ORDER(level));

        if ( !p2m_pte_is_present(pte) )
            continue;
        used++;

        if ( pte_is_table(pte) )
        {
            struct page_info *child = mfn_to_page(pte_get_mfn(pte));

            if ( level == 0 )
                AUDIT_FAIL(au, "table pointer at level 0, gfn 0x%lx", gfn);
            else if ( pte.pte & ~(PTE_VALID | PTE_PPN_MASK) )
                AUDIT_FAIL(au, "non-leaf bits 0x%lx at level %u, gfn 0x%lx",
                           (unsigned long)pte.pte, level, gfn);
            else if ( !mfn_valid(pte_get_mfn(pte)) ||
                      !(child->count_info & PGC_p2m_table) )
                AUDIT_FAIL(au, "table 0x%lx at gfn 0x%lx is not a p2m page",
                           mfn_x(pte_get_mfn(pte)), gfn);
            else
            {
                au->tables++;
                if ( child->v.md.pg )
                    au->md_pages++;
                p2m_audit_table(p2m, child, level - 1, gfn, au);
            }
            continue;
        }

        /* A leaf, valid or kept for software only. */
        {
            struct p2m_slot s = { .pg = pg, .idx = i };
            struct p2m_leaf leaf = { .mfn = pte_get_mfn(pte) };

            au->leaves[level]++;
            if ( p2m_pte_has_md(pte) )
            {
                ext++;
                if ( !pg->v.md.pg )
                {
                    AUDIT_FAIL(au, "gfn 0x%lx: no type storage", gfn);
                    continue;
                }
            }
            p2m_decode_leaf(&s, pte, &leaf.t, &leaf.a);
            if ( !p2m_is_valid_type(leaf.t) ||
                 (unsigned int)leaf.a > p2m_access_rwx )
                AUDIT_FAIL(au, "gfn 0x%lx: bad type %u / access %u", gfn,
                           leaf.t, leaf.a);
            else if ( p2m_leaf_pte(&leaf).pte != pte.pte )
                AUDIT_FAIL(au, "gfn 0x%lx level %u: pte 0x%lx, expected 0x%lx",
                           gfn, level, (unsigned long)pte.pte,
                           (unsigned long)p2m_leaf_pte(&leaf).pte);
            if ( !IS_ALIGNED(mfn_x(leaf.mfn),
                             1UL << XEN_PT_LEVEL_ORDER(level)) )
                AUDIT_FAIL(au, "gfn 0x%lx level %u: misaligned mfn 0x%lx", gfn,
                           level, mfn_x(leaf.mfn));
        }
    }
    unmap_domain_page(table);

    if ( used != pg->v.md.nonzero_entries )
        AUDIT_FAIL(au, "level %u table 0x%lx: %u entries used, counted %u",
                   level, mfn_x(page_to_mfn(pg)), used,
                   pg->v.md.nonzero_entries);
    if ( ext != pg->u.md.used_entries )
        AUDIT_FAIL(au, "level %u table 0x%lx: %u typed entries, counted %lu",
                   level, mfn_x(page_to_mfn(pg)), ext, pg->u.md.used_entries);
    if ( !ext && pg->v.md.pg )
        AUDIT_FAIL(au, "level %u table 0x%lx: unused type storage", level,
                   mfn_x(page_to_mfn(pg)));
    if ( level != P2M_ROOT_LEVEL(p2m) && !used )
        AUDIT_FAIL(au, "level %u table 0x%lx is empty but linked", level,
                   mfn_x(page_to_mfn(pg)));
}

unsigned int p2m_audit(struct p2m_domain *p2m)
{
    const struct paging_domain *pool = &p2m->domain->arch.paging;
    struct p2m_audit au = { .errors = 0 };
    unsigned long listed;
    unsigned long in_use;
    unsigned long free;

    p2m_read_lock(p2m);

    for ( unsigned int i = 0; i < P2M_ROOT_PAGES; i++ )
    {
        unsigned long base = (unsigned long)i * PAGETABLE_ENTRIES
                             << XEN_PT_LEVEL_ORDER(P2M_ROOT_LEVEL(p2m));

        if ( p2m->root[i].v.md.pg )
            au.md_pages++;
        p2m_audit_table(p2m, &p2m->root[i], P2M_ROOT_LEVEL(p2m), base, &au);
    }

    for ( unsigned int l = 0; l < P2M_MAX_LEVELS; l++ )
        if ( au.leaves[l] != p2m->stats.leaves[l] )
            AUDIT_FAIL(&au, "level %u: %lu leaves, statistics say %lu", l,
                       au.leaves[l], p2m->stats.leaves[l]);
    if ( au.tables != p2m->stats.tables )
        AUDIT_FAIL(&au, "%lu tables, statistics say %lu", au.tables,
                   p2m->stats.tables);
    if ( au.md_pages != p2m->stats.md_pages )
        AUDIT_FAIL(&au, "%lu metadata pages, statistics say %lu", au.md_pages,
                   p2m->stats.md_pages);

    listed = p2m_list_length(&p2m->pages);
    if ( listed != au.tables + au.md_pages )
        AUDIT_FAIL(&au, "%lu pages listed in use, %lu reachable", listed,
                   au.tables + au.md_pages);
    in_use = listed + p2m_list_length(&p2m->deferred_free);
    free = p2m_list_length(&pool->freelist);
    if ( free + in_use != pool->total_pages )
        AUDIT_FAIL(&au, "pool: %lu free + %lu in use != %lu total", free,
                   in_use, pool->total_pages);

    p2m_read_unlock(p2m);

    return au.errors;
}

void p2m_dump_info(struct domain *d)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    const struct p2m_stats *s = &p2m->stats;

    p2m_read_lock(p2m);
    printk("p2m of d%u: %s, VMID %u, root 0x%lx\n", d->domain_id,
           p2m_mode_name(P2M_ROOT_LEVEL(p2m)), p2m->vmid,
           mfn_x(page_to_mfn(p2m->root)));
    /* Only the levels this mode has: a leaf can sit at any of them. */
    {
        static const char *const size[P2M_MAX_LEVELS] = {
            "4K", "2M", "1G", "512G", "256T",
        };
        unsigned int level;

        printk("  leaves:");
        for ( level = 0; level <= P2M_ROOT_LEVEL(p2m); level++ )
            printk("%s %s %lu", level ? "," : "", size[level],
                   s->leaves[level]);
        printk("\n");
    }
    printk("  tables %lu, type pages %lu, splits %lu, merges %lu\n", s->tables,
           s->md_pages, s->splits, s->merges);
    printk("  fences: address %lu, VMID %lu, remote %lu (%lu flushes)\n",
           s->fences_gpa, s->fences_vmid, s->fences_remote, s->flushes);
    printk("  pool: %lu pages, %lu free\n", d->arch.paging.total_pages,
           p2m_list_length(&d->arch.paging.freelist));
    p2m_read_unlock(p2m);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
