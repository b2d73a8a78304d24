/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * __HYPERVISOR_memory_op: how a domain changes its own physical memory
 * map.  Sub-op numbers, structures and semantics are Xen's (public/
 * memory.h, docs/misc/riscv/ for what this hypervisor does exactly).
 *
 * Everything here is guest-controlled input: a bad GFN, order, handle or
 * domain gives an error (or ends a reservation early), never a hypervisor
 * crash.
 *
 * Invariant the frees rely on: a page of the domain's RAM is mapped at
 * most once in its p2m.  Domain building maps each page once, and nothing
 * here creates an alias within a domain (add_to_physmap moves a page, it
 * does not copy the mapping), so unmapping a page's only mapping and
 * giving it back cannot leave the guest a way to reach a freed page.
 * Another domain's mapping of it (XENMAPSPACE_gmfn_foreign) holds a page
 * reference, so the page is freed only when that mapping goes too.  The
 * p2m flushes the TLBs when its write lock drops, which is before any page
 * is freed.
 */

#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mem_access.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/types.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/p2m.h>
#include <public/memory.h>

/* Largest extent (1 GiB), and never larger than the p2m's largest leaf. */
#define MEMOP_MAX_EXTENT_ORDER 18U

/*
 * Work done by one ecall before it is preempted (see hypercall.c):
 * reservation ops stop after this many extents or pages, whichever comes
 * first (at least one extent always runs), gmfn_range after this many
 * pages, set_access after this many GFNs.
 */
#define MEMOP_EXTENTS_PER_CALL 256UL
#define MEMOP_PAGES_PER_CALL   (1UL << 18)
#define MEMOP_MOVES_PER_CALL   256U
#define MEMOP_ACCESS_PER_CALL  (1UL << 16)

/*
 * A domain may only operate on itself: DOMID_SELF or its own id.  There
 * is no domain to operate on otherwise (no other domain is visible to a
 * guest, privileged or not).
 */
static struct domain *memop_domain(domid_t domid)
{
    struct domain *d = current->domain;

    if ( domid == DOMID_SELF || domid == d->domain_id )
        return d;

    return NULL;
}

/* Is [gfn, gfn + nr) inside the domain's guest-physical address width? */
static bool memop_gfn_range_ok(struct domain *d, unsigned long gfn,
                               unsigned long nr)
{
    const struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long limit = 1UL
                          << (P2M_GPA_BITS(P2M_ROOT_LEVEL(p2m)) - PAGE_SHIFT);

    return gfn < limit && nr <= limit - gfn;
}

static unsigned int memop_max_order(struct domain *d)
{
    return min(MEMOP_MAX_EXTENT_ORDER,
               XEN_PT_LEVEL_ORDER(P2M_ROOT_LEVEL(p2m_get_hostp2m(d))));
}

/* Is this frame one of d's own pages, which it may give back? */
static bool memop_page_owned(struct domain *d, mfn_t mfn)
{
    return mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) == d;
}

/*
 * Does [gfn, gfn + nr) map nr pages of the domain's own RAM?  *contig
 * says whether they are contiguous frames from one aligned to nr (so that
 * they can be freed as one naturally aligned block), the first of which
 * goes to *smfn.  Any p2m lock held.
 */
static bool memop_range_is_owned_ram(struct domain *d, gfn_t gfn,
                                     unsigned long nr, mfn_t *smfn,
                                     bool *contig)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    mfn_t first = INVALID_MFN;
    unsigned long i = 0;

    *contig = true;

    while ( i < nr )
    {
        unsigned int order;
        p2m_type_t t;
        mfn_t mfn = p2m_get_entry(p2m, gfn_add(gfn, i), &t, NULL, &order, NULL);
        unsigned long left =
            (1UL << order) - ((gfn_x(gfn) + i) & ((1UL << order) - 1));

        if ( mfn_eq(mfn, INVALID_MFN) || !p2m_is_ram(t) )
            return false;

        if ( i == 0 )
        {
            *contig = IS_ALIGNED(mfn_x(mfn), nr);
            first = mfn;
        }
        else if ( !mfn_eq(mfn, mfn_add(first, i)) )
            *contig = false;

        left = min(left, nr - i);
        for ( unsigned long j = 0; j < left; j++ )
            if ( !memop_page_owned(d, mfn_add(mfn, j)) )
                return false;

        i += left;
    }

    *smfn = first;

    return true;
}

/*
 * Take the pages mapped in [gfn, gfn + nr), all d's own RAM, away from d
 * onto list, one leaf's run of frames at a time.  p2m write lock held, so
 * that the mapping cannot change before it is removed.
 */
