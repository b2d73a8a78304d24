/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario vs-pt-walk: the guest turns on its own (VS-stage, Sv39)
 * translation with page tables in pages it has just populated through
 * XENMEM_populate_physmap, some of them restricted by XENMEM_access_op so
 * that they lack X (access rw) or both W and X (access r), and then
 * loads, stores and executes through them.
 *
 * The hardware reads a VS-level page table with an implicit access that
 * the G-stage checks as a load, whatever the access that needed the walk:
 * a fetch through a page table the p2m maps without X is fine.  When such
 * an implicit access does fault at the G-stage, the fault carries the
 * original access's cause (and htinst tells the hypervisor it was the
 * walk).  The scenario checks both sides:
 *
 *  - with every table mapped, loads, stores and fetches through the
 *    alias work (nothing reaches the guest);
 *  - with the last-level table unmapped (decrease_reservation), each
 *    access through it comes back as one access fault with stval = the
 *    virtual address: of its own type (load 5, store 7, fetch 1) as the
 *    spec says, or of a load, as QEMU 7.2 reports every walk fault (said
 *    on the console when seen);
 *  - with that table populated again (a fresh, zeroed page) and rewritten,
 *    everything works again: a hart that cached the table's invalid
 *    G-stage entry faults here, and the hypervisor must retry (the page
 *    grants R, which is all a PTE read needs), not reflect.
 *
 * QEMU keeps no invalid G-stage entries, so under QEMU the last step
 * never faults and the hypervisor's retry decision is not reached: the
 * scenario shows that walks through such tables work and that real walk
 * faults (QEMU 7.2 gives them htinst 0x3000) are still reflected;
 * tools/tests/guest-fault checks the decision itself.
 */
#include "guest.h"

#define POISON 0xdeadbeefcafef00dUL

/* Sv39 (Priv. spec, "Sv39: Page-Based 39-bit Virtual-Memory System"). */
#define SATP_MODE_SV39 (8UL << 60)
#define PTE_V          (1UL << 0)
#define PTE_R          (1UL << 1)
#define PTE_W          (1UL << 2)
#define PTE_X          (1UL << 3)
#define PTE_A          (1UL << 6)
#define PTE_D          (1UL << 7)
#define PTE_PPN_SHIFT  10
#define SV39_ENTRIES   512UL
/* Root entries 0-255 map the lower 256 GiB one to one, in 1 GiB leaves. */
#define IDENTITY_GIBS 256UL

/* The alias: root entry 511, then entry 0 of each table below it. */
#define ALIAS_DATA 0xffffffffc0000000UL
#define ALIAS_CODE (ALIAS_DATA + PAGE_SIZE)

/* addi a0, x0, 42; jalr x0, 0(ra) */
#define INSN_LI_A0_42 0x02a00513U
#define INSN_RET      0x00008067U
#define CODE_RESULT   42UL

enum { PG_ROOT, PG_L1, PG_L0, PG_DATA, PG_CODE, NR_PAGES };

static scenario_check_t check;
static unsigned long gfn[NR_PAGES];

static unsigned long *page(unsigned int i)
{
    return (unsigned long *)(gfn[i] << PAGE_SHIFT);
}

static long extent_op(unsigned int op, unsigned long g)
{
    static xen_pfn_t one;
    static xen_memory_reservation_t r;

    one = g;
    memset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, &one);
    r.nr_extents = 1;
    r.extent_order = 0;
    r.domid = DOMID_SELF;

    return memory_op(op, &r);
}

static long restrict_access(unsigned long g, unsigned int access)
{
    static xen_mem_access_op_t a;

    memset(&a, 0, sizeof(a));
    a.op = XENMEM_access_op_set_access;
    a.access = access;
    a.domid = DOMID_SELF;
    a.nr = 1;
    a.pfn = g;

    return memory_op(XENMEM_access_op, &a);
}

static bool unmapped(unsigned long g)
{
    static struct xen_riscv_p2m_query q;

    memset(&q, 0, sizeof(q));
    q.gfn = g;

    return p2m_debug(XEN_RISCV_P2M_DEBUG_query, &q) == 0 && !q.valid &&
           q.mfn == INVALID_GFN_MFN;
}

