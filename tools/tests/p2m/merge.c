/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Superpages coming back (R11): a table that becomes 512 contiguous,
 * aligned leaves of one type and access is replaced by one leaf a level up.
 *
 * Directed: a hole refilled in a 2 MiB and in a 1 GiB region, a retype and
 * an access change undone, and the cases that must not merge (one entry
 * differing in type, in access with the same PTE bits, a misaligned frame
 * run, foreign frames); each also with the Nth pool allocation failing for
 * every N the operation reaches.  Random: operations biased towards
 * undoing themselves over a few regions, with the MMU/TLB model and the
 * reference model checked after every operation; merges must happen and
 * nothing may diverge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/domain_page.h>
#include <asm/current.h>

#include "harness.h"

#define MERGE_VMID 0x1b3
#define PAGES_2M   (1UL << 9)
#define PAGES_1G   (1UL << 18)

struct mctx {
    struct domain *d;
    struct p2m_domain *p2m;
    struct ref ref;
    unsigned int root_level;
    unsigned long pool;
    bool fi;           /* fail the Nth allocation, N = 1, 2, ... */
    bool full;         /* audit and full model sweep after each op */
    unsigned long ops; /* operations run */
    uint64_t rng;
};

static struct domain merge_domain;
static struct mctx *mcur;

static struct xl merge_expect(uint64_t gpa)
{
    return ref_expect(&mcur->ref, gpa >> PAGE_SHIFT);
}

#define MCHECK(cond, ...)                                                      \
    do                                                                         \
    {                                                                          \
        if ( !(cond) )                                                         \
            model_fail(__VA_ARGS__);                                           \
    } while ( 0 )

static bool m_init(struct mctx *c, unsigned int root_level, unsigned long pool,
                   uint64_t seed)
{
    memset(c, 0, sizeof(*c));
    env_init();
    env_reset();
    memset(&merge_domain, 0, sizeof(merge_domain));
    merge_domain.domain_id = 2;
    c->d = &merge_domain;
    c->p2m = p2m_get_hostp2m(c->d);
    c->root_level = root_level;
    c->pool = pool;
    c->rng = seed * 0x9e3779b97f4a7c15UL + root_level;
    ref_init(&c->ref);

    max_gstage_mode = p2m_mode_of_level(4);
    p2m_use_pbmt = true;
    harness_current_cpu = 0;
    if ( harness_p2m_init(c->d, root_level) )
    {
        model_fail("p2m_init(%s) failed", p2m_mode_name(root_level));
        ref_destroy(&c->ref);
        return false;
    }
    p2m_set_vmid(c->p2m, MERGE_VMID);
    MCHECK(!harness_set_allocation(c->d, pool), "p2m_set_allocation failed");
    model_attach(c->p2m);
    mcur = c;
    model_expect_fn = merge_expect;
    /* Every hart runs the guest: every change must reach all of them. */
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        model_load(h);

    return true;
}

static void m_fini(struct mctx *c)
{
    p2m_teardown(c->d);
    MCHECK(env_pages_in_use() == 0, "teardown leaked %lu arena pages",
           env_pages_in_use());
    model_detach();
    ref_destroy(&c->ref);
    model_expect_fn = NULL;
    mcur = NULL;
}

/* ---- Snapshots: a failed single-entry update changes nothing (R7) ---- */

static uint64_t m_hash_table(struct page_info *pg, unsigned int level,
                             uint64_t h)
{
    const pte_t *t = map_domain_page(page_to_mfn(pg));

    h = suite_hash(h, t, PAGE_SIZE);
    h = suite_hash(h, &pg->v.md.nonzero_entries,
                   sizeof(pg->v.md.nonzero_entries));
    h = suite_hash(h, &pg->u.md.used_entries, sizeof(pg->u.md.used_entries));
    if ( pg->v.md.pg )
    {
        const void *md = map_domain_page(page_to_mfn(pg->v.md.pg));

        h = suite_hash(h, md, PAGE_SIZE);
        unmap_domain_page(md);
    }
    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES && level; i++ )
        if ( pte_is_table(t[i]) )
            h = m_hash_table(mfn_to_page(pte_get_mfn(t[i])), level - 1, h);
    unmap_domain_page(t);

    return h;
}

