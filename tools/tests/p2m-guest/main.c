/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * p2m test dom0: partial remaps of superpages, checked from the inside.
 *
 * Every scenario changes the p2m through the public memory_op ABI, then
 * checks the result three ways: the guest's own loads and stores (content
 * kept, or an access fault caught by the trap handler), the p2m debug
 * query of the GFNs involved (leaf level, MFN, access), and the p2m
 * statistics (leaves per level, tables, splits), whose expected deltas are
 * accumulated so that the last scenario can check the totals.
 *
 * With the bootarg "domu" the guest is the small domU beside dom0 and
 * runs its own list (domu_scenarios): the same kinds of remaps inside
 * 2 MiB leaves, plus isolation checks.
 *
 * Output: one line per scenario, "p2m-test: <scenario>: PASS (what it
 * did and what the p2m did)", "FAIL (first failed check)" for a defect, or
 * "SKIP (requirement)" when the environment (memory sizes, a hypervisor
 * without the p2m debug interface) makes the scenario impossible; details
 * of failed checks on indented lines before it.  Then
 * "p2m-test: N passed, M failed, K skipped", then SBI SRST shutdown with
 * reason "system failure" when M > 0.
 */
#include "guest.h"

/* A build with -DFAIL_SCENARIO=n fails scenario n on purpose. */
#ifndef FAIL_SCENARIO
#define FAIL_SCENARIO (-1)
#endif

#define PROBE_POISON 0xdeadbeefcafef00dUL
#define PATTERN_SALT 0x5a5a5a5a5aUL

/*
 * 2 MiB blocks (by index inside the 1 GiB region the scenarios work in)
 * that each scenario uses, so that they never step on each other.
 */
#define BLK_SPLIT_2M  256 /* split-2m: unmapped 2 MiB */
#define BLK_RO        10  /* readonly-4k */
#define BLK_MOVE_SRC  20  /* move-page */
#define BLK_HOLE      300 /* move-page's target, hostile's lists */
#define BLK_UNMAP     30  /* no-split */
#define BLK_ACCESS    40  /* no-split */
#define BLK_NOOP      50  /* no-split */
#define BLK_SACRIFICE 60  /* hostile */
#define BLK_LONG      70  /* hostile */
#define BLK_RO_HANDLE 80  /* hostile */
#define BLK_BALLOON   90  /* balloon-2m */
#define BLOCKS_PER_1G 512

struct stats_delta {
    long leaves[XEN_RISCV_P2M_LEVELS];
    long tables;
    long splits;
    long merges;
};

typedef struct xen_riscv_p2m_stats p2m_stats_t;
typedef struct xen_riscv_p2m_query p2m_query_t;

static struct {
    struct boot_info bi;
    unsigned long vcpu;
    unsigned long ram_base, ram_end; /* bank holding the image */
    bool hypervisor;                 /* the p2m debug interface answers */
    const char *no_debug;            /* why not, if it is the environment */
    unsigned int root_level;
    unsigned int gpa_bits;
    unsigned long gfn_limit;        /* first GFN beyond the width */
    unsigned int expect_root_level; /* from bootargs, 0 if none */
    bool provoke_trap;              /* bootargs: test the handler */
    bool provoke_abort;             /* bootargs: test abort_run() */
    bool bench;                     /* bootargs: count instructions instead */
    bool domu;                      /* bootargs: run as the small domU */
    bool many_runs;                 /* bootargs: make dump_layout hit its cap */
    bool lifecycle;                 /* bootargs: create/destroy domUs */
    unsigned long instret_at_entry; /* instructions retired before dom0 */
    int fail_scenario;

    p2m_stats_t initial;
    struct stats_delta expected; /* sum of what scenarios did */

    unsigned long gib1;   /* a 1 GiB leaf of RAM */
    unsigned long nr_1g;  /* 1 GiB leaves in RAM at boot */
    unsigned long gib2;   /* populated by split-2m */
    unsigned long region; /* where readonly-4k.. work */
    unsigned long s2_gfn; /* the page split-4k unmaps */
    unsigned int default_access;
    bool dirty1[BLOCKS_PER_1G]; /* blocks whose content changed */
    bool dirty2[BLOCKS_PER_1G];
} t;

/* Hypercall buffers live here rather than on the stack. */
static xen_pfn_t ext_list[1024] __attribute__((__aligned__(PAGE_SIZE)));
static uint8_t scratch[PAGE_SIZE] __attribute__((__aligned__(PAGE_SIZE)));
static p2m_query_t saved_q[16];

/* ------------------------------------------------------------------ */
/* Scenario bookkeeping                                               */
/* ------------------------------------------------------------------ */

static const char *cur_name = "startup";
static unsigned int cur_index;
static unsigned int cur_failures;
static char cur_reason[240];
static char cur_skip[200];    /* the requirement the environment lacks */
static char cur_summary[420]; /* what the scenario did, for its line */
static unsigned int nr_passed, nr_failed, nr_skipped;

static bool check(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool check(bool ok, const char *fmt, ...)
{
    char msg[240];
    va_list ap;

    if ( ok )
        return true;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    if ( !cur_failures )
        snprintf(cur_reason, sizeof(cur_reason), "%s", msg);
    cur_failures++;
    gprintf("p2m-test:   %s: %s\n", cur_name, msg);

    return false;
}

/*
 * The environment cannot give the scenario what it needs (reason names the
 * requirement): the scenario stops and is reported as SKIP, not FAIL.
 */
static void skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cur_skip, sizeof(cur_skip), fmt, ap);
    va_end(ap);
}

/* Add a clause to the scenario's PASS line ("; " between clauses). */
static void describe(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void describe(const char *fmt, ...)
{
    size_t len = strlen(cur_summary);
    va_list ap;

    if ( len && len + 2 < sizeof(cur_summary) )
    {
        memcpy(cur_summary + len, "; ", 3);
        len += 2;
    }
    va_start(ap, fmt);
    vsnprintf(cur_summary + len, sizeof(cur_summary) - len, fmt, ap);
    va_end(ap);
}

static void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void info(const char *fmt, ...)
{
    char msg[240];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    gprintf("p2m-test:   %s: %s\n", cur_name, msg);
}

static void finish(void) __attribute__((noreturn));

static void finish(void)
{
    gprintf("p2m-test: %u passed, %u failed, %u skipped\n", nr_passed,
            nr_failed, nr_skipped);
    sbi_shutdown(nr_failed != 0);
}

/* ------------------------------------------------------------------ */
/* Hypercall wrappers                                                 */
/* ------------------------------------------------------------------ */

static long reservation_op(unsigned int op, const xen_pfn_t *list,
                           unsigned long nr, unsigned int order, domid_t domid)
{
    static xen_memory_reservation_t r;

    memset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, (xen_pfn_t *)list);
    r.nr_extents = nr;
    r.extent_order = order;
    r.domid = domid;

    return memory_op(op, &r);
}

static long one_extent(unsigned int op, unsigned long gfn, unsigned int order)
{
    static xen_pfn_t one;

    one = gfn;

    return reservation_op(op, &one, 1, order, DOMID_SELF);
}

static long populate(unsigned long gfn, unsigned int order)
{
    return one_extent(XENMEM_populate_physmap, gfn, order);
}

static long decrease(unsigned long gfn, unsigned int order)
{
    return one_extent(XENMEM_decrease_reservation, gfn, order);
}

static long access_op(unsigned int op, unsigned long pfn, unsigned int nr,
                      unsigned int access, unsigned int *out)
{
    static xen_mem_access_op_t a;
    long rc;

    memset(&a, 0, sizeof(a));
    a.op = op;
    a.access = access;
    a.domid = DOMID_SELF;
    a.nr = nr;
    a.pfn = pfn;
    rc = memory_op(XENMEM_access_op, &a);
    if ( out )
        *out = a.access;

    return rc;
}

static long set_access(unsigned long pfn, unsigned int nr, unsigned int acc)
{
    return access_op(XENMEM_access_op_set_access, pfn, nr, acc, NULL);
}

static long get_access(unsigned long pfn, unsigned int *acc)
{
    return access_op(XENMEM_access_op_get_access, pfn, 0, 0xff, acc);
}

static long add_to_physmap(unsigned int space, unsigned long idx,
                           unsigned long gpfn, unsigned int size, domid_t domid)
{
    static xen_add_to_physmap_t x;

    memset(&x, 0, sizeof(x));
    x.domid = domid;
    x.size = size;
    x.space = space;
    x.idx = idx;
    x.gpfn = gpfn;

    return memory_op(XENMEM_add_to_physmap, &x);
}

static long query(unsigned long gfn, p2m_query_t *q)
{
    memset(q, 0, sizeof(*q));
    q->gfn = gfn;

    return p2m_debug(XEN_RISCV_P2M_DEBUG_query, q);
}

static long audit(void)
{
    return p2m_debug(XEN_RISCV_P2M_DEBUG_audit, NULL);
}

static bool read_stats(p2m_stats_t *s)
{
    long rc;

    memset(s, 0, sizeof(*s));
    rc = p2m_debug(XEN_RISCV_P2M_DEBUG_stats, s);

    return check(rc == 0, "stats sub-op returned %ld", rc);
}

static void check_audit(const char *when)
{
    long rc = audit();

    check(rc == 0, "audit %s returned %ld (violations are printed by Xen)",
          when, rc);
}

/*
 * Hypercall with every register set to a known value, checking that only
 * a0 changed (ABI: all other registers preserved, preempted calls too).
 */
static long hypercall_checked(unsigned long nr, unsigned long a0,
                              unsigned long a1, unsigned long *bad_regs)
{
    static struct regcheck rc;
    unsigned int i;

    for ( i = 0; i < 32; i++ )
        rc.in[i] = 0x0123000000000000UL | ((unsigned long)i << 32) | (i * 3);
    rc.in[10] = a0;
    rc.in[11] = a1;
    rc.in[16] = nr;
    rc.in[17] = XEN_HYPERCALL_SBI_EID;

    hypercall_regcheck(&rc);

    *bad_regs = 0;
    for ( i = 1; i < 32; i++ )
        if ( i != 2 && i != 10 && rc.out[i] != rc.in[i] )
            *bad_regs |= 1UL << i;

    return rc.out[10];
}

/* ------------------------------------------------------------------ */
/* Statistics                                                         */
/* ------------------------------------------------------------------ */

static void print_stats(const char *label, const p2m_stats_t *s)
{
    info("%s: leaves L0 %lu L1 %lu L2 %lu L3 %lu L4 %lu, tables %lu, "
         "md %lu, splits %lu, merges %lu",
         label, (unsigned long)s->leaves[0], (unsigned long)s->leaves[1],
         (unsigned long)s->leaves[2], (unsigned long)s->leaves[3],
         (unsigned long)s->leaves[4], (unsigned long)s->tables,
         (unsigned long)s->md_pages, (unsigned long)s->splits,
         (unsigned long)s->merges);
    info("%s: fences gpa %lu vmid %lu remote %lu, flushes %lu, "
         "pool %lu free of %lu, root level %u, vmid %u",
         label, (unsigned long)s->fences_gpa, (unsigned long)s->fences_vmid,
         (unsigned long)s->fences_remote, (unsigned long)s->flushes,
         (unsigned long)s->pool_free, (unsigned long)s->pool_total,
         s->root_level, s->vmid);
}

static void stats_delta_of(const p2m_stats_t *b, const p2m_stats_t *a,
                           struct stats_delta *d)
{
    unsigned int l;

    for ( l = 0; l < XEN_RISCV_P2M_LEVELS; l++ )
        d->leaves[l] = (long)(a->leaves[l] - b->leaves[l]);
    d->tables = (long)(a->tables - b->tables);
    d->splits = (long)(a->splits - b->splits);
    d->merges = (long)(a->merges - b->merges);
}

static bool delta_equal(const struct stats_delta *x,
                        const struct stats_delta *y)
{
    unsigned int l;

    for ( l = 0; l < XEN_RISCV_P2M_LEVELS; l++ )
        if ( x->leaves[l] != y->leaves[l] )
            return false;

    return x->tables == y->tables && x->splits == y->splits &&
           x->merges == y->merges;
}

static void format_delta(char *buf, size_t size, const struct stats_delta *d)
{
    snprintf(buf, size,
             "L0 %+ld L1 %+ld L2 %+ld L3 %+ld L4 %+ld tables %+ld "
             "splits %+ld merges %+ld",
             d->leaves[0], d->leaves[1], d->leaves[2], d->leaves[3],
             d->leaves[4], d->tables, d->splits, d->merges);
}

/*
 * Compare what an operation did to the statistics with what it should
 * have done, and add the expectation to the running total checked at
 * the end.
 */
static bool check_delta(const char *what, const p2m_stats_t *b,
                        const p2m_stats_t *a, const struct stats_delta *exp)
{
    struct stats_delta got;
    char sgot[120], sexp[120];
    unsigned int l;

    for ( l = 0; l < XEN_RISCV_P2M_LEVELS; l++ )
        t.expected.leaves[l] += exp->leaves[l];
    t.expected.tables += exp->tables;
    t.expected.splits += exp->splits;
    t.expected.merges += exp->merges;

    stats_delta_of(b, a, &got);
    if ( delta_equal(&got, exp) )
        return true;

    format_delta(sgot, sizeof(sgot), &got);
    format_delta(sexp, sizeof(sexp), exp);
    check(false, "%s: stats changed by %s; expected %s", what, sgot, sexp);
    print_stats("before", b);
    print_stats("after", a);

    return false;
}

/*
 * What taking one 4 KiB page out of a level-level leaf does to the
 * statistics: every level down to 0 is split (one table each), leaving
 * 511 leaves per level beside the page's path, and the page itself is a
 * leaf again unless it was unmapped.
 */
static struct stats_delta punch_delta(unsigned int level, bool unmapped)
{
    struct stats_delta d = { .tables = level, .splits = level };
    unsigned int l;

    d.leaves[level] = -1;
    for ( l = 0; l < level; l++ )
        d.leaves[l] = 511;
    if ( !unmapped )
        d.leaves[0]++;

    return d;
}

/*
 * What putting the page back does when it gets its own frame, type and
 * access again: each table punch_delta() built is full of one superpage's
 * worth once more and merges (R11), bottom up, so the statistics go back
 * exactly, with a merge where there was a split.
 */
static struct stats_delta unpunch_delta(unsigned int level, bool was_unmapped)
{
    struct stats_delta p = punch_delta(level, was_unmapped);
    struct stats_delta d = { .tables = -p.tables, .merges = level };
    unsigned int l;

    for ( l = 0; l <= level; l++ )
        d.leaves[l] = -p.leaves[l];

    return d;
}

static unsigned long fences_of(const p2m_stats_t *s)
{
    return s->fences_gpa + s->fences_vmid + s->fences_remote;
}

/*
 * A change that removed or restricted a translation, or replaced a
 * superpage by a table (split) or a table by a superpage (merge), must
 * have been fenced; a table change needs a VMID-wide fence (address
 * fences need not drop non-leaf entries).
 */
static void check_fenced(const char *what, const p2m_stats_t *b,
                         const p2m_stats_t *a, bool table_changed)
{
    check(a->flushes > b->flushes, "%s: no flushing unlock (flushes %lu)", what,
          (unsigned long)a->flushes);
    if ( table_changed )
        check(a->fences_vmid > b->fences_vmid ||
                  a->fences_remote > b->fences_remote,
              "%s: a table was linked or unlinked (split, merge) but no "
              "VMID-wide fence was issued (vmid fences %lu -> %lu)",
              what, (unsigned long)b->fences_vmid,
              (unsigned long)a->fences_vmid);
    else
        check(fences_of(a) > fences_of(b), "%s: no fence issued", what);
}

static const char *const level_size[XEN_RISCV_P2M_LEVELS] = {
    "4K", "2M", "1G", "512G", "256T",
};

static void append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;

    if ( len + 1 >= size )
        return;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

/*
 * What the p2m did between two readings of the statistics, in words: the
 * chain of splits, tables, leaves by size, and the fences issued.
 */
static void format_effect(char *buf, size_t size, const p2m_stats_t *b,
                          const p2m_stats_t *a)
{
    unsigned long gpa = a->fences_gpa - b->fences_gpa;
    unsigned long vmid = a->fences_vmid - b->fences_vmid;
    unsigned long remote = a->fences_remote - b->fences_remote;
    struct stats_delta d;
    int top = -1, bottom = -1;
    int l;

    stats_delta_of(b, a, &d);
    buf[0] = '\0';

    /*
     * One split per level, down from the largest leaf that went: a
     * straight chain when one change needed them all.
     */
    for ( l = XEN_RISCV_P2M_LEVELS - 1; l >= 0 && top < 0; l-- )
        if ( d.leaves[l] < 0 )
            top = l;
    if ( !d.splits && !d.merges )
        append(buf, size, "no split");
    else if ( d.splits > 0 && top >= d.splits )
    {
        append(buf, size, "split %s", level_size[top]);
        for ( l = top - 1; l >= top - d.splits; l-- )
            append(buf, size, "->%s", level_size[l]);
    }
    else if ( d.splits )
        append(buf, size, "splits %+ld", d.splits);

    /*
     * One merge per level, up from the smallest leaves that went: a
     * straight chain when one change made a superpage whole again.
     */
    for ( l = 0; l < XEN_RISCV_P2M_LEVELS && bottom < 0; l++ )
        if ( d.leaves[l] < 0 )
            bottom = l;
    if ( !d.splits && d.merges > 0 && bottom >= 0 &&
         bottom + d.merges < XEN_RISCV_P2M_LEVELS &&
         d.leaves[bottom + d.merges] > 0 )
    {
        append(buf, size, "merge %s", level_size[bottom]);
        for ( l = bottom + 1; l <= bottom + d.merges; l++ )
            append(buf, size, "->%s", level_size[l]);
    }
    else if ( d.merges )
        append(buf, size, "%smerges %+ld", d.splits ? ", " : "", d.merges);

    if ( d.tables )
        append(buf, size, ", tables %+ld", d.tables);
    for ( l = 0; l < XEN_RISCV_P2M_LEVELS; l++ )
        if ( d.leaves[l] )
            append(buf, size, ", %s leaves %+ld", level_size[l], d.leaves[l]);

    if ( !gpa && !vmid && !remote )
        append(buf, size, ", no fence");
    else
    {
        append(buf, size, ", fences:");
        if ( gpa )
            append(buf, size, " %lu per-address", gpa);
        if ( vmid )
            append(buf, size, "%s %lu VMID-wide", gpa ? "," : "", vmid);
        if ( remote )
            append(buf, size, "%s %lu remote", gpa || vmid ? "," : "", remote);
    }
}

/*
 * Say on the scenario's line what an operation did (fmt) and what it did
 * to the p2m (the statistics before and after it).
 */
