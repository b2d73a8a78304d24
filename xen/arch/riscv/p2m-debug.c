/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * __HYPERVISOR_arch_0 with CONFIG_P2M_DEBUG: lets a domain look at its own
 * p2m (one GFN's entry, the statistics, a full audit, a picture of its
 * layout on the console), so a test guest can check what its memory_op
 * calls did to the G-stage tables.  Layouts are in public/arch-riscv.h.
 */

#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/types.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/p2m.h>
#include <asm/setup.h>
#include <public/xen.h>

#ifdef CONFIG_P2M_DEBUG

/*
 * The public type numbers of the debug interface (p2m_type_t follows Xen's
 * numbering, which is not the debug interface's).
 */
static uint32_t p2m_debug_type(p2m_type_t t)
{
    switch ( t )
    {
    case p2m_ram_rw:
        return XEN_RISCV_P2M_ram_rw;
    case p2m_ram_ro:
        return XEN_RISCV_P2M_ram_ro;
    case p2m_mmio_direct_io:
        return XEN_RISCV_P2M_mmio_direct_io;
    case p2m_map_foreign_rw:
        return XEN_RISCV_P2M_map_foreign_rw;
    case p2m_map_foreign_ro:
        return XEN_RISCV_P2M_map_foreign_ro;
    case p2m_grant_map_rw:
        return XEN_RISCV_P2M_grant_map_rw;
    case p2m_grant_map_ro:
        return XEN_RISCV_P2M_grant_map_ro;
    default:
        return XEN_RISCV_P2M_invalid;
    }
}

/*
 * One GFN: the leaf (or hole) it lies in.  A GFN beyond the domain's GPA
 * width is reported as a level-0 hole, which is what it is.
 */
static long p2m_debug_query(struct domain *d, unsigned long arg)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    struct xen_riscv_p2m_query q;
    p2m_type_t t;
    p2m_access_t a;
    unsigned int order;
    bool valid;
    mfn_t mfn;

    BUILD_BUG_ON(XEN_RISCV_P2M_LEVELS != P2M_MAX_LEVELS);

    if ( copy_struct_from_guest(&q, arg) )
        return -EFAULT;

    p2m_read_lock(p2m);
    mfn = p2m_get_entry(p2m, _gfn(q.gfn), &t, &a, &order, &valid);
    p2m_read_unlock(p2m);

    q.mfn = mfn_x(mfn);
    q.level = order / PAGETABLE_ORDER;
    q.type = p2m_debug_type(t);
    q.access = a;
    q.valid = valid;

    return copy_struct_to_guest(arg, &q) ? -EFAULT : 0;
}

static long p2m_debug_stats(struct domain *d, unsigned long arg)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    struct xen_riscv_p2m_stats out;
    struct p2m_stats s;
    unsigned long total, free;

    p2m_get_stats(p2m, &s, &total, &free);

    memset(&out, 0, sizeof(out));
    for ( unsigned int i = 0; i < P2M_MAX_LEVELS; i++ )
        out.leaves[i] = s.leaves[i];
    out.tables = s.tables;
    out.md_pages = s.md_pages;
    out.splits = s.splits;
    out.merges = s.merges;
    out.fences_gpa = s.fences_gpa;
    out.fences_vmid = s.fences_vmid;
    out.fences_remote = s.fences_remote;
    out.flushes = s.flushes;
    out.pool_total = total;
    out.pool_free = free;
    out.root_level = P2M_ROOT_LEVEL(p2m);
    out.vmid = p2m->vmid;

    return copy_struct_to_guest(arg, &out) ? -EFAULT : 0;
}

/* Logical CPUs 0-63 of a mask, as one word for the guest. */
static uint64_t cpumask_word(const cpumask_t *mask)
{
    uint64_t word = 0;

    for ( unsigned int cpu = 0; cpu < CONFIG_NR_CPUS && cpu < 64; cpu++ )
        if ( cpumask_test_cpu(cpu, mask) )
            word |= 1ULL << cpu;

    return word;
}