static void memop_disown_range(struct domain *d, gfn_t gfn, unsigned long nr,
                               struct page_list_head *list)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long i = 0;

    while ( i < nr )
    {
        unsigned int order;
        mfn_t mfn =
            p2m_get_entry(p2m, gfn_add(gfn, i), NULL, NULL, &order, NULL);
        unsigned long left =
            (1UL << order) - ((gfn_x(gfn) + i) & ((1UL << order) - 1));

        left = min(left, nr - i);
        ASSERT(memop_page_owned(d, mfn));
        disown_domheap_pages(d, mfn_to_page(mfn), left, list);
        i += left;
    }
}

/* Is nothing at all mapped in [gfn, gfn + nr)?  Any p2m lock held. */
static bool memop_range_is_unmapped(struct p2m_domain *p2m, gfn_t gfn,
                                    unsigned long nr)
{
    unsigned long i = 0;

    while ( i < nr )
    {
        unsigned int order;
        mfn_t mfn =
            p2m_get_entry(p2m, gfn_add(gfn, i), NULL, NULL, &order, NULL);

        if ( !mfn_eq(mfn, INVALID_MFN) )
            return false;

        /* Skip the rest of the hole this GFN lies in. */
        i += (1UL << order) - ((gfn_x(gfn) + i) & ((1UL << order) - 1));
    }

    return true;
}

/*
 * The heap does not clear freed pages, so a page must be cleared before a
 * guest can see it: it may hold another domain's or the hypervisor's data.
 */
static void memop_scrub(struct page_info *pg, unsigned int order)
{
    for ( unsigned long i = 0; i < (1UL << order); i++ )
    {
        void *p = map_domain_page(mfn_add(page_to_mfn(pg), i));

        memset(p, 0, PAGE_SIZE);
        unmap_domain_page(p);
    }
}

/* ---- Reservations ---- */

/*
 * Allocate an extent for the domain, unmapped (it is only counted as the
 * domain's), and report its first frame.  Such pages are never mapped
 * here, so they need no scrubbing.
 */
static int increase_reservation_one(struct domain *d,
                                    const struct xen_memory_reservation *r,
                                    unsigned long i)
{
    struct page_info *pg = alloc_domheap_pages(d, r->extent_order, 0);
    xen_pfn_t mfn;

    if ( !pg )
        return -ENOMEM;

    mfn = mfn_x(page_to_mfn(pg));
    if ( !guest_handle_is_null(r->extent_start) &&
         copy_to_guest_offset(r->extent_start, i, &mfn, 1) )
    {
        free_domheap_pages(pg, r->extent_order);
        return -EFAULT;
    }

    return 0;
}

/*
 * decrease_reservation unmaps a batch of extents under one p2m write lock,
 * so that the batch costs one TLB flush rather than one per extent.  A
 * flush makes at most one remote SBI call (an IPI to every other hart the
 * domain ran on, and a wait for them all), and past 32 leaves fences the
 * whole VMID instead of each address (p2m.c): a balloon driver giving back
 * 64 scattered 4 KiB pages in one batch pays for one remote call, not 64.
 * The pages are freed after the unlock, once the flush is done.
 *
 * The batch is bounded because the write lock stalls every other user of
 * the p2m (guest page faults of the domain's other vCPUs, lookups) while
 * it is held: at most 64 extents, and no more pages than one order-9
 * extent, which already held the lock on its own: 512.  An extent larger
 * than that makes a batch by itself, holding the lock as long as it did
 * before batching.  64 extents are also past the p2m's threshold (32
 * leaves) for a single VMID-wide fence, so larger batches would save no
 * more local fences, only remote calls, at the cost of a longer hold.
 */
#define MEMOP_DECREASE_BATCH_EXTENTS 64U
#define MEMOP_DECREASE_BATCH_PAGES   512UL

/*
 * One extent of a batch: its GFN, then, once unmapped, the first frame of
 * its pages if they are one aligned block (freed as one), or INVALID_MFN
 * if they went onto the batch's list of scattered pages.
 */
struct decrease_extent {
    xen_pfn_t gpfn;
    mfn_t mfn;
};

/*
 * Unmap one extent of a batch, p2m write lock held.  The extent must map
 * the domain's own RAM; anything else fails it and changes nothing.  Its
 * frames are usually one aligned block (how populate_physmap and domain
 * building map it), left to the domain until the batch frees them as one.
 * Once its pages have been given back and repopulated one by one (a
 * balloon driver does that), they are not: then each page is taken from
 * the domain before the unmap, onto scattered, to be freed on its own
 * after the flush, as Xen, which frees an extent page by page, would do.
 */
