/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMID allocation, one VMID per p2m, with generations.
 *
 * A hart's TLB tags G-stage (and VS-stage) entries with hgatp.VMID, so a
 * hart must never run p2m X under VMID v while entries that another p2m
 * left under v may still be cached there.  VMIDs are handed out from a
 * bitmap in generations: within a generation a number belongs to at most
 * one p2m.  When the numbers run out a new generation starts, and every
 * hart executes HFENCE.GVMA x0, x0 before it loads any VMID of the new
 * generation (each hart records the generation it last flushed for).
 *
 * A p2m keeps its number while any hart has it loaded: a rollover carries
 * the VMIDs of running p2ms into the new generation.  The p2m's remote
 * flushes use p2m->vmid on every hart in its dirty mask, so a running
 * hart's hgatp.VMID must never drift from p2m->vmid.  If every number of
 * the new generation is pinned that way, the p2m gets VMID_SHARED.
 *
 * VMID_SHARED (0) is used by all p2ms when VMIDLEN is 0 (the H extension
 * allows it, "hgatp"), and is the VMID of the idle hart's Bare hgatp.
 * Several p2ms may have entries under it on one hart, so a hart flushes
 * it whenever it loads it for a different p2m than last time, and after
 * running Bare (a MODE change for that VMID needs an x0 fence).
 *
 * HFENCE.GVMA need not remove VS-stage (guest virtual) entries (H ext.,
 * "HFENCE.VVMA and HFENCE.GVMA"), so a hart also executes HFENCE.VVMA
 * under the VMID whenever it loads one for a different vCPU than the one
 * it last loaded that VMID for (a reused VMID; a vCPU moved).
 *
 * Every fence a load needs is issued after the hgatp write: until then
 * the hart may still fill its TLB from the previous hgatp.  (The fence of
 * a p2m the hart gives up, below, may come first: hgatp names it no more.)
 *
 * The dirty mask of a p2m (the harts its flushes fence) is kept to the
 * harts that may cache its G-stage entries: the hart running it, and a
 * hart that switched straight from it to another p2m and still keeps its
 * entries under its number (which is what VMIDs are for: switching back
 * costs no refill).  A hart joins before hgatp names the p2m
 * (p2m_mark_dirty()) and leaves (p2m_leave_dirty()) only after a fence
 * has removed everything it cached of the p2m:
 *  - going idle: the caller wrote a Bare hgatp and ran HFENCE.GVMA x0, x0;
 *  - on a load that flushes every VMID (a new generation), or VMID 0 when
 *    the p2m ran under VMID 0: after that fence;
 *  - when it switches to a third p2m: the older of the two it keeps (its
 *    "previous" p2m) is fenced by the number the hart ran it under.
 * So a hart keeps at most one p2m besides the one it runs, and an idle
 * hart is in no mask.  The mask is no part of the VMID reuse rules: the
 * new owner of a number is protected by the generation and VMID 0
 * flushes, never by the old owner's mask.  VS-stage entries do not
 * depend on the p2m's tables (HFENCE.GVMA drops combined ones), so
 * leaving needs no HFENCE.VVMA.
 *
 * Callers load a p2m once per vCPU start, not once per trap, so one lock
 * serialises the allocator and the per-hart records.
 *
 * No CSR is touched here: the hosted test (tools/tests/vmid) compiles
 * this file unchanged against a TLB model.
 */

#include <xen/lib.h>
#include <xen/spinlock.h>
#include <asm/flushtlb.h>
#include <asm/p2m.h>
#include <asm/vmid.h>

#define VMID_NR_MAX   (1U << VMID_BITS_MAX)
#define VMID_MAP_BITS (sizeof(unsigned long) * 8)

