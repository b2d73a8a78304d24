/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event delivery to the running vCPU.  There are no event channels here
 * yet: nothing is ever pending.
 */
#ifndef XEN__EVENT_H
#define XEN__EVENT_H

#include <xen/types.h>

static inline bool local_events_need_delivery(void)
{
    return false;
}

#endif /* XEN__EVENT_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