static int decrease_extent_locked(struct domain *d, unsigned int order,
                                  struct decrease_extent *ext,
                                  struct page_list_head *scattered)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long nr = 1UL << order, done = 0;
    struct page_list_head mine = PAGE_LIST_HEAD_INIT;
    struct page_info *pg;
    bool contig;
    mfn_t mfn;
    int rc;

    if ( !memop_range_is_owned_ram(d, _gfn(ext->gpfn), nr, &mfn, &contig) )
        return -EINVAL;

    if ( !contig )
        memop_disown_range(d, _gfn(ext->gpfn), nr, &mine);
    rc = p2m_set_range(p2m, _gfn(ext->gpfn), nr, INVALID_MFN, p2m_invalid,
                       p2m_access_n, &done);
    if ( rc )
    {
        /*
         * Allocation (splitting a superpage that covers the extent)
         * happens only for the first leaf-sized piece of an aligned
         * extent, so a failure leaves nothing unmapped.  (Scattered frames
         * are mapped by leaves smaller than the extent, which need no
         * split at all.)  Should part of it be unmapped all the same,
         * those pages stay allocated to the domain (never freed while
         * possibly mapped) and the extent still counts as failed.
         */
        if ( done )
            printk(XENLOG_WARNING "d%u: decrease_reservation: gfn %#lx: %lu "
                                  "of %lu pages unmapped (%d)\n",
                   d->domain_id, (unsigned long)ext->gpfn, done, nr, rc);
        reown_domheap_pages(d, &mine);
        return rc;
    }

    ext->mfn = contig ? mfn : INVALID_MFN;
    while ( (pg = page_list_remove_head(&mine)) != NULL )
        page_list_add_tail(pg, scattered);

    return 0;
}

/*
 * Unmap the *n extents listed from index i on (at most a batch, see
 * above) under one p2m write lock, and free their pages after it.  Each
 * GFN must be aligned to the order and inside the GPA width.  Stops at
 * the first extent that fails, which changes nothing; *n becomes the
 * number of extents done, and the failure (or 0) is returned.
 *
 * The GFNs are read before the lock is taken: under it, the extents
 * unmapped so far are not fenced yet, so a read of the list could still
 * go through their stale translations.  A list kept in pages that the
 * same batch gives back is thus read as it was when the batch began.
 */
static int decrease_reservation_batch(struct domain *d,
                                      const struct xen_memory_reservation *r,
                                      unsigned long i, unsigned long *n)
{
    struct decrease_extent ext[MEMOP_DECREASE_BATCH_EXTENTS];
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned int order = r->extent_order;
    unsigned long nr = 1UL << order, listed, done, k;
    struct page_list_head scattered = PAGE_LIST_HEAD_INIT;
    struct page_info *pg;
    int rc = 0, erc;

    ASSERT(*n >= 1 && *n <= MEMOP_DECREASE_BATCH_EXTENTS);

    for ( listed = 0; listed < *n; listed++ )
    {
        xen_pfn_t gpfn;

        if ( copy_from_guest_offset(&gpfn, r->extent_start, i + listed, 1) )
        {
            rc = -EFAULT;
            break;
        }
        if ( !IS_ALIGNED(gpfn, nr) || !memop_gfn_range_ok(d, gpfn, nr) )
        {
            rc = -EINVAL;
            break;
        }
        ext[listed].gpfn = gpfn;
    }

    /* The extents before a bad entry still go; the bad one never does. */
    done = 0;
    if ( listed )
    {
        p2m_write_lock(p2m);
        for ( ; done < listed; done++ )
        {
            erc = decrease_extent_locked(d, order, &ext[done], &scattered);
            if ( erc )
            {
                rc = erc;
                break;
            }
        }
        /* The TLBs are flushed here, once, before any page can be reused. */
        p2m_write_unlock(p2m);
    }

    for ( k = 0; k < done; k++ )
        if ( !mfn_eq(ext[k].mfn, INVALID_MFN) )
            put_domain_pages(d, mfn_to_page(ext[k].mfn), order);
    /* Already off the domain: drop its reference. */
    while ( (pg = page_list_remove_head(&scattered)) != NULL )
        put_page(pg);

    *n = done;

    return rc;
}

