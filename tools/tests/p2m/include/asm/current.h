/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__CURRENT_H
#define ASM__RISCV__CURRENT_H

/*
 * Hosted harness version: the "current hart" is a variable of the model,
 * which the tests move between harts to run p2m operations on any of them.
 */
#include <xen/types.h>

extern unsigned int harness_current_cpu;

static inline unsigned int smp_processor_id(void)
{
    return harness_current_cpu;
}

#endif /* ASM__RISCV__CURRENT_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
