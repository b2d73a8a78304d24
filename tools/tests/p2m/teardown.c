/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The preemptible p2m teardown (p2m_teardown_step()): a domain's p2m goes
 * away in steps of bounded work, and everything it had (tables, type
 * pages, pool, root) goes back.
 *
 *   - 1 TiB mapped in a mix of 1 GiB, 2 MiB and 4 KiB leaves, torn down
 *     with a budget of 512: no step does more than the budget, and the
 *     largest step is printed;
 *   - random p2ms (mode, pool, leaves, access changes that need type
 *     pages) torn down with random budgets: every arena page comes back;
 *   - foreign leaves of 2 MiB and 1 GiB: each frame's reference is dropped
 *     exactly once, however the leaf goes, and counted in the work of the
 *     step that drops it.
 *
 * The guest frames behind the mappings are not arena pages (the p2m never
 * touches them), so the arena holds only the root and the pool: after a
 * teardown it must be empty.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <asm/current.h>

#include "harness.h"

#define TD_GB  (1UL << 18) /* pages in 1 GiB */
#define TD_2M  (1UL << 9)
#define TD_MFN 0x100000000UL /* frames far from the arena */

static struct domain td_dom;

static uint64_t td_rng;

static unsigned long td_rnd(unsigned long n)
{
    return rng_next(&td_rng) % n;
}

static int td_create(unsigned int root_level, unsigned long pool)
{
    int rc;

    memset(&td_dom, 0, sizeof(td_dom));
    td_dom.domain_id = 7;
    env_init();
    env_reset();
    max_gstage_mode = p2m_mode_of_level(4);
    p2m_use_pbmt = true;
    harness_current_cpu = 0;
    rc = harness_p2m_init(&td_dom, root_level);
    if ( !rc )
        rc = harness_set_allocation(&td_dom, pool);
    if ( rc )
        model_fail("teardown: setting up a %s p2m with %lu pool pages: %d",
                   p2m_mode_name(root_level), pool, rc);

    return rc;
}

static int td_map(uint64_t gfn, uint64_t nr, uint64_t mfn, p2m_type_t t,
                  p2m_access_t a)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(&td_dom);
    unsigned long done;
    int rc;

    p2m_write_lock(p2m);
    rc = p2m_set_range(p2m, _gfn(gfn), nr, _mfn(mfn), t, a, &done);
    p2m_write_unlock(p2m);

    return rc;
}

static int td_unmap(uint64_t gfn, uint64_t nr)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(&td_dom);
    unsigned long done;
    int rc;

    p2m_write_lock(p2m);
    rc = p2m_set_range(p2m, _gfn(gfn), nr, INVALID_MFN, p2m_invalid,
                       p2m_access_n, &done);
    p2m_write_unlock(p2m);

    return rc;
}

/* Leaves and tables in the p2m, and pages in its pool. */
static unsigned long td_objects(void)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(&td_dom);
    unsigned long n = p2m->stats.tables + p2m->stats.md_pages +
                      td_dom.arch.paging.total_pages;

    for ( unsigned int l = 0; l < P2M_MAX_LEVELS; l++ )
        n += p2m->stats.leaves[l];

    return n;
}

/* The most leaves, tables, type pages and pool pages one step freed. */
static unsigned long td_max_freed;

/* The most page references one step dropped. */
static unsigned long td_max_puts;

/*
 * Tear td_dom's p2m down with the given budget.  Returns the number of
 * steps; *max_work gets the largest step's work.  Fails the test if a
 * step exceeds the budget, if it never ends, or if anything is left.
 */
