/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__SBI_H
#define ASM__RISCV__SBI_H

#include <xen/cpumask.h>
#include <xen/types.h>

/*
 * The hypervisor as an SBI client of the firmware (OpenSBI).  Extension
 * and function numbers are from the SBI specification; the guest-facing
 * SBI emulation (vsbi.c) uses the same numbers.
 */
#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x01
#define SBI_EXT_0_1_CONSOLE_GETCHAR 0x02
#define SBI_EXT_BASE                0x10
#define SBI_EXT_TIME                0x54494D45
#define SBI_EXT_IPI                 0x735049
#define SBI_EXT_RFENCE              0x52464E43
#define SBI_EXT_HSM                 0x48534D
#define SBI_EXT_SRST                0x53525354

/* Base */
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID      1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT        3
#define SBI_BASE_GET_MVENDORID    4
#define SBI_BASE_GET_MARCHID      5
#define SBI_BASE_GET_MIMPID       6

/* TIME / IPI */
#define SBI_TIME_SET_TIMER 0
#define SBI_IPI_SEND_IPI   0

/* RFENCE */
#define SBI_RFENCE_REMOTE_FENCE_I          0
#define SBI_RFENCE_REMOTE_SFENCE_VMA       1
#define SBI_RFENCE_REMOTE_SFENCE_VMA_ASID  2
#define SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID 3
#define SBI_RFENCE_REMOTE_HFENCE_GVMA      4
#define SBI_RFENCE_REMOTE_HFENCE_VVMA_ASID 5
#define SBI_RFENCE_REMOTE_HFENCE_VVMA      6

/* HSM */
#define SBI_HSM_HART_START      0
#define SBI_HSM_HART_STOP       1
#define SBI_HSM_HART_GET_STATUS 2
#define SBI_HSM_HART_SUSPEND    3

#define SBI_HSM_STATE_STARTED       0
#define SBI_HSM_STATE_STOPPED       1
#define SBI_HSM_STATE_START_PENDING 2
#define SBI_HSM_STATE_STOP_PENDING  3

/* SRST */
#define SBI_SRST_RESET                 0
#define SBI_SRST_TYPE_SHUTDOWN         0
#define SBI_SRST_TYPE_COLD_REBOOT      1
#define SBI_SRST_TYPE_WARM_REBOOT      2
#define SBI_SRST_REASON_NONE           0
#define SBI_SRST_REASON_SYSTEM_FAILURE 1

/* Error codes (a0 of every v0.2+ call). */
#define SBI_SUCCESS               0
#define SBI_ERR_FAILED            (-1)
#define SBI_ERR_NOT_SUPPORTED     (-2)
#define SBI_ERR_INVALID_PARAM     (-3)
#define SBI_ERR_DENIED            (-4)
#define SBI_ERR_INVALID_ADDRESS   (-5)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define SBI_ERR_ALREADY_STARTED   (-7)
#define SBI_ERR_ALREADY_STOPPED   (-8)

struct sbiret {
    long error;
    long value;
};

struct sbiret sbi_ecall(unsigned long eid, unsigned long fid,
                        unsigned long arg0, unsigned long arg1,
                        unsigned long arg2, unsigned long arg3,
                        unsigned long arg4, unsigned long arg5);

/* Legacy console (EID 0x01): OpenSBI 1.1 has no DBCN. */
void sbi_console_putchar(int ch);
/* A character from the firmware console, or -1 if none is waiting. */
int sbi_console_getchar(void);

/* Probe the firmware (Base extension); prints what it found. */
void sbi_init(void);

/* Spec version as (major << 24) | minor, and whether an EID exists. */
unsigned long sbi_spec_version(void);
bool sbi_probe_extension(unsigned long eid);

int sbi_hsm_hart_start(unsigned long hartid, unsigned long start_addr,
                       unsigned long opaque);
/* An SBI_HSM_STATE_* value, or a negative SBI error. */
long sbi_hsm_hart_status(unsigned long hartid);

/* Returns only if the firmware refused. */
void sbi_system_reset(unsigned long type, unsigned long reason);

/* SBI RFENCE hfence_gvma_vmid on the harts hart_mask_base + bit. */
int sbi_remote_hfence_gvma_vmid(unsigned long hart_mask,
                                unsigned long hart_mask_base,
                                unsigned long start, unsigned long size,
                                unsigned long vmid);

/*
 * Calls on the harts of the online logical CPUs in mask, this one left
 * out.  A negative SBI error, or 0.  The RFENCE calls return once every
 * target has fenced (OpenSBI waits for them).  The HFENCE.VVMA ones act
 * on the VMID in the calling hart's hgatp (SBI, "RFENCE").
 */
long sbi_send_ipi_cpumask(const cpumask_t *mask);
long sbi_remote_fence_i_cpumask(const cpumask_t *mask);
long sbi_remote_hfence_vvma_cpumask(const cpumask_t *mask, unsigned long start,
                                    unsigned long size);
long sbi_remote_hfence_vvma_asid_cpumask(const cpumask_t *mask,
                                         unsigned long start,
                                         unsigned long size,
                                         unsigned long asid);

#endif /* ASM__RISCV__SBI_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
