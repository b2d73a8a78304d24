/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__FLUSHTLB_H
#define ASM__RISCV__FLUSHTLB_H

#include <xen/cpumask.h>
#include <xen/types.h>

/*
 * G-stage TLB maintenance (Priv. spec, H extension, "Hypervisor Memory-
 * Management Fence Instructions").  HFENCE.GVMA takes the guest-physical
 * address shifted right by 2 in rs1 and the VMID in rs2; rs1 = x0 means
 * every address *and every level* (non-leaf entries too), rs2 = x0 means
 * every VMID.  x0 is a register specifier, not a register holding 0, so
 * each form has its own asm.  The instruction is emitted with .insn
 * (funct7 0110001) so no assembler support for the H extension is needed.
 *
 * The hosted harness provides its own version of this header, routing the
 * fences into its TLB model.
 */

/* Leaf entries for one GPA, one VMID. */
static inline void hfence_gvma_gpa_vmid(paddr_t gpa, unsigned long vmid)
{
    asm volatile ( ".insn r 0x73, 0, 0x31, x0, %0, %1"
                   :: "r" (gpa >> 2), "r" (vmid) : "memory" );
}

/* Every entry (leaf and non-leaf) of one VMID. */
static inline void hfence_gvma_vmid(unsigned long vmid)
{
    asm volatile ( ".insn r 0x73, 0, 0x31, x0, x0, %0"
                   :: "r" (vmid) : "memory" );
}

/* Every entry of every VMID. */
static inline void local_hfence_gvma_all(void)
{
    asm volatile ( ".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory" );
}

/* Guest (VS-stage) translations of the VMID currently in hgatp. */
static inline void flush_tlb_guest_local(void)
{
    asm volatile ( ".insn r 0x73, 0, 0x11, x0, x0, x0" ::: "memory" );
}

/*
 * Make every hart in mask fence VMID vmid over [gpa, gpa + size), through
 * SBI RFENCE hfence_gvma_vmid.  size == GSTAGE_FLUSH_ALL means the whole
 * VMID (never all VMIDs: OpenSBI 1.1 turns start = size = 0 into an
 * all-VMID flush).  Returns once every target hart has fenced.  The
 * caller's own hart is skipped if it is in the mask.
 */
#define GSTAGE_FLUSH_ALL (~(paddr_t)0)
void gstage_flush_remote(const cpumask_t *mask, unsigned long vmid, paddr_t gpa,
                         paddr_t size);

/*
 * Xen's common page allocator asks the architecture whether a freed page
 * may still be in some TLB (a TLB-flush clock).  G-stage tables are freed
 * only after the flush that covers them (p2m_write_unlock()), so there is
 * no clock here: nothing to filter and no timestamp to keep.
 */
struct page_info;

static inline void tlbflush_filter(cpumask_t *mask, uint32_t page_timestamp)
{
}

#define tlbflush_current_time() (0)

static inline void page_set_tlbflush_timestamp(struct page_info *page)
{
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