static unsigned long td_teardown(unsigned long budget, unsigned long *max_work,
                                 const char *what)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(&td_dom);
    unsigned long steps = 0, work, limit = 1UL << 30;
    int rc;

    *max_work = 0;
    td_max_freed = 0;
    td_max_puts = 0;
    do {
        unsigned long before = td_objects(), after, puts = env_put_pages;

        rc = p2m_teardown_step(&td_dom, budget, &work);
        /*
         * A foreign leaf's references are work too: a 1 GiB one has
         * 262,144 of them, and a step must stay bounded.
         */
        puts = env_put_pages - puts;
        if ( puts > td_max_puts )
            td_max_puts = puts;
        if ( puts > work )
            model_fail("teardown (%s): a step dropped %lu references but "
                       "counted %lu units of work",
                       what, puts, work);
        /* The last step frees the root too, and the counts with it. */
        after = rc ? td_objects() : 0;
        if ( before - after > td_max_freed )
            td_max_freed = before - after;
        steps++;
        if ( work > *max_work )
            *max_work = work;
        if ( work > budget )
            model_fail("teardown (%s): a step did %lu units, budget %lu", what,
                       work, budget);
        if ( rc && rc != -ERESTART )
            model_fail("teardown (%s): step %lu returned %d", what, steps, rc);
    } while ( rc == -ERESTART && steps < limit );

    if ( rc )
        model_fail("teardown (%s): not done after %lu steps", what, steps);
    if ( p2m->root )
        model_fail("teardown (%s): the root is still there", what);
    if ( td_dom.arch.paging.total_pages )
        model_fail("teardown (%s): the pool still counts %lu pages", what,
                   td_dom.arch.paging.total_pages);
    if ( env_pages_in_use() )
        model_fail("teardown (%s): %lu arena pages leaked (tables, type "
                   "pages, pool or root)",
                   what, env_pages_in_use());
    /* Finished: another step (or the old teardown) finds nothing to do. */
    rc = p2m_teardown_step(&td_dom, budget, &work);
    if ( rc || work )
        model_fail("teardown (%s): a step after the end: %d, %lu units", what,
                   rc, work);
    p2m_teardown(&td_dom);

    return steps;
}

/*
 * 1 TiB from GFN 0: every fourth GiB in 2 MiB leaves, every sixteenth
 * (offset 2) with its first eight 2 MiB blocks in 4 KiB leaves instead,
 * the rest in 1 GiB leaves; a few pages with access r, so that type
 * pages exist too.
 */
static void td_one_tib(unsigned int root_level)
{
    unsigned long before = model_failures, leaves = 0, tables, steps, max_work;
    struct p2m_stats s;
    unsigned long pool_total, pool_free;

    if ( td_create(root_level, 2048) )
        return;

    for ( unsigned long g = 0; g < 1024 && model_failures == before; g++ )
    {
        uint64_t gfn = g * TD_GB, mfn = TD_MFN + g * TD_GB;
        int rc;

        if ( g % 16 == 2 )
        {
            rc = td_map(gfn, TD_GB, mfn + TD_2M, p2m_ram_rw, p2m_access_rwx);
            for ( unsigned int b = 0; !rc && b < 8; b++ )
                rc = td_map(gfn + b * TD_2M, TD_2M, mfn + b * TD_2M + 1,
                            p2m_ram_rw, p2m_access_rwx);
            if ( !rc )
                rc = td_map(gfn + 5, 3, mfn + 77, p2m_ram_rw, p2m_access_r);
        }
        else if ( g % 4 == 0 )
            rc = td_map(gfn, TD_GB, mfn + TD_2M, p2m_ram_rw, p2m_access_rwx);
        else
            rc = td_map(gfn, TD_GB, mfn, p2m_ram_rw, p2m_access_rwx);
        if ( rc )
            model_fail("teardown: mapping GiB %lu: %d", g, rc);
    }

    p2m_get_stats(p2m_get_hostp2m(&td_dom), &s, &pool_total, &pool_free);
    for ( unsigned int l = 0; l < P2M_MAX_LEVELS; l++ )
        leaves += s.leaves[l];
    tables = s.tables;

    steps = td_teardown(512, &max_work, "1 TiB");
    printf("teardown: %s, 1 TiB in %lu leaves (1G %lu, 2M %lu, 4K %lu), "
           "%lu tables, %lu type pages, pool %lu: %lu steps of budget 512, "
           "largest step %lu units, freeing at most %lu leaves, tables, type "
           "and pool pages\n",
           p2m_mode_name(root_level), leaves, (unsigned long)s.leaves[2],
           (unsigned long)s.leaves[1], (unsigned long)s.leaves[0], tables,
           (unsigned long)s.md_pages, pool_total, steps, max_work,
           td_max_freed);
    /* A leaf's removal frees at most one table and type page per level. */
    if ( td_max_freed > 512 * (1 + 2 * root_level) )
        model_fail("teardown: a step freed %lu objects", td_max_freed);
    suite_result(model_failures == before,
                 "%s teardown of 1 TiB in mixed leaves in bounded steps",
                 p2m_mode_name(root_level));
}

