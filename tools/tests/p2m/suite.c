/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m tests: an operation language shared by the directed tests, the
 * random sequences and the libFuzzer target, each operation followed by
 * the checks of the reference model, the MMU and the TLB model.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <asm/current.h>
#include <asm/flushtlb.h>

#include "harness.h"
#include <xen/mem_access.h>

unsigned int suite_passed, suite_failed;

void suite_result(bool ok, const char *fmt, ...)
{
    va_list ap;

    if ( ok )
        suite_passed++;
    else
        suite_failed++;
    fputs(ok ? "PASS: " : "FAIL: ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

/*
 * Time budgets: a test that runs past its budget (a p2m that walks a huge
 * hole page by page, a loop that never ends) fails with its name, instead
 * of hanging until somebody's timeout kills it.  The budgets are generous
 * (several times the slowest run seen, sanitizers included): they catch
 * hangs, they are not benchmarks.
 */
unsigned int suite_budget_base = 60;
static char budget_msg[256];

static void budget_expired(int sig)
{
    ssize_t rc;

    (void)sig;
    rc = write(STDOUT_FILENO, budget_msg, strlen(budget_msg));
    (void)rc;
    _exit(1);
}

void suite_budget(unsigned int seconds, const char *fmt, ...)
{
    va_list ap;
    int n;

    if ( !seconds )
    {
        alarm(0);
        return;
    }
    n = snprintf(budget_msg, sizeof(budget_msg), "\nFAIL: ");
    va_start(ap, fmt);
    n += vsnprintf(budget_msg + n, sizeof(budget_msg) - n, fmt, ap);
    va_end(ap);
    if ( n < (int)sizeof(budget_msg) )
        snprintf(budget_msg + n, sizeof(budget_msg) - n,
                 ": over its time budget of %u s (a hang?)\n", seconds);
    fflush(stdout);
    signal(SIGALRM, budget_expired);
    alarm(seconds);
}

#define P2M_VMID 0x2a5

/* ---- Test context ---- */

struct tctx {
    struct domain *d;
    struct p2m_domain *p2m;
    struct ref ref;
    unsigned int root_level;
    uint64_t limit; /* GFNs the p2m can map */
    unsigned long pool;
    unsigned long data_pages; /* arena pages a test uses as guest RAM */
    bool fi;                  /* fault injection on every op */
    bool full_checks;         /* audit + full model sweep after each op */
    unsigned long ops;
    unsigned long fi_failures; /* allocation failures injected */
    /* GFNs to check after the current op. */
    uint64_t chk[160];
    unsigned int nchk;
};

static struct domain the_domain;
static struct tctx *cur_ctx;

static struct xl expect_cb(uint64_t gpa)
{
    return ref_expect(&cur_ctx->ref, gpa >> PAGE_SHIFT);
}

#define CHECK(c, cond, ...)                                                    \
    do                                                                         \
    {                                                                          \
        if ( !(cond) )                                                         \
            model_fail(__VA_ARGS__);                                           \
    } while ( 0 )

/*
 * recycle: clear only the frames the previous context touched (the fuzzer,
 * which writes no frame-table entry by hand; see env_reset_touched()).
 */
static void ctx_init(struct tctx *c, unsigned int root_level,
                     unsigned long pool, bool recycle)
{
    int rc;

    memset(c, 0, sizeof(*c));
    env_init();
    if ( recycle )
        env_reset_touched();
    else
        env_reset();
    memset(&the_domain, 0, sizeof(the_domain));
    the_domain.domain_id = 1;
    c->d = &the_domain;
    c->p2m = p2m_get_hostp2m(c->d);
    c->root_level = root_level;
    c->limit = 1UL << (P2M_GPA_BITS(root_level) - PAGE_SHIFT);
    c->pool = pool;
    ref_init(&c->ref);

    max_gstage_mode = p2m_mode_of_level(4);
    p2m_use_pbmt = true;
    harness_current_cpu = 0;
    rc = harness_p2m_init(c->d, root_level);
    if ( rc )
    {
        model_fail("p2m_init(%s) failed: %d", p2m_mode_name(root_level), rc);
        /* Nothing else can run: leave a p2m that can be torn down. */
        c->p2m = NULL;
        return;
    }
    p2m_set_vmid(c->p2m, P2M_VMID);
    rc = harness_set_allocation(c->d, pool);
    CHECK(c, !rc, "p2m_set_allocation(%lu) failed: %d", pool, rc);
    model_attach(c->p2m);
    cur_ctx = c;
    model_expect_fn = expect_cb;
}

static void ctx_fini(struct tctx *c)
{
    if ( c->p2m )
    {
        p2m_teardown(c->d);
        CHECK(c, env_pages_in_use() == 0, "teardown leaked %lu arena pages",
              env_pages_in_use());
    }
    model_detach();
    ref_destroy(&c->ref);
    model_expect_fn = NULL;
    cur_ctx = NULL;
}

/* ---- Checks ---- */

static void chk_add(struct tctx *c, uint64_t gfn)
{
    if ( gfn >= c->limit + 2 )
        return;
    if ( c->nchk < ARRAY_SIZE(c->chk) )
        c->chk[c->nchk++] = gfn;
}

/* GFNs around a range: edges, neighbours, superpage boundaries, samples. */
static void chk_range(struct tctx *c, uint64_t gfn, uint64_t nr, uint64_t *rng)
{
    uint64_t end = gfn + nr;

    chk_add(c, gfn);
    chk_add(c, gfn - 1);
    if ( nr )
    {
        chk_add(c, end - 1);
        chk_add(c, end);
    }
    for ( unsigned int l = 1; l <= c->root_level; l++ )
    {
        uint64_t sz = 1UL << (9 * l);

        chk_add(c, gfn & ~(sz - 1));
        chk_add(c, (gfn & ~(sz - 1)) + sz - 1);
        if ( nr )
        {
            chk_add(c, (end - 1) & ~(sz - 1));
            chk_add(c, ((end - 1) & ~(sz - 1)) + sz - 1);
        }
    }
    for ( unsigned int i = 0; i < 4 && nr; i++ )
        chk_add(c, gfn + rng_next(rng) % nr);
}

static void check_gfn(struct tctx *c, uint64_t gfn, uint64_t *rng)
{
    struct p2m_domain *p2m = c->p2m;
    struct ref_ext e;
    bool present = gfn < c->limit && ref_get(&c->ref, gfn, &e);
    struct xl want = ref_expect(&c->ref, gfn), got;
    p2m_type_t t;
    p2m_access_t a;
    unsigned int order = 99;
    bool valid = true;
    mfn_t mfn;
    char b1[128], b2[128];
    uint64_t gpa = (gfn << PAGE_SHIFT) | (rng_next(rng) & (PAGE_SIZE - 8));

    p2m_read_lock(p2m);
    mfn = p2m_get_entry(p2m, _gfn(gfn), &t, &a, &order, &valid);
    p2m_read_unlock(p2m);

    if ( !present )
    {
        CHECK(c, mfn_eq(mfn, INVALID_MFN) && t == p2m_invalid && !valid,
              "gfn 0x%lx: reference has a hole, p2m_get_entry says mfn 0x%lx "
              "type %u valid %d",
              (unsigned long)gfn, mfn_x(mfn), t, valid);
    }
    else
    {
        bool v = ref_perms(e.t, e.a) != 0;

        CHECK(c, mfn_x(mfn) == e.mfn && t == e.t && a == e.a && valid == v,
              "gfn 0x%lx: expected mfn 0x%lx type %u access %u valid %d, "
              "p2m_get_entry says mfn 0x%lx type %u access %u valid %d",
              (unsigned long)gfn, (unsigned long)e.mfn, e.t, e.a, v, mfn_x(mfn),
              t, a, valid);
    }
    if ( gfn < c->limit )
    {
        CHECK(c, order <= 9 * c->root_level,
              "gfn 0x%lx: order %u beyond the root level", (unsigned long)gfn,
              order);
        if ( order <= 9 * c->root_level )
            CHECK(
                c,
                ref_uniform(&c->ref, gfn & ~((1UL << order) - 1), 1UL << order),
                "gfn 0x%lx: p2m_get_entry reports order %u but the "
                "reference is not uniform over it",
                (unsigned long)gfn, order);
    }

    got = mmu_walk_current(gpa);
    /*
     * The order is exact: the level where the walk ends, at a leaf or at
     * an invalid entry (a hole is as large as the empty entry covering
     * it; range operations step over holes by it).
     */
    if ( gfn < c->limit && got.kind != XL_BAD )
        CHECK(c, order == 9 * got.level,
              "gfn 0x%lx: p2m_get_entry reports order %u, the walk ends at "
              "L%u (order %u)",
              (unsigned long)gfn, order, got.level, 9 * got.level);
    if ( !xl_equal(&got, &want) )
    {
        xl_format(&got, b1, sizeof(b1));
        xl_format(&want, b2, sizeof(b2));
        model_fail("gfn 0x%lx: the MMU walks to %s, reference says %s",
                   (unsigned long)gfn, b1, b2);
    }
    model_check_gpa(gpa, &want);
}

static void check_pool(struct tctx *c)
{
    struct p2m_domain *p2m = c->p2m;

    CHECK(c,
          p2m->domain->arch.paging.total_pages ==
              p2m->domain->arch.paging.freelist.count + p2m->pages.count +
                  p2m->deferred_free.count,
          "pool: total %lu != free %lu + in use %lu + deferred %lu",
          p2m->domain->arch.paging.total_pages,
          p2m->domain->arch.paging.freelist.count, p2m->pages.count,
          p2m->deferred_free.count);
    CHECK(c, !p2m->deferred_free.count,
          "%lu pages still deferred after the unlock",
          p2m->deferred_free.count);
    CHECK(c, !p2m->flush_vmid && !p2m->flush_nr_gpa,
          "flush still pending after the unlock");
    CHECK(c,
          env_pages_in_use() == p2m->domain->arch.paging.total_pages +
                                    P2M_ROOT_PAGES + c->data_pages,
          "arena pages in use %lu != pool %lu + root + data %lu",
          env_pages_in_use(), p2m->domain->arch.paging.total_pages,
          c->data_pages);
}

static void check_full(struct tctx *c)
{
    unsigned int errs = p2m_audit(c->p2m);

    CHECK(c, !errs, "p2m_audit() found %u violations", errs);
    model_check_full();
}

static bool chk_listed_before(const struct tctx *c, unsigned int i)
{
    for ( unsigned int j = 0; j < i; j++ )
        if ( c->chk[j] == c->chk[i] )
            return true;
    return false;
}

/* Run after every unlock. */
static void after_op(struct tctx *c, uint64_t *rng)
{
    model_end_op();
    /* Fuzzing checks fewer of the touched regions per op, more ops. */
    for ( unsigned int i = 0;
          i < model_nr_touched && i < (model_cheap ? 4 : 16); i++ )
    {
        uint64_t g = model_touched_gpa[i] >> PAGE_SHIFT;
        uint64_t sz = 1UL << (9 * model_touched_level[i]);

        chk_add(c, g);
        chk_add(c, g + rng_next(rng) % sz);
    }
    if ( c->ref.n )
    {
        const struct ref_ext *e = &c->ref.e[rng_next(rng) % c->ref.n];

        chk_add(c, e->gfn + rng_next(rng) % e->nr);
    }
    for ( unsigned int i = 0; i < c->nchk; i++ )
    {
        /*
         * A GFN listed again (an edge that is also a superpage boundary:
         * nearly half of them when fuzzing) is checked once, as where in
         * its page a check looks changes nothing it checks.  The random
         * draw it would have made is still made, so a seed replays the
         * same operations as before.
         */
        if ( chk_listed_before(c, i) )
            rng_next(rng);
        else
            check_gfn(c, c->chk[i], rng);
    }
    c->nchk = 0;
    check_pool(c);
    if ( c->full_checks )
        check_full(c);
    c->ops++;
}

/* ---- Snapshots (R7: a failed update leaves the p2m exactly as it was) ---- */

/*
 * What R7 covers is kept as a byte image (copied and compared with
 * memcpy()/memcmp(), which the sanitizers check once per call, not once
 * per word as they do a hash loop): the tables, their metadata pages and
 * counters, in tree order; and the pages at the head of the pool.  One
 * snapshot exists at a time (op_run_once()), so the images are static and
 * keep their size from one snapshot to the next.
 */
struct snap_image {
    uint8_t *buf;
    size_t len, cap;
};

static struct snap_image snap_tables_img, snap_free_img;

/* Records into an image, or compares with what it recorded. */
struct snap_sink {
    struct snap_image *img;
    size_t pos;
    bool compare;
    bool differs;
};

static void sink_put(struct snap_sink *s, const void *p, size_t n)
{
    struct snap_image *img = s->img;

    if ( s->compare )
    {
        if ( !s->differs &&
             (s->pos + n > img->len || memcmp(img->buf + s->pos, p, n)) )
            s->differs = true;
        s->pos += n;
        return;
    }
    if ( s->pos + n > img->cap )
    {
        img->cap = 2 * (s->pos + n);
        img->buf = realloc(img->buf, img->cap);
        if ( !img->buf )
            abort();
    }
    memcpy(img->buf + s->pos, p, n);
    s->pos += n;
    img->len = s->pos;
}

/* A compared image differs if anything did, or if it ended early. */
static bool sink_differs(const struct snap_sink *s)
{
    return s->differs || s->pos != s->img->len;
}

struct snap {
    bool taken;
    uint64_t free_order; /* the pool's free list, MFN by MFN */
    struct p2m_stats stats;
    unsigned long pool_total, pool_free, pages, deferred;
    uint64_t hgatp;
    /* Set by snap_compare(): the images differ. */
    bool tables_differ, free_differ;
};

uint64_t suite_hash(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i = 0;

    for ( ; i + 8 <= n; i += 8 )
    {
        uint64_t w;

        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0x100000001b3UL;
        h ^= h >> 29;
    }
    for ( ; i < n; i++ )
        h = (h ^ b[i]) * 0x100000001b3UL;
    return h;
}

static const uint8_t *snap_page(mfn_t mfn)
{
    return arena + (mfn_x(mfn) - ARENA_BASE_MFN) * PAGE_SIZE;
}

static void snap_table(struct page_info *pg, int level, struct snap_sink *out,
                       unsigned int pages)
{
    for ( unsigned int k = 0; k < pages; k++ )
    {
        const uint64_t *t = (const uint64_t *)snap_page(page_to_mfn(pg + k));

        sink_put(out, t, PAGE_SIZE);
        sink_put(out, &pg[k].v.md.nonzero_entries,
                 sizeof(pg[k].v.md.nonzero_entries));
        sink_put(out, &pg[k].u.md.used_entries,
                 sizeof(pg[k].u.md.used_entries));
        if ( pg[k].v.md.pg )
            sink_put(out, snap_page(page_to_mfn(pg[k].v.md.pg)), PAGE_SIZE);
        for ( unsigned int i = 0; i < PAGETABLE_ENTRIES && level > 0; i++ )
        {
            pte_t pte = { .pte = t[i] };

            if ( pte_is_table(pte) && mfn_valid(pte_get_mfn(pte)) )
                snap_table(mfn_to_page(pte_get_mfn(pte)), level - 1, out, 1);
        }
    }
}

/*
 * Below this many free pool pages an update may run out, so its -ENOMEM
 * must be checked against a snapshot.  The fuzzer's pool has 64 pages; no
 * single operation it generates takes more than about 24.
 */
#define SNAP_LOW_POOL_FUZZ 32

/* More than any single update takes: a path of tables and their metadata. */
#define SNAP_FREE_PAGES 16

/* Take a snapshot into s (compare false), or compare with the last one. */
static void snap_collect(struct tctx *c, struct snap *s, bool compare)
{
    struct p2m_domain *p2m = c->p2m;
    struct snap_sink tables = { .img = &snap_tables_img, .compare = compare };
    struct snap_sink free = { .img = &snap_free_img, .compare = compare };
    unsigned int n = 0;
    struct page_info *pg;

    memset(s, 0, sizeof(*s));
    s->taken = true;
    if ( !compare )
        snap_tables_img.len = snap_free_img.len = 0;
    snap_table(p2m->root, P2M_ROOT_LEVEL(p2m), &tables, P2M_ROOT_PAGES);
    /*
     * R7 covers the pool too: the same free pages in the same order, and
     * the ones a failed update took (always from the head) unchanged.
     */
    s->free_order = SUITE_HASH_INIT;
    page_list_for_each(pg, &p2m->domain->arch.paging.freelist)
    {
        unsigned long mfn = mfn_x(page_to_mfn(pg));

        s->free_order = suite_hash(s->free_order, &mfn, sizeof(mfn));
        if ( n++ < SNAP_FREE_PAGES )
            sink_put(&free, snap_page(page_to_mfn(pg)), PAGE_SIZE);
    }
    s->tables_differ = compare && sink_differs(&tables);
    s->free_differ = compare && sink_differs(&free);
    s->stats = p2m->stats;
    s->pool_total = p2m->domain->arch.paging.total_pages;
    s->pool_free = p2m->domain->arch.paging.freelist.count;
    s->pages = p2m->pages.count;
    s->deferred = p2m->deferred_free.count;
    s->hgatp = p2m->hgatp;
}

static void snap_take(struct tctx *c, struct snap *s)
{
    snap_collect(c, s, false);
}

static void snap_compare(struct tctx *c, const struct snap *a, const char *what)
{
    struct snap b;

    ASSERT(a->taken);
    snap_collect(c, &b, true);
    CHECK(c, !b.tables_differ, "%s: table/metadata contents changed", what);
    CHECK(c, a->free_order == b.free_order,
          "%s: the pool's free list changed order (R7)", what);
    CHECK(c, !b.free_differ, "%s: a free pool page changed contents (R7)",
          what);
    CHECK(c, !memcmp(&a->stats, &b.stats, sizeof(a->stats)),
          "%s: statistics changed (tables %lu->%lu, splits %lu->%lu, "
          "fences %lu/%lu/%lu -> %lu/%lu/%lu)",
          what, a->stats.tables, b.stats.tables, a->stats.splits,
          b.stats.splits, a->stats.fences_gpa, a->stats.fences_vmid,
          a->stats.fences_remote, b.stats.fences_gpa, b.stats.fences_vmid,
          b.stats.fences_remote);
    CHECK(c,
          a->pool_total == b.pool_total && a->pool_free == b.pool_free &&
              a->pages == b.pages && a->deferred == b.deferred,
          "%s: pool changed (total %lu->%lu free %lu->%lu in use %lu->%lu)",
          what, a->pool_total, b.pool_total, a->pool_free, b.pool_free,
          a->pages, b.pages);
    CHECK(c, a->hgatp == b.hgatp, "%s: hgatp changed", what);
}

/* ---- Operations ---- */

enum op_kind {
    OP_MAP,      /* p2m_set_range, mapping */
    OP_UNMAP,    /* p2m_set_range, INVALID_MFN */
    OP_ADD,      /* guest_physmap_add_entry */
    OP_REMOVE,   /* guest_physmap_remove_page */
    OP_MAPREG,   /* map_regions_p2mt */
    OP_UNMAPREG, /* unmap_regions_p2mt */
    OP_ACCESS,   /* p2m_set_mem_access */
    OP_RETYPE,   /* p2m_change_type_range */
    OP_NR
};

static const char *const op_names[OP_NR] = {
    "map",         "unmap",         "add_entry",  "remove_page",
    "map_regions", "unmap_regions", "set_access", "change_type",
};

struct op {
    enum op_kind k;
    uint64_t gfn, nr, mfn; /* mfn ~0: INVALID_MFN */
    unsigned int t, a, ot;
    unsigned int order;
};

static bool range_ok(const struct tctx *c, uint64_t gfn, uint64_t nr)
{
    return gfn < c->limit && nr <= c->limit - gfn;
}

static bool map_ok(const struct op *op)
{
    return p2m_is_valid_type(op->t) && op->a <= 7 && op->mfn < (1UL << 44) &&
           op->nr <= (1UL << 44) - op->mfn;
}

/* Does the op's failure leave everything unchanged, or a prefix done? */
static bool op_reports_done(const struct op *op)
{
    return op->k == OP_MAP || op->k == OP_UNMAP || op->k == OP_ACCESS ||
           op->k == OP_RETYPE;
}

/* Will the p2m accept the arguments? (R14: else -EINVAL, no change.) */
static bool op_valid(const struct tctx *c, const struct op *op)
{
    uint64_t n;

    switch ( op->k )
    {
    case OP_MAP:
        return op->mfn != ~0UL && range_ok(c, op->gfn, op->nr) && map_ok(op);
    case OP_MAPREG:
    {
        /* map_regions_p2mt() maps with p2m_access_rwx, whatever op->a. */
        struct op o = *op;

        o.a = p2m_access_rwx;
        return o.mfn != ~0UL && range_ok(c, o.gfn, o.nr) && map_ok(&o);
    }
    case OP_UNMAP:
        return range_ok(c, op->gfn, op->nr);
    case OP_UNMAPREG:
        return range_ok(c, op->gfn, op->nr) &&
               (op->mfn == ~0UL || ref_maps(&c->ref, op->gfn, op->nr, op->mfn));
    case OP_ADD:
        if ( op->order > 9 * c->root_level )
            return false;
        n = 1UL << op->order;
        return !(op->gfn & (n - 1)) && !(op->mfn & (n - 1)) &&
               op->mfn != ~0UL && range_ok(c, op->gfn, n) &&
               p2m_is_valid_type(op->t) && op->mfn < (1UL << 44) &&
               n <= (1UL << 44) - op->mfn;
    case OP_REMOVE:
        if ( op->order > 9 * c->root_level )
            return false;
        n = 1UL << op->order;
        return !(op->gfn & (n - 1)) && range_ok(c, op->gfn, n) &&
               (op->mfn == ~0UL || ref_maps(&c->ref, op->gfn, n, op->mfn));
    case OP_ACCESS:
        return range_ok(c, op->gfn, op->nr) && op->a <= 7;
    case OP_RETYPE:
        return range_ok(c, op->gfn, op->nr) && p2m_is_valid_type(op->ot) &&
               p2m_is_valid_type(op->t);
    default:
        return false;
    }
}

static uint64_t op_span(const struct op *op)
{
    if ( op->k == OP_ADD || op->k == OP_REMOVE )
        return op->order < 64 ? 1UL << op->order : 0;
    return op->nr;
}

/*
 * Would a valid op change the cacheability of a mapped page in place?
 * The p2m refuses that with -EBUSY and changes nothing: a mapping that
 * meets a page of the other kind (RAM vs MMIO), and any type change
 * between the two kinds.
 */
static bool op_busy(const struct tctx *c, const struct op *op)
{
    bool io = op->t == p2m_mmio_direct_io;

    switch ( op->k )
    {
    case OP_MAP:
    case OP_MAPREG:
    case OP_ADD:
        return ref_io_differs(&c->ref, op->gfn, op_span(op), io);
    case OP_RETYPE:
        return (op->ot == p2m_mmio_direct_io) != io;
    default:
        return false;
    }
}

/* Update the reference with the first done pages of op. */
static void ref_apply(struct tctx *c, const struct op *op, uint64_t done)
{
    switch ( op->k )
    {
    case OP_MAP:
    case OP_MAPREG:
    case OP_ADD:
        ref_map(&c->ref, op->gfn, done, op->mfn, op->t,
                op->k == OP_MAP ? op->a : p2m_access_rwx);
        break;
    case OP_UNMAP:
    case OP_UNMAPREG:
    case OP_REMOVE:
        ref_unmap(&c->ref, op->gfn, done);
        break;
    case OP_ACCESS:
        ref_set_access(&c->ref, op->gfn, done, op->a);
        break;
    case OP_RETYPE:
        ref_change_type(&c->ref, op->gfn, done, op->ot, op->t);
        break;
    default:
        break;
    }
}

/* Call the p2m.  Set-range kinds run under a lock the caller holds. */
static int op_call(struct tctx *c, const struct op *op, unsigned long *done)
{
    struct domain *d = c->d;
    mfn_t mfn = op->mfn == ~0UL ? INVALID_MFN : _mfn(op->mfn);

    *done = 0;
    switch ( op->k )
    {
    case OP_MAP:
        return p2m_set_range(c->p2m, _gfn(op->gfn), op->nr, mfn, op->t, op->a,
                             done);
    case OP_UNMAP:
        return p2m_set_range(c->p2m, _gfn(op->gfn), op->nr, INVALID_MFN,
                             p2m_invalid, p2m_access_n, done);
    case OP_ADD:
        return guest_physmap_add_entry(d, _gfn(op->gfn), mfn, op->order, op->t);
    case OP_REMOVE:
        return guest_physmap_remove_page(d, _gfn(op->gfn), mfn, op->order);
    case OP_MAPREG:
        return map_regions_p2mt(d, _gfn(op->gfn), op->nr, mfn, op->t);
    case OP_UNMAPREG:
        return unmap_regions_p2mt(d, _gfn(op->gfn), op->nr, mfn);
    case OP_ACCESS:
        return p2m_set_access_range(d, _gfn(op->gfn), op->nr, op->a, done);
    case OP_RETYPE:
        return p2m_change_type_range(d, _gfn(op->gfn), op->nr, op->ot, op->t,
                                     done);
    default:
        return -EINVAL;
    }
}

static bool op_needs_lock(const struct op *op)
{
    return op->k == OP_MAP || op->k == OP_UNMAP;
}

/* For failure messages only (CHECK() evaluates it when the check fails). */
static const char *op_describe(const struct op *op)
{
    static char buf[192];

    snprintf(buf, sizeof(buf),
             "%s gfn 0x%lx nr 0x%lx mfn 0x%lx t %u a %u ot %u "
             "order %u",
             op->k < OP_NR ? op_names[op->k] : "?", (unsigned long)op->gfn,
             (unsigned long)op->nr, (unsigned long)op->mfn, op->t, op->a,
             op->ot, op->order);
    return buf;
}

/*
 * Run one op with its lock (if the p2m does not take it), update the
 * reference from the result, and check what the result implies.
 */
static int op_run_once(struct tctx *c, const struct op *op, uint64_t *rng)
{
    bool valid = op_valid(c, op);
    bool busy = valid && op_busy(c, op);
    bool lock = op_needs_lock(op);
    unsigned long done = 0;
    struct snap before;
    int rc;

    /* Snapshots are costly: only where a failure must change nothing. */
    if ( !valid || busy || c->fi ||
         c->p2m->domain->arch.paging.freelist.count <
             (model_cheap ? SNAP_LOW_POOL_FUZZ : 64) )
        snap_take(c, &before);
    else
        before.taken = false;
    model_begin_op();
    if ( lock )
        p2m_write_lock(c->p2m);
    rc = op_call(c, op, &done);
    if ( lock )
        p2m_write_unlock(c->p2m);

    if ( !valid )
    {
        CHECK(c, rc == -EINVAL, "%s: invalid input, expected -EINVAL, got %d",
              op_describe(op), rc);
        snap_compare(c, &before, "rejected input");
        return rc;
    }
    if ( busy )
    {
        CHECK(c, rc == -EBUSY && !done,
              "%s: changes a mapped page between RAM and MMIO in place, "
              "expected -EBUSY, got %d (done %lu)",
              op_describe(op), rc, done);
        snap_compare(c, &before, "in-place RAM<->MMIO change refused");
        return rc;
    }
    if ( rc == -ENOMEM && (op->k == OP_MAPREG || op->k == OP_UNMAPREG) )
    {
        /*
         * These do not say how far they got: find the prefix that was
         * changed (the rest must be untouched, which the checks verify).
         * One lookup per leaf: its MFNs run on with the GFN, so the
         * first page of the leaf in the range speaks for the rest.
         */
        uint64_t k = 0;

        p2m_read_lock(c->p2m);
        while ( k < op->nr )
        {
            unsigned int order;
            p2m_type_t t;
            mfn_t m = p2m_get_entry(c->p2m, _gfn(op->gfn + k), &t, NULL, &order,
                                    NULL);
            bool same = op->k == OP_UNMAPREG
                            ? mfn_eq(m, INVALID_MFN)
                            : mfn_x(m) == op->mfn + k && t == op->t;

            if ( !same )
                break;
            k += (1UL << order) - ((op->gfn + k) & ((1UL << order) - 1));
        }
        p2m_read_unlock(c->p2m);
        ref_apply(c, op, k < op->nr ? k : op->nr);
        return rc;
    }
    if ( rc == -ENOMEM && !before.taken && !op_reports_done(op) )
    {
        model_fail("%s: -ENOMEM with %lu pool pages free", op_describe(op),
                   c->p2m->domain->arch.paging.freelist.count);
        return rc;
    }
    if ( rc == -ENOMEM )
    {
        if ( op_reports_done(op) )
        {
            CHECK(c, done < op->nr, "%s: -ENOMEM but done %lu", op_describe(op),
                  done);
            if ( !done && before.taken )
                snap_compare(c, &before, "-ENOMEM with nothing done");
            ref_apply(c, op, done);
        }
        else if ( op->k == OP_ADD || op->k == OP_REMOVE )
            snap_compare(c, &before, "-ENOMEM");
        return rc;
    }
    CHECK(c, rc == 0, "%s: expected success, got %d", op_describe(op), rc);
    if ( rc )
        return rc;
    if ( op_reports_done(op) )
        CHECK(c, done == op->nr, "%s: success but done %lu", op_describe(op),
              done);
    ref_apply(c, op, op_span(op));
    (void)rng;
    return rc;
}

/* Is the op's -ENOMEM result resumable by the harness? */
static bool op_fault_injectable(const struct op *op)
{
    return op->k != OP_MAPREG && op->k != OP_UNMAPREG;
}

static void pool_set_free(struct tctx *c, unsigned long free)
{
    unsigned long in_use = c->p2m->domain->arch.paging.total_pages -
                           c->p2m->domain->arch.paging.freelist.count;
    int rc = harness_set_allocation(c->d, in_use + free);

    CHECK(c, !rc, "p2m_set_allocation(%lu) failed: %d", in_use + free, rc);
}

/* Harts run the guest: they cache what the op is about to change. */
static void warm(struct tctx *c, const struct op *op, uint64_t *rng)
{
    uint64_t span = op_span(op);

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        if ( !model_loaded(h) )
            continue;
        model_prefetch(h, op->gfn << PAGE_SHIFT);
        if ( span )
        {
            model_prefetch(h, (op->gfn + span - 1) << PAGE_SHIFT);
            model_prefetch(h, (op->gfn + rng_next(rng) % span) << PAGE_SHIFT);
        }
    }
}

/*
 * One operation, fully checked.  With fault injection, the Nth pool
 * allocation fails for N = 1, 2, ... until the op gets through: each
 * failure must leave the p2m unchanged (or, for range operations, changed
 * exactly over the pages it reports done).
 */
static int op_run(struct tctx *c, const struct op *op, uint64_t *rng)
{
    int rc;

    if ( !c->p2m )
        return -EINVAL;
    warm(c, op, rng);
    if ( c->fi && op_fault_injectable(op) )
    {
        for ( unsigned long n = 1; n < 64; n++ )
        {
            pool_set_free(c, n - 1);
            chk_range(c, op->gfn, op_span(op), rng);
            rc = op_run_once(c, op, rng);
            pool_set_free(c, c->pool -
                                 (c->p2m->domain->arch.paging.total_pages -
                                  c->p2m->domain->arch.paging.freelist.count));
            if ( rc != -ENOMEM )
            {
                after_op(c, rng);
                return rc;
            }
            c->fi_failures++;
            after_op(c, rng);
        }
        model_fail("op never succeeded with growing pools");
        return -ENOMEM;
    }
    chk_range(c, op->gfn, op_span(op), rng);
    rc = op_run_once(c, op, rng);
    after_op(c, rng);
    return rc;
}

/* ---- Directed tests ---- */

static uint64_t drng = 0x1234567;

#define GB  (1UL << 18) /* pages in 1 GiB */
#define MB2 (1UL << 9)  /* pages in 2 MiB */

static int dmap(struct tctx *c, uint64_t gfn, uint64_t nr, uint64_t mfn,
                unsigned int t, unsigned int a)
{
    struct op op = {
        .k = OP_MAP, .gfn = gfn, .nr = nr, .mfn = mfn, .t = t, .a = a
    };

    return op_run(c, &op, &drng);
}

static int dunmap(struct tctx *c, uint64_t gfn, uint64_t nr)
{
    struct op op = { .k = OP_UNMAP, .gfn = gfn, .nr = nr, .mfn = ~0UL };

    return op_run(c, &op, &drng);
}

static int daccess(struct tctx *c, uint64_t gfn, uint64_t nr, unsigned int a)
{
    struct op op = { .k = OP_ACCESS, .gfn = gfn, .nr = nr, .a = a };

    return op_run(c, &op, &drng);
}

static struct p2m_stats stats_now(struct tctx *c)
{
    struct p2m_stats s;

    p2m_get_stats(c->p2m, &s, NULL, NULL);
    return s;
}

/* Check every sibling along the path to gfn, from level top down. */
static void check_siblings(struct tctx *c, uint64_t gfn, unsigned int top)
{
    for ( int l = top - 1; l >= 0; l-- )
    {
        uint64_t sz = 1UL << (9 * l);
        uint64_t base = gfn & ~((sz << 9) - 1);

        for ( unsigned int i = 0; i < 512; i++ )
        {
            check_gfn(c, base + i * sz, &drng);
            check_gfn(c, base + i * sz + sz - 1, &drng);
        }
    }
}

static unsigned long fences_total(const struct p2m_stats *s)
{
    return s->fences_gpa + s->fences_vmid + s->fences_remote;
}

static void load_harts(struct tctx *c)
{
    if ( !c->p2m )
        return;
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        model_load(h);
}

typedef void (*dtest_fn)(struct tctx *c);

static void dt_largest_leaf(struct tctx *c)
{
    unsigned int rl = c->root_level;
    struct p2m_stats s;

    /* One leaf per level that fits; MFNs above 4 GiB. */
    for ( unsigned int l = 1; l <= rl; l++ )
    {
        uint64_t sz = 1UL << (9 * l);
        uint64_t gfn = sz * 3 < c->limit ? sz * 3 : 0;
        uint64_t mfn = (1UL << 43) - sz * 2;
        unsigned int order;

        s = stats_now(c);
        dmap(c, gfn, sz, mfn, p2m_ram_rw, p2m_access_rwx);
        CHECK(c, stats_now(c).leaves[l] == s.leaves[l] + 1,
              "aligned %lu-page range: expected one L%u leaf", sz, l);
        p2m_read_lock(c->p2m);
        p2m_get_entry(c->p2m, _gfn(gfn + sz / 2), NULL, NULL, &order, NULL);
        p2m_read_unlock(c->p2m);
        CHECK(c, order == 9 * l, "L%u leaf reported with order %u", l, order);
        dunmap(c, gfn, sz);
    }
    /* An MFN aligned only to 2 MiB gives 2 MiB leaves. */
    s = stats_now(c);
    dmap(c, GB, GB, 0x100000000UL + MB2, p2m_ram_rw, p2m_access_rwx);
    CHECK(c,
          stats_now(c).leaves[1] == s.leaves[1] + 512 &&
              stats_now(c).leaves[2] == s.leaves[2],
          "1 GiB with a 2 MiB-aligned MFN: expected 512 L1 leaves");
    /* And an MFN misaligned by a page gives 4 KiB leaves. */
    s = stats_now(c);
    dmap(c, 4 * GB, MB2, 0x123456789UL, p2m_ram_rw, p2m_access_rwx);
    CHECK(c, stats_now(c).leaves[0] == s.leaves[0] + 512,
          "2 MiB with a misaligned MFN: expected 512 L0 leaves");
    /* A count that is not a multiple keeps the largest leaves first. */
    s = stats_now(c);
    dmap(c, 8 * GB, MB2 + 3, 0x200000000UL, p2m_ram_rw, p2m_access_rwx);
    CHECK(c,
          stats_now(c).leaves[1] == s.leaves[1] + 1 &&
              stats_now(c).leaves[0] == s.leaves[0] + 3,
          "2 MiB + 3 pages: expected one L1 and three L0 leaves");
}

/* Split a level-top leaf down to level target around gfn. */
static void split_case(struct tctx *c, unsigned int top, unsigned int target,
                       const char *name)
{
    uint64_t sz = 1UL << (9 * top);
    uint64_t gfn0 = top == c->root_level ? sz : 2 * sz;
    uint64_t mfn0 = ((1UL << 44) - 4 * sz) & ~(sz - 1);
    uint64_t tsz = 1UL << (9 * target);
    uint64_t gfn;
    struct p2m_stats s0, s1;
    struct fence_counts f0 = model_fences;
    unsigned long fails = model_failures;

    if ( gfn0 + sz > c->limit )
        gfn0 = 0;
    gfn = gfn0 + ((sz / 2 + 7 * tsz + 513) % sz);
    gfn &= ~(tsz - 1);
    dmap(c, gfn0, sz, mfn0, p2m_map_foreign_rw, p2m_access_rwx);
    s0 = stats_now(c);
    f0 = model_fences;
    daccess(c, gfn, tsz, p2m_access_r);
    s1 = stats_now(c);
    CHECK(c, s1.splits == s0.splits + (top - target),
          "%s: splits %lu -> %lu, expected +%u", name, s0.splits, s1.splits,
          top - target);
    CHECK(c, s1.tables == s0.tables + (top - target),
          "%s: tables %lu -> %lu, expected +%u (split only along the path)",
          name, s0.tables, s1.tables, top - target);
    CHECK(c, s1.leaves[top] == s0.leaves[top] - 1,
          "%s: the L%u leaf is still counted", name, top);
    CHECK(c,
          model_fences.vmid + model_fences.remote_vmid >
              f0.vmid + f0.remote_vmid,
          "%s: a split must be followed by a VMID-wide fence", name);
    check_siblings(c, gfn, top);
    suite_result(model_failures == fails, "%s %s", p2m_mode_name(c->root_level),
                 name);
    dunmap(c, gfn0, sz);
}

static void dt_splits(struct tctx *c)
{
    unsigned int rl = c->root_level;

    load_harts(c);
    split_case(c, 2, 0, "split 1G->4K");
    split_case(c, 2, 1, "split 1G->2M");
    split_case(c, 1, 0, "split 2M->4K");
    if ( rl >= 3 )
        split_case(c, 3, 0, "split 512G->4K");
    if ( rl >= 4 )
        split_case(c, 4, 0, "split 256T->4K");
}

/* Run op; it must neither split nor fence (R6). */
static void implied_case(struct tctx *c, const struct op *op, const char *what)
{
    struct p2m_stats s0 = stats_now(c), s1;
    struct fence_counts f0 = model_fences;

    op_run(c, op, &drng);
    s1 = stats_now(c);
    CHECK(c, s1.splits == s0.splits && s1.tables == s0.tables,
          "R6: %s split the superpage (splits %lu->%lu)", what, s0.splits,
          s1.splits);
    CHECK(c,
          fences_total(&s1) == fences_total(&s0) &&
              model_fences.gpa == f0.gpa && model_fences.vmid == f0.vmid &&
              model_fences.remote_calls == f0.remote_calls,
          "R6: %s fenced", what);
}

static void dt_no_split_when_implied(struct tctx *c)
{
    struct p2m_stats s0, s1;
    struct fence_counts f0;
    /* The same MFN offset, type and access as the 1 GiB leaf implies. */
    const struct op map4k = { .k = OP_MAP,
                              .gfn = GB + 1000,
                              .nr = 1,
                              .mfn = 5 * GB + 1000,
                              .t = p2m_ram_rw,
                              .a = p2m_access_rwx };
    const struct op map2m = { .k = OP_MAP,
                              .gfn = GB + 3 * MB2,
                              .nr = MB2,
                              .mfn = 5 * GB + 3 * MB2,
                              .t = p2m_ram_rw,
                              .a = p2m_access_rwx };
    const struct op access = {
        .k = OP_ACCESS, .gfn = GB + 7 * MB2 + 17, .nr = 5, .a = p2m_access_rwx
    };
    /*
     * ot matches the leaf, so the walk reaches the implied check; each case
     * in a 2 MiB piece of its own, which only it could split.
     */
    const struct op retype = { .k = OP_RETYPE,
                               .gfn = GB + 5 * MB2 + 9,
                               .nr = 3,
                               .ot = p2m_ram_rw,
                               .t = p2m_ram_rw };

    load_harts(c);
    dmap(c, GB, GB, 5 * GB, p2m_ram_rw, p2m_access_rwx);
    implied_case(c, &map4k, "a 4K map the 1G leaf implies");
    implied_case(c, &map2m, "a 2M map the 1G leaf implies");
    implied_case(c, &access, "set_access to the leaf's access");
    implied_case(c, &retype, "change_type ram_rw -> ram_rw");
    /* Removing an absent range is a no-op too. */
    s0 = stats_now(c);
    f0 = model_fences;
    dunmap(c, 3 * GB, 5 * MB2 + 3);
    {
        struct op op = {
            .k = OP_REMOVE, .gfn = 4 * GB, .mfn = ~0UL, .order = 9
        };

        op_run(c, &op, &drng);
    }
    s1 = stats_now(c);
    CHECK(c,
          !memcmp(&s0, &s1, sizeof(s0)) && model_fences.gpa == f0.gpa &&
              model_fences.vmid == f0.vmid &&
              model_fences.remote_calls == f0.remote_calls,
          "removing an absent range changed statistics or fenced");
}

static void dt_free_empty(struct tctx *c)
{
    unsigned int rl = c->root_level;
    struct p2m_stats s;

    load_harts(c);
    s = stats_now(c);
    dmap(c, 7 * GB + 5, 1, 0x4242, p2m_ram_rw, p2m_access_rwx);
    CHECK(c, stats_now(c).tables == s.tables + rl,
          "one 4K mapping: expected %u new tables", rl);
    dmap(c, 7 * GB + 9, 1, 0x4243, p2m_ram_rw, p2m_access_r);
    dunmap(c, 7 * GB + 5, 1);
    CHECK(c, stats_now(c).tables == s.tables + rl,
          "table freed while it still held an entry");
    dunmap(c, 7 * GB + 9, 1);
    CHECK(c, stats_now(c).tables == s.tables,
          "R11: empty tables not freed after the unmap (%lu left)",
          stats_now(c).tables - s.tables);
    /* A superpage over a table of small leaves frees the subtree. */
    dmap(c, 9 * GB, MB2, 0x777001, p2m_ram_rw, p2m_access_rwx);
    s = stats_now(c);
    dmap(c, 9 * GB, MB2, 0x800000, p2m_ram_ro, p2m_access_rwx);
    CHECK(c,
          stats_now(c).tables == s.tables - 1 &&
              stats_now(c).leaves[0] == s.leaves[0] - 512 &&
              stats_now(c).leaves[1] == s.leaves[1] + 1,
          "superpage over 512 small leaves: subtree not freed");
    dunmap(c, 9 * GB, MB2);
    CHECK(c, stats_now(c).tables == 0, "tables left after unmapping all");
}

/*
 * Fences as the model saw them issued (model_fences), not as the p2m
 * counts them: a p2m whose counters say "address fence" while it issues a
 * VMID-wide one must not pass.
 */
static struct fence_counts fences_since(const struct fence_counts *f0)
{
    struct fence_counts d = {
        .gpa = model_fences.gpa - f0->gpa,
        .vmid = model_fences.vmid - f0->vmid,
        .all = model_fences.all - f0->all,
        .remote_calls = model_fences.remote_calls - f0->remote_calls,
        .remote_vmid = model_fences.remote_vmid - f0->remote_vmid,
        .remote_gpa = model_fences.remote_gpa - f0->remote_gpa,
    };

    return d;
}

static void dt_fence_precision(struct tctx *c)
{
    struct p2m_stats s0, s1;
    struct fence_counts f0, d;

    load_harts(c);
    dmap(c, 2 * GB, 64, 0x9000, p2m_ram_rw, p2m_access_rwx);
    /*
     * One leaf changes: one local address fence, one remote address fence
     * per other hart, nothing VMID-wide (R8).
     */
    f0 = model_fences;
    daccess(c, 2 * GB + 3, 1, p2m_access_rx);
    d = fences_since(&f0);
    CHECK(c,
          d.gpa == 1 && !d.vmid && !d.all && !d.remote_vmid &&
              d.remote_gpa == NR_HARTS - 1 && d.remote_calls == 1,
          "one leaf changed: expected 1 local and %u remote address fences, "
          "the model saw %lu/%lu local address/VMID, %lu all-VMID, %lu/%lu "
          "remote address/VMID in %lu calls",
          NR_HARTS - 1, d.gpa, d.vmid, d.all, d.remote_gpa, d.remote_vmid,
          d.remote_calls);
    /* A new mapping is not fenced (spurious faults handle it). */
    s0 = stats_now(c);
    f0 = model_fences;
    dmap(c, 2 * GB + 100, 1, 0x9100, p2m_ram_rw, p2m_access_rwx);
    s1 = stats_now(c);
    d = fences_since(&f0);
    CHECK(c,
          fences_total(&s1) == fences_total(&s0) && !d.gpa && !d.vmid &&
              !d.all && !d.remote_calls,
          "invalid->valid change fenced (design: it is not)");
    /* More leaves than the threshold: one VMID-wide fence. */
    f0 = model_fences;
    daccess(c, 2 * GB, 64, p2m_access_r);
    d = fences_since(&f0);
    CHECK(c,
          d.vmid == 1 && !d.gpa && !d.all && !d.remote_gpa &&
              d.remote_vmid == NR_HARTS - 1 && d.remote_calls == 1,
          "64 leaves changed: expected one VMID-wide fence per hart, the "
          "model saw %lu/%lu local address/VMID, %lu/%lu remote "
          "address/VMID in %lu calls",
          d.gpa, d.vmid, d.remote_gpa, d.remote_vmid, d.remote_calls);
    /*
     * A change only the metadata sees: grant_map_rw and map_foreign_rw
     * have the same PTE, so no hart can hold anything stale.
     */
    dmap(c, 2 * GB + 200, 1, 0x9200, p2m_grant_map_rw, p2m_access_rwx);
    {
        struct op op = { .k = OP_RETYPE,
                         .gfn = 2 * GB + 200,
                         .nr = 1,
                         .ot = p2m_grant_map_rw,
                         .t = p2m_map_foreign_rw };
        struct fence_counts f0 = model_fences;

        s0 = stats_now(c);
        op_run(c, &op, &drng);
        s1 = stats_now(c);
        CHECK(c,
              fences_total(&s1) == fences_total(&s0) &&
                  model_fences.gpa == f0.gpa && model_fences.vmid == f0.vmid &&
                  model_fences.remote_calls == f0.remote_calls,
              "grant_map_rw -> map_foreign_rw left the PTE bit-identical "
              "but fenced (%lu address, %lu VMID-wide, %lu remote calls)",
              model_fences.gpa - f0.gpa, model_fences.vmid - f0.vmid,
              model_fences.remote_calls - f0.remote_calls);
    }
}

/*
 * RAM <-> MMIO never in place (R9): a type change, a remap of the same
 * frame, a remap inside a superpage (which would publish the change
 * through the split), and a superpage over mixed pages are refused with
 * -EBUSY and change nothing (op_run_once() checks both); once the pages
 * are removed, the other kind maps.
 */
static void dt_cacheability(struct tctx *c)
{
    uint64_t g = 3 * GB;
    struct op retype = { .k = OP_RETYPE,
                         .gfn = g + 5,
                         .nr = 1,
                         .ot = p2m_ram_rw,
                         .t = p2m_mmio_direct_io };
    int rc;

    load_harts(c);
    dmap(c, g, MB2, 0x400000, p2m_ram_rw, p2m_access_rwx);
    dmap(c, g + MB2, 1, 0x400000 + MB2, p2m_ram_rw, p2m_access_rwx);
    rc = op_run(c, &retype, &drng);
    CHECK(c, rc == -EBUSY, "ram_rw -> mmio_direct_io inside a superpage: %d",
          rc);
    retype.gfn = g + MB2;
    rc = op_run(c, &retype, &drng);
    CHECK(c, rc == -EBUSY, "ram_rw -> mmio_direct_io of a 4K leaf: %d", rc);
    rc =
        dmap(c, g + MB2, 1, 0x400000 + MB2, p2m_mmio_direct_io, p2m_access_rwx);
    CHECK(c, rc == -EBUSY, "the same frame remapped as MMIO: %d", rc);
    rc = dmap(c, g + 7, 1, 0x400007, p2m_mmio_direct_io, p2m_access_rwx);
    CHECK(c, rc == -EBUSY, "MMIO remap inside a RAM superpage: %d", rc);
    rc = dmap(c, g, 2 * MB2, 0x800000, p2m_mmio_direct_io, p2m_access_rwx);
    CHECK(c, rc == -EBUSY, "MMIO range over RAM pages: %d", rc);
    /* Remove first, then the other kind maps; and back. */
    dunmap(c, g + MB2, 1);
    rc =
        dmap(c, g + MB2, 1, 0x400000 + MB2, p2m_mmio_direct_io, p2m_access_rwx);
    CHECK(c, rc == 0, "MMIO over a hole: %d", rc);
    rc = dmap(c, g + MB2, 1, 0x400000 + MB2, p2m_ram_rw, p2m_access_rwx);
    CHECK(c, rc == -EBUSY, "RAM remap over MMIO: %d", rc);
    dunmap(c, g, 2 * MB2);
}

static void dt_permissions(struct tctx *c)
{
    static const unsigned int types[] = {
        p2m_ram_rw,         p2m_ram_ro,         p2m_mmio_direct_io,
        p2m_map_foreign_rw, p2m_map_foreign_ro, p2m_grant_map_rw,
        p2m_grant_map_ro,
    };
    uint64_t gfn = 11 * GB;

    load_harts(c);
    for ( unsigned int i = 0; i < ARRAY_SIZE(types); i++ )
        for ( unsigned int a = 0; a < 8; a++ )
        {
            dmap(c, gfn, 1, 0xabc000 + gfn, types[i], a);
            gfn += 1;
        }
    /* Superpages of every type/access, then change them in place. */
    gfn = 12 * GB;
    for ( unsigned int i = 0; i < ARRAY_SIZE(types); i++ )
    {
        dmap(c, gfn, MB2, 0x1000000 + gfn, types[i], p2m_access_rwx);
        daccess(c, gfn, MB2, (i * 3) & 7);
        daccess(c, gfn + 5, 1, p2m_access_w);
        {
            struct op op = { .k = OP_RETYPE,
                             .gfn = gfn,
                             .nr = MB2,
                             .ot = types[i],
                             .t = types[(i + 1) % 7] };

            op_run(c, &op, &drng);
        }
        gfn += MB2;
    }
    dunmap(c, 11 * GB, 2 * GB);
}

static void dt_public_api(struct tctx *c)
{
    struct op op;
    p2m_access_t a;
    p2m_type_t t;
    int rc;

    load_harts(c);
    op = (struct op){ .k = OP_ADD,
                      .gfn = 13 * GB,
                      .mfn = 0x3000000,
                      .order = 9,
                      .t = p2m_ram_rw };
    CHECK(c, !op_run(c, &op, &drng), "add_entry order 9 failed");
    op = (struct op){ .k = OP_ADD,
                      .gfn = 14 * GB,
                      .mfn = 0x3400000,
                      .order = 18,
                      .t = p2m_grant_map_ro };
    CHECK(c, !op_run(c, &op, &drng), "add_entry order 18 failed");
    op = (struct op){
        .k = OP_REMOVE, .gfn = 13 * GB, .mfn = 0x3000001, .order = 9
    };
    CHECK(c, op_run(c, &op, &drng) == -EINVAL,
          "remove_page with the wrong MFN accepted");
    op = (struct op){
        .k = OP_REMOVE, .gfn = 13 * GB + 8, .mfn = 0x3000008, .order = 3
    };
    CHECK(c, !op_run(c, &op, &drng), "remove_page order 3 failed");
    op = (struct op){ .k = OP_MAPREG,
                      .gfn = 15 * GB + 1,
                      .nr = 1000,
                      .mfn = 0x5000001,
                      .t = p2m_mmio_direct_io };
    CHECK(c, !op_run(c, &op, &drng), "map_regions_p2mt failed");
    op = (struct op){
        .k = OP_UNMAPREG, .gfn = 15 * GB + 1, .nr = 10, .mfn = 0x5000001
    };
    CHECK(c, !op_run(c, &op, &drng), "unmap_regions_p2mt failed");
    CHECK(c,
          mfn_x(p2m_lookup(c->d, _gfn(15 * GB + 11), &t)) == 0x500000b &&
              t == p2m_mmio_direct_io,
          "p2m_lookup disagrees");
    rc = p2m_get_access(c->d, _gfn(14 * GB + 3), &a);
    CHECK(c, !rc && a == p2m_access_rwx, "p2m_get_mem_access: %d %u", rc, a);
    rc = p2m_get_access(c->d, _gfn(16 * GB), &a);
    CHECK(c, rc == -ENOENT, "p2m_get_mem_access on a hole: %d", rc);
    p2m_dump_info(c->d);
    dunmap(c, 13 * GB, 3 * GB);
}

/*
 * The interfaces shaped as xen.git's: p2m_init() from a createdomain
 * config, the paging pool hooks, p2m_{set,get}_mem_access() with
 * xenmem_access_t and start/mask, and get_page_from_gfn().
 */
static void dt_xen_interfaces(struct tctx *c)
{
    static struct domain d2;
    struct xen_domctl_createdomain config = { .max_vcpus = 1 };
    const struct gstage_mode_desc *max = max_gstage_mode;
    uint64_t gfn = 17 * GB, size;
    struct page_info *pg, *got;
    xenmem_access_t xa;
    p2m_type_t t;
    long rc;

    /* Modes by GPA width, each domain its own, capped by max_gstage_mode. */
    config.arch.gaddr_bits = 34;
    CHECK(c, p2m_init(&d2, &config) == -EOPNOTSUPP, "Sv32x4 accepted");
    config.arch.gaddr_bits = 42;
    CHECK(c, p2m_init(&d2, &config) == -EINVAL, "42-bit GPA accepted");
    CHECK(c, p2m_init(&d2, NULL) == -EINVAL, "NULL config accepted");
    max_gstage_mode = p2m_mode_of_level(3);
    config.arch.gaddr_bits = 59;
    CHECK(c, p2m_init(&d2, &config) == -EINVAL, "Sv57x4 above the cap");
    max_gstage_mode = max;
    config.arch.gaddr_bits = 41;
    rc = p2m_init(&d2, &config);
    CHECK(c, !rc && P2M_ROOT_LEVEL(p2m_get_hostp2m(&d2)) == 2,
          "41-bit p2m_init: %ld", rc);
    if ( !rc )
        p2m_teardown(&d2);
    CHECK(c, P2M_ROOT_LEVEL(c->p2m) == c->root_level,
          "another domain's mode changed this one's");

    /* The pool, in bytes, as the domctl hooks see it. */
    CHECK(c,
          !arch_get_paging_mempool_size(c->d, &size) &&
              size == (uint64_t)c->pool << PAGE_SHIFT,
          "mempool size %lu, pool %lu pages", (unsigned long)size, c->pool);
    CHECK(c, arch_set_paging_mempool_size(c->d, size + 1) == -EINVAL,
          "unaligned mempool size accepted");
    CHECK(c,
          !arch_set_paging_mempool_size(c->d, size + 4 * PAGE_SIZE) &&
              c->d->arch.paging.total_pages == c->pool + 4,
          "growing the pool by 4 pages");
    CHECK(c, !arch_set_paging_mempool_size(c->d, size), "shrinking it back");
    spin_lock(&c->d->arch.paging.lock);
    rc = p2m_set_allocation(c->d, 0, true);
    spin_unlock(&c->d->arch.paging.lock);
    CHECK(c, rc == -EBUSY || !c->p2m->pages.count,
          "pool emptied under tables in use: %ld", rc);
    CHECK(c, !harness_set_allocation(c->d, c->pool), "pool back to %lu",
          c->pool);

    /* mem_access in xenmem_access_t, [gfn + start, gfn + nr). */
    load_harts(c);
    dmap(c, gfn, 16, 0x3100000, p2m_ram_rw, p2m_access_rwx);
    ref_set_access(&c->ref, gfn + 4, 12, p2m_access_r);
    rc = p2m_set_mem_access(c->d, _gfn(gfn), 16, 4, ~0U, XENMEM_access_r, 0);
    CHECK(c, !rc, "p2m_set_mem_access(start 4): %ld", rc);
    CHECK(c,
          !p2m_get_mem_access(c->d, _gfn(gfn + 3), &xa, 0) &&
              xa == XENMEM_access_rwx,
          "gfn before start: access %u", xa);
    CHECK(c,
          !p2m_get_mem_access(c->d, _gfn(gfn + 4), &xa, 0) &&
              xa == XENMEM_access_r,
          "gfn at start: access %u", xa);
    CHECK(c,
          !p2m_get_mem_access(c->d, _gfn(gfn + 15), &xa, 0) &&
              xa == XENMEM_access_r,
          "last gfn: access %u", xa);
    CHECK(c,
          p2m_set_mem_access(c->d, _gfn(gfn), 16, 0, ~0U, XENMEM_access_rwx,
                             1) == -EINVAL,
          "altp2m index accepted");
    CHECK(c,
          p2m_set_mem_access(c->d, _gfn(gfn), 16, 0, ~0U,
                             (xenmem_access_t)(XENMEM_access_rwx + 1),
                             0) == -EINVAL,
          "an event-driven access accepted");
    CHECK(c,
          p2m_set_mem_access(c->d, INVALID_GFN, 1, 0, ~0U, XENMEM_access_r,
                             0) == -EOPNOTSUPP,
          "default access set");
    CHECK(c, p2m_get_mem_access(c->d, _gfn(gfn + 16), &xa, 0) == -ENOENT,
          "access of a hole");
    dunmap(c, gfn, 16);

    /* get_page_from_gfn(): the domain's own RAM page, nothing else. */
    pg = alloc_domheap_pages(NULL, 0, 0);
    if ( !pg )
        return;
    c->data_pages++;
    pg->v.inuse.domain = c->d;
    dmap(c, gfn, 1, mfn_x(page_to_mfn(pg)), p2m_ram_rw, p2m_access_rwx);
    dmap(c, gfn + 1, 1, 0x3100001, p2m_mmio_direct_io, p2m_access_rwx);
    got = get_page_from_gfn(c->d, gfn, &t, P2M_ALLOC);
    CHECK(c, got == pg && t == p2m_ram_rw, "RAM page: %p type %u", (void *)got,
          t);
    if ( got )
        put_page(got);
    got = get_page_from_gfn(c->d, gfn + 1, &t, P2M_ALLOC);
    CHECK(c, !got && t == p2m_mmio_direct_io, "MMIO gave a page");
    got = get_page_from_gfn(c->d, gfn + 2, &t, P2M_ALLOC);
    CHECK(c, !got && t == p2m_invalid, "a hole gave a page");
    dunmap(c, gfn, 2);
    pg->v.inuse.domain = NULL;
    free_domheap_pages(pg, 0);
    c->data_pages--;
}

static void dt_bad_inputs(struct tctx *c)
{
    uint64_t lim = c->limit;
    const struct op bad[] = {
        { .k = OP_MAP, .gfn = lim, .nr = 1, .mfn = 1, .t = 1, .a = 7 },
        { .k = OP_MAP, .gfn = lim - 1, .nr = 2, .mfn = 1, .t = 1, .a = 7 },
        { .k = OP_MAP, .gfn = ~0UL, .nr = 2, .mfn = 1, .t = 1, .a = 7 },
        { .k = OP_MAP, .gfn = 0, .nr = ~0UL, .mfn = 1, .t = 1, .a = 7 },
        { .k = OP_MAP, .gfn = 0, .nr = 1, .mfn = 1UL << 44, .t = 1, .a = 7 },
        { .k = OP_MAP,
          .gfn = 0,
          .nr = 2,
          .mfn = (1UL << 44) - 1,
          .t = 1,
          .a = 7 },
        { .k = OP_MAP, .gfn = 0, .nr = 1, .mfn = 1, .t = p2m_invalid, .a = 7 },
        { .k = OP_MAP, .gfn = 0, .nr = 1, .mfn = 1, .t = p2m_max_type, .a = 7 },
        { .k = OP_MAP, .gfn = 0, .nr = 1, .mfn = 1, .t = 1, .a = 8 },
        { .k = OP_MAP, .gfn = 0, .nr = 1, .mfn = 1, .t = 1, .a = ~0U },
        { .k = OP_UNMAP, .gfn = lim, .nr = 1, .mfn = ~0UL },
        { .k = OP_ADD, .gfn = 1, .mfn = 0, .order = 9, .t = 1 },
        { .k = OP_ADD, .gfn = 0, .mfn = 1, .order = 9, .t = 1 },
        { .k = OP_ADD, .gfn = 0, .mfn = 0, .order = 9 * 5, .t = 1 },
        { .k = OP_ADD, .gfn = 0, .mfn = 0, .order = 64, .t = 1 },
        { .k = OP_ADD, .gfn = 0, .mfn = ~0UL, .order = 0, .t = 1 },
        { .k = OP_ADD, .gfn = lim, .mfn = 0, .order = 0, .t = 1 },
        { .k = OP_ADD, .gfn = 0, .mfn = 0, .order = 0, .t = 0 },
        { .k = OP_ADD, .gfn = 0, .mfn = 1UL << 44, .order = 0, .t = 1 },
        { .k = OP_REMOVE, .gfn = 1, .mfn = ~0UL, .order = 9 },
        { .k = OP_REMOVE, .gfn = 0, .mfn = ~0UL, .order = 63 },
        { .k = OP_REMOVE, .gfn = lim, .mfn = ~0UL, .order = 0 },
        { .k = OP_REMOVE, .gfn = 17 * GB, .mfn = 5, .order = 0 },
        { .k = OP_MAPREG, .gfn = 0, .nr = 1, .mfn = ~0UL, .t = 1 },
        { .k = OP_MAPREG, .gfn = lim, .nr = 1, .mfn = 1, .t = 1 },
        { .k = OP_UNMAPREG, .gfn = 17 * GB, .nr = 1, .mfn = 77 },
        { .k = OP_ACCESS, .gfn = 17 * GB, .nr = 1, .a = 8 },
        { .k = OP_ACCESS, .gfn = lim, .nr = 1, .a = 1 },
        { .k = OP_RETYPE, .gfn = 17 * GB, .nr = 1, .ot = 0, .t = 1 },
        { .k = OP_RETYPE, .gfn = 17 * GB, .nr = 1, .ot = 1, .t = 9 },
    };

    load_harts(c);
    dmap(c, 17 * GB, MB2 + 1, 0x6000000, p2m_ram_rw, p2m_access_rwx);
    for ( unsigned int i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        struct op op = bad[i];

        if ( op.k == OP_ADD && op.order == 45 )
            op.order = 9 * c->root_level + 1;
        CHECK(c, !op_valid(c, &op), "bad input %u considered valid", i);
        op_run(c, &op, &drng);
    }
    /*
     * Every order a guest can pass, on every entry point taking one (the
     * UBSan build catches a shift by the order before it is checked).
     */
    for ( unsigned int order = 0; order <= 70; order++ )
    {
        struct op add = {
            .k = OP_ADD, .gfn = 0, .mfn = 1UL << 44, .order = order, .t = 1
        };
        struct op rem = {
            .k = OP_REMOVE, .gfn = 0, .mfn = 0x77, .order = order
        };

        op_run(c, &add, &drng);
        op_run(c, &rem, &drng);
    }
    /* Lookups beyond the GPA width find nothing. */
    CHECK(c,
          mfn_eq(p2m_lookup(c->d, _gfn(lim), NULL), INVALID_MFN) &&
              mfn_eq(p2m_lookup(c->d, _gfn(~0UL), NULL), INVALID_MFN),
          "lookup beyond the GPA width found something");
    dunmap(c, 17 * GB, MB2 + 1);
}

/* Frame arithmetic above 32 bits: a high superpage, split at its end. */
static void dt_high_frames(struct tctx *c)
{
    unsigned int rl = c->root_level;
    uint64_t sz = 1UL << (9 * rl);
    uint64_t mfn = (1UL << 44) - sz;
    uint64_t gfn = c->limit - sz;

    load_harts(c);
    dmap(c, gfn, sz, mfn, p2m_ram_rw, p2m_access_rwx);
    daccess(c, gfn + sz - 1, 1, p2m_access_r);
    check_siblings(c, gfn + sz - 1, rl);
    dunmap(c, gfn, sz);
}

static const struct {
    const char *name;
    dtest_fn fn;
} dtests[] = {
    { "largest leaf (R4) and level numbering (R1)", dt_largest_leaf },
    { "splits (R5/R3)", dt_splits },
    { "no split when implied, absent removal (R6)", dt_no_split_when_implied },
    { "empty tables freed, subtree freed (R11)", dt_free_empty },
    { "fence precision (R8)", dt_fence_precision },
    { "no in-place RAM<->MMIO change (R9)", dt_cacheability },
    { "types and access (R9/R10)", dt_permissions },
    { "public API", dt_public_api },
    { "interfaces as in xen.git", dt_xen_interfaces },
    { "bad inputs (R14)", dt_bad_inputs },
    { "frames above 4G at the top of the GPA space", dt_high_frames },
};

int run_directed(unsigned int root_level, bool faults)
{
    int bad = 0;

    for ( unsigned int i = 0; i < ARRAY_SIZE(dtests); i++ )
    {
        struct tctx c;
        unsigned long f0 = model_failures;

        ctx_init(&c, root_level, 2048, false);
        c.fi = faults;
        c.full_checks = true;
        suite_budget(DIRECTED_BUDGET, "%s%s %s", p2m_mode_name(root_level),
                     faults ? " [faults]" : "", dtests[i].name);
        if ( c.p2m )
            dtests[i].fn(&c);
        suite_budget(0, "-");
        ctx_fini(&c);
        suite_result(model_failures == f0, "%s%s %s", p2m_mode_name(root_level),
                     faults ? " [faults]" : "", dtests[i].name);
        bad += model_failures != f0;
    }
    return bad;
}

/* ---- Random operation sequences ---- */

static unsigned int pick_level(struct tctx *c, uint64_t *rng)
{
    static const unsigned int w[P2M_MAX_LEVELS] = { 40, 30, 16, 8, 6 };
    unsigned int tot = 0, r;

    for ( unsigned int l = 0; l <= c->root_level; l++ )
        tot += w[l];
    r = rng_next(rng) % tot;
    for ( unsigned int l = 0; l <= c->root_level; l++ )
    {
        if ( r < w[l] )
            return l;
        r -= w[l];
    }
    return 0;
}

static unsigned int pick_type(uint64_t *rng)
{
    unsigned int r = rng_next(rng) % 10, t;

    if ( r < 5 )
        return p2m_ram_rw;
    if ( r < 6 )
        return p2m_ram_ro;
    if ( r < 7 )
        return p2m_mmio_direct_io;
    do
        t = 1 + rng_next(rng) % (p2m_max_type - 1);
    while ( !p2m_is_valid_type(t) );

    return t;
}

static void gen_op(struct tctx *c, uint64_t *rng, const uint64_t *hot,
                   struct op *op)
{
    unsigned int l = pick_level(c, rng);
    uint64_t sz = 1UL << (9 * l);
    uint64_t big = 1UL << (9 * (l < c->root_level ? l + 1 : l));
    uint64_t anchor, r = rng_next(rng) % 100;

    memset(op, 0, sizeof(*op));
    /* Biased towards partial remaps inside what is mapped already. */
    if ( c->ref.n && rng_next(rng) % 2 )
    {
        const struct ref_ext *e = &c->ref.e[rng_next(rng) % c->ref.n];

        anchor = e->gfn + rng_next(rng) % e->nr;
    }
    else
        anchor = hot[rng_next(rng) % 3] + (rng_next(rng) % 4) * big +
                 (rng_next(rng) % 512) * sz;
    op->gfn = anchor & ~(sz - 1);
    if ( rng_next(rng) % 4 == 0 )
        op->gfn += rng_next(rng) % sz;
    switch ( rng_next(rng) % 8 )
    {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
        op->nr = sz * (1 + rng_next(rng) % 2);
        break;
    case 5:
    case 6:
        op->nr = 1 + rng_next(rng) % (sz < 1024 ? sz : 1024);
        break;
    default:
        op->nr = 1 + rng_next(rng) % 4;
        break;
    }
    if ( rng_next(rng) % 10 < 7 )
    {
        /* Congruent with the GFN: superpages possible. */
        uint64_t slots = ((1UL << 44) - 4 * big) / big;

        op->mfn = (rng_next(rng) % slots) * big + (op->gfn & (big - 1));
    }
    else
    {
        if ( op->nr > 2048 )
            op->nr = 1 + rng_next(rng) % 2048;
        op->mfn = rng_next(rng) % ((1UL << 44) - 4096);
    }
    op->t = pick_type(rng);
    op->ot = pick_type(rng);
    op->a = rng_next(rng) % 3 ? p2m_access_rwx : rng_next(rng) % 8;
    op->order = l * 9;
    if ( r < 30 )
        op->k = OP_MAP;
    else if ( r < 45 )
        op->k = OP_UNMAP;
    else if ( r < 60 )
        op->k = OP_ACCESS;
    else if ( r < 68 )
        op->k = OP_RETYPE;
    else if ( r < 78 )
        op->k = OP_ADD;
    else if ( r < 86 )
        op->k = OP_REMOVE;
    else if ( r < 92 )
        op->k = OP_MAPREG;
    else if ( r < 97 )
        op->k = OP_UNMAPREG;
    else
    {
        /* Something the p2m must refuse. */
        op->k = OP_MAP;
        switch ( rng_next(rng) % 4 )
        {
        case 0:
            op->gfn = c->limit + rng_next(rng) % 1000;
            break;
        case 1:
            op->mfn = (1UL << 44) - rng_next(rng) % 2;
            break;
        case 2:
            op->t = rng_next(rng) % 2 ? 0 : p2m_max_type;
            break;
        default:
            op->a = 8 + rng_next(rng) % 100;
            break;
        }
    }
    if ( op->k == OP_ADD || op->k == OP_REMOVE )
    {
        if ( rng_next(rng) % 4 == 0 )
            op->order = rng_next(rng) % (9 * l + 1);
        op->gfn &= ~((1UL << op->order) - 1);
        op->mfn &= ~((1UL << op->order) - 1);
    }
    if ( op->k == OP_REMOVE || op->k == OP_UNMAPREG )
    {
        struct ref_ext e;

        if ( rng_next(rng) % 2 && ref_get(&c->ref, op->gfn, &e) )
            op->mfn = e.mfn;
        else
            op->mfn = ~0UL;
    }
    if ( op->k == OP_MAPREG || op->k == OP_UNMAPREG )
        op->nr = op->nr > 4096 ? 4096 : op->nr;
}

/* Keep the tree (and the work per op) bounded. */
static void shrink_if_needed(struct tctx *c, uint64_t *rng, const uint64_t *hot)
{
    struct op op = { .k = OP_UNMAP, .mfn = ~0UL };
    unsigned int rl = c->root_level;

    const struct p2m_stats *st = &c->p2m->stats;

    if ( c->p2m->domain->arch.paging.freelist.count > c->pool / 4 &&
         c->ref.n < 3000 && st->leaves[0] + st->leaves[1] < 12000 )
        return;
    op.gfn = hot[rng_next(rng) % 3];
    op.nr = 1UL << (9 * rl);
    op_run(c, &op, rng);
    if ( c->p2m->domain->arch.paging.freelist.count < c->pool / 8 ||
         c->ref.n > 6000 || st->leaves[0] + st->leaves[1] > 24000 )
    {
        op.gfn = 0;
        op.nr = c->limit;
        op_run(c, &op, rng);
    }
}

int run_random(unsigned int root_level, uint64_t seed, unsigned long ops)
{
    struct tctx c;
    uint64_t rng = seed * 0x9e3779b97f4a7c15UL + root_level + 1;
    uint64_t hot[3];
    unsigned long f0 = model_failures;
    unsigned long batches = 0, fi_ops = 0;

    ctx_init(&c, root_level, 3072, false);
    if ( !c.p2m )
        goto out;
    suite_budget(RANDOM_BUDGET(ops), "%s random (--seed %lu --ops %lu)",
                 p2m_mode_name(root_level), (unsigned long)seed, ops);
    model_rng = rng ^ 0x5555;
    for ( unsigned int i = 0; i < 3; i++ )
        hot[i] = (rng_next(&rng) % P2M_ROOT_ENTRIES) << (9 * root_level);
    hot[2] = c.limit - (1UL << (9 * root_level));
    for ( unsigned int h = 1; h < NR_HARTS; h++ )
        model_load(h);

    while ( c.ops < ops && model_failures == f0 )
    {
        struct op op;
        unsigned int r = rng_next(&rng) % 64;

        /* Harts come and go; the p2m runs on any of them. */
        if ( r == 0 )
        {
            unsigned int h = rng_next(&rng) % NR_HARTS;

            if ( model_loaded(h) )
                model_unload(h);
            else
                model_load(h);
        }
        else if ( r < 4 )
            harness_current_cpu = rng_next(&rng) % NR_HARTS;

        shrink_if_needed(&c, &rng, hot);
        gen_op(&c, &rng, hot, &op);

        if ( rng_next(&rng) % 16 == 0 )
        {
            /* Several set_range updates under one lock, one flush. */
            unsigned int n = 2 + rng_next(&rng) % 4;

            model_begin_op();
            p2m_write_lock(c.p2m);
            for ( unsigned int i = 0; i < n; i++ )
            {
                unsigned long done;
                int rc;

                gen_op(&c, &rng, hot, &op);
                op.k = rng_next(&rng) % 3 ? OP_MAP : OP_UNMAP;
                if ( op.k == OP_UNMAP )
                    op.mfn = ~0UL;
                else if ( op.mfn == ~0UL )
                    op.mfn = op.gfn & ((1UL << 40) - 1);
                warm(&c, &op, &rng);
                rc = op_call(&c, &op, &done);
                if ( !op_valid(&c, &op) )
                    CHECK(&c, rc == -EINVAL, "batch: invalid op gave %d", rc);
                else if ( op_busy(&c, &op) )
                    CHECK(&c, rc == -EBUSY && !done,
                          "batch: in-place RAM<->MMIO change gave %d", rc);
                else
                {
                    CHECK(&c, !rc || rc == -ENOMEM, "batch: op gave %d", rc);
                    ref_apply(&c, &op, done);
                }
                chk_range(&c, op.gfn, op.nr, &rng);
            }
            p2m_write_unlock(c.p2m);
            after_op(&c, &rng);
            batches++;
        }
        else
        {
            c.fi = rng_next(&rng) % 64 == 0;
            fi_ops += c.fi;
            op_run(&c, &op, &rng);
            c.fi = false;
        }
        if ( c.ops % 512 < 2 )
            check_full(&c);
    }
    check_full(&c);
    ctx_fini(&c);
 out:
    suite_budget(0, "-");
    printf("%s: %lu random ops, seed %lu, %lu divergences (replay: "
           "build/p2m-test --random --mode %s --seed %lu --ops %lu)\n",
           p2m_mode_name(root_level), c.ops, (unsigned long)seed,
           model_failures - f0, p2m_mode_name(root_level), (unsigned long)seed,
           ops);
    printf("  (%lu lock batches, %lu ops with fault injection, %lu "
           "allocation failures injected)\n",
           batches, fi_ops, c.fi_failures);
    suite_result(model_failures == f0, "%s random (--seed %lu --ops %lu)",
                 p2m_mode_name(root_level), (unsigned long)seed, ops);
    return model_failures != f0;
}

/* ---- libFuzzer: the same operations, from bytes ---- */

static uint64_t take(const uint8_t **p, size_t *n, unsigned int bytes)
{
    uint64_t v = 0;

    for ( unsigned int i = 0; i < bytes && *n; i++ )
    {
        v |= (uint64_t) * *p << (8 * i);
        (*p)++;
        (*n)--;
    }
    return v;
}

int run_fuzz_input(const uint8_t *data, size_t size)
{
    struct tctx c;
    uint64_t rng = 1;
    unsigned int rl = 2 + take(&data, &size, 1) % 3;
    unsigned long f0 = model_failures;

    model_quiet = false;
    model_cheap = true;
    ctx_init(&c, rl, 64, true);
    if ( !c.p2m )
        abort();
    c.full_checks = false;
    model_rng = 7;
    /* One remote hart: remote fences are exercised, prefetch costs less. */
    model_load(1);
    while ( size >= 12 && model_failures == f0 )
    {
        struct op op;
        unsigned int sel = take(&data, &size, 1);
        unsigned int l = take(&data, &size, 1) % (rl + 1);
        uint64_t sz = 1UL << (9 * l);

        memset(&op, 0, sizeof(op));
        op.k = sel % OP_NR;
        op.gfn = (take(&data, &size, 2) % 64) * sz +
                 (sel & 0x80 ? take(&data, &size, 1) : 0);
        op.nr = sel & 0x40 ? sz : 1 + take(&data, &size, 2) % 700;
        op.mfn = (take(&data, &size, 2) % 4096) * (sz > 4096 ? sz : 4096) +
                 (sel & 0x20 ? 1 : 0);
        op.t = take(&data, &size, 1) % (p2m_max_type + 1);
        op.a = take(&data, &size, 1) % 9;
        op.ot = op.t ^ 1;
        op.order = (sel >> 3) % 2 ? 9 * l : l;
        if ( op.k == OP_REMOVE || op.k == OP_UNMAPREG )
            op.mfn = sel & 0x10 ? op.mfn : ~0UL;
        if ( op.k == OP_ADD || op.k == OP_REMOVE )
        {
            op.gfn &= ~((1UL << op.order) - 1);
            if ( sel & 0x8 )
                op.mfn &= ~((1UL << op.order) - 1);
        }
        c.fi = (sel & 0x7) == 7;
        /* A small pool: running out is part of the game. */
        if ( c.p2m->domain->arch.paging.freelist.count < 16 )
        {
            struct op u = {
                .k = OP_UNMAP, .gfn = 0, .nr = c.limit, .mfn = ~0UL
            };

            op_run(&c, &u, &rng);
        }
        op_run(&c, &op, &rng);
    }
    check_full(&c);
    /* model_detach() in here frees the model's records: no leak to rerun for. */
    ctx_fini(&c);
    if ( model_failures != f0 )
    {
        fflush(stdout);
        abort();
    }
    return 0;
}

/* ---- Model self-tests (hand-written tables, no p2m.c) ---- */

static uint64_t mk_ptr(uint64_t ppn)
{
    return PTE_VALID | (ppn << PTE_PPN_SHIFT);
}

static uint64_t mk_leaf(uint64_t ppn, unsigned int rwx)
{
    return PTE_VALID | PTE_USER | PTE_ACCESSED | (ppn << PTE_PPN_SHIFT) |
           ((rwx & 1) ? PTE_READABLE : 0) |
           ((rwx & 2) ? PTE_WRITABLE | PTE_DIRTY : 0) |
           ((rwx & 4) ? PTE_EXECUTABLE : 0);
}

static uint64_t *tbl(struct page_info *pg)
{
    return (uint64_t *)(arena +
                        (page_to_mfn(pg).mfn - ARENA_BASE_MFN) * PAGE_SIZE);
}

static struct page_info *zpage(unsigned int order)
{
    struct page_info *pg = alloc_domheap_pages(NULL, order, 0);

    memset(tbl(pg), 0, PAGE_SIZE << order);
    return pg;
}

#define MT(cond, ...) suite_result(cond, "model: " __VA_ARGS__)

static bool walk_is(uint64_t hgatp, uint64_t gpa, enum xl_kind k, uint64_t ppn,
                    unsigned int perms)
{
    struct xl x = mmu_walk(hgatp, gpa);

    if ( x.kind != k )
        return false;
    return k != XL_OK || (x.ppn == ppn && x.perms == perms);
}

static void mmu_tests(void)
{
    struct page_info *root = zpage(2), *l1 = zpage(0), *l0 = zpage(0);
    uint64_t *r = tbl(root), *t1 = tbl(l1), *t0 = tbl(l0);
    uint64_t hg =
        (HGATP_MODE_SV39X4 << 60) | (5UL << 44) | page_to_mfn(root).mfn;
    uint64_t gpa = (1UL << 40) | (3UL << 30) | (5UL << 21) | (7UL << 12);
    unsigned int ri = gpa >> 30;
    struct xl x;

    /* 4 KiB leaf through an 11-bit root index (entry >= 1536). */
    r[ri] = mk_ptr(page_to_mfn(l1).mfn);
    t1[5] = mk_ptr(page_to_mfn(l0).mfn);
    t0[7] = mk_leaf(0x123456789UL, 7);
    MT(ri >= 1024 && walk_is(hg, gpa | 0x123, XL_OK, 0x123456789UL, 7),
       "Sv39x4 walk with an 11-bit root index");
    MT(walk_is(hg, gpa | (1UL << 41), XL_FAULT, 0, 0),
       "GPA bit 41 set faults in Sv39x4 (no sign extension)");
    MT(walk_is(hg, gpa + PAGE_SIZE, XL_FAULT, 0, 0), "V=0 faults");
    /* 2 MiB and 1 GiB leaves: output = ppn[top:i] joined with the GPA. */
    t1[6] = mk_leaf(0x40000000UL, 5);
    MT(walk_is(hg, gpa + (1UL << 21) + 0x12345, XL_OK, 0x40000000UL | 0x19, 5),
       "2 MiB leaf output address");
    r[ri + 1] = mk_leaf(0x80000000UL, 1);
    MT(walk_is(hg, (gpa & ~((1UL << 30) - 1)) + (1UL << 30) + 0x3ffff000UL,
               XL_OK, 0x80000000UL | 0x3ffff, 1),
       "1 GiB root leaf output address");

#define BAD_CASE(val, name)                                                    \
    do                                                                         \
    {                                                                          \
        uint64_t save = t0[7];                                                 \
        t0[7] = (val);                                                         \
        x = mmu_walk(hg, gpa);                                                 \
        MT(x.kind == XL_BAD, "rejects %s", name);                              \
        t0[7] = save;                                                          \
    } while ( 0 )

    BAD_CASE(mk_leaf(1, 7) | (1UL << 54), "reserved bit 54");
    BAD_CASE(mk_leaf(1, 7) | (1UL << 60), "reserved bit 60");
    BAD_CASE(mk_leaf(1, 7) | PTE_NAPOT, "N without Svnapot");
    BAD_CASE(mk_leaf(1, 2), "W without R");
    BAD_CASE(mk_leaf(1, 6), "WX without R");
    BAD_CASE(mk_leaf(1, 7) & ~PTE_USER, "a leaf with U=0");
    BAD_CASE(mk_leaf(1, 7) & ~PTE_ACCESSED, "a leaf with A=0 (Svade)");
    BAD_CASE(mk_leaf(1, 7) & ~PTE_DIRTY, "a writable leaf with D=0");
    BAD_CASE(mk_leaf(1, 7) | (3UL << 61), "leaf PBMT=3");
    BAD_CASE(mk_leaf(1, 7) | PTE_GLOBAL, "G set");
    BAD_CASE(mk_ptr(page_to_mfn(l0).mfn), "a pointer at level 0");
#undef BAD_CASE
    t1[8] = mk_ptr(page_to_mfn(l0).mfn) | PTE_ACCESSED;
    MT(mmu_walk(hg, gpa + (3UL << 21)).kind == XL_BAD,
       "rejects A set in a non-leaf PTE");
    t1[8] = mk_ptr(page_to_mfn(l0).mfn) | PTE_PBMT_IO;
    MT(mmu_walk(hg, gpa + (3UL << 21)).kind == XL_BAD,
       "rejects PBMT in a non-leaf PTE");
    t1[8] = mk_leaf(0x40000001UL, 1);
    MT(mmu_walk(hg, gpa + (3UL << 21)).kind == XL_BAD,
       "rejects a misaligned 2 MiB superpage");
    t1[8] = mk_leaf(0x40000000UL, 1) | PTE_PBMT_IO;
    x = mmu_walk(hg, gpa + (3UL << 21));
    MT(x.kind == XL_OK && x.pbmt == 2, "PBMT=IO on a leaf is kept");
    /*
     * A root that is not 16 KiB aligned is walked from PPN & ~3: copy the
     * root to 4 KiB past an aligned block and point hgatp at the copy.
     */
    {
        struct page_info *blk = zpage(4);
        uint64_t hb = hg - page_to_mfn(root).mfn + page_to_mfn(blk).mfn;

        memcpy(tbl(blk) + PAGETABLE_ENTRIES, r, PAGE_SIZE << 2);
        memcpy(tbl(blk) + 8 * PAGETABLE_ENTRIES, r, PAGE_SIZE << 2);
        MT(walk_is(hb + 8, gpa, XL_OK, 0x123456789UL, 7) &&
               !walk_is(hb + 1, gpa, XL_OK, 0x123456789UL, 7),
           "hgatp.PPN[1:0] are ignored: a misaligned root is walked wrongly");
        free_domheap_pages(blk, 4);
    }
    MT(mmu_walk((7UL << 60) | page_to_mfn(root).mfn, gpa).kind == XL_BAD,
       "reserved hgatp MODE");
    free_domheap_pages(l0, 0);
    free_domheap_pages(l1, 0);
    free_domheap_pages(root, 2);
}

/* A fake p2m around hand-written tables for the TLB model. */
static struct p2m_domain fake;
static struct domain fake_dom;

static void fake_init(struct page_info *root)
{
    memset(&fake, 0, sizeof(fake));
    memset(&fake_dom, 0, sizeof(fake_dom));
    INIT_PAGE_LIST_HEAD(&fake_dom.arch.paging.freelist);
    INIT_PAGE_LIST_HEAD(&fake.pages);
    INIT_PAGE_LIST_HEAD(&fake.deferred_free);
    fake.domain = &fake_dom;
    fake.root = root;
    fake.mode = p2m_mode_of_level(2);
    fake.vmid = 9;
    fake.hgatp =
        (HGATP_MODE_SV39X4 << 60) | (9UL << 44) | page_to_mfn(root).mfn;
    harness_current_cpu = 0;
    model_attach(&fake);
}

static bool tlb_case_no_mb;

static unsigned long tlb_case(const char *name, bool expect_fail,
                              void (*body)(uint64_t *r, uint64_t *t1,
                                           struct page_info *l1))
{
    struct page_info *root = zpage(2), *l1 = zpage(0);
    uint64_t *r = tbl(root), *t1 = tbl(l1);
    unsigned long f0 = model_failures;
    bool saved = model_quiet;

    model_quiet = true;
    /* Table at root[0] with 2 MiB leaves; root[1] a 1 GiB leaf. */
    for ( unsigned int i = 0; i < 512; i++ )
        t1[i] = mk_leaf(0x100000 + i * 512, 3);
    r[1] = mk_leaf(0x200000, 7);
    fake_init(root);
    /* Publish the hand-built level-1 table so the model tracks it. */
    harness_barrier(HARNESS_BARRIER_W);
    model_begin_op();
    harness_write64(&r[0], mk_ptr(page_to_mfn(l1).mfn));
    model_end_op();
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        model_load(h);
        for ( unsigned int i = 0; i < 16; i++ )
        {
            model_prefetch(h, (uint64_t)i << 21);
            model_prefetch(h, (1UL << 30) + ((uint64_t)i << 21));
            model_prefetch(h, (5UL << 30) + ((uint64_t)i << 21));
        }
    }
    model_begin_op();
    body(r, t1, l1);
    /* The flush's full barrier before its read of the dirty mask. */
    if ( !tlb_case_no_mb )
        harness_barrier(HARNESS_BARRIER_RW);
    model_end_op();
    for ( unsigned int i = 0; i < 8; i++ )
    {
        for ( unsigned int k = 0; k < 6; k += 1 )
        {
            uint64_t g = ((uint64_t)k << 30) + ((uint64_t)i << 21);
            struct xl want = mmu_walk(fake.hgatp, g);

            model_check_gpa(g, &want);
        }
    }
    model_check_full();
    model_detach();
    model_quiet = saved;
    MT((model_failures != f0) == expect_fail, "%s: %s", name,
       expect_fail ? "caught" : "accepted");
    {
        unsigned long n = model_failures - f0;

        model_failures = f0;
        free_domheap_pages(l1, 0);
        free_domheap_pages(root, 2);
        return n;
    }
}

