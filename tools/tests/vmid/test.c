/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hosted test of the VMID allocator (xen/arch/riscv/vmid.c, compiled
 * unchanged): tiny VMID widths, many p2ms and harts, random sequences of
 * vCPU loads, harts going idle and p2m updates, checked against a model
 * of what each hart's TLB may hold.
 *
 * The model, per hart and per VMID as the hardware sees it (bits at or
 * above VMIDLEN ignored):
 *  - G-stage: which p2ms' entries may be cached, and the oldest version
 *    of each p2m they come from.  A hart may cache entries of whatever
 *    hgatp holds at any time (speculation), Bare included (as "p2m"
 *    BARE under VMID 0: a MODE change for a VMID needs an x0 fence).
 *  - VS-stage: which vCPUs' guest translations may be cached.
 * HFENCE.GVMA x0,x0 empties a hart's G-stage model, x0,vmid one VMID;
 * HFENCE.VVMA empties the VS-stage set of the VMID in hgatp.  A p2m
 * update bumps its version and flushes p2m->vmid on every hart of its
 * dirty mask, as p2m_tlb_flush() does.
 *
 * Checked whenever a hart runs a vCPU of p2m X under VMID v: nothing of
 * another p2m (or Bare) and nothing older than X's current version is
 * cached under v; no other vCPU's VS-stage entries are; and v is
 * p2m->vmid (otherwise X's own flushes miss the hart).
 *
 * The dirty mask, after every step: a hart running X is in X's mask; a
 * hart outside it caches nothing of X under any VMID (else X's flushes
 * miss it), and p2m_leave_dirty() checks that already when the bit goes
 * (a hart must fence before it leaves); and a hart in it runs X or ran X
 * just before the p2m it runs now (vmid.c keeps that one's entries), so
 * an idle hart gets no fence for X, nor one that has run two other p2ms
 * since.  A directed test counts the fence targets of X's updates as
 * harts go idle, switch away and come back.
 *
 * Exit status: 0 all passed, 1 the model caught a violation, 2 usage or
 * internal error.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xen/lib.h>
#include <asm/flushtlb.h>
#include <asm/p2m.h>
#include <asm/vmid.h>

#define MAX_BITS  6
#define MAX_HARTS CONFIG_NR_CPUS
#define MAX_P2MS  12
#define BARE      MAX_P2MS /* model index of Bare hgatp */
#define NR_VMIDS  (1U << MAX_BITS)
#define NR_VCPUS  (MAX_P2MS * MAX_HARTS)
#define NO_VCPU   (-1)

struct gent {
    bool any;
    unsigned long oldest;
};

struct hart {
    unsigned int loaded; /* p2m index or BARE */
    unsigned int prev;   /* p2m loaded before it, BARE after idle */
    unsigned int vmid;   /* hgatp.VMID as written */
    int vcpu;            /* running vCPU or NO_VCPU */
};

static unsigned int bits, nr_harts, nr_p2ms;
static unsigned int model_hart;
static struct hart harts[MAX_HARTS];
static struct gent gtlb[MAX_HARTS][NR_VMIDS][MAX_P2MS + 1];
static bool vtlb[MAX_HARTS][NR_VMIDS][NR_VCPUS];
static unsigned long version[MAX_P2MS + 1];
static struct p2m_domain p2ms[MAX_P2MS];
static struct vmid_slot slots[MAX_P2MS];
static char vcpu_tags[MAX_P2MS][MAX_HARTS];

static unsigned long step, seed;
static unsigned long violations;
/* Harts X's updates fenced, and those among them not running X. */
static unsigned long fence_targets, fence_strays;
static const char *config_name;

/* ---- what vmid.c and its headers need ---- */

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "panic: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(2);
}

void assert_failed(const char *expr, const char *file, unsigned int line)
{
    fprintf(stderr, "Assertion '%s' failed at %s:%u (seed %lu, step %lu)\n",
            expr, file, line, seed, step);
    exit(2);
}

static unsigned int hw_vmid(unsigned long vmid)
{
    return vmid & ((1U << bits) - 1);
}

static void violation(const char *fmt, ...)
{
    va_list ap;

    if ( violations++ < 3 )
    {
        va_start(ap, fmt);
        printf("vmid: VIOLATION (%s, seed %lu, step %lu): ", config_name, seed,
               step);
        vprintf(fmt, ap);
        printf("\n");
        va_end(ap);
    }
}

/* The hart may cache whatever hgatp holds, at any moment. */
static void speculate(unsigned int h)
{
    struct hart *hs = &harts[h];
    unsigned int v = hw_vmid(hs->vmid);
    struct gent *e = &gtlb[h][v][hs->loaded];

    if ( !e->any )
    {
        e->any = true;
        e->oldest = version[hs->loaded];
    }
    if ( hs->vcpu != NO_VCPU )
        vtlb[h][v][hs->vcpu] = true;
}

void gstage_load_hgatp(unsigned long hgatp)
{
    unsigned int h = model_hart;

    speculate(h);
    if ( !hgatp )
    {
        harts[h].loaded = BARE;
        harts[h].vmid = 0;
    }
    else
    {
        unsigned long ppn = hgatp & ((1UL << 44) - 1);

        if ( ppn < 1 || ppn > nr_p2ms )
            panic("hgatp %#lx names no p2m", hgatp);
        harts[h].loaded = ppn - 1;
        harts[h].vmid = (hgatp >> 44) & ((1U << VMID_BITS_MAX) - 1);
    }
    harts[h].vcpu = NO_VCPU;
    speculate(h);
}

void model_hfence_gvma(bool all_vmids, unsigned long vmid)
{
    unsigned int h = model_hart;

    if ( all_vmids )
        memset(gtlb[h], 0, sizeof(gtlb[h]));
    else
        memset(gtlb[h][hw_vmid(vmid)], 0, sizeof(gtlb[h][0]));
}

void model_hfence_vvma(void)
{
    unsigned int h = model_hart;

    memset(vtlb[h][hw_vmid(harts[h].vmid)], 0, sizeof(vtlb[h][0]));
}

void p2m_set_vmid(struct p2m_domain *p2m, unsigned int vmid)
{
    if ( !p2m->locked )
        panic("p2m_set_vmid() without the p2m lock");
    p2m->vmid = vmid;
    p2m->hgatp = (8UL << 60) | ((unsigned long)vmid << 44) | (p2m->id + 1);
}

void p2m_mark_dirty(struct p2m_domain *p2m, unsigned int cpu)
{
    cpumask_set_cpu(cpu, &p2m->dirty_cpumask);
}

/*
 * The moment the bit goes, the hart must hold nothing of the p2m under
 * its VMID and must no longer have it in hgatp (or it could refill it):
 * from now on the p2m's updates skip this hart.
 */
void p2m_leave_dirty(struct p2m_domain *p2m, unsigned int cpu)
{
    unsigned int x = p2m->id;

    if ( cpu != model_hart )
        violation("hart %u takes hart %u out of p2m %u's dirty mask",
                  model_hart, cpu, x);
    if ( !cpumask_test_cpu(cpu, &p2m->dirty_cpumask) )
        violation("hart %u leaves p2m %u's dirty mask, which it is not in", cpu,
                  x);
    if ( harts[cpu].loaded == x )
        violation("hart %u leaves p2m %u's dirty mask with the p2m still "
                  "in hgatp",
                  cpu, x);
    for ( unsigned int v = 0; v < NR_VMIDS; v++ )
        if ( gtlb[cpu][v][x].any )
            violation("hart %u leaves p2m %u's dirty mask with the p2m's "
                      "entries still cached under VMID %u (no fence first)",
                      cpu, x, v);
    cpumask_clear_cpu(cpu, &p2m->dirty_cpumask);
}

void p2m_write_lock(struct p2m_domain *p2m)
{
    p2m->locked++;
}

void p2m_write_unlock(struct p2m_domain *p2m)
{
    p2m->locked--;
}

/* ---- the model's checks and events ---- */

static void check_hart(unsigned int h)
{
    const struct hart *hs = &harts[h];
    unsigned int v = hw_vmid(hs->vmid), x = hs->loaded;

    if ( hs->vcpu == NO_VCPU )
        return;

    for ( unsigned int p = 0; p <= MAX_P2MS; p++ )
    {
        const struct gent *e = &gtlb[h][v][p];

        if ( !e->any )
            continue;
        if ( p != x )
            violation("hart %u runs p2m %u under VMID %u while %s%u's "
                      "entries may be cached there",
                      h, x, v, p == BARE ? "Bare/" : "p2m ", p);
        else if ( e->oldest != version[x] )
            violation("hart %u runs p2m %u under VMID %u with entries of "
                      "its version %lu cached (current %lu)",
                      h, x, v, e->oldest, version[x]);
    }

    for ( unsigned int c = 0; c < NR_VCPUS; c++ )
        if ( vtlb[h][v][c] && (int)c != hs->vcpu )
            violation("hart %u runs vCPU %d under VMID %u with vCPU %u's "
                      "VS-stage entries cached there",
                      h, hs->vcpu, v, c);

    if ( hs->vmid != p2ms[x].vmid )
        violation("hart %u runs p2m %u under VMID %u but the p2m flushes "
                  "VMID %u",
                  h, x, hs->vmid, p2ms[x].vmid);
}

/* The dirty masks against what the harts run and cache. */
static void check_masks(void)
{
    for ( unsigned int h = 0; h < nr_harts; h++ )
        for ( unsigned int x = 0; x < nr_p2ms; x++ )
        {
            bool in = cpumask_test_cpu(h, &p2ms[x].dirty_cpumask);

            if ( harts[h].loaded == x && !in )
                violation("hart %u runs p2m %u but is not in its dirty mask", h,
                          x);
            if ( in && harts[h].loaded != x && harts[h].prev != x )
                violation("hart %u is still in p2m %u's dirty mask while it "
                          "runs %s%u (before it %s%u): the p2m's fences "
                          "would go to it",
                          h, x, harts[h].loaded == BARE ? "Bare/" : "p2m ",
                          harts[h].loaded,
                          harts[h].prev == BARE ? "Bare/" : "p2m ",
                          harts[h].prev);
            for ( unsigned int v = 0; !in && v < NR_VMIDS; v++ )
                if ( gtlb[h][v][x].any )
                    violation("hart %u is out of p2m %u's dirty mask with "
                              "the p2m's entries cached under VMID %u",
                              h, x, v);
        }
}

static void do_idle(unsigned int h)
{
    /* What vcpu_stop_current() does. */
    model_hart = h;
    gstage_load_hgatp(0);
    local_hfence_gvma_all();
    vmid_cpu_idle(h);
    harts[h].prev = BARE;
}

static void do_enter(unsigned int h, unsigned int p)
{
    unsigned int was = harts[h].loaded;

    model_hart = h;
    vmid_load_p2m(&slots[p], &p2ms[p], &vcpu_tags[p][h], h);
    if ( harts[h].loaded != p )
        panic("vmid_load_p2m() did not load p2m %u", p);
    if ( was != p )
        harts[h].prev = was;
    harts[h].vcpu = p * MAX_HARTS + h;
    speculate(h);
    check_hart(h);
}

/* A p2m update: new version, then p2m_tlb_flush()'s VMID-wide fences. */
static void do_update(unsigned int p)
{
    unsigned int v = hw_vmid(p2ms[p].vmid);

    version[p]++;
    for ( unsigned int h = 0; h < nr_harts; h++ )
        if ( cpumask_test_cpu(h, &p2ms[p].dirty_cpumask) )
        {
            fence_targets++;
            fence_strays += harts[h].loaded != p;
            memset(gtlb[h][v], 0, sizeof(gtlb[h][v]));
        }
}

static unsigned long rnd_state;

static unsigned long rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static void setup(unsigned int b, unsigned int h, unsigned int p,
                  unsigned long s)
{
    bits = b;
    nr_harts = h;
    nr_p2ms = p;
    seed = s;
    rnd_state = s * 2654435761UL + 1;
    violations = 0;
    fence_targets = fence_strays = 0;

    memset(gtlb, 0, sizeof(gtlb));
    memset(vtlb, 0, sizeof(vtlb));
    memset(version, 0, sizeof(version));
    for ( unsigned int i = 0; i < MAX_HARTS; i++ )
        harts[i] =
            (struct hart){ .loaded = BARE, .prev = BARE, .vcpu = NO_VCPU };
    for ( unsigned int i = 0; i < MAX_P2MS; i++ )
    {
        memset(&p2ms[i], 0, sizeof(p2ms[i]));
        p2ms[i].id = i;
        p2m_write_lock(&p2ms[i]);
        p2m_set_vmid(&p2ms[i], VMID_SHARED);
        p2m_write_unlock(&p2ms[i]);
        vmid_slot_init(&slots[i]);
    }

    vmid_setup(b);
}

static bool run(unsigned int b, unsigned int h, unsigned int p, unsigned long s,
                unsigned long steps)
{
    static char name[64];
    struct vmid_stats st;

    snprintf(name, sizeof(name), "bits=%u harts=%u p2ms=%u", b, h, p);
    config_name = name;
    setup(b, h, p, s);

    for ( step = 0; step < steps && violations == 0; step++ )
    {
        unsigned int r = rnd() % 100;
        unsigned int hart = rnd() % nr_harts;

        if ( r < 45 )
        {
            /* vCPUs start from idle; a scheduler would switch directly. */
            if ( harts[hart].vcpu != NO_VCPU && (rnd() & 1) )
                do_idle(hart);
            do_enter(hart, rnd() % nr_p2ms);
        }
        else if ( r < 60 )
            do_idle(hart);
        else
            do_update(rnd() % nr_p2ms);

        for ( unsigned int i = 0; i < nr_harts; i++ )
        {
            speculate(i);
            check_hart(i);
        }
        check_masks();
    }

    vmid_get_stats(&st);
    printf("vmid: %s seed=%lu: %lu steps, %lu generations, %lu allocations, "
           "%lu shared, flushes all %lu shared %lu vs %lu, %lu mask exits, "
           "%lu fence targets (%lu on a hart that ran the p2m before its "
           "current one): %s\n",
           name, s, step, st.generation, st.allocations, st.shared,
           st.flush_all, st.flush_shared, st.flush_vs, st.left, fence_targets,
           fence_strays, violations ? "FAIL" : "ok");

    /* Tiny widths with more p2ms than VMIDs must have rolled over. */
    if ( !violations && b && p >= (1U << b) && !st.rollovers )
    {
        printf("vmid: %s: no rollover was exercised\n", name);
        return false;
    }

    return !violations;
}

/* Update p2m p; the harts it fences must be exactly those in want. */
static void expect_fences(unsigned int p, unsigned long want)
{
    unsigned long got = 0;

    for ( unsigned int h = 0; h < nr_harts; h++ )
        if ( cpumask_test_cpu(h, &p2ms[p].dirty_cpumask) )
            got |= 1UL << h;
    do_update(p);
    if ( got != want )
        violation("an update of p2m %u fences harts %#lx, expected %#lx", p,
                  got, want);
    for ( unsigned int i = 0; i < nr_harts; i++ )
    {
        speculate(i);
        check_hart(i);
    }
    check_masks();
    step++;
}

/*
 * A hart that goes idle gets no more fences for the p2m it ran.  One that
 * switches straight to another p2m keeps the old one's entries (that is
 * what VMIDs are for) and its fences, until it runs a third p2m or goes
 * idle; switching back costs nothing.  Under VMID 0 (bits = 0) the switch
 * itself fences VMID 0, so the hart leaves at once.  Four harts, three
 * p2ms, enough VMIDs for all of them when bits > 0.
 */
static bool directed(unsigned int b)
{
    static char name[64];
    bool v0 = !b;

    snprintf(name, sizeof(name), "directed dirty mask, bits=%u", b);
    config_name = name;
    setup(b, 4, 3, b);
    step = 0;

    do_enter(0, 0);
    do_enter(1, 0);
    do_enter(2, 1);
    do_enter(3, 2);
    expect_fences(0, 0x3);
    /* Hart 0 idle: out of p2m 0's mask. */
    do_idle(0);
    expect_fences(0, 0x2);
    /* Hart 1 from p2m 0 to p2m 1: keeps p2m 0 (not under VMID 0). */
    do_enter(1, 1);
    expect_fences(0, v0 ? 0 : 0x2);
    expect_fences(1, 0x6);
    /* On to p2m 2: p2m 0 is fenced and left, p2m 1 kept. */
    do_enter(1, 2);
    expect_fences(0, 0);
    expect_fences(1, v0 ? 0x4 : 0x6);
    expect_fences(2, 0xa);
    /* Back to p2m 1: no fence, p2m 2 kept. */
    do_enter(1, 1);
    expect_fences(1, 0x6);
    expect_fences(2, v0 ? 0x8 : 0xa);
    /* Idle: out of both. */
    do_idle(1);
    expect_fences(1, 0x4);
    expect_fences(2, 0x8);
    /* Hart 0 back on p2m 0: fenced again, and sees its updates. */
    do_enter(0, 0);
    expect_fences(0, 0x1);

    printf("vmid: %s: %lu fence targets, %lu of them not running the p2m "
           "(its previous one): %s\n",
           name, fence_targets, fence_strays, violations ? "FAIL" : "ok");

    return !violations;
}

int main(int argc, char **argv)
{
    static const unsigned int widths[] = { 0, 1, 2, 3, 6 };
    static const unsigned int hart_counts[] = { 1, 2, 4, 8 };
    static const unsigned int p2m_counts[] = { 1, 3, 12 };
    unsigned long base = time(NULL), steps = 20000;
    unsigned int passed = 0, failed = 0, n = 0;
    bool caught = false;

    for ( int i = 1; i < argc; i++ )
    {
        if ( !strcmp(argv[i], "--seed") && i + 1 < argc )
            base = strtoul(argv[++i], NULL, 0);
        else if ( !strcmp(argv[i], "--steps") && i + 1 < argc )
            steps = strtoul(argv[++i], NULL, 0);
        else
        {
            fprintf(stderr, "usage: %s [--seed N] [--steps N]\n", argv[0]);
            return 2;
        }
    }

    printf("vmid: base seed %lu (replay with --seed %lu), %lu steps each\n",
           base, base, steps);

    for ( unsigned int w = 0; w < ARRAY_SIZE(widths); w++ )
    {
        /* One VMID for three p2ms on four harts: no fixed expectations. */
        if ( widths[w] == 1 )
            continue;
        if ( directed(widths[w]) )
            passed++;
        else
        {
            failed++;
            caught |= violations != 0;
        }
    }

    for ( unsigned int w = 0; w < ARRAY_SIZE(widths); w++ )
        for ( unsigned int h = 0; h < ARRAY_SIZE(hart_counts); h++ )
            for ( unsigned int p = 0; p < ARRAY_SIZE(p2m_counts); p++ )
            {
                if ( run(widths[w], hart_counts[h], p2m_counts[p], base + n++,
                         steps) )
                    passed++;
                else
                {
                    failed++;
                    caught |= violations != 0;
                }
            }

    printf("%u passed, %u failed\n", passed, failed);

    return !failed ? 0 : caught ? 1 : 2;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
