/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__XMALLOC_H
#define XEN__XMALLOC_H

#include <xen/types.h>

/*
 * Zeroed memory for the hypervisor's own objects, from the heap (whole
 * pages: nothing allocates them in bulk).  NULL when the heap is empty.
 */
void *_xzalloc(size_t size);
void xfree(void *p);

#define xzalloc(type) ((type *)_xzalloc(sizeof(type)))

#endif /* XEN__XMALLOC_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