/* What one hart knows about its TLB; under vmid_lock. */
struct vmid_cpu {
    /* The slot whose VMID this hart has loaded (NULL: idle, Bare). */
    struct vmid_slot *active;
    /* Its p2m; the hart is in its dirty mask. */
    struct p2m_domain *p2m;
    /*
     * The p2m the hart ran before this one, whose entries it may still
     * cache under prev_vmid (the number it ran it under): the hart is in
     * its dirty mask too.  NULL: none.  Not pinned: after a rollover the
     * number may belong to another p2m, but then this hart's generation
     * is old and it flushes every VMID before it loads any.
     */
    struct vmid_slot *prev;
    struct p2m_domain *prev_p2m;
    unsigned int prev_vmid;
    /* Generation this hart last flushed all VMIDs for. */
    unsigned long generation;
    /* The p2m whose entries may sit under VMID_SHARED (NULL: unknown). */
    const struct vmid_slot *last_shared;
    /* The vCPU and VMID whose VS-stage entries the hart may hold. */
    const void *last_vcpu;
    unsigned int last_vmid;
};

static DEFINE_SPINLOCK(vmid_lock);
static unsigned int vmid_width;
/* Numbers 1 .. vmid_nr - 1 are handed out; 0 is VMID_SHARED. */
static unsigned int vmid_nr = 1;
static unsigned long vmid_generation = 1;
static unsigned int vmid_next = 1;
static unsigned long vmid_map[VMID_NR_MAX / VMID_MAP_BITS];
static struct vmid_cpu vmid_cpus[CONFIG_NR_CPUS];
static struct vmid_stats vmid_stats;

static bool vmid_test_and_set(unsigned int vmid)
{
    unsigned long *word = &vmid_map[vmid / VMID_MAP_BITS];
    unsigned long bit = 1UL << (vmid % VMID_MAP_BITS);
    bool was = *word & bit;

    *word |= bit;

    return was;
}

void vmid_setup(unsigned int bits)
{
    unsigned int cpu;

    ASSERT(bits <= VMID_BITS_MAX);

    spin_lock(&vmid_lock);
    vmid_width = bits;
    vmid_nr = 1U << bits;
    vmid_generation = 1;
    vmid_next = 1;
    for ( unsigned int i = 0; i < ARRAY_SIZE(vmid_map); i++ )
        vmid_map[i] = 0;
    for ( cpu = 0; cpu < CONFIG_NR_CPUS; cpu++ )
    {
        vmid_cpus[cpu].active = NULL;
        vmid_cpus[cpu].p2m = NULL;
        vmid_cpus[cpu].prev = NULL;
        vmid_cpus[cpu].prev_p2m = NULL;
        /* Generation 0 is never current: every hart flushes first. */
        vmid_cpus[cpu].generation = 0;
        vmid_cpus[cpu].last_shared = NULL;
        vmid_cpus[cpu].last_vcpu = NULL;
        vmid_cpus[cpu].last_vmid = VMID_SHARED;
    }
    vmid_stats = (struct vmid_stats){ .generation = vmid_generation };
    spin_unlock(&vmid_lock);
}

unsigned int vmid_bits(void)
{
    return vmid_width;
}

/* A number nobody holds in this generation, or VMID_SHARED if none. */
static unsigned int vmid_find_free(void)
{
    for ( unsigned int i = 1; i < vmid_nr; i++ )
    {
        unsigned int vmid = vmid_next;

        vmid_next = vmid + 1 < vmid_nr ? vmid + 1 : 1;
        if ( !vmid_test_and_set(vmid) )
            return vmid;
    }

    return VMID_SHARED;
}

/*
 * Start a new generation.  The slots loaded on some hart keep their
 * numbers (and move to the new generation), so no running hart's VMID
 * changes; every other number is free again.  Each hart flushes all
 * VMIDs before it uses one of the new generation (vmid_load_p2m()).
 */
static void vmid_rollover(void)
{
    vmid_generation++;
    vmid_next = 1;
    for ( unsigned int i = 0; i < ARRAY_SIZE(vmid_map); i++ )
        vmid_map[i] = 0;

    for ( unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++ )
    {
        struct vmid_slot *slot = vmid_cpus[cpu].active;

        if ( !slot )
            continue;
        slot->generation = vmid_generation;
        if ( slot->vmid != VMID_SHARED )
            vmid_test_and_set(slot->vmid);
    }

    vmid_stats.rollovers++;
    vmid_stats.generation = vmid_generation;
}

