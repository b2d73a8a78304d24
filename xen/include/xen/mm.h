/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__MM_H
#define XEN__MM_H

#include <xen/list.h>
#include <xen/mm-frame.h>
#include <xen/types.h>
#include <asm/page.h>

struct domain;

/*
 * One per machine frame the allocator manages.  Frames outside the frame
 * table (MMIO, or the hosted harness's large fake frames) have no
 * page_info and are never handed to mfn_to_page().
 */
struct page_info {
    struct page_list_entry list;

    /* PGC_* allocation state. */
    unsigned long count_info;

    /* Fields the frame's current user may use. */
    union {
        /*
         * A G-stage page-table page (xen/arch/riscv/p2m.c).  The root's
         * four pages count as four tables of their own.
         */
        struct {
            /* Entries whose type is kept in the metadata page v.md.pg. */
            unsigned long used_entries;
        } md;
        unsigned long raw;
    } u;

    /*
     * Who the frame belongs to.  A p2m table page has no owner (it comes
     * from the pool with MEMF_no_owner), so its p2m fields can take the
     * owner's place; p2m.c clears them before the page leaves the p2m.
     */
    union {
        /* The owning domain; NULL for the hypervisor's own frames. */
        struct {
            struct domain *domain;
        } inuse;
        /* A G-stage page-table page. */
        struct {
            /* The table's out-of-PTE type/access storage, or NULL. */
            struct page_info *pg;
            /* Entries in use (non-zero PTEs) in this table. */
            unsigned int nonzero_entries;
        } md;
    } v;

    /* Buddy order while free, or of the allocation while in use. */
    unsigned int order;

    /*
     * References to a domain's page: one for its owner (from the
     * allocation until the owner gives the page back), one per foreign
     * mapping of it (XENMAPSPACE_gmfn_foreign).  The page returns to the
     * heap when the last one goes (put_page()).  0 for the hypervisor's
     * own pages and for p2m table pages.
     */
    unsigned long count;
};

#define PGC_allocated (1UL << 0) /* in use (not in the buddy lists) */
#define PGC_p2m_table (1UL << 1) /* a G-stage table or metadata page */

extern struct page_info *frame_table;
extern unsigned long frametable_base_mfn;
extern unsigned long frametable_nr;

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    return frame_table + (mfn_x(mfn) - frametable_base_mfn);
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return _mfn((unsigned long)(pg - frame_table) + frametable_base_mfn);
}

static inline bool mfn_valid(mfn_t mfn)
{
    return mfn_x(mfn) >= frametable_base_mfn &&
           mfn_x(mfn) - frametable_base_mfn < frametable_nr;
}

static inline struct domain *page_get_owner(const struct page_info *pg)
{
    return pg->v.inuse.domain;
}

/*
 * Take a reference to a page owned by d (false if d does not own it, or
 * is giving it back), and drop one; the last reference of a page its
 * owner gave back frees it (page_alloc.c).
 */
bool get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);

static inline paddr_t mfn_to_maddr(mfn_t mfn)
{
    return (paddr_t)mfn_x(mfn) << PAGE_SHIFT;
}

static inline mfn_t maddr_to_mfn(paddr_t ma)
{
    return _mfn(ma >> PAGE_SHIFT);
}

static inline paddr_t gfn_to_gaddr(gfn_t gfn)
{
    return (paddr_t)gfn_x(gfn) << PAGE_SHIFT;
}

static inline gfn_t gaddr_to_gfn(paddr_t ga)
{
    return _gfn(ga >> PAGE_SHIFT);
}

/*
 * The buddy allocator.  Blocks are naturally aligned to their order.
 * A non-NULL d makes the domain the owner (and counts the pages against
 * it); d == NULL gives the hypervisor's own pages.  Returns NULL when no
 * block of that order is free.
 */
#define MEMF_no_owner (1U << 0)
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags);
void free_domheap_pages(struct page_info *pg, unsigned int order);
unsigned long avail_domheap_pages(void);
/* Move a domain's pages to a private list, and back (page_alloc.c). */
void disown_domheap_pages(struct domain *d, struct page_info *pg,
                          unsigned long nr, struct page_list_head *list);
void reown_domheap_pages(struct domain *d, struct page_list_head *list);
/*
 * The owner gives back nr = 2^order pages from pg on: each leaves d and
 * drops d's reference; those nobody else holds return to the heap (as one
 * block when they all do), the others when their last reference goes.
 */
void put_domain_pages(struct domain *d, struct page_info *pg,
                      unsigned int order);

/* Boot-time set-up of the heap (xen/common/page_alloc.c). */
void init_frametable(struct page_info *table, mfn_t base, unsigned long nr);
void init_heap_pages(mfn_t start, unsigned long nr);
void heap_dump(void);

/* Page lists (Xen's page_list_* API). */
static inline void page_list_add_tail(struct page_info *pg,
                                      struct page_list_head *head)
{
    pg->list.next = NULL;
    pg->list.prev = head->tail;
    if ( head->tail )
        head->tail->list.next = pg;
    else
        head->next = pg;
    head->tail = pg;
    head->count++;
}

static inline void page_list_add(struct page_info *pg,
                                 struct page_list_head *head)
{
    pg->list.prev = NULL;
    pg->list.next = head->next;
    if ( head->next )
        head->next->list.prev = pg;
    else
        head->tail = pg;
    head->next = pg;
    head->count++;
}

static inline void page_list_del(struct page_info *pg,
                                 struct page_list_head *head)
{
    if ( pg->list.prev )
        pg->list.prev->list.next = pg->list.next;
    else
        head->next = pg->list.next;
    if ( pg->list.next )
        pg->list.next->list.prev = pg->list.prev;
    else
        head->tail = pg->list.prev;
    pg->list.next = pg->list.prev = NULL;
    head->count--;
}

static inline struct page_info *page_list_remove_head(
    struct page_list_head *head)
{
    struct page_info *pg = head->next;

    if ( pg )
        page_list_del(pg, head);
    return pg;
}

#define page_list_first(head) ((head)->next)
#define page_list_next(pg)    ((pg)->list.next)
#define page_list_for_each(pos, head)                                          \
    for ( (pos) = (head)->next; (pos); (pos) = (pos)->list.next )
#define page_list_for_each_safe(pos, tmp, head)                                \
    for ( (pos) = (head)->next; (pos) ? ((tmp) = (pos)->list.next, 1) : 0;     \
          (pos) = (tmp) )

#endif /* XEN__MM_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