static void describe_op(const p2m_stats_t *b, const p2m_stats_t *a,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void describe_op(const p2m_stats_t *b, const p2m_stats_t *a,
                        const char *fmt, ...)
{
    char what[160], effect[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    format_effect(effect, sizeof(effect), b, a);
    describe("%s: %s", what, effect);
}

/* The same on a line of its own, for the steps of a long scenario. */
static void info_op(const p2m_stats_t *b, const p2m_stats_t *a, const char *fmt,
                    ...) __attribute__((format(printf, 3, 4)));

static void info_op(const p2m_stats_t *b, const p2m_stats_t *a, const char *fmt,
                    ...)
{
    char what[160], effect[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    format_effect(effect, sizeof(effect), b, a);
    info("%s: %s", what, effect);
}

/* Ask the hypervisor to print the p2m's layout on its console. */
static long dump_layout(const char *when)
{
    long rc;

    info("the p2m %s, as the hypervisor prints it (dump_layout):", when);
    rc = p2m_debug(XEN_RISCV_P2M_DEBUG_dump_layout, NULL);
    check(rc > 0, "dump_layout returned %ld, expected the number of runs", rc);

    return rc;
}

/* ------------------------------------------------------------------ */
/* Memory contents                                                    */
/* ------------------------------------------------------------------ */

/*
 * A word derived from its GFN and position.  The low 16 bits are zero, so
 * that a pattern (like a zeroed page) executes as an illegal instruction.
 */
static unsigned long pattern(unsigned long gfn, unsigned int word)
{
    return (((gfn << 9) | word) ^ PATTERN_SALT) << 16;
}

static volatile unsigned long *gfn_ptr(unsigned long gfn, unsigned int word)
{
    return (volatile unsigned long *)((gfn << PAGE_SHIFT) + word * 8UL);
}

/* Pages the pattern must not overwrite: this image and the DTB. */
static bool gfn_protected(unsigned long gfn)
{
    unsigned long a = gfn << PAGE_SHIFT;

    if ( a + PAGE_SIZE > (unsigned long)_start && a < (unsigned long)_end )
        return true;

    return a + PAGE_SIZE > t.bi.dtb && a < t.bi.dtb + t.bi.dtb_size;
}

static bool range_protected(unsigned long gfn, unsigned long nr)
{
    for ( ; nr; nr--, gfn++ )
        if ( gfn_protected(gfn) )
            return true;

    return false;
}

static void mark_dirty(unsigned long gfn)
{
    if ( t.gib1 && gfn >= t.gib1 && gfn < t.gib1 + PAGES_1G )
        t.dirty1[(gfn - t.gib1) / PAGES_2M] = true;
    if ( t.gib2 && gfn >= t.gib2 && gfn < t.gib2 + PAGES_1G )
        t.dirty2[(gfn - t.gib2) / PAGES_2M] = true;
}

/* First and last word of each page: cheap enough for a whole GiB. */
static void fill_sample(unsigned long gfn, unsigned long nr)
{
    for ( ; nr; nr--, gfn++ )
    {
        if ( gfn_protected(gfn) )
            continue;
        *gfn_ptr(gfn, 0) = pattern(gfn, 0);
        *gfn_ptr(gfn, 511) = pattern(gfn, 511);
    }
}

static void fill_page(unsigned long gfn)
{
    unsigned int i;

    if ( gfn_protected(gfn) )
        return;
    for ( i = 0; i < 512; i++ )
        *gfn_ptr(gfn, i) = pattern(gfn, i);
}

static void fill_full(unsigned long gfn, unsigned long nr)
{
    for ( ; nr; nr--, gfn++ )
        fill_page(gfn);
}

/*
 * Check the sample words of [gfn, gfn + nr), except [skip, skip + nskip),
 * against the pattern (or zero).  Faults are counted, not fatal.
 */
static bool verify_sample(const char *what, unsigned long gfn, unsigned long nr,
                          unsigned long skip, unsigned long nskip, bool zero)
{
    unsigned long bad = 0, first = 0, got = 0;
    unsigned int first_word = 0;

    probe_begin(PROBE_BULK);
    for ( ; nr; nr--, gfn++ )
    {
        unsigned int w;

        if ( (gfn >= skip && gfn < skip + nskip) || gfn_protected(gfn) )
            continue;
        for ( w = 0; w < 512; w += 511 )
        {
            unsigned long v = *gfn_ptr(gfn, w);

            if ( v != (zero ? 0 : pattern(gfn, w)) )
            {
                if ( !bad )
                {
                    first = gfn;
                    first_word = w;
                    got = v;
                }
                bad++;
            }
        }
    }
    probe_end();

    check(!fault_rec.count, "%s: %lu faults reading it, first at 0x%lx", what,
          (unsigned long)fault_rec.count, (unsigned long)fault_rec.addr);

    return check(!bad,
                 "%s: %lu words differ, first in gfn 0x%lx word %u "
                 "(0x%lx, expected 0x%lx)",
                 what, bad, first, first_word, got,
                 zero ? 0 : pattern(first, first_word));
}

/* Every word of one page is pattern(src_gfn) (or zero). */
static bool verify_page(const char *what, unsigned long gfn,
                        unsigned long src_gfn, bool zero)
{
    unsigned long bad = 0, got = 0;
    unsigned int i, first = 0;

    probe_begin(PROBE_BULK);
    for ( i = 0; i < 512; i++ )
    {
        unsigned long v = *gfn_ptr(gfn, i);

        if ( v != (zero ? 0 : pattern(src_gfn, i)) )
        {
            if ( !bad )
            {
                first = i;
                got = v;
            }
            bad++;
        }
    }
    probe_end();

    check(!fault_rec.count, "%s: %lu faults reading gfn 0x%lx", what,
          (unsigned long)fault_rec.count, gfn);

    return check(!bad,
                 "%s: gfn 0x%lx: %lu words differ, first word %u "
                 "(0x%lx)",
                 what, gfn, bad, first, got);
}

static bool verify_full(const char *what, unsigned long gfn, unsigned long nr,
                        unsigned long skip)
{
    bool ok = true;

    for ( ; nr; nr--, gfn++ )
        if ( gfn != skip && !gfn_protected(gfn) )
            ok &= verify_page(what, gfn, gfn, false);

    return ok;
}

/* ------------------------------------------------------------------ */
/* Faults                                                             */
/* ------------------------------------------------------------------ */

static bool check_fault(const char *what, unsigned long cause,
                        unsigned long addr)
{
    if ( !check(fault_rec.count == 1, "%s at 0x%lx: %lu faults, expected 1",
                what, addr, (unsigned long)fault_rec.count) )
        return false;

    return check(fault_rec.cause == cause && fault_rec.addr == addr,
                 "%s at 0x%lx: scause %lu stval 0x%lx, expected scause %lu "
                 "stval 0x%lx",
                 what, addr, (unsigned long)fault_rec.cause,
                 (unsigned long)fault_rec.addr, cause, addr);
}

static bool must_fault_load(unsigned long addr)
{
    unsigned long v = probe_load(addr, PROBE_POISON);

    check(v == PROBE_POISON, "faulting load at 0x%lx still returned 0x%lx",
          addr, v);

    return check_fault("load", CAUSE_LOAD_ACCESS, addr);
}

static bool must_fault_store(unsigned long addr)
{
    probe_store(addr, PROBE_POISON);

    return check_fault("store", CAUSE_STORE_ACCESS, addr);
}

static bool must_fault_fetch(unsigned long addr)
{
    probe_fetch(addr);

    return check_fault("instruction fetch", CAUSE_FETCH_ACCESS, addr);
}

static bool must_load(unsigned long addr, unsigned long expect)
{
    unsigned long v = probe_load(addr, PROBE_POISON);

    if ( !check(!fault_rec.count, "load at 0x%lx faulted (scause %lu)", addr,
                (unsigned long)fault_rec.cause) )
        return false;

    return check(v == expect, "load at 0x%lx: 0x%lx, expected 0x%lx", addr, v,
                 expect);
}

static bool must_store(unsigned long addr, unsigned long val)
{
    probe_store(addr, val);

    if ( !check(!fault_rec.count, "store at 0x%lx faulted (scause %lu)", addr,
                (unsigned long)fault_rec.cause) )
        return false;

    return must_load(addr, val);
}

/* ------------------------------------------------------------------ */
/* Queries                                                            */
/* ------------------------------------------------------------------ */

static bool query_ok(unsigned long gfn, p2m_query_t *q)
{
    long rc = query(gfn, q);

    return check(rc == 0, "query of gfn 0x%lx returned %ld", gfn, rc);
}

/* gfn must be mapped RAM in a leaf of this level (level < 0: any). */
static bool check_mapped(unsigned long gfn, int level, p2m_query_t *q)
{
    if ( !query_ok(gfn, q) )
        return false;

    if ( !check(q->valid && q->mfn != INVALID_GFN_MFN &&
                    q->type == XEN_RISCV_P2M_ram_rw,
                "gfn 0x%lx not mapped as RAM (valid %u mfn 0x%lx type %u)", gfn,
                q->valid, (unsigned long)q->mfn, q->type) )
        return false;

    return level < 0 || check(q->level == (unsigned int)level,
                              "gfn 0x%lx in a level %u leaf, expected level %d",
                              gfn, q->level, level);
}

static bool check_unmapped(unsigned long gfn, int level)
{
    p2m_query_t q;

    if ( !query_ok(gfn, &q) )
        return false;

    if ( !check(!q.valid && q.mfn == INVALID_GFN_MFN,
                "gfn 0x%lx still mapped (valid %u mfn 0x%lx level %u)", gfn,
                q.valid, (unsigned long)q.mfn, q.level) )
        return false;

    return level < 0 ||
           check(q.level == (unsigned int)level,
                 "hole at gfn 0x%lx reported at level %u, expected %d", gfn,
                 q.level, level);
}

/* Remember the mappings of some GFNs, to check later that they stayed. */
static void save_queries(const unsigned long *gfns, unsigned int n)
{
    unsigned int i;

    for ( i = 0; i < n && i < ARRAY_SIZE(saved_q); i++ )
        query_ok(gfns[i], &saved_q[i]);
}

static void check_saved(const char *when, const unsigned long *gfns,
                        unsigned int n)
{
    unsigned int i;
    p2m_query_t q;

    for ( i = 0; i < n && i < ARRAY_SIZE(saved_q); i++ )
    {
        if ( !query_ok(gfns[i], &q) )
            continue;
        check(q.mfn == saved_q[i].mfn && q.valid == saved_q[i].valid &&
                  q.type == saved_q[i].type && q.access == saved_q[i].access,
              "%s: neighbour gfn 0x%lx moved: mfn 0x%lx -> 0x%lx, valid %u "
              "-> %u, access %u -> %u",
              when, gfns[i], (unsigned long)saved_q[i].mfn,
              (unsigned long)q.mfn, saved_q[i].valid, q.valid,
              saved_q[i].access, q.access);
    }
}

/* The 2 MiB block number idx of the working region, clear of our image. */
static unsigned long pick_block(unsigned long region, unsigned int idx)
{
    unsigned long gfn;

    for ( ; ; idx++ )
    {
        gfn = region + (unsigned long)(idx % BLOCKS_PER_1G) * PAGES_2M;
        if ( !range_protected(gfn, PAGES_2M) &&
             (gfn >> ORDER_2M) != (t.s2_gfn >> ORDER_2M) )
            return gfn;
    }
}

static unsigned long gpa(unsigned long gfn)
{
    return gfn << PAGE_SHIFT;
}

static const char *access_name(unsigned int a)
{
    static const char *const names[] = { "n", "r",  "w",  "rw",
                                         "x", "rx", "wx", "rwx" };

    return a < ARRAY_SIZE(names) ? names[a] : "?";
}

/* What the environment must give the scenarios that need it. */
#define NEEDS_1G_LEAF                                                          \
    "needs a 1 GiB leaf in dom0's RAM: boot with dom0_mem >= 1G on a "         \
    "machine with a free aligned 1 GiB"
#define NEEDS_FREE_1G                                                          \
    "needs a free aligned 1 GiB of machine memory to populate above dom0's "   \
    "RAM: QEMU -m 4G with dom0_mem <= 1G"
#define NEEDS_REGION                                                           \
    "needs a 1 GiB leaf to work in: dom0's own (dom0_mem >= 1G) or the one "   \
    "split-2m populates (a free aligned 1 GiB of machine memory)"

/*
 * readonly-4k to balloon-2m work in 2 MiB blocks of one 1 GiB leaf: the one split-2m
 * populated, or else dom0's first.
 */
static bool need_region(void)
{
    t.region = t.gib2 ? t.gib2 : t.gib1;
    if ( !t.region )
        skip(NEEDS_REGION);

    return t.region;
}

/* ------------------------------------------------------------------ */
/* Scenario 0: the trap handler itself                                */
/* ------------------------------------------------------------------ */

/*
 * The handler must step over both a 4-byte and a 2-byte (RVC) faulting
 * instruction.  Both are followed by an instruction whose effect shows
 * that execution resumed at the right place.
 */
static void check_insn_lengths(unsigned long addr)
{
    register unsigned long base asm ( "s1" ) = addr;
    register unsigned long val asm ( "s0" ) = 7;
    unsigned long after;

    probe_begin(PROBE_ACCESS);
    asm volatile ( ".option push\n\t"
                   ".option norvc\n\t"
                   "ld %0, 0(%2)\n\t"
                   ".option pop\n\t"
                   "li %1, 1"
                   : "+r" (val), "=r" (after) : "r" (base) : "memory" );
    probe_end();
    check(after == 1 && val == 7 && fault_rec.count == 1,
          "4-byte faulting load not skipped correctly (faults %lu)",
          (unsigned long)fault_rec.count);

    after = 0;
    probe_begin(PROBE_ACCESS);
    asm volatile ( "c.ld %0, 0(%2)\n\t"
                   "li %1, 1"
                   : "+r" (val), "=r" (after) : "r" (base) : "memory" );
    probe_end();
    check(after == 1 && val == 7 && fault_rec.count == 1,
          "2-byte (RVC) faulting load not skipped correctly (faults %lu)",
          (unsigned long)fault_rec.count);
}

static void sc_trap_handler(void)
{
    /* Just past the RAM bank: unmapped for the guest (and for QEMU). */
    unsigned long hole = t.ram_end + 0x128;

    must_fault_load(hole);
    must_fault_store(hole + 8);
    must_fault_fetch(t.ram_end + 0x100);
    check_insn_lengths(hole);
    must_load((unsigned long)&t.vcpu, t.vcpu);
    describe("load, store, fetch past RAM (0x%lx) fault with the right "
             "scause and stval; 4-byte and compressed loads stepped over",
             t.ram_end);

    /* bootargs "provoke_trap": an unexpected trap must fail this scenario. */
    if ( t.provoke_trap )
        asm volatile ( "unimp" ::: "memory" );
    /* bootargs "provoke_abort": a stray jump must end the run cleanly. */
    if ( t.provoke_abort )
        ((void (*)(void))(t.ram_end + 0x200))();
}

/* ------------------------------------------------------------------ */
/* Scenario 1: RAM is mapped with the largest leaves                  */
/* ------------------------------------------------------------------ */

static unsigned int largest_level(unsigned long gfn, unsigned long end)
{
    unsigned int l = t.root_level < 2 ? t.root_level : 2;

    for ( ; l; l-- )
        if ( !(gfn & (LEVEL_PAGES(l) - 1)) && gfn + LEVEL_PAGES(l) <= end )
            break;

    return l;
}

/*
 * Could [gfn, gfn + LEVEL_PAGES(level)) be one leaf of that level?  Only
 * if it is all RAM with one access, on frames contiguous from an MFN
 * aligned to the level.  If not, the machine memory behind it was not one
 * aligned chunk (the environment, not a defect).
 */
static bool fits_one_leaf(unsigned long gfn, unsigned int level)
{
    unsigned long end = gfn + LEVEL_PAGES(level), g = gfn, mfn0 = 0;
    unsigned int acc = 0;
    p2m_query_t q;

    while ( g < end )
    {
        if ( query(g, &q) || !q.valid || q.type != XEN_RISCV_P2M_ram_rw ||
             q.level >= level )
            return false;
        if ( g == gfn )
        {
            mfn0 = q.mfn;
            acc = q.access;
            if ( mfn0 & (LEVEL_PAGES(level) - 1) )
                return false;
        }
        else if ( q.mfn != mfn0 + (g - gfn) || q.access != acc )
            return false;
        g = (g | (LEVEL_PAGES(q.level) - 1)) + 1;
    }

    return true;
}

static void sc_superpages(void)
{
    static const unsigned long offsets[] = { 1, 0x1ff, 0x200, 0x12345,
                                             PAGES_1G - 1 };
    unsigned long gfn = t.ram_base >> PAGE_SHIFT;
    unsigned long end = t.ram_end >> PAGE_SHIFT;
    unsigned long nr_leaves = 0, nr_level[3] = { 0 }, nr_smaller = 0;
    p2m_stats_t s;
    p2m_query_t q, q2;
    unsigned int i, l;
    long runs;

    check(t.root_level >= 2 && t.root_level <= 4,
          "stats report root level %u, expected 2..4", t.root_level);
    if ( t.expect_root_level )
        check(t.root_level == t.expect_root_level,
              "root level %u, but bootargs expect root level %u", t.root_level,
              t.expect_root_level);
    check_audit("at boot");

    while ( gfn < end && nr_leaves < 4096 )
    {
        unsigned int want = largest_level(gfn, end);

        nr_leaves++;
        if ( !check_mapped(gfn, -1, &q) )
            break;
        if ( nr_leaves == 1 )
            t.default_access = q.access;
        if ( !check(q.level <= want,
                    "RAM gfn 0x%lx is in a level %u leaf; the layout allows "
                    "at most level %u",
                    gfn, q.level, want) )
            break;
        check(q.level > 2 || (q.mfn & (LEVEL_PAGES(q.level) - 1)) ==
                                 (gfn & (LEVEL_PAGES(q.level) - 1)),
              "gfn 0x%lx: mfn 0x%lx misaligned for a level %u leaf", gfn,
              (unsigned long)q.mfn, q.level);

        /*
         * A smaller leaf than the GFNs allow is right only when the frames
         * could not form the larger one.
         */
        for ( l = want; l > q.level; l-- )
            if ( !check(!fits_one_leaf(gfn, l),
                        "RAM gfn 0x%lx: level %u leaves, but its %s are "
                        "contiguous, aligned frames that fit one level %u "
                        "leaf",
                        gfn, q.level, level_size[l], l) )
                break;
        if ( q.level < want )
            nr_smaller++;

        if ( q.level < ARRAY_SIZE(nr_level) )
            nr_level[q.level]++;
        if ( q.level == 2 )
        {
            if ( !t.gib1 )
                t.gib1 = gfn;
            for ( i = 0; i < ARRAY_SIZE(offsets); i++ )
            {
                if ( !check_mapped(gfn + offsets[i], 2, &q2) )
                    continue;
                check(q2.mfn == q.mfn + offsets[i],
                      "gfn 0x%lx: mfn 0x%lx, expected 0x%lx (leaf base + "
                      "offset)",
                      gfn + offsets[i], (unsigned long)q2.mfn,
                      (unsigned long)(q.mfn + offsets[i]));
            }
        }
        if ( q.level > t.root_level )
            break;
        gfn = (gfn | (LEVEL_PAGES(q.level) - 1)) + 1;
    }
    t.nr_1g = nr_level[2];

    check_unmapped(end, -1);

    if ( read_stats(&s) )
        check(s.leaves[2] >= t.nr_1g,
              "stats count %lu 1 GiB leaves, RAM alone has %lu",
              (unsigned long)s.leaves[2], t.nr_1g);

    if ( !t.gib1 )
        info("no 1 GiB leaf in RAM: %s (the environment, not a defect); the "
             "scenarios that need one are skipped",
             largest_level(((t.ram_base >> PAGE_SHIFT) + PAGES_1G - 1) &
                               ~(PAGES_1G - 1),
                           end) >= 2
                 ? "its 1 GiB-aligned GiBs are not backed by aligned 1 GiB "
                   "chunks of machine memory"
                 : "it holds no 1 GiB-aligned GiB");

    runs = dump_layout("at boot");
    describe("RAM 0x%lx-0x%lx in the largest leaves its GFNs and frames "
             "allow: 1G x%lu, 2M x%lu, 4K x%lu%s; audit clean; layout at "
             "boot: %ld runs",
             t.ram_base, t.ram_end, nr_level[2], nr_level[1], nr_level[0],
             nr_smaller ? " (smaller where the machine memory was not an "
                          "aligned chunk)"
                        : "",
             runs);
}

/* ------------------------------------------------------------------ */
/* Scenario 2: holes refilled merge back into the boot layout         */
/* ------------------------------------------------------------------ */

/* 2 MiB blocks of dom0's own GiB that merge-back works in. */
#define BLK_MB_4K 100 /* a 4 KiB hole */
#define BLK_MB_2M 110 /* a 2 MiB hole */
#define BLK_MB_RO 120 /* a page made read-only */

/*
 * Is the p2m's shape (leaves per level, tables, type/access pages) the
 * one it had at boot?
 */
static bool check_boot_shape(const char *when, const p2m_stats_t *s)
{
    const p2m_stats_t *init = &t.initial;
    bool ok = true;
    unsigned int l;

    for ( l = 0; l < XEN_RISCV_P2M_LEVELS; l++ )
        ok &= check(s->leaves[l] == init->leaves[l],
                    "%s: %lu %s leaves, %lu at boot", when,
                    (unsigned long)s->leaves[l], level_size[l],
                    (unsigned long)init->leaves[l]);
    ok &= check(s->tables == init->tables, "%s: %lu tables, %lu at boot", when,
                (unsigned long)s->tables, (unsigned long)init->tables);
    ok &= check(s->md_pages == init->md_pages,
                "%s: %lu type/access pages, %lu at boot", when,
                (unsigned long)s->md_pages, (unsigned long)init->md_pages);

    return ok;
}

/* gfn is back in its boot leaf: the GiB's, on the boot frame. */
static bool check_in_boot_leaf(const char *when, unsigned long gfn,
                               unsigned long mfn0)
{
    p2m_query_t q;

    if ( !check_mapped(gfn, 2, &q) )
        return false;

    return check(q.mfn == mfn0 + (gfn - t.gib1) && q.access == t.default_access,
                 "%s: gfn 0x%lx at mfn 0x%lx access %u, expected mfn 0x%lx "
                 "access %u",
                 when, gfn, (unsigned long)q.mfn, q.access,
                 mfn0 + (gfn - t.gib1), t.default_access);
}

/*
 * Give gfn, the one page of dom0's GiB whose access differs, the default
 * access back: the 2 MiB and the GiB above it become superpages' worth
 * again, so both tables merge (one VMID-wide fence) and gfn is back in
 * its boot leaf.
 */
static bool restore_access_merges(const char *what, unsigned long gfn,
                                  unsigned long mfn0)
{
    struct stats_delta exp = unpunch_delta(2, false);
    p2m_stats_t b, a;
    long rc;

    read_stats(&b);
    rc = set_access(gfn, 1, t.default_access);
    read_stats(&a);
    if ( !check(rc == 0, "set_access %s on gfn 0x%lx returned %ld",
                access_name(t.default_access), gfn, rc) )
        return false;
    check_delta(what, &b, &a, &exp);
    info_op(&b, &a, "give it its access back");
    check_fenced(what, &b, &a, true);

    return check_in_boot_leaf(what, gfn, mfn0);
}

/*
 * dom0's RAM goes back to its boot layout once its holes are refilled
 * with their own frames, type and access (R11): a 4 KiB hole in the
 * 1 GiB leaf, a 2 MiB hole in it, a page made read-only.  A page is
 * taken out with its frame by moving it (add_to_physmap) to a parking
 * GiB above RAM, and put back the same way, so the frames are known;
 * populate refills a hole with a frame the allocator picks, which cannot
 * be the parked one.  A refill with another frame, or with the frame but
 * another access, is a full table that is not a superpage's worth: it
 * must not merge.  At the end the statistics are those of boot, exactly,
 * with a merge for every split, and the content is intact.  Runs before
 * the other remaps, so that boot is what it starts from.
 */
static void sc_merge_back(void)
{
    unsigned long g2 =
        ((t.ram_end >> PAGE_SHIFT) + PAGES_1G - 1) & ~(PAGES_1G - 1);
    unsigned long park = g2 + PAGES_1G, parked = park + 3;
    unsigned long b4k, b2m, bro, g, ro, mfn0, vmid0;
    unsigned int hole, nr_merged = 0, nr_split = 0;
    struct stats_delta exp;
    p2m_stats_t b0, b, a;
    p2m_query_t q, qg;
    long rc;

    if ( !t.gib1 )
    {
        skip(NEEDS_1G_LEAF);
        return;
    }
    if ( !read_stats(&b0) ||
         !check_boot_shape("at the start (nothing has remapped yet)", &b0) ||
         !check_mapped(t.gib1, 2, &q) )
        return;
    mfn0 = q.mfn;
    vmid0 = b0.fences_vmid + b0.fences_remote;
    if ( !check(park + PAGES_1G <= t.gfn_limit,
                "no room above RAM for the parking GiB at 0x%lx", park) ||
         !query_ok(park, &q) ||
         !check(!q.valid, "parking gfn 0x%lx already mapped", park) )
        return;
    hole = q.level;

    b4k = pick_block(t.gib1, BLK_MB_4K);
    b2m = pick_block(t.gib1, BLK_MB_2M);
    bro = pick_block(t.gib1, BLK_MB_RO);
    g = b4k + 0x45;
    ro = bro + 9;
    fill_sample(t.gib1, PAGES_1G);
    fill_page(g);
    fill_full(b2m, PAGES_2M);
    fill_full(ro - 1, 3);

    /*
     * A 4 KiB hole: the page leaves with its frame (1G->2M->4K), and
     * parks in a fresh 4 KiB leaf (the tables down from the hole's level).
     */
    read_stats(&b);
    rc = add_to_physmap(XENMAPSPACE_gmfn, g, parked, 0, DOMID_SELF);
    read_stats(&a);
    if ( !check(rc == 0, "moving gfn 0x%lx to 0x%lx returned %ld", g, parked,
                rc) )
        return;
    exp = punch_delta(2, true);
    exp.leaves[0]++;
    exp.tables += hole;
    check_delta("4K hole (page parked)", &b, &a, &exp);
    info_op(&b, &a, "4K hole: move GFN 0x%lx out to 0x%lx", g, parked);
    check_fenced("4K hole (page parked)", &b, &a, true);
    nr_split += 2;
    check_unmapped(g, 0);
    must_fault_load(gpa(g));
    if ( check_mapped(parked, 0, &q) )
        check(q.mfn == mfn0 + (g - t.gib1),
              "parked page at mfn 0x%lx, expected 0x%lx", (unsigned long)q.mfn,
              mfn0 + (g - t.gib1));
    verify_page("the parked page", parked, g, false);

    /* Another frame in the hole: a full level-0 table, not one 2 MiB. */
    read_stats(&b);
    rc = populate(g, 0);
    read_stats(&a);
    if ( !check(rc == 1, "populate_physmap of gfn 0x%lx returned %ld", g, rc) )
        return;
    check_delta("4K hole refilled with another frame", &b, &a,
                &(struct stats_delta){ .leaves = { [0] = 1 } });
    info_op(&b, &a, "refill it with another frame (populate)");
    if ( check_mapped(g, 0, &qg) )
        check(qg.mfn != mfn0 + (g - t.gib1),
              "populate gave gfn 0x%lx the frame parked at 0x%lx", g, parked);
    verify_page("the hole refilled with another frame", g, g, true);
    read_stats(&b);
    rc = decrease(g, 0);
    read_stats(&a);
    if ( !check(rc == 1, "decrease_reservation of gfn 0x%lx returned %ld", g,
                rc) )
        return;
    check_delta("give that frame back", &b, &a,
                &(struct stats_delta){ .leaves = { [0] = -1 } });

    /*
     * Its own frame, but read-only: the PTE differs in W from what a
     * superpage's worth would have there, so still no merge.
     */
    rc = set_access(parked, 1, XENMEM_access_r);
    if ( !check(rc == 0, "set_access r on gfn 0x%lx returned %ld", parked, rc) )
        return;
    read_stats(&b);
    rc = add_to_physmap(XENMAPSPACE_gmfn, parked, g, 0, DOMID_SELF);
    read_stats(&a);
    if ( !check(rc == 0, "moving gfn 0x%lx back to 0x%lx returned %ld", parked,
                g, rc) )
        return;
    check_delta("4K hole refilled with its frame, read-only", &b, &a,
                &(struct stats_delta){ .tables = -(long)hole });
    info_op(&b, &a, "then with its own frame, read-only (moved back)");
    check_unmapped(park, hole);
    if ( check_mapped(g, 0, &q) )
        check(q.mfn == mfn0 + (g - t.gib1) && q.access == XENMEM_access_r,
              "gfn 0x%lx back at mfn 0x%lx access %u, expected 0x%lx, r", g,
              (unsigned long)q.mfn, q.access, mfn0 + (g - t.gib1));
    must_load(gpa(g) + 8, pattern(g, 1));
    must_fault_store(gpa(g) + 8);

    /* The access it had: both tables merge, the GiB is one leaf again. */
    if ( !restore_access_merges("4K hole: access restored", g, mfn0) )
        return;
    nr_merged += 2;
    verify_page("the page back in its hole", g, g, false);

    /*
     * A 2 MiB hole: its 512 pages move to an aligned 2 MiB of the
     * parking GiB, where they are a superpage's worth as soon as the last
     * arrives (a merge there too), while the level-0 table they leave
     * empty goes.
     */
    read_stats(&b);
    rc =
        add_to_physmap(XENMAPSPACE_gmfn_range, b2m, park, PAGES_2M, DOMID_SELF);
    read_stats(&a);
    if ( !check(rc == 0, "moving 0x%lx+512 to 0x%lx returned %ld", b2m, park,
                rc) )
        return;
    check_delta("2M hole (pages parked)", &b, &a,
                &(struct stats_delta){ .leaves = { [1] = 512, [2] = -1 },
                                       .tables = hole,
                                       .splits = 2,
                                       .merges = 1 });
    info_op(&b, &a, "2M hole: move GFNs 0x%lx+512 out to 0x%lx", b2m, park);
    check_fenced("2M hole (pages parked)", &b, &a, true);
    nr_split += 2;
    nr_merged++;
    check_unmapped(b2m, 1);
    must_fault_load(gpa(b2m + 0x100));
    if ( check_mapped(park, 1, &q) )
        check(q.mfn == mfn0 + (b2m - t.gib1),
              "parked 2 MiB at mfn 0x%lx, expected 0x%lx", (unsigned long)q.mfn,
              mfn0 + (b2m - t.gib1));

    /* Another 2 MiB in the hole: a full level-1 table, not one 1 GiB. */
    read_stats(&b);
    rc = populate(b2m, ORDER_2M);
    read_stats(&a);
    if ( !check(rc == 1, "populate_physmap order 9 at 0x%lx returned %ld", b2m,
                rc) )
        return;
    check_delta("2M hole refilled with other frames", &b, &a,
                &(struct stats_delta){ .leaves = { [1] = 1 } });
    info_op(&b, &a, "refill it with other frames (populate)");
    if ( check_mapped(b2m, 1, &q) )
        check(q.mfn != mfn0 + (b2m - t.gib1),
              "populate gave 0x%lx the frames parked at 0x%lx", b2m, park);
    read_stats(&b);
    rc = decrease(b2m, ORDER_2M);
    read_stats(&a);
    if ( !check(rc == 1, "decrease_reservation order 9 at 0x%lx returned %ld",
                b2m, rc) )
        return;
    check_delta("give those frames back", &b, &a,
                &(struct stats_delta){ .leaves = { [1] = -1 } });

    /*
     * Its own frames back, page by page: the parked 2 MiB splits at the
     * first, the hole's new level-0 table merges at the last, and then
     * the GiB; the parking tables go as they empty.
     */
    read_stats(&b);
    rc =
        add_to_physmap(XENMAPSPACE_gmfn_range, park, b2m, PAGES_2M, DOMID_SELF);
    read_stats(&a);
    if ( !check(rc == 0, "moving 0x%lx+512 back to 0x%lx returned %ld", park,
                b2m, rc) )
        return;
    check_delta("2M hole refilled with its frames", &b, &a,
                &(struct stats_delta){ .leaves = { [1] = -512, [2] = 1 },
                                       .tables = -(long)hole,
                                       .splits = 1,
                                       .merges = 2 });
    info_op(&b, &a, "refill it with its own frames (moved back)");
    check_fenced("2M hole refilled with its frames", &b, &a, true);
    nr_split++;
    nr_merged += 2;
    check_unmapped(park, hole);
    check_in_boot_leaf("2M hole refilled", b2m, mfn0);
    check_in_boot_leaf("2M hole refilled", b2m + PAGES_2M - 1, mfn0);

    /* A page retyped read-only, and back. */
    read_stats(&b);
    rc = set_access(ro, 1, XENMEM_access_r);
    read_stats(&a);
    if ( !check(rc == 0, "set_access r on gfn 0x%lx returned %ld", ro, rc) )
        return;
    exp = punch_delta(2, false);
    check_delta("page made read-only", &b, &a, &exp);
    info_op(&b, &a, "make GFN 0x%lx read-only", ro);
    check_fenced("page made read-only", &b, &a, true);
    nr_split += 2;
    must_fault_store(gpa(ro) + 16);
    if ( !restore_access_merges("page access restored", ro, mfn0) )
        return;
    nr_merged += 2;
    must_store(gpa(ro) + 16, pattern(ro, 2));

    /* Boot's shape, a merge for every split, and nothing lost. */
    check_audit("after merge-back");
    if ( !read_stats(&a) )
        return;
    print_stats("boot", &t.initial);
    print_stats("after", &a);
    check_boot_shape("after the refills", &a);
    check(a.merges - b0.merges == nr_merged && a.splits - b0.splits == nr_split,
          "merges +%lu, splits +%lu, expected +%u and +%u",
          (unsigned long)(a.merges - b0.merges),
          (unsigned long)(a.splits - b0.splits), nr_merged, nr_split);
    check_in_boot_leaf("at the end", t.gib1, mfn0);
    check_in_boot_leaf("at the end", t.gib1 + PAGES_1G - 1, mfn0);
    verify_sample("the GiB after the refills", t.gib1, PAGES_1G, 0, 0, false);
    verify_page("the 4K hole's page", g, g, false);
    verify_full("the 2M hole's pages", b2m, PAGES_2M, 0);
    verify_full("the read-only page and its neighbours", ro - 1, 3, 0);
    describe("4K hole, 2M hole, page r: refilled with other frames or "
             "access, no merge; with their own, boot's shape: 1G x%lu, 2M "
             "x%lu, 4K x%lu, tables %lu, type pages %lu; splits +%u, merges "
             "+%u, %lu VMID-wide fences",
             (unsigned long)a.leaves[2], (unsigned long)a.leaves[1],
             (unsigned long)a.leaves[0], (unsigned long)a.tables,
             (unsigned long)a.md_pages, nr_split, nr_merged,
             (unsigned long)(a.fences_vmid + a.fences_remote - vmid0));
}

/* ------------------------------------------------------------------ */
/* Scenario 3: unmap one 4 KiB page inside a 1 GiB leaf               */
/* ------------------------------------------------------------------ */

static void sc_split_4k(void)
{
    unsigned long g, blk, n[8];
    p2m_stats_t b, a;
    p2m_query_t q, qold;
    long rc;
    unsigned int i;

    if ( !t.gib1 )
    {
        skip(NEEDS_1G_LEAF);
        return;
    }

    blk = pick_block(t.gib1, 256);
    g = blk + 0x123;
    t.s2_gfn = g;

    fill_sample(t.gib1, PAGES_1G);
    fill_full(blk, PAGES_2M);

    n[0] = g - 1;
    n[1] = g + 1;
    n[2] = blk;
    n[3] = blk + PAGES_2M - 1;
    n[4] = blk - 1;
    n[5] = blk + PAGES_2M;
    n[6] = t.gib1;
    n[7] = t.gib1 + PAGES_1G - 1;
    save_queries(n, ARRAY_SIZE(n));
    if ( !check_mapped(g, 2, &qold) )
        return;

    read_stats(&b);
    rc = decrease(g, 0);
    read_stats(&a);
    if ( !check(rc == 1,
                "decrease_reservation of gfn 0x%lx returned %ld, "
                "expected 1",
                g, rc) )
        return;
    check_delta(
        "unmap 4K in 1G", &b, &a,
        &(struct stats_delta){ .leaves = { [0] = 511, [1] = 511, [2] = -1 },
                               .tables = 2,
                               .splits = 2 });
    check_fenced("unmap 4K in 1G", &b, &a, true);
    describe_op(&b, &a, "unmap GFN 0x%lx inside a 1 GiB leaf", g);

    check_unmapped(g, 0);
    must_fault_load(gpa(g));
    must_fault_load(gpa(g) + 0x800);
    must_fault_load(gpa(g) + PAGE_SIZE - 8);
    must_fault_store(gpa(g) + 0x10);
    must_fault_fetch(gpa(g));

    check_saved("after the unmap", n, ARRAY_SIZE(n));
    for ( i = 0; i < ARRAY_SIZE(n); i++ )
        check_mapped(n[i], (n[i] >> ORDER_2M) == (g >> ORDER_2M) ? 0 : 1, &q);
    verify_sample("the rest of the 1 GiB after the unmap", t.gib1, PAGES_1G, g,
                  1, false);
    verify_full("the 2 MiB around the hole", blk, PAGES_2M, g);

    read_stats(&b);
    rc = populate(g, 0);
    read_stats(&a);
    if ( !check(rc == 1,
                "populate_physmap of gfn 0x%lx returned %ld, "
                "expected 1",
                g, rc) )
        return;
    /*
     * Which frame the page gets is the allocator's choice.  Its own (the
     * one just freed) makes the GiB whole again: both tables merge back
     * (R11), one VMID-wide fence.  Any other frame is a 4 KiB leaf in the
     * full level-0 table, which must not merge.
     */
    if ( !query_ok(g, &q) )
        return;
    if ( q.mfn == qold.mfn )
    {
        struct stats_delta exp = unpunch_delta(2, true);

        check_delta("populate 4K with its own frame", &b, &a, &exp);
        check_fenced("populate 4K with its own frame", &b, &a, true);
        check_mapped(g, 2, &q);
    }
    else
    {
        check_delta("populate 4K with another frame", &b, &a,
                    &(struct stats_delta){ .leaves = { [0] = 1 } });
        check_mapped(g, 0, &q);
    }
    describe_op(&b, &a, "populate it again (%s frame)",
                q.mfn == qold.mfn ? "its own" : "another");
    info("gfn 0x%lx: mfn 0x%lx before, 0x%lx after populate", g,
         (unsigned long)qold.mfn, (unsigned long)q.mfn);
    verify_page("repopulated page", g, g, true);
    fill_page(g);
    verify_page("repopulated page after writing", g, g, false);
    check_saved("after populate", n, ARRAY_SIZE(n));
    check_audit("after split-4k");
}

/* ------------------------------------------------------------------ */
/* Scenario 4: unmap an aligned 2 MiB range inside a 1 GiB leaf       */
/* ------------------------------------------------------------------ */

static void sc_split_2m(void)
{
    unsigned long g2 =
        ((t.ram_end >> PAGE_SHIFT) + PAGES_1G - 1) & ~(PAGES_1G - 1);
    unsigned long hb, n[6];
    p2m_stats_t b, a;
    p2m_query_t q;
    unsigned int hole_level;
    long rc;

    if ( !query_ok(g2, &q) )
        return;
    if ( !check(!q.valid, "gfn 0x%lx above RAM already mapped", g2) )
        return;
    hole_level = q.level;

    read_stats(&b);
    rc = populate(g2, ORDER_1G);
    read_stats(&a);
    if ( rc == 0 )
    {
        /*
         * No aligned 1 GiB free in the machine: the call does nothing and
         * says so.  Anything else is a defect.
         */
        check_delta("populate 1G that found no memory", &b, &a,
                    &(struct stats_delta){ .splits = 0 });
        check_unmapped(g2, -1);
        skip(NEEDS_FREE_1G);
        return;
    }
    if ( !check(rc == 1,
                "populate_physmap order 18 at gfn 0x%lx returned "
                "%ld, expected 1",
                g2, rc) )
        return;
    t.gib2 = g2;
    check_delta(
        "populate 1G", &b, &a,
        &(struct stats_delta){ .leaves = { [2] = 1 },
                               .tables = hole_level > 2 ? hole_level - 2 : 0 });
    describe_op(&b, &a, "populate 1 GiB above RAM at GFN 0x%lx", g2);
    if ( !check_mapped(g2, 2, &q) )
        return;
    check(!(q.mfn & (PAGES_1G - 1)), "1 GiB leaf at mfn 0x%lx, misaligned",
          (unsigned long)q.mfn);

    verify_sample("fresh 1 GiB (zeroed)", g2, PAGES_1G, 0, 0, true);
    fill_sample(g2, PAGES_1G);

    hb = g2 + BLK_SPLIT_2M * PAGES_2M;
    fill_full(hb - PAGES_2M, PAGES_2M);
    fill_full(hb + PAGES_2M, PAGES_2M);
    n[0] = hb - 1;
    n[1] = hb + PAGES_2M;
    n[2] = hb - PAGES_2M;
    n[3] = hb + 2 * PAGES_2M - 1;
    n[4] = g2;
    n[5] = g2 + PAGES_1G - 1;
    save_queries(n, ARRAY_SIZE(n));

    read_stats(&b);
    rc = decrease(hb, ORDER_2M);
    read_stats(&a);
    if ( !check(rc == 1,
                "decrease_reservation order 9 at gfn 0x%lx returned "
                "%ld, expected 1",
                hb, rc) )
        return;
    t.dirty2[BLK_SPLIT_2M] = true;
    check_delta("unmap 2M in 1G", &b, &a,
                &(struct stats_delta){ .leaves = { [1] = 511, [2] = -1 },
                                       .tables = 1,
                                       .splits = 1 });
    check_fenced("unmap 2M in 1G", &b, &a, true);
    describe_op(&b, &a, "unmap the 2 MiB at GFN 0x%lx inside it", hb);

    check_unmapped(hb, 1);
    check_unmapped(hb + 1, 1);
    check_unmapped(hb + PAGES_2M - 1, 1);
    must_fault_load(gpa(hb));
    must_fault_load(gpa(hb) + 0x100008);
    must_fault_load(gpa(hb + PAGES_2M) - 8);
    must_fault_store(gpa(hb) + 0x1000);

    check_saved("after the 2M unmap", n, ARRAY_SIZE(n));
    check_mapped(hb - 1, 1, &q);
    check_mapped(hb + PAGES_2M, 1, &q);
    verify_full("2 MiB below the hole", hb - PAGES_2M, PAGES_2M, 0);
    verify_full("2 MiB above the hole", hb + PAGES_2M, PAGES_2M, 0);
    verify_sample("the rest of the new 1 GiB", g2, PAGES_1G, hb, PAGES_2M,
                  false);
    check_audit("after split-2m");
}

/* ------------------------------------------------------------------ */
/* Scenario 5: one read-only 4 KiB page inside a 2 MiB leaf           */
/* ------------------------------------------------------------------ */

static void sc_readonly_4k(void)
{
    static p2m_query_t before[PAGES_2M];
    unsigned long blk, p, i;
    unsigned int acc0, acc, level;
    struct stats_delta exp;
    p2m_stats_t b, a;
    p2m_query_t q;
    long rc;

    if ( !need_region() )
        return;
    blk = pick_block(t.region, BLK_RO);
    p = blk + 5;
    /*
     * A 2 MiB leaf when the region is split-2m's GiB (split by its hole),
     * a 1 GiB one in dom0's own GiB if nothing there is split.
     */
    if ( !check_mapped(blk, -1, &q) ||
         !check(q.level >= 1, "gfn 0x%lx is already in a 4 KiB leaf", blk) )
        return;
    acc0 = q.access;
    level = q.level;
    for ( i = 0; i < PAGES_2M; i++ )
        query_ok(blk + i, &before[i]);
    fill_full(p - 1, 3);

    rc = get_access(p, &acc);
    check(rc == 0 && acc == acc0,
          "get_access before: rc %ld access %u, "
          "query says %u",
          rc, acc, acc0);

    read_stats(&b);
    rc = set_access(p, 1, XENMEM_access_r);
    read_stats(&a);
    if ( !check(rc == 0, "set_access r on gfn 0x%lx returned %ld", p, rc) )
        return;
    exp = punch_delta(level, false);
    check_delta("set_access r on 4K in a superpage", &b, &a, &exp);
    check_fenced("set_access r on 4K in a superpage", &b, &a, true);
    describe_op(&b, &a, "make GFN 0x%lx read-only inside a %s leaf", p,
                level_size[level]);

    rc = get_access(p, &acc);
    check(rc == 0 && acc == XENMEM_access_r,
          "get_access after set: rc %ld "
          "access %u, expected %u",
          rc, acc, XENMEM_access_r);
    if ( check_mapped(p, 0, &q) )
        check(q.access == XENMEM_access_r && q.mfn == before[5].mfn,
              "query: access %u mfn 0x%lx, expected access r, mfn 0x%lx",
              q.access, (unsigned long)q.mfn, (unsigned long)before[5].mfn);

    verify_page("read-only page", p, p, false);
    must_load(gpa(p) + 0x40, pattern(p, 8));
    must_fault_store(gpa(p) + 0x40);
    must_fault_store(gpa(p));
    verify_page("read-only page after the refused stores", p, p, false);

    /* The neighbours keep their mapping and stay writable. */
    must_store(gpa(p - 1) + 0x40, 0x1234UL << 16);
    must_store(gpa(p + 1) + 0xff8, 0x5678UL << 16);
    fill_page(p - 1);
    fill_page(p + 1);
    for ( i = 0; i < PAGES_2M; i++ )
    {
        if ( i == 5 || !query_ok(blk + i, &q) )
            continue;
        if ( !check(q.mfn == before[i].mfn && q.access == acc0 && q.valid &&
                        q.level == 0,
                    "neighbour gfn 0x%lx: mfn 0x%lx (was "
                    "0x%lx), access %u, valid %u, level %u",
                    blk + i, (unsigned long)q.mfn, (unsigned long)before[i].mfn,
                    q.access, q.valid, q.level) )
            break;
    }

    read_stats(&b);
    rc = set_access(p, 1, acc0);
    read_stats(&a);
    check(rc == 0, "set_access back to %s returned %ld", access_name(acc0), rc);
    /*
     * Every page of the block has its frame and access again: what the
     * split built merges back (R11), and nothing above it, which was not
     * a superpage's worth before either.
     */
    exp = unpunch_delta(level, false);
    check_delta("restore access", &b, &a, &exp);
    check_fenced("restore access", &b, &a, true);
    describe_op(&b, &a, "give it back %s", access_name(acc0));
    if ( check_mapped(p, level, &q) )
        check(q.mfn == before[5].mfn && q.access == acc0,
              "after the merge: mfn 0x%lx access %u, expected 0x%lx, %u",
              (unsigned long)q.mfn, q.access, (unsigned long)before[5].mfn,
              acc0);
    rc = get_access(p, &acc);
    check(rc == 0 && acc == acc0,
          "get_access after restore: rc %ld access "
          "%u, expected %u",
          rc, acc, acc0);
    must_store(gpa(p) + 0x40, pattern(p, 8));
    verify_full("block after restore", p - 1, 3, 0);
    check_audit("after readonly-4k");
}

/* ------------------------------------------------------------------ */
/* Scenario 6: move a page out of a 2 MiB leaf                        */
/* ------------------------------------------------------------------ */

static void sc_move_page(void)
{
    unsigned long src_blk, hole, s, d, i, n[4], rs, rd;
    p2m_stats_t b, a;
    p2m_query_t q, qs, qr[4];
    long rc;

    if ( !need_region() )
        return;
    src_blk = pick_block(t.region, BLK_MOVE_SRC);
    hole = pick_block(t.region, BLK_HOLE);
    s = src_blk + 7;
    d = hole + 3;
    n[0] = s - 1;
    n[1] = s + 1;
    n[2] = src_blk;
    n[3] = src_blk + PAGES_2M - 1;
    rs = src_blk + 100;
    rd = hole + 200;
    if ( !check_mapped(src_blk, 1, &q) || !check_mapped(hole, 1, &q) )
        return;

    /* Make the target a hole: a whole 2 MiB leaf goes, no split. */
    read_stats(&b);
    rc = decrease(hole, ORDER_2M);
    read_stats(&a);
    if ( !check(rc == 1,
                "decrease_reservation order 9 at 0x%lx returned "
                "%ld",
                hole, rc) )
        return;
    mark_dirty(hole);
    check_delta("unmap a whole 2M leaf", &b, &a,
                &(struct stats_delta){ .leaves = { [1] = -1 } });
    check_fenced("unmap a whole 2M leaf", &b, &a, false);

    fill_full(s - 1, 3);
    fill_full(rs, 4);
    save_queries(n, ARRAY_SIZE(n));
    if ( !check_mapped(s, 1, &qs) )
        return;
    for ( i = 0; i < 4; i++ )
        query_ok(rs + i, &qr[i]);

    read_stats(&b);
    rc = add_to_physmap(XENMAPSPACE_gmfn, s, d, 0, DOMID_SELF);
    read_stats(&a);
    if ( !check(rc == 0, "add_to_physmap gmfn 0x%lx -> 0x%lx returned %ld", s,
                d, rc) )
        return;
    mark_dirty(s);
    check_delta("move 4K out of 2M into a hole", &b, &a,
                &(struct stats_delta){ .leaves = { [0] = 512, [1] = -1 },
                                       .tables = 2,
                                       .splits = 1 });
    check_fenced("move 4K out of 2M", &b, &a, true);
    describe_op(&b, &a,
                "move GFN 0x%lx out of a 2 MiB leaf into a hole at 0x%lx", s,
                d);

    if ( check_mapped(d, 0, &q) )
        check(q.mfn == qs.mfn,
              "new gfn 0x%lx maps mfn 0x%lx, expected the "
              "moved page's 0x%lx",
              d, (unsigned long)q.mfn, (unsigned long)qs.mfn);
    verify_page("moved page at its new gfn", d, s, false);
    check_unmapped(s, 0);
    must_fault_load(gpa(s));
    must_fault_store(gpa(s) + 0x18);
    check_saved("after the move", n, ARRAY_SIZE(n));
    verify_full("pages beside the moved one", s - 1, 3, s);

    /* The same with a range of four pages (XENMAPSPACE_gmfn_range). */
    read_stats(&b);
    rc = add_to_physmap(XENMAPSPACE_gmfn_range, rs, rd, 4, DOMID_SELF);
    read_stats(&a);
    if ( check(rc == 0,
               "add_to_physmap gmfn_range 0x%lx+4 -> 0x%lx "
               "returned %ld",
               rs, rd, rc) )
    {
        check_delta("move a 4-page range", &b, &a,
                    &(struct stats_delta){ .splits = 0 });
        describe_op(&b, &a, "move 4 more (gmfn_range)");
        for ( i = 0; i < 4; i++ )
        {
            if ( check_mapped(rd + i, 0, &q) )
                check(q.mfn == qr[i].mfn,
                      "range page %lu at mfn 0x%lx, "
                      "expected 0x%lx",
                      i, (unsigned long)q.mfn, (unsigned long)qr[i].mfn);
            verify_page("moved range", rd + i, rs + i, false);
            check_unmapped(rs + i, 0);
        }
        must_fault_load(gpa(rs + 3) + 8);
    }
    check_audit("after move-page");
}

/* ------------------------------------------------------------------ */
/* Scenario 7: changes that cover whole leaves need no split          */
/* ------------------------------------------------------------------ */

static void sc_no_split(void)
{
    unsigned long bu, bv, bw;
    unsigned int acc0 = t.default_access, acc;
    p2m_stats_t b, a, b0;
    p2m_query_t q;
    long rc;

    if ( !need_region() )
        return;
    bu = pick_block(t.region, BLK_UNMAP);
    bv = pick_block(t.region, BLK_ACCESS);
    bw = pick_block(t.region, BLK_NOOP);
    read_stats(&b0);
    if ( !check_mapped(bu, 1, &q) || !check_mapped(bv, 1, &q) ||
         !check_mapped(bw, 1, &q) )
        return;
    acc0 = q.access;

    /* Unmap, then repopulate, one whole 2 MiB leaf. */
    fill_full(bu, 2);
    read_stats(&b);
    rc = decrease(bu, ORDER_2M);
    read_stats(&a);
    if ( check(rc == 1, "decrease_reservation order 9 at 0x%lx returned %ld",
               bu, rc) )
    {
        mark_dirty(bu);
        check_delta("unmap whole 2M leaf", &b, &a,
                    &(struct stats_delta){ .leaves = { [1] = -1 } });
        check_fenced("unmap whole 2M leaf", &b, &a, false);
        check_unmapped(bu, 1);
        must_fault_load(gpa(bu));
        must_fault_store(gpa(bu + PAGES_2M) - 8);

        read_stats(&b);
        rc = populate(bu, ORDER_2M);
        read_stats(&a);
        if ( check(rc == 1, "populate_physmap order 9 at 0x%lx returned %ld",
                   bu, rc) )
        {
            check_delta("populate whole 2M", &b, &a,
                        &(struct stats_delta){ .leaves = { [1] = 1 } });
            check_mapped(bu, 1, &q);
            verify_sample("repopulated 2 MiB (zeroed)", bu, PAGES_2M, 0, 0,
                          true);
            verify_page("repopulated 2 MiB, first page", bu, bu, true);
        }
    }

    /* Read-only over exactly one 2 MiB leaf. */
    read_stats(&b);
    rc = set_access(bv, PAGES_2M, XENMEM_access_r);
    read_stats(&a);
    if ( check(rc == 0, "set_access r over the 2 MiB at 0x%lx returned %ld", bv,
               rc) )
    {
        check_delta("set_access over whole 2M", &b, &a,
                    &(struct stats_delta){ .splits = 0 });
        check_fenced("set_access over whole 2M", &b, &a, false);
        if ( check_mapped(bv + 100, 1, &q) )
            check(q.access == XENMEM_access_r,
                  "access %u after set_access "
                  "r",
                  q.access);
        rc = get_access(bv + 100, &acc);
        check(rc == 0 && acc == XENMEM_access_r,
              "get_access: rc %ld "
              "access %u",
              rc, acc);
        must_load(gpa(bv + 100), pattern(bv + 100, 0));
        must_fault_store(gpa(bv + 100));
        must_fault_store(gpa(bv + PAGES_2M - 1) + 8);

        read_stats(&b);
        rc = set_access(bv, PAGES_2M, acc0);
        read_stats(&a);
        check(rc == 0, "set_access back over the 2 MiB returned %ld", rc);
        check_delta("restore access over whole 2M", &b, &a,
                    &(struct stats_delta){ .splits = 0 });
        must_store(gpa(bv + 100) + 8, pattern(bv + 100, 1));
        *gfn_ptr(bv + 100, 1) = 0;
    }

    /* Setting the access a page already has changes nothing (R6). */
    read_stats(&b);
    rc = set_access(bw + 17, 1, acc0);
    read_stats(&a);
    check(rc == 0, "set_access %s (unchanged) on gfn 0x%lx returned %ld",
          access_name(acc0), bw + 17, rc);
    check_delta("set_access to the current value", &b, &a,
                &(struct stats_delta){ .splits = 0 });
    check_mapped(bw + 17, 1, &q);
    check_audit("after no-split");
    describe_op(&b0, &a,
                "unmap and repopulate a 2 MiB leaf, make one read-only and "
                "back, set a page's current access");
}

/* ------------------------------------------------------------------ */
/* Scenario 8: hostile calls                                          */
/* ------------------------------------------------------------------ */

static unsigned int nr_calls_checked;

static void expect_rc(const char *what, long rc, long want)
{
    nr_calls_checked++;
    check(rc == want, "%s: returned %ld, expected %ld", what, rc, want);
}

static void expect_rc2(const char *what, long rc, long w1, long w2)
{
    nr_calls_checked++;
    check(rc == w1 || rc == w2, "%s: returned %ld, expected %ld or %ld", what,
          rc, w1, w2);
}

static void hostile_gfns(unsigned long hole)
{
    static const unsigned int bad_orders[] = { 19, 30, 63, 64, 0xffffffffU };
    unsigned long lim = t.gfn_limit, sac = pick_block(t.region, BLK_SACRIFICE);
    unsigned long i;
    char what[80];
    p2m_stats_t b, a;
    p2m_query_t q;
    long rc;

    /* Beyond the GPA width, whatever the op. */
    expect_rc("populate gfn = GPA limit", populate(lim, 0), 0);
    expect_rc("populate gfn = GPA limit + 0x123", populate(lim + 0x123, 0), 0);
    expect_rc("populate gfn 2^52 - 1", populate((1UL << 52) - 1, 0), 0);
    expect_rc("populate gfn ~0", populate(~0UL, 0), 0);
    expect_rc("decrease gfn = GPA limit", decrease(lim, 0), 0);
    expect_rc("set_access gfn = GPA limit", set_access(lim, 1, XENMEM_access_r),
              -XEN_EINVAL);
    expect_rc("set_access range crossing the GPA limit",
              set_access(lim - 1, 2, XENMEM_access_r), -XEN_EINVAL);
    expect_rc("add_to_physmap to gpfn = GPA limit",
              add_to_physmap(XENMAPSPACE_gmfn, sac, lim, 0, DOMID_SELF),
              -XEN_EINVAL);
    expect_rc("add_to_physmap from idx = GPA limit",
              add_to_physmap(XENMAPSPACE_gmfn, lim, hole + 30, 0, DOMID_SELF),
              -XEN_EINVAL);
    check_mapped(sac, 1, &q);
    rc = query(lim, &q);
    check(rc == -XEN_EINVAL || (rc == 0 && !q.valid),
          "query of gfn = GPA limit: rc %ld valid %u", rc, q.valid);

    /*
     * The last GFN inside the width works, and its tables go again.  The
     * guest touches only the second one: QEMU 7.2 checks G-stage addresses
     * like Sv39/48/57 virtual ones (sign-extended from the top bit), so a
     * guest access with GPA bit (width - 1) set faults although mapped.
     */
    for ( i = 0; i < 2; i++ )
    {
        unsigned long last = i ? (lim >> 1) - 1 : lim - 1;
        unsigned int hole_level;
        p2m_stats_t c;

        if ( !query_ok(last, &q) || !check(!q.valid, "gfn 0x%lx mapped", last) )
            continue;
        hole_level = q.level;

        read_stats(&b);
        rc = populate(last, 0);
        read_stats(&a);
        if ( !check(rc == 1, "populate of gfn 0x%lx returned %ld", last, rc) )
            continue;
        check_delta("populate a far gfn", &b, &a,
                    &(struct stats_delta){ .leaves = { [0] = 1 },
                                           .tables = hole_level });
        check_mapped(last, 0, &q);
        if ( i )
        {
            must_load(gpa(last) + PAGE_SIZE - 8, 0);
            must_store(gpa(last) + PAGE_SIZE - 8, pattern(last, 511));
        }
        rc = decrease(last, 0);
        read_stats(&c);
        snprintf(what, sizeof(what), "decrease of gfn 0x%lx", last);
        expect_rc(what, rc, 1);
        check_delta("unmap a far gfn (empty tables freed)", &a, &c,
                    &(struct stats_delta){ .leaves = { [0] = -1 },
                                           .tables = -(long)hole_level });
        check_unmapped(last, -1);
    }

    /* Misaligned extents and orders beyond any leaf. */
    expect_rc("populate order 9 at a misaligned gfn",
              populate(hole + 1, ORDER_2M), 0);
    expect_rc("populate order 18 at a 2M- but not 1G-aligned gfn",
              populate(hole, ORDER_1G), 0);
    expect_rc("decrease order 9 at a misaligned gfn",
              decrease(pick_block(t.region, BLK_ACCESS) + 1, ORDER_2M), 0);
    for ( i = 0; i < ARRAY_SIZE(bad_orders); i++ )
    {
        snprintf(what, sizeof(what), "populate order %u at gfn 0",
                 bad_orders[i]);
        expect_rc(what, populate(0, bad_orders[i]), 0);
        snprintf(what, sizeof(what), "decrease order %u at gfn 0",
                 bad_orders[i]);
        expect_rc(what, decrease(0, bad_orders[i]), 0);
    }

    /* Pages dom0 does not own. */
    expect_rc("decrease an unpopulated gfn", decrease(hole + 40, 0), 0);
    expect_rc("decrease a gfn below RAM", decrease(0x40000, 0), 0);
    if ( t.gib2 )
        expect_rc("decrease a gfn past the populated 1 GiB",
                  decrease(t.gib2 + PAGES_1G + 5, 0), 0);
    expect_rc(
        "add_to_physmap from an unpopulated gfn",
        add_to_physmap(XENMAPSPACE_gmfn, hole + 41, hole + 42, 0, DOMID_SELF),
        -XEN_EINVAL);
    expect_rc(
        "add_to_physmap from a gfn below RAM",
        add_to_physmap(XENMAPSPACE_gmfn, 0x40000, hole + 42, 0, DOMID_SELF),
        -XEN_EINVAL);
    rc = memory_op(
        XENMEM_remove_from_physmap,
        &(xen_remove_from_physmap_t){ .domid = DOMID_SELF, .gpfn = hole + 43 });
    expect_rc("remove_from_physmap of an unpopulated gfn", rc, -XEN_EINVAL);
    {
        unsigned int acc = 0xff;

        rc = get_access(hole + 44, &acc);
        expect_rc2("get_access of an unpopulated gfn", rc, -XEN_EINVAL,
                   -XEN_ENOENT);
    }
    check_unmapped(hole + 42, -1);
}

/*
 * decrease_reservation unmaps up to this many extents (and at most 512
 * pages) under one p2m write lock, so such a batch costs one TLB flush,
 * and a flush at most one remote fence call (docs/misc/riscv/
 * hypercall-abi.pandoc).
 */
#define DECREASE_BATCH 64UL

/* Exactly flushes flushes, each sending at most one remote fence. */
static void check_flushes(const char *what, const p2m_stats_t *b,
                          const p2m_stats_t *a, unsigned long flushes)
{
    unsigned long f = a->flushes - b->flushes;
    unsigned long remote = a->fences_remote - b->fences_remote;

    check(f == flushes, "%s: %lu TLB flushes, expected %lu (one per batch)",
          what, f, flushes);
    check(remote <= f, "%s: %lu remote fence calls for %lu flushes", what,
          remote, f);
}

static void hostile_lists(unsigned long hole)
{
    unsigned long bl = pick_block(t.region, BLK_LONG), bad_regs, i;
    unsigned long edge = gpa(hole) - 3 * sizeof(xen_pfn_t);
    static xen_memory_reservation_t r;
    xen_pfn_t *edge_list = (xen_pfn_t *)edge;
    xen_pfn_t saved_edge[3];
    p2m_stats_t b, a, c;
    p2m_query_t q;
    long rc;

    /* A huge nr_extents with a short valid list: stop at the bad entry. */
    ext_list[0] = hole + 10;
    ext_list[1] = hole + 11;
    ext_list[2] = hole + 12;
    ext_list[3] = t.gfn_limit;
    read_stats(&b);
    rc = reservation_op(XENMEM_populate_physmap, ext_list, 1UL << 40, 0,
                        DOMID_SELF);
    read_stats(&a);
    if ( check(rc == 3,
               "populate nr_extents 2^40, 3 good entries then a bad "
               "one: returned %ld, expected 3",
               rc) )
    {
        check_delta("populate 3 of 2^40", &b, &a,
                    &(struct stats_delta){ .leaves = { [0] = 3 } });
        for ( i = 0; i < 3; i++ )
        {
            check_mapped(hole + 10 + i, 0, &q);
            verify_page("page from the short list", hole + 10 + i, 0, true);
        }
        read_stats(&b);
        rc = reservation_op(XENMEM_decrease_reservation, ext_list, 1UL << 40, 0,
                            DOMID_SELF);
        read_stats(&a);
        expect_rc("decrease nr_extents 2^40, 3 good entries", rc, 3);
        check_delta("decrease 3 of 2^40", &b, &a,
                    &(struct stats_delta){ .leaves = { [0] = -3 } });
        check_flushes("decrease 3 of 2^40", &b, &a, 1);
    }

    /* A list that runs into an unmapped page: stop there. */
    memcpy(saved_edge, edge_list, sizeof(saved_edge));
    edge_list[0] = hole + 20;
    edge_list[1] = hole + 21;
    edge_list[2] = hole + 22;
    read_stats(&b);
    rc = reservation_op(XENMEM_populate_physmap, edge_list, 1UL << 40, 0,
                        DOMID_SELF);
    read_stats(&a);
    if ( check(rc == 3,
               "populate with the list running into an unmapped "
               "page: returned %ld, expected 3",
               rc) )
    {
        check_delta("populate up to an unreadable entry", &b, &a,
                    &(struct stats_delta){ .leaves = { [0] = 3 } });
        rc = reservation_op(XENMEM_decrease_reservation, edge_list, 1UL << 40,
                            0, DOMID_SELF);
        expect_rc("decrease with the list running into an unmapped page", rc,
                  3);
        read_stats(&c);
        check_delta("decrease up to an unreadable entry", &a, &c,
                    &(struct stats_delta){ .leaves = { [0] = -3 } });
    }
    memcpy(edge_list, saved_edge, sizeof(saved_edge));

    /*
     * A long list (preempted and continued by the hypervisor, if it
     * preempts at all) through a call that checks every register.
     */
    if ( !check_mapped(bl, 1, &q) )
        return;
    read_stats(&b);
    rc = decrease(bl, ORDER_2M);
    read_stats(&a);
    if ( !check(rc == 1, "decrease order 9 at 0x%lx returned %ld", bl, rc) )
        return;
    mark_dirty(bl);
    check_delta("unmap a whole 2M leaf", &b, &a,
                &(struct stats_delta){ .leaves = { [1] = -1 } });

    for ( i = 0; i < PAGES_2M - 1; i++ )
        ext_list[i] = bl + 1 + i;
    ext_list[PAGES_2M - 1] = t.gfn_limit;
    memset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, ext_list);
    r.nr_extents = 1UL << 40;
    r.domid = DOMID_SELF;

    read_stats(&b);
    rc = hypercall_checked(__HYPERVISOR_memory_op, XENMEM_populate_physmap,
                           (unsigned long)&r, &bad_regs);
    read_stats(&a);
    check(!bad_regs, "registers changed by a long populate: mask 0x%lx",
          bad_regs);
    if ( check(rc == PAGES_2M - 1,
               "populate of a 511-entry list returned "
               "%ld",
               rc) )
    {
        check_delta(
            "populate 511 4K pages into a hole", &b, &a,
            &(struct stats_delta){ .leaves = { [0] = 511 }, .tables = 1 });
        check_unmapped(bl, 0);
        check_mapped(bl + 1, 0, &q);
        check_mapped(bl + PAGES_2M - 1, 0, &q);
        verify_page("page from the long list", bl + 300, 0, true);

        read_stats(&b);
        rc = hypercall_checked(__HYPERVISOR_memory_op,
                               XENMEM_decrease_reservation, (unsigned long)&r,
                               &bad_regs);
        read_stats(&a);
        check(!bad_regs, "registers changed by a long decrease: mask 0x%lx",
              bad_regs);
        expect_rc("decrease of a 511-entry list", rc, PAGES_2M - 1);
        check_delta(
            "unmap 511 4K pages (empty table freed)", &b, &a,
            &(struct stats_delta){ .leaves = { [0] = -511 }, .tables = -1 });
        /*
         * Batches of 64 extents (within each call's 256): 8 flushes, each
         * past the 32-leaf threshold, so one VMID-wide fence apiece and
         * no per-address one.  One extent per lock would flush 511 times.
         */
        check_flushes("decrease of a 511-entry list", &b, &a,
                      (PAGES_2M - 1 + DECREASE_BATCH - 1) / DECREASE_BATCH);
        check(a.fences_vmid - b.fences_vmid ==
                      (PAGES_2M - 1 + DECREASE_BATCH - 1) / DECREASE_BATCH &&
                  a.fences_gpa == b.fences_gpa,
              "decrease of a 511-entry list: fences VMID-wide +%lu, "
              "per-address +%lu, expected 8 and 0",
              (unsigned long)(a.fences_vmid - b.fences_vmid),
              (unsigned long)(a.fences_gpa - b.fences_gpa));
        check_unmapped(bl + 1, -1);
    }
    read_stats(&b);
    rc = populate(bl, ORDER_2M);
    read_stats(&a);
    expect_rc("populate the 2M back", rc, 1);
    check_delta("populate 2M", &b, &a,
                &(struct stats_delta){ .leaves = { [1] = 1 } });
}

static bool mem_info(struct xen_riscv_mem_info *m);

/*
 * A list whose fifth extent is bad: the first four go (their pages leave
 * the domain), the fifth and everything after it stay as they were.  Once
 * with a hole as the fifth GFN, found bad under the p2m lock after the
 * first four were unmapped in the same batch, once with a GFN beyond the
 * GPA width, refused before the lock is taken.  All five go in one batch:
 * one flush.
 */
static void hostile_bad_fifth(unsigned long hole)
{
    const unsigned long bad_gfn[] = { hole + 140, t.gfn_limit };
    const unsigned long base = hole + 100;
    struct xen_riscv_mem_info m0, m1;
    p2m_stats_t b, a;
    p2m_query_t q;
    unsigned int round, i;
    char what[64];
    long rc;

    for ( i = 0; i < 8; i++ )
        if ( !check_unmapped(base + i, -1) )
            return;
    if ( !check_unmapped(hole + 140, -1) )
        return;

    for ( i = 0; i < 8; i++ )
        ext_list[i] = base + i;
    read_stats(&b);
    rc = reservation_op(XENMEM_populate_physmap, ext_list, 8, 0, DOMID_SELF);
    read_stats(&a);
    if ( !check(rc == 8, "populate of 8 pages at 0x%lx returned %ld", base,
                rc) )
        return;
    check_delta("populate 8 pages for the bad-fifth lists", &b, &a,
                &(struct stats_delta){ .leaves = { [0] = 8 } });
    fill_full(base, 8);

    for ( round = 0; round < ARRAY_SIZE(bad_gfn); round++ )
    {
        /* base + 4 is not listed: a mapped page next door, as a witness. */
        for ( i = 0; i < 8; i++ )
            ext_list[i] = base + i;
        ext_list[4] = bad_gfn[round];

        if ( !mem_info(&m0) )
            return;
        read_stats(&b);
        rc = reservation_op(XENMEM_decrease_reservation, ext_list, 8, 0,
                            DOMID_SELF);
        read_stats(&a);
        mem_info(&m1);
        snprintf(what, sizeof(what), "decrease, fifth of 8 at 0x%lx",
                 bad_gfn[round]);
        if ( !check(rc == 4, "%s: returned %ld, expected 4", what, rc) )
            return;
        check_delta(what, &b, &a,
                    &(struct stats_delta){ .leaves = { [0] = -4 } });
        check_flushes(what, &b, &a, 1);
        /* Four leaves: under the p2m's threshold for a VMID-wide fence. */
        check(a.fences_gpa - b.fences_gpa == 4 &&
                  a.fences_vmid == b.fences_vmid,
              "%s: fences per-address +%lu, VMID-wide +%lu, expected 4 and 0",
              what, (unsigned long)(a.fences_gpa - b.fences_gpa),
              (unsigned long)(a.fences_vmid - b.fences_vmid));
        check(m1.tot_pages == m0.tot_pages - 4,
              "%s: dom0 owns %lu pages, %lu before: the 4 were not freed", what,
              (unsigned long)m1.tot_pages, (unsigned long)m0.tot_pages);
        for ( i = 0; i < 4; i++ )
            check_unmapped(base + i, -1);
        check_unmapped(hole + 140, -1);
        for ( i = 4; i < 8; i++ )
            if ( check_mapped(base + i, 0, &q) )
                verify_page("page after the bad extent", base + i, base + i,
                            false);

        /* Back as they were for the next round. */
        read_stats(&b);
        rc =
            reservation_op(XENMEM_populate_physmap, ext_list, 4, 0, DOMID_SELF);
        read_stats(&a);
        if ( !check(rc == 4, "repopulating 0x%lx..: returned %ld", base, rc) )
            return;
        check_delta("repopulate the 4 pages", &b, &a,
                    &(struct stats_delta){ .leaves = { [0] = 4 } });
        fill_full(base, 4);
    }

    for ( i = 0; i < 8; i++ )
        ext_list[i] = base + i;
    read_stats(&b);
    rc =
        reservation_op(XENMEM_decrease_reservation, ext_list, 8, 0, DOMID_SELF);
    read_stats(&a);
    expect_rc("decrease the 8 pages", rc, 8);
    check_delta("decrease the 8 pages", &b, &a,
                &(struct stats_delta){ .leaves = { [0] = -8 } });
    check_flushes("decrease the 8 pages", &b, &a, 1);
}

static void hostile_handles(unsigned long hole)
{
    static volatile uint8_t vbuf[128] __attribute__((__aligned__(16)));
    uint8_t *buf = (uint8_t *)vbuf;
    static const unsigned long bad_ptrs[] = {
        0,
        0x40000000UL,
        0xfffffffffffff000UL,
        0x8000000000000008UL,
    };
    unsigned long bro = pick_block(t.region, BLK_RO_HANDLE);
    unsigned long ptrs[ARRAY_SIZE(bad_ptrs) + 3];
    xen_mem_access_op_t *ma;
    p2m_stats_t s, s2;
    p2m_query_t q;
    unsigned int i, acc;
    char what[96];
    long rc;

    memcpy(ptrs, bad_ptrs, sizeof(bad_ptrs));
    ptrs[ARRAY_SIZE(bad_ptrs)] = gpa(hole);            /* unmapped */
    ptrs[ARRAY_SIZE(bad_ptrs) + 1] = gpa(t.gfn_limit); /* too wide */
    /* Just past the RAM (and the 1 GiB populated above it). */
    ptrs[ARRAY_SIZE(bad_ptrs) + 2] =
        (t.gib2 ? gpa(t.gib2 + PAGES_1G) : t.ram_end) + 0x100;

    for ( i = 0; i < ARRAY_SIZE(ptrs); i++ )
    {
        const void *p = (const void *)ptrs[i];

        snprintf(what, sizeof(what), "populate, struct at 0x%lx", ptrs[i]);
        expect_rc(what, memory_op(XENMEM_populate_physmap, p), -XEN_EFAULT);
        snprintf(what, sizeof(what), "decrease, struct at 0x%lx", ptrs[i]);
        expect_rc(what, memory_op(XENMEM_decrease_reservation, p), -XEN_EFAULT);
        snprintf(what, sizeof(what), "increase, struct at 0x%lx", ptrs[i]);
        expect_rc(what, memory_op(XENMEM_increase_reservation, p), -XEN_EFAULT);
        snprintf(what, sizeof(what), "add_to_physmap, struct at 0x%lx",
                 ptrs[i]);
        expect_rc(what, memory_op(XENMEM_add_to_physmap, p), -XEN_EFAULT);
        snprintf(what, sizeof(what), "remove_from_physmap, struct at 0x%lx",
                 ptrs[i]);
        expect_rc(what, memory_op(XENMEM_remove_from_physmap, p), -XEN_EFAULT);
        snprintf(what, sizeof(what), "access_op, struct at 0x%lx", ptrs[i]);
        expect_rc(what, memory_op(XENMEM_access_op, p), -XEN_EFAULT);
        snprintf(what, sizeof(what), "p2m query, struct at 0x%lx", ptrs[i]);
        expect_rc(what, p2m_debug(XEN_RISCV_P2M_DEBUG_query, p), -XEN_EFAULT);
        snprintf(what, sizeof(what), "p2m stats, struct at 0x%lx", ptrs[i]);
        expect_rc(what, p2m_debug(XEN_RISCV_P2M_DEBUG_stats, p), -XEN_EFAULT);
    }

    /* A readable structure whose extent list is unmapped: 0 extents. */
    expect_rc("populate, list in an unmapped page",
              reservation_op(XENMEM_populate_physmap,
                             (const xen_pfn_t *)gpa(hole), 4, 0, DOMID_SELF),
              0);
    expect_rc(
        "decrease, list at NULL",
        reservation_op(XENMEM_decrease_reservation, NULL, 4, 0, DOMID_SELF), 0);

    /*
     * Misaligned structures: the ABI does not require alignment, so the
     * call either works as if aligned or fails cleanly with -EFAULT.
     */
    read_stats(&s);
    memset(buf, 0xa5, sizeof(buf));
    rc = p2m_debug(XEN_RISCV_P2M_DEBUG_stats, buf + 4);
    if ( check(rc == 0 || rc == -XEN_EFAULT,
               "stats into a misaligned "
               "buffer: returned %ld",
               rc) &&
         rc == 0 )
    {
        memcpy(&s2, buf + 4, sizeof(s2));
        check(s2.tables == s.tables && s2.leaves[1] == s.leaves[1] &&
                  s2.root_level == s.root_level,
              "stats into a misaligned "
              "buffer differ: tables %lu vs %lu",
              (unsigned long)s2.tables, (unsigned long)s.tables);
    }
    info("misaligned stats buffer: %s", rc ? "refused (-EFAULT)" : "works");

    memcpy(buf + 3,
           &(xen_mem_access_op_t){ .op = XENMEM_access_op_get_access,
                                   .access = 0xee,
                                   .domid = DOMID_SELF,
                                   .pfn = bro },
           sizeof(*ma));
    rc = memory_op(XENMEM_access_op, buf + 3);
    if ( check(rc == 0 || rc == -XEN_EFAULT,
               "get_access through a "
               "misaligned struct: returned %ld",
               rc) &&
         rc == 0 )
        check(buf[3 + offsetof(xen_mem_access_op_t, access)] ==
                  t.default_access,
              "get_access through a misaligned struct "
              "wrote %u",
              buf[3 + offsetof(xen_mem_access_op_t, access)]);
    info("misaligned access_op struct: %s", rc ? "refused (-EFAULT)" : "works");

    memcpy(buf + 5, &(xen_memory_reservation_t){ .domid = DOMID_SELF },
           sizeof(xen_memory_reservation_t));
    rc = memory_op(XENMEM_decrease_reservation, buf + 5);
    expect_rc2("decrease with a misaligned struct, 0 extents", rc, 0,
               -XEN_EFAULT);
    ext_list[0] = hole + 50;
    rc = reservation_op(XENMEM_decrease_reservation,
                        (const xen_pfn_t *)((uint8_t *)ext_list + 1), 1, 0,
                        DOMID_SELF);
    expect_rc("decrease with a misaligned list of an unpopulated gfn", rc, 0);

    /*
     * Structures in a read-only page: readable, but results cannot be
     * written back, which must give -EFAULT.
     */
    if ( !check_mapped(bro, 1, &q) )
        return;
    ma = (xen_mem_access_op_t *)gpa(bro);
    memcpy(ma,
           &(xen_mem_access_op_t){ .op = XENMEM_access_op_get_access,
                                   .access = 0xee,
                                   .domid = DOMID_SELF,
                                   .pfn = bro + 1 },
           sizeof(*ma));
    *(volatile p2m_query_t *)gpa(bro + 1) = (p2m_query_t){ .gfn = bro };
    mark_dirty(bro);
    rc = set_access(bro, PAGES_2M, XENMEM_access_r);
    if ( !check(rc == 0, "set_access r over 2 MiB returned %ld", rc) )
        return;
    expect_rc("get_access into a read-only page",
              memory_op(XENMEM_access_op, ma), -XEN_EFAULT);
    expect_rc("p2m query into a read-only page",
              p2m_debug(XEN_RISCV_P2M_DEBUG_query, (const void *)gpa(bro + 1)),
              -XEN_EFAULT);
    expect_rc("p2m stats into a read-only page",
              p2m_debug(XEN_RISCV_P2M_DEBUG_stats, (const void *)gpa(bro + 2)),
              -XEN_EFAULT);
    check(ma->access == 0xee, "get_access wrote into a read-only page");
    rc = set_access(bro, PAGES_2M, t.default_access);
    check(rc == 0, "set_access back over 2 MiB returned %ld", rc);
    rc = get_access(bro, &acc);
    check(rc == 0 && acc == t.default_access,
          "access after restore: rc %ld "
          "access %u",
          rc, acc);
}

/*
 * Every memory_op that names domain dom instead of the caller must be
 * refused (-ESRCH, or no extent done) and change nothing: dom0 and a domU
 * alike may act on themselves only.  bv is a GFN the caller has mapped,
 * hole one it has not.
 */
static void expect_domid_refused(domid_t dom, unsigned long bv,
                                 unsigned long hole)
{
    xen_mem_access_op_t ma;
    char what[96];

    ext_list[0] = hole + 61;
    snprintf(what, sizeof(what), "populate for domain 0x%x", dom);
    expect_rc2(what,
               reservation_op(XENMEM_populate_physmap, ext_list, 1, 0, dom), 0,
               -XEN_ESRCH);
    ext_list[0] = bv;
    snprintf(what, sizeof(what), "decrease for domain 0x%x", dom);
    expect_rc2(what,
               reservation_op(XENMEM_decrease_reservation, ext_list, 1, 0, dom),
               0, -XEN_ESRCH);
    snprintf(what, sizeof(what), "add_to_physmap for domain 0x%x", dom);
    expect_rc(what, add_to_physmap(XENMAPSPACE_gmfn, bv + 1, hole + 62, 0, dom),
              -XEN_ESRCH);
    snprintf(what, sizeof(what), "remove_from_physmap for domain 0x%x", dom);
    expect_rc(
        what,
        memory_op(XENMEM_remove_from_physmap,
                  &(xen_remove_from_physmap_t){ .domid = dom, .gpfn = bv + 2 }),
        -XEN_ESRCH);
    memset(&ma, 0, sizeof(ma));
    ma.op = XENMEM_access_op_set_access;
    ma.access = XENMEM_access_r;
    ma.domid = dom;
    ma.pfn = bv;
    ma.nr = 1;
    snprintf(what, sizeof(what), "set_access for domain 0x%x", dom);
    expect_rc(what, memory_op(XENMEM_access_op, &ma), -XEN_ESRCH);
}

/*
 * The structure is exactly Xen's 32 bytes: placed in the last 32 bytes of
 * a page followed by an unmapped GFN, access_op must work.  A hypervisor
 * reading a larger structure would fault on the next page (-EFAULT).  The
 * structure's page (hole + 70) and the target page (hole + 72, a 4 KiB
 * leaf, so that changing its access splits nothing) are populated for the
 * test and given back afterwards; hole + 71 stays unmapped.  Also checks
 * that default sets the domain's default access.
 */
static void access_op_at_page_end(unsigned long hole)
{
    unsigned long page = hole + 70, target = hole + 72;
    xen_mem_access_op_t *ma;
    unsigned int acc;
    long rc;

    if ( !check_unmapped(page, -1) || !check_unmapped(page + 1, -1) ||
         !check_unmapped(target, -1) )
        return;
    ext_list[0] = page;
    ext_list[1] = target;
    rc = reservation_op(XENMEM_populate_physmap, ext_list, 2, 0, DOMID_SELF);
    if ( !check(rc == 2, "populate 2 pages at 0x%lx returned %ld", page, rc) )
        return;

    ma = (xen_mem_access_op_t *)(gpa(page + 1) - sizeof(*ma));
    memset(ma, 0, sizeof(*ma));
    ma->op = XENMEM_access_op_set_access;
    ma->access = XENMEM_access_r;
    ma->domid = DOMID_SELF;
    ma->nr = 1;
    ma->pfn = target;
    expect_rc("set_access, 32-byte struct at the end of a page before a hole",
              memory_op(XENMEM_access_op, ma), 0);
    rc = get_access(target, &acc);
    check(rc == 0 && acc == XENMEM_access_r,
          "set_access at a page end: access %u (rc %ld), expected %u", acc, rc,
          XENMEM_access_r);

    ma->op = XENMEM_access_op_get_access;
    ma->access = 0xee;
    expect_rc("get_access, 32-byte struct at the end of a page before a hole",
              memory_op(XENMEM_access_op, ma), 0);
    check(ma->access == XENMEM_access_r,
          "get_access at a page end wrote %u, expected %u", ma->access,
          XENMEM_access_r);

    /* default: the domain's default access, what every page starts with. */
    ma->op = XENMEM_access_op_set_access;
    ma->access = XENMEM_access_default;
    expect_rc("set_access default", memory_op(XENMEM_access_op, ma), 0);
    rc = get_access(target, &acc);
    check(rc == 0 && acc == t.default_access,
          "access after set_access default: %u (rc %ld), expected %u", acc, rc,
          t.default_access);

    ext_list[0] = page;
    ext_list[1] = target;
    rc =
        reservation_op(XENMEM_decrease_reservation, ext_list, 2, 0, DOMID_SELF);
    check(rc == 2, "decrease 2 pages at 0x%lx returned %ld", page, rc);
}

static void hostile_values(unsigned long hole)
{
    static const unsigned long bad_hypercalls[] = { 0, 47, 49, 1000, ~0UL };
    static const unsigned long bad_subops[] = { 40, 50, 63 };
    static const domid_t bad_domids[] = { 1, 5, 0x7ff1, 0x7ffe, 0xffff };
    unsigned long bv = pick_block(t.region, BLK_ACCESS);
    xen_mem_access_op_t ma;
    unsigned int i, acc;
    char what[96];
    long rc;

    for ( i = 0; i < ARRAY_SIZE(bad_hypercalls); i++ )
    {
        snprintf(what, sizeof(what), "hypercall %lu", bad_hypercalls[i]);
        expect_rc(what, hypercall(bad_hypercalls[i], 0, 0, 0, 0, 0),
                  -XEN_ENOSYS);
    }
    for ( i = 0; i < ARRAY_SIZE(bad_subops); i++ )
    {
        snprintf(what, sizeof(what), "memory_op sub-op %lu", bad_subops[i]);
        expect_rc(what, memory_op(bad_subops[i], scratch), -XEN_ENOSYS);
    }
    rc = p2m_debug(99, scratch);
    expect_rc2("p2m debug sub-op 99", rc, -XEN_ENOSYS, -XEN_EINVAL);

    /*
     * Access values: Xen's rx2rw, n2rwx and r_pw are refused (the p2m
     * cannot honour them), so are values past default.
     */
    expect_rc("set_access rx2rw", set_access(bv, 1, XENMEM_access_rx2rw),
              -XEN_EINVAL);
    expect_rc("set_access n2rwx", set_access(bv, 1, XENMEM_access_n2rwx),
              -XEN_EINVAL);
    expect_rc("set_access r_pw", set_access(bv, 1, XENMEM_access_r_pw),
              -XEN_EINVAL);
    expect_rc("set_access 12", set_access(bv, 1, XENMEM_access_default + 1),
              -XEN_EINVAL);
    expect_rc("set_access 255", set_access(bv, 1, 255), -XEN_EINVAL);
    memset(&ma, 0, sizeof(ma));
    ma.op = 7;
    ma.domid = DOMID_SELF;
    ma.pfn = bv;
    ma.nr = 1;
    rc = memory_op(XENMEM_access_op, &ma);
    expect_rc2("access_op op 7", rc, -XEN_EINVAL, -XEN_ENOSYS);
    ma.op = XENMEM_access_op_set_access;
    ma.access = XENMEM_access_r;
    set_xen_guest_handle(ma.pfn_list, (const uint64_t *)ext_list);
    expect_rc("set_access with a pfn_list", memory_op(XENMEM_access_op, &ma),
              -XEN_EINVAL);
    memset(&ma.pfn_list, 0, sizeof(ma.pfn_list));
    set_xen_guest_handle(ma.access_list, (const uint8_t *)ext_list);
    expect_rc("set_access with an access_list",
              memory_op(XENMEM_access_op, &ma), -XEN_EINVAL);
    rc = get_access(bv, &acc);
    check(rc == 0 && acc == t.default_access,
          "access of gfn 0x%lx changed "
          "to %u by refused calls (rc %ld)",
          bv, acc, rc);
    expect_rc2("add_to_physmap space 99",
               add_to_physmap(99, bv, hole + 60, 0, DOMID_SELF), -XEN_EINVAL,
               -XEN_ENOSYS);

    access_op_at_page_end(hole);

    /* Other domains. */
    for ( i = 0; i < ARRAY_SIZE(bad_domids); i++ )
        expect_domid_refused(bad_domids[i], bv, hole);
    check_mapped(bv, 1, &(p2m_query_t){ 0 });
    check_unmapped(hole + 61, -1);
}

static void sc_hostile(void)
{
    unsigned long hole;
    p2m_stats_t b, a;
    p2m_query_t q;

    if ( !need_region() )
        return;
    hole = pick_block(t.region, BLK_HOLE);
    nr_calls_checked = 0;

    /* move-page made this block a hole (with a few pages moved in). */
    if ( !check_unmapped(hole, -1) )
        return;
    if ( !check_mapped(pick_block(t.region, BLK_ACCESS), 1, &q) )
        return;

    read_stats(&b);
    hostile_gfns(hole);
    check_audit("after bad GFNs and orders");
    hostile_lists(hole);
    check_audit("after long lists");
    hostile_bad_fifth(hole);
    check_audit("after a list with a bad fifth extent");
    hostile_handles(hole);
    check_audit("after bad handles");
    hostile_values(hole);
    check_audit("after bad values");
    read_stats(&a);

    /* All the calls that worked were undone: the same p2m shape. */
    {
        struct stats_delta got, none = { .splits = 0 };

        stats_delta_of(&b, &a, &got);
        if ( !delta_equal(&got, &none) )
        {
            char sgot[120];

            format_delta(sgot, sizeof(sgot), &got);
            check(false, "hostile calls changed the p2m: %s", sgot);
            print_stats("before", &b);
            print_stats("after", &a);
        }
    }
    check(a.md_pages == b.md_pages,
          "hostile calls changed the type/access "
          "pages: %lu -> %lu",
          (unsigned long)b.md_pages, (unsigned long)a.md_pages);
    /* dom0 still works: a store and a load in its own RAM. */
    must_store((unsigned long)&scratch[64], 0x77UL << 16);
    describe_op(&b, &a,
                "%u hostile calls (bad GFNs, orders, lists, handles, access "
                "values, domids) gave the documented result; net",
                nr_calls_checked);
}

/* ------------------------------------------------------------------ */
/* Scenario 10: a 2 MiB block ballooned page by page, then as one     */
/* ------------------------------------------------------------------ */

static void accept_delta(const p2m_stats_t *b, const p2m_stats_t *a);

static bool mem_info(struct xen_riscv_mem_info *m)
{
    long rc;

    memset(m, 0, sizeof(*m));
    rc = p2m_debug(XEN_RISCV_P2M_DEBUG_mem_info, m);

    return check(rc == 0, "mem_info sub-op returned %ld", rc);
}

/* Are the frames behind [gfn, gfn + nr) one contiguous, aligned block? */
static bool frames_contiguous(unsigned long gfn, unsigned long nr)
{
    p2m_query_t q;
    unsigned long first = 0, i;

    for ( i = 0; i < nr; i++ )
    {
        if ( !query_ok(gfn + i, &q) )
            return false;
        if ( i == 0 )
            first = q.mfn;
        if ( q.mfn != first + i || (first & (nr - 1)) )
            return false;
    }

    return true;
}

/*
 * What a balloon driver does: give back the pages of a 2 MiB block one
 * by one and take them back one by one (in reverse order, so that the
 * frames behind the block are no longer one aligned chunk), then give
 * the block back as one order-9 extent.  Xen frees an extent page by
 * page, so the extent must go whatever its frames.  All or nothing: with
 * one page of the block missing, the order-9 extent fails and changes
 * nothing.  The free heap must grow by exactly the 512 pages when dom0
 * is the only domain (another one allocates as it likes).
 */
static void sc_balloon_2m(void)
{
    struct xen_riscv_mem_info m0 = { 0 }, m1 = { 0 }, m2 = { 0 }, m3 = { 0 };
    unsigned long blk, i, gap;
    p2m_stats_t b0, b, a;
    p2m_query_t q;
    bool alone;
    long rc;

    if ( !need_region() )
        return;
    blk = pick_block(t.region, BLK_BALLOON);
    gap = blk + 7;
    if ( !read_stats(&b0) || !mem_info(&m0) )
        return;
    alone = m0.nr_domains == 1;

    for ( i = 0; i < PAGES_2M; i++ )
    {
        rc = decrease(blk + i, 0);
        if ( !check(rc == 1, "decrease_reservation of gfn 0x%lx returned %ld",
                    blk + i, rc) )
            goto out;
    }
    mark_dirty(blk);
    for ( i = PAGES_2M; i-- > 0; )
    {
        rc = populate(blk + i, 0);
        if ( !check(rc == 1, "populate_physmap of gfn 0x%lx returned %ld",
                    blk + i, rc) )
            goto out;
    }
    if ( !check(!frames_contiguous(blk, PAGES_2M),
                "the frames of the repopulated block 0x%lx are contiguous "
                "(the allocator changed?): nothing to test",
                blk) )
        goto out;
    fill_full(blk, PAGES_2M);
    mem_info(&m1);
    check(m1.tot_pages == m0.tot_pages,
          "dom0 owns %lu pages after giving back and taking back 512, "
          "%lu before",
          (unsigned long)m1.tot_pages, (unsigned long)m0.tot_pages);

    /* A hole in the block: the extent fails, and changes nothing. */
    rc = decrease(gap, 0);
    if ( !check(rc == 1, "decrease_reservation of gfn 0x%lx returned %ld", gap,
                rc) )
        goto out;
    read_stats(&b);
    rc = decrease(blk, ORDER_2M);
    read_stats(&a);
    check(rc == 0,
          "decrease_reservation order 9 over a block with a hole at 0x%lx "
          "returned %ld, expected 0 extents",
          gap, rc);
    check(!memcmp(a.leaves, b.leaves, sizeof(a.leaves)) &&
              a.tables == b.tables && a.splits == b.splits,
          "the refused order-9 extent changed the p2m's statistics");
    check_mapped(blk, 0, &q);
    check_mapped(blk + PAGES_2M - 1, 0, &q);
    verify_full("the block after the refused extent", blk, PAGES_2M, gap);
    rc = populate(gap, 0);
    if ( !check(rc == 1, "populate_physmap of gfn 0x%lx returned %ld", gap,
                rc) )
        goto out;
    fill_page(gap);

    /* The whole block, scattered frames and all, in one extent. */
    mem_info(&m1);
    read_stats(&b);
    rc = decrease(blk, ORDER_2M);
    read_stats(&a);
    mem_info(&m2);
    if ( check(rc == 1,
               "decrease_reservation order 9 of the scattered block 0x%lx "
               "returned %ld",
               blk, rc) )
    {
        check(a.leaves[0] == b.leaves[0] - PAGES_2M,
              "4 KiB leaves %lu -> %lu, expected 512 fewer",
              (unsigned long)b.leaves[0], (unsigned long)a.leaves[0]);
        check_fenced("unmap the scattered block", &b, &a, false);
        for ( i = 0; i < PAGES_2M; i += 73 )
            check_unmapped(blk + i, -1);
        check_unmapped(blk + PAGES_2M - 1, -1);
        must_fault_load(gpa(blk));
        must_fault_store(gpa(blk + PAGES_2M) - 8);
        check(m2.tot_pages == m1.tot_pages - PAGES_2M,
              "dom0 owns %lu pages, %lu before the order-9 extent",
              (unsigned long)m2.tot_pages, (unsigned long)m1.tot_pages);
        if ( alone )
            check(m2.heap_free == m1.heap_free + PAGES_2M,
                  "free heap %lu pages, %lu before the order-9 extent",
                  (unsigned long)m2.heap_free, (unsigned long)m1.heap_free);
    }

    /* Back to one 2 MiB leaf, for the rest of the run. */
    rc = populate(blk, ORDER_2M);
    check(rc == 1, "populate_physmap order 9 at 0x%lx returned %ld", blk, rc);
    mem_info(&m3);
    check(m3.tot_pages == m0.tot_pages, "dom0 owns %lu pages, %lu at the start",
          (unsigned long)m3.tot_pages, (unsigned long)m0.tot_pages);
    if ( alone )
        check(m3.heap_free == m0.heap_free,
              "free heap %lu pages at the end, %lu at the start",
              (unsigned long)m3.heap_free, (unsigned long)m0.heap_free);

 out:
    check_audit("after balloon-2m");
    read_stats(&a);
    accept_delta(&b0, &a);
    /* The whole scenario's effect joins the running total, once. */
    describe("512 pages of block 0x%lx out and back one by one (frames "
             "scattered), order 9 with a hole refused, then taken as one "
             "extent: heap %lu -> %lu (+%ld), dom0 %lu -> %lu pages; "
             "block repopulated, heap back to %lu%s",
             blk, (unsigned long)m1.heap_free, (unsigned long)m2.heap_free,
             (long)(m2.heap_free - m1.heap_free), (unsigned long)m1.tot_pages,
             (unsigned long)m2.tot_pages, (unsigned long)m3.heap_free,
             alone ? "" : " (heap not checked: other domains run)");
}

/*
 * The statistics at the end against those at boot plus what the scenarios
 * did (t.expected); the pool balances, and the type/access storage is back
 * to its boot size since every access change was undone.
 */
static void check_totals(const p2m_stats_t *sp)
{
    const p2m_stats_t *init = &t.initial;
    const p2m_stats_t s = *sp;
    unsigned int l;

    for ( l = 0; l < XEN_RISCV_P2M_LEVELS; l++ )
        check(s.leaves[l] == init->leaves[l] + t.expected.leaves[l],
              "level %u leaves: %lu, expected %lu + %ld", l,
              (unsigned long)s.leaves[l], (unsigned long)init->leaves[l],
              t.expected.leaves[l]);
    check(s.tables == init->tables + t.expected.tables,
          "tables: %lu, expected %lu + %ld", (unsigned long)s.tables,
          (unsigned long)init->tables, t.expected.tables);
    check(s.splits == init->splits + t.expected.splits,
          "splits: %lu, expected %lu + %ld", (unsigned long)s.splits,
          (unsigned long)init->splits, t.expected.splits);
    check(s.merges == init->merges + t.expected.merges,
          "merges: %lu, expected %lu + %ld", (unsigned long)s.merges,
          (unsigned long)init->merges, t.expected.merges);
    /* Every table and type/access page comes from the pool. */
    check(s.pool_free <= s.pool_total &&
              s.pool_total - s.pool_free == s.tables + s.md_pages,
          "pool: %lu free of %lu, but %lu tables + %lu type pages in use",
          (unsigned long)s.pool_free, (unsigned long)s.pool_total,
          (unsigned long)s.tables, (unsigned long)s.md_pages);
    /* Every access change was undone, so its storage must be gone too. */
    check(s.md_pages == init->md_pages,
          "type/access pages: %lu, %lu at "
          "boot (storage not freed when unused?)",
          (unsigned long)s.md_pages, (unsigned long)init->md_pages);
}

/* ------------------------------------------------------------------ */
/* Scenario 11: the totals                                            */
/* ------------------------------------------------------------------ */

/*
 * Bootargs "many_runs": give every other page of split-4k's block access
 * r (splitting it to 4 KiB leaves if its page got its own frame back and
 * merged), so that the layout has more runs than dump_layout prints (the
 * smoke test checks the console for the cap), then give them back the
 * default access, which merges whatever the first one split.
 */
static void many_runs(void)
{
    unsigned long blk = t.s2_gfn & ~(PAGES_2M - 1), i, nr_set = 0;
    p2m_stats_t b, a;
    long rc;

    if ( !t.s2_gfn || !read_stats(&b) )
        return;
    for ( i = 0; i < PAGES_2M; i += 2 )
        if ( !check(set_access(blk + i, 1, XENMEM_access_r) == 0,
                    "set_access r on gfn 0x%lx failed", blk + i) )
            break;
        else
            nr_set++;

    rc = dump_layout("with every other page of a 2 MiB block read-only");
    check(rc > 64 + 256,
          "dump_layout returned %ld runs with %lu read-only pages "
          "alternating with read/write ones",
          rc, nr_set);

    for ( i = 0; i < nr_set; i++ )
        check(set_access(blk + 2 * i, 1, t.default_access) == 0,
              "restoring the access of gfn 0x%lx failed", blk + 2 * i);
    check_audit("after many_runs");
    if ( read_stats(&a) )
        check(a.md_pages == b.md_pages && a.tables == b.tables,
              "many_runs left type pages %lu (was %lu), tables %lu (was %lu)",
              (unsigned long)a.md_pages, (unsigned long)b.md_pages,
              (unsigned long)a.tables, (unsigned long)b.tables);
    describe("%lu pages r and back: %ld runs", nr_set, rc);
}

static void sc_final_audit(void)
{
    const p2m_stats_t *init = &t.initial;
    p2m_stats_t s;
    unsigned int blk;

    check_audit("at the end");
    if ( !read_stats(&s) )
        return;
    print_stats("final", &s);

    check_totals(&s);
    /* A split needs a fence: there were some unless every remap skipped. */
    check(!t.expected.splits ||
              (fences_of(&s) > fences_of(init) && s.flushes > init->flushes),
          "no fences or flushes counted: fences %lu -> %lu, flushes %lu -> "
          "%lu",
          fences_of(init), fences_of(&s), (unsigned long)init->flushes,
          (unsigned long)s.flushes);
    check(s.root_level == t.root_level, "root level changed: %u -> %u",
          t.root_level, s.root_level);
    describe_op(init, &s, "audit clean, totals match; since boot");

    /* Content nobody was supposed to touch is still there. */
    for ( blk = 0; blk < BLOCKS_PER_1G; blk++ )
    {
        if ( t.gib1 && !t.dirty1[blk] )
            verify_sample("first 1 GiB at the end", t.gib1 + blk * PAGES_2M,
                          PAGES_2M, 0, 0, false);
        if ( t.gib2 && !t.dirty2[blk] )
            verify_sample("second 1 GiB at the end", t.gib2 + blk * PAGES_2M,
                          PAGES_2M, 0, 0, false);
        if ( cur_failures > 8 )
            break;
    }
    describe("layout after the remaps: %ld runs",
             dump_layout("after the partial remaps"));
    if ( t.many_runs )
        many_runs();
}

/* ------------------------------------------------------------------ */
/* domU mode (bootargs "domu"): a small domain beside dom0            */
/* ------------------------------------------------------------------ */

/*
 * A domU has a few hundred MiB of RAM, usually in 2 MiB leaves, and may
 * grow by only a few MiB, so it runs the 4 KiB-in-a-superpage cases of
 * the scenarios above (whatever leaf level its RAM got) plus isolation
 * checks, in 2 MiB blocks of its RAM picked by these indices.  dom0 runs
 * concurrently on another hart.
 */
#define DOMU_BLK_SPLIT 40
#define DOMU_BLK_RO    50
#define DOMU_BLK_MOVE  60
#define DOMU_BLK_ISO   70
/* The last block used: RAM must reach past it. */
#define DOMU_BLK_LAST DOMU_BLK_ISO

static unsigned long domu_block(unsigned int idx)
{
    return pick_block(t.ram_base >> PAGE_SHIFT, idx);
}

/*
 * The domU scenarios that work in its RAM's blocks need it to reach past
 * DOMU_BLK_LAST; a smaller domU skips them (domu-layout and domu-final
 * still check what there is).
 */
static bool domu_ram_enough(void)
{
    unsigned long need = (DOMU_BLK_LAST + 2) * PAGES_2M;

    if ( (t.ram_end - t.ram_base) >> PAGE_SHIFT > need )
        return true;
    skip("needs more than %lu MiB of RAM in the domU: domU_mem >= %luM",
         need >> (20 - PAGE_SHIFT), (need >> (20 - PAGE_SHIFT)) + 2);

    return false;
}

/* A 2 MiB-aligned hole well above the domU's RAM. */
static unsigned long domu_hole(void)
{
    return ((t.ram_end >> PAGE_SHIFT) | (PAGES_2M - 1)) + 1 + 4 * PAGES_2M;
}

/*
 * For changes whose exact table accounting is not the point (moves into
 * holes, extents outside RAM): what they did joins the running total, so
 * that the final check still catches anything else changing the p2m
 * (such as another domain's remaps leaking into this one).
 */
static void accept_delta(const p2m_stats_t *b, const p2m_stats_t *a)
{
    struct stats_delta got;
    unsigned int l;

    stats_delta_of(b, a, &got);
    for ( l = 0; l < XEN_RISCV_P2M_LEVELS; l++ )
        t.expected.leaves[l] += got.leaves[l];
    t.expected.tables += got.tables;
    t.expected.splits += got.splits;
    t.expected.merges += got.merges;
}

static void sc_domu_layout(void)
{
    unsigned long gfn = t.ram_base >> PAGE_SHIFT;
    unsigned long end = t.ram_end >> PAGE_SHIFT;
    unsigned long nr_leaves = 0;
    p2m_query_t q;

    check(t.root_level >= 2 && t.root_level <= 4,
          "stats report root level %u, expected 2..4", t.root_level);
    if ( t.expect_root_level )
        check(t.root_level == t.expect_root_level,
              "root level %u, but bootargs expect root level %u", t.root_level,
              t.expect_root_level);
    check_audit("at boot");

    while ( gfn < end && nr_leaves < 4096 )
    {
        unsigned int want = largest_level(gfn, end);

        nr_leaves++;
        if ( !check_mapped(gfn, -1, &q) )
            break;
        if ( nr_leaves == 1 )
            t.default_access = q.access;
        check(q.level == want,
              "RAM gfn 0x%lx is in a level %u leaf; the layout allows "
              "level %u",
              gfn, q.level, want);
        if ( q.level > t.root_level )
            break;
        gfn = (gfn | (LEVEL_PAGES(q.level) - 1)) + 1;
    }
    check_unmapped(end, -1);

    /* Every page gets its pattern; domu-final checks it all. */
    fill_sample(t.ram_base >> PAGE_SHIFT, end - (t.ram_base >> PAGE_SHIFT));
    info("RAM 0x%lx-0x%lx: %lu leaves, vmid %u, access %s", t.ram_base,
         t.ram_end, nr_leaves, t.initial.vmid, access_name(t.default_access));
    describe("RAM 0x%lx-0x%lx in %lu leaves, each the largest the layout "
             "allows; nothing mapped past it; audit clean",
             t.ram_base, t.ram_end, nr_leaves);
}

static void sc_domu_split_4k(void)
{
    unsigned long blk, g, n[6];
    struct stats_delta exp;
    p2m_stats_t b, a;
    p2m_query_t q, qold;
    unsigned int level;
    long rc;

    if ( !domu_ram_enough() )
        return;
    blk = domu_block(DOMU_BLK_SPLIT);
    g = blk + 0x123;
    n[0] = g - 1;
    n[1] = g + 1;
    n[2] = blk;
    n[3] = blk + PAGES_2M - 1;
    n[4] = blk - 1;
    n[5] = blk + PAGES_2M;
    fill_full(blk, PAGES_2M);
    save_queries(n, ARRAY_SIZE(n));
    if ( !check_mapped(g, -1, &q) ||
         !check(q.level >= 1, "gfn 0x%lx is already in a 4 KiB leaf", g) )
        return;
    exp = punch_delta(q.level, true);
    level = q.level;
    qold = q;

    read_stats(&b);
    rc = decrease(g, 0);
    read_stats(&a);
    if ( !check(rc == 1, "decrease_reservation of gfn 0x%lx returned %ld", g,
                rc) )
        return;
    check_delta("unmap 4K in a superpage", &b, &a, &exp);
    check_fenced("unmap 4K in a superpage", &b, &a, true);
    describe_op(&b, &a, "unmap GFN 0x%lx inside a %s leaf", g,
                level_size[q.level]);

    check_unmapped(g, 0);
    must_fault_load(gpa(g));
    must_fault_store(gpa(g) + 0x10);
    must_fault_fetch(gpa(g));
    check_saved("after the unmap", n, ARRAY_SIZE(n));
    verify_full("the 2 MiB around the hole", blk, PAGES_2M, g);

    read_stats(&b);
    rc = populate(g, 0);
    read_stats(&a);
    if ( !check(rc == 1, "populate_physmap of gfn 0x%lx returned %ld", g, rc) )
        return;
    /*
     * As in split-4k: the page's own frame makes the superpage whole again
     * (it merges back); another frame, whichever the allocator gives (dom0
     * allocates at the same time), must not merge.
     */
    if ( !query_ok(g, &q) )
        return;
    if ( q.mfn == qold.mfn )
    {
        exp = unpunch_delta(level, true);
        check_delta("populate 4K with its own frame", &b, &a, &exp);
        check_fenced("populate 4K with its own frame", &b, &a, true);
        check_mapped(g, level, &q);
    }
    else
    {
        check_delta("populate 4K with another frame", &b, &a,
                    &(struct stats_delta){ .leaves = { [0] = 1 } });
        check_mapped(g, 0, &q);
    }
    verify_page("repopulated page", g, g, true);
    fill_page(g);
    check_saved("after populate", n, ARRAY_SIZE(n));
    check_audit("after domu-split-4k");
}

static void sc_domu_readonly_4k(void)
{
    unsigned long p;
    struct stats_delta exp;
    unsigned int acc;
    p2m_stats_t b, a;
    p2m_query_t q;
    long rc;

    if ( !domu_ram_enough() )
        return;
    p = domu_block(DOMU_BLK_RO) + 5;

    if ( !check_mapped(p, -1, &q) ||
         !check(q.level >= 1, "gfn 0x%lx is already in a 4 KiB leaf", p) )
        return;
    exp = punch_delta(q.level, false);
    fill_full(p - 1, 3);

    read_stats(&b);
    rc = set_access(p, 1, XENMEM_access_r);
    read_stats(&a);
    if ( !check(rc == 0, "set_access r on gfn 0x%lx returned %ld", p, rc) )
        return;
    check_delta("set_access r on 4K in a superpage", &b, &a, &exp);
    check_fenced("set_access r on 4K in a superpage", &b, &a, true);
    describe_op(&b, &a, "make GFN 0x%lx read-only inside a %s leaf", p,
                level_size[q.level]);

    rc = get_access(p, &acc);
    check(rc == 0 && acc == XENMEM_access_r,
          "get_access after set: rc %ld access %u", rc, acc);
    must_load(gpa(p), pattern(p, 0));
    must_fault_store(gpa(p) + 8);
    must_store(gpa(p - 1) + 8, pattern(p - 1, 1));
    must_store(gpa(p + 1) + 8, pattern(p + 1, 1));

    read_stats(&b);
    rc = set_access(p, 1, t.default_access);
    read_stats(&a);
    check(rc == 0, "restoring the access of gfn 0x%lx returned %ld", p, rc);
    /* Its own frame and access again: the split merges back (R11). */
    exp = unpunch_delta(q.level, false);
    check_delta("restore the access", &b, &a, &exp);
    check_fenced("restore the access", &b, &a, true);
    must_store(gpa(p) + 8, pattern(p, 1));
    verify_full("the pages around the read-only one", p - 1, 3, 0);
    check_audit("after domu-readonly-4k");
}

static void sc_domu_move_page(void)
{
    unsigned long s, d = domu_hole();
    p2m_stats_t b, a;
    p2m_query_t qs, qd;
    unsigned int level;
    long rc;

    if ( !domu_ram_enough() )
        return;
    s = domu_block(DOMU_BLK_MOVE) + 5;

    fill_page(s);
    if ( !check_mapped(s, -1, &qs) )
        return;
    level = qs.level;

    read_stats(&b);
    rc = add_to_physmap(XENMAPSPACE_gmfn, s, d, 0, DOMID_SELF);
    if ( !check(rc == 0, "add_to_physmap gmfn 0x%lx -> 0x%lx returned %ld", s,
                d, rc) )
    {
        read_stats(&a);
        accept_delta(&b, &a);
        return;
    }
    if ( check_mapped(d, 0, &qd) )
        check(qd.mfn == qs.mfn, "moved page: mfn 0x%lx, expected 0x%lx",
              (unsigned long)qd.mfn, (unsigned long)qs.mfn);
    check_unmapped(s, 0);
    must_fault_load(gpa(s));
    verify_page("moved page", d, s, false);

    rc = add_to_physmap(XENMAPSPACE_gmfn, d, s, 0, DOMID_SELF);
    read_stats(&a);
    if ( !check(rc == 0, "moving gfn 0x%lx back to 0x%lx returned %ld", d, s,
                rc) )
    {
        accept_delta(&b, &a);
        return;
    }
    /*
     * There and back: the tables built for the hole went with it, and
     * every split made on the way out merged back on the way in.
     */
    check_delta("move out and back", &b, &a,
                &(struct stats_delta){ .splits = level, .merges = level });
    check_unmapped(d, -1);
    /*
     * Its own frame back in its place: the superpage it was taken out of
     * is whole again and merges back (R11).
     */
    if ( check_mapped(s, level, &qs) )
        check(qs.mfn == qd.mfn, "page moved back: mfn 0x%lx, expected 0x%lx",
              (unsigned long)qs.mfn, (unsigned long)qd.mfn);
    verify_page("page moved back", s, s, false);
    check_audit("after domu-move-page");
    describe_op(&b, &a, "move GFN 0x%lx to GFN 0x%lx above RAM and back", s, d);
}

/*
 * What a domU must not be able to do: act on another domain, touch or
 * give back memory it does not own, see dom0's RAM at the GPAs dom0 has
 * beyond the domU's RAM, or grow past its allowance.
 */
static void sc_domu_isolation(void)
{
    /* 0 is dom0; the others do not exist.  1 is this domain. */
    static const domid_t others[] = { 0, 2, 5, 0x7ff1, 0xffff };
    unsigned long bv, hole = domu_hole();
    unsigned long big = (t.ram_base >> PAGE_SHIFT) + 4 * PAGES_1G;
    unsigned long beyond[3];
    p2m_stats_t b, a;
    p2m_query_t q, q0;
    unsigned int i;
    long rc;

    if ( !domu_ram_enough() )
        return;
    bv = domu_block(DOMU_BLK_ISO);
    if ( !check_mapped(bv, -1, &q0) )
        return;

    for ( i = 0; i < ARRAY_SIZE(others); i++ )
        expect_domid_refused(others[i], bv, hole);
    if ( check_mapped(bv, -1, &q) )
        check(q.mfn == q0.mfn && q.access == q0.access,
              "gfn 0x%lx changed by calls for other domains", bv);
    check_unmapped(hole + 61, -1);
    check_unmapped(hole + 62, -1);

    /* GFNs it does not own: nothing there to give back or move. */
    expect_rc("decrease of an unmapped gfn", decrease(hole + 63, 0), 0);
    rc = add_to_physmap(XENMAPSPACE_gmfn, hole + 63, hole + 64, 0, DOMID_SELF);
    check(rc < 0, "add_to_physmap from unmapped gfn 0x%lx returned %ld",
          hole + 63, rc);
    check_unmapped(hole + 64, -1);

    /*
     * dom0's RAM sits at these GPAs in dom0's p2m; in ours there is
     * nothing, and the same addresses fault.
     */
    beyond[0] = t.ram_end >> PAGE_SHIFT;
    beyond[1] = (t.ram_base >> PAGE_SHIFT) + PAGES_1G / 2;
    beyond[2] = (t.ram_base >> PAGE_SHIFT) + PAGES_1G - 1;
    for ( i = 0; i < ARRAY_SIZE(beyond); i++ )
    {
        /* A domU of 1 GiB or more has its own RAM there. */
        if ( beyond[i] < (t.ram_end >> PAGE_SHIFT) ||
             (beyond[i] < hole + PAGES_2M && beyond[i] >= hole) )
            continue;
        check_unmapped(beyond[i], -1);
        must_fault_load(gpa(beyond[i]) + 0x40);
    }

    /* Growing: 2 MiB fits the allowance, 1 GiB must not. */
    read_stats(&b);
    rc = populate(hole, ORDER_2M);
    check(rc == 1, "populate of 2 MiB at gfn 0x%lx returned %ld", hole, rc);
    if ( rc == 1 )
    {
        fill_sample(hole, PAGES_2M);
        verify_sample("populated 2 MiB", hole, PAGES_2M, 0, 0, false);
        rc = decrease(hole, ORDER_2M);
        check(rc == 1, "decrease of 2 MiB at gfn 0x%lx returned %ld", hole, rc);
    }
    rc = populate(big, 18);
    check(rc == 0,
          "populate of 1 GiB at gfn 0x%lx returned %ld: a domU must not "
          "grow that much",
          big, rc);
    if ( rc == 1 )
        decrease(big, 18);
    read_stats(&a);
    accept_delta(&b, &a);
    check_unmapped(hole, -1);
    check_unmapped(big, -1);
    check_audit("after domu-isolation");
    describe("calls naming domains 0, 2, 5, 0x7ff1 and 0xffff refused and "
             "changed nothing; dom0's GPAs past this RAM fault; 2 MiB more "
             "can be populated, 1 GiB cannot");
}

/*
 * This domain's own GPA width bounds it, whatever dom0's is (each domain
 * has its own G-stage mode; the smoke test runs this domU in Sv39x4 beside
 * an Sv57x4 dom0, whose hostile scenario maps GFNs far above 2^29).  The
 * first GFN beyond the width is rejected, GPA 2^41 included when the width
 * is 41 bits, and the last one below it works.  Nothing is touched from
 * the guest side, so QEMU's sign-extended GPA check does not matter here.
 */
static void sc_domu_gpa_width(void)
{
    unsigned long lim = t.gfn_limit, last = lim - 1;
    p2m_stats_t b, a;
    p2m_query_t q;
    long rc;

    info("GPA width %u bits: GFNs below 0x%lx", t.gpa_bits, lim);
    expect_rc("populate gfn = GPA limit", populate(lim, 0), 0);
    expect_rc("set_access gfn = GPA limit", set_access(lim, 1, XENMEM_access_r),
              -XEN_EINVAL);
    rc = query(lim, &q);
    check(rc == -XEN_EINVAL || (rc == 0 && !q.valid),
          "query of gfn = GPA limit: rc %ld valid %u", rc, q.valid);
    if ( t.gpa_bits == 41 )
        expect_rc("populate GPA 2^41 in a 41-bit domain",
                  populate(1UL << (41 - PAGE_SHIFT), 0), 0);

    if ( !read_stats(&b) )
        return;
    rc = populate(last, 0);
    if ( check(rc == 1, "populate of gfn 0x%lx returned %ld", last, rc) )
    {
        check_mapped(last, 0, &q);
        expect_rc("decrease of the last gfn", decrease(last, 0), 1);
    }
    if ( read_stats(&a) )
        accept_delta(&b, &a);
    check_unmapped(last, -1);
    check_audit("after domu-gpa-width");
}

static void sc_domu_final(void)
{
    const p2m_stats_t *init = &t.initial;
    unsigned long base = t.ram_base >> PAGE_SHIFT;
    p2m_stats_t s;

    check_audit("at the end");
    if ( !read_stats(&s) )
        return;
    print_stats("final", &s);

    check_totals(&s);
    check(s.vmid == init->vmid || s.vmid, "vmid %u at the end", s.vmid);

    /*
     * Every page of RAM still holds its pattern, after all of this
     * domain's remaps and whatever dom0 did meanwhile on its own hart.
     */
    verify_sample("RAM at the end", base, (t.ram_end >> PAGE_SHIFT) - base, 0,
                  0, false);
    describe_op(init, &s,
                "audit clean, totals = boot + this domain's own remaps (none "
                "of dom0's), pattern intact; since boot");
}

/* ------------------------------------------------------------------ */
/* Driver                                                             */
/* ------------------------------------------------------------------ */

/* vspt.c: five pages in the second GiB above RAM (past gib2). */
/* ------------------------------------------------------------------ */
/* lifecycle mode: domains that come and go                            */
/* ------------------------------------------------------------------ */

#define LIFECYCLE_CYCLES 20
/* domain_state polls before a domU that should power off counts as hung. */
#define LIFECYCLE_POLLS   20000000UL
#define SHUTDOWN_POWEROFF 0

static long domain_op(unsigned long subop, unsigned long domid)
{
    return hypercall(__HYPERVISOR_arch_0, subop, domid, 0, 0, 0);
}

/*
 * Map page idx of domain fdom at gpfn (add_to_physmap_batch, one entry):
 * the call's result, and the entry's in *err.
 */
static long map_foreign(domid_t fdom, unsigned long idx, unsigned long gpfn,
                        int *err)
{
    static xen_add_to_physmap_batch_t b;
    static xen_ulong_t idxs[1];
    static xen_pfn_t gpfns[1];
    static int errs[1];
    long rc;

    memset(&b, 0, sizeof(b));
    b.domid = DOMID_SELF;
    b.space = XENMAPSPACE_gmfn_foreign;
    b.size = 1;
    b.u.foreign_domid = fdom;
    idxs[0] = idx;
    gpfns[0] = gpfn;
    errs[0] = 12345;
    set_xen_guest_handle(b.idxs, idxs);
    set_xen_guest_handle(b.gpfns, gpfns);
    set_xen_guest_handle(b.errs, errs);
    rc = memory_op(XENMEM_add_to_physmap_batch, &b);
    *err = errs[0];

    return rc;
}

static long remove_from_physmap(unsigned long gpfn)
{
    static xen_remove_from_physmap_t r;

    r.domid = DOMID_SELF;
    r.gpfn = gpfn;

    return memory_op(XENMEM_remove_from_physmap, &r);
}

/* Where dom0 maps the domU's page: far above its RAM. */
#define FOREIGN_GFN 0x300000UL
/* The domU's first page of kernel: the same image as ours, unchanged. */
#define FOREIGN_IDX ((GUEST_RAM_BASE + GUEST_KERNEL_OFFSET) >> PAGE_SHIFT)

/* gfn must be mapped, valid, with this type. */
static bool check_mapped_type(unsigned long gfn, p2m_query_t *q,
                              unsigned int type)
{
    if ( !query_ok(gfn, q) )
        return false;

    return check(q->valid && q->mfn != INVALID_GFN_MFN && q->type == type,
                 "gfn 0x%lx: valid %u mfn 0x%lx type %u, expected type %u", gfn,
                 q->valid, (unsigned long)q->mfn, q->type, type);
}

static bool same_page(unsigned long gfn_a, unsigned long gfn_b)
{
    const volatile unsigned long *a = (const void *)(gfn_a << PAGE_SHIFT);
    const volatile unsigned long *b = (const void *)(gfn_b << PAGE_SHIFT);

    for ( unsigned int i = 0; i < PAGE_SIZE / sizeof(long); i++ )
        if ( a[i] != b[i] )
            return false;

    return true;
}

/*
 * dom0 maps a page of the running domU id (its first kernel page), and
 * keeps it across the domU's end (foreign_release()).
 */
static void foreign_map(long id)
{
    p2m_query_t q;
    long rc;
    int err;

    rc = map_foreign(id, FOREIGN_IDX, FOREIGN_GFN, &err);
    if ( !check(rc == 0 && err == 0,
                "map d%ld's gfn 0x%lx at 0x%lx: %ld, entry %d", id, FOREIGN_IDX,
                FOREIGN_GFN, rc, err) )
        return;
    if ( check_mapped_type(FOREIGN_GFN, &q, XEN_RISCV_P2M_map_foreign_rw) )
        check(same_page(FOREIGN_GFN, FOREIGN_IDX),
              "d%ld's kernel page, mapped at 0x%lx, differs from ours", id,
              FOREIGN_GFN);
    rc = map_foreign(id, FOREIGN_IDX, FOREIGN_GFN, &err);
    check(rc == 0 && err == -XEN_EEXIST,
          "map over the foreign mapping: %ld, entry %d, expected -EEXIST", rc,
          err);
}

/*
 * d id is gone (destroyed by dom0, or by the hypervisor once it powered
 * off) while dom0 maps its page: the page stays allocated (the heap is
 * one page short of its count at the start) and readable, until dom0
 * unmaps it, which frees it.  Gives the pages held for the PASS line
 * through *held.
 */
static void foreign_release(long id, const char *how,
                            const struct xen_riscv_mem_info *m0,
                            unsigned long *held)
{
    struct xen_riscv_mem_info m;
    long rc;

    mem_info(&m);
    *held = m0->heap_free - m.heap_free;
    check(m.heap_free == m0->heap_free - 1,
          "free heap %lu pages with d%ld's page still mapped, expected "
          "%lu - 1",
          (unsigned long)m.heap_free, id, (unsigned long)m0->heap_free);
    check(same_page(FOREIGN_GFN, FOREIGN_IDX),
          "d%ld's page changed once d%ld was destroyed", id, id);

    gprintf("p2m-test: lifecycle: d%ld %s while dom0 maps its gfn 0x%lx at "
            "0x%lx: free heap %lu pages (start %lu), page still readable\n",
            id, how, FOREIGN_IDX, FOREIGN_GFN, (unsigned long)m.heap_free,
            (unsigned long)m0->heap_free);

    rc = remove_from_physmap(FOREIGN_GFN);
    check(rc == 0, "unmap the foreign page: %ld", rc);
    check_unmapped(FOREIGN_GFN, -1);
    mem_info(&m);
    gprintf("p2m-test: lifecycle: dom0 unmapped it: free heap %lu pages\n",
            (unsigned long)m.heap_free);
    check(m.heap_free == m0->heap_free,
          "free heap %lu pages once the last mapping of d%ld's page went, "
          "%lu at the start",
          (unsigned long)m.heap_free, id, (unsigned long)m0->heap_free);
}

/* Foreign-map requests that must fail, d id being alive. */
static void foreign_hostile(long id)
{
    unsigned long ram_end_gfn = t.ram_end >> PAGE_SHIFT;
    long rc;
    int err;

    rc = map_foreign(1234, FOREIGN_IDX, FOREIGN_GFN, &err);
    check(rc == 0 && err == -XEN_ESRCH,
          "map from unknown d1234: %ld, entry %d, expected -ESRCH", rc, err);
    rc = map_foreign(0, FOREIGN_IDX, FOREIGN_GFN, &err);
    check(rc == 0 && err == -XEN_EINVAL,
          "map from dom0 itself: %ld, entry %d, expected -EINVAL", rc, err);
    /* Beyond the domU's 64 MiB: a page it does not own. */
    rc = map_foreign(id, (GUEST_RAM_BASE >> PAGE_SHIFT) + 0x10000 + 5,
                     FOREIGN_GFN, &err);
    check(rc == 0 && err == -XEN_EINVAL,
          "map a gfn d%ld does not have: %ld, entry %d, expected -EINVAL", id,
          rc, err);
    rc = map_foreign(id, FOREIGN_IDX, ram_end_gfn - 1, &err);
    check(rc == 0 && err == -XEN_EEXIST,
          "map over our own RAM: %ld, entry %d, expected -EEXIST", rc, err);
    rc = add_to_physmap(XENMAPSPACE_gmfn_foreign, FOREIGN_IDX, FOREIGN_GFN, 0,
                        DOMID_SELF);
    check(rc == -XEN_ENOSYS,
          "add_to_physmap (not batch) with gmfn_foreign: %ld, expected "
          "-ENOSYS",
          rc);
    check_unmapped(FOREIGN_GFN, -1);
}

/*
 * Wait until domain id has ended on its own and the hypervisor destroyed
 * it: its state goes from running through shut down and dying to dead.
 * Returns the last state read; *polls how many reads it took.
 */
static long wait_dead(long id, unsigned long *polls)
{
    long st = XEN_RISCV_DOMAIN_running;
    unsigned long i;

    for ( i = 0; i < LIFECYCLE_POLLS; i++ )
    {
        st = domain_op(XEN_RISCV_P2M_DEBUG_domain_state, id);
        if ( st < 0 || st >= XEN_RISCV_DOMAIN_dead )
            break;
    }
    *polls = i;

    return st;
}

/* Cycles that name the id they want, a destroyed domain's. */
#define REUSE_CYCLE_BOOT 5  /* the boot domU's id, 1 */
#define REUSE_CYCLE_PREV 11 /* the previous cycle's */

/*
 * dom0: build a domain from the module, let it run (to its own poweroff
 * every other time, after which the hypervisor destroys it; destroyed by
 * dom0 while it runs otherwise), and check that every page it had is back
 * in the heap, exactly.  Ids: a domain gets the first free one after the
 * last one handed out (so the first after the boot domU's), or the one
 * dom0 names, a destroyed domain's.  Around it, the requests that must
 * fail, with Xen's errors.
 */
static void sc_lifecycle(void)
{
    struct xen_riscv_mem_info m0, m;
    unsigned long n, polls, heap_min = ~0UL, heap_max = 0, ran = 0, held = 0;
    unsigned long reused = 0;
    long id, rc, st, prev = -1, next_auto = 1;
    bool boot_domu;

    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, 0);
    check(rc == -XEN_EINVAL, "destroy dom0: %ld, expected -EINVAL", rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, DOMID_SELF);
    check(rc == -XEN_ESRCH, "destroy DOMID_SELF: %ld, expected -ESRCH", rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, 1234);
    check(rc == -XEN_ESRCH, "destroy unknown d1234: %ld, expected -ESRCH", rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, 0x10000);
    check(rc == -XEN_ESRCH, "destroy d0x10000 (not dom0): %ld, expected -ESRCH",
          rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_state, 1234);
    check(rc == -XEN_ESRCH, "state of unknown d1234: %ld, expected -ESRCH", rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_create, 0x10000);
    check(rc == -XEN_EINVAL, "create d0x10000: %ld, expected -EINVAL", rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_create, DOMID_SELF);
    check(rc == -XEN_EEXIST, "create DOMID_SELF: %ld, expected -EEXIST", rc);

    /*
     * A domU built at boot (d1) powers off on its own; the hypervisor
     * destroys it, and dom0 sees it dead, its end (poweroff: its checks
     * passed) still readable, and nothing left to destroy.
     */
    st = domain_op(XEN_RISCV_P2M_DEBUG_domain_state, 1);
    boot_domu = st != -XEN_ESRCH;
    if ( boot_domu )
    {
        st = wait_dead(1, &polls);
        check(st == XEN_RISCV_DOMAIN_dead + SHUTDOWN_POWEROFF,
              "boot domU d1: state %ld after %lu polls, expected dead after "
              "a poweroff (%d)",
              st, polls, XEN_RISCV_DOMAIN_dead + SHUTDOWN_POWEROFF);
        rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, 1);
        check(rc == -XEN_ESRCH, "destroy the dead d1: %ld, expected -ESRCH",
              rc);
        next_auto = 2;
    }

    if ( !mem_info(&m0) ||
         !check(m0.nr_domains == 1,
                "%u domains at the start, expected dom0 alone", m0.nr_domains) )
        return;
    gprintf("p2m-test: lifecycle: free heap at the start: %lu pages%s\n",
            (unsigned long)m0.heap_free,
            boot_domu ? " (the boot domU d1 powered off and is gone)" : "");

    for ( n = 0; n < LIFECYCLE_CYCLES && !cur_failures; n++ )
    {
        bool wait = !(n & 1);
        bool foreign = n == 0 || n == LIFECYCLE_CYCLES - 3;
        long want = 0;

        if ( n == REUSE_CYCLE_BOOT && boot_domu )
            want = 1;
        else if ( n == REUSE_CYCLE_PREV )
            want = prev;
        id = domain_op(XEN_RISCV_P2M_DEBUG_domain_create, want);
        if ( want )
        {
            if ( !check(id == want,
                        "cycle %lu: domain_create of destroyed d%ld's id "
                        "returned %ld",
                        n, want, id) )
                break;
            reused++;
        }
        else
        {
            if ( !check(id == next_auto,
                        "cycle %lu: domain_create returned %ld, expected the "
                        "next free id, %ld",
                        n, id, next_auto) )
                break;
            next_auto = id + 1;
        }
        rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_create, 0);
        check(rc == -XEN_EBUSY,
              "cycle %lu: a second domain_create while d%ld exists: %ld, "
              "expected -EBUSY",
              n, id, rc);
        rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_create, id);
        check(rc == -XEN_EEXIST,
              "cycle %lu: domain_create of d%ld, which exists: %ld, expected "
              "-EEXIST",
              n, id, rc);
        if ( foreign )
            foreign_map(id);
        if ( n == 1 )
            foreign_hostile(id);

        if ( wait )
        {
            /* Nobody destroys it but the hypervisor, once it powered off. */
            st = wait_dead(id, &polls);
            check(st == XEN_RISCV_DOMAIN_dead + SHUTDOWN_POWEROFF,
                  "cycle %lu: d%ld state %ld after %lu polls, expected "
                  "dead after a poweroff (%d): its checks failed?",
                  n, id, st, polls, XEN_RISCV_DOMAIN_dead + SHUTDOWN_POWEROFF);
            rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, id);
            check(rc == -XEN_ESRCH,
                  "cycle %lu: destroy d%ld, dead: %ld, expected -ESRCH", n, id,
                  rc);
            ran++;
        }
        else
        {
            /*
             * If it got to its poweroff first, it is dead (or dying: this
             * call then finishes the hypervisor's work), else this kills it.
             */
            rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, id);
            check(rc == 0 || rc == -XEN_ESRCH, "cycle %lu: destroy d%ld: %ld",
                  n, id, rc);
        }
        if ( foreign )
            foreign_release(id,
                            wait ? "powered off and was destroyed"
                                 : "destroyed by dom0",
                            &m0, &held);

        st = domain_op(XEN_RISCV_P2M_DEBUG_domain_state, id);
        if ( wait )
            check(st == XEN_RISCV_DOMAIN_dead + SHUTDOWN_POWEROFF,
                  "cycle %lu: state of dead d%ld: %ld", n, id, st);
        else
            check(st == -XEN_ESRCH ||
                      st == XEN_RISCV_DOMAIN_dead + SHUTDOWN_POWEROFF,
                  "cycle %lu: state of destroyed d%ld: %ld", n, id, st);
        rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, id);
        check(rc == -XEN_ESRCH, "cycle %lu: destroy d%ld again: %ld", n, id,
              rc);

        if ( !mem_info(&m) )
            break;
        gprintf("p2m-test: lifecycle: cycle %lu: d%ld%s %s: free heap %lu "
                "pages (start %lu), largest destroy step %lu\n",
                n, id, want ? " (id asked for)" : "",
                wait ? "powered off, destroyed by the hypervisor"
                     : "destroyed by dom0 while running",
                (unsigned long)m.heap_free, (unsigned long)m0.heap_free,
                (unsigned long)m.kill_step_max);
        check(m.heap_free == m0.heap_free,
              "cycle %lu: free heap %lu pages after d%ld went, %lu at the "
              "start",
              n, (unsigned long)m.heap_free, id, (unsigned long)m0.heap_free);
        check(m.nr_domains == 1, "cycle %lu: %u domains after the destroy", n,
              m.nr_domains);
        check(m.tot_pages == m0.tot_pages, "cycle %lu: dom0 owns %lu pages", n,
              (unsigned long)m.tot_pages);
        if ( m.heap_free < heap_min )
            heap_min = m.heap_free;
        if ( m.heap_free > heap_max )
            heap_max = m.heap_free;
        prev = id;
    }
    check_audit("after the lifecycle cycles");
    mem_info(&m);
    describe("%s%lu domains (%lu destroyed by the hypervisor after their "
             "poweroff), ids up to %ld, %lu ids of destroyed domains reused; "
             "heap %lu, after each %lu-%lu; largest destroy step %lu; "
             "foreign map held %lu page past the end; bad ops refused",
             boot_domu ? "boot domU d1 powered off and destroyed itself; " : "",
             n, ran, next_auto - 1, reused, (unsigned long)m0.heap_free,
             heap_min, heap_max, (unsigned long)m.kill_step_max, held);
}