/*
 * Back the listed GFN with a new, cleared extent.  The GFN must be aligned
 * to the order and the whole extent unmapped: populating over an existing
 * mapping fails the extent (-EEXIST) and leaves the mapping alone, rather
 * than silently replacing (and leaking) what was there.
 */
static int populate_physmap_one(struct domain *d,
                                const struct xen_memory_reservation *r,
                                unsigned long i)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned int order = r->extent_order;
    unsigned long nr = 1UL << order, done = 0;
    struct page_info *pg;
    xen_pfn_t gpfn;
    int rc;

    if ( copy_from_guest_offset(&gpfn, r->extent_start, i, 1) )
        return -EFAULT;
    if ( !IS_ALIGNED(gpfn, nr) || !memop_gfn_range_ok(d, gpfn, nr) )
        return -EINVAL;

    pg = alloc_domheap_pages(d, order, 0);
    if ( !pg )
        return -ENOMEM;
    memop_scrub(pg, order);

    /* Check and map under one lock, so nothing can appear in between. */
    p2m_write_lock(p2m);
    if ( !memop_range_is_unmapped(p2m, _gfn(gpfn), nr) )
        rc = -EEXIST;
    else
    {
        rc = p2m_set_range(p2m, _gfn(gpfn), nr, page_to_mfn(pg), p2m_ram_rw,
                           p2m_access_rwx, &done);
        /*
         * Not expected (the first piece builds every table the rest use),
         * but the pages must not stay mapped once freed: take back what
         * got mapped.  Unmapping whole leaves just written needs no
         * allocation.
         */
        if ( rc && done )
        {
            unsigned long undone;

            if ( p2m_set_range(p2m, _gfn(gpfn), done, INVALID_MFN, p2m_invalid,
                               p2m_access_n, &undone) )
            {
                /* Leave the pages to the domain rather than free them. */
                printk(XENLOG_ERR "d%u: populate_physmap: gfn %#lx: cannot "
                                  "undo partial map\n",
                       d->domain_id, (unsigned long)gpfn);
                pg = NULL;
            }
        }
    }
    p2m_write_unlock(p2m);

    if ( rc && pg )
        free_domheap_pages(pg, order);

    return rc;
}

/*
 * increase_reservation, decrease_reservation and populate_physmap.
 * Returns the number of extents completed (counting those of earlier,
 * preempted calls): processing stops at the first extent that fails, and
 * a reservation that is unusable as a whole (unknown domain, bad order,
 * mem_flags) completes none.  Only an unreadable reservation structure
 * gives -EFAULT; a start extent past nr_extents (which only a guest that
 * sets the command's upper bits itself can pass) gives -EINVAL.
 */
static long memop_reservation(unsigned long cmd, unsigned long arg)
{
    unsigned int op = cmd & MEMOP_CMD_MASK;
    unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;
    unsigned long i, pages = 0;
    struct xen_memory_reservation r;
    struct domain *d;

    if ( copy_struct_from_guest(&r, arg) )
        return -EFAULT;

    if ( start > r.nr_extents )
        return -EINVAL;
    if ( start == r.nr_extents )
        return start;

    /*
     * The continuation must be able to encode every extent index in the
     * command's upper bits; that also keeps the count returned positive.
     */
    if ( r.nr_extents > (~0UL >> MEMOP_EXTENT_SHIFT) )
        return start;

    d = memop_domain(r.domid);
    if ( !d || r.mem_flags || r.extent_order > memop_max_order(d) )
        return start;
    /* These two need the list; increase_reservation only writes to it. */
    if ( op != XENMEM_increase_reservation &&
         guest_handle_is_null(r.extent_start) )
        return start;

    for ( i = start; i < r.nr_extents; )
    {
        unsigned long n;
        int rc;

        if ( i - start >= MEMOP_EXTENTS_PER_CALL ||
             pages >= MEMOP_PAGES_PER_CALL )
            return hypercall_create_continuation(
                __HYPERVISOR_memory_op, op | (i << MEMOP_EXTENT_SHIFT));

        switch ( op )
        {
        case XENMEM_increase_reservation:
            rc = increase_reservation_one(d, &r, i);
            n = !rc;
            break;
        case XENMEM_decrease_reservation:
            /*
             * A batch stays within what this call may still do, so that
             * it is preempted exactly where it was one extent at a time
             * (pages is a multiple of the extent size, so at least one
             * extent fits).
             */
            n = min(min(r.nr_extents - i, MEMOP_EXTENTS_PER_CALL - (i - start)),
                    (MEMOP_PAGES_PER_CALL - pages) >> r.extent_order);
            n = min(n, max(1UL, MEMOP_DECREASE_BATCH_PAGES >> r.extent_order));
            n = min(n, (unsigned long)MEMOP_DECREASE_BATCH_EXTENTS);
            rc = decrease_reservation_batch(d, &r, i, &n);
            break;
        case XENMEM_populate_physmap:
            rc = populate_physmap_one(d, &r, i);
            n = !rc;
            break;
        default:
            ASSERT_UNREACHABLE();
            rc = -ENOSYS;
            n = 0;
            break;
        }

        i += n;
        pages += n << r.extent_order;
        if ( rc )
            break;
    }

    return i;
}

