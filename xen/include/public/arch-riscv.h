/* SPDX-License-Identifier: MIT */
/*
 * RISC-V parts of the guest interface.
 *
 * The first half gives the types every other public header builds on,
 * with the sizes and alignment of Xen's RISC-V interface (RV64, LP64).
 * The second half is this port's own: how a guest makes a hypercall, where
 * it is loaded, and the p2m debug interface.  Upstream Xen defines no
 * RISC-V hypercall convention yet; nothing in that half exists in Xen.
 *
 * As with all of Xen's public headers, the includer provides the
 * fixed-width integer types (uint8_t ... uint64_t) before including this.
 */
#ifndef __XEN_PUBLIC_ARCH_RISCV_H__
#define __XEN_PUBLIC_ARCH_RISCV_H__

#if defined(__XEN__) || defined(__XEN_TOOLS__) || defined(__GNUC__)
#define int64_aligned_t  int64_t __attribute__((__aligned__(8)))
#define uint64_aligned_t uint64_t __attribute__((__aligned__(8)))
#endif

#ifndef __ASSEMBLER__

/*
 * Guest handles: a guest virtual address typed by what it points at.
 * Inside a structure (XEN_GUEST_HANDLE) a handle always takes 8 bytes,
 * 8-byte aligned; as a hypercall argument (XEN_GUEST_HANDLE_PARAM) it is a
 * register, the width of unsigned long.  Set .p through
 * set_xen_guest_handle(), which clears the upper bytes first.
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                                 \
    typedef union {                                                            \
        type *p;                                                               \
        unsigned long q;                                                       \
    } __guest_handle_##name;                                                   \
    typedef union {                                                            \
        type *p;                                                               \
        uint64_aligned_t q;                                                    \
    } __guest_handle_64_##name

#define __DEFINE_XEN_GUEST_HANDLE(name, type)                                  \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);                                    \
    ___DEFINE_XEN_GUEST_HANDLE(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)      __guest_handle_64_##name
#define XEN_GUEST_HANDLE(name)        __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)  __guest_handle_##name

#define set_xen_guest_handle_raw(hnd, val)                                     \
    do                                                                         \
    {                                                                          \
        typeof(&(hnd)) sxgh_hnd_ = &(hnd);                                     \
                                                                               \
        sxgh_hnd_->q = 0;                                                      \
        sxgh_hnd_->p = (val);                                                  \
    } while ( 0 )
#define set_xen_guest_handle(hnd, val) set_xen_guest_handle_raw(hnd, val)

/* Frame numbers and "unsigned long" fields are 64 bits wide. */
typedef uint64_t xen_pfn_t;
#define PRI_xen_pfn  PRIx64
#define PRIu_xen_pfn PRIu64

typedef uint64_t xen_ulong_t;
#define PRI_xen_ulong PRIx64

/* ---- This port's own (not in upstream Xen) ---- */

/*
 * Calling convention: a guest in VS-mode executes ecall with
 *   a7 = XEN_HYPERCALL_SBI_EID (0x0A000000, in SBI's firmware-specific
 *        extension range, reserved for this),
 *   a6 = hypercall number (__HYPERVISOR_* in xen.h),
 *   a0 .. a4 = arguments.
 * The result comes back in a0 (a negative Xen errno on failure); every
 * other register is preserved.  An unknown hypercall number returns
 * -ENOSYS.  Handles are guest virtual addresses, accessed with the guest's
 * own translation; a handle that cannot be accessed gives -EFAULT.
 */
#define XEN_HYPERCALL_SBI_EID 0x0A000000UL

/*
 * Boot: the kernel is loaded at GUEST_RAM_BASE + GUEST_KERNEL_OFFSET and
 * entered in VS-mode with vsatp = 0, interrupts off, a0 = vCPU id and
 * a1 = GPA of a device tree describing the domain (memory, cpus,
 * chosen/bootargs).
 */
#define GUEST_RAM_BASE      0x80000000UL
#define GUEST_KERNEL_OFFSET 0x00200000UL

/*
 * __HYPERVISOR_arch_0: the p2m debug interface (built with
 * CONFIG_P2M_DEBUG).  a0 = XEN_RISCV_P2M_DEBUG_* sub-op, a1 = handle to
 * the sub-op's structure (not used by audit and dump_layout).  Always
 * about the calling domain.  Without CONFIG_P2M_DEBUG the hypercall
 * returns -ENOSYS.
 */
#define XEN_RISCV_P2M_DEBUG_query         0
#define XEN_RISCV_P2M_DEBUG_stats         1
#define XEN_RISCV_P2M_DEBUG_audit         2 /* returns violations (0 = ok) */
#define XEN_RISCV_P2M_DEBUG_fence_targets 3
/*
 * dump_layout prints the mapped GPA ranges on the hypervisor's console,
 * as runs of adjacent leaves of one size, type and access (at most 64
 * runs, then a count of the rest), and returns the number of runs.
 */
#define XEN_RISCV_P2M_DEBUG_dump_layout 4
/*
 * mem_info fills struct xen_riscv_mem_info: the hypervisor's free heap
 * pages, the caller's page count and how many domains exist.
 */
#define XEN_RISCV_P2M_DEBUG_mem_info 5
/*
 * Domain lifecycle, for dom0 only (-EPERM otherwise).  There is no domctl
 * here, so these stand in for XEN_DOMCTL_createdomain and
 * XEN_DOMCTL_destroydomain.  domain_create (a1 = the domid wanted, or
 * DOMID_ANY or 0 for the next free one) builds a domain from the domU
 * boot module and starts it; returns its domid (-EEXIST: that id is
 * taken).  domain_destroy (a1 = domid) destroys a domain, with Xen's
 * errors: -ESRCH unknown, -EINVAL dom0 itself; it continues itself until
 * done.  A domain that shuts down (or crashes) is destroyed by the
 * hypervisor itself.
 */
#define XEN_RISCV_P2M_DEBUG_domain_create  6
#define XEN_RISCV_P2M_DEBUG_domain_destroy 7
/*
 * domain_state (a1 = domid, dom0 only): XEN_RISCV_DOMAIN_running, _dying
 * (being destroyed), _shutdown + its SHUTDOWN_* code (shut down, not yet
 * being destroyed), or _dead + its SHUTDOWN_* code (it shut down or
 * crashed and the hypervisor destroyed it: all of it is gone; kept for
 * the last 8 such domains, until their id is used again); -ESRCH if there
 * is no such domain.
 */
#define XEN_RISCV_P2M_DEBUG_domain_state 8
#define XEN_RISCV_DOMAIN_running         0
#define XEN_RISCV_DOMAIN_dying           1
#define XEN_RISCV_DOMAIN_shutdown        16
#define XEN_RISCV_DOMAIN_dead            32

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
    uint32_t access; /* OUT: xenmem_access_t value (n .. rwx) */
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

struct xen_riscv_mem_info {
    uint64_t heap_free;  /* free pages in the hypervisor's heap */
    uint64_t tot_pages;  /* pages the calling domain owns */
    uint32_t nr_domains; /* domains on the domain list */
    uint32_t pad;
    uint64_t kill_step_max; /* most work one domain_destroy step did */
};

#endif /* !__ASSEMBLER__ */

#endif /* __XEN_PUBLIC_ARCH_RISCV_H__ */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
