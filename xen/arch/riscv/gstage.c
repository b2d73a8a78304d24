/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Choosing the G-stage translation mode.  hgatp.MODE is WARL and, unlike
 * satp, an unsupported value is not ignored but legalised (H extension,
 * "hgatp"), so each mode is written and read back, widest first.  QEMU
 * accepts every mode, hence the Kconfig and command-line caps.
 */

#include <xen/lib.h>
#include <asm/csr.h>
#include <asm/flushtlb.h>
#include <asm/p2m.h>
#include <asm/setup.h>

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

/* Root level of the widest mode the hart keeps in hgatp, or 0. */
static unsigned int __init gstage_probe(void)
{
    unsigned int level;

    for ( level = 4; level >= 2; level-- )
    {
        unsigned long mode = gstage_hgatp_mode(level);

        csr_write(hgatp, mode << HGATP_MODE_SHIFT);
        if ( (csr_read(hgatp) >> HGATP_MODE_SHIFT) == mode )
            break;
    }

    /* Back to Bare; a MODE change needs a fence (H ext., "hgatp"). */
    csr_write(hgatp, 0);
    hfence_gvma_all();

    return level >= 2 ? level : 0;
}

void __init gstage_mode_init(void)
{
    unsigned int hw = gstage_probe(), cap = GSTAGE_KCONFIG_CAP, level;
    char opt[16];

    if ( cmdline_get("p2m_mode", opt, sizeof(opt)) )
    {
        unsigned int want = 0;

        if ( !strcmp(opt, "sv39x4") )
            want = 2;
        else if ( !strcmp(opt, "sv48x4") )
            want = 3;
        else if ( !strcmp(opt, "sv57x4") )
            want = 4;

        if ( want )
            cap = min(cap, want);
        else
            printk("Ignoring p2m_mode=%s (want sv39x4, sv48x4 or sv57x4)\n",
                   opt);
    }

    if ( !hw )
        panic("The hart supports no G-stage mode (Sv39x4/Sv48x4/Sv57x4)");

    level = min(hw, cap);
    gstage_max_root_level = level;

    printk("G-stage mode: %s (root level %u, %u-bit GPA)\n",
           p2m_mode_name(level), level, P2M_GPA_BITS(level));
    printk("G-stage: hardware up to %s, capped at %s; MMIO PBMT %s\n",
           p2m_mode_name(hw), p2m_mode_name(cap),
           p2m_use_pbmt ? "on" : "off");
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
