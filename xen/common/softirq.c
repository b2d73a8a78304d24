/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU deferred work (see xen/softirq.h).  A CPU raises and runs only
 * its own softirqs, from its traps and its idle loop, always with
 * interrupts off: nothing else ever touches its pending word, which so
 * needs no atomics.
 */

#include <xen/lib.h>
#include <xen/softirq.h>
#include <asm/current.h>
#include <asm/smp.h>

static softirq_handler softirq_handlers[NR_SOFTIRQS];
static unsigned long softirq_pending_mask[CONFIG_NR_CPUS];

void open_softirq(unsigned int nr, softirq_handler handler)
{
    ASSERT(nr < NR_SOFTIRQS && !softirq_handlers[nr]);
    softirq_handlers[nr] = handler;
}

void raise_softirq(unsigned int nr)
{
    ASSERT(nr < NR_SOFTIRQS && softirq_handlers[nr]);
    softirq_pending_mask[smp_processor_id()] |= 1UL << nr;
}

bool softirq_pending(unsigned int cpu)
{
    return softirq_pending_mask[cpu] != 0;
}

void do_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long pending = softirq_pending_mask[cpu];
    unsigned int nr;

    /* Cleared first: a handler with more to do raises itself again. */
    softirq_pending_mask[cpu] = 0;
    for ( nr = 0; nr < NR_SOFTIRQS; nr++ )
        if ( pending & (1UL << nr) )
            softirq_handlers[nr]();
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