struct msnap {
    uint64_t tables, free_list;
    struct p2m_stats stats;
    unsigned long free, in_use;
};

static void m_snap(const struct mctx *c, struct msnap *s)
{
    const struct page_info *pg;

    s->tables = SUITE_HASH_INIT;
    for ( unsigned int i = 0; i < P2M_ROOT_PAGES; i++ )
        s->tables =
            m_hash_table(c->p2m->root + i, P2M_ROOT_LEVEL(c->p2m), s->tables);
    s->free_list = SUITE_HASH_INIT;
    page_list_for_each(pg, &c->d->arch.paging.freelist)
    {
        unsigned long mfn = mfn_x(page_to_mfn(pg));
        const void *p = map_domain_page(_mfn(mfn));

        s->free_list = suite_hash(s->free_list, &mfn, sizeof(mfn));
        s->free_list = suite_hash(s->free_list, p, 64);
        unmap_domain_page(p);
    }
    s->stats = c->p2m->stats;
    s->free = c->d->arch.paging.freelist.count;
    s->in_use = c->p2m->pages.count;
}

static bool m_snap_equal(const struct msnap *a, const struct msnap *b)
{
    return a->tables == b->tables && a->free_list == b->free_list &&
           !memcmp(&a->stats, &b->stats, sizeof(a->stats)) &&
           a->free == b->free && a->in_use == b->in_use;
}

/* ---- Operations, each checked against the reference and the model ---- */

enum mop_kind { M_MAP, M_UNMAP, M_ACCESS, M_RETYPE };

struct mop {
    enum mop_kind k;
    uint64_t gfn, nr, mfn;
    unsigned int t, a, ot;
};

static void m_describe(const struct mop *op, char *buf, size_t n)
{
    static const char *const names[] = { "map", "unmap", "access", "retype" };

    snprintf(buf, n, "%s gfn 0x%lx nr 0x%lx mfn 0x%lx t %u a %u ot %u",
             names[op->k], (unsigned long)op->gfn, (unsigned long)op->nr,
             (unsigned long)op->mfn, op->t, op->a, op->ot);
}

static void m_check_gfn(struct mctx *c, uint64_t gfn)
{
    uint64_t limit = 1UL << (P2M_GPA_BITS(c->root_level) - PAGE_SHIFT);
    struct xl want, got;
    struct ref_ext e;
    bool present;
    p2m_type_t t;
    p2m_access_t a;
    unsigned int order;
    mfn_t mfn;
    uint64_t gpa;

    if ( gfn >= limit )
        return;
    present = ref_get(&c->ref, gfn, &e);
    want = ref_expect(&c->ref, gfn);
    gpa = (gfn << PAGE_SHIFT) | (rng_next(&c->rng) & (PAGE_SIZE - 8));

    p2m_read_lock(c->p2m);
    mfn = p2m_get_entry(c->p2m, _gfn(gfn), &t, &a, &order, NULL);
    p2m_read_unlock(c->p2m);
    if ( present )
        MCHECK(mfn_x(mfn) == e.mfn && t == e.t && a == e.a,
               "gfn 0x%lx: expected mfn 0x%lx type %u access %u, the p2m "
               "says mfn 0x%lx type %u access %u",
               (unsigned long)gfn, (unsigned long)e.mfn, e.t, e.a, mfn_x(mfn),
               t, a);
    else
        MCHECK(mfn_eq(mfn, INVALID_MFN),
               "gfn 0x%lx: a hole in the reference, the p2m maps 0x%lx",
               (unsigned long)gfn, mfn_x(mfn));
    MCHECK(ref_uniform(&c->ref, gfn & ~((1UL << order) - 1), 1UL << order),
           "gfn 0x%lx: order %u, but the reference is not uniform over it",
           (unsigned long)gfn, order);

    got = mmu_walk_current(gpa);
    if ( !xl_equal(&got, &want) )
    {
        char b1[128], b2[128];

        xl_format(&got, b1, sizeof(b1));
        xl_format(&want, b2, sizeof(b2));
        model_fail("gfn 0x%lx: the MMU walks to %s, the reference says %s",
                   (unsigned long)gfn, b1, b2);
    }
    model_check_gpa(gpa, &want);
}