/*
 * domU in lifecycle mode: it may neither build nor destroy domains, nor
 * look at them; then it gives back and takes back some memory, so that
 * the destroy finds scattered pages.
 */
static void sc_domu_unprivileged(void)
{
    unsigned long g = (t.ram_base >> PAGE_SHIFT) + 0x1000, i;
    long rc;

    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_create, 0);
    check(rc == -XEN_EPERM, "domain_create: %ld, expected -EPERM", rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, 0);
    check(rc == -XEN_EPERM, "destroy dom0: %ld, expected -EPERM", rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_destroy, 1234);
    check(rc == -XEN_EPERM, "destroy d1234: %ld, expected -EPERM", rc);
    rc = domain_op(XEN_RISCV_P2M_DEBUG_domain_state, 0);
    check(rc == -XEN_EPERM, "state of dom0: %ld, expected -EPERM", rc);
    {
        int err;

        rc = map_foreign(0, GUEST_RAM_BASE >> PAGE_SHIFT, 0x300000, &err);
        check(rc == 0 && err == -XEN_EPERM,
              "foreign map of a dom0 page: %ld, entry %d, expected -EPERM", rc,
              err);
        check_unmapped(0x300000, -1);
    }

    for ( i = 0; i < 64; i += 2 )
    {
        rc = decrease(g + i, 0);
        check(rc == 1, "decrease_reservation of gfn 0x%lx: %ld", g + i, rc);
    }
    for ( i = 0; i < 64; i += 2 )
    {
        rc = populate(g + i, 0);
        check(rc == 1, "populate_physmap of gfn 0x%lx: %ld", g + i, rc);
    }
    check_audit("after the churn");
    describe("create, destroy, state and a foreign map of dom0's page refused "
             "(-EPERM); 32 pages out and back in");
}

