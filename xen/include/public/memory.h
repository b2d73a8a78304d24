/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * __HYPERVISOR_memory_op: sub-op numbers and structures as in Xen's
 * public memory.h.  The command's low MEMOP_CMD_MASK bits are the sub-op;
 * the bits above carry the extent to start from when the hypervisor
 * preempts a long reservation call (the guest never sets them itself, it
 * simply re-executes the rewound ecall).
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1U << MEMOP_EXTENT_SHIFT) - 1)

#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

/*
 * increase_reservation: allocate nr_extents extents of 2^extent_order
 * pages (not mapped), writing their MFNs into extent_start if it is not
 * NULL.  decrease_reservation: extent_start lists GFNs to unmap and free.
 * populate_physmap: extent_start lists GFNs to back with new pages.
 * Returns the number of extents completed; stops at the first failure.
 */
struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    xen_ulong_t nr_extents;
    unsigned int extent_order;
    unsigned int mem_flags; /* must be 0 */
    domid_t domid;          /* DOMID_SELF */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;

/* Move the page at GFN idx (or idx .. idx + size - 1) to gpfn onwards. */
#define XENMEM_add_to_physmap  7
#define XENMAPSPACE_gmfn       2
#define XENMAPSPACE_gmfn_range 3

struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;      /* pages, for gmfn_range */
    unsigned int space; /* XENMAPSPACE_* */
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;

/* Unmap gpfn, freeing the page behind it. */
#define XENMEM_remove_from_physmap 15

struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;

/*
 * Access rights of a GFN range.  set_access applies access to
 * [pfn, pfn + nr); get_access reads the access of pfn into access.
 */
#define XENMEM_access_op            21
#define XENMEM_access_op_set_access 0
#define XENMEM_access_op_get_access 1

typedef enum {
    XENMEM_access_n,
    XENMEM_access_r,
    XENMEM_access_w,
    XENMEM_access_rw,
    XENMEM_access_x,
    XENMEM_access_rx,
    XENMEM_access_wx,
    XENMEM_access_rwx,
} xenmem_access_t;

struct xen_mem_access_op {
    uint8_t op;     /* XENMEM_access_op_* */
    uint8_t access; /* xenmem_access_t */
    domid_t domid;
    uint32_t nr;
    uint64_aligned_t pfn;
    XEN_GUEST_HANDLE(const_uint64) pfn_list;   /* must be NULL */
    XEN_GUEST_HANDLE(const_uint8) access_list; /* must be NULL */
    unsigned int altp2m_idx;                   /* must be 0 */
};
typedef struct xen_mem_access_op xen_mem_access_op_t;

#endif /* __XEN_PUBLIC_MEMORY_H__ */
