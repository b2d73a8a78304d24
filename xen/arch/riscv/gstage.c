/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Choosing the G-stage translation mode.  hgatp.MODE is WARL and, unlike
 * satp, an unsupported value is not ignored but legalised (H extension,
 * "hgatp"), so each mode is written and read back, widest first.  QEMU
 * accepts every mode, hence the Kconfig and command-line caps.
 */

#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <asm/csr.h>
#include <asm/flushtlb.h>
#include <asm/p2m.h>
#include <asm/riscv_encoding.h>
#include <asm/setup.h>
#include <asm/vmid.h>

#if defined(CONFIG_GSTAGE_MAX_SV39X4)
#define GSTAGE_KCONFIG_CAP 2
#elif defined(CONFIG_GSTAGE_MAX_SV48X4)
#define GSTAGE_KCONFIG_CAP 3
#else
#define GSTAGE_KCONFIG_CAP 4
#endif

unsigned long gstage_hgatp_mode(unsigned int root_level)
{
    switch ( root_level )
    {
    case 2:
        return HGATP_MODE_SV39X4;
    case 3:
        return HGATP_MODE_SV48X4;
    case 4:
        return HGATP_MODE_SV57X4;
    default:
        return HGATP_MODE_OFF;
    }
}

/*
 * Root level of a G-stage mode named "sv39x4", "sv48x4" or "sv57x4", or
 * as Xen's dom0less mmu-type property names it ("riscv,sv39", ...); 0 if
 * the name is none of these.
 */
unsigned int gstage_parse_mode(const char *name)
{
    static const char *const names[][2] = {
        { "sv39x4", "riscv,sv39" },
        { "sv48x4", "riscv,sv48" },
        { "sv57x4", "riscv,sv57" },
    };

    for ( unsigned int i = 0; i < ARRAY_SIZE(names); i++ )
        if ( !strcmp(name, names[i][0]) || !strcmp(name, names[i][1]) )
            return i + 2;

    return 0;
}

/* Root level of the widest mode the hart keeps in hgatp, or 0. */
static unsigned int __init gstage_probe(void)
{
    unsigned int level;

    for ( level = 4; level >= 2; level-- )
    {
        unsigned long mode = gstage_hgatp_mode(level);

        csr_write(hgatp, MASK_INSR(mode, HGATP_MODE_MASK));
        if ( MASK_EXTR(csr_read(hgatp), HGATP_MODE_MASK) == mode )
            break;
    }

    /* Back to Bare; a MODE change needs a fence (H ext., "hgatp"). */
    csr_write(hgatp, 0);
    local_hfence_gvma_all();

    return level >= 2 ? level : 0;
}

/* p2m_mode=: the widest G-stage mode wanted (root level), 0 for any. */
static unsigned int __initdata opt_p2m_mode;

static int __init parse_p2m_mode(const char *s)
{
    unsigned int level = gstage_parse_mode(s);

    if ( !level )
        return -EINVAL;
    opt_p2m_mode = level;

    return 0;
}
custom_param("p2m_mode", parse_p2m_mode);

/* vmid_bits=: at most this many VMID bits (to exercise rollover). */
static unsigned int __initdata opt_vmid_bits = ~0U;
integer_param("vmid_bits", opt_vmid_bits);

void __init gstage_mode_init(void)
{
    unsigned int hw = gstage_probe(), cap = GSTAGE_KCONFIG_CAP, level;

    if ( opt_p2m_mode > cap )
        printk("WARNING: p2m_mode=%s is wider than this build allows "
               "(CONFIG_GSTAGE_MAX: %s): using %s\n",
               p2m_mode_name(opt_p2m_mode), p2m_mode_name(cap),
               p2m_mode_name(cap));
    else if ( opt_p2m_mode )
        cap = opt_p2m_mode;

    if ( !hw )
        panic("The hart supports no G-stage mode (Sv39x4/Sv48x4/Sv57x4)");

    level = min(hw, cap);
    if ( level < cap )
        printk("WARNING: the hart supports G-stage modes up to %s only: "
               "using %s, not %s\n",
               p2m_mode_name(hw), p2m_mode_name(level), p2m_mode_name(cap));
    max_gstage_mode = p2m_mode_of_level(level);

    printk("G-stage mode: %s (root level %u, %u-bit GPA)\n",
           p2m_mode_name(level), level, P2M_GPA_BITS(level));
    printk("G-stage: hardware up to %s, capped at %s; MMIO PBMT %s\n",
           p2m_mode_name(hw), p2m_mode_name(cap), p2m_use_pbmt ? "on" : "off");
}

void gstage_load_hgatp(unsigned long hgatp)
{
    csr_write(hgatp, hgatp);
}

/*
 * VMIDLEN is found by writing all ones to hgatp.VMID and reading back:
 * implemented bits are the low ones (H extension, "hgatp").  The write
 * uses a valid mode and an empty, 16 KiB aligned root, because a VMID
 * written under MODE = Bare is UNSPECIFIED.  "vmid_bits=N" caps the width
 * (to exercise rollover, or VMIDLEN = 0, on QEMU, which has all 14).
 */
void __init vmid_init(void)
{
    struct page_info *root = alloc_domheap_pages(NULL, P2M_ROOT_ORDER, 0);
    unsigned long mode = max_gstage_mode->mode;
    unsigned long vmid;
    unsigned int i, bits, hw;

    if ( !root )
        panic("No memory for the VMID probe");

    for ( i = 0; i < P2M_ROOT_PAGES; i++ )
    {
        void *p = map_domain_page(mfn_add(page_to_mfn(root), i));

        memset(p, 0, PAGE_SIZE);
        unmap_domain_page(p);
    }

    csr_write(hgatp, MASK_INSR(mode, HGATP_MODE_MASK) | HGATP_VMID_MASK |
                         MASK_INSR(mfn_x(page_to_mfn(root)), HGATP_PPN_MASK));
    vmid = MASK_EXTR(csr_read(hgatp), HGATP_VMID_MASK);
    csr_write(hgatp, 0);
    local_hfence_gvma_all();

    free_domheap_pages(root, P2M_ROOT_ORDER);

    for ( hw = 0; vmid & 1; vmid >>= 1 )
        hw++;

    bits = hw;
    if ( opt_vmid_bits != ~0U )
    {
        if ( opt_vmid_bits > hw )
            printk("vmid_bits=%u: the hart has %u: using %u\n", opt_vmid_bits,
                   hw, hw);
        else
            bits = opt_vmid_bits;
    }

    vmid_setup(bits);

    printk("VMID: %u bits (VMIDLEN %u)%s\n", bits, hw,
           bits ? "" : ": all guests share VMID 0, flushed on every switch");
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
