/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__PAGE_BITS_H
#define ASM__RISCV__PAGE_BITS_H

#define PAGE_SHIFT 12 /* 4 KiB pages */
#define PADDR_BITS 56 /* 44-bit PPN */

/*
 * Page-table geometry shared by Sv39/48/57 and their x4 G-stage forms:
 * 512 eight-byte entries per 4 KiB table, 9 index bits per level.  Levels
 * are numbered the RISC-V way: level 0 holds 4 KiB leaves and the root is
 * the highest level (Priv. spec, "Virtual Address Translation Process").
 */
#define PAGETABLE_ORDER   9
#define PAGETABLE_ENTRIES (1U << PAGETABLE_ORDER)

#define PTE_PPN_SHIFT 10

#endif /* ASM__RISCV__PAGE_BITS_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
