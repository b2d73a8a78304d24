/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__P2M_H
#define ASM__RISCV__P2M_H

/*
 * The part of the p2m the VMID allocator uses, for the hosted test: the
 * VMID and hgatp (p2m_set_vmid()), the dirty mask (p2m_mark_dirty(),
 * p2m_leave_dirty()) and the write lock.  test.c implements the functions
 * and models the p2m's own flushes (every hart of the dirty mask, under
 * p2m->vmid).
 */

#include <xen/cpumask.h>
#include <xen/types.h>

struct p2m_domain {
    unsigned int vmid;
    uint64_t hgatp;
    cpumask_t dirty_cpumask;
    /* Test-only: index in the model, and lock depth. */
    unsigned int id;
    unsigned int locked;
};

void p2m_set_vmid(struct p2m_domain *p2m, unsigned int vmid);
void p2m_mark_dirty(struct p2m_domain *p2m, unsigned int cpu);
void p2m_leave_dirty(struct p2m_domain *p2m, unsigned int cpu);
void p2m_write_lock(struct p2m_domain *p2m);
void p2m_write_unlock(struct p2m_domain *p2m);

#endif /* ASM__RISCV__P2M_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