static void sc_vs_pt_walk(void)
{
    unsigned long base =
        (((t.ram_end >> PAGE_SHIFT) + PAGES_1G - 1) & ~(PAGES_1G - 1)) +
        PAGES_1G;
    p2m_stats_t b, a;

    if ( !read_stats(&b) )
        return;
    vs_pt_walk(base, check);
    if ( read_stats(&a) )
        accept_delta(&b, &a);
    check_audit("after the VS-stage walks");
}

struct scenario {
    const char *name;
    void (*run)(void);
};

static const struct scenario scenarios[] = {
    { "trap-handler", sc_trap_handler }, { "superpages", sc_superpages },
    { "merge-back", sc_merge_back },     { "split-4k", sc_split_4k },
    { "split-2m", sc_split_2m },         { "readonly-4k", sc_readonly_4k },
    { "move-page", sc_move_page },       { "no-split", sc_no_split },
    { "hostile", sc_hostile },           { "vs-pt-walk", sc_vs_pt_walk },
    { "balloon-2m", sc_balloon_2m },     { "final-audit", sc_final_audit },
};
#define nr_scenarios ARRAY_SIZE(scenarios)

static const struct scenario domu_scenarios[] = {
    { "trap-handler", sc_trap_handler },
    { "domu-layout", sc_domu_layout },
    { "domu-split-4k", sc_domu_split_4k },
    { "domu-readonly-4k", sc_domu_readonly_4k },
    { "domu-move-page", sc_domu_move_page },
    { "domu-isolation", sc_domu_isolation },
    { "domu-gpa-width", sc_domu_gpa_width },
    { "domu-final", sc_domu_final },
};

