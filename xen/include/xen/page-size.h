/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__PAGE_SIZE_H
#define XEN__PAGE_SIZE_H

#include <asm/page-bits.h>

#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#endif /* XEN__PAGE_SIZE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
