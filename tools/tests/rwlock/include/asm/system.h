/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__SYSTEM_H
#define ASM__RISCV__SYSTEM_H

/*
 * Hosted version for the rwlock test: only what xen/rwlock.h needs.  The
 * test runs more spinning threads than the machine has cores, so a
 * spinner gives its core away (a preempted lock holder then gets to run
 * and leave) where the hypervisor would execute a pause hint.
 */
#include <sched.h>

static inline void cpu_relax(void)
{
    sched_yield();
}

#endif /* ASM__RISCV__SYSTEM_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
