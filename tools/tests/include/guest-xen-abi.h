/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guests' own copy of the hypercall ABI: what a guest written
 * against Xen's public headers (plus this port's RISC-V convention and
 * p2m debug interface) relies on.  It is deliberately NOT the hypervisor's
 * xen/include/public: were both to move in step, the guests would keep
 * passing against a hypervisor that no longer speaks Xen's ABI.  Changing
 * anything here is changing the ABI; tools/tests/public-abi checks this
 * copy and the public headers against the same table of Xen's numbers.
 */
#ifndef GUEST_XEN_ABI_H
#define GUEST_XEN_ABI_H

#include <stdint.h>

/* ecall with a7 = this, a6 = hypercall number, a0 .. a4 = arguments. */
#define XEN_HYPERCALL_SBI_EID 0x0A000000UL

#define __HYPERVISOR_memory_op   12
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io  18
#define __HYPERVISOR_sched_op    29
#define __HYPERVISOR_arch_0      48 /* the p2m debug interface */

#define GUEST_RAM_BASE      0x80000000UL
#define GUEST_KERNEL_OFFSET 0x00200000UL

typedef uint16_t domid_t;
typedef uint64_t xen_pfn_t;
typedef uint64_t xen_ulong_t;

#define DOMID_SELF 0x7FF0U

/*
 * A pointer field: always 8 bytes, 8-byte aligned, whatever the guest's
 * pointer width.
 */
#define GUEST_PTR(type)                                                        \
    union {                                                                    \
        type *p;                                                               \
        uint64_t q;                                                            \
    } __attribute__((__aligned__(8)))

#define set_xen_guest_handle(hnd, val)                                         \
    do                                                                         \
    {                                                                          \
        (hnd).q = 0;                                                           \
        (hnd).p = (val);                                                       \
    } while ( 0 )

/* memory_op sub-ops. */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6
#define XENMEM_add_to_physmap       7
#define XENMEM_remove_from_physmap  15
#define XENMEM_add_to_physmap_batch 23
#define XENMEM_access_op            21

typedef struct xen_memory_reservation {
    GUEST_PTR(xen_pfn_t) extent_start; /*  0 */
    xen_ulong_t nr_extents;            /*  8 */
    uint32_t extent_order;             /* 16 */
    uint32_t mem_flags;                /* 20 */
    domid_t domid;                     /* 24, size 32 */
} xen_memory_reservation_t;

#define XENMAPSPACE_gmfn         2
#define XENMAPSPACE_gmfn_range   3
#define XENMAPSPACE_gmfn_foreign 4

typedef struct xen_add_to_physmap {
    domid_t domid;   /*  0 */
    uint16_t size;   /*  2 */
    uint32_t space;  /*  4 */
    xen_ulong_t idx; /*  8 */
    xen_pfn_t gpfn;  /* 16, size 24 */
} xen_add_to_physmap_t;

typedef struct xen_add_to_physmap_batch {
    domid_t domid;  /*  0 */
    uint16_t space; /*  2 */
    uint16_t size;  /*  4 */
    union {
        domid_t foreign_domid; /* gmfn_foreign */
        uint16_t res0;
    } u;                         /*  6 */
    GUEST_PTR(xen_ulong_t) idxs; /*  8 */
    GUEST_PTR(xen_pfn_t) gpfns;  /* 16 */
    GUEST_PTR(int) errs;         /* 24, size 32 */
} xen_add_to_physmap_batch_t;

typedef struct xen_remove_from_physmap {
    domid_t domid;  /* 0 */
    xen_pfn_t gpfn; /* 8, size 16 */
} xen_remove_from_physmap_t;

#define XENMEM_access_op_set_access 0
#define XENMEM_access_op_get_access 1

