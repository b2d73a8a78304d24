/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buddy allocator.  Free memory is kept as naturally aligned blocks of
 * 2^order frames, one list per order; freeing merges a block with its
 * buddy while the buddy is free too.  Domain pages and the hypervisor's
 * own come from the same heap: large, aligned blocks are what lets a
 * domain's RAM be mapped with superpages.
 */

#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

/* Up to 4 GiB blocks, so a 1 GiB (order 18) superpage is never the limit. */
#define MAX_ORDER 20

/*
 * count_info flag of the first frame of a free block (its order is in
 * ->order).  Allocator-private: no frame outside the heap carries it, so
 * a buddy outside the heap is never merged.
 */
#define PGC_buddy_head (1UL << 63)

/*
 * count_info flag of a page put_domain_pages() dropped the last reference
 * of, and so must free itself (no put_page() will).
 */
#define PGC_released (1UL << 62)

struct page_info *frame_table;
unsigned long frametable_base_mfn;
unsigned long frametable_nr;

static DEFINE_SPINLOCK(heap_lock);
static struct page_list_head heap[MAX_ORDER + 1];
static unsigned long heap_free_pages;

void __init init_frametable(struct page_info *table, mfn_t base,
                            unsigned long nr)
{
    unsigned int i;

    frame_table = table;
    frametable_base_mfn = mfn_x(base);
    frametable_nr = nr;
    memset(table, 0, nr * sizeof(*table));

    for ( i = 0; i <= MAX_ORDER; i++ )
        INIT_PAGE_LIST_HEAD(&heap[i]);
}

static void heap_add_block(struct page_info *pg, unsigned int order)
{
    pg->count_info = PGC_buddy_head;
    pg->order = order;
    page_list_add_tail(pg, &heap[order]);
}

/* Free a block into the heap, merging with its buddies.  Lock held. */
static void heap_free_block(mfn_t mfn, unsigned int order)
{
    while ( order < MAX_ORDER )
    {
        mfn_t buddy = _mfn(mfn_x(mfn) ^ (1UL << order));
        struct page_info *bpg;

        if ( !mfn_valid(buddy) )
            break;
        bpg = mfn_to_page(buddy);
        if ( !(bpg->count_info & PGC_buddy_head) || bpg->order != order )
            break;

        page_list_del(bpg, &heap[order]);
        bpg->count_info = 0;
        if ( mfn_x(buddy) < mfn_x(mfn) )
            mfn = buddy;
        order++;
    }

    heap_add_block(mfn_to_page(mfn), order);
}

void __init init_heap_pages(mfn_t start, unsigned long nr)
{
    unsigned long mfn = mfn_x(start), end = mfn + nr;

    spin_lock(&heap_lock);

    /* Carve the range into the largest naturally aligned blocks. */
    while ( mfn < end )
    {
        unsigned int order = 0;

        while ( order < MAX_ORDER && !(mfn & ((2UL << order) - 1)) &&
                mfn + (2UL << order) <= end )
            order++;

        ASSERT(mfn_valid(_mfn(mfn)) &&
               mfn_valid(_mfn(mfn + (1UL << order) - 1)));
        heap_free_block(_mfn(mfn), order);
        heap_free_pages += 1UL << order;
        mfn += 1UL << order;
    }

    spin_unlock(&heap_lock);
}

static struct page_info *heap_alloc(unsigned int order)
{
    struct page_info *pg = NULL;
    unsigned int j;

    spin_lock(&heap_lock);

    for ( j = order; j <= MAX_ORDER; j++ )
    {
        pg = page_list_remove_head(&heap[j]);
        if ( pg )
            break;
    }

    if ( pg )
    {
        /* Give back the upper halves until the block has the asked size. */
        while ( j > order )
        {
            j--;
            heap_add_block(pg + (1UL << j), j);
        }
        pg->count_info = 0;
        heap_free_pages -= 1UL << order;
    }

