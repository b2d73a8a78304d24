/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall dispatch (the calling convention is in public/arch-riscv.h)
 * and the small hypercalls: console_io, xen_version, sched_op.
 *
 * Long-running hypercalls are preempted the Xen way: a handler that has
 * done its share of work calls hypercall_create_continuation(), which
 * rewrites the guest's a0 to say where to resume and leaves sepc on the
 * ecall.  The guest, back in VS-mode, takes any pending interrupt and
 * re-executes the ecall, continuing the same hypercall: transparent to
 * it, and no single trap runs unboundedly.
 */

#include <xen/console.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/types.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/xen.h>

/* The hypercall each CPU is running, for hypercall_create_continuation(). */
struct hypercall_state {
    struct cpu_user_regs *regs;
    unsigned long op;
    bool preempted;
};

static struct hypercall_state hypercall_state[CONFIG_NR_CPUS];

long hypercall_create_continuation(unsigned int op, unsigned long arg0)
{
    struct hypercall_state *hs = &hypercall_state[smp_processor_id()];

    /* Only the handler of the running hypercall may get here. */
    ASSERT(hs->regs && hs->op == op);

    hs->regs->a0 = arg0;
    hs->preempted = true;

    return op;
}

bool do_hypercall(struct cpu_user_regs *regs)
{
    struct hypercall_state *hs = &hypercall_state[smp_processor_id()];
    long rc;

    hs->regs = regs;
    hs->op = regs->a6;
    hs->preempted = false;

    switch ( regs->a6 )
    {
    case __HYPERVISOR_memory_op:
        rc = do_memory_op(regs->a0, regs->a1);
        break;

    case __HYPERVISOR_xen_version:
        rc = do_xen_version(regs->a0, regs->a1);
        break;

    case __HYPERVISOR_console_io:
        rc = do_console_io(regs->a0, regs->a1, regs->a2);
        break;

    case __HYPERVISOR_sched_op:
        rc = do_sched_op(regs->a0, regs->a1);
        break;

#ifdef CONFIG_P2M_DEBUG
    case __HYPERVISOR_arch_0:
        rc = do_p2m_debug_op(regs->a0, regs->a1);
        break;
#endif

    default:
        rc = -ENOSYS;
        break;
    }

    hs->regs = NULL;

    if ( hs->preempted )
        return false;

    regs->a0 = rc;

    return true;
}

/*
 * CONSOLEIO_write is preempted like a memory_op: bits 8 and up of the
 * command carry the bytes already written (the guest passes 0 there).
 * Guest console output goes out one character at a time through the
 * firmware, which is slow, so a call writes at most CONSOLE_WRITE_BUDGET
 * bytes before the guest re-executes it.
 */
#define CONSOLEIO_CMD_MASK   0xffUL
#define CONSOLEIO_DONE_SHIFT 8
#define CONSOLE_WRITE_CHUNK  128
#define CONSOLE_WRITE_BUDGET 2048

static long console_write(unsigned long cmd, unsigned long count,
                          unsigned long buffer)
{
    struct domain *d = current->domain;
    unsigned long done = cmd >> CONSOLEIO_DONE_SHIFT;
    unsigned long budget = CONSOLE_WRITE_BUDGET;
    char chunk[CONSOLE_WRITE_CHUNK];

    if ( count > (~0UL >> CONSOLEIO_DONE_SHIFT) || done > count )
        return -EINVAL;

    while ( done < count )
    {
        unsigned long n = min(count - done, (unsigned long)sizeof(chunk));

        if ( !budget )
            return hypercall_create_continuation(
                __HYPERVISOR_console_io,
                CONSOLEIO_write | (done << CONSOLEIO_DONE_SHIFT));

        /* What was written before the fault stays written, as in Xen. */
        if ( raw_copy_from_guest(chunk, buffer + done, n) )
            return -EFAULT;

        guest_console_write(d, chunk, n);
        done += n;
        budget -= n;
    }

    return 0;
}

long do_console_io(unsigned long cmd, unsigned long count, unsigned long buffer)
{
    switch ( cmd & CONSOLEIO_CMD_MASK )
    {
    case CONSOLEIO_write:
        return console_write(cmd, count, buffer);

    case CONSOLEIO_read:
        /* Guests get no console input: nothing is ever there to read. */
        return 0;

    default:
        return -ENOSYS;
    }
}

long do_xen_version(unsigned long cmd, unsigned long arg)
{
    switch ( cmd )
    {
    case XENVER_version:
        return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;

    default:
        return -ENOSYS;
    }
}

long do_sched_op(unsigned long cmd, unsigned long arg)
{
    struct sched_shutdown s;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        /* One vCPU per hart: there is no one to yield to. */
        return 0;

    case SCHEDOP_shutdown:
        if ( copy_struct_from_guest(&s, arg) )
            return -EFAULT;
        if ( s.reason > SHUTDOWN_crash )
            return -EINVAL;
        domain_shutdown(current->domain, s.reason);
        return 0;

    default:
        return -ENOSYS;
    }
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
