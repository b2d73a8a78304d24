/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_sched_op: command numbers and structures with Xen's values
 * and layouts.  This hypervisor implements SCHEDOP_yield and
 * SCHEDOP_shutdown (other commands return -ENOSYS); see
 * docs/misc/riscv/hypercall-abi.pandoc.
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "xen.h"

/* sched_op commands; the argument, if any, is named after each. */
#define SCHEDOP_yield           0 /* no argument */
#define SCHEDOP_block           1 /* no argument */
#define SCHEDOP_shutdown        2 /* struct sched_shutdown */
#define SCHEDOP_poll            3 /* struct sched_poll */
#define SCHEDOP_remote_shutdown 4 /* struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code   5 /* struct sched_shutdown */
#define SCHEDOP_watchdog        6 /* struct sched_watchdog */
#define SCHEDOP_pin_override    7 /* struct sched_pin_override */

#ifndef __ASSEMBLER__

/* SCHEDOP_shutdown: stop the calling domain for the given reason. */
struct sched_shutdown {
    unsigned int reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

#endif /* !__ASSEMBLER__ */

/* Why a domain stopped. */
#define SHUTDOWN_poweroff   0 /* finished: tear it down */
#define SHUTDOWN_reboot     1 /* tear it down and start it again */
#define SHUTDOWN_suspend    2 /* state saved, to be resumed */
#define SHUTDOWN_crash      3 /* it failed */
#define SHUTDOWN_watchdog   4 /* its watchdog expired */
#define SHUTDOWN_soft_reset 5 /* reset without tearing down */
#define SHUTDOWN_MAX        5 /* the largest reason defined */

#endif /* __XEN_PUBLIC_SCHED_H__ */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