static long p2m_debug_fence_targets(struct domain *d, unsigned long arg)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    struct xen_riscv_p2m_fence_targets out;

    p2m_read_lock(p2m);
    out.dirty_cpus = cpumask_word(&p2m->dirty_cpumask);
    out.remote_cpus = cpumask_word(&p2m->remote_fenced);
    p2m_read_unlock(p2m);

    return copy_struct_to_guest(arg, &out) ? -EFAULT : 0;
}

/*
 * dump_layout: the domain's GPA space as runs of leaves of one size, type
 * and access, adjacent in GFN, printed on the console (holes are the gaps
 * between runs).  Each step asks p2m_get_entry() about one GFN and moves
 * past the whole leaf or hole it lies in, so the walk costs one lookup per
 * leaf or hole entry, never one per page: a 1 GiB leaf is one step, and so
 * is an empty 256 TiB root slot.  The lock is taken per lookup, not across
 * the printing, so a concurrent update of the domain's own p2m (another of
 * its vCPUs) may show half done; the test domains call it when idle.
 */
#define P2M_DUMP_MAX_RUNS 64

struct layout_run {
    unsigned long gfn; /* first GFN */
    unsigned long nr;  /* leaves in the run */
    unsigned int order;
    p2m_type_t t;
    p2m_access_t a;
    bool valid;
};

static const char *leaf_size_name(unsigned int order)
{
    static const char *const names[P2M_MAX_LEVELS] = {
        "4K", "2M", "1G", "512G", "256T",
    };
    unsigned int level = order / PAGETABLE_ORDER;

    return level < P2M_MAX_LEVELS ? names[level] : "?";
}

static const char *p2m_type_name(p2m_type_t t)
{
    static const char *const names[p2m_max_type] = {
        [p2m_invalid] = "invalid",
        [p2m_ram_rw] = "ram_rw",
        [p2m_ram_ro] = "ram_ro",
        [p2m_mmio_direct_io] = "mmio_direct_io",
        [p2m_map_foreign_rw] = "map_foreign_rw",
        [p2m_map_foreign_ro] = "map_foreign_ro",
        [p2m_grant_map_rw] = "grant_map_rw",
        [p2m_grant_map_ro] = "grant_map_ro",
    };

    return (unsigned int)t < p2m_max_type ? names[t] : "?";
}

static void print_run(const struct domain *d, const struct layout_run *r)
{
    static const char *const access_names[] = {
        "n", "r", "w", "rw", "x", "rx", "wx", "rwx",
    };
    unsigned long end = r->gfn + (r->nr << r->order);
    char access[16] = "";

    /* rwx is every mapping's default: name the access only when it differs. */
    if ( r->a != p2m_access_rwx )
        snprintf(access, sizeof(access), " access %s",
                 (unsigned int)r->a < ARRAY_SIZE(access_names)
                     ? access_names[r->a]
                     : "?");

    printk("d%u:   %#lx-%#lx %s x%lu %s%s%s\n", d->domain_id,
           r->gfn << PAGE_SHIFT, (end << PAGE_SHIFT) - 1,
           leaf_size_name(r->order), r->nr, p2m_type_name(r->t), access,
           r->valid ? "" : " (PTE not valid)");
}

