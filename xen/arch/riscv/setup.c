/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot: from the firmware's hand-over to dom0.
 */

#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <asm/current.h>
#include <asm/p2m.h>
#include <asm/sbi.h>
#include <asm/setup.h>
#include <asm/smp.h>

#define XEN_VERSION_STRING "0.1"

#ifdef CONFIG_DEBUG
#define BUILD_DEBUG "y"
#else
#define BUILD_DEBUG "n"
#endif
#ifdef CONFIG_P2M_DEBUG
#define BUILD_P2M_DEBUG "y"
#else
#define BUILD_P2M_DEBUG "n"
#endif
#if defined(CONFIG_GSTAGE_MAX_SV39X4)
#define BUILD_GSTAGE_CAP "sv39x4"
#elif defined(CONFIG_GSTAGE_MAX_SV48X4)
#define BUILD_GSTAGE_CAP "sv48x4"
#else
#define BUILD_GSTAGE_CAP "sv57x4"
#endif

static void __init print_banner(void)
{
    printk("Xen-style RISC-V hypervisor " XEN_VERSION_STRING
           " (debug=" BUILD_DEBUG " p2m_debug=" BUILD_P2M_DEBUG
           " gstage_cap=" BUILD_GSTAGE_CAP " nr_cpus=%u)\n",
           CONFIG_NR_CPUS);
}

static void __init print_bootinfo(void)
{
    unsigned int i;

    for ( i = 0; i < bootinfo.nr_mem; i++ )
        printk("RAM: %#013lx-%#013lx (%lu MiB)\n",
               (unsigned long)bootinfo.mem[i].start,
               (unsigned long)(bootinfo.mem[i].start + bootinfo.mem[i].size),
               (unsigned long)(bootinfo.mem[i].size >> 20));
    for ( i = 0; i < bootinfo.nr_reserved; i++ )
        printk("Reserved: %#013lx-%#013lx\n",
               (unsigned long)bootinfo.reserved[i].start,
               (unsigned long)(bootinfo.reserved[i].start +
                               bootinfo.reserved[i].size));
    printk("Command line: %s\n", bootinfo.cmdline ? bootinfo.cmdline : "");
    for ( i = 0; i < bootinfo.nr_modules; i++ )
    {
        const struct bootmodule *m = &bootinfo.modules[i];

        printk("Module: %#013lx-%#013lx %s%s%s%s\n", (unsigned long)m->start,
               (unsigned long)(m->start + m->size),
               m->kernel    ? "multiboot,kernel"
               : m->ramdisk ? "multiboot,ramdisk"
                            : "multiboot,module",
               m->bootargs ? " bootargs=\"" : "",
               m->bootargs ? m->bootargs : "", m->bootargs ? "\"" : "");
    }
    printk("Harts: %u found (boot hart %lu), timebase %u Hz, "
           "extensions:%s%s%s\n",
           bootinfo.nr_harts, bootinfo.hartids[0], bootinfo.timebase_frequency,
           bootinfo.has_h ? " h" : "", bootinfo.has_sstc ? " sstc" : "",
           bootinfo.has_svpbmt ? " svpbmt" : "");
}

static bool overlaps(paddr_t s1, paddr_t e1, paddr_t s2, paddr_t e2)
{
    return s1 < e2 && s2 < e1;
}

/* Inside a RAM bank and clear of every reserved region. */
static bool range_is_free(paddr_t start, paddr_t end)
{
    bool in_ram = false;
    unsigned int i;

    for ( i = 0; i < bootinfo.nr_mem; i++ )
        if ( start >= bootinfo.mem[i].start &&
             end <= bootinfo.mem[i].start + bootinfo.mem[i].size )
            in_ram = true;
    if ( !in_ram )
        return false;

    for ( i = 0; i < bootinfo.nr_reserved; i++ )
        if ( overlaps(start, end, bootinfo.reserved[i].start,
                      bootinfo.reserved[i].start + bootinfo.reserved[i].size) )
            return false;

    return true;
}

/* Sort the reserved regions by start address (there are few). */
static void __init sort_reserved(void)
{
    unsigned int i, j;

    struct membank *r = bootinfo.reserved;

    for ( i = 1; i < bootinfo.nr_reserved; i++ )
        for ( j = i; j > 0 && r[j].start < r[j - 1].start; j-- )
        {
            struct membank t = r[j];

            r[j] = r[j - 1];
            r[j - 1] = t;
        }
}

