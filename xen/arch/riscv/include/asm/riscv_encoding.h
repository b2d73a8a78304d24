/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Field encodings of RISC-V CSRs that code outside the CSR accessors
 * needs as numbers.  Masks are in place (MASK_INSR()/MASK_EXTR()).
 */
#ifndef ASM__RISCV__RISCV_ENCODING_H
#define ASM__RISCV__RISCV_ENCODING_H

/* hgatp (RV64; H extension, "Hypervisor Guest Address Translation"). */
#define HGATP_MODE_OFF    0UL
#define HGATP_MODE_SV39X4 8UL
#define HGATP_MODE_SV48X4 9UL
#define HGATP_MODE_SV57X4 10UL

#define HGATP64_MODE_MASK 0xF000000000000000UL /* 63:60 */
#define HGATP64_VMID_MASK 0x03FFF00000000000UL /* 57:44 */
#define HGATP64_PPN_MASK  0x00000FFFFFFFFFFFUL /* 43:0 */

#define HGATP_MODE_MASK HGATP64_MODE_MASK
#define HGATP_VMID_MASK HGATP64_VMID_MASK
#define HGATP_PPN_MASK  HGATP64_PPN_MASK

#endif /* ASM__RISCV__RISCV_ENCODING_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
