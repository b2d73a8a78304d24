/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__FLUSHTLB_H
#define ASM__RISCV__FLUSHTLB_H

/*
 * Hosted harness version of the G-stage fence primitives: the same
 * declarations as xen/arch/riscv/include/asm/flushtlb.h, implemented by
 * the harness's TLB model (model.c) on the model's current hart.  The
 * model is handed the GPA itself; the real hfence_gvma_gpa_vmid() puts
 * GPA >> 2 into rs1.
 */
#include <xen/cpumask.h>
#include <xen/types.h>

void hfence_gvma_gpa_vmid(paddr_t gpa, unsigned long vmid);
void hfence_gvma_vmid(unsigned long vmid);
void local_hfence_gvma_all(void);
void flush_tlb_guest_local(void);

#define GSTAGE_FLUSH_ALL (~(paddr_t)0)
void gstage_flush_remote(const cpumask_t *mask, unsigned long vmid, paddr_t gpa,
                         paddr_t size);

#endif /* ASM__RISCV__FLUSHTLB_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
