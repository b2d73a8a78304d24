/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multi-domain random suite: several p2ms (mixed modes) whose vCPUs run
 * on the model's harts, VMIDs handed out by the real allocator
 * (xen/arch/riscv/vmid.c) with tiny widths so that generations roll over
 * often, random p2m operations on one hart while the other harts hold
 * cached translations of whatever domain they run.
 *
 * The TLB here is a separate, simpler model than model.c's: per hart, a
 * small fully associative array of leaf translations tagged with the VMID
 * as the hardware sees it (hgatp.VMID truncated to VMIDLEN bits).  A hart
 * caches translations of whatever its hgatp names (Bare included: identity
 * under VMID 0).  Fences remove entries as the spec says (an address fence
 * every leaf covering the address under that VMID, an rs1 = x0 fence the
 * whole VMID, x0/x0 everything).  Entries are looked up by VMID only, so a
 * VMID reused without a flush serves another domain's translations.
 *
 * After every unlock and every domain switch, for every hart running a
 * p2m: hgatp must be that p2m's hgatp, and every entry cached under the
 * hart's VMID must equal a fresh walk of that p2m.  Harts also cache
 * faults and non-leaf entries: a walk through a cached table must equal
 * a fresh walk, and a stale fault is handed to the guest-page-fault path
 * (a local fence of the p2m's VMID), after which it must be gone.  VS-stage
 * entries are kept per VMID and vCPU to check HFENCE.VVMA on switches.
 *
 * Dirty masks: every entry also records the domain it came from.  At
 * every fence a hart receives, and after every step, a hart outside a
 * domain's dirty mask must cache nothing of that domain (it left without
 * fencing, and the domain's flushes now miss it), and a hart running a
 * domain must be in its mask.  After every step, and at every remote
 * fence, a hart in a domain's mask must run it or have run it just before
 * the domain it runs now (vmid.c keeps that one's entries): an idle hart
 * gets no fences.  A directed test counts remote fences as harts go idle
 * and switch domains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/current.h>
#include <asm/flushtlb.h>
#include <asm/vmid.h>

#include "harness.h"

#define MD_MAX_DOMS    6
#define MD_ENTS        64
#define MD_VS_ENTS     8
#define MD_WINDOW      (1UL << 19) /* GFNs used: the first 2 GiB */
#define MD_POOL        160
#define MD_LEVEL_SZ(l) (1UL << (PAGE_SHIFT + 9 * (l)))

/*
 * A cached translation: a leaf (x), a fault (a walk that ended at an
 * invalid entry), or a non-leaf entry (the walk-cache: the table at
 * level + 0 .. that a walk of the region at level + 1 continues from).
 */
enum { MD_LEAF, MD_FAULT, MD_NONLEAF };

struct md_ent {
    bool v;
    uint8_t kind;
    uint16_t vmid;
    /* domain_id of the domain whose p2m it came from (0: Bare) */
    unsigned int owner;
    uint8_t level, root_level;
    uint64_t base, gpa, table;
    struct xl x;
};

/*
 * A VS-stage translation (the guest's own page tables, cached by the
 * hart): tagged with the VMID in hgatp when it was filled, and belonging
 * to the vCPU that ran.  HFENCE.GVMA leaves it; HFENCE.VVMA drops the
 * entries of the VMID in hgatp.
 */
struct md_vs_ent {
    bool v;
    uint16_t vmid;
    const void *vcpu;
};

struct md_hart {
    uint64_t hgatp; /* as last written; 0 = Bare */
    int dom;        /* domain it runs, -1 idle */
    /* domain_id of the one it ran before dom, 0 after idle */
    unsigned int prev_id;
    struct md_vs_ent vs[MD_VS_ENTS];
    /* All-VMID fences seen, and the VMID generation of the last one. */
    unsigned long fences_all, flushed_gen;
    struct md_ent e[MD_ENTS];
};

bool multi_active;

static struct md_hart md_harts[NR_HARTS];
static struct domain md_doms[MD_MAX_DOMS];
static struct vmid_slot md_slots[MD_MAX_DOMS];
static char md_vcpus[MD_MAX_DOMS][NR_HARTS];
static unsigned int md_nr_doms, md_bits;
static uint64_t md_rng;
static unsigned long md_divergences, md_op, md_recycled;
static unsigned int md_domids;
static const char *md_when;
/*
 * The domain whose p2m the current step updates (-1: none), the remote
 * fences harts received (per hart), and those that went to a hart
 * running another domain, which it ran just before.
 */
static int md_flush_dom = -1;
static unsigned long md_remote[NR_HARTS], md_remote_prev;
/* Full barriers so far at each hart's last local fence. */
static uint64_t md_fence_mb[NR_HARTS];

static uint64_t md_rnd(uint64_t n)
{
    return n ? rng_next(&md_rng) % n : 0;
}

static unsigned int md_hw_vmid(uint64_t vmid)
{
    return vmid & ((1U << md_bits) - 1);
}

static unsigned int md_hgatp_vmid(uint64_t hgatp)
{
    return md_hw_vmid(MASK_EXTR(hgatp, HGATP_VMID_MASK));
}

/* ---- Dirty masks ---- */

static const char *md_hart_runs(unsigned int h, char *buf, size_t n)
{
    if ( md_harts[h].dom < 0 )
        return "is idle";
    snprintf(buf, n, "runs d%u", md_doms[md_harts[h].dom].domain_id);
    return buf;
}

/*
 * Hart h against the dirty masks: in the mask of the domain it runs, and
 * out of a mask only with nothing of that domain cached.  At a fence the
 * hart may be half way through a switch (in the new domain's mask, not
 * yet running it), so the precision check (in a mask only for the domain
 * it runs or ran before it) waits for the end of the step (precise).
 */
static void md_check_masks(unsigned int h, bool precise)
{
    const struct md_hart *ht = &md_harts[h];
    char buf[32];

    for ( unsigned int i = 0; i < md_nr_doms; i++ )
    {
        const struct domain *d = &md_doms[i];
        bool in = cpumask_test_cpu(h, &p2m_get_hostp2m(d)->dirty_cpumask);

        if ( ht->dom == (int)i && !in )
        {
            md_divergences++;
            model_fail("multi-domain (op %lu, vmid_bits %u): hart %u runs "
                       "d%u but is not in its dirty mask",
                       md_op, md_bits, h, d->domain_id);
        }
        if ( precise && in && ht->dom != (int)i && ht->prev_id != d->domain_id )
        {
            md_divergences++;
            model_fail("multi-domain (after %s, op %lu, vmid_bits %u): hart "
                       "%u %s (before it d%u, 0: none) but is still in "
                       "d%u's dirty mask: its fences go there",
                       md_when, md_op, md_bits, h,
                       md_hart_runs(h, buf, sizeof(buf)), ht->prev_id,
                       d->domain_id);
        }
        for ( unsigned int k = 0; !in && k < MD_ENTS; k++ )
            if ( ht->e[k].v && ht->e[k].owner == d->domain_id )
            {
                md_divergences++;
                model_fail("multi-domain (op %lu, vmid_bits %u): hart %u "
                           "is out of d%u's dirty mask with the domain's "
                           "gpa 0x%lx cached under VMID %u: left without "
                           "a fence",
                           md_op, md_bits, h, d->domain_id,
                           (unsigned long)ht->e[k].gpa, ht->e[k].vmid);
                break;
            }
    }
}

/*
 * A fence on hart h: first the masks (a hart that left one before its
 * fence is caught here).  One for another hart than the current one is a
 * remote fence, which only the domain being updated sends: it must reach
 * only harts that run it or ran it just before their current domain.
 */
static void md_fence_seen(unsigned int h)
{
    const struct md_hart *ht = &md_harts[h];
    char buf[32];

    md_check_masks(h, false);
    if ( h == harness_current_cpu )
    {
        md_fence_mb[h] = model_full_barriers();
        return;
    }
    md_remote[h]++;
    if ( md_flush_dom >= 0 && ht->dom == md_flush_dom )
        return;
    if ( md_flush_dom >= 0 && ht->prev_id == md_doms[md_flush_dom].domain_id )
    {
        md_remote_prev++;
        return;
    }
    md_divergences++;
    model_fail("multi-domain (op %lu, vmid_bits %u): hart %u %s and got a "
               "remote fence for d%d",
               md_op, md_bits, h, md_hart_runs(h, buf, sizeof(buf)),
               md_flush_dom >= 0 ? (int)md_doms[md_flush_dom].domain_id : -1);
}

/* The domains whose dirty masks hart h is in, one bit each. */
static unsigned int md_masks_of(unsigned int h)
{
    unsigned int in = 0;

    for ( unsigned int i = 0; i < md_nr_doms; i++ )
        if ( cpumask_test_cpu(h, &p2m_get_hostp2m(&md_doms[i])->dirty_cpumask) )
            in |= 1U << i;

    return in;
}

/*
 * Hart h went idle and left the masks in "left", after its x0 fence (the
 * last local fence: vmid_cpu_idle() issues none).  The bits may go only
 * after a full barrier that follows that fence: it puts everything the
 * hart did through the p2m before the bit, for a flusher that reads the
 * mask without it and then reuses pages.  (On a load, later fences of the
 * new VMID hide where the barrier was, so only going idle is checked.)
 */
static void md_check_left(unsigned int h, unsigned int left)
{
    if ( !left || model_full_barriers() != md_fence_mb[h] )
        return;
    md_divergences++;
    model_fail("multi-domain (op %lu, vmid_bits %u): hart %u left a dirty "
               "mask with no full barrier after its fence",
               md_op, md_bits, h);
}

/* ---- Fences (model.c forwards them here while multi_active) ---- */

void multi_fence_gpa(unsigned int h, uint64_t gpa, uint64_t vmid)
{
    struct md_hart *ht = &md_harts[h];
    unsigned int v = md_hw_vmid(vmid);

    md_fence_seen(h);
    for ( unsigned int i = 0; i < MD_ENTS; i++ )
    {
        struct md_ent *e = &ht->e[i];

        /* Address fences need not drop non-leaf entries. */
        if ( e->v && e->vmid == v && e->kind != MD_NONLEAF && gpa >= e->base &&
             gpa - e->base < MD_LEVEL_SZ(e->level) )
            e->v = false;
    }
}

void multi_fence_vmid(unsigned int h, uint64_t vmid)
{
    struct md_hart *ht = &md_harts[h];
    unsigned int v = md_hw_vmid(vmid);

    md_fence_seen(h);
    for ( unsigned int i = 0; i < MD_ENTS; i++ )
        if ( ht->e[i].vmid == v )
            ht->e[i].v = false;
}

void multi_fence_all(unsigned int h)
{
    md_fence_seen(h);
    md_harts[h].fences_all++;
    for ( unsigned int i = 0; i < MD_ENTS; i++ )
        md_harts[h].e[i].v = false;
}

/* Full barriers so far when the current vmid_load_p2m() began. */
static uint64_t md_mb0;

void multi_fence_vvma(unsigned int h)
{
    struct md_hart *ht = &md_harts[h];
    unsigned int v = md_hgatp_vmid(ht->hgatp);

    for ( unsigned int i = 0; i < MD_VS_ENTS; i++ )
        if ( ht->vs[i].vmid == v )
            ht->vs[i].v = false;
}

/*
 * Hart h now runs vcpu: no VS-stage entry under its VMID may be another
 * vCPU's (vmid.c's HFENCE.VVMA on a vCPU or VMID switch); then the vCPU
 * fills one of its own.
 */
static void md_vs_run(unsigned int h, unsigned int dom, const void *vcpu)
{
    struct md_hart *ht = &md_harts[h];
    unsigned int v = md_hgatp_vmid(ht->hgatp);
    struct md_vs_ent *slot = &ht->vs[md_rnd(MD_VS_ENTS)];

    for ( unsigned int i = 0; i < MD_VS_ENTS; i++ )
    {
        const struct md_vs_ent *e = &ht->vs[i];

        if ( !e->v || e->vmid != v || e->vcpu == vcpu )
            continue;
        md_divergences++;
        model_fail("multi-domain (op %lu, vmid_bits %u): hart %u runs a "
                   "vCPU of d%u under VMID %u with another vCPU's VS-stage "
                   "entries cached (no HFENCE.VVMA on the switch)",
                   md_op, md_bits, h, dom, v);
        break;
    }
    for ( unsigned int i = 0; i < MD_VS_ENTS; i++ )
        if ( !ht->vs[i].v )
            slot = &ht->vs[i];
    *slot = (struct md_vs_ent){ .v = true, .vmid = v, .vcpu = vcpu };
}

/* vmid.c's hgatp write: the hart named by harness_current_cpu. */
void gstage_load_hgatp(unsigned long hgatp)
{
    /* The hart joined the dirty mask: a full barrier before it walks. */
    if ( model_full_barriers() == md_mb0 )
        model_fail("multi-domain (op %lu): hart %u loads hgatp with no full "
                   "barrier after joining the dirty mask",
                   md_op, harness_current_cpu);
    md_harts[harness_current_cpu].hgatp = hgatp;
}

/* ---- The hart's TLB fills ---- */

static void md_prefetch(unsigned int h, uint64_t gpa)
{
    struct md_hart *ht = &md_harts[h];
    struct md_ent n = { .v = true, .gpa = gpa };
    struct md_ent *slot = NULL;

    if ( !ht->hgatp )
    {
        /* Bare: identity, VMID 0 (hgatp.VMID of a Bare hgatp). */
        n.x = (struct xl){ .kind = XL_OK,
                           .perms = p2m_access_r | p2m_access_w | p2m_access_x,
                           .ppn = gpa >> PAGE_SHIFT };
    }
    else
    {
        uint64_t tables[5];
        int rl = (int)MASK_EXTR(ht->hgatp, HGATP_MODE_MASK) - 6;

        n.root_level = rl;
        n.x = mmu_walk_from(MASK_EXTR(ht->hgatp, HGATP_PPN_MASK), rl, rl, gpa,
                            tables);
        if ( n.x.kind == XL_BAD )
            return;
        if ( n.x.kind == XL_FAULT )
            n.kind = MD_FAULT;
        /* Now and then the walk-cache keeps a table on the way instead. */
        if ( (int)n.x.level < rl && md_rnd(3) == 0 )
        {
            n.kind = MD_NONLEAF;
            n.level = n.x.level + md_rnd(rl - n.x.level);
            n.table = tables[n.level];
            n.base = gpa & ~(MD_LEVEL_SZ(n.level + 1) - 1);
            goto insert;
        }
    }
    n.level = n.x.level;
    n.base = gpa & ~(MD_LEVEL_SZ(n.level) - 1);
 insert:
    n.vmid = md_hgatp_vmid(ht->hgatp);
    n.owner = ht->hgatp && ht->dom >= 0 ? md_doms[ht->dom].domain_id : 0;
    for ( unsigned int i = 0; i < MD_ENTS && !slot; i++ )
        if ( !ht->e[i].v )
            slot = &ht->e[i];
    if ( !slot )
        slot = &ht->e[md_rnd(MD_ENTS)];
    *slot = n;
}

static uint64_t md_gpa(uint64_t gfn)
{
    return (gfn % MD_WINDOW) << PAGE_SHIFT;
}

/* ---- Checks ---- */

static void md_check(void)
{
    char got[128], want[128];

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
    {
        struct md_hart *ht = &md_harts[h];
        struct p2m_domain *p2m;
        unsigned int v;

        md_check_masks(h, true);
        if ( ht->dom < 0 )
            continue;
        p2m = p2m_get_hostp2m(&md_doms[ht->dom]);
        if ( ht->hgatp != p2m->hgatp )
        {
            md_divergences++;
            model_fail("multi-domain (after %s, op %lu): hart %u runs d%d "
                       "with hgatp 0x%lx, its p2m says 0x%lx",
                       md_when, md_op, h, ht->dom, (unsigned long)ht->hgatp,
                       (unsigned long)p2m->hgatp);
        }
        v = md_hgatp_vmid(ht->hgatp);
        for ( unsigned int i = 0; i < MD_ENTS; i++ )
        {
            const struct md_ent *e = &ht->e[i];
            struct xl now;

            struct xl seen;

            if ( !e->v || e->vmid != v )
                continue;
            now = mmu_walk(p2m->hgatp, e->gpa);
            seen = e->kind != MD_NONLEAF
                       ? e->x
                       : mmu_walk_from(e->table, e->level, e->root_level,
                                       e->gpa, NULL);
            if ( seen.kind == XL_FAULT && now.kind == XL_OK )
            {
                /*
                 * A stale fault: the guest-page-fault handler finds the
                 * page mapped, fences the p2m's VMID on this hart and
                 * retries.  The retry must not fault again.
                 */
                unsigned int cpu = harness_current_cpu;

                harness_current_cpu = h;
                hfence_gvma_vmid(p2m->vmid);
                harness_current_cpu = cpu;
                if ( !e->v )
                    continue;
                md_divergences++;
                model_fail("multi-domain (after %s, op %lu, vmid_bits %u): "
                           "hart %u running d%d gpa 0x%lx: a stale fault "
                           "survives the fault handler's fence of VMID %u "
                           "(hgatp VMID %u): the guest faults forever",
                           md_when, md_op, md_bits, h, ht->dom,
                           (unsigned long)e->gpa, p2m->vmid, v);
                continue;
            }
            if ( xl_equal(&seen, &now) )
                continue;
            md_divergences++;
            xl_format(&e->x, got, sizeof(got));
            xl_format(&now, want, sizeof(want));
            model_fail("multi-domain (after %s, op %lu, vmid_bits %u): hart "
                       "%u running d%d (VMID %u) gpa 0x%lx: cached %s, its "
                       "p2m says %s",
                       md_when, md_op, md_bits, h, ht->dom, v,
                       (unsigned long)e->gpa, got, want);
        }
    }
}

/* ---- Domains, switches, operations ---- */

static void md_switch(unsigned int h, int dom)
{
    struct md_hart *ht = &md_harts[h];

    /* Whatever the hart ran so far it may have cached. */
    for ( unsigned int k = 0; k < 4; k++ )
        md_prefetch(h, md_gpa(md_rnd(MD_WINDOW)));

    harness_current_cpu = h;
    if ( dom < 0 )
    {
        unsigned int in = md_masks_of(h);

        /* Back to Bare: the caller fences (vmid.h, vmid_cpu_idle()). */
        ht->hgatp = 0;
        local_hfence_gvma_all();
        vmid_cpu_idle(h);
        md_check_left(h, in & ~md_masks_of(h));
        ht->dom = -1;
        ht->prev_id = 0;
        md_prefetch(h, md_gpa(md_rnd(MD_WINDOW)));
        return;
    }
    {
        unsigned long all0 = ht->fences_all;
        unsigned long gen;

        md_mb0 = model_full_barriers();
        vmid_load_p2m(&md_slots[dom], p2m_get_hostp2m(&md_doms[dom]),
                      &md_vcpus[dom][h], h);
        /*
         * Precision, from the fences the hart actually saw: an all-VMID
         * fence on a load is needed only when the VMIDs were handed out
         * again (a new generation, which the loaded slot is of) since the
         * hart last had one.
         */
        gen = md_slots[dom].generation;
        if ( ht->fences_all != all0 )
        {
            if ( gen == ht->flushed_gen )
            {
                md_divergences++;
                model_fail("multi-domain (op %lu, vmid_bits %u): hart %u "
                           "fenced every VMID loading d%u, although it "
                           "already did in VMID generation %lu",
                           md_op, md_bits, h, dom, gen);
            }
            ht->flushed_gen = gen;
        }
    }
    if ( ht->dom >= 0 && ht->dom != dom )
        ht->prev_id = md_doms[ht->dom].domain_id;
    ht->dom = dom;
    md_vs_run(h, dom, &md_vcpus[dom][h]);
}

static void md_op_run(uint64_t *hot)
{
    unsigned int dom = md_rnd(md_nr_doms);
    struct domain *d = &md_doms[dom];
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned int kind = md_rnd(10), order;
    uint64_t gfn, nr, mfn;
    unsigned long done = 0;
    p2m_type_t t = p2m_ram_rw;
    int rc = 0;

    /* Orders 0, 9 (2 MiB), rarely 18 (1 GiB); partial ranges inside. */
    order = md_rnd(8) < 5 ? 0 : md_rnd(8) ? 9 : 18;
    gfn = hot[md_rnd(8)] & ~((1UL << order) - 1);
    if ( md_rnd(3) == 0 )
        gfn += md_rnd(1UL << (order ? order : 9));
    nr = md_rnd(4) ? 1UL << order : 1 + md_rnd(1UL << (order ? order : 4));
    gfn %= MD_WINDOW;
    if ( gfn + nr > MD_WINDOW )
        nr = MD_WINDOW - gfn;
    mfn = (0x100000UL + md_rnd(1UL << 20)) & ~((1UL << order) - 1);
    mfn += gfn & ((1UL << order) - 1);

    /* Every hart caches what it can see now, inside the range too. */
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        for ( unsigned int k = 0; k < 3; k++ )
            md_prefetch(h, md_gpa(md_rnd(2) ? gfn + md_rnd(nr)
                                            : hot[md_rnd(8)] + md_rnd(1024)));

    harness_current_cpu = md_rnd(NR_HARTS);
    md_flush_dom = dom;
    if ( kind < 5 )
    {
        if ( md_rnd(10) == 0 )
            t = p2m_ram_ro;
        else if ( md_rnd(10) == 0 )
            t = p2m_mmio_direct_io;
        p2m_write_lock(p2m);
        rc = p2m_set_range(p2m, _gfn(gfn), nr, _mfn(mfn), t, p2m_access_rwx,
                           &done);
        p2m_write_unlock(p2m);
    }
    else if ( kind < 7 )
    {
        p2m_write_lock(p2m);
        rc = p2m_set_range(p2m, _gfn(gfn), nr, INVALID_MFN, p2m_invalid,
                           p2m_access_n, &done);
        p2m_write_unlock(p2m);
    }
    else if ( kind < 9 )
    {
        static const p2m_access_t acc[] = { p2m_access_r,  p2m_access_rw,
                                            p2m_access_rx, p2m_access_rwx,
                                            p2m_access_x,  p2m_access_n };

        rc = p2m_set_access_range(d, _gfn(gfn), nr,
                                  acc[md_rnd(ARRAY_SIZE(acc))], &done);
    }
    else
    {
        bool to_ro = md_rnd(2);

        rc = p2m_change_type_range(d, _gfn(gfn), nr,
                                   to_ro ? p2m_ram_rw : p2m_ram_ro,
                                   to_ro ? p2m_ram_ro : p2m_ram_rw, &done);
    }
    /*
     * Running out of pool is legitimate; the range is then partial.  A
     * mapping that would turn a mapped page between RAM and MMIO in place
     * is refused, with nothing changed.
     */
    md_flush_dom = -1;
    if ( rc && rc != -ENOMEM && !(rc == -EBUSY && kind < 5) )
        model_fail("multi-domain: op %lu on d%u failed: %d", md_op, dom, rc);
    md_when = "an unlock";
    md_check();

    /* Keep the pool from running dry: unmap a whole hot GiB now and then. */
    if ( rc == -ENOMEM )
    {
        md_flush_dom = dom;
        p2m_write_lock(p2m);
        rc = p2m_set_range(p2m, _gfn(0), MD_WINDOW, INVALID_MFN, p2m_invalid,
                           p2m_access_n, &done);
        p2m_write_unlock(p2m);
        md_flush_dom = -1;
        if ( rc )
            model_fail("multi-domain: unmapping d%u failed: %d", dom, rc);
        md_check();
    }
}

static int md_dom_create(unsigned int i)
{
    struct domain *d = &md_doms[i];
    int rc;

    memset(d, 0, sizeof(*d));
    d->domain_id = ++md_domids;
    vmid_slot_init(&md_slots[i]);
    rc = harness_p2m_init(d, 2 + md_rnd(3));
    if ( !rc )
        rc = harness_set_allocation(d, MD_POOL);
    if ( rc )
        model_fail("multi-domain: setting up domain %u failed: %d",
                   d->domain_id, rc);
    return rc;
}

/*
 * Destroy domain i and create a new one in its place: its VMID stays taken
 * until the next generation, so the allocator rolls over even when there
 * are more VMIDs than domains.  The harts running it go idle first.
 */
static void md_dom_recycle(unsigned int i)
{
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        if ( md_harts[h].dom == (int)i )
            md_switch(h, -1);
    harness_current_cpu = md_rnd(NR_HARTS);
    vmid_slot_release(&md_slots[i]);
    /* Harts that ran it just before their current domain may be fenced. */
    md_flush_dom = i;
    p2m_teardown(&md_doms[i]);
    md_flush_dom = -1;
    md_recycled++;
    if ( md_dom_create(i) )
        abort();
}

/* A fresh machine: VMIDLEN bits, no domain running. */
static void md_setup(unsigned int bits, uint64_t seed)
{
    md_bits = bits;
    md_rng = seed * 0x9e3779b97f4a7c15UL + bits * 0x2545f4914f6cdd1dUL + 1;
    md_divergences = md_op = 0;
    md_remote_prev = 0;
    memset(md_remote, 0, sizeof(md_remote));
    env_init();
    env_reset();
    max_gstage_mode = p2m_mode_of_level(4);
    p2m_use_pbmt = true;
    harness_current_cpu = 0;
    vmid_setup(bits);
    memset(md_harts, 0, sizeof(md_harts));
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        md_harts[h].dom = -1;
    md_domids = 0;
    md_recycled = 0;
}

/*
 * Directed: which harts an update of d1 (the first domain) fences as
 * harts go idle and switch domains.  Hart 0 makes the updates (a 4 KiB
 * leaf remapped, one address fence) and never runs a domain; every hart
 * first caches the page, so a hart the fence misses keeps a stale
 * translation, which md_check() catches when it runs d1 again.
 */
static unsigned int md_expect(unsigned int want, unsigned long *mfn)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(&md_doms[0]);
    unsigned long done;
    unsigned int got = 0;
    int rc;

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        md_prefetch(h, md_gpa(0x1000));
    memset(md_remote, 0, sizeof(md_remote));
    harness_current_cpu = 0;
    md_flush_dom = 0;
    p2m_write_lock(p2m);
    rc = p2m_set_range(p2m, _gfn(0x1000), 1, _mfn(++*mfn), p2m_ram_rw,
                       p2m_access_rwx, &done);
    p2m_write_unlock(p2m);
    md_flush_dom = -1;
    if ( rc )
        model_fail("multi-domain: dirty mask test: mapping failed: %d", rc);
    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        if ( md_remote[h] )
            got |= 1U << h;
    if ( got != want )
    {
        md_divergences++;
        model_fail("multi-domain: dirty mask test, vmid_bits %u, step %lu: "
                   "remote fences for d1 went to harts 0x%x, expected 0x%x",
                   md_bits, md_op, got, want);
    }
    md_when = "a directed update";
    md_check();
    md_op++;

    return got;
}

static void md_directed(unsigned int bits)
{
    unsigned long before = model_failures, mfn = 0x120000;
    unsigned int targets = 0;

    md_setup(bits, 0);
    md_nr_doms = 3;
    for ( unsigned int i = 0; i < md_nr_doms; i++ )
        if ( md_dom_create(i) )
            return;
    multi_active = true;

    md_expect(0, &mfn);
    md_switch(1, 0);
    md_switch(2, 0);
    md_switch(3, 1);
    targets += __builtin_popcount(md_expect(0x6, &mfn));
    /* Idle: no more fences. */
    md_switch(1, -1);
    targets += __builtin_popcount(md_expect(0x4, &mfn));
    /*
     * Straight to d2: keeps d1's entries, and its fences.  Not with one
     * VMID or none: d2 runs under VMID 0, after a new generation (d1 had
     * the one number) or with d1 under VMID 0 too, and the hart's fence
     * on the load drops d1's entries.
     */
    md_switch(2, 1);
    targets += __builtin_popcount(md_expect(bits < 2 ? 0 : 0x4, &mfn));
    /* And on to d3: d1 fenced and left. */
    md_switch(2, 2);
    targets += __builtin_popcount(md_expect(0, &mfn));
    /* Back on d1: fenced again, and nothing stale from before. */
    md_switch(1, 1);
    md_switch(1, 0);
    targets += __builtin_popcount(md_expect(0x2, &mfn));
    md_switch(3, 0);
    targets += __builtin_popcount(md_expect(0xa, &mfn));

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        md_switch(h, -1);
    multi_active = false;
    for ( unsigned int i = 0; i < md_nr_doms; i++ )
    {
        vmid_slot_release(&md_slots[i]);
        p2m_teardown(&md_doms[i]);
    }

    printf("multi-domain: dirty mask, vmid_bits %u: %u remote fence "
           "targets over 7 updates of d1 (idle harts none, a hart two "
           "domains on none), %lu divergences\n",
           bits, targets, md_divergences);
    suite_result(model_failures == before,
                 "multi-domain: remote fences only to harts that may cache "
                 "the p2m, vmid_bits %u",
                 bits);
}

static void md_run_width(unsigned int bits, uint64_t seed, unsigned long ops)
{
    unsigned long before = model_failures, pages;
    uint64_t hot[8];
    struct vmid_stats st;
    unsigned long remote = 0;

    md_setup(bits, seed);
    md_nr_doms = 3 + md_rnd(MD_MAX_DOMS - 2);
    for ( unsigned int i = 0; i < 8; i++ )
        hot[i] = md_rnd(MD_WINDOW);

    for ( unsigned int i = 0; i < md_nr_doms; i++ )
        if ( md_dom_create(i) )
        {
            md_nr_doms = i;
            return;
        }

    multi_active = true;
    for ( md_op = 0; md_op < ops; md_op++ )
    {
        unsigned int r = md_rnd(100);

        if ( r < 30 )
        {
            unsigned int h = md_rnd(NR_HARTS);

            md_switch(h, md_rnd(12) ? (int)md_rnd(md_nr_doms) : -1);
            md_when = "a domain switch";
            md_check();
        }
        else if ( r < 33 )
        {
            md_dom_recycle(md_rnd(md_nr_doms));
            md_when = "a domain re-creation";
            md_check();
        }
        else
            md_op_run(hot);
        if ( md_rnd(64) == 0 )
            hot[md_rnd(8)] = md_rnd(MD_WINDOW);
        if ( model_failures - before > 20 )
            break;
    }

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        md_switch(h, -1);
    multi_active = false;
    vmid_get_stats(&st);
    for ( unsigned int i = 0; i < md_nr_doms; i++ )
    {
        vmid_slot_release(&md_slots[i]);
        p2m_teardown(&md_doms[i]);
    }
    pages = env_pages_in_use();
    if ( pages )
        model_fail("multi-domain: teardown leaked %lu arena pages", pages);

    for ( unsigned int h = 0; h < NR_HARTS; h++ )
        remote += md_remote[h];
    printf("multi-domain: vmid_bits %u: %lu random ops, %u domains, %u harts, "
           "seed %lu, %lu divergences (%lu re-created, %lu rollovers, %lu "
           "VMID allocations, %lu generation flushes, %lu on VMID 0, %lu "
           "dirty mask exits, %lu remote fences, %lu of them to a hart that "
           "ran the domain before its current one, none to others; "
           "replay: build/p2m-test --multi --seed %lu --multi-ops %lu)\n",
           bits, md_op, md_nr_doms, NR_HARTS, (unsigned long)seed,
           md_divergences, md_recycled, st.rollovers, st.allocations,
           st.flush_all, st.shared, st.left, remote, md_remote_prev,
           (unsigned long)seed, ops);
    suite_result(model_failures == before,
                 "multi-domain random, vmid_bits %u, seed %lu", bits,
                 (unsigned long)seed);
}

int run_multi(uint64_t seed, unsigned long ops)
{
    unsigned int before = suite_failed;

    for ( unsigned int bits = 0; bits <= 3; bits++ )
        md_directed(bits);

    for ( unsigned int bits = 0; bits <= 3; bits++ )
    {
        suite_budget(RANDOM_BUDGET(ops),
                     "multi-domain random, vmid_bits %u, "
                     "seed %lu",
                     bits, (unsigned long)seed);
        md_run_width(bits, seed, ops);
        suite_budget(0, "-");
    }
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
