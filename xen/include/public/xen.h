/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall ABI common to all architectures: numbers and structures
 * as in Xen's public xen.h, so a Xen-aware guest needs no new vocabulary.
 * RISC-V calling convention: see arch-riscv.h.
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#include "arch-riscv.h"

#define __HYPERVISOR_memory_op   12
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io  18
#define __HYPERVISOR_sched_op    29
#define __HYPERVISOR_arch_0      48

/* console_io commands. */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* xen_version commands: XENVER_version returns (major << 16) | minor. */
#define XENVER_version 0

/* sched_op commands. */
#define SCHEDOP_yield    0
#define SCHEDOP_shutdown 2

struct sched_shutdown {
    unsigned int reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;

#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot   1
#define SHUTDOWN_suspend  2
#define SHUTDOWN_crash    3

#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U

#endif /* __XEN_PUBLIC_XEN_H__ */