/* Random p2ms, random budgets: nothing may be left over. */
static void td_random(uint64_t seed, unsigned int cycles)
{
    unsigned long before = model_failures, total_steps = 0, max_all = 0;

    td_rng = seed * 0x9e3779b97f4a7c15UL + 0x7d;
    for ( unsigned int i = 0; i < cycles && model_failures == before; i++ )
    {
        unsigned int rl = 2 + td_rnd(3), nmaps = td_rnd(200);
        unsigned long pool = 16 + td_rnd(600), budget = 1 + td_rnd(700);
        unsigned long max_work;
        char what[64];

        if ( td_create(rl, pool) )
            break;
        for ( unsigned int k = 0; k < nmaps; k++ )
        {
            unsigned int lvl = td_rnd(3), r = td_rnd(10);
            uint64_t span = 1UL << (9 * lvl);
            uint64_t gfn = td_rnd(64 * TD_GB) & ~(span - 1);
            uint64_t nr = span * (1 + td_rnd(3));
            uint64_t mfn = TD_MFN + (td_rnd(1UL << 24) & ~(span - 1));
            int rc;

            if ( r < 2 )
                rc = td_unmap(gfn + td_rnd(span), 1 + td_rnd(8));
            else
                rc = td_map(gfn, nr, mfn, r < 3 ? p2m_ram_ro : p2m_ram_rw,
                            r < 5 ? p2m_access_r : p2m_access_rwx);
            /* A pool that runs dry is part of the test, not a failure. */
            if ( rc && rc != -ENOMEM )
                model_fail("teardown (random, seed %lu, cycle %u): map: %d",
                           (unsigned long)seed, i, rc);
        }
        snprintf(what, sizeof(what), "random, seed %lu, cycle %u",
                 (unsigned long)seed, i);
        total_steps += td_teardown(budget, &max_work, what);
        if ( max_work > max_all )
            max_all = max_work;
    }

    printf("teardown: %u random p2ms (seed %lu) torn down in %lu steps, "
           "largest step %lu units, nothing left over\n",
           cycles, (unsigned long)seed, total_steps, max_all);
    suite_result(model_failures == before,
                 "random create/teardown cycles leave no pool, table or type "
                 "page behind (seed %lu)",
                 (unsigned long)seed);
}

/* Foreign 2 MiB of arena frames, each with one reference (the leaf's). */
#define TD_FMFN (ARENA_BASE_MFN + 0x2000)

static void td_foreign_refs(unsigned long count)
{
    for ( unsigned long i = 0; i < TD_2M; i++ )
        frame_table[TD_FMFN - ARENA_BASE_MFN + i].count = count;
}

static bool td_foreign_released(void)
{
    for ( unsigned long i = 0; i < TD_2M; i++ )
        if ( frame_table[TD_FMFN - ARENA_BASE_MFN + i].count )
            return false;
    return true;
}

/*
 * Removing a foreign leaf drops one reference per frame it maps, whatever
 * its size and whichever path removes it: an unmap of the whole leaf, of
 * its pieces after a split (which hands the references to the pieces), a
 * superpage mapped over a table of foreign leaves (the table is freed
 * with its leaves), the teardown; an access change drops none.  (The
 * 1 GiB foreign leaf: td_foreign_1g().)
 */
