/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_xen_version: command numbers and result types with Xen's
 * values and layouts.  This hypervisor answers XENVER_version (other
 * commands return -ENOSYS); see docs/misc/riscv/hypercall-abi.pandoc.
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "xen.h"

/* No argument; returns the version as (major << 16) | minor. */
#define XENVER_version 0

/* The following fill in the buffer or structure the argument points to. */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

#define XENVER_get_features 6
struct xen_feature_info {
    uint32_t submap_idx; /* IN: which 32 feature bits */
    uint32_t submap;     /* OUT: those bits */
};
typedef struct xen_feature_info xen_feature_info_t;

/* No argument; returns the page size. */
#define XENVER_pagesize 7

/* The argument is a 16-byte domain handle (UUID). */
#define XENVER_guest_handle 8

#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/* Variable-length results: len bytes of room on entry. */
struct xen_build_id {
    uint32_t len;
    unsigned char buf[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_build_id xen_build_id_t;

struct xen_varbuf {
    uint32_t len;
    unsigned char buf[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_varbuf xen_varbuf_t;

#define XENVER_build_id      10 /* struct xen_build_id */
#define XENVER_extraversion2 11 /* struct xen_varbuf */
#define XENVER_capabilities2 12 /* struct xen_varbuf */
#define XENVER_changeset2    13 /* struct xen_varbuf */
#define XENVER_commandline2  14 /* struct xen_varbuf */

#endif /* __XEN_PUBLIC_VERSION_H__ */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
