/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMIDs.  VMIDLEN is found by writing all ones to hgatp.VMID under a
 * valid mode and reading back: implemented bits are the low ones (H
 * extension, "hgatp").  For now every domain keeps the VMID it was given
 * at creation, which is enough while dom0 is the only domain; rollover
 * comes with more domains.
 */

#include <xen/domain_page.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/csr.h>
#include <asm/flushtlb.h>
#include <asm/p2m.h>
#include <asm/setup.h>

static unsigned int vmid_bits;
static unsigned int next_vmid = 1;

void __init vmid_init(void)
{
    struct page_info *root = alloc_domheap_pages(NULL, P2M_ROOT_ORDER, 0);
    unsigned long mode = gstage_hgatp_mode(gstage_max_root_level);
    unsigned long vmid;
    unsigned int i;

    if ( !root )
        panic("No memory for the VMID probe");

    /* A valid, empty root: nothing runs with it, but keep hgatp sane. */
    for ( i = 0; i < P2M_ROOT_PAGES; i++ )
    {
        void *p = map_domain_page(mfn_add(page_to_mfn(root), i));

        memset(p, 0, PAGE_SIZE);
        unmap_domain_page(p);
    }

    csr_write(hgatp, (mode << HGATP_MODE_SHIFT) |
                     (HGATP_VMID_MASK << HGATP_VMID_SHIFT) |
                     (mfn_x(page_to_mfn(root)) & HGATP_PPN_MASK));
    vmid = (csr_read(hgatp) >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK;
    csr_write(hgatp, 0);
    hfence_gvma_all();

    free_domheap_pages(root, P2M_ROOT_ORDER);

    for ( vmid_bits = 0; vmid & 1; vmid >>= 1 )
        vmid_bits++;

    printk("VMID: %u bits (VMIDLEN)%s\n", vmid_bits,
           vmid_bits ? "" : ": all guests share VMID 0");
}

unsigned int vmid_alloc(void)
{
    unsigned int vmid;

    if ( !vmid_bits )
        return 0;

    vmid = __atomic_fetch_add(&next_vmid, 1, __ATOMIC_RELAXED);
    if ( vmid >= (1U << vmid_bits) )
        panic("Out of VMIDs (VMIDLEN %u); rollover is not implemented",
              vmid_bits);

    return vmid;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