    spin_unlock(&heap_lock);

    return pg;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags)
{
    struct page_info *pg;
    unsigned long i, nr = 1UL << order;
    bool owned = d && !(memflags & MEMF_no_owner);

    if ( order > MAX_ORDER )
        return NULL;

    pg = heap_alloc(order);
    if ( !pg )
        return NULL;

    for ( i = 0; i < nr; i++ )
    {
        pg[i].count_info = PGC_allocated;
        pg[i].count = 0;
        memset(&pg[i].v, 0, sizeof(pg[i].v)); /* no owner */
        pg[i].order = order;
        pg[i].list.next = pg[i].list.prev = NULL;
        memset(&pg[i].u, 0, sizeof(pg[i].u));
    }

    if ( owned )
    {
        for ( i = 0; i < nr; i++ )
            pg[i].count = 1;

        spin_lock(&d->page_alloc_lock);

        /* A domain with a limit cannot grow past it. */
        if ( d->max_pages && d->tot_pages + nr > d->max_pages )
        {
            spin_unlock(&d->page_alloc_lock);
            free_domheap_pages(pg, order);
            return NULL;
        }

        for ( i = 0; i < nr; i++ )
        {
            pg[i].v.inuse.domain = d;
            page_list_add_tail(&pg[i], &d->page_list);
        }
        d->tot_pages += nr;

        spin_unlock(&d->page_alloc_lock);
    }

    return pg;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    struct domain *d = page_get_owner(pg);
    unsigned long i, nr = 1UL << order;

    ASSERT(order <= MAX_ORDER);

    if ( d )
    {
        spin_lock(&d->page_alloc_lock);
        for ( i = 0; i < nr; i++ )
        {
            ASSERT(pg[i].v.inuse.domain == d);
            /* Nobody but the owner may hold a page freed this way. */
            ASSERT(pg[i].count <= 1);
            page_list_del(&pg[i], &d->page_list);
            pg[i].v.inuse.domain = NULL;
        }
        d->tot_pages -= nr;
        spin_unlock(&d->page_alloc_lock);
    }

    for ( i = 0; i < nr; i++ )
    {
        ASSERT(pg[i].count_info & PGC_allocated);
        pg[i].count_info = 0; /* PGC_released too */
        pg[i].count = 0;
    }

    spin_lock(&heap_lock);
    heap_free_block(page_to_mfn(pg), order);
    heap_free_pages += nr;
    spin_unlock(&heap_lock);
}

/*
 * Take nr pages (from pg on) away from d: off its page list and its count,
 * onto list, owned by nobody.  The caller frees them later with
 * free_domheap_pages(.., 0) each, or gives them back with
 * reown_domheap_pages().  In between they are in nobody's accounts and in
 * no heap list, so neither d nor the allocator can hand them out.
 */
void disown_domheap_pages(struct domain *d, struct page_info *pg,
                          unsigned long nr, struct page_list_head *list)
{
    unsigned long i;

    spin_lock(&d->page_alloc_lock);
    for ( i = 0; i < nr; i++ )
    {
        ASSERT(pg[i].v.inuse.domain == d);
        ASSERT(pg[i].count_info & PGC_allocated);
        page_list_del(&pg[i], &d->page_list);
        pg[i].v.inuse.domain = NULL;
        page_list_add_tail(&pg[i], list);
    }
    d->tot_pages -= nr;
    spin_unlock(&d->page_alloc_lock);
}

/*
 * Give d back every page on list (which disown_domheap_pages() took from
 * it): they were counted before, so max_pages does not apply.
 */
void reown_domheap_pages(struct domain *d, struct page_list_head *list)
{
    struct page_info *pg;

    spin_lock(&d->page_alloc_lock);
    while ( (pg = page_list_remove_head(list)) != NULL )
    {
        pg->v.inuse.domain = d;
        page_list_add_tail(pg, &d->page_list);
        d->tot_pages++;
    }
    spin_unlock(&d->page_alloc_lock);
}