static void set_satp(unsigned long satp)
{
    asm volatile ( "csrw satp, %0\n\t"
                   "sfence.vma"
                   :: "r" (satp) : "memory" );
}

static void flush_vs_tlb(void)
{
    asm volatile ( "sfence.vma" ::: "memory" );
}

static unsigned long table_pte(unsigned long g)
{
    return (g << PTE_PPN_SHIFT) | PTE_V;
}

static void write_root(void)
{
    unsigned long *root = page(PG_ROOT);

    for ( unsigned long i = 0; i < SV39_ENTRIES; i++ )
        root[i] = 0;
    /* A 1 GiB leaf's PPN is its index << 18. */
    for ( unsigned long i = 0; i < IDENTITY_GIBS; i++ )
        root[i] = (i << (18 + PTE_PPN_SHIFT)) | PTE_V | PTE_R | PTE_W | PTE_X |
                  PTE_A | PTE_D;
    root[SV39_ENTRIES - 1] = table_pte(gfn[PG_L1]);
}

static void write_l1(void)
{
    unsigned long *l1 = page(PG_L1);

    for ( unsigned long i = 0; i < SV39_ENTRIES; i++ )
        l1[i] = 0;
    l1[0] = table_pte(gfn[PG_L0]);
}

static void write_l0(void)
{
    unsigned long *l0 = page(PG_L0);

    for ( unsigned long i = 0; i < SV39_ENTRIES; i++ )
        l0[i] = 0;
    l0[0] =
        (gfn[PG_DATA] << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
    l0[1] = (gfn[PG_CODE] << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_X | PTE_A;
}

/* Call the code page through addr: its result, or POISON if it faulted. */
static unsigned long probe_call(unsigned long addr)
{
    register unsigned long a0 asm ( "a0" ) = POISON;

    probe_begin(PROBE_FETCH);
    asm volatile ( "jalr ra, 0(%1)"
                   : "+r" (a0) : "r" (addr) : "ra", "memory" );
    probe_end();

    return a0;
}

/*
 * The access at va, whose walk faulted at the G-stage, came back as one
 * access fault with stval = va, of the access's own type as the spec
 * says, or of a load: QEMU 7.2 reports every guest-page fault of a
 * VS-stage walk as a load guest-page fault, and the hypervisor reflects
 * what the hardware reported.
 */
static bool walk_fault(const char *what, unsigned long cause, unsigned long va)
{
    bool as_load =
        cause != CAUSE_LOAD_ACCESS && fault_rec.cause == CAUSE_LOAD_ACCESS;

    if ( !check(fault_rec.count == 1 && (fault_rec.cause == cause || as_load) &&
                    fault_rec.addr == va,
                "%s at 0x%lx: %lu faults, scause %lu stval 0x%lx; expected "
                "one, scause %lu stval 0x%lx",
                what, va, (unsigned long)fault_rec.count,
                (unsigned long)fault_rec.cause, (unsigned long)fault_rec.addr,
                cause, va) )
        return false;
    if ( as_load )
        gprintf("p2m-test:   vs-pt-walk: %s: scause 5, not %lu (QEMU 7.2 "
                "reports walk faults as loads)\n",
                what, cause);

    return true;
}

/* Load, store and fetch through the alias, all expected to work. */
static bool accesses_work(const char *when, unsigned long salt)
{
    unsigned long *data = page(PG_DATA);
    unsigned long v;
    bool ok = true;

    data[0] = salt;
    v = probe_load(ALIAS_DATA, POISON);
    ok &= check(!fault_rec.count && v == salt,
                "%s: load through the walk: 0x%lx (%lu faults, scause %lu), "
                "expected 0x%lx",
                when, v, (unsigned long)fault_rec.count,
                (unsigned long)fault_rec.cause, salt);

    probe_store(ALIAS_DATA + 8, ~salt);
    ok &= check(!fault_rec.count && data[1] == ~salt,
                "%s: store through the walk: %lu faults (scause %lu), page "
                "holds 0x%lx",
                when, (unsigned long)fault_rec.count,
                (unsigned long)fault_rec.cause, data[1]);

    v = probe_call(ALIAS_CODE);
    ok &= check(!fault_rec.count && v == CODE_RESULT,
                "%s: fetch through the walk (page tables without X): "
                "returned 0x%lx (%lu faults, scause %lu)",
                when, v, (unsigned long)fault_rec.count,
                (unsigned long)fault_rec.cause);

    return ok;
}

static void accesses_fault(const char *when)
{
    unsigned long v;

    v = probe_load(ALIAS_DATA, POISON);
    if ( walk_fault("load through a walk that faults", CAUSE_LOAD_ACCESS,
                    ALIAS_DATA) )
        check(v == POISON, "%s: faulting load returned 0x%lx", when, v);

    probe_store(ALIAS_DATA + 8, 0);
    walk_fault("store through a walk that faults", CAUSE_STORE_ACCESS,
               ALIAS_DATA + 8);

    probe_fetch(ALIAS_CODE);
    walk_fault("fetch through a walk that faults", CAUSE_FETCH_ACCESS,
               ALIAS_CODE);
}

void vs_pt_walk(unsigned long base_gfn, scenario_check_t check_fn)
{
    unsigned int *code;
    unsigned int i;
    long rc;

    check = check_fn;

    for ( i = 0; i < NR_PAGES; i++ )
    {
        gfn[i] = base_gfn + i;
        if ( !check(unmapped(gfn[i]), "gfn 0x%lx is not a hole", gfn[i]) )
            return;
    }
    if ( !check(((base_gfn + NR_PAGES) << PAGE_SHIFT) <= IDENTITY_GIBS << 30,
                "gfn 0x%lx is beyond the identity map", base_gfn) )
        return;

    for ( i = 0; i < NR_PAGES; i++ )
    {
        rc = extent_op(XENMEM_populate_physmap, gfn[i]);
        if ( !check(rc == 1, "populate gfn 0x%lx: %ld", gfn[i], rc) )
            goto out;
    }

    write_root();
    write_l1();
    write_l0();
    code = (unsigned int *)page(PG_CODE);
    code[0] = INSN_LI_A0_42;
    code[1] = INSN_RET;
    asm volatile ( "fence.i" ::: "memory" );

    /* The tables below the root lose W and X, or X. */
    rc = restrict_access(gfn[PG_L1], XENMEM_access_r);
    rc = rc ?: restrict_access(gfn[PG_L0], XENMEM_access_rw);
    rc = rc ?: restrict_access(gfn[PG_CODE], XENMEM_access_rx);
    if ( !check(!rc, "set_access on the table pages: %ld", rc) )
        goto out;

    set_satp(SATP_MODE_SV39 | gfn[PG_ROOT]);

    accesses_work("tables just populated", 0x1234567890abcdefUL);

    /* The last-level table goes: every access through it faults. */
    rc = extent_op(XENMEM_decrease_reservation, gfn[PG_L0]);
    if ( check(rc == 1, "decrease_reservation of the L0 table: %ld", rc) )
    {
        flush_vs_tlb();
        accesses_fault("L0 table unmapped");

        /* Back as a fresh page; the tables are written through the walk. */
        rc = extent_op(XENMEM_populate_physmap, gfn[PG_L0]);
        if ( check(rc == 1, "populate the L0 table again: %ld", rc) )
        {
            write_l0();
            rc = restrict_access(gfn[PG_L0], XENMEM_access_rw);
            check(!rc, "set_access rw on the new L0 table: %ld", rc);
            flush_vs_tlb();
            accesses_work("L0 table repopulated", 0x0fedcba987654321UL);
        }
    }

    set_satp(0);

 out:
    for ( i = 0; i < NR_PAGES; i++ )
        if ( !unmapped(gfn[i]) )
        {
            rc = extent_op(XENMEM_decrease_reservation, gfn[i]);
            check(rc == 1, "decrease gfn 0x%lx: %ld", gfn[i], rc);
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