static void m_check_range(struct mctx *c, uint64_t gfn, uint64_t nr)
{
    m_check_gfn(c, gfn - 1);
    m_check_gfn(c, gfn);
    m_check_gfn(c, gfn + nr - 1);
    m_check_gfn(c, gfn + nr);
    for ( unsigned int l = 1; l <= c->root_level; l++ )
    {
        uint64_t base = gfn & ~((1UL << (9 * l)) - 1);

        m_check_gfn(c, base);
        m_check_gfn(c, base + (1UL << (9 * l)) - 1);
        m_check_gfn(c, base + rng_next(&c->rng) % (1UL << (9 * l)));
    }
    for ( unsigned int i = 0; i < model_nr_touched; i++ )
        m_check_gfn(c, model_touched_gpa[i] >> PAGE_SHIFT);
}

static void m_after(struct mctx *c, const struct mop *op)
{
    struct p2m_domain *p2m = c->p2m;

    model_end_op();
    m_check_range(c, op->gfn, op->nr);
    MCHECK(!p2m->deferred_free.count && !p2m->flush_vmid && !p2m->flush_nr_gpa,
           "flush or deferred pages left after the unlock");
    MCHECK(c->d->arch.paging.total_pages ==
               c->d->arch.paging.freelist.count + p2m->pages.count,
           "pool: %lu total, %lu free, %lu in use",
           c->d->arch.paging.total_pages, c->d->arch.paging.freelist.count,
           p2m->pages.count);
    if ( c->full || !(c->ops % 64) )
    {
        unsigned int errs = p2m_audit(p2m);

        MCHECK(!errs, "p2m_audit() found %u violations", errs);
        model_check_full();
    }
    c->ops++;
}

static int m_call(struct mctx *c, const struct mop *op, unsigned long *done)
{
    int rc;

    *done = 0;
    switch ( op->k )
    {
    case M_MAP:
    case M_UNMAP:
        p2m_write_lock(c->p2m);
        rc = p2m_set_range(c->p2m, _gfn(op->gfn), op->nr,
                           op->k == M_MAP ? _mfn(op->mfn) : INVALID_MFN,
                           op->k == M_MAP ? op->t : p2m_invalid,
                           op->k == M_MAP ? op->a : p2m_access_n, done);
        p2m_write_unlock(c->p2m);
        return rc;
    case M_ACCESS:
        return p2m_set_access_range(c->d, _gfn(op->gfn), op->nr, op->a, done);
    case M_RETYPE:
        return p2m_change_type_range(c->d, _gfn(op->gfn), op->nr, op->ot, op->t,
                                     done);
    }
    return -EINVAL;
}

static void m_ref_apply(struct mctx *c, const struct mop *op, uint64_t done)
{
    switch ( op->k )
    {
    case M_MAP:
        ref_map(&c->ref, op->gfn, done, op->mfn, op->t, op->a);
        break;
    case M_UNMAP:
        ref_unmap(&c->ref, op->gfn, done);
        break;
    case M_ACCESS:
        ref_set_access(&c->ref, op->gfn, done, op->a);
        break;
    case M_RETYPE:
        ref_change_type(&c->ref, op->gfn, done, op->ot, op->t);
        break;
    }
}

static void m_set_free(struct mctx *c, unsigned long free)
{
    unsigned long in_use =
        c->d->arch.paging.total_pages - c->d->arch.paging.freelist.count;

    MCHECK(!harness_set_allocation(c->d, in_use + free),
           "p2m_set_allocation(%lu) failed", in_use + free);
}