/* ---- add_to_physmap / remove_from_physmap ---- */

/*
 * Move the page at GFN idx to GFN gpfn, keeping its type and access (a
 * read-only page stays read-only).  idx must map a page of the domain's
 * own RAM.  If gpfn maps one too, that page is unmapped and freed, as in
 * Xen; if it maps anything else (MMIO, another domain's page), the move
 * fails with -EINVAL rather than dropping a mapping the guest did not
 * create.  0 or -errno; on error nothing has changed.
 */
static int add_to_physmap_one(struct domain *d, unsigned long idx,
                              unsigned long gpfn)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    mfn_t mfn, old_mfn = INVALID_MFN;
    p2m_type_t t, ot = p2m_invalid;
    p2m_access_t a, oa = p2m_access_n;
    bool free_old = false, crash = false;
    unsigned long done;
    int rc;

    if ( !memop_gfn_range_ok(d, idx, 1) || !memop_gfn_range_ok(d, gpfn, 1) )
        return -EINVAL;

    /* One lock for the checks and all three updates: atomic to others. */
    p2m_write_lock(p2m);

    mfn = p2m_get_entry(p2m, _gfn(idx), &t, &a, NULL, NULL);
    if ( mfn_eq(mfn, INVALID_MFN) || !p2m_is_ram(t) ||
         !memop_page_owned(d, mfn) )
    {
        rc = -EINVAL;
        goto out;
    }

    /* Moving a page onto itself changes nothing. */
    if ( idx == gpfn )
    {
        rc = 0;
        goto out;
    }

    old_mfn = p2m_get_entry(p2m, _gfn(gpfn), &ot, &oa, NULL, NULL);
    if ( !mfn_eq(old_mfn, INVALID_MFN) )
    {
        /* The same frame at both GFNs would be freed while still mapped. */
        if ( !p2m_is_ram(ot) || !memop_page_owned(d, old_mfn) ||
             mfn_eq(old_mfn, mfn) )
        {
            rc = -EINVAL;
            goto out;
        }
        free_old = true;
    }

    /*
     * Map the new place first, then unmap the old.  Either may need to
     * split a superpage and so fail with -ENOMEM.  If the second fails,
     * gpfn is put back as it was: its path down to a 4 KiB leaf exists
     * now, so that needs no table (at most a type page, which the first
     * step just gave back to the pool if it freed one).
     */
    rc = p2m_set_range(p2m, _gfn(gpfn), 1, mfn, t, a, &done);
    if ( rc )
    {
        free_old = false;
        goto out;
    }

    rc = p2m_set_range(p2m, _gfn(idx), 1, INVALID_MFN, p2m_invalid,
                       p2m_access_n, &done);
    if ( rc )
    {
        free_old = false;
        if ( mfn_eq(old_mfn, INVALID_MFN) )
            crash = p2m_set_range(p2m, _gfn(gpfn), 1, INVALID_MFN, p2m_invalid,
                                  p2m_access_n, &done) != 0;
        else
            crash =
                p2m_set_range(p2m, _gfn(gpfn), 1, old_mfn, ot, oa, &done) != 0;
    }

 out:
    p2m_write_unlock(p2m);

    if ( crash )
    {
        /* The page is now mapped twice; the guest cannot be trusted on. */
        printk(XENLOG_ERR "d%u: add_to_physmap %#lx -> %#lx: cannot undo\n",
               d->domain_id, idx, gpfn);
        domain_crash(d);
    }

    /* After the unlock: the flush is done, no TLB still maps the page. */
    if ( free_old )
        put_domain_pages(d, mfn_to_page(old_mfn), 0);

    return rc;
}