static void td_foreign(void)
{
    unsigned long before = model_failures, p0, u0;
    const uint64_t g = TD_GB;
    const char *what = "";
    unsigned long max_work;

    if ( td_create(2, 256) )
        return;

#define TD_EXPECT_PUTS(n, case)                                                \
    do                                                                         \
    {                                                                          \
        if ( env_put_pages - p0 != (n) || env_put_unreferenced != u0 )         \
            model_fail("foreign leaves (%s): %lu puts (%lu unreferenced), "    \
                       "expected %lu",                                         \
                       case, env_put_pages - p0, env_put_unreferenced - u0,    \
                       (unsigned long)(n));                                    \
    } while ( 0 )

    /* A whole 2 MiB foreign leaf, unmapped at once. */
    what = "2M leaf unmapped";
    td_foreign_refs(1);
    p0 = env_put_pages;
    u0 = env_put_unreferenced;
    td_map(g, TD_2M, TD_FMFN, p2m_map_foreign_rw, p2m_access_rwx);
    TD_EXPECT_PUTS(0, what);
    td_unmap(g, TD_2M);
    TD_EXPECT_PUTS(TD_2M, what);
    if ( !td_foreign_released() )
        model_fail("foreign leaves (%s): references left", what);

    /* Split by a one-page unmap and an access change, then the rest. */
    what = "2M leaf split, then unmapped";
    td_foreign_refs(1);
    p0 = env_put_pages;
    td_map(g, TD_2M, TD_FMFN, p2m_map_foreign_ro, p2m_access_rwx);
    td_unmap(g + 7, 1);
    TD_EXPECT_PUTS(1, what);
    td_map(g + 9, 1, TD_FMFN + 9, p2m_map_foreign_ro, p2m_access_r);
    TD_EXPECT_PUTS(1, what);
    td_unmap(g, TD_2M);
    TD_EXPECT_PUTS(TD_2M, what);
    if ( !td_foreign_released() )
        model_fail("foreign leaves (%s): references left", what);

    /* A table of foreign leaves replaced by a RAM superpage. */
    what = "table of foreign leaves replaced by a superpage";
    td_foreign_refs(1);
    p0 = env_put_pages;
    td_map(g, TD_2M, TD_FMFN, p2m_map_foreign_rw, p2m_access_rwx);
    td_unmap(g + 100, 1);
    td_map(g, TD_2M, TD_MFN, p2m_ram_rw, p2m_access_rwx);
    TD_EXPECT_PUTS(TD_2M, what);
    if ( !td_foreign_released() )
        model_fail("foreign leaves (%s): references left", what);
    td_unmap(g, TD_2M);

    /* Foreign leaves of both sizes, taken down by the teardown. */
    what = "teardown";
    td_foreign_refs(1);
    p0 = env_put_pages;
    td_map(g, 256, TD_FMFN, p2m_map_foreign_rw, p2m_access_rwx);
    td_map(2 * g + TD_2M, TD_2M, TD_MFN + TD_2M, p2m_ram_rw, p2m_access_rwx);
    td_map(3 * g, 256, TD_FMFN + 256, p2m_map_foreign_rw, p2m_access_rwx);
    td_teardown(3, &max_work, "foreign leaves");
    TD_EXPECT_PUTS(TD_2M, what);
    if ( !td_foreign_released() )
        model_fail("foreign leaves (%s): references left", what);

    /*
     * A foreign superpage has more references than a step's budget: they
     * are dropped over several steps (td_teardown() fails a step that
     * drops more than it counts, or counts more than its budget), each
     * exactly once.
     */
    what = "2M leaf torn down with a budget of 100";
    if ( td_create(2, 256) )
        return;
    td_foreign_refs(1);
    p0 = env_put_pages;
    u0 = env_put_unreferenced;
    td_map(g, TD_2M, TD_FMFN, p2m_map_foreign_rw, p2m_access_rwx);
    td_teardown(100, &max_work, what);
    TD_EXPECT_PUTS(TD_2M, what);
    if ( !td_foreign_released() )
        model_fail("foreign leaves (%s): references left", what);
    if ( td_max_puts != 100 )
        model_fail("foreign leaves (%s): at most %lu references a step, "
                   "expected 100",
                   what, td_max_puts);
#undef TD_EXPECT_PUTS

    printf("teardown: foreign leaves drop one reference per frame: 2 MiB "
           "leaf unmapped, split and unmapped, replaced by a superpage, "
           "torn down (with a budget of 100: at most %lu references a "
           "step)\n",
           td_max_puts);
    suite_result(model_failures == before,
                 "removing foreign leaves drops their references");
}

