/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__PAGE_H
#define ASM__RISCV__PAGE_H

#include <xen/mm-frame.h>
#include <xen/page-size.h>
#include <xen/types.h>
#include <asm/atomic.h>
#include <asm/page-bits.h>

#define PTE_SIZE 8

/* log2 of the number of 4 KiB pages a leaf at this level maps. */
#define XEN_PT_LEVEL_ORDER(lvl) ((lvl)*PAGETABLE_ORDER)
#define XEN_PT_LEVEL_SHIFT(lvl) (XEN_PT_LEVEL_ORDER(lvl) + PAGE_SHIFT)

/*
 * PTE layout (Priv. spec, "Sv39: Page-Based 39-bit Virtual-Memory System";
 * Sv48 and Sv57 differ only in how the PPN splits, which does not matter to
 * software that reads the PPN as one field).
 */
#define PTE_VALID      (1UL << 0)
#define PTE_READABLE   (1UL << 1)
#define PTE_WRITABLE   (1UL << 2)
#define PTE_EXECUTABLE (1UL << 3)
#define PTE_USER       (1UL << 4)
#define PTE_GLOBAL     (1UL << 5)
#define PTE_ACCESSED   (1UL << 6)
#define PTE_DIRTY      (1UL << 7)
#define PTE_RSW        (3UL << 8) /* reserved for software */
#define PTE_PPN_MASK   (((1UL << 44) - 1) << PTE_PPN_SHIFT) /* 53:10 */
#define PTE_RESERVED   (((1UL << 7) - 1) << 54)             /* 60:54 */
#define PTE_PBMT_SHIFT 61
#define PTE_PBMT_MASK  (3UL << PTE_PBMT_SHIFT)
#define PTE_PBMT_NC    (1UL << PTE_PBMT_SHIFT)
#define PTE_PBMT_IO    (2UL << PTE_PBMT_SHIFT)
#define PTE_NAPOT      (1UL << 63)

#define PTE_RWX_MASK (PTE_READABLE | PTE_WRITABLE | PTE_EXECUTABLE)

typedef struct {
    uint64_t pte;
} pte_t;

static inline bool pte_is_valid(pte_t p)
{
    return p.pte & PTE_VALID;
}

/* V=1 with R=W=X=0 points to the next-level table. */
static inline bool pte_is_table(pte_t p)
{
    return pte_is_valid(p) && !(p.pte & PTE_RWX_MASK);
}

static inline bool pte_is_mapping(pte_t p)
{
    return pte_is_valid(p) && (p.pte & PTE_RWX_MASK);
}

static inline mfn_t pte_get_mfn(pte_t p)
{
    return _mfn((p.pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT);
}

static inline void pte_set_mfn(pte_t *p, mfn_t mfn)
{
    p->pte &= ~PTE_PPN_MASK;
    p->pte |= (mfn_x(mfn) << PTE_PPN_SHIFT) & PTE_PPN_MASK;
}

static inline pte_t read_pte(const pte_t *p)
{
    pte_t pte;

    pte.pte = read_atomic(&p->pte);

    return pte;
}

/*
 * A live PTE is written with one 8-byte store: the walker reads PTEs
 * single-copy atomically, and must never see half an entry.
 */
static inline void write_pte(pte_t *p, pte_t pte)
{
    write_atomic(&p->pte, pte.pte);
}

#endif /* ASM__RISCV__PAGE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