/*
 * XENMAPSPACE_gmfn moves one page (size is ignored).  XENMAPSPACE_gmfn_range
 * moves size pages, idx + k to gpfn + k in ascending order (so overlapping
 * ranges give what a page-by-page loop gives, as in Xen).  The structure
 * is written back on return with idx, gpfn and size advanced past the
 * pages moved (size 0 once all are), which is also how a preempted call
 * continues.  If a page fails, the pages before it stay moved and the
 * error is returned.
 */
static long memop_add_to_physmap(unsigned long cmd, unsigned long arg)
{
    struct xen_add_to_physmap xatp;
    unsigned int moved = 0;
    struct domain *d;
    int rc = 0;

    if ( cmd >> MEMOP_EXTENT_SHIFT )
        return -EINVAL;
    if ( copy_struct_from_guest(&xatp, arg) )
        return -EFAULT;

    d = memop_domain(xatp.domid);
    if ( !d )
        return -ESRCH;

    switch ( xatp.space )
    {
    case XENMAPSPACE_gmfn:
        return add_to_physmap_one(d, xatp.idx, xatp.gpfn);

    case XENMAPSPACE_gmfn_range:
        break;

    /* As in Xen: foreign pages are mapped with add_to_physmap_batch only. */
    case XENMAPSPACE_gmfn_foreign:
        return -ENOSYS;

    /* Other spaces (shared info, grant table, foreign...) do not exist. */
    default:
        return -EINVAL;
    }

    if ( !xatp.size )
        return 0;

    /* The whole range must be addressable before anything moves. */
    if ( !memop_gfn_range_ok(d, xatp.idx, xatp.size) ||
         !memop_gfn_range_ok(d, xatp.gpfn, xatp.size) )
        return -EINVAL;

    while ( xatp.size )
    {
        if ( moved == MEMOP_MOVES_PER_CALL )
        {
            if ( copy_struct_to_guest(arg, &xatp) )
                return -EFAULT;
            return hypercall_create_continuation(__HYPERVISOR_memory_op,
                                                 XENMEM_add_to_physmap);
        }

        rc = add_to_physmap_one(d, xatp.idx, xatp.gpfn);
        if ( rc )
            break;

        xatp.idx++;
        xatp.gpfn++;
        xatp.size--;
        moved++;
    }

    /*
     * The result stands even if the progress cannot be written back: the
     * pages have moved.
     */
    if ( moved )
        (void)copy_struct_to_guest(arg, &xatp);

    return rc;
}

/* ---- Foreign mappings ---- */

/*
 * XENMAPSPACE_gmfn_foreign: map page idx of domain fdomid at gpfn of d, the
 * caller, which must be privileged (-EPERM).  The page must be RAM fdomid
 * owns (-EINVAL otherwise; -ESRCH for no such domain, -EINVAL for d
 * itself); a reference to it is taken, and held by the mapping: it is
 * dropped when the leaf goes (p2m.c), so the page outlives its owner's
 * destruction as long as d maps it.  Read-only RAM is mapped read-only.
 * Unlike Xen, which replaces whatever gpfn maps, gpfn must be a hole
 * (-EEXIST), so that nothing is dropped behind the caller's back.
 */
static int map_foreign_one(struct domain *d, domid_t fdomid, unsigned long idx,
                           unsigned long gpfn)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    struct page_info *pg;
    struct domain *fd;
    unsigned long done;
    p2m_type_t t;
    int rc;

    if ( !d->is_privileged )
        return -EPERM;
    fd = rcu_lock_domain_by_id(fdomid);
    if ( !fd )
        return -ESRCH;
    if ( fd == d )
    {
        rcu_unlock_domain(fd);
        return -EINVAL;
    }
    /* Checks the owner and takes the reference: the page is fd's RAM. */
    pg = memop_gfn_range_ok(fd, idx, 1)
             ? p2m_get_page_from_gfn(p2m_get_hostp2m(fd), _gfn(idx), &t)
             : NULL;
    if ( pg && !p2m_is_ram(t) )
    {
        put_page(pg);
        pg = NULL;
    }
    rcu_unlock_domain(fd);
    if ( !pg )
        return -EINVAL;

    if ( !memop_gfn_range_ok(d, gpfn, 1) )
        rc = -EINVAL;
    else
    {
        p2m_write_lock(p2m);
        if ( !memop_range_is_unmapped(p2m, _gfn(gpfn), 1) )
            rc = -EEXIST;
        else
            rc = p2m_set_range(p2m, _gfn(gpfn), 1, page_to_mfn(pg),
                               t == p2m_ram_rw ? p2m_map_foreign_rw
                                               : p2m_map_foreign_ro,
                               p2m_access_rwx, &done);
        p2m_write_unlock(p2m);
    }

    /* Mapped: the leaf holds the reference now. */
    if ( rc )
        put_page(pg);

    return rc;
}