static void b_leaf_nofence(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)r;
    (void)l1;
    harness_write64(&t1[3], mk_leaf(0x300000, 3));
}

static void b_leaf_addrfence(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)r;
    (void)l1;
    harness_write64(&t1[3], mk_leaf(0x300000, 3));
    hfence_gvma_gpa_vmid((3UL << 21) + 0x5000, 9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 3UL << 21, PAGE_SIZE);
}

static void b_leaf_wrong_vmid(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)r;
    (void)l1;
    harness_write64(&t1[3], mk_leaf(0x300000, 3));
    hfence_gvma_vmid(8);
    gstage_flush_remote(&fake.dirty_cpumask, 8, 0, GSTAGE_FLUSH_ALL);
}

static void b_remote_missing(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    cpumask_t m;

    (void)r;
    (void)l1;
    harness_write64(&t1[3], mk_leaf(0x300000, 3));
    hfence_gvma_vmid(9);
    cpumask_copy(&m, &fake.dirty_cpumask);
    cpumask_clear_cpu(2, &m);
    gstage_flush_remote(&m, 9, 0, GSTAGE_FLUSH_ALL);
}

static void b_inval_to_valid(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)t1;
    (void)l1;
    /* Nothing mapped at root[5]; map it without a fence (spurious path). */
    harness_write64(&r[5], mk_leaf(0x500000, 7));
}