/*
 * Page references.  A page's owner holds one from allocation until it
 * gives the page back (put_domain_pages()); get_page() takes more only
 * while the owner still holds its own, under the owner's page_alloc_lock,
 * so the count can only reach 0 once the page has left its owner; it is
 * then nobody's and goes back to the heap.
 */
bool get_page(struct page_info *pg, const struct domain *d)
{
    struct domain *owner = page_get_owner(pg);
    bool ok = false;

    if ( !d || owner != d )
        return false;

    spin_lock(&owner->page_alloc_lock);
    if ( page_get_owner(pg) == d && (pg->count_info & PGC_allocated) &&
         pg->count )
    {
        __atomic_add_fetch(&pg->count, 1, __ATOMIC_RELAXED);
        ok = true;
    }
    spin_unlock(&owner->page_alloc_lock);

    return ok;
}

void put_page(struct page_info *pg)
{
    unsigned long left = __atomic_sub_fetch(&pg->count, 1, __ATOMIC_ACQ_REL);

    if ( left )
        return;

    /* The owner's reference went first: the page is nobody's. */
    ASSERT(!page_get_owner(pg));
    free_domheap_pages(pg, 0);
}

void put_domain_pages(struct domain *d, struct page_info *pg,
                      unsigned int order)
{
    unsigned long i, nr = 1UL << order, held = 0;

    spin_lock(&d->page_alloc_lock);
    for ( i = 0; i < nr; i++ )
    {
        ASSERT(pg[i].v.inuse.domain == d);
        page_list_del(&pg[i], &d->page_list);
        pg[i].v.inuse.domain = NULL;
        if ( __atomic_sub_fetch(&pg[i].count, 1, __ATOMIC_ACQ_REL) )
            held++;
        else
            pg[i].count_info |= PGC_released;
    }
    d->tot_pages -= nr;
    spin_unlock(&d->page_alloc_lock);

    if ( !held )
    {
        free_domheap_pages(pg, order);
        return;
    }

    /*
     * Some are mapped elsewhere: free the others one by one.  A page still
     * held is freed by the put_page() that drops its last reference, which
     * may run at any time now: only the pages marked above are ours.
     */
    for ( i = 0; i < nr; i++ )
        if ( pg[i].count_info & PGC_released )
            free_domheap_pages(&pg[i], 0);
}

unsigned long avail_domheap_pages(void)
{
    return __atomic_load_n(&heap_free_pages, __ATOMIC_RELAXED);
}

void heap_dump(void)
{
    char buf[160];
    unsigned int i, n = 0;

    /* One line: the free blocks per order, largest last. */
    for ( i = 0; i <= MAX_ORDER && n < sizeof(buf); i++ )
        if ( heap[i].count )
            n +=
                snprintf(buf + n, sizeof(buf) - n, " %u:%lu", i, heap[i].count);
    buf[min(n, sizeof(buf) - 1)] = '\0';

    printk("Heap: %lu MiB free; blocks per order:%s\n",
           heap_free_pages >> (20 - PAGE_SHIFT), buf);
}

/*
 * The hypervisor's own small objects.  Nothing allocates them often, so
 * whole zeroed pages (VA == PA, satp is Bare) are simple and good enough.
 */
void *_xzalloc(size_t size)
{
    unsigned int order = 0;
    struct page_info *pg;
    void *p;

    while ( (PAGE_SIZE << order) < size )
        order++;

    pg = alloc_domheap_pages(NULL, order, 0);
    if ( !pg )
        return NULL;

    p = (void *)(unsigned long)mfn_to_maddr(page_to_mfn(pg));
    memset(p, 0, PAGE_SIZE << order);

    return p;
}

void xfree(void *p)
{
    struct page_info *pg;

    if ( !p )
        return;

    pg = mfn_to_page(maddr_to_mfn((unsigned long)p));
    free_domheap_pages(pg, pg->order);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