long p2m_debug_dump_layout(struct domain *d)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    const unsigned int root_level = P2M_ROOT_LEVEL(p2m);
    const unsigned long limit = 1UL << (P2M_GPA_BITS(root_level) - PAGE_SHIFT);
    unsigned long leaves[P2M_MAX_LEVELS] = { 0 };
    unsigned long gfn = 0, runs = 0, steps = 0;
    struct layout_run cur = { .nr = 0 };
    unsigned int level;

    printk("d%u: p2m layout, %s (%u-bit GPA), leaves in runs of one size, "
           "type and access (holes not listed):\n",
           d->domain_id, p2m_mode_name(root_level), P2M_GPA_BITS(root_level));

    while ( gfn < limit )
    {
        p2m_type_t t;
        p2m_access_t a;
        unsigned int order;
        bool valid;
        mfn_t mfn;

        p2m_read_lock(p2m);
        mfn = p2m_get_entry(p2m, _gfn(gfn), &t, &a, &order, &valid);
        p2m_read_unlock(p2m);
        steps++;

        /*
         * The walk only ever lands on the first GFN of a leaf or hole:
         * each step ends at the end of one, which is aligned to the size
         * of the entry that follows.
         */
        ASSERT(!(gfn & ((1UL << order) - 1)));

        if ( !mfn_eq(mfn, INVALID_MFN) )
        {
            leaves[order / PAGETABLE_ORDER]++;
            if ( cur.nr && cur.order == order && cur.t == t && cur.a == a &&
                 cur.valid == valid && cur.gfn + (cur.nr << order) == gfn )
                cur.nr++;
            else
            {
                if ( cur.nr && runs++ < P2M_DUMP_MAX_RUNS )
                    print_run(d, &cur);
                cur = (struct layout_run){
                    .gfn = gfn,
                    .nr = 1,
                    .order = order,
                    .t = t,
                    .a = a,
                    .valid = valid,
                };
            }
        }

        gfn = (gfn | ((1UL << order) - 1)) + 1;
    }
    if ( cur.nr && runs++ < P2M_DUMP_MAX_RUNS )
        print_run(d, &cur);
    if ( runs > P2M_DUMP_MAX_RUNS )
        printk("d%u:   ... %lu more runs\n", d->domain_id,
               runs - P2M_DUMP_MAX_RUNS);

    printk("d%u: p2m layout: %lu runs; leaves", d->domain_id, runs);
    for ( level = 0; level <= root_level; level++ )
        printk("%s %s %lu", level ? "," : "",
               leaf_size_name(level * PAGETABLE_ORDER), leaves[level]);
    printk("; %lu lookups\n", steps);

    return runs;
}

/*
 * Figures for tests that count pages: the free heap (exact only while no
 * other domain allocates, hence the domain count) and the caller's pages.
 */
static long p2m_debug_mem_info(struct domain *d, unsigned long arg)
{
    struct xen_riscv_mem_info out;

    memset(&out, 0, sizeof(out));
    out.heap_free = avail_domheap_pages();
    out.tot_pages = d->tot_pages;
    out.kill_step_max = domain_kill_largest_step();
    out.nr_domains = domain_count();

    return copy_struct_to_guest(arg, &out) ? -EFAULT : 0;
}

long do_p2m_debug_op(unsigned long op, unsigned long arg)
{
    struct domain *d = current->domain;

    switch ( op )
    {
    case XEN_RISCV_P2M_DEBUG_query:
        return p2m_debug_query(d, arg);

    case XEN_RISCV_P2M_DEBUG_stats:
        return p2m_debug_stats(d, arg);

    case XEN_RISCV_P2M_DEBUG_audit:
        return p2m_audit(p2m_get_hostp2m(d));

    case XEN_RISCV_P2M_DEBUG_fence_targets:
        return p2m_debug_fence_targets(d, arg);

    case XEN_RISCV_P2M_DEBUG_dump_layout:
        return p2m_debug_dump_layout(d);

    case XEN_RISCV_P2M_DEBUG_mem_info:
        return p2m_debug_mem_info(d, arg);

    case XEN_RISCV_P2M_DEBUG_domain_create:
        if ( !d->is_privileged )
            return -EPERM;
        if ( arg != (domid_t)arg )
            return -EINVAL;
        /* 0, dom0's own id, asks for any, as Xen's createdomain once did. */
        return domain_create_from_module(arg ? arg : DOMID_ANY);

    case XEN_RISCV_P2M_DEBUG_domain_state:
        /* A domid does not wrap: 0x10000 is no domain, not dom0. */
        if ( arg != (domid_t)arg )
            return d->is_privileged ? -ESRCH : -EPERM;
        return domain_state_op(arg);

    case XEN_RISCV_P2M_DEBUG_domain_destroy:
    {
        long rc;

        if ( arg != (domid_t)arg )
            return d->is_privileged ? -ESRCH : -EPERM;
        rc = domain_destroy_op(arg);

        if ( rc == -ERESTART )
            return hypercall_create_continuation(__HYPERVISOR_arch_0, op);
        return rc;
    }

    default:
        return -ENOSYS;
    }
}

#endif /* CONFIG_P2M_DEBUG */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
