/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain creation parameters.
 *
 * Xen passes them in struct xen_domctl_createdomain (public/domctl.h).
 * This hypervisor has no domctl hypercall, so the structure is internal
 * here and holds only the fields domain creation uses, with Xen's names
 * and meanings: code that reads them compiles against xen.git unchanged.
 */
#ifndef XEN__DOMAIN_H
#define XEN__DOMAIN_H

#include <xen/types.h>

struct xen_arch_domainconfig {
    /*
     * G-stage guest-physical address width in bits: 41 (Sv39x4), 50
     * (Sv48x4) or 59 (Sv57x4).  34 would be Sv32x4, an RV32-only mode.
     */
    uint8_t gaddr_bits;
};

struct xen_domctl_createdomain {
    uint32_t max_vcpus;
    struct xen_arch_domainconfig arch;
};

struct domain;

/*
 * The size of a domain's paging (p2m) pool, in bytes; what Xen's
 * XEN_DOMCTL_{set,get}_paging_mempool_size call.  Setting may return
 * -ERESTART: call again to continue.
 */
int arch_set_paging_mempool_size(struct domain *d, uint64_t size);
int arch_get_paging_mempool_size(struct domain *d, uint64_t *size);

/*
 * domain_kill()'s architecture steps.  arch_domain_kick_vcpus() makes every
 * running vCPU of a dying domain trap and leave its CPU;
 * arch_domain_relinquish() takes down the p2m in steps of at most budget
 * units (*work: what it did), -ERESTART until done;
 * arch_domain_destroy() frees what is left (the VMID) once nothing runs.
 */
void arch_domain_kick_vcpus(struct domain *d);
/*
 * Every vCPU of d has left its CPU for good and nothing of d is taken
 * apart yet: the last look at the whole domain (called once, with
 * domain_kill()'s lock held, so keep it short).
 */
void arch_domain_stopped(struct domain *d);
int arch_domain_relinquish(struct domain *d, unsigned long budget,
                           unsigned long *work);
void arch_domain_destroy(struct domain *d);

/*
 * dom0 shut down and the machine powers off next: whatever else belongs
 * to the run is the architecture's to finish (here: wait, bounded, for
 * the boot domU).  True if any of it failed, which makes the run a
 * failure.
 */
bool arch_domain_dom0_poweroff(struct domain *dom0);

/*
 * A domain id, as Xen's: domid itself if it is free (a new domain's id),
 * or with DOMID_ANY the first free one after the last DOMID_ANY gave,
 * going round (xen/domid.h).  DOMID_INVALID if there is none.  The id is
 * in use until domid_free(), when its domain is freed.
 */
domid_t domid_alloc(domid_t domid);
void domid_free(domid_t domid);

#endif /* XEN__DOMAIN_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