/* One run of op; returns its result. */
static int m_run_once(struct mctx *c, const struct mop *op)
{
    unsigned long done;
    struct msnap before, after;
    char desc[160];
    int rc;

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        model_prefetch(h, op->gfn << PAGE_SHIFT);
        model_prefetch(h, (op->gfn + op->nr - 1) << PAGE_SHIFT);
    }
    /* Snapshots cost: only where a failure must leave nothing changed. */
    if ( c->fi || c->d->arch.paging.freelist.count < 32 )
        m_snap(c, &before);
    else
        before.tables = 0;
    model_begin_op();
    rc = m_call(c, op, &done);
    m_describe(op, desc, sizeof(desc));
    if ( rc == -ENOMEM )
    {
        MCHECK(done < op->nr, "%s: -ENOMEM, but done %lu", desc, done);
        if ( !done && before.tables )
        {
            m_snap(c, &after);
            MCHECK(m_snap_equal(&before, &after),
                   "%s: -ENOMEM with nothing done changed the p2m (R7)", desc);
        }
        m_ref_apply(c, op, done);
    }
    else
    {
        MCHECK(!rc, "%s: expected success, got %d", desc, rc);
        MCHECK(rc || done == op->nr, "%s: done %lu", desc, done);
        m_ref_apply(c, op, rc ? 0 : op->nr);
    }
    m_after(c, op);

    return rc;
}

/*
 * With fault injection, the pool has N - 1 free pages for N = 1, 2, ...
 * until the operation gets through: every allocation it makes fails once.
 */
static int m_run(struct mctx *c, const struct mop *op)
{
    int rc;

    if ( !c->fi )
        return m_run_once(c, op);

    for ( unsigned long n = 1; n < 64; n++ )
    {
        unsigned long in_use;

        m_set_free(c, n - 1);
        rc = m_run_once(c, op);
        in_use =
            c->d->arch.paging.total_pages - c->d->arch.paging.freelist.count;
        m_set_free(c, c->pool > in_use ? c->pool - in_use : 0);
        if ( rc != -ENOMEM )
            return rc;
    }
    model_fail("an operation never succeeded with growing pools");

    return -ENOMEM;
}

static int m_map(struct mctx *c, uint64_t gfn, uint64_t nr, uint64_t mfn,
                 unsigned int t, unsigned int a)
{
    struct mop op = {
        .k = M_MAP, .gfn = gfn, .nr = nr, .mfn = mfn, .t = t, .a = a
    };

    return m_run(c, &op);
}

static int m_unmap(struct mctx *c, uint64_t gfn, uint64_t nr)
{
    struct mop op = { .k = M_UNMAP, .gfn = gfn, .nr = nr };

    return m_run(c, &op);
}

static int m_access(struct mctx *c, uint64_t gfn, uint64_t nr, unsigned int a)
{
    struct mop op = { .k = M_ACCESS, .gfn = gfn, .nr = nr, .a = a };

    return m_run(c, &op);
}

static int m_retype(struct mctx *c, uint64_t gfn, uint64_t nr, unsigned int ot,
                    unsigned int t)
{
    struct mop op = { .k = M_RETYPE, .gfn = gfn, .nr = nr, .ot = ot, .t = t };

    return m_run(c, &op);
}

/* The order of the leaf (or hole) gfn lies in. */
static unsigned int m_order(struct mctx *c, uint64_t gfn)
{
    unsigned int order;

    p2m_read_lock(c->p2m);
    p2m_get_entry(c->p2m, _gfn(gfn), NULL, NULL, &order, NULL);
    p2m_read_unlock(c->p2m);

    return order;
}

/* ---- Directed tests ---- */

/* A region of the GPA space, 1 GiB aligned, inside every mode's width. */
#define REGION  (3UL * PAGES_1G)
#define FRAMES  (1UL << 30) /* fake frames, never dereferenced */
#define FOREIGN (1UL << 32) /* fake frames without a page_info */

