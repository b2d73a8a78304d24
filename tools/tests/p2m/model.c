/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MMU and adversarial TLB model for the hosted p2m harness.
 *
 * The MMU walks hgatp-rooted G-stage tables exactly as the privileged spec
 * describes (notes/riscv-spec-facts.md, "Rules our MMU/TLB model must
 * enforce").  Encodings the p2m must never produce (reserved bits, W
 * without R, U/A/D/PBMT in a pointer, a pointer at level 0, a misaligned
 * superpage, a leaf with U=0, A=0 or a writable leaf with D=0 under Svade)
 * are reported as XL_BAD rather than as plain faults.
 *
 * The TLB of each hart caches leaf, invalid and non-leaf entries (tagged
 * with the VMID) whenever the harness lets it prefetch: after every store
 * to a live table and whenever a test touches a GPA.  A cached entry stays
 * until a fence the spec says removes it: an address fence removes leaf
 * and invalid entries covering the address, only an rs1 = x0 fence removes
 * non-leaf entries.  Walks through a cached non-leaf entry read the current
 * contents of the table it points to.
 *
 * Besides the probabilistic cache, the model keeps per-hart obligations,
 * which make the fence checks independent of what happened to be cached:
 * every store that changes a valid live PTE leaves the old value visible
 * to every hart that may hold this VMID's entries, until a fence that
 * covers it (an address fence inside the old leaf for leaf changes, a
 * VMID-wide fence for non-leaf and leaf<->non-leaf changes; facts 29-31).
 * Walks may read those stale values.  A table page unlinked from the tree
 * stays "dead but cached" on those harts until their next VMID-wide fence;
 * writing it or returning it to the pool before then is rule 28.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/flushtlb.h>
#include <asm/current.h>

#include "harness.h"

enum model_mutation model_mutation;
struct fence_counts model_fences;
unsigned long model_failures;
bool model_quiet;
uint64_t model_rng = 0x9e3779b97f4a7c15UL;
unsigned int model_prefetch_per_store = 1;
bool model_cheap;
unsigned long model_tlb_inserts;
unsigned long model_stores;
unsigned int harness_current_cpu;

unsigned int model_nr_touched;
uint64_t model_touched_gpa[MODEL_TOUCHED];
unsigned int model_touched_level[MODEL_TOUCHED];

/* The suite's idea of what a GPA should translate to (for full sweeps). */
struct xl (*model_expect_fn)(uint64_t gpa);

#define MAX_FAIL_PRINTS 40

void model_fail(const char *fmt, ...)
{
    va_list ap;

    model_failures++;
    if ( model_quiet || model_failures > MAX_FAIL_PRINTS )
        return;
    fputs("FAILURE: ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    if ( model_failures == MAX_FAIL_PRINTS )
        puts("FAILURE: (further failures not printed)");
}

uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dUL;
}

static uint64_t rnd(uint64_t n)
{
    return n ? rng_next(&model_rng) % n : 0;
}

/* ---- PTE decoding, one walk step (spec facts 13-23) ---- */

#define PTE_PPN(p)     (((p) >> PTE_PPN_SHIFT) & ((1UL << 44) - 1))
#define LEVEL_SHIFT(l) (PAGE_SHIFT + 9 * (l))
#define LEVEL_SIZE(l)  (1UL << LEVEL_SHIFT(l))

static bool raw_is_ptr(uint64_t p)
{
    return (p & PTE_VALID) && !(p & PTE_RWX_MASK);
}

static bool raw_is_leaf(uint64_t p)
{
    return (p & PTE_VALID) && (p & PTE_RWX_MASK);
}

/*
 * Svpbmt (fact 42b): the cacheability of a live mapping changes only
 * through an invalid entry (fenced, the frame flushed), never by one store
 * from a valid leaf to a valid leaf with other PBMT.
 */
static bool raw_pbmt_flip(uint64_t old, uint64_t v)
{
    return raw_is_leaf(old) && raw_is_leaf(v) &&
           (old & PTE_PBMT_MASK) != (v & PTE_PBMT_MASK);
}

enum step { STEP_DONE, STEP_PTR };

static enum step pte_step(uint64_t pte, unsigned int level, uint64_t gpa,
                          struct xl *x, uint64_t *next)
{
    unsigned int pbmt = (pte & PTE_PBMT_MASK) >> PTE_PBMT_SHIFT;
    uint64_t ppn = PTE_PPN(pte);

    memset(x, 0, sizeof(*x));
    x->level = level;
    x->kind = XL_BAD;

    if ( !(pte & PTE_VALID) )
    {
        x->kind = XL_FAULT;
        return STEP_DONE;
    }
    if ( pte & PTE_RESERVED )
        x->why = "reserved bits 60:54 set";
    else if ( pte & PTE_NAPOT )
        x->why = "N set (no Svnapot in the p2m)";
    else if ( (pte & PTE_WRITABLE) && !(pte & PTE_READABLE) )
        x->why = "W without R (reserved XWR)";
    else if ( pte & PTE_GLOBAL )
        x->why = "G set (reserved in G-stage)";
    else if ( !(pte & PTE_RWX_MASK) )
    {
        if ( level == 0 )
            x->why = "pointer at level 0";
        else if ( pte & (PTE_USER | PTE_ACCESSED | PTE_DIRTY) )
            x->why = "U/A/D set in a non-leaf PTE";
        else if ( pbmt )
            x->why = "PBMT set in a non-leaf PTE";
        else
        {
            *next = ppn;
            return STEP_PTR;
        }
    }
    else if ( pbmt == 3 )
        x->why = "leaf PBMT=3 (reserved)";
    else if ( level && (ppn & ((1UL << (9 * level)) - 1)) )
        x->why = "misaligned superpage";
    else if ( !(pte & PTE_USER) )
        x->why = "leaf with U=0 (every G-stage access faults)";
    else if ( !(pte & PTE_ACCESSED) )
        x->why = "leaf with A=0 (faults under Svade)";
    else if ( (pte & PTE_WRITABLE) && !(pte & PTE_DIRTY) )
        x->why = "writable leaf with D=0 (stores fault under Svade)";
    else
    {
        x->kind = XL_OK;
        x->pbmt = pbmt;
        x->ppn = ppn | ((gpa >> PAGE_SHIFT) & ((1UL << (9 * level)) - 1));
        x->perms = ((pte & PTE_READABLE) ? p2m_access_r : 0) |
                   ((pte & PTE_WRITABLE) ? p2m_access_w : 0) |
                   ((pte & PTE_EXECUTABLE) ? p2m_access_x : 0);
    }

