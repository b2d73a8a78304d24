/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__VMID_H
#define ASM__RISCV__VMID_H

#include <xen/types.h>

/*
 * VMIDs belong to p2ms, not to vCPUs: every vCPU of a domain translates
 * through the same G-stage tables, so they share the TLB tag.  The
 * allocator (vmid.c) is plain C with no CSR access, so the hosted test in
 * tools/tests/vmid compiles it unchanged; the fences it needs come from
 * asm/flushtlb.h and the hgatp write from gstage_load_hgatp().
 */

struct p2m_domain;

/* hgatp.VMID is at most 14 bits wide (H extension, "hgatp"). */
#define VMID_BITS_MAX 14

/*
 * VMID 0 is never handed out as a p2m's own: it is what every p2m uses
 * when the hart has no VMIDs (VMIDLEN = 0), or when all of this
 * generation's VMIDs are held by p2ms that are running.  It is also the
 * VMID field of the Bare hgatp an idle hart holds.  A hart flushes VMID
 * 0 whenever the p2m it runs under it is not the one it last ran there.
 */
#define VMID_SHARED 0

/* A p2m's claim on a VMID; only vmid.c looks inside (under its lock). */
struct vmid_slot {
    /* Generation the VMID was handed out in; 0 = never had one. */
    unsigned long generation;
    unsigned int vmid;
};

/* Allocator statistics, for the boot log and the hosted test. */
struct vmid_stats {
    unsigned long generation;
    unsigned long allocations;  /* a slot got a (new) VMID */
    unsigned long rollovers;    /* generations started */
    unsigned long shared;       /* slots that had to take VMID 0 */
    unsigned long flush_all;    /* per-hart generation flushes */
    unsigned long flush_shared; /* VMID 0 switch flushes */
    unsigned long flush_vs;     /* HFENCE.VVMA on a new (vCPU, VMID) */
    unsigned long left;         /* a hart left a p2m's dirty mask */
};

/* Start the allocator for VMIDLEN = bits (0 .. VMID_BITS_MAX). */
void vmid_setup(unsigned int bits);
unsigned int vmid_bits(void);

static inline void vmid_slot_init(struct vmid_slot *slot)
{
    slot->generation = 0;
    slot->vmid = VMID_SHARED;
}

/*
 * The p2m is going away: no hart may still have it loaded.  Forgets it
 * in the per-hart records, so a later p2m at the same address is not
 * taken for it.
 */
void vmid_slot_release(struct vmid_slot *slot);

/*
 * Load p2m on this hart (logical CPU cpu) for the vCPU identified by
 * vcpu: (re)assigns the p2m's VMID if its generation is stale, records
 * the hart in the p2m's dirty mask, writes hgatp and issues the fences
 * that make the hart's TLB hold nothing but this p2m's entries under the
 * VMID.  The hart stays in the dirty mask of the p2m it ran just before
 * (it keeps its entries) and leaves the one before that, after a fence.
 * The caller keeps the p2m the hart ran until now alive until this
 * returns.  Called with interrupts off, before entering the guest.
 */
void vmid_load_p2m(struct vmid_slot *slot, struct p2m_domain *p2m,
                   const void *vcpu, unsigned int cpu);

/*
 * The hart stopped running guests: hgatp is Bare again, and HFENCE.GVMA
 * x0, x0 ran after that write.  The p2m it ran no longer pins its VMID
 * through this hart, and the hart leaves the dirty masks it was in
 * (relying on that fence), so later flushes of those p2ms skip it.
 */
void vmid_cpu_idle(unsigned int cpu);

void vmid_get_stats(struct vmid_stats *stats);

/* Write hgatp (gstage.c; the hosted test has its own). */
void gstage_load_hgatp(unsigned long hgatp);

#endif /* ASM__RISCV__VMID_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