/* Refill a hole punched in a 2 MiB leaf: the 2 MiB leaf comes back. */
static void dm_refill_2m(struct mctx *c)
{
    uint64_t g = REGION + 5 * PAGES_2M, m = FRAMES + 7 * PAGES_2M;
    struct p2m_stats s0;
    unsigned long vmid0, remote0;

    m_map(c, g, PAGES_2M, m, p2m_ram_rw, p2m_access_rwx);
    s0 = c->p2m->stats;
    m_unmap(c, g + 77, 1);
    MCHECK(m_order(c, g) == 0, "no split under the hole");
    vmid0 = c->p2m->stats.fences_vmid;
    remote0 = c->p2m->stats.fences_remote;
    m_map(c, g + 77, 1, m + 77, p2m_ram_rw, p2m_access_rwx);
    MCHECK(c->p2m->stats.merges == s0.merges + 1,
           "refilled 2M: %lu merges, expected %lu", c->p2m->stats.merges,
           s0.merges + 1);
    MCHECK(m_order(c, g + 300) == 9, "refilled 2M: order %u, expected 9",
           m_order(c, g + 300));
    MCHECK(c->p2m->stats.tables == s0.tables &&
               c->p2m->stats.leaves[0] == s0.leaves[0] &&
               c->p2m->stats.leaves[1] == s0.leaves[1],
           "refilled 2M: tables %lu (was %lu), 4K leaves %lu (was %lu)",
           c->p2m->stats.tables, s0.tables, c->p2m->stats.leaves[0],
           s0.leaves[0]);
    MCHECK(c->p2m->stats.fences_vmid == vmid0 + 1 &&
               c->p2m->stats.fences_remote == remote0 + 1,
           "a merge needs one VMID-wide fence here and one remote call");
}

/* A 4 KiB hole in a 1 GiB leaf, refilled: merges twice, 1 GiB again. */
static void dm_refill_1g(struct mctx *c)
{
    uint64_t g = REGION + PAGES_1G, m = FRAMES + 2 * PAGES_1G;
    struct p2m_stats s0;

    m_map(c, g, PAGES_1G, m, p2m_ram_rw, p2m_access_rwx);
    s0 = c->p2m->stats;
    m_unmap(c, g + 0x12345, 1);
    MCHECK(m_order(c, g) == 9 && m_order(c, g + 0x12345) == 0,
           "the hole did not split 1G -> 2M -> 4K");
    m_map(c, g + 0x12345, 1, m + 0x12345, p2m_ram_rw, p2m_access_rwx);
    MCHECK(c->p2m->stats.merges == s0.merges + 2,
           "refilled 1G: %lu merges, expected %lu", c->p2m->stats.merges,
           s0.merges + 2);
    MCHECK(m_order(c, g + 0x3ffff) == 18, "refilled 1G: order %u",
           m_order(c, g + 0x3ffff));
    MCHECK(c->p2m->stats.tables == s0.tables,
           "refilled 1G: %lu tables, "
           "expected %lu",
           c->p2m->stats.tables, s0.tables);
    m_unmap(c, g, PAGES_1G);
}

/* A retype and an access change undone: the superpage comes back. */
static void dm_undo(struct mctx *c)
{
    uint64_t g = REGION + 9 * PAGES_2M, m = FRAMES + 9 * PAGES_2M;
    unsigned long merges;

    m_map(c, g, PAGES_2M, m, p2m_ram_rw, p2m_access_rwx);
    m_retype(c, g + 3, 1, p2m_ram_rw, p2m_ram_ro);
    merges = c->p2m->stats.merges;
    m_retype(c, g + 3, 1, p2m_ram_ro, p2m_ram_rw);
    MCHECK(c->p2m->stats.merges == merges + 1 && m_order(c, g) == 9,
           "retype undone: %lu merges (expected %lu), order %u",
           c->p2m->stats.merges, merges + 1, m_order(c, g));

    m_access(c, g + 511, 1, p2m_access_rx);
    merges = c->p2m->stats.merges;
    m_access(c, g + 511, 1, p2m_access_rwx);
    MCHECK(c->p2m->stats.merges == merges + 1 && m_order(c, g) == 9,
           "access change undone: %lu merges, order %u", c->p2m->stats.merges,
           m_order(c, g));
}

/*
 * Entries whose PTEs are bit for bit the same but whose access differs in
 * the metadata (ram_ro with access r and rw both give R|... = R): no
 * merge until the metadata agrees too, and then the leaf keeps it.
 */