/*
 * A 1 GiB foreign leaf: 262,144 frames, far more than the arena, so the
 * frame table is widened for this test to cover a 1 GiB-aligned block of
 * frames above the arena (TD_GMFN).  The arena's own entries stay where
 * env.c expects them (frame_table[0] is the arena's first frame), only
 * frametable_nr grows: mfn_valid() is true for the block and mfn_to_page()
 * finds its entries, so the p2m takes and drops their references exactly
 * as it would for a domain's RAM.
 */
#define TD_GMFN (ARENA_BASE_MFN + TD_GB)

/* The block's frames, owned by td_owner, with one reference each. */
static struct domain td_owner;

static struct page_info *td_gpage(unsigned long i)
{
    return mfn_to_page(_mfn(TD_GMFN + i));
}

/*
 * Take a reference to every frame of the block the way a foreign mapping
 * does (get_page() with the owner), or fail the test.
 */
static void td_giant_refs(const char *what)
{
    for ( unsigned long i = 0; i < TD_GB; i++ )
    {
        struct page_info *pg = td_gpage(i);

        pg->count = 0;
        pg->v.inuse.domain = &td_owner;
        if ( !get_page(pg, &td_owner) )
        {
            model_fail("1G foreign leaf (%s): get_page of frame %lu refused",
                       what, i);
            return;
        }
    }
}

/*
 * Every reference dropped exactly once since p0/u0: as many puts as
 * frames, none of an unreferenced frame (a second put of one), and no
 * frame with its reference left (a missing put).
 */
static bool td_giant_released(const char *what, unsigned long p0,
                              unsigned long u0)
{
    unsigned long left = 0;

    for ( unsigned long i = 0; i < TD_GB; i++ )
        if ( td_gpage(i)->count )
            left++;
    if ( env_put_pages - p0 == TD_GB && env_put_unreferenced == u0 && !left )
        return true;
    model_fail("1G foreign leaf (%s): %lu puts for %lu frames, %lu of them "
               "of frames with no reference left, %lu frames still "
               "referenced",
               what, env_put_pages - p0, TD_GB, env_put_unreferenced - u0,
               left);
    return false;
}

static unsigned long td_leaves_1g(void)
{
    struct p2m_stats s;
    unsigned long pool_total, pool_free;

    p2m_get_stats(p2m_get_hostp2m(&td_dom), &s, &pool_total, &pool_free);

    return s.leaves[2];
}

