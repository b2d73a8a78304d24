/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Access rights of guest frames (Xen's p2m_access_t and the mem_access
 * calls), common to every architecture's p2m.
 */
#ifndef XEN__MEM_ACCESS_H
#define XEN__MEM_ACCESS_H

#include <xen/mm.h>
#include <xen/types.h>
#include <public/memory.h>

/*
 * What a guest may do with a frame, on top of what its p2m type allows.
 * The low three bits are R, W and X and combine as a bitmask; the values
 * above them are Xen's special, event-driven rights, which this p2m does
 * not implement (it rejects them with -EINVAL).
 */
typedef enum {
    p2m_access_n = 0,
    p2m_access_r = 1U << 0,
    p2m_access_w = 1U << 1,
    p2m_access_x = 1U << 2,
    p2m_access_rw = p2m_access_r | p2m_access_w,
    p2m_access_rx = p2m_access_r | p2m_access_x,
    p2m_access_wx = p2m_access_w | p2m_access_x,
    p2m_access_rwx = p2m_access_r | p2m_access_w | p2m_access_x,

    p2m_access_rx2rw = 8, /* RX, becomes RW on the first write */
    p2m_access_n2rwx = 9, /* none, becomes RWX on the first access */
    p2m_access_r_pw = 10, /* R, page walks may still write */
} p2m_access_t;

/*
 * Give the frames [gfn + start, gfn + nr) the access right.  altp2m_idx
 * must be 0 (no alternate p2ms).  Returns 0 when done, a negative errno,
 * or, when it stopped to let the caller preempt (every mask + 1 frames),
 * the start value to continue from (> 0).
 */
long p2m_set_mem_access(struct domain *d, gfn_t gfn, uint32_t nr,
                        uint32_t start, uint32_t mask, xenmem_access_t access,
                        unsigned int altp2m_idx);

/* The access right of gfn; -ENOENT if nothing is mapped there. */
int p2m_get_mem_access(struct domain *d, gfn_t gfn, xenmem_access_t *access,
                       unsigned int altp2m_idx);

#endif /* XEN__MEM_ACCESS_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