static void dm_metadata(struct mctx *c)
{
    uint64_t g = REGION + 11 * PAGES_2M, m = FRAMES + 11 * PAGES_2M;
    unsigned long merges;
    p2m_access_t a;

    m_map(c, g, PAGES_2M, m, p2m_ram_ro, p2m_access_r);
    m_access(c, g + 5, 1, p2m_access_rw);
    merges = c->p2m->stats.merges;
    m_unmap(c, g + 9, 1);
    m_map(c, g + 9, 1, m + 9, p2m_ram_ro, p2m_access_r);
    MCHECK(c->p2m->stats.merges == merges && m_order(c, g) == 0,
           "merged although one entry's access differs in the metadata");
    MCHECK(!p2m_get_access(c->d, _gfn(g + 5), &a) && a == p2m_access_rw,
           "access of the odd entry lost: %u", a);
    m_access(c, g + 5, 1, p2m_access_r);
    MCHECK(c->p2m->stats.merges == merges + 1 && m_order(c, g) == 9,
           "metadata agrees again: %lu merges, order %u", c->p2m->stats.merges,
           m_order(c, g));
}

/* 512 single pages; one of them is the odd one out, or the run is. */
static void dm_no_merge_case(struct mctx *c, uint64_t g, uint64_t m,
                             unsigned int t, uint64_t odd, unsigned int odd_t,
                             const char *what)
{
    unsigned long merges = c->p2m->stats.merges;

    for ( uint64_t i = 0; i < PAGES_2M; i++ )
        m_map(c, g + i, 1, m + i, i == odd ? odd_t : t, p2m_access_rwx);
    MCHECK(c->p2m->stats.merges == merges && m_order(c, g) == 0, "%s: merged",
           what);
    m_unmap(c, g, PAGES_2M);
}

static void dm_no_merge(struct mctx *c)
{
    uint64_t g = REGION + 13 * PAGES_2M, m = FRAMES + 13 * PAGES_2M;
    unsigned long merges = c->p2m->stats.merges;

    dm_no_merge_case(c, g, m, p2m_ram_rw, 200, p2m_ram_ro, "one type differs");
    dm_no_merge_case(c, g, m + 1, p2m_ram_rw, ~0UL, 0, "misaligned frames");
    dm_no_merge_case(c, g, FOREIGN, p2m_map_foreign_rw, ~0UL, 0,
                     "foreign frames");
    dm_no_merge_case(c, g, FOREIGN, p2m_grant_map_rw, ~0UL, 0,
                     "granted frames");

    /* The same 512 pages one by one, all alike: they merge. */
    for ( uint64_t i = 0; i < PAGES_2M; i++ )
        m_map(c, g + i, 1, m + i, p2m_mmio_direct_io, p2m_access_rwx);
    MCHECK(c->p2m->stats.merges == merges + 1 && m_order(c, g) == 9,
           "512 MMIO pages, one by one: %lu merges, order %u",
           c->p2m->stats.merges, m_order(c, g));
}

static void m_directed(unsigned int root_level, bool fi)
{
    static const struct {
        const char *name;
        void (*fn)(struct mctx *c);
    } tests[] = {
        { "refill a hole in a 2M leaf", dm_refill_2m },
        { "refill a hole in a 1G leaf", dm_refill_1g },
        { "retype and access change undone", dm_undo },
        { "access differing only in the metadata", dm_metadata },
        { "no merge across types, frames, foreign and grants", dm_no_merge },
    };

    for ( unsigned int i = 0; i < ARRAY_SIZE(tests); i++ )
    {
        struct mctx c;
        unsigned long f0 = model_failures;

        if ( !m_init(&c, root_level, 64, 1) )
            continue;
        c.fi = fi;
        c.full = true;
        suite_budget(DIRECTED_BUDGET, "merge %s %s", p2m_mode_name(root_level),
                     tests[i].name);
        tests[i].fn(&c);
        MCHECK(!p2m_audit(c.p2m), "audit at the end");
        m_fini(&c);
        suite_budget(0, "-");
        suite_result(model_failures == f0, "%s [merge%s] %s",
                     p2m_mode_name(root_level), fi ? ", faults" : "",
                     tests[i].name);
    }
}

/* ---- Random sequences that undo themselves ---- */

#define M_REGIONS 4