/* xenmem_access_t, in Xen's order. */
#define XENMEM_access_n       0
#define XENMEM_access_r       1
#define XENMEM_access_w       2
#define XENMEM_access_rw      3
#define XENMEM_access_x       4
#define XENMEM_access_rx      5
#define XENMEM_access_wx      6
#define XENMEM_access_rwx     7
#define XENMEM_access_rx2rw   8
#define XENMEM_access_n2rwx   9
#define XENMEM_access_r_pw    10
#define XENMEM_access_default 11

typedef struct xen_mem_access_op {
    uint8_t op;                           /*  0 */
    uint8_t access;                       /*  1 */
    domid_t domid;                        /*  2 */
    uint32_t nr;                          /*  4 */
    uint64_t pfn;                         /*  8 */
    GUEST_PTR(const uint64_t) pfn_list;   /* 16 */
    GUEST_PTR(const uint8_t) access_list; /* 24, size 32 */
} xen_mem_access_op_t;

/* xen_version: (major << 16) | minor. */
#define XENVER_version 0

/* __HYPERVISOR_arch_0 (this port's own, not Xen's). */
#define XEN_RISCV_P2M_DEBUG_query          0
#define XEN_RISCV_P2M_DEBUG_stats          1
#define XEN_RISCV_P2M_DEBUG_audit          2
#define XEN_RISCV_P2M_DEBUG_fence_targets  3
#define XEN_RISCV_P2M_DEBUG_dump_layout    4 /* console; returns runs */
#define XEN_RISCV_P2M_DEBUG_mem_info       5
#define XEN_RISCV_P2M_DEBUG_domain_create  6 /* dom0; a1 = domid or 0 */
#define XEN_RISCV_P2M_DEBUG_domain_destroy 7 /* dom0; a1 = domid */
#define XEN_RISCV_P2M_DEBUG_domain_state   8 /* dom0; a1 = domid */
#define XEN_RISCV_DOMAIN_running           0
#define XEN_RISCV_DOMAIN_dying             1
#define XEN_RISCV_DOMAIN_shutdown          16 /* + SHUTDOWN_* */
#define XEN_RISCV_DOMAIN_dead              32 /* + SHUTDOWN_* */

#define XEN_RISCV_P2M_LEVELS 5

#define XEN_RISCV_P2M_invalid        0
#define XEN_RISCV_P2M_ram_rw         1
#define XEN_RISCV_P2M_ram_ro         2
#define XEN_RISCV_P2M_map_foreign_rw 4

struct xen_riscv_p2m_query {
    uint64_t gfn;    /*  0 */
    uint64_t mfn;    /*  8 */
    uint32_t level;  /* 16 */
    uint32_t type;   /* 20 */
    uint32_t access; /* 24 */
    uint32_t valid;  /* 28, size 32 */
};

struct xen_riscv_p2m_stats {
    uint64_t leaves[XEN_RISCV_P2M_LEVELS]; /*   0 */
    uint64_t tables;                       /*  40 */
    uint64_t md_pages;                     /*  48 */
    uint64_t splits;                       /*  56 */
    uint64_t merges;                       /*  64 */
    uint64_t fences_gpa;                   /*  72 */
    uint64_t fences_vmid;                  /*  80 */
    uint64_t fences_remote;                /*  88 */
    uint64_t flushes;                      /*  96 */
    uint64_t pool_total;                   /* 104 */
    uint64_t pool_free;                    /* 112 */
    uint32_t root_level;                   /* 120 */
    uint32_t vmid;                         /* 124, size 128 */
};

struct xen_riscv_p2m_fence_targets {
    uint64_t dirty_cpus;  /* 0 */
    uint64_t remote_cpus; /* 8, size 16 */
};

struct xen_riscv_mem_info {
    uint64_t heap_free;     /*  0 */
    uint64_t tot_pages;     /*  8 */
    uint32_t nr_domains;    /* 16 */
    uint32_t pad;           /* 20 */
    uint64_t kill_step_max; /* 24, size 32 */
};

#endif /* GUEST_XEN_ABI_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
