/* SPDX-License-Identifier: GPL-2.0-only */
/* Benchmark environment: fences are counted by the p2m's own statistics. */
#ifndef BENCH_ASM_FLUSHTLB_H
#define BENCH_ASM_FLUSHTLB_H

#include <xen/cpumask.h>
#include <xen/types.h>

#define GSTAGE_FLUSH_ALL (~(paddr_t)0)

static inline void hfence_gvma_gpa_vmid(paddr_t gpa, unsigned long vmid)
{
}

static inline void hfence_gvma_vmid(unsigned long vmid)
{
}

static inline void local_hfence_gvma_all(void)
{
}

void gstage_flush_remote(const cpumask_t *mask, unsigned long vmid, paddr_t gpa,
                         paddr_t size);

#endif /* BENCH_ASM_FLUSHTLB_H */
