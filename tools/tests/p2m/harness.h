/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef P2M_HARNESS_H
#define P2M_HARNESS_H

/*
 * The hosted p2m harness: a simulated machine (env.c), an MMU and an
 * adversarial TLB model (model.c), a reference model of what the p2m
 * should map (ref.c) and the tests (suite.c).  See README.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/p2m.h>
#include <asm/riscv_encoding.h>

/* The largest VMID hgatp can hold. */
#define VMID_FIELD_MAX MASK_EXTR(HGATP_VMID_MASK, HGATP_VMID_MASK)

/* p2m_init() for the mode whose root is at root_level. */
static inline int harness_p2m_init(struct domain *d, unsigned int root_level)
{
    struct xen_domctl_createdomain config = {
        .max_vcpus = 1,
        .arch.gaddr_bits = P2M_GPA_BITS(root_level),
    };

    return p2m_init(d, &config);
}

/* p2m_set_allocation() with the pool lock held, run to completion. */
static inline int harness_set_allocation(struct domain *d, unsigned long pages)
{
    int rc;

    spin_lock(&d->arch.paging.lock);
    rc = p2m_set_allocation(d, pages, false);
    spin_unlock(&d->arch.paging.lock);

    return rc;
}

/* ---- env.c: machine memory, frame table, allocator, console ---- */

/* First MFN of the arena: not 0, so MFN/index mix-ups show. */
#define ARENA_BASE_MFN 0x80000UL
#define ARENA_PAGES    16384UL

extern uint8_t *arena;
/*
 * Pages in the arena: ARENA_PAGES, unless set lower before the first
 * env_init() (the fuzzer); the frame table always has ARENA_PAGES.
 */
extern unsigned long arena_nr;

void env_init(void);
/* Free every arena page (after a test that may have leaked on purpose). */
void env_reset(void);
/*
 * The same, clearing only the frames the allocator handed out or whose
 * reference counts changed since the last reset: for callers that write
 * no frame-table entry by hand (the fuzzer), as cheap as what they used.
 */
void env_reset_touched(void);
/* Pointer to the byte at maddr if it lies in the arena, else NULL. */
uint8_t *arena_maddr(paddr_t maddr);
bool arena_has_mfn(unsigned long mfn);
unsigned long env_pages_in_use(void);

/* Allocator switch for the misaligned-root mutation. */
extern bool env_misalign_order2;
/* printk output on/off; printk lines are counted either way. */
extern bool env_verbose;
/* put_page() calls, and those for a page with no reference counted. */
extern unsigned long env_put_pages, env_put_unreferenced;
extern unsigned long env_printk_lines;

/* ---- model.c: MMU, TLB, store observer ---- */

#define NR_HARTS 4

/* Translation outcome of one GPA. */
enum xl_kind {
    XL_OK,    /* a leaf grants at least one permission */
    XL_FAULT, /* V=0 somewhere on the walk, or GPA out of range */
    XL_BAD,   /* an encoding the p2m must never produce */
};

struct xl {
    enum xl_kind kind;
    unsigned int perms; /* p2m_access_r/w/x bits */
    unsigned int pbmt;
    unsigned int level; /* level of the leaf or of the V=0 PTE */
    uint64_t ppn;       /* 4 KiB output frame */
    const char *why;    /* XL_BAD: which rule */
};

/* Environment-level mutations (the self-test switches them on). */
enum model_mutation {
    MUT_NONE,
    MUT_DROP_FENCES, /* every fence is a no-op */
    MUT_ADDR_FENCES, /* VMID-wide fences become address fences */
    MUT_CLEAR_U,     /* leaf stores lose U */
    MUT_W_ONLY,      /* writable leaf stores lose R */
};
extern enum model_mutation model_mutation;

/* Fence counts seen by the model (all harts). */
struct fence_counts {
    unsigned long gpa;  /* local address fences */
    unsigned long vmid; /* local VMID-wide fences */
    unsigned long all;  /* local all-VMID fences (never expected) */
    unsigned long vvma;
    unsigned long remote_calls;
    unsigned long remote_vmid;
    unsigned long remote_gpa;
    unsigned long spurious; /* guest-page-fault handler fences */
};
extern struct fence_counts model_fences;

/* Failures found by any check; each is printed (up to a limit). */
extern unsigned long model_failures;
/* Count failures without printing them (model self-tests expect some). */
extern bool model_quiet;
extern struct xl (*model_expect_fn)(uint64_t gpa);
void model_fail(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));

/* Random source for adversarial choices (xorshift, seeded by the test). */
uint64_t rng_next(uint64_t *s);
extern uint64_t model_rng;

/* Sequence number of the last full barrier (smp_mb()) so far. */
uint64_t model_full_barriers(void);

/* Prefetch aggressiveness: walks per hart after each live PTE store. */
extern unsigned int model_prefetch_per_store;
/*
 * Fuzzing: skip the per-store comparison of a whole live table with what
 * the stores wrote (the sweep at the end of each input still does it).
 */
extern bool model_cheap;

/* Attach the model to a freshly initialised p2m (hgatp must be final). */
void model_attach(struct p2m_domain *p2m);
void model_detach(void);
/* Hart h enters the guest (mark dirty, load hgatp) or leaves it. */
void model_load(unsigned int h);
void model_unload(unsigned int h);
bool model_loaded(unsigned int h);

/* A fresh walk of the current tables, as the hardware would do it. */
struct xl mmu_walk(uint64_t hgatp, uint64_t gpa);
struct xl mmu_walk_current(uint64_t gpa);
/*
 * The walk from the table at PPN table, at level start (root_level: the
 * level whose index is two bits wider); tables[l], if given, receives the
 * table read at each level l.
 */