/*
 * Bootargs "lifecycle": dom0 builds domains from the domU module, and
 * destroys them, over and over (the hypervisor boots with domU_on_demand);
 * each such domU (bootargs "domu lifecycle") checks that it may not do the
 * same, churns a little memory and powers off.
 */
static const struct scenario lifecycle_scenarios[] = {
    { "trap-handler", sc_trap_handler },
    { "lifecycle", sc_lifecycle },
};

static const struct scenario domu_lifecycle_scenarios[] = {
    { "trap-handler", sc_trap_handler },
    { "domu-unprivileged", sc_domu_unprivileged },
};

/* The list this run goes through: scenarios, or domu_scenarios. */
static const struct scenario *run_list = scenarios;
static unsigned int run_count = nr_scenarios;

static unsigned long unexpected_at_start;

static void scenario_begin(unsigned int i)
{
    cur_index = i;
    cur_name = run_list[i].name;
    cur_failures = 0;
    cur_reason[0] = '\0';
    cur_skip[0] = '\0';
    cur_summary[0] = '\0';
    unexpected_at_start = unexpected_traps;
}

static void scenario_end(void)
{
    if ( unexpected_traps != unexpected_at_start )
        check(false, "%lu unexpected trap(s)",
              unexpected_traps - unexpected_at_start);
    if ( t.fail_scenario == (int)cur_index )
        check(false, "deliberate failure (FAIL_SCENARIO=%d build)",
              t.fail_scenario);

    if ( cur_failures )
    {
        gprintf("p2m-test: %s: FAIL (%s%s)\n", cur_name, cur_reason,
                cur_failures > 1 ? "; more above" : "");
        nr_failed++;
    }
    else if ( cur_skip[0] )
    {
        gprintf("p2m-test: %s: SKIP (%s)\n", cur_name, cur_skip);
        nr_skipped++;
    }
    else
    {
        gprintf("p2m-test: %s: PASS%s%s%s\n", cur_name,
                cur_summary[0] ? " (" : "", cur_summary,
                cur_summary[0] ? ")" : "");
        nr_passed++;
    }
}

