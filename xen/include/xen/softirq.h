/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Work a CPU defers to its idle loop: raised from a context that must not
 * do it (a guest trap), run where nothing of a guest is held any more.
 * There is no scheduler here, so idle is the only place they run; a
 * handler does a bounded share of its work and raises itself again if
 * there is more, so the idle loop still sees its start requests between
 * two shares.
 */
#ifndef XEN__SOFTIRQ_H
#define XEN__SOFTIRQ_H

#include <xen/types.h>

enum {
    /* Destroy the domains that shut down on this CPU (domain.c). */
    DOMAIN_DESTROY_SOFTIRQ,
    NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

void open_softirq(unsigned int nr, softirq_handler handler);

/* Mark softirq nr pending on this CPU. */
void raise_softirq(unsigned int nr);

bool softirq_pending(unsigned int cpu);

/* Run this CPU's pending softirqs, each once (the idle loop's job). */
void do_softirq(void);

#endif /* XEN__SOFTIRQ_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