static void m_random(unsigned int root_level, uint64_t seed, unsigned long ops)
{
    struct mctx c;
    unsigned long f0 = model_failures, merges;
    uint64_t base[M_REGIONS], frame[M_REGIONS];
    unsigned int type[M_REGIONS];

    if ( !m_init(&c, root_level, 3072, seed) )
        return;
    suite_budget(RANDOM_BUDGET(ops), "merge %s random (--seed %lu)",
                 p2m_mode_name(root_level), (unsigned long)seed);

    /* Two 2 MiB regions and two 1 GiB ones, each with its home frames. */
    for ( unsigned int r = 0; r < M_REGIONS; r++ )
    {
        uint64_t span = r < 2 ? PAGES_2M : PAGES_1G;

        base[r] = REGION + r * PAGES_1G + (r < 2 ? 3 * r * PAGES_2M : 0);
        frame[r] = FRAMES + (r + 4) * PAGES_1G + (r < 2 ? r * PAGES_2M : 0);
        type[r] = r == 1 ? p2m_mmio_direct_io : p2m_ram_rw;
        m_map(&c, base[r], span, frame[r], type[r], p2m_access_rwx);
    }

    while ( c.ops < ops && model_failures == f0 )
    {
        unsigned int r = rng_next(&c.rng) % M_REGIONS;
        uint64_t span = r < 2 ? PAGES_2M : PAGES_1G;
        unsigned int k = rng_next(&c.rng) % 10;
        uint64_t nr = rng_next(&c.rng) % 4 ? 1 : 1 + rng_next(&c.rng) % 16;
        uint64_t off, g, m;

        /*
         * Mostly a few hot pages at the edges of a few 2 MiB blocks, so
         * that what is disturbed is soon undone and tables merge (and 1
         * GiB regions merge twice); now and then anywhere.
         */
        if ( rng_next(&c.rng) % 8 )
        {
            uint64_t hot = rng_next(&c.rng) % 6;

            off = (span == PAGES_1G ? (rng_next(&c.rng) % 4) * 97 * PAGES_2M
                                    : 0) +
                  (hot < 3 ? hot : PAGES_2M - 6 + hot);
        }
        else
        {
            off = rng_next(&c.rng) % span;
            nr = 1 + rng_next(&c.rng) % 600;
        }

        if ( nr > span - off )
            nr = span - off;
        g = base[r] + off;
        m = frame[r] + off;

        harness_current_cpu = rng_next(&c.rng) % NR_HARTS;
        c.fi = !(rng_next(&c.rng) % 16);
        switch ( k )
        {
        case 0:
            m_unmap(&c, g, nr);
            break;
        case 1:
            if ( type[r] == p2m_ram_rw )
                m_retype(&c, g, nr, p2m_ram_rw, p2m_ram_ro);
            else
                m_access(&c, g, nr, p2m_access_r);
            break;
        case 2:
            /* Elsewhere in the region's frames: must not merge wrongly. */
            m_map(&c, g, nr, m ^ 1, type[r], p2m_access_rwx);
            break;
        case 3:
        case 4:
        case 5:
        case 6:
            /* Home again: the same frames, type and access as the region. */
            m_map(&c, g, nr, m, type[r], p2m_access_rwx);
            break;
        default:
            if ( type[r] == p2m_ram_rw )
                m_retype(&c, g, nr, p2m_ram_ro, p2m_ram_rw);
            m_access(&c, g, nr, p2m_access_rwx);
            break;
        }
    }
    merges = c.p2m->stats.merges;
    MCHECK(!p2m_audit(c.p2m), "audit at the end");
    model_check_full();
    m_fini(&c);
    suite_budget(0, "-");
    /* run_merge() runs a tenth of --ops. */
    printf("merge %s: %lu random ops, seed %lu, %lu merges, %lu failures "
           "(replay: build/p2m-test --merge --mode %s --seed %lu --ops %lu)\n",
           p2m_mode_name(root_level), c.ops, (unsigned long)seed, merges,
           model_failures - f0, p2m_mode_name(root_level), (unsigned long)seed,
           ops * 10);
    suite_result(model_failures == f0 && merges > 0,
                 "%s [merge] random (--seed %lu): %lu merges",
                 p2m_mode_name(root_level), (unsigned long)seed, merges);
}

int run_merge(unsigned int modes, uint64_t seed, unsigned long ops)
{
    for ( unsigned int rl = 2; rl <= 4; rl++ )
    {
        if ( !(modes & (1U << (rl - 2))) )
            continue;
        m_directed(rl, false);
        m_directed(rl, true);
        m_random(rl, seed, ops);
    }

    return 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