void abort_run(const char *why)
{
    unsigned int i;

    check(false, "aborted: %s", why);
    scenario_end();
    for ( i = cur_index + 1; i < run_count; i++ )
    {
        gprintf("p2m-test: %s: FAIL (not run: an earlier scenario aborted)\n",
                run_list[i].name);
        nr_failed++;
    }
    finish();
}

static void parse_bootargs(const char *args)
{
    static const char *const modes[] = { "sv39x4", "sv48x4", "sv57x4" };
    const char *p = args;
    unsigned int i;

    while ( *p )
    {
        const char *tok = p;
        size_t len;

        while ( *p && *p != ' ' )
            p++;
        len = p - tok;
        while ( *p == ' ' )
            p++;

        if ( len > 12 && !strncmp(tok, "expect_mode=", 12) )
        {
            for ( i = 0; i < ARRAY_SIZE(modes); i++ )
                if ( len == 12 + strlen(modes[i]) &&
                     !strncmp(tok + 12, modes[i], strlen(modes[i])) )
                    t.expect_root_level = i + 2;
        }
        else if ( len > 14 && !strncmp(tok, "fail_scenario=", 14) )
            t.fail_scenario = parse_ulong(tok + 14, NULL);
        else if ( len == 12 && !strncmp(tok, "provoke_trap", 12) )
            t.provoke_trap = true;
        else if ( len == 13 && !strncmp(tok, "provoke_abort", 13) )
            t.provoke_abort = true;
        else if ( len == 5 && !strncmp(tok, "bench", 5) )
            t.bench = true;
        else if ( len == 9 && !strncmp(tok, "many_runs", 9) )
            t.many_runs = true;
        else if ( len == 4 && !strncmp(tok, "domu", 4) )
            t.domu = true;
        else if ( len == 9 && !strncmp(tok, "lifecycle", 9) )
            t.lifecycle = true;
    }
}