static struct page_info *split_tbl;

static void do_split(uint64_t *r, bool complete, bool wmb)
{
    uint64_t *n = tbl(split_tbl);

    memset(n, 0, PAGE_SIZE);
    if ( complete )
        for ( unsigned int i = 0; i < 512; i++ )
            harness_write64(&n[i], mk_leaf(0x200000 + i * 512, 7));
    if ( wmb )
        harness_barrier(HARNESS_BARRIER_W);
    harness_write64(&r[1], mk_ptr(page_to_mfn(split_tbl).mfn));
}

static void b_split_vmid(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)t1;
    (void)l1;
    do_split(r, true, true);
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
}

static void b_split_addr(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)t1;
    (void)l1;
    do_split(r, true, true);
    hfence_gvma_gpa_vmid(1UL << 30, 9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 1UL << 30, PAGE_SIZE);
}

static void b_split_empty(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)t1;
    (void)l1;
    do_split(r, false, true);
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
}

static void b_split_nowmb(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)t1;
    (void)l1;
    do_split(r, true, false);
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
}

static void b_unlink_reuse(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)l1;
    harness_write64(&r[0], 0);
    /* Reused before the fence: a walk-cache entry may still point here. */
    harness_write64(&t1[0], mk_leaf(0x999000, 1));
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
}

