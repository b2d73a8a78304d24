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
 * The G-stage rights (P2M_ACCESS_*) the access that took guest-page fault
 * `cause` needed; the p2m allows the access if it grants any one of them.
 *
 * An implicit access for VS-stage translation is checked at the G-stage
 * as a load (a PTE read) or a store (an A/D update), whatever the original
 * access was, yet it is reported with the original access's cause: a
 * fetch whose walk reads a page-table page needs R on that page, not X.
 * htinst tells the two apart.  A transformed instruction (bit 0 set)
 * names the faulting load or store itself.  Zero, or a value this code
 * does not know, says nothing (QEMU 7.2 always writes zero): with VS-stage
 * translation on, the access may then have been a walk reading a PTE, so
 * R also counts.  Read permission on a page that really lacked the right
 * the access needed only costs a few retries: the fault handler bounds
 * them and then reflects the fault.
 */
static inline unsigned int gpf_rights_needed(unsigned long cause,
                                             unsigned long htinst,
                                             bool vs_translation)
{
    unsigned int right;

    switch ( htinst )
    {
    case HTINST_VS_PT_READ32:
    case HTINST_VS_PT_READ64:
        return P2M_ACCESS_R;
    case HTINST_VS_PT_WRITE32:
    case HTINST_VS_PT_WRITE64:
        return P2M_ACCESS_W;
    default:
        break;
    }

    switch ( cause )
    {
    case CAUSE_FETCH_GUEST_PAGE_FAULT:
        right = P2M_ACCESS_X;
        break;
    case CAUSE_LOAD_GUEST_PAGE_FAULT:
        right = P2M_ACCESS_R;
        break;
    default:
        right = P2M_ACCESS_W;
        break;
    }

    if ( vs_translation && !(htinst & 1) )
        right |= P2M_ACCESS_R;

    return right;
}

/*
 * Whether a fault on a GFN the p2m maps validly with rights `perms`
 * (p2m_effective_perms()) is spurious: the p2m allows the access, so the
 * hart must have used a stale entry.
 */
static inline bool gpf_p2m_allows(unsigned long cause, unsigned long htinst,
                                  bool vs_translation, unsigned int perms)
{
    return perms & gpf_rights_needed(cause, htinst, vs_translation);
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