/* Give slot a VMID of the current generation; the slot is not loaded. */
static unsigned int vmid_new(struct vmid_slot *slot)
{
    if ( vmid_nr == 1 )
        return VMID_SHARED;

    for ( unsigned int pass = 0; pass < 2; pass++ )
    {
        unsigned int vmid;

        /*
         * Keep the old number when it is still free: p2m->vmid then does
         * not change.  Harts that cached it flush at the generation.
         */
        if ( slot->generation && slot->vmid != VMID_SHARED &&
             !vmid_test_and_set(slot->vmid) )
            return slot->vmid;

        vmid = vmid_find_free();
        if ( vmid != VMID_SHARED )
            return vmid;

        if ( !pass )
            vmid_rollover();
    }

    /* Every number is pinned by a running p2m. */
    vmid_stats.shared++;

    return VMID_SHARED;
}

void vmid_load_p2m(struct vmid_slot *slot, struct p2m_domain *p2m,
                   const void *vcpu, unsigned int cpu)
{
    struct vmid_cpu *c = &vmid_cpus[cpu];
    bool flush_all = false, flush_shared = false, flush_vs;
    /* The p2m the hart ran until now, if another one, and its number. */
    struct vmid_slot *old = NULL;
    struct p2m_domain *old_p2m = NULL;
    unsigned int old_vmid = VMID_SHARED;
    /* The previous p2m, to leave once this load's x0 fence has run. */
    struct vmid_slot *late = NULL;
    unsigned int vmid;

    ASSERT(cpu < CONFIG_NR_CPUS);

    spin_lock(&vmid_lock);

    if ( c->p2m && c->p2m != p2m )
    {
        /* Pinned by this hart until now: the number it ran it under. */
        old = c->active;
        old_p2m = c->p2m;
        old_vmid = old->vmid;
    }

    if ( slot->generation != vmid_generation )
    {
        /* A slot loaded on some hart is always of this generation. */
        vmid = vmid_new(slot);
        slot->vmid = vmid;
        slot->generation = vmid_generation;
        vmid_stats.allocations++;

        /*
         * Under the p2m's lock, so that an update of the p2m flushes
         * either the old VMID before the change or the new one after it.
         * Nobody runs the p2m under the old number (it was not loaded).
         */
        if ( p2m->vmid != vmid )
        {
            p2m_write_lock(p2m);
            p2m_set_vmid(p2m, vmid);
            p2m_write_unlock(p2m);
        }
    }
    vmid = slot->vmid;
    ASSERT(p2m->vmid == vmid);

    c->active = slot;
    c->p2m = p2m;

    if ( c->generation != vmid_generation )
    {
        flush_all = true;
        c->generation = vmid_generation;
        c->last_shared = NULL;
        vmid_stats.flush_all++;
    }

    if ( vmid == VMID_SHARED && c->last_shared != slot )
    {
        flush_shared = true;
        c->last_shared = slot;
        if ( !flush_all )
            vmid_stats.flush_shared++;
    }

    /*
     * The pair rule alone covers a reused VMID; a new generation also
     * flushes, so that nothing VS-stage from before it survives either.
     */
    flush_vs = c->last_vcpu != vcpu || c->last_vmid != vmid || flush_all;
    c->last_vcpu = vcpu;
    c->last_vmid = vmid;
    if ( flush_vs )
        vmid_stats.flush_vs++;

    /* Back to the previous p2m: the hart never left its mask. */
    if ( c->prev_p2m == p2m )
        c->prev = NULL;

    if ( flush_all )
    {
        /*
         * The x0 fence below drops the previous p2m's entries too; it
         * stays recorded (so that vmid_slot_release() can forget it)
         * until the hart leaves its mask after that fence.  The old
         * p2m is left then as well.
         */
        late = c->prev;
    }
    else if ( c->prev && old_p2m )
    {
        /*
         * A third p2m: fence the oldest by the number the hart ran it
         * under, then leave its mask.  Under vmid_lock, which keeps it
         * from being released meanwhile; hgatp does not name it, so
         * nothing of it can be refilled after the fence.  That number is
         * still its own (no rollover since, or flush_all would be set).
         */
        hfence_gvma_vmid(c->prev_vmid);
        p2m_leave_dirty(c->prev_p2m, cpu);
        c->prev = NULL;
        vmid_stats.left++;
    }

    /*
     * The p2m the hart switched away from becomes the previous one and
     * keeps its entries, unless this load's fence removes them: every
     * VMID, or VMID 0 when it ran under VMID 0 (then it is last_shared,
     * so a load of another p2m under VMID 0 sets flush_shared).
     */
    if ( old_p2m && !flush_all && !(flush_shared && old_vmid == VMID_SHARED) )
    {
        c->prev = old;
        c->prev_p2m = old_p2m;
        c->prev_vmid = old_vmid;
        old_p2m = NULL;
    }
    else if ( old_p2m )
        vmid_stats.left++;
    if ( !c->prev )
        c->prev_p2m = NULL;

    spin_unlock(&vmid_lock);

    /*
     * The hart joins the dirty mask before hgatp names the p2m, so that
     * a concurrent update's flush reaches it (p2m_mark_dirty()).  The
     * slot is active here, so p2m->hgatp cannot change under us.
     */
    p2m_mark_dirty(p2m, cpu);
    gstage_load_hgatp(p2m->hgatp);

    if ( flush_all )
        local_hfence_gvma_all();
    else if ( flush_shared )
        hfence_gvma_vmid(VMID_SHARED);

    /*
     * After the hgatp write (before it the hart could refill the old
     * p2m's entries) and after the fence, so the hart holds nothing of
     * the old p2m when its bit goes.  Its vCPU still counts as running
     * here until we return, so it cannot be freed meanwhile.
     */
    if ( old_p2m )
        p2m_leave_dirty(old_p2m, cpu);

    /* The previous p2m is not ours to keep alive: check it is still there. */
    if ( late )
    {
        spin_lock(&vmid_lock);
        if ( c->prev == late )
        {
            p2m_leave_dirty(c->prev_p2m, cpu);
            c->prev = NULL;
            c->prev_p2m = NULL;
            vmid_stats.left++;
        }
        spin_unlock(&vmid_lock);
    }

    /* HFENCE.VVMA acts on the VMID now in hgatp. */
    if ( flush_vs )
        flush_tlb_guest_local();
}