/* The 2 MiB leaf t1[3] becomes PBMT=IO in one store, fenced. */
static void b_pbmt_inplace(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)r;
    (void)l1;
    harness_write64(&t1[3], t1[3] | PTE_PBMT_IO);
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
}

/* The same through the invalid step: clear, fence, then store. */
static void b_pbmt_bbm(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    uint64_t old = t1[3];

    (void)r;
    (void)l1;
    harness_write64(&t1[3], 0);
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
    harness_write64(&t1[3], old | PTE_PBMT_IO);
}

/* A split of the 1 GiB leaf whose piece 7 comes out PBMT=IO. */
static void b_pbmt_split(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    uint64_t *n = tbl(split_tbl);

    (void)t1;
    (void)l1;
    for ( unsigned int i = 0; i < 512; i++ )
        harness_write64(&n[i], mk_leaf(0x200000 + i * 512, 7));
    harness_write64(&n[7], n[7] | PTE_PBMT_IO);
    harness_barrier(HARNESS_BARRIER_W);
    harness_write64(&r[1], mk_ptr(page_to_mfn(split_tbl).mfn));
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
}

static void b_unlink_ok(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)t1;
    (void)l1;
    harness_write64(&r[0], 0);
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
}

static void b_unlink_addr(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)t1;
    (void)l1;
    harness_write64(&r[0], 0);
    hfence_gvma_gpa_vmid(0, 9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, PAGE_SIZE);
}