/*
 * The frame table covers all RAM; it goes in the first free space above
 * the image.  The heap then gets every RAM page outside the reserved
 * regions, in the largest aligned blocks those allow.
 */
static void __init setup_mm(void)
{
    paddr_t ram_start = ~(paddr_t)0, ram_end = 0, ft_size, ft, bank_end;
    unsigned long nr_frames;
    unsigned int i, j;

    if ( !bootinfo.nr_mem )
        panic("DTB describes no RAM");

    for ( i = 0; i < bootinfo.nr_mem; i++ )
    {
        paddr_t s = bootinfo.mem[i].start, e = s + bootinfo.mem[i].size;
        paddr_t image = (unsigned long)_start;

        /*
         * The firmware below the image is not always fully listed as
         * reserved (OpenSBI 1.1 lists only what its PMP protects).
         */
        if ( s < image && image < e )
            bootinfo_add_reserved(s, image - s);

        ram_start = min(ram_start, s & PAGE_MASK);
        ram_end = max(ram_end, ROUNDUP(e, PAGE_SIZE));
    }

    nr_frames = (ram_end - ram_start) >> PAGE_SHIFT;
    ft_size = ROUNDUP(nr_frames * sizeof(struct page_info), PAGE_SIZE);

    /* First fit, starting at the image's end, trying each region's end. */
    ft = ROUNDUP((unsigned long)_end, PAGE_SIZE);
    for ( i = 0; !range_is_free(ft, ft + ft_size); i++ )
    {
        if ( i > bootinfo.nr_reserved + bootinfo.nr_mem )
            panic("No room for a %lu KiB frame table",
                  (unsigned long)(ft_size >> 10));
        for ( j = 0; j < bootinfo.nr_reserved; j++ )
        {
            paddr_t rs = bootinfo.reserved[j].start;
            paddr_t re = rs + bootinfo.reserved[j].size;

            if ( overlaps(ft, ft + ft_size, rs, re) )
                ft = ROUNDUP(re, PAGE_SIZE);
        }
    }

    bootinfo_add_reserved(ft, ft_size);
    sort_reserved();

    init_frametable((struct page_info *)(unsigned long)ft,
                    maddr_to_mfn(ram_start), nr_frames);
    printk("Frame table: %#lx, %lu frames (%lu KiB)\n", (unsigned long)ft,
           nr_frames, (unsigned long)(ft_size >> 10));

    for ( i = 0; i < bootinfo.nr_mem; i++ )
    {
        paddr_t cur = ROUNDUP(bootinfo.mem[i].start, PAGE_SIZE);

        bank_end = (bootinfo.mem[i].start + bootinfo.mem[i].size) & PAGE_MASK;

        for ( j = 0; j <= bootinfo.nr_reserved && cur < bank_end; j++ )
        {
            paddr_t rs = j < bootinfo.nr_reserved
                             ? bootinfo.reserved[j].start & PAGE_MASK
                             : bank_end;
            paddr_t re = j < bootinfo.nr_reserved
                             ? ROUNDUP(bootinfo.reserved[j].start +
                                           bootinfo.reserved[j].size,
                                       PAGE_SIZE)
                             : bank_end;

            rs = min(rs, bank_end);
            if ( rs > cur )
                init_heap_pages(maddr_to_mfn(cur), (rs - cur) >> PAGE_SHIFT);
            cur = max(cur, re);
        }
    }

    heap_dump();
}

void __init start_xen(unsigned long boot_hartid, const void *fdt)
{
    pcpu_info[0].cpu = 0;
    pcpu_info[0].hartid = boot_hartid;

    trap_init();
    print_banner();

    boot_fdt_parse(fdt, boot_hartid);
    print_bootinfo();
    cmdline_parse(bootinfo.cmdline);

    sbi_init();

    if ( !bootinfo.has_h )
        panic("The harts lack the H extension (riscv,isa in the DTB)");

    setup_mm();

    hyp_cpu_init();
    gstage_mode_init();
    vmid_init();
    domain_init();

    smp_bring_up_secondaries();

    construct_and_start_dom0();
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
