/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__SCHED_H
#define XEN__SCHED_H

#include <xen/list.h>
#include <xen/spinlock.h>
#include <xen/types.h>
#include <asm/domain.h>

#define DOMID_SELF 0x7FF0U

/*
 * A domain.  The hypervisor core adds its fields here; the p2m only uses
 * domain_id and arch.p2m, so the hosted harness can use this header as is.
 */
struct domain {
    domid_t domain_id;

    /* Pages the domain owns (page_get_owner() == d), and their count. */
    spinlock_t page_alloc_lock;
    struct page_list_head page_list;
    unsigned long tot_pages;
    unsigned long max_pages;

    bool is_dying;

    struct arch_domain arch;
};

#endif /* XEN__SCHED_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