    return STEP_DONE;
}

bool xl_equal(const struct xl *a, const struct xl *b)
{
    if ( a->kind != b->kind )
        return false;
    if ( a->kind != XL_OK )
        return true;
    return a->ppn == b->ppn && a->perms == b->perms && a->pbmt == b->pbmt;
}

void xl_format(const struct xl *x, char *buf, size_t n)
{
    switch ( x->kind )
    {
    case XL_OK:
        snprintf(buf, n, "mfn 0x%lx %c%c%c pbmt %u (L%u leaf)",
                 (unsigned long)x->ppn, (x->perms & p2m_access_r) ? 'r' : '-',
                 (x->perms & p2m_access_w) ? 'w' : '-',
                 (x->perms & p2m_access_x) ? 'x' : '-', x->pbmt, x->level);
        break;
    case XL_FAULT:
        snprintf(buf, n, "fault (V=0 at L%u)", x->level);
        break;
    default:
        snprintf(buf, n, "BAD ENCODING at L%u: %s", x->level, x->why);
        break;
    }
}

/* ---- hgatp (fact 2, rules 1-3) ---- */

struct hgatp_dec {
    bool ok;
    unsigned int root_level;
    unsigned int vmid;
    uint64_t root_ppn;
};

static struct hgatp_dec hgatp_decode(uint64_t hgatp)
{
    struct hgatp_dec d = { .ok = true };

    switch ( MASK_EXTR(hgatp, HGATP_MODE_MASK) )
    {
    case HGATP_MODE_SV39X4:
        d.root_level = 2;
        break;
    case HGATP_MODE_SV48X4:
        d.root_level = 3;
        break;
    case HGATP_MODE_SV57X4:
        d.root_level = 4;
        break;
    default:
        d.ok = false;
        break;
    }
    d.vmid = MASK_EXTR(hgatp, HGATP_VMID_MASK);
    /* PPN[1:0] read as zero in the x4 modes (fact 5). */
    d.root_ppn = MASK_EXTR(hgatp, HGATP_PPN_MASK) & ~3UL;
    return d;
}

static unsigned int gpa_bits_of(unsigned int root_level)
{
    return P2M_GPA_BITS(root_level);
}

static unsigned int level_index(uint64_t gpa, unsigned int level, bool root)
{
    return (gpa >> LEVEL_SHIFT(level)) & (root ? 2047 : 511);
}

struct xl mmu_walk(uint64_t hgatp, uint64_t gpa)
{
    struct hgatp_dec d = hgatp_decode(hgatp);
    struct xl x = { .kind = XL_BAD, .why = "hgatp MODE not Sv39x4/48x4/57x4" };
    uint64_t table = d.root_ppn;

    if ( !d.ok )
        return x;
    if ( gpa >> gpa_bits_of(d.root_level) )
    {
        x.kind = XL_FAULT;
        x.level = d.root_level;
        return x;
    }
    return mmu_walk_from(table, d.root_level, d.root_level, gpa, NULL);
}

struct xl mmu_walk_from(uint64_t table, int start, int root_level, uint64_t gpa,
                        uint64_t *tables)
{
    struct xl x = { .kind = XL_BAD };

    for ( int level = start; level >= 0; level-- )
    {
        unsigned int idx = level_index(gpa, level, level == root_level);
        const uint8_t *p = arena_maddr((table << PAGE_SHIFT) + idx * 8);
        uint64_t next;

        if ( tables )
            tables[level] = table;

        if ( !p )
        {
            x.kind = XL_BAD;
            x.level = level;
            x.why = "table outside machine memory";
            return x;
        }
        if ( pte_step(__atomic_load_n((const uint64_t *)p, __ATOMIC_RELAXED),
                      level, gpa, &x, &next) == STEP_DONE )
            return x;
        table = next;
    }
    x.kind = XL_BAD;
    x.why = "walk fell off level 0";
    return x;
}

/* ---- Per-page state of the arena ---- */

static struct p2m_domain *mp2m;
static unsigned int m_root_level;
static uint64_t m_root_ppn;
static unsigned int m_vmid;

static int8_t *live_level;  /* -1: not part of the tree */
static uint64_t *live_base; /* GPA of the first entry */
static uint8_t *dead_mask;  /* harts that may cache it, unlinked */
static uint64_t *write_seq;
static uint8_t *shadow;
static uint64_t seq, last_wmb_seq;
/*
 * Memory ordering between a flusher and a hart joining the dirty mask (the
 * store-buffering pattern): the flusher stores PTEs, then reads the mask;
 * the joiner sets its bit, then walks.  Unless each side has a full
 * barrier between its store and its load, both loads may see the old
 * values: the flusher misses the joiner, the joiner walks the old entries
 * and keeps them.  last_mb_seq is the last full barrier; last_change_seq
 * the last store replacing a valid live entry (one that needs a fence).
 */
static uint64_t last_mb_seq, last_change_seq;

uint64_t model_full_barriers(void)
{
    return last_mb_seq;
}

static unsigned long *dead_list;
static unsigned long dead_nr;

struct xl mmu_walk_current(uint64_t gpa)
{
    return mmu_walk(mp2m->hgatp, gpa);
}

/* ---- TLB ---- */

enum { TE_LEAF = 1, TE_INVAL, TE_NONLEAF };

struct tlb_ent {
    uint8_t kind;
    uint8_t level;
    uint16_t vmid;
    uint64_t base;
    uint64_t val; /* leaf: the PTE; non-leaf: the table's PPN */
};

#define TLB_SETS 128
#define TLB_WAYS 4

/* A valid PTE value a hart may still see at a slot (an obligation). */
struct pend {
    uint64_t off; /* arena offset of the slot */
    uint64_t old;
    uint64_t gpa; /* base of the region the slot maps */
    uint8_t level;
    bool nonleaf;
    uint16_t vmid;
};

#define PEND_BUCKETS 4096
#define PEND_MAX     (1UL << 16)