struct xl mmu_walk_from(uint64_t table, int start, int root_level, uint64_t gpa,
                        uint64_t *tables);
bool xl_equal(const struct xl *a, const struct xl *b);
void xl_format(const struct xl *x, char *buf, size_t n);

/* Hart h walks gpa and caches what it finds. */
void model_prefetch(unsigned int h, uint64_t gpa);

/*
 * Called around each locked operation: begin_op() clears the per-op
 * record; end_op() (after the unlock) runs the structural checks: every
 * change fenced on every hart that may cache it, no walk-cache entry to a
 * table that left the tree, no page reused before its fence.
 */
void model_begin_op(void);
void model_end_op(void);
/*
 * GPA regions whose PTEs were stored during the current op (for checks):
 * at most MODEL_TOUCHED of them are kept.
 */
#define MODEL_TOUCHED 64
extern unsigned int model_nr_touched;
extern uint64_t model_touched_gpa[MODEL_TOUCHED];
extern unsigned int model_touched_level[MODEL_TOUCHED];
extern unsigned long model_stores;

/*
 * Everything hart h could obtain for gpa (cached leaf, walks through
 * cached non-leaf entries, walks reading stale PTE values, a fresh walk)
 * must equal expect, or be a fault where expect maps (the guest-page-fault
 * handler then fences the VMID locally and retries).  Checks all harts
 * that may hold entries.  Returns the number of failures.
 */
unsigned int model_check_gpa(uint64_t gpa, const struct xl *expect);
/*
 * Full sweep: every cached entry of every hart, liveness of the tree
 * recomputed from scratch, live tables equal to what the stores wrote.
 */
unsigned int model_check_full(void);

/* Statistics for the report. */
extern unsigned long model_tlb_inserts;

/*
 * ---- multi.c: several p2ms, the real VMID allocator, a TLB keyed by
 * (hart, VMID).  While multi_active, model.c's fences go to it. ----
 */
extern bool multi_active;
void multi_fence_gpa(unsigned int h, uint64_t gpa, uint64_t vmid);
void multi_fence_vmid(unsigned int h, uint64_t vmid);
void multi_fence_all(unsigned int h);
/* HFENCE.VVMA on hart h: its VS-stage entries under hgatp's VMID. */
void multi_fence_vvma(unsigned int h);
/* Every VMID width 0 .. 3, ops random steps each. */
int run_multi(uint64_t seed, unsigned long ops);

/* teardown.c: the preemptible teardown, bounded steps and no leaks. */
int run_teardown(uint64_t seed);

/* ---- ref.c: reference model ---- */

struct ref_ext {
    uint64_t gfn, nr, mfn;
    uint8_t t, a;
};

struct ref {
    struct ref_ext *e;
    size_t n, cap;
};

void ref_init(struct ref *r);
void ref_destroy(struct ref *r);
void ref_copy(struct ref *dst, const struct ref *src);
void ref_map(struct ref *r, uint64_t gfn, uint64_t nr, uint64_t mfn,
             unsigned int t, unsigned int a);
void ref_unmap(struct ref *r, uint64_t gfn, uint64_t nr);
void ref_set_access(struct ref *r, uint64_t gfn, uint64_t nr, unsigned int a);
void ref_change_type(struct ref *r, uint64_t gfn, uint64_t nr, unsigned int ot,
                     unsigned int nt);
/* The entry covering gfn: false for a hole. */
bool ref_get(const struct ref *r, uint64_t gfn, struct ref_ext *out);
/* Is [gfn, gfn + nr) one hole, or one run of one type/access? */
bool ref_uniform(const struct ref *r, uint64_t gfn, uint64_t nr);
/* Do all of [gfn, gfn + nr) map mfn + i? */
bool ref_maps(const struct ref *r, uint64_t gfn, uint64_t nr, uint64_t mfn);
/* Does [gfn, gfn + nr) map a page that is (!io) or is not (io) MMIO? */
bool ref_io_differs(const struct ref *r, uint64_t gfn, uint64_t nr, bool io);
/* Effective permissions (type ∩ access, W dropped without R). */
unsigned int ref_perms(unsigned int t, unsigned int a);
struct xl ref_expect(const struct ref *r, uint64_t gfn);

/* ---- suite.c: the tests ---- */

struct suite_opts {
    uint64_t seed;
    unsigned long ops;  /* random ops per mode */
    unsigned int modes; /* bit (root_level - 2) */
    bool directed;
    bool faults;
    bool random;
    bool model_tests;
    bool quick;
};

/* Fold n bytes at p into the 64-bit hash h (FNV-style, word at a time). */
uint64_t suite_hash(uint64_t h, const void *p, size_t n);
#define SUITE_HASH_INIT 0xcbf29ce484222325UL

extern unsigned int suite_passed, suite_failed;
void suite_result(bool ok, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

/*
 * Fail loudly (FAIL: line, exit 1) if the test named by fmt is still
 * running after seconds; 0 cancels.
 */
void suite_budget(unsigned int seconds, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));
extern unsigned int suite_budget_base; /* seconds; 60 unless --quick */
#define DIRECTED_BUDGET    suite_budget_base
#define RANDOM_BUDGET(ops) (suite_budget_base + (unsigned int)((ops) / 2000))
int run_model_tests(void);
int run_directed(unsigned int root_level, bool faults);
int run_random(unsigned int root_level, uint64_t seed, unsigned long ops);
/* libFuzzer entry: interpret data as an operation sequence. */
int run_fuzz_input(const uint8_t *data, size_t size);

#endif /* P2M_HARNESS_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
