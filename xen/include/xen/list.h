/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__LIST_H
#define XEN__LIST_H

#include <xen/types.h>

/* A doubly-linked list of page_info structures (Xen's page_list API). */
struct page_info;

struct page_list_entry {
    struct page_info *next, *prev;
};

struct page_list_head {
    struct page_info *next, *tail;
    unsigned long count;
};

#define PAGE_LIST_HEAD_INIT                                                    \
    {                                                                          \
        NULL, NULL, 0                                                          \
    }

static inline void INIT_PAGE_LIST_HEAD(struct page_list_head *head)
{
    head->next = head->tail = NULL;
    head->count = 0;
}

static inline bool page_list_empty(const struct page_list_head *head)
{
    return head->next == NULL;
}

#endif /* XEN__LIST_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