/*
 * Instructions retired so far.  Under QEMU's -icount shift=0 this is an
 * exact, repeatable count (the hypervisor sets hcounteren.IR).
 */
static unsigned long rdinstret(void)
{
    unsigned long v;

    asm volatile ( "rdinstret %0" : "=r" (v) );

    return v;
}

/*
 * Bootargs "bench": instructions per hypercall for the QEMU half of
 * `make bench` (scripts/bench.sh), printed as
 * "p2m-bench: <what>: <N> instructions".  Each figure is the count around
 * the ecall minus that of a null hypercall, so it is the hypervisor's
 * share of the work.
 */
static void run_bench(void)
{
    unsigned long base = t.ram_base >> PAGE_SHIFT;
    unsigned long hole = base + 0x20123, ro = base + 0x30001;
    unsigned long two_mb = base + 0x31000;
    unsigned long null_cost, t0;
    long rc;
    unsigned int i;

    gprintf("p2m-bench: boot to dom0 entry: %lu instructions\n",
            t.instret_at_entry);

    /* The cheapest call there is, to subtract the call overhead. */
    null_cost = ~0UL;
    for ( i = 0; i < 8; i++ )
    {
        t0 = rdinstret();
        hypercall(__HYPERVISOR_xen_version, 0, 0, 0, 0, 0);
        t0 = rdinstret() - t0;
        if ( t0 < null_cost )
            null_cost = t0;
    }
    gprintf("p2m-bench: null hypercall (xen_version): %lu instructions\n",
            null_cost);

#define BENCH(what, call)                                                      \
    do                                                                         \
    {                                                                          \
        t0 = rdinstret();                                                      \
        rc = (call);                                                           \
        t0 = rdinstret() - t0;                                                 \
        gprintf("p2m-bench: %s: %lu instructions (rc %ld)\n", what,            \
                t0 - null_cost, rc);                                           \
    } while ( 0 )

    BENCH("unmap 4K inside a 1G leaf (split 1G->2M->4K)", decrease(hole, 0));
    BENCH("restore that 4K page (populate)", populate(hole, 0));
    BENCH("access change on one page (split 2M->4K)",
          set_access(ro, 1, XENMEM_access_r));
    BENCH("unmap 2M (a whole 2M leaf)", decrease(two_mb, 9));
#undef BENCH

    nr_passed = 0;
    nr_failed = 0;
    finish();
}