struct hart {
    bool loaded;
    bool maycache;
    uint64_t hgatp;
    struct hgatp_dec dec;
    struct tlb_ent tlb[TLB_SETS][TLB_WAYS];
    /* Obligations, hashed by slot; overflow demands a VMID-wide fence. */
    struct pend *pend;
    unsigned long npend, cpend;
    int32_t head[PEND_BUCKETS];
    int32_t *next;
    bool overflow;
};

static struct hart harts[NR_HARTS];

static unsigned int tlb_set(unsigned int kind, unsigned int level,
                            uint64_t base)
{
    uint64_t h = (base >> LEVEL_SHIFT(level)) * 0x9e3779b97f4a7c15UL;

    h ^= (kind * 31 + level) * 0xbf58476d1ce4e5b9UL;
    return (h >> 40) % TLB_SETS;
}

static struct tlb_ent *tlb_find(struct hart *ht, unsigned int kind,
                                unsigned int level, uint64_t base,
                                unsigned int vmid)
{
    struct tlb_ent *set = ht->tlb[tlb_set(kind, level, base)];

    for ( unsigned int w = 0; w < TLB_WAYS; w++ )
        if ( set[w].kind == kind && set[w].level == level &&
             set[w].base == base && set[w].vmid == vmid )
            return &set[w];
    return NULL;
}

static void tlb_insert(struct hart *ht, unsigned int kind, unsigned int level,
                       uint64_t base, uint64_t val)
{
    struct tlb_ent *e = tlb_find(ht, kind, level, base, ht->dec.vmid);
    struct tlb_ent *set;

    model_tlb_inserts++;
    if ( e )
    {
        /* Adversarial: mostly keep serving the older entry. */
        if ( e->val != val && rnd(4) == 0 )
            e->val = val;
        return;
    }
    set = ht->tlb[tlb_set(kind, level, base)];
    e = &set[rnd(TLB_WAYS)];
    for ( unsigned int w = 0; w < TLB_WAYS; w++ )
        if ( !set[w].kind )
        {
            e = &set[w];
            break;
        }
    e->kind = kind;
    e->level = level;
    e->vmid = ht->dec.vmid;
    e->base = base;
    e->val = val;
}

static unsigned int pend_bucket(uint64_t off)
{
    return ((off >> 3) * 0x9e3779b97f4a7c15UL) >> 52;
}

static void pend_rehash(struct hart *ht)
{
    memset(ht->head, -1, sizeof(ht->head));
    for ( unsigned long i = 0; i < ht->npend; i++ )
    {
        unsigned int b = pend_bucket(ht->pend[i].off);

        ht->next[i] = ht->head[b];
        ht->head[b] = i;
    }
}

static void pend_add(struct hart *ht, const struct pend *p)
{
    unsigned int b = pend_bucket(p->off);

    if ( ht->npend == PEND_MAX )
    {
        ht->overflow = true;
        return;
    }
    if ( ht->npend == ht->cpend )
    {
        ht->cpend = ht->cpend ? 2 * ht->cpend : 64;
        ht->pend = realloc(ht->pend, ht->cpend * sizeof(*ht->pend));
        ht->next = realloc(ht->next, ht->cpend * sizeof(*ht->next));
        if ( !ht->pend || !ht->next )
            abort();
    }
    ht->pend[ht->npend] = *p;
    ht->next[ht->npend] = ht->head[b];
    ht->head[b] = ht->npend;
    ht->npend++;
}

static void pend_clear(struct hart *ht)
{
    ht->npend = 0;
    ht->overflow = false;
    memset(ht->head, -1, sizeof(ht->head));
}

/* ---- Fences ---- */

static void check_dead_pages_at_fence(const char *what);

static void fence_addr_hart(unsigned int h, uint64_t gpa, unsigned int vmid)
{
    struct hart *ht = &harts[h];
    unsigned long j = 0;

    for ( unsigned int level = 0; level < P2M_MAX_LEVELS; level++ )
    {
        uint64_t base = gpa & ~(LEVEL_SIZE(level) - 1);
        struct tlb_ent *e;

        if ( (e = tlb_find(ht, TE_LEAF, level, base, vmid)) != NULL )
            e->kind = 0;
        if ( (e = tlb_find(ht, TE_INVAL, level, base, vmid)) != NULL )
            e->kind = 0;
    }
    for ( unsigned long i = 0; i < ht->npend; i++ )
    {
        const struct pend *p = &ht->pend[i];

        if ( !p->nonleaf && p->vmid == vmid && gpa >= p->gpa &&
             gpa - p->gpa < LEVEL_SIZE(p->level) )
            continue;
        ht->pend[j++] = *p;
    }
    if ( j != ht->npend )
    {
        ht->npend = j;
        pend_rehash(ht);
    }
}

static void fence_vmid_hart(unsigned int h, unsigned int vmid, bool all)
{
    struct hart *ht = &harts[h];
    unsigned long j = 0;

    for ( unsigned int s = 0; s < TLB_SETS; s++ )
        for ( unsigned int w = 0; w < TLB_WAYS; w++ )
            if ( all || ht->tlb[s][w].vmid == vmid )
                ht->tlb[s][w].kind = 0;
    for ( unsigned long i = 0; i < ht->npend; i++ )
        if ( !all && ht->pend[i].vmid != vmid )
            ht->pend[j++] = ht->pend[i];
    ht->npend = j;
    pend_rehash(ht);
    if ( all || vmid == m_vmid )
    {
        ht->overflow = false;
        for ( unsigned long i = 0; i < dead_nr; i++ )
            dead_mask[dead_list[i]] &= ~(1U << h);
        if ( !ht->loaded )
            ht->maycache = false;
    }
}

/* The GPAs stored to in this op: what an address-only fence would name. */
static void fence_touched_hart(unsigned int h, unsigned int vmid)
{
    for ( unsigned int i = 0; i < model_nr_touched; i++ )
        fence_addr_hart(h, model_touched_gpa[i], vmid);
}

static unsigned int cur_hart(void)
{
    if ( harness_current_cpu >= NR_HARTS )
    {
        model_fail("current CPU %u is not a modelled hart",
                   harness_current_cpu);
        abort();
    }
    return harness_current_cpu;
}

