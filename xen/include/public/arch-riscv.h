/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RISC-V specific parts of the guest ABI.
 *
 * Calling convention: a guest in VS-mode executes ecall with
 *   a7 = XEN_HYPERCALL_SBI_EID (0x0A000000, in SBI's firmware-specific
 *        extension range, reserved for this),
 *   a6 = hypercall number (__HYPERVISOR_*),
 *   a0 .. a4 = arguments.
 * The result comes back in a0 (a negative Xen errno on failure); every
 * other register is preserved.  An unknown hypercall number returns
 * -ENOSYS.  Pointers ("handles") are guest virtual addresses, accessed with
 * the guest's own translation; a handle that cannot be accessed gives
 * -EFAULT.
 *
 * Boot: the kernel is loaded at GPA 0x80200000 and entered in VS-mode with
 * vsatp = 0, interrupts off, a0 = vCPU id and a1 = GPA of a device tree
 * describing the domain (memory, cpus, chosen/bootargs).  Guest RAM starts
 * at GPA 0x80000000.
 */
#ifndef __XEN_PUBLIC_ARCH_RISCV_H__
#define __XEN_PUBLIC_ARCH_RISCV_H__

#include <stdint.h>

#define XEN_HYPERCALL_SBI_EID 0x0A000000UL

#define GUEST_RAM_BASE      0x80000000UL
#define GUEST_KERNEL_OFFSET 0x00200000UL

#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                                 \
    typedef union {                                                            \
        type *p;                                                               \
        uint64_t q;                                                            \
    } __guest_handle_##name
#define __DEFINE_XEN_GUEST_HANDLE(name, type)                                  \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);                                    \
    ___DEFINE_XEN_GUEST_HANDLE(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define XEN_GUEST_HANDLE(name)        __guest_handle_##name
#define set_xen_guest_handle(hnd, val)                                         \
    do                                                                         \
    {                                                                          \
        (hnd).q = 0;                                                           \
        (hnd).p = (val);                                                       \
    } while ( 0 )

typedef uint64_t xen_pfn_t;
typedef uint64_t xen_ulong_t;
typedef uint16_t domid_t;
#define uint64_aligned_t uint64_t __attribute__((__aligned__(8)))

__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
__DEFINE_XEN_GUEST_HANDLE(char, char);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);

/*
 * __HYPERVISOR_arch_0: the p2m debug interface (built with
 * CONFIG_P2M_DEBUG).  a0 = XEN_RISCV_P2M_DEBUG_* sub-op, a1 = handle to
 * the sub-op's structure (not used by audit).  Always about the calling
 * domain.
 */
#define XEN_RISCV_P2M_DEBUG_query         0
#define XEN_RISCV_P2M_DEBUG_stats         1
#define XEN_RISCV_P2M_DEBUG_audit         2 /* returns violations (0 = ok) */
#define XEN_RISCV_P2M_DEBUG_fence_targets 3

#define XEN_RISCV_P2M_LEVELS 5

/* Type values reported by query (the hypervisor's p2m_type_t). */
#define XEN_RISCV_P2M_invalid        0
#define XEN_RISCV_P2M_ram_rw         1
#define XEN_RISCV_P2M_ram_ro         2
#define XEN_RISCV_P2M_mmio_direct_io 3
#define XEN_RISCV_P2M_map_foreign_rw 4
#define XEN_RISCV_P2M_map_foreign_ro 5
#define XEN_RISCV_P2M_grant_map_rw   6
#define XEN_RISCV_P2M_grant_map_ro   7

struct xen_riscv_p2m_query {
    uint64_t gfn;    /* IN */
    uint64_t mfn;    /* OUT: ~0 when not mapped */
    uint32_t level;  /* OUT: level of the leaf (0 = 4 KiB), or of the hole */
    uint32_t type;   /* OUT: XEN_RISCV_P2M_* */
    uint32_t access; /* OUT: xenmem_access_t */
    uint32_t valid;  /* OUT: 1 if the hardware PTE is valid */
};

struct xen_riscv_p2m_stats {
    uint64_t leaves[XEN_RISCV_P2M_LEVELS]; /* present leaves per level */
    uint64_t tables;                       /* table pages (root excluded) */
    uint64_t md_pages;                     /* type/access storage pages */
    uint64_t splits;
    uint64_t merges;
    uint64_t fences_gpa;    /* local per-address HFENCE */
    uint64_t fences_vmid;   /* local VMID-wide HFENCE */
    uint64_t fences_remote; /* SBI RFENCE requests */
    uint64_t flushes;       /* flushing unlocks */
    uint64_t pool_total;
    uint64_t pool_free;
    uint32_t root_level; /* 2 Sv39x4, 3 Sv48x4, 4 Sv57x4 */
    uint32_t vmid;
};

/*
 * fence_targets: which CPUs the p2m's TLB maintenance reached.  Bit i
 * stands for the hypervisor's logical CPU i (dom0's vCPU i runs on CPU i).
 */
struct xen_riscv_p2m_fence_targets {
    uint64_t dirty_cpus;  /* CPUs that ran a vCPU of the domain */
    uint64_t remote_cpus; /* CPUs sent a remote fence so far */
};

#endif /* __XEN_PUBLIC_ARCH_RISCV_H__ */
