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
 * Every fence is issued after the hgatp write: until then the hart may
 * still fill its TLB from the previous hgatp.
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
    unsigned int vmid;

    ASSERT(cpu < CONFIG_NR_CPUS);

    spin_lock(&vmid_lock);

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

    /* HFENCE.VVMA acts on the VMID now in hgatp. */
    if ( flush_vs )
        flush_tlb_guest_local();
}

void vmid_cpu_idle(unsigned int cpu)
{
    struct vmid_cpu *c = &vmid_cpus[cpu];

    spin_lock(&vmid_lock);
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