void vmid_cpu_idle(unsigned int cpu)
{
    struct vmid_cpu *c = &vmid_cpus[cpu];

    spin_lock(&vmid_lock);
    /*
     * The caller wrote a Bare hgatp and then ran HFENCE.GVMA x0, x0
     * (vmid.h): nothing of either p2m is left on this hart, and nothing
     * can be refilled, so it leaves both masks; that fence is all leaving
     * costs.  Under the lock: the previous p2m may be being released.
     */
    if ( c->p2m )
    {
        p2m_leave_dirty(c->p2m, cpu);
        vmid_stats.left++;
    }
    if ( c->prev )
    {
        p2m_leave_dirty(c->prev_p2m, cpu);
        vmid_stats.left++;
    }
    c->p2m = NULL;
    c->prev = NULL;
    c->prev_p2m = NULL;
    c->active = NULL;
    /* Bare hgatp used VMID_SHARED: its next user must fence it. */
    c->last_shared = NULL;
    if ( c->last_vmid == VMID_SHARED )
        c->last_vcpu = NULL;
    spin_unlock(&vmid_lock);
}

void vmid_slot_release(struct vmid_slot *slot)
{
    spin_lock(&vmid_lock);
    for ( unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++ )
    {
        struct vmid_cpu *c = &vmid_cpus[cpu];

        ASSERT(c->active != slot);
        /*
         * The hart may still cache the p2m's entries under the slot's
         * number, which nobody gets before the next generation, and the
         * hart flushes every VMID before it loads one of that: forget
         * the p2m (its mask goes with it).
         */
        if ( c->prev == slot )
        {
            c->prev = NULL;
            c->prev_p2m = NULL;
        }
        if ( c->last_shared == slot )
            c->last_shared = NULL;
        /*
         * The slot's vCPUs are about to be freed: a new vCPU at the same
         * address must not pass for the one whose entries the hart holds.
         */
        if ( c->last_vmid == slot->vmid )
            c->last_vcpu = NULL;
    }
    /* Its number stays taken until the next generation. */
    slot->generation = 0;
    spin_unlock(&vmid_lock);
}

void vmid_get_stats(struct vmid_stats *stats)
{
    spin_lock(&vmid_lock);
    *stats = vmid_stats;
    spin_unlock(&vmid_lock);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