void hfence_gvma_gpa_vmid(paddr_t gpa, unsigned long vmid)
{
    model_fences.gpa++;
    if ( model_mutation == MUT_DROP_FENCES )
        return;
    check_dead_pages_at_fence("local address fence");
    if ( vmid > VMID_FIELD_MAX )
        model_fail("hfence.gvma with VMID 0x%lx beyond 14 bits", vmid);
    if ( multi_active )
    {
        multi_fence_gpa(cur_hart(), gpa, vmid & VMID_FIELD_MAX);
        return;
    }
    fence_addr_hart(cur_hart(), gpa, vmid & VMID_FIELD_MAX);
}

void hfence_gvma_vmid(unsigned long vmid)
{
    model_fences.vmid++;
    if ( model_mutation == MUT_DROP_FENCES )
        return;
    check_dead_pages_at_fence("local VMID fence");
    if ( multi_active )
    {
        multi_fence_vmid(cur_hart(), vmid & VMID_FIELD_MAX);
        return;
    }
    if ( model_mutation == MUT_ADDR_FENCES )
    {
        fence_touched_hart(cur_hart(), vmid & VMID_FIELD_MAX);
        return;
    }
    fence_vmid_hart(cur_hart(), vmid & VMID_FIELD_MAX, false);
}

void local_hfence_gvma_all(void)
{
    model_fences.all++;
    if ( model_mutation == MUT_DROP_FENCES )
        return;
    check_dead_pages_at_fence("local all-VMID fence");
    if ( multi_active )
    {
        multi_fence_all(cur_hart());
        return;
    }
    fence_vmid_hart(cur_hart(), 0, true);
}

void flush_tlb_guest_local(void)
{
    model_fences.vvma++;
    if ( multi_active && model_mutation != MUT_DROP_FENCES )
        multi_fence_vvma(cur_hart());
}

void gstage_flush_remote(const cpumask_t *mask, unsigned long vmid, paddr_t gpa,
                         paddr_t size)
{
    unsigned int cpu, self = cur_hart();

    model_fences.remote_calls++;
    if ( model_mutation == MUT_DROP_FENCES )
        return;
    check_dead_pages_at_fence("remote fence");
    for_each_cpu(cpu, mask)
    {
        if ( cpu == self )
            continue;
        if ( cpu >= NR_HARTS )
        {
            model_fail("remote fence to CPU %u, which does not exist", cpu);
            continue;
        }
        if ( multi_active )
        {
            if ( size == GSTAGE_FLUSH_ALL || size > 4096 * PAGE_SIZE )
                multi_fence_vmid(cpu, vmid & VMID_FIELD_MAX);
            else
                for ( paddr_t a = gpa; a - gpa < size; a += PAGE_SIZE )
                    multi_fence_gpa(cpu, a & PAGE_MASK, vmid & VMID_FIELD_MAX);
            continue;
        }
        if ( size == GSTAGE_FLUSH_ALL )
        {
            model_fences.remote_vmid++;
            if ( model_mutation == MUT_ADDR_FENCES )
                fence_touched_hart(cpu, vmid & VMID_FIELD_MAX);
            else
                fence_vmid_hart(cpu, vmid & VMID_FIELD_MAX, false);
            continue;
        }
        model_fences.remote_gpa++;
        if ( size > 4096 * PAGE_SIZE )
        {
            /* SBI implementations widen big ranges to the whole VMID. */
            fence_vmid_hart(cpu, vmid & VMID_FIELD_MAX, false);
            continue;
        }
        for ( paddr_t a = gpa; a - gpa < size; a += PAGE_SIZE )
            fence_addr_hart(cpu, a & PAGE_MASK, vmid & VMID_FIELD_MAX);
    }
}

void harness_barrier(unsigned int kind)
{
    if ( kind & HARNESS_BARRIER_W )
        last_wmb_seq = ++seq;
    if ( (kind & HARNESS_BARRIER_RW) == HARNESS_BARRIER_RW )
        last_mb_seq = seq;
}

/* ---- Walks with alternatives (stale PTE values a hart may see) ---- */

struct enum_ctx {
    const struct xl *expect;
    unsigned int h;
    uint64_t gpa;
    const char *via;
    bool spurious;
    unsigned int fails;
    bool report;
};

static void enum_sink(struct enum_ctx *c, const struct xl *x)
{
    char got[128], want[128];

    if ( xl_equal(x, c->expect) )
        return;
    if ( x->kind == XL_FAULT && c->expect->kind == XL_OK )
    {
        c->spurious = true;
        return;
    }
    if ( x->kind == XL_FAULT && c->expect->kind == XL_FAULT )
        return;
    c->fails++;
    if ( !c->report )
        return;
    xl_format(x, got, sizeof(got));
    xl_format(c->expect, want, sizeof(want));
    model_fail("hart %u gpa 0x%lx via %s: got %s, current tables say %s", c->h,
               (unsigned long)c->gpa, c->via, got, want);
}

static void enum_walk(struct enum_ctx *c, uint64_t table, int level, bool root,
                      unsigned int depth)
{
    const struct hart *ht = &harts[c->h];
    unsigned int idx = level_index(c->gpa, level, root);
    paddr_t ma = (table << PAGE_SHIFT) + idx * 8;
    const uint8_t *p = arena_maddr(ma);
    uint64_t vals[8];
    unsigned int nv = 0;
    uint64_t off;

    if ( !p || depth > 8 )
    {
        struct xl x = { .kind = XL_BAD,
                        .level = level,
                        .why = "table outside machine memory" };

        enum_sink(c, &x);
        return;
    }
    off = p - arena;
    vals[nv++] = __atomic_load_n((const uint64_t *)p, __ATOMIC_RELAXED);
    for ( int32_t i = ht->head[pend_bucket(off)]; i >= 0 && nv < 8;
          i = ht->next[i] )
        if ( ht->pend[i].off == off && ht->pend[i].vmid == ht->dec.vmid )
            vals[nv++] = ht->pend[i].old;

    for ( unsigned int i = 0; i < nv; i++ )
    {
        struct xl x;
        uint64_t next;

        if ( pte_step(vals[i], level, c->gpa, &x, &next) == STEP_DONE )
            enum_sink(c, &x);
        else
            enum_walk(c, next, level - 1, false, depth + 1);
    }
}

