/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__DOMAIN_PAGE_H
#define XEN__DOMAIN_PAGE_H

/*
 * Hosted harness version: machine frames are pages of the harness's arena
 * (env.c).  Mapping a frame outside the arena (a guest frame, or one of the
 * large fake frames used for 512 GiB / 256 TiB leaves) is a bug in the code
 * under test and aborts.
 */
#include <xen/mm.h>

void *map_domain_page(mfn_t mfn);
void unmap_domain_page(const void *va);

#endif /* XEN__DOMAIN_PAGE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