/*
 * add_to_physmap_batch: size entries, each idx (in space) to gpfn, each
 * with its own result in errs; the call itself gives 0, or -EFAULT,
 * -ESRCH (domid), -EOPNOTSUPP (gmfn_range, as in Xen).  XENMAPSPACE_gmfn
 * moves a page as add_to_physmap does, XENMAPSPACE_gmfn_foreign maps
 * another domain's page (map_foreign_one()); other spaces give -ENOSYS in
 * errs.  Preempted every MEMOP_MOVES_PER_CALL entries, with the next
 * entry in the command's upper bits.
 */
static long memop_add_to_physmap_batch(unsigned long cmd, unsigned long arg)
{
    unsigned long start = cmd >> MEMOP_EXTENT_SHIFT, i;
    struct xen_add_to_physmap_batch xatpb;
    struct domain *d;

    if ( copy_struct_from_guest(&xatpb, arg) )
        return -EFAULT;
    if ( xatpb.space == XENMAPSPACE_gmfn_range )
        return -EOPNOTSUPP;
    d = memop_domain(xatpb.domid);
    if ( !d )
        return -ESRCH;
    if ( start > xatpb.size )
        return -EINVAL;

    for ( i = start; i < xatpb.size; i++ )
    {
        xen_ulong_t idx;
        xen_pfn_t gpfn;
        int rc;

        if ( i - start == MEMOP_MOVES_PER_CALL )
            return hypercall_create_continuation(__HYPERVISOR_memory_op,
                                                 XENMEM_add_to_physmap_batch |
                                                     (i << MEMOP_EXTENT_SHIFT));

        if ( copy_from_guest_offset(&idx, xatpb.idxs, i, 1) ||
             copy_from_guest_offset(&gpfn, xatpb.gpfns, i, 1) )
            return -EFAULT;

        switch ( xatpb.space )
        {
        case XENMAPSPACE_gmfn:
            rc = add_to_physmap_one(d, idx, gpfn);
            break;
        case XENMAPSPACE_gmfn_foreign:
            rc = map_foreign_one(d, xatpb.u.foreign_domid, idx, gpfn);
            break;
        default:
            rc = -ENOSYS;
            break;
        }

        if ( copy_to_guest_offset(xatpb.errs, i, &rc, 1) )
            return -EFAULT;
    }

    return 0;
}

/*
 * Unmap gpfn and free the page behind it, which must be the domain's own
 * RAM (-EINVAL otherwise: a hole, MMIO, or beyond the GPA width); or
 * unmap a foreign page, whose reference the p2m drops (after its flush).
 */
static long memop_remove_from_physmap(unsigned long cmd, unsigned long arg)
{
    struct xen_remove_from_physmap xrfp;
    struct p2m_domain *p2m;
    unsigned long done;
    struct domain *d;
    p2m_type_t t;
    mfn_t mfn;
    int rc;

    if ( cmd >> MEMOP_EXTENT_SHIFT )
        return -EINVAL;
    if ( copy_struct_from_guest(&xrfp, arg) )
        return -EFAULT;

    d = memop_domain(xrfp.domid);
    if ( !d )
        return -ESRCH;
    if ( !memop_gfn_range_ok(d, xrfp.gpfn, 1) )
        return -EINVAL;

    p2m = p2m_get_hostp2m(d);
    p2m_write_lock(p2m);
    mfn = p2m_get_entry(p2m, _gfn(xrfp.gpfn), &t, NULL, NULL, NULL);
    if ( !mfn_eq(mfn, INVALID_MFN) && p2m_is_foreign(t) )
    {
        rc = p2m_set_range(p2m, _gfn(xrfp.gpfn), 1, INVALID_MFN, p2m_invalid,
                           p2m_access_n, &done);
        p2m_write_unlock(p2m);
        return rc;
    }
    if ( mfn_eq(mfn, INVALID_MFN) || !p2m_is_ram(t) ||
         !memop_page_owned(d, mfn) )
        rc = -EINVAL;
    else
        rc = p2m_set_range(p2m, _gfn(xrfp.gpfn), 1, INVALID_MFN, p2m_invalid,
                           p2m_access_n, &done);
    p2m_write_unlock(p2m);

    if ( !rc )
        put_domain_pages(d, mfn_to_page(mfn), 0);

    return rc;
}

/* ---- access_op ---- */

