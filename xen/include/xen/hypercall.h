/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__HYPERCALL_H
#define XEN__HYPERCALL_H

#include <xen/types.h>

struct cpu_user_regs;

/*
 * The version the hypervisor reports to guests (xen_version's
 * XENVER_version, SBI Base impl_version).
 */
#define XEN_VERSION_MAJOR 0
#define XEN_VERSION_MINOR 1

/*
 * memory_op's command: the low MEMOP_EXTENT_SHIFT bits are the sub-op,
 * the bits above are where a preempted call continues (the hypervisor
 * writes them, see hypercall_create_continuation()).
 */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1U << MEMOP_EXTENT_SHIFT) - 1)

/*
 * Run the hypercall the guest asked for with ecall, a7 =
 * XEN_HYPERCALL_SBI_EID (public/arch-riscv.h): a6 = number, a0 .. a4 =
 * arguments.  Writes the result to regs->a0 and leaves every other
 * register alone.  Returns true when the ecall is complete (the caller
 * steps sepc past it), false when the hypercall was preempted: a0 then
 * holds the rewritten first argument and the guest re-executes the ecall,
 * which continues where this call stopped.
 */
bool do_hypercall(struct cpu_user_regs *regs);

/*
 * For a handler that has done a bounded amount of work and wants to
 * continue later: the guest re-executes the same ecall with a0 = arg0 and
 * all other arguments unchanged, so the handler's progress must be encoded
 * in arg0 (or in guest memory).  op must be the hypercall being handled.
 * Returns a value for the handler to return, which do_hypercall() does not
 * pass on to the guest.
 */
long hypercall_create_continuation(unsigned int op, unsigned long arg0);

/* Hypercall handlers: 0 or a positive result, or -errno. */
long do_memory_op(unsigned long cmd, unsigned long arg);
long do_console_io(unsigned long cmd, unsigned long count,
                   unsigned long buffer);
long do_xen_version(unsigned long cmd, unsigned long arg);
long do_sched_op(unsigned long cmd, unsigned long arg);

#ifdef CONFIG_P2M_DEBUG
/* __HYPERVISOR_arch_0: the p2m debug interface (p2m-debug.c). */
long do_p2m_debug_op(unsigned long op, unsigned long arg);
struct domain;
/* Print d's p2m as runs of leaves (the dump_layout sub-op, debug key 'l'). */
long p2m_debug_dump_layout(struct domain *d);
#endif

#endif /* XEN__HYPERCALL_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
