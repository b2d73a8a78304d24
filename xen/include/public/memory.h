/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_memory_op: sub-op numbers and structures with Xen's values
 * and layouts.  The sub-ops this hypervisor implements, and what it does
 * with each, are in docs/misc/riscv/hypercall-abi.pandoc; any other sub-op
 * returns -ENOSYS.  The command's upper bits are the hypervisor's, which
 * uses them to continue a preempted call: a guest passes the sub-op alone.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

/*
 * Reservations: the argument is a struct xen_memory_reservation; the
 * result is the number of extents done.
 *   increase_reservation: allocate extents, writing their MFNs (not GFNs)
 *     to extent_start if it is not NULL.
 *   decrease_reservation: extent_start lists GFNs of extents to give back.
 *   populate_physmap: extent_start lists GFNs to back with new memory.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

/*
 * mem_flags: the low byte limits the address width of the memory handed
 * out (0: no limit), the next byte chooses a NUMA node (plus one), the
 * bits above ask for special kinds of allocation.
 */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) (0xffu & (x))
#define XENMEMF_node(x)             (((x) + 1) << 8)
#define XENMEMF_get_node(x)         (0xffu & (((x) >> 8) - 1))
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_vnode               (1 << 18)

/* Only from node n. */
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)

#ifndef __ASSEMBLER__

struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* see the sub-ops above */
    xen_ulong_t nr_extents;    /* extents of 2^extent_order pages each, */
    unsigned int extent_order; /* aligned to their size */
    unsigned int mem_flags;    /* XENMEMF_* */
    domid_t domid;             /* DOMID_SELF for an unprivileged caller */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

#endif /* !__ASSEMBLER__ */

/* Spaces a page given to add_to_physmap comes from. */
#define XENMAPSPACE_shared_info  0 /* the shared info page */
#define XENMAPSPACE_grant_table  1 /* a grant table frame */
#define XENMAPSPACE_gmfn         2 /* a GFN of the domain itself */
#define XENMAPSPACE_gmfn_range   3 /* size GFNs (add_to_physmap only) */
#define XENMAPSPACE_gmfn_foreign 4 /* another domain's GFN (batch only) */
#define XENMAPSPACE_dev_mmio     5 /* device MMIO (Arm only) */

/*
 * Make the page idx of space appear at GFN gpfn of domid.  The argument is
 * a struct xen_add_to_physmap.
 */
#define XENMEM_add_to_physmap 7

/* In idx for XENMAPSPACE_grant_table: a status frame, not a shared one. */
#define XENMAPIDX_grant_table_status 0x80000000U

#ifndef __ASSEMBLER__

struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;      /* pages, for XENMAPSPACE_gmfn_range */
    unsigned int space; /* XENMAPSPACE_* */
    xen_ulong_t idx;    /* index in space (a GFN for gmfn, gmfn_range) */
    xen_pfn_t gpfn;     /* where the page is to appear */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

#endif /* !__ASSEMBLER__ */

/* add_to_physmap for a list of pages: a struct xen_add_to_physmap_batch. */
#define XENMEM_add_to_physmap_batch 23

#ifndef __ASSEMBLER__

struct xen_add_to_physmap_batch {
    domid_t domid;
    uint16_t space; /* XENMAPSPACE_* */
    uint16_t size;  /* entries in each list */
    union xen_add_to_physmap_batch_extra {
        domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
        uint16_t res0;         /* 0 for every other space */
    } u;
    XEN_GUEST_HANDLE(xen_ulong_t) idxs; /* IN: indexes in space */
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;  /* IN: where each is to appear */
    XEN_GUEST_HANDLE(int) errs;         /* OUT: one error code each */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

#endif /* !__ASSEMBLER__ */

/*
 * Unmap the page at GFN gpfn of domid.  The argument is a struct
 * xen_remove_from_physmap.
 */
#define XENMEM_remove_from_physmap 15

#ifndef __ASSEMBLER__

struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

#endif /* !__ASSEMBLER__ */

/*
 * Xen offers access_op to the toolstack only (it is not part of the
 * interface a guest kernel sees), so it is hidden here the same way: a
 * program must define __XEN_TOOLS__ to use it.
 */
#if defined(__XEN__) || defined(__XEN_TOOLS__)

#ifndef uint64_aligned_t
#define uint64_aligned_t uint64_t
#endif

/*
 * Read or change the access rights of GFNs.  The argument is a struct
 * xen_mem_access_op.
 */
#define XENMEM_access_op            21
#define XENMEM_access_op_set_access 0
#define XENMEM_access_op_get_access 1
/* 2 and 3 were used once and stay reserved. */
#define XENMEM_access_op_set_access_multi 4

#ifndef __ASSEMBLER__

/*
 * Access rights: what the domain may do with a page, on top of what the
 * page's type allows.  Beyond the eight combinations of r, w and x:
 *   rx2rw: r-x until the first write, which turns it into rw-;
 *   n2rwx: no access until the first access, which turns it into rwx
 *          (recorded, not paused);
 *   r_pw:  read-only, but page-table walks by the CPU may still write
 *          accessed/dirty bits (x86 EPT only);
 *   default: whatever the domain's default access is.
 */
typedef enum {
    XENMEM_access_n,
    XENMEM_access_r,
    XENMEM_access_w,
    XENMEM_access_rw,
    XENMEM_access_x,
    XENMEM_access_rx,
    XENMEM_access_wx,
    XENMEM_access_rwx,
    XENMEM_access_rx2rw,
    XENMEM_access_n2rwx,
    XENMEM_access_r_pw,
    XENMEM_access_default,
} xenmem_access_t;

struct xen_mem_access_op {
    uint8_t op;     /* XENMEM_access_op_* */
    uint8_t access; /* xenmem_access_t: IN for set, OUT for get */
    domid_t domid;
    /*
     * set_access: number of pages from pfn; set_access_multi: entries in
     * pfn_list and access_list.  Unused by get_access.
     */
    uint32_t nr;
    /* First GFN (set_access) or the GFN (get_access); ~0 is the default. */
    uint64_aligned_t pfn;
    /* set_access_multi only: the GFNs and the access for each. */
    XEN_GUEST_HANDLE(const_uint64) pfn_list;
    XEN_GUEST_HANDLE(const_uint8) access_list;
};
typedef struct xen_mem_access_op xen_mem_access_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_access_op_t);

#endif /* !__ASSEMBLER__ */

#endif /* __XEN__ || __XEN_TOOLS__ */

#endif /* __XEN_PUBLIC_MEMORY_H__ */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