static void td_foreign_1g_cases(void)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(&td_dom);
    const uint64_t g = 4 * TD_GB;
    unsigned long p0, u0, steps = 0, work, max_puts = 0;
    const char *what;
    int rc;

    /* Mapped as one leaf, its access changed, unmapped at once. */
    what = "unmapped";
    td_giant_refs(what);
    p0 = env_put_pages;
    u0 = env_put_unreferenced;
    rc = td_map(g, TD_GB, TD_GMFN, p2m_map_foreign_rw, p2m_access_rwx);
    if ( rc || td_leaves_1g() != 1 )
        model_fail("1G foreign leaf (%s): map %d, %lu 1G leaves, expected one",
                   what, rc, td_leaves_1g());
    rc = td_map(g, TD_GB, TD_GMFN, p2m_map_foreign_rw, p2m_access_r);
    if ( rc || env_put_pages != p0 || td_leaves_1g() != 1 )
        model_fail("1G foreign leaf (%s): an access change: %d, %lu puts, "
                   "expected none",
                   what, rc, env_put_pages - p0);
    td_unmap(g, TD_GB);
    td_giant_released(what, p0, u0);

    /* Split 1G -> 2M -> 4K by a one-page hole, then the rest unmapped. */
    what = "split, then unmapped";
    td_giant_refs(what);
    p0 = env_put_pages;
    u0 = env_put_unreferenced;
    td_map(g, TD_GB, TD_GMFN, p2m_map_foreign_ro, p2m_access_rwx);
    td_unmap(g + 3 * TD_2M + 17, 1);
    if ( env_put_pages - p0 != 1 || td_gpage(3 * TD_2M + 17)->count ||
         td_leaves_1g() )
        model_fail("1G foreign leaf (%s): the hole dropped %lu references, "
                   "expected its own one",
                   what, env_put_pages - p0);
    td_unmap(g, TD_GB);
    td_giant_released(what, p0, u0);

    /* A RAM superpage mapped over it. */
    what = "replaced by RAM";
    td_giant_refs(what);
    p0 = env_put_pages;
    u0 = env_put_unreferenced;
    td_map(g, TD_GB, TD_GMFN, p2m_map_foreign_rw, p2m_access_rwx);
    td_map(g, TD_GB, TD_MFN, p2m_ram_rw, p2m_access_rwx);
    td_giant_released(what, p0, u0);
    td_unmap(g, TD_GB);

    /*
     * Taken down by the teardown, with a hole punched in a second mapping
     * of the same frames' first 2 MiB (so leaves of every size go).
     */
    what = "torn down";
    td_giant_refs(what);
    for ( unsigned long i = 0; i < TD_2M; i++ )
        get_page(td_gpage(i), &td_owner);
    p0 = env_put_pages;
    u0 = env_put_unreferenced;
    td_map(g, TD_GB, TD_GMFN, p2m_map_foreign_rw, p2m_access_rwx);
    td_map(g + TD_GB, TD_2M, TD_GMFN, p2m_map_foreign_rw, p2m_access_rwx);
    td_unmap(g + TD_GB + 5, 1);
    do {
        unsigned long before = env_put_pages;

        rc = p2m_teardown_step(&td_dom, 512, &work);
        if ( env_put_pages - before > max_puts )
            max_puts = env_put_pages - before;
        steps++;
    } while ( rc == -ERESTART && steps < (1UL << 20) );
    if ( rc )
        model_fail("1G foreign leaf (%s): teardown ended with %d", what, rc);
    /* References are work: no step may drop more than its budget. */
    if ( max_puts > 512 )
        model_fail("1G foreign leaf (%s): a step of budget 512 dropped %lu "
                   "references",
                   what, max_puts);
    /* The second mapping's 2 MiB: one more reference each, one put each. */
    if ( env_put_pages - p0 != TD_GB + TD_2M )
        model_fail("1G foreign leaf (%s): %lu puts, expected %lu", what,
                   env_put_pages - p0, TD_GB + TD_2M);
    else
        td_giant_released(what, p0 + TD_2M, u0);
    printf("teardown: 1 GiB foreign leaf: its %lu references dropped "
           "exactly once each when unmapped, split and unmapped, replaced "
           "by RAM, torn down (%lu steps of budget 512, at most %lu "
           "references dropped in one step)\n",
           TD_GB, steps, max_puts);
    if ( p2m->root )
        model_fail("1G foreign leaf (%s): the root is still there", what);
}

static void td_foreign_1g(void)
{
    struct page_info *saved = frame_table, *wide;
    unsigned long saved_nr = frametable_nr, before = model_failures;
    unsigned long nr = TD_GMFN + TD_GB - ARENA_BASE_MFN;

    wide = calloc(nr, sizeof(*wide));
    if ( !wide )
    {
        model_fail("1G foreign leaf: no host memory for the frame table");
        return;
    }
    /* Before td_create(): env_reset() clears the arena's entries there. */
    frame_table = wide;
    frametable_nr = nr;

    if ( !td_create(2, 256) )
    {
        td_foreign_1g_cases();
        p2m_teardown(&td_dom);
        if ( env_pages_in_use() )
            model_fail("1G foreign leaf: %lu arena pages leaked",
                       env_pages_in_use());
    }

    frame_table = saved;
    frametable_nr = saved_nr;
    free(wide);

    suite_result(model_failures == before,
                 "a 1 GiB foreign leaf drops each of its 262144 references "
                 "exactly once (unmap, split, replace, teardown)");
}

int run_teardown(uint64_t seed)
{
    unsigned int before = suite_failed;

    td_foreign();
    td_foreign_1g();

    td_one_tib(2);
    td_one_tib(3);
    td_random(seed, 300);

    return suite_failed != before;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