static void b_narrow_store(uint64_t *r, uint64_t *t1, struct page_info *l1)
{
    (void)r;
    (void)l1;
    /* A 4-byte store into a live PTE, then a real store elsewhere. */
    ((uint32_t *)&t1[4])[0] = (uint32_t)mk_leaf(0x100000 + 4 * 512, 1);
    harness_write64(&t1[9], mk_leaf(0x300000, 3));
    hfence_gvma_vmid(9);
    gstage_flush_remote(&fake.dirty_cpumask, 9, 0, GSTAGE_FLUSH_ALL);
}

int run_model_tests(void)
{
    unsigned int f0 = suite_failed;

    env_init();
    env_reset();
    mmu_tests();
    tlb_case("leaf change without a fence", true, b_leaf_nofence);
    tlb_case("leaf change with address fences", false, b_leaf_addrfence);
    tlb_case("fence naming another VMID", true, b_leaf_wrong_vmid);
    tlb_case_no_mb = true;
    tlb_case("leaf change fenced, dirty mask read without a full barrier", true,
             b_leaf_addrfence);
    tlb_case_no_mb = false;
    tlb_case("remote fence missing a dirty hart", true, b_remote_missing);
    tlb_case("invalid->valid without a fence (spurious fault)", false,
             b_inval_to_valid);
    split_tbl = zpage(0);
    tlb_case("split with a VMID-wide fence", false, b_split_vmid);
    tlb_case("split with only an address fence", true, b_split_addr);
    tlb_case("split publishing an empty table", true, b_split_empty);
    tlb_case("split published without a write barrier", true, b_split_nowmb);
    tlb_case("split publishing a PBMT change (Svpbmt)", true, b_pbmt_split);
    free_domheap_pages(split_tbl, 0);
    tlb_case("live leaf RAM->IO in one store (Svpbmt)", true, b_pbmt_inplace);
    tlb_case("live leaf RAM->IO via invalid + fence", false, b_pbmt_bbm);
    tlb_case("table unlinked, VMID-wide fence", false, b_unlink_ok);
    tlb_case("table unlinked, address fence only", true, b_unlink_addr);
    tlb_case("table reused before its fence (rule 28)", true, b_unlink_reuse);
    tlb_case("narrow store into a live table", true, b_narrow_store);
    MT(env_pages_in_use() == 0, "no arena pages leaked by the model tests");
    return suite_failed != f0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