static void enum_all(struct enum_ctx *c)
{
    struct hart *ht = &harts[c->h];
    unsigned int rl = ht->dec.root_level;

    if ( !ht->dec.ok )
        return;
    if ( c->gpa >> gpa_bits_of(rl) )
        return;
    for ( unsigned int level = 0; level <= rl; level++ )
    {
        uint64_t base = c->gpa & ~(LEVEL_SIZE(level) - 1);
        struct tlb_ent *e;
        struct xl x;
        uint64_t next;

        if ( (e = tlb_find(ht, TE_LEAF, level, base, ht->dec.vmid)) != NULL )
        {
            c->via = "a cached leaf entry";
            if ( pte_step(e->val, level, c->gpa, &x, &next) == STEP_DONE )
                enum_sink(c, &x);
        }
        if ( (e = tlb_find(ht, TE_INVAL, level, base, ht->dec.vmid)) != NULL )
        {
            c->via = "a cached invalid entry";
            x = (struct xl){ .kind = XL_FAULT, .level = level };
            enum_sink(c, &x);
        }
        if ( level &&
             (e = tlb_find(ht, TE_NONLEAF, level, base, ht->dec.vmid)) != NULL )
        {
            c->via = "a cached non-leaf entry";
            enum_walk(c, e->val, level - 1, false, 0);
        }
    }
    c->via = "a walk from hgatp";
    enum_walk(c, ht->dec.root_ppn, rl, true, 0);
}

unsigned int model_check_gpa(uint64_t gpa, const struct xl *expect)
{
    unsigned int fails = 0;

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        struct enum_ctx c = {
            .expect = expect, .h = h, .gpa = gpa, .report = true
        };

        if ( !harts[h].maycache )
            continue;
        enum_all(&c);
        fails += c.fails;
        if ( c.fails || !c.spurious )
            continue;
        /*
         * A stale invalid entry: the guest faults, the handler finds the
         * GFN mapped, fences the VMID locally and retries.
         */
        model_fences.spurious++;
        fence_vmid_hart(h, harts[h].dec.vmid, false);
        c.spurious = false;
        c.via = NULL;
        enum_all(&c);
        if ( c.spurious )
        {
            c.fails++;
            model_fail("hart %u gpa 0x%lx: still faults after the "
                       "spurious-fault fence",
                       h, (unsigned long)gpa);
        }
        fails += c.fails;
    }

    return fails;
}

/* ---- Prefetch: a hart walks a GPA and caches what it meets ---- */

void model_prefetch(unsigned int h, uint64_t gpa)
{
    struct hart *ht = &harts[h];
    unsigned int rl = ht->dec.root_level;
    uint64_t table = ht->dec.root_ppn;
    int level = rl;
    bool root = true;

    if ( !ht->loaded || !ht->dec.ok || (gpa >> gpa_bits_of(rl)) )
        return;

    /* Sometimes start from a cached non-leaf entry, as a walk cache does. */
    if ( rnd(2) )
        for ( unsigned int l = 1; l <= rl; l++ )
        {
            struct tlb_ent *e = tlb_find(
                ht, TE_NONLEAF, l, gpa & ~(LEVEL_SIZE(l) - 1), ht->dec.vmid);

            if ( e )
            {
                table = e->val;
                level = l - 1;
                root = false;
                break;
            }
        }

    for ( ; level >= 0; level-- )
    {
        unsigned int idx = level_index(gpa, level, root);
        const uint8_t *p = arena_maddr((table << PAGE_SHIFT) + idx * 8);
        uint64_t base = gpa & ~(LEVEL_SIZE(level) - 1);
        uint64_t pte, next;
        struct xl x;

        if ( !p )
            return;
        pte = __atomic_load_n((const uint64_t *)p, __ATOMIC_RELAXED);
        /* Adversarial: prefer a stale value of the slot when there is one. */
        for ( int32_t i = ht->head[pend_bucket(p - arena)]; i >= 0;
              i = ht->next[i] )
            if ( ht->pend[i].off == (uint64_t)(p - arena) &&
                 ht->pend[i].vmid == ht->dec.vmid && rnd(2) )
                pte = ht->pend[i].old;
        root = false;

        if ( pte_step(pte, level, gpa, &x, &next) == STEP_PTR )
        {
            tlb_insert(ht, TE_NONLEAF, level, base, next);
            table = next;
            continue;
        }
        if ( x.kind == XL_FAULT )
            tlb_insert(ht, TE_INVAL, level, base, 0);
        else if ( x.kind == XL_OK )
            tlb_insert(ht, TE_LEAF, level, base, pte);
        else
            model_fail("hart %u walking gpa 0x%lx met a bad PTE 0x%lx at "
                       "L%d: %s",
                       h, (unsigned long)gpa, (unsigned long)pte, level, x.why);
        return;
    }
}

/* ---- Liveness of table pages ---- */

static long page_index(uint64_t ppn)
{
    if ( !arena_has_mfn(ppn) )
        return -1;
    return ppn - ARENA_BASE_MFN;
}

static uint8_t maycache_mask(void)
{
    uint8_t m = 0;

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        if ( harts[h].maycache )
            m |= 1U << h;
    return m;
}

static void kill_subtree(uint64_t ppn, int level, uint8_t mask)
{
    long pg = page_index(ppn);
    const uint64_t *t;

    if ( pg < 0 || live_level[pg] < 0 )
    {
        model_fail("unlinked table 0x%lx was not part of the tree",
                   (unsigned long)ppn);
        return;
    }
    live_level[pg] = -1;
    if ( mask )
    {
        if ( !dead_mask[pg] )
            dead_list[dead_nr++] = pg;
        dead_mask[pg] |= mask;
    }
    if ( level == 0 )
        return;
    t = (const uint64_t *)(arena + pg * PAGE_SIZE);
    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES; i++ )
        if ( raw_is_ptr(t[i]) )
            kill_subtree(PTE_PPN(t[i]), level - 1, mask);
}

/*
 * A pointer to table ppn (at level) is being published at a slot mapping
 * base.  The whole subtree must be ready: written before the last write
 * barrier, not part of the tree already, not a page some hart may still
 * cache from an earlier life.
 */
