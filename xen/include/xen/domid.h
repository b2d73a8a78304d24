/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Choosing a new domain's id, as Xen's domid_alloc() does when asked for
 * DOMID_ANY.  A header of its own, with no lock and no state, so that the
 * hosted test (tools/tests/domid) compiles exactly this code.
 */
#ifndef XEN__DOMID_H
#define XEN__DOMID_H

#include <xen/types.h>
#include <public/xen.h>

/* One bit per domain id below DOMID_FIRST_RESERVED: set while in use. */
#define DOMID_BITS_PER_LONG (sizeof(unsigned long) * 8)
#define DOMID_MAP_LONGS                                                        \
    ((DOMID_FIRST_RESERVED + DOMID_BITS_PER_LONG - 1) / DOMID_BITS_PER_LONG)

static inline bool domid_in_use(const unsigned long *used, domid_t id)
{
    return (used[id / DOMID_BITS_PER_LONG] >> (id % DOMID_BITS_PER_LONG)) & 1;
}

/*
 * The first id not in use after last, going round 1 .. DOMID_FIRST_RESERVED
 * - 1 (0 is dom0's, never handed out this way), or DOMID_INVALID when all
 * are in use.  Starting after the last one given rather than at the lowest
 * free one keeps a destroyed domain's id away from the next domain for as
 * long as possible: whoever still holds the old id (a toolstack, a log)
 * does not mistake the new domain for the old one.  last itself comes
 * last, so two calls in a row never give the same id unless it was freed
 * and nothing else is free.
 */
static inline domid_t domid_pick(const unsigned long *used, domid_t last)
{
    const unsigned int span = DOMID_FIRST_RESERVED - 1;
    unsigned int i;

    if ( last >= DOMID_FIRST_RESERVED )
        last = 0;

    for ( i = 1; i <= span; i++ )
    {
        /* last + i, folded back into 1 .. span. */
        domid_t id = (last + i - 1) % span + 1;

        if ( !domid_in_use(used, id) )
            return id;
    }

    return DOMID_INVALID;
}

#endif /* XEN__DOMID_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