void guest_main(unsigned long vcpu, unsigned long dtb);

void guest_main(unsigned long vcpu, unsigned long dtb)
{
    unsigned int i;
    long rc;

    t.instret_at_entry = rdinstret();
    t.vcpu = vcpu;
    t.fail_scenario = FAIL_SCENARIO;

    gprintf("p2m-test: starting on vcpu %lu, dtb at 0x%lx, image "
            "0x%lx-0x%lx\n",
            vcpu, dtb, (unsigned long)_start, (unsigned long)_end);

    if ( fdt_parse(dtb, &t.bi) )
    {
        gprintf("p2m-test: cannot parse the device tree at 0x%lx\n", dtb);
        nr_failed = nr_scenarios;
        finish();
    }
    for ( i = 0; i < t.bi.nr_banks; i++ )
        if ( (unsigned long)_start >= t.bi.bank_base[i] &&
             (unsigned long)_start - t.bi.bank_base[i] < t.bi.bank_size[i] )
        {
            t.ram_base = t.bi.bank_base[i];
            t.ram_end = t.bi.bank_base[i] + t.bi.bank_size[i];
        }
    parse_bootargs(t.bi.bootargs);
    gprintf("p2m-test: RAM 0x%lx-0x%lx (%lu MiB), bootargs \"%s\"\n",
            t.ram_base, t.ram_end, (t.ram_end - t.ram_base) >> 20,
            t.bi.bootargs);

    rc = p2m_debug(XEN_RISCV_P2M_DEBUG_stats, &t.initial);
    t.hypervisor = rc == 0;
    if ( t.hypervisor )
    {
        t.root_level = t.initial.root_level;
        t.gpa_bits = 12 + 9 * (t.root_level + 1) + 2;
        t.gfn_limit = 1UL << (t.gpa_bits - PAGE_SHIFT);
        gprintf("p2m-test: G-stage root level %u (%u-bit GPA), vmid %u\n",
                t.root_level, t.gpa_bits, t.initial.vmid);
    }
    else
    {
        /*
         * Every scenario but the first looks at the p2m through the debug
         * interface.  Its absence is the environment when the hypervisor
         * was built without it (-ENOSYS while other hypercalls work) or
         * when there is no hypervisor (SBI knows no such extension);
         * anything else is a defect.
         */
        long ver =
            hypercall(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);

        if ( ver >= 0 && rc == -XEN_ENOSYS )
            t.no_debug = "needs the p2m debug interface (CONFIG_P2M_DEBUG=y)";
        else if ( ver == SBI_ERR_NOT_SUPPORTED && rc == SBI_ERR_NOT_SUPPORTED )
            t.no_debug = "needs the hypervisor: booted without one";
        gprintf("p2m-test: the p2m debug hypercall returned %ld, xen_version "
                "%ld: %s\n",
                rc, ver, t.no_debug ? t.no_debug : "a defect");
    }

    if ( t.bench && t.hypervisor )
        run_bench();

    if ( t.domu )
    {
        run_list = domu_scenarios;
        run_count = ARRAY_SIZE(domu_scenarios);
    }
    if ( t.lifecycle )
    {
        run_list = t.domu ? domu_lifecycle_scenarios : lifecycle_scenarios;
        run_count = t.domu ? ARRAY_SIZE(domu_lifecycle_scenarios)
                           : ARRAY_SIZE(lifecycle_scenarios);
    }

    for ( i = 0; i < run_count; i++ )
    {
        scenario_begin(i);
        if ( i && t.no_debug )
            skip("%s", t.no_debug);
        else if ( i && !t.hypervisor )
            check(false, "the p2m debug interface failed (rc %ld)", rc);
        else
            run_list[i].run();
        scenario_end();
    }

    finish();
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