static void publish_subtree(uint64_t ppn, int level, uint64_t base,
                            unsigned int depth)
{
    long pg = page_index(ppn);
    const uint64_t *t;

    if ( pg < 0 )
    {
        model_fail("pointer to table 0x%lx outside machine memory",
                   (unsigned long)ppn);
        return;
    }
    if ( level < 0 || depth > P2M_MAX_LEVELS )
        return;
    if ( live_level[pg] >= 0 )
        model_fail("table 0x%lx linked into the tree twice",
                   (unsigned long)ppn);
    if ( dead_mask[pg] )
        model_fail("rule 28: table 0x%lx reused (published) while hart mask "
                   "0x%x may still cache its previous life",
                   (unsigned long)ppn, dead_mask[pg]);
    if ( write_seq[pg] > last_wmb_seq )
        model_fail("table 0x%lx (L%d, gpa 0x%lx) published without a write "
                   "barrier after it was written (R5)",
                   (unsigned long)ppn, level, (unsigned long)base);
    memcpy(shadow + pg * PAGE_SIZE, arena + pg * PAGE_SIZE, PAGE_SIZE);
    live_level[pg] = level;
    live_base[pg] = base;
    if ( level == 0 )
        return;
    t = (const uint64_t *)(arena + pg * PAGE_SIZE);
    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES; i++ )
        if ( raw_is_ptr(t[i]) )
            publish_subtree(PTE_PPN(t[i]), level - 1,
                            base + ((uint64_t)i << LEVEL_SHIFT(level)),
                            depth + 1);
}

/*
 * R5: a table replacing the superpage super (at level + 1) holds the exact
 * pieces of it (same bits, frame moved on), except for at most one entry:
 * the path to the target, or the target entry itself.
 */
static unsigned int check_pieces(uint64_t ppn, int level, uint64_t super,
                                 uint64_t base)
{
    long pg = page_index(ppn);
    const uint64_t *t;
    unsigned int bad = 0, odd = 0;
    uint64_t step = 1UL << (9 * level + PTE_PPN_SHIFT);

    if ( pg < 0 || level < 0 )
        return 1;
    t = (const uint64_t *)(arena + pg * PAGE_SIZE);
    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES; i++ )
    {
        uint64_t want = super + i * step;

        if ( t[i] == want )
            continue;
        odd++;
        if ( raw_pbmt_flip(want, t[i]) )
        {
            model_fail("split at gpa 0x%lx: the L%d piece %u is published "
                       "with PBMT %lu where the superpage had %lu, with no "
                       "invalid step (Svpbmt)",
                       (unsigned long)base, level, i,
                       (unsigned long)MASK_EXTR(t[i], PTE_PBMT_MASK),
                       (unsigned long)MASK_EXTR(want, PTE_PBMT_MASK));
            bad++;
        }
        if ( raw_is_ptr(t[i]) && level > 0 )
            bad += check_pieces(PTE_PPN(t[i]), level - 1, want,
                                base + ((uint64_t)i << LEVEL_SHIFT(level)));
    }
    if ( odd > 1 )
    {
        model_fail("split at gpa 0x%lx: the published L%d table differs from "
                   "the superpage it replaces in %u entries (R5: build it "
                   "complete before publishing)",
                   (unsigned long)base, level, odd);
        bad++;
    }
    return bad;
}

/* ---- The store observer ---- */

static void record_touched(uint64_t gpa, unsigned int level)
{
    if ( model_nr_touched < MODEL_TOUCHED )
    {
        model_touched_gpa[model_nr_touched] = gpa;
        model_touched_level[model_nr_touched] = level;
        model_nr_touched++;
    }
    else
    {
        unsigned int i = rnd(MODEL_TOUCHED);

        model_touched_gpa[i] = gpa;
        model_touched_level[i] = level;
    }
}

void harness_write64(uint64_t *p, uint64_t v)
{
    uint8_t *b = (uint8_t *)p;
    unsigned long off, pg;
    unsigned int level, idx;
    uint64_t old, base;
    uint8_t mask;

    if ( !mp2m || !arena || b < arena || b >= arena + arena_nr * PAGE_SIZE )
    {
        __atomic_store_n(p, v, __ATOMIC_RELAXED);
        return;
    }
    off = b - arena;
    pg = off >> PAGE_SHIFT;
    if ( off & 7 )
        model_fail("misaligned 8-byte PTE store at offset 0x%lx", off);

    if ( raw_is_leaf(v) && model_mutation == MUT_CLEAR_U )
        v &= ~PTE_USER;
    if ( raw_is_leaf(v) && (v & PTE_WRITABLE) && model_mutation == MUT_W_ONLY )
        v &= ~PTE_READABLE;

    model_stores++;
    if ( dead_mask[pg] )
        model_fail("rule 28: PTE store into table 0x%lx, unlinked but maybe "
                   "still cached by hart mask 0x%x (no fence yet)",
                   pg + ARENA_BASE_MFN, dead_mask[pg]);

    if ( live_level[pg] < 0 )
    {
        __atomic_store_n(p, v, __ATOMIC_RELAXED);
        memcpy(shadow + off, &v, 8);
        write_seq[pg] = ++seq;
        return;
    }

    old = *p;
    if ( old == v )
        return;
    if ( !model_cheap &&
         memcmp(arena + pg * PAGE_SIZE, shadow + pg * PAGE_SIZE, PAGE_SIZE) )
        model_fail("live table 0x%lx was modified other than by 8-byte PTE "
                   "stores",
                   pg + ARENA_BASE_MFN);

    level = live_level[pg];
    idx = (off & (PAGE_SIZE - 1)) / 8;
    base = live_base[pg] + ((uint64_t)idx << LEVEL_SHIFT(level));
    mask = maycache_mask();

    if ( raw_pbmt_flip(old, v) )
        model_fail("live L%u leaf at gpa 0x%lx changed PBMT %lu -> %lu in one "
                   "store, with no invalid step (Svpbmt)",
                   level, (unsigned long)base,
                   (unsigned long)MASK_EXTR(old, PTE_PBMT_MASK),
                   (unsigned long)MASK_EXTR(v, PTE_PBMT_MASK));

    if ( raw_is_ptr(old) )
        kill_subtree(PTE_PPN(old), level - 1, mask);
    if ( raw_is_ptr(v) )
    {
        publish_subtree(PTE_PPN(v), level - 1, base, 0);
        if ( old && !raw_is_ptr(old) )
            check_pieces(PTE_PPN(v), level - 1, old, base);
    }

    if ( old & PTE_VALID )
    {
        struct pend pd = {
            .off = off,
            .old = old,
            .gpa = base,
            .level = level,
            .nonleaf = raw_is_ptr(old) || raw_is_ptr(v),
            .vmid = m_vmid,
        };

        for ( unsigned int h = 0; h < NR_HARTS; h++ )
            if ( mask & (1U << h) )
                pend_add(&harts[h], &pd);
    }
    record_touched(base, level);

    __atomic_store_n(p, v, __ATOMIC_RELAXED);
    memcpy(shadow + off, &v, 8);
    write_seq[pg] = ++seq;
    if ( old & PTE_VALID )
        last_change_seq = seq;

    /*
     * Let the other harts walk around the changed entry right now (when
     * fuzzing, after one store in four: a long input has many).
     */
    if ( model_cheap && rnd(4) )
        return;
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        if ( !harts[h].loaded )
            continue;
        for ( unsigned int k = 0; k < model_prefetch_per_store; k++ )
            model_prefetch(h, base + (rnd(LEVEL_SIZE(level)) & PAGE_MASK));
    }
}