/*
 * The access a set_access asks for, as the p2m's p2m_access_t.  n .. rwx
 * have the same values in both.  default is the domain's default access,
 * which here is always rwx: every page is mapped with it and nothing
 * changes it (set_access at pfn ~0, Xen's way of changing it, is a GFN
 * out of range here).  rx2rw and n2rwx need access faults that change the
 * rights as they are taken, r_pw needs x86's EPT: the p2m can honour
 * neither, so they are -EINVAL, as is anything beyond default.
 */
static int memop_p2m_access(uint8_t access, p2m_access_t *a)
{
    BUILD_BUG_ON(XENMEM_access_n != (int)p2m_access_n);
    BUILD_BUG_ON(XENMEM_access_r != (int)p2m_access_r);
    BUILD_BUG_ON(XENMEM_access_w != (int)p2m_access_w);
    BUILD_BUG_ON(XENMEM_access_rw != (int)p2m_access_rw);
    BUILD_BUG_ON(XENMEM_access_x != (int)p2m_access_x);
    BUILD_BUG_ON(XENMEM_access_rx != (int)p2m_access_rx);
    BUILD_BUG_ON(XENMEM_access_wx != (int)p2m_access_wx);
    BUILD_BUG_ON(XENMEM_access_rwx != (int)p2m_access_rwx);

    if ( access <= XENMEM_access_rwx )
        *a = access;
    else if ( access == XENMEM_access_default )
        *a = p2m_access_rwx;
    else
        return -EINVAL;

    return 0;
}

/*
 * set_access applies access to the mapped pages of [pfn, pfn + nr) (holes
 * are skipped), preempted every MEMOP_ACCESS_PER_CALL GFNs with the next
 * offset in the command's upper bits.  If the p2m runs out of pool pages
 * (-ENOMEM), the pages before the failing one keep their new access.
 * get_access writes the access of pfn into the structure's access field
 * (-ENOENT if nothing is mapped there).
 */
static long memop_access_op(unsigned long cmd, unsigned long arg)
{
    unsigned long start = cmd >> MEMOP_EXTENT_SHIFT, n;
    struct xen_mem_access_op mao;
    struct domain *d;
    xenmem_access_t access;
    p2m_access_t a;
    long rc;

    if ( copy_struct_from_guest(&mao, arg) )
        return -EFAULT;

    d = memop_domain(mao.domid);
    if ( !d )
        return -ESRCH;

    switch ( mao.op )
    {
    case XENMEM_access_op_set_access:
        /* The lists are set_access_multi's: refused, not ignored. */
        if ( !guest_handle_is_null(mao.pfn_list) ||
             !guest_handle_is_null(mao.access_list) ||
             memop_p2m_access(mao.access, &a) || start > mao.nr )
            return -EINVAL;
        if ( start == mao.nr )
            return 0;
        if ( !memop_gfn_range_ok(d, mao.pfn, mao.nr) )
            return -EINVAL;

        n = min(mao.nr - start, MEMOP_ACCESS_PER_CALL);
        /* This call's chunk, [start, start + n); mask ~0: no preemption. */
        rc = p2m_set_mem_access(d, _gfn(mao.pfn), start + n, start, ~0U,
                                (xenmem_access_t)a, 0);
        if ( rc )
            return rc;
        if ( start + n < mao.nr )
            return hypercall_create_continuation(
                __HYPERVISOR_memory_op,
                XENMEM_access_op | ((start + n) << MEMOP_EXTENT_SHIFT));
        return 0;

    case XENMEM_access_op_get_access:
        if ( start )
            return -EINVAL;
        if ( !memop_gfn_range_ok(d, mao.pfn, 1) )
            return -EINVAL;

        rc = p2m_get_mem_access(d, _gfn(mao.pfn), &access, 0);
        if ( rc )
            return rc;

        mao.access = access;
        return copy_field_to_guest(arg, &mao, access) ? -EFAULT : 0;

    default:
        return -ENOSYS;
    }
}

long do_memory_op(unsigned long cmd, unsigned long arg)
{
    switch ( cmd & MEMOP_CMD_MASK )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return memop_reservation(cmd, arg);

    case XENMEM_add_to_physmap:
        return memop_add_to_physmap(cmd, arg);

    case XENMEM_remove_from_physmap:
        return memop_remove_from_physmap(cmd, arg);

    case XENMEM_add_to_physmap_batch:
        return memop_add_to_physmap_batch(cmd, arg);

    case XENMEM_access_op:
        return memop_access_op(cmd, arg);

    default:
        return -ENOSYS;
    }
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
