/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__CSR_H
#define ASM__RISCV__CSR_H

/*
 * CSR numbers and fields the hypervisor uses (Priv. spec, "CSR Listing";
 * the H extension's CSRs are in its "Hypervisor and Virtual Supervisor
 * CSRs" section).  The assembler knows every name used here, H CSRs
 * included, so no numeric encodings are needed.
 */

/* sstatus */
#define SSTATUS_SIE        (1UL << 1)
#define SSTATUS_SPIE       (1UL << 5)
#define SSTATUS_SPP        (1UL << 8)
#define SSTATUS_FS_SHIFT   13
#define SSTATUS_FS_MASK    (3UL << SSTATUS_FS_SHIFT)
#define SSTATUS_FS_INITIAL (1UL << SSTATUS_FS_SHIFT)
#define SSTATUS_SUM        (1UL << 18)
#define SSTATUS_MXR        (1UL << 19)
#define SSTATUS_UXL_SHIFT  32
#define SSTATUS_UXL_MASK   (3UL << SSTATUS_UXL_SHIFT)

/* scause */
#define CAUSE_IRQ_FLAG                 (1UL << 63)
#define CAUSE_MISALIGNED_FETCH         0
#define CAUSE_FETCH_ACCESS             1
#define CAUSE_ILLEGAL_INSTRUCTION      2
#define CAUSE_BREAKPOINT               3
#define CAUSE_MISALIGNED_LOAD          4
#define CAUSE_LOAD_ACCESS              5
#define CAUSE_MISALIGNED_STORE         6
#define CAUSE_STORE_ACCESS             7
#define CAUSE_USER_ECALL               8
#define CAUSE_SUPERVISOR_ECALL         9
#define CAUSE_VIRTUAL_SUPERVISOR_ECALL 10
#define CAUSE_FETCH_PAGE_FAULT         12
#define CAUSE_LOAD_PAGE_FAULT          13
#define CAUSE_STORE_PAGE_FAULT         15
#define CAUSE_FETCH_GUEST_PAGE_FAULT   20
#define CAUSE_LOAD_GUEST_PAGE_FAULT    21
#define CAUSE_VIRTUAL_INST_FAULT       22
#define CAUSE_STORE_GUEST_PAGE_FAULT   23

/* Interrupt numbers (sip/sie/hip/hie/hideleg bit positions). */
#define IRQ_S_SOFT   1
#define IRQ_VS_SOFT  2
#define IRQ_S_TIMER  5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT    9
#define IRQ_VS_EXT   10
#define IRQ_S_GEXT   12

/* hstatus (RV64) */
#define HSTATUS_VSBE       (1UL << 5)
#define HSTATUS_GVA        (1UL << 6)
#define HSTATUS_SPV        (1UL << 7)
#define HSTATUS_SPVP       (1UL << 8)
#define HSTATUS_HU         (1UL << 9)
#define HSTATUS_VTVM       (1UL << 20)
#define HSTATUS_VTW        (1UL << 21)
#define HSTATUS_VTSR       (1UL << 22)
#define HSTATUS_VSXL_SHIFT 32
#define HSTATUS_VSXL_MASK  (3UL << HSTATUS_VSXL_SHIFT)
#define HSTATUS_VSXL_64    (2UL << HSTATUS_VSXL_SHIFT)

/* hcounteren / scounteren */
#define COUNTEREN_CY (1UL << 0)
#define COUNTEREN_TM (1UL << 1)
#define COUNTEREN_IR (1UL << 2)

/* henvcfg */
#define ENVCFG_FIOM  (1UL << 0)
#define ENVCFG_PBMTE (1UL << 62)
#define ENVCFG_STCE  (1UL << 63)

/* stvec */
#define STVEC_MODE_MASK 3UL

#ifndef __ASSEMBLY__

#define csr_read(csr)                                           \
({                                                              \
    unsigned long v_;                                           \
    asm volatile ( "csrr %0, " #csr : "=r" (v_) :: "memory" );  \
    v_;                                                         \
})

#define csr_write(csr, val)                                     \
({                                                              \
    unsigned long v_ = (unsigned long)(val);                    \
    asm volatile ( "csrw " #csr ", %0" :: "rK" (v_) : "memory" ); \
})

#define csr_swap(csr, val)                                      \
({                                                              \
    unsigned long v_ = (unsigned long)(val);                    \
    asm volatile ( "csrrw %0, " #csr ", %1"                     \
                   : "=r" (v_) : "rK" (v_) : "memory" );        \
    v_;                                                         \
})

#define csr_set(csr, val)                                       \
({                                                              \
    unsigned long v_ = (unsigned long)(val);                    \
    asm volatile ( "csrs " #csr ", %0" :: "rK" (v_) : "memory" ); \
})

#define csr_clear(csr, val)                                     \
({                                                              \
    unsigned long v_ = (unsigned long)(val);                    \
    asm volatile ( "csrc " #csr ", %0" :: "rK" (v_) : "memory" ); \
})

#endif /* __ASSEMBLY__ */

#endif /* ASM__RISCV__CSR_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