/* ---- Rule 28 ---- */

static void check_dead_pages_at_fence(const char *what)
{
    struct page_info *pg;

    if ( !mp2m || !dead_nr )
        return;
    for ( unsigned long i = 0; i < dead_nr; i++ )
    {
        unsigned long d = dead_list[i];

        if ( dead_mask[d] &&
             memcmp(arena + d * PAGE_SIZE, shadow + d * PAGE_SIZE, PAGE_SIZE) )
        {
            model_fail("rule 28: table 0x%lx reused before the %s that "
                       "covers it (hart mask 0x%x may still walk it)",
                       d + ARENA_BASE_MFN, what, dead_mask[d]);
            memcpy(shadow + d * PAGE_SIZE, arena + d * PAGE_SIZE, PAGE_SIZE);
        }
    }
    page_list_for_each(pg, &mp2m->domain->arch.paging.freelist)
    {
        unsigned long d = pg - frame_table;

        if ( d < arena_nr && dead_mask[d] )
            model_fail("rule 28: table 0x%lx back in the pool before the %s "
                       "(hart mask 0x%x may still walk it)",
                       d + ARENA_BASE_MFN, what, dead_mask[d]);
    }
}

/* ---- Attach, load, op boundaries ---- */

static void alloc_state(void)
{
    if ( live_level )
        return;
    live_level = malloc(arena_nr);
    live_base = calloc(arena_nr, sizeof(*live_base));
    dead_mask = calloc(arena_nr, 1);
    write_seq = calloc(arena_nr, sizeof(*write_seq));
    shadow = malloc(arena_nr * PAGE_SIZE);
    dead_list = calloc(arena_nr, sizeof(*dead_list));
    if ( !live_level || !live_base || !dead_mask || !write_seq || !shadow ||
         !dead_list )
        abort();
}

void model_attach(struct p2m_domain *p2m)
{
    long root;

    alloc_state();
    memset(live_level, -1, arena_nr);
    memset(dead_mask, 0, arena_nr);
    memset(write_seq, 0, arena_nr * sizeof(*write_seq));
    dead_nr = 0;
    seq = last_wmb_seq = last_mb_seq = last_change_seq = 0;
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        free(harts[h].pend);
        free(harts[h].next);
        memset(&harts[h], 0, sizeof(harts[h]));
        pend_clear(&harts[h]);
    }
    model_nr_touched = 0;

    mp2m = p2m;
    m_root_level = P2M_ROOT_LEVEL(p2m);
    m_vmid = p2m->vmid;
    m_root_ppn = mfn_x(page_to_mfn(p2m->root));
    root = page_index(m_root_ppn);
    if ( root < 0 )
        abort();
    /* The four root pages: one table of 2048 entries. */
    for ( unsigned int i = 0; i < P2M_ROOT_PAGES; i++ )
    {
        live_level[root + i] = m_root_level;
        live_base[root + i] = ((uint64_t)i * PAGETABLE_ENTRIES)
                              << LEVEL_SHIFT(m_root_level);
        memcpy(shadow + (root + i) * PAGE_SIZE, arena + (root + i) * PAGE_SIZE,
               PAGE_SIZE);
    }
}

/*
 * Frees the per-hart obligation records too: a caller that counts host
 * allocations (libFuzzer's leak check, which reruns an input that ends
 * with more of them than frees) sees none left by the model.
 */
void model_detach(void)
{
    mp2m = NULL;
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        free(harts[h].pend);
        free(harts[h].next);
        harts[h].pend = NULL;
        harts[h].next = NULL;
        harts[h].cpend = 0;
        pend_clear(&harts[h]);
    }
}

void model_load(unsigned int h)
{
    struct hart *ht = &harts[h];
    uint64_t mb0 = last_mb_seq;

    p2m_mark_dirty(mp2m, h);
    /* The joiner's side of the pattern (see last_mb_seq). */
    if ( last_mb_seq == mb0 )
        model_fail("hart %u joined the dirty mask with no full barrier "
                   "before loading hgatp: its walks may read entries a "
                   "concurrent flusher replaced, while the flusher's read of "
                   "the mask misses it",
                   h);
    ht->hgatp = mp2m->hgatp;
    ht->dec = hgatp_decode(ht->hgatp);
    if ( !ht->dec.ok )
        model_fail("hgatp 0x%lx has a reserved MODE", (unsigned long)ht->hgatp);
    if ( ht->dec.vmid != m_vmid )
        m_vmid = ht->dec.vmid;
    ht->loaded = true;
    ht->maycache = true;
}

void model_unload(unsigned int h)
{
    harts[h].loaded = false;
}

bool model_loaded(unsigned int h)
{
    return harts[h].loaded;
}

/* Remote calls and p2m flushes when the current op began. */
static unsigned long op_remote_calls, op_flushes;

void model_begin_op(void)
{
    model_nr_touched = 0;
    m_vmid = mp2m->vmid;
    op_remote_calls = model_fences.remote_calls;
    op_flushes = mp2m->stats.flushes;
}

