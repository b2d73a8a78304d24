/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__DOMAIN_PAGE_H
#define XEN__DOMAIN_PAGE_H

#include <xen/mm.h>

/*
 * The hypervisor runs with satp = Bare, so every machine frame is
 * reachable at its physical address.  The hosted harness provides its own
 * version of this header, mapping frames into its arena.
 */
static inline void *map_domain_page(mfn_t mfn)
{
    return (void *)(unsigned long)mfn_to_maddr(mfn);
}

static inline void unmap_domain_page(const void *va)
{
    (void)va;
}

#endif /* XEN__DOMAIN_PAGE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
