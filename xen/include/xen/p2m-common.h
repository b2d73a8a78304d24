/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m calls common code makes of every architecture, as Xen declares
 * them in this header.  Only those this hypervisor implements are here.
 */
#ifndef XEN__P2M_COMMON_H
#define XEN__P2M_COMMON_H

#include <xen/lib.h>
#include <xen/mm-frame.h>
#include <xen/types.h>

struct domain;

/*
 * Unmap 2^page_order pages at gfn.  If mfn is not INVALID_MFN every page
 * must currently map mfn + i, or -EINVAL and nothing changes.
 */
int __must_check guest_physmap_remove_page(struct domain *d, gfn_t gfn,
                                           mfn_t mfn, unsigned int page_order);

/*
 * Resize d's p2m page pool (d->arch.paging: table and metadata pages; the
 * root is allocated by p2m_init()) to pages.  Call with
 * d->arch.paging.lock held.  Returns 0, -ENOMEM, -EBUSY when shrinking
 * would take pages in use, or -ERESTART when can_preempt is set and the
 * caller should let other work run and call again.
 */
int __must_check p2m_set_allocation(struct domain *d, unsigned long pages,
                                    bool can_preempt);

#endif /* XEN__P2M_COMMON_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