void model_end_op(void)
{
    unsigned long j = 0;
    unsigned long calls = model_fences.remote_calls - op_remote_calls;
    unsigned long flushes = mp2m->stats.flushes - op_flushes;

    /*
     * One SBI call per flush for the dirty harts, however many addresses
     * the flush covers (an IPI and a wait per target are what cost).  The
     * model's own tests fence by hand, one call outside any flush.
     */
    if ( calls > (flushes ? flushes : 1) )
        model_fail("%lu remote fence calls for %lu flushes: at most one "
                   "per flush",
                   calls, flushes);

    /*
     * The flusher's side: the mask was read (p2m_tlb_flush()) with a PTE
     * change not yet ordered before the read by a full barrier; a hart
     * joining meanwhile may be missed.
     */
    if ( last_change_seq > last_mb_seq )
        model_fail("the dirty mask was read with a PTE change (store %lu) "
                   "not ordered before it by a full barrier: a hart joining "
                   "the mask meanwhile may walk the old entry and get no "
                   "fence",
                   (unsigned long)last_change_seq);
    last_change_seq = 0;

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        struct hart *ht = &harts[h];

        for ( unsigned long i = 0; i < ht->npend; i++ )
        {
            const struct pend *p = &ht->pend[i];

            model_fail("hart %u: %s change at gpa 0x%lx (L%u, old PTE 0x%lx) "
                       "not covered by a fence after the unlock (%s)",
                       h, p->nonleaf ? "non-leaf" : "leaf",
                       (unsigned long)p->gpa, p->level, (unsigned long)p->old,
                       p->nonleaf ? "needs an rs1=x0 fence for the VMID"
                                  : "needs an address or VMID fence");
            if ( i > 3 )
                break;
        }
        if ( ht->overflow )
            model_fail("hart %u: more than %lu unfenced changes and no "
                       "VMID-wide fence",
                       h, PEND_MAX);
        pend_clear(ht);
    }

    for ( unsigned long i = 0; i < dead_nr; i++ )
    {
        unsigned long d = dead_list[i];

        if ( dead_mask[d] )
        {
            model_fail("table 0x%lx left the tree but hart mask 0x%x was not "
                       "VMID-fenced: stale walk-cache entries remain",
                       d + ARENA_BASE_MFN, dead_mask[d]);
            dead_mask[d] = 0;
        }
    }
    dead_nr = j;
}

/* ---- Full check ---- */

static unsigned int full_walk(uint64_t ppn, int level, uint64_t base, bool root,
                              uint8_t *seen)
{
    long pg = page_index(ppn);
    unsigned int bad = 0;
    unsigned int n = root ? P2M_ROOT_ENTRIES : PAGETABLE_ENTRIES;

    for ( unsigned int i = 0; i < n; i++ )
    {
        long p = pg + i / PAGETABLE_ENTRIES;
        const uint64_t *t = (const uint64_t *)(arena + p * PAGE_SIZE);
        uint64_t pte = t[i % PAGETABLE_ENTRIES];
        uint64_t b = base + ((uint64_t)i << LEVEL_SHIFT(level));
        long c;

        if ( i % PAGETABLE_ENTRIES == 0 )
        {
            if ( seen[p] )
            {
                model_fail("table 0x%lx reachable twice", p + ARENA_BASE_MFN);
                return bad + 1;
            }
            seen[p] = 1;
            if ( live_level[p] != level ||
                 live_base[p] != base + ((uint64_t)i << LEVEL_SHIFT(level)) )
            {
                model_fail("table 0x%lx at L%d: the store observer lost track "
                           "of it (stores not seen?)",
                           p + ARENA_BASE_MFN, level);
                bad++;
            }
            if ( memcmp(arena + p * PAGE_SIZE, shadow + p * PAGE_SIZE,
                        PAGE_SIZE) )
            {
                model_fail("live table 0x%lx changed other than by 8-byte PTE "
                           "stores",
                           p + ARENA_BASE_MFN);
                memcpy(shadow + p * PAGE_SIZE, arena + p * PAGE_SIZE,
                       PAGE_SIZE);
                bad++;
            }
        }
        if ( !raw_is_ptr(pte) || level == 0 )
            continue;
        c = page_index(PTE_PPN(pte));
        if ( c < 0 )
        {
            model_fail("pointer at gpa 0x%lx leaves machine memory",
                       (unsigned long)b);
            bad++;
            continue;
        }
        bad += full_walk(PTE_PPN(pte), level - 1, b, false, seen);
    }
    return bad;
}

unsigned int model_check_full(void)
{
    unsigned long before = model_failures;
    uint8_t *seen = calloc(arena_nr, 1);

    if ( !seen )
        abort();
    full_walk(m_root_ppn, m_root_level, 0, true, seen);
    for ( unsigned long p = 0; p < arena_nr; p++ )
        if ( live_level[p] >= 0 && !seen[p] )
        {
            model_fail("table 0x%lx believed live but unreachable",
                       p + ARENA_BASE_MFN);
            live_level[p] = -1;
        }
    free(seen);

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        struct hart *ht = &harts[h];

        for ( unsigned int s = 0; s < TLB_SETS; s++ )
            for ( unsigned int w = 0; w < TLB_WAYS; w++ )
            {
                struct tlb_ent e = ht->tlb[s][w];

                if ( !e.kind || e.vmid != m_vmid )
                    continue;
                if ( e.kind == TE_NONLEAF )
                {
                    long p = page_index(e.val);

                    if ( p < 0 || live_level[p] != e.level - 1 ||
                         live_base[p] != e.base )
                        model_fail("hart %u: cached non-leaf entry (L%u, gpa "
                                   "0x%lx) points to table 0x%lx, which is "
                                   "no longer in the tree there",
                                   h, e.level, (unsigned long)e.base,
                                   (unsigned long)e.val);
                    continue;
                }
                if ( model_expect_fn )
                {
                    uint64_t gpa =
                        e.base + (rnd(LEVEL_SIZE(e.level)) & PAGE_MASK);
                    struct xl want = model_expect_fn(gpa);

                    model_check_gpa(gpa, &want);
                }
            }
    }

    return model_failures - before;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
