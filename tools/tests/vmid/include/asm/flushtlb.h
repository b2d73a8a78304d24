/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__FLUSHTLB_H
#define ASM__RISCV__FLUSHTLB_H

/*
 * The hosted VMID test's fences: each one goes to the TLB model of the
 * hart the test is currently acting as (model_hart in test.c).
 */

#include <xen/cpumask.h>
#include <xen/types.h>

void model_hfence_gvma(bool all_vmids, unsigned long vmid);
void model_hfence_vvma(void);

/* The allocator fences whole VMIDs only; an address fence is one too. */
static inline void hfence_gvma_gpa_vmid(paddr_t gpa, unsigned long vmid)
{
    (void)gpa;
    model_hfence_gvma(false, vmid);
}

static inline void hfence_gvma_vmid(unsigned long vmid)
{
    model_hfence_gvma(false, vmid);
}

static inline void local_hfence_gvma_all(void)
{
    model_hfence_gvma(true, 0);
}

static inline void flush_tlb_guest_local(void)
{
    model_hfence_vvma();
}

#endif /* ASM__RISCV__FLUSHTLB_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
