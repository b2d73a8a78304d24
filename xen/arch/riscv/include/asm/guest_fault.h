/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__GUEST_FAULT_H
#define ASM__RISCV__GUEST_FAULT_H

/*
 * What a guest-page fault asked of the G-stage.  Pure functions of the
 * trap CSRs, so that tools/tests/guest-fault can check them natively.
 */

#include <xen/types.h>
#include <asm/csr.h>
#include <asm/p2m.h>

/*
 * htinst pseudoinstructions for a guest-page fault on an implicit access
 * made for VS-stage translation (H extension, "Transformed Instruction or
 * Pseudoinstruction for mtinst or htinst"): a read of a VS-level PTE, or
 * the write that sets its A/D bits, for VSXLEN 32 and 64.  Hardware must
 * write one of them for such a fault whenever it writes a non-zero htval.
 */
#define HTINST_VS_PT_READ32  0x00002000UL
#define HTINST_VS_PT_WRITE32 0x00002020UL
#define HTINST_VS_PT_READ64  0x00003000UL
#define HTINST_VS_PT_WRITE64 0x00003020UL

/*
 * The G-stage right (p2m_access_r/w/x) the access that took guest-page fault
 * `cause` needed.
 *
 * An implicit access for VS-stage translation is checked at the G-stage
 * as a load (reading a PTE) or a store (setting its A/D bits), whatever
 * the original access was, yet the fault is reported with the original
 * access's cause: a fetch whose walk reads a page-table page needs R on
 * that page, not X.  htinst tells the cases apart: for such a fault with
 * a non-zero htval (the only kind whose GPA is known), it must hold one of
 * the pseudoinstructions; zero is not allowed.  Anything else (zero, a
 * transformed instruction, a value not defined) therefore means the
 * access itself faulted and needed its own right: a fetch X, a load R, a
 * store or AMO W.  Values are compared whole, as the spec asks, so bits a
 * later extension may add are never misread.
 */
static inline unsigned int gpf_right_needed(unsigned long cause,
                                            unsigned long htinst)
{
    switch ( htinst )
    {
    case HTINST_VS_PT_READ32:
    case HTINST_VS_PT_READ64:
        return p2m_access_r;
    case HTINST_VS_PT_WRITE32:
    case HTINST_VS_PT_WRITE64:
        return p2m_access_w;
    default:
        break;
    }

    switch ( cause )
    {
    case CAUSE_FETCH_GUEST_PAGE_FAULT:
        return p2m_access_x;
    case CAUSE_LOAD_GUEST_PAGE_FAULT:
        return p2m_access_r;
    default:
        return p2m_access_w;
    }
}

/*
 * Whether a guest-page fault on a GFN the p2m maps validly with rights
 * `perms` (p2m_effective_perms()) is spurious: the p2m allows the access,
 * so the hart must have used a stale entry, and a retry will do.
 */
static inline bool gpf_p2m_allows(unsigned long cause, unsigned long htinst,
                                  unsigned int perms)
{
    return perms & gpf_right_needed(cause, htinst);
}

#endif /* ASM__RISCV__GUEST_FAULT_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
