/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * __HYPERVISOR_arch_0 with CONFIG_P2M_DEBUG: lets a domain look at its own
 * p2m (one GFN's entry, the statistics, a full audit), so a test guest can
 * check what its memory_op calls did to the G-stage tables.  Layouts are
 * in public/arch-riscv.h.
 */

#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/types.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/p2m.h>
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
