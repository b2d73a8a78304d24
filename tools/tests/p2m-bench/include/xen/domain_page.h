/* SPDX-License-Identifier: GPL-2.0-only */
/* Benchmark environment: machine frames live in one arena. */
#ifndef BENCH_XEN_DOMAIN_PAGE_H
#define BENCH_XEN_DOMAIN_PAGE_H

#include <xen/mm.h>

extern unsigned char *bench_arena;

static inline void *map_domain_page(mfn_t mfn)
{
    return bench_arena + ((mfn_x(mfn) - frametable_base_mfn) << PAGE_SHIFT);
}

static inline void unmap_domain_page(const void *va)
{
}

#endif /* BENCH_XEN_DOMAIN_PAGE_H */
