/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building dom0 (design/guest-abi.md, "Boot"): RAM at GPA 0x80000000
 * backed by the largest aligned machine chunks the heap has, the
 * multiboot,kernel module copied to GPA 0x80200000, and a device tree
 * describing the domain near the top of its RAM.  vCPU0 then enters the
 * kernel the way Linux expects: a0 = vCPU id, a1 = DTB GPA, vsatp = 0.
 */

#include <xen/device_tree.h>
#include <xen/domain_page.h>
#include <xen/fdt_write.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <asm/domain.h>
#include <asm/p2m.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <public/arch-riscv.h>

#define MB(x) ((unsigned long)(x) << 20)
#define GB(x) ((unsigned long)(x) << 30)

#define DOM0_MEM_DEFAULT GB(1)
#define DOM0_MEM_MIN     MB(4)
/* Enough p2m tables to map even 4 GiB of dom0 RAM with 4 KiB pages. */
#define DOM0_P2M_POOL_PAGES 2048
/* Room for dom0's DTB at the top of its RAM. */
#define DOM0_DTB_MAX 0x10000UL

static uint8_t dom0_dtb[DOM0_DTB_MAX] __attribute__((__aligned__(8)));

static const struct bootmodule *find_kernel_module(void)
{
    unsigned int i;

    for ( i = 0; i < bootinfo.nr_modules; i++ )
        if ( bootinfo.modules[i].kernel )
            return &bootinfo.modules[i];

    return NULL;
}

/*
 * Back [GUEST_RAM_BASE, + size) with the largest chunks the heap has:
 * 1 GiB, then 2 MiB, then 4 KiB.  GUEST_RAM_BASE is 1 GiB aligned and
 * the chunks go in decreasing size, so each GFN is as aligned as its
 * chunk and the p2m can map every chunk with one leaf.
 */
static void __init allocate_dom0_memory(struct domain *d, unsigned long size)
{
    static const unsigned int orders[] = { 18, 9, 0 };
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long gfn = GUEST_RAM_BASE >> PAGE_SHIFT;
    unsigned long left = size >> PAGE_SHIFT;
    unsigned long count[ARRAY_SIZE(orders)] = { 0 };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(orders); i++ )
    {
        unsigned long nr = 1UL << orders[i];

        while ( left >= nr )
        {
            struct page_info *pg = alloc_domheap_pages(d, orders[i], 0);
            unsigned long done;
            int rc;

            if ( !pg )
                break;

            p2m_write_lock(p2m);
            rc = p2m_set_range(p2m, _gfn(gfn), nr, page_to_mfn(pg), p2m_ram_rw,
                               p2m_access_rwx, &done);
            p2m_write_unlock(p2m);
            if ( rc )
                panic("dom0: mapping GFN %#lx (+%lu pages) failed: %d", gfn, nr,
                      rc);

            gfn += nr;
            left -= nr;
            count[i]++;
        }
    }

    if ( left )
        panic("dom0: not enough memory for %lu MiB (%lu MiB short)", size >> 20,
              left >> (20 - PAGE_SHIFT));

    printk("dom0: %lu MiB RAM at %#lx: %lu x 1 GiB, %lu x 2 MiB, "
           "%lu x 4 KiB chunks\n",
           size >> 20, GUEST_RAM_BASE, count[0], count[1], count[2]);
}

/* Copy into dom0's RAM through its p2m, one machine frame at a time. */
static void __init copy_to_guest_phys(struct domain *d, paddr_t gpa,
                                      const void *src, unsigned long len)
{
    while ( len )
    {
        unsigned long off = gpa & ~PAGE_MASK;
        unsigned long chunk = min(len, PAGE_SIZE - off);
        p2m_type_t t;
        mfn_t mfn = p2m_lookup(d, gaddr_to_gfn(gpa), &t);
        uint8_t *p;

        if ( mfn_eq(mfn, INVALID_MFN) || !p2m_is_ram(t) )
            panic("dom0: GPA %#lx is not RAM", (unsigned long)gpa);

        p = map_domain_page(mfn);
        memcpy(p + off, src, chunk);
        unmap_domain_page(p);

        gpa += chunk;
        src = (const uint8_t *)src + chunk;
        len -= chunk;
    }
}

/*
 * dom0's riscv,isa: the boot hart's, minus what the guest cannot use:
 * the H extension, Sstc unless henvcfg.STCE is on, Svpbmt (henvcfg.PBMTE
 * stays off).
 */
static void __init dom0_isa_string(char *buf, size_t size)
{
    const char *isa = bootinfo.isa ? bootinfo.isa : "rv64imafdc";
    const char *p = isa;
    size_t n = 0;

    /* Base letters up to the first '_'. */
    for ( ; *p && *p != '_' && n + 1 < size; p++ )
        if ( p - isa < 4 || *p != 'h' )
            buf[n++] = *p;

    while ( *p == '_' )
    {
        const char *ext = ++p;
        size_t len;

        while ( *p && *p != '_' )
            p++;
        len = p - ext;

        if ( (len == 4 && !strncmp(ext, "sstc", 4) && !hyp_sstc_enabled) ||
             (len == 6 && !strncmp(ext, "svpbmt", 6)) || ext[0] == 'h' )
            continue;
        if ( n + len + 2 > size )
            break;
        buf[n++] = '_';
        memcpy(buf + n, ext, len);
        n += len;
    }
    buf[n] = '\0';
}

static int __init write_dom0_dtb(const struct domain *d, unsigned long mem,
                                 const char *bootargs)
{
    struct fdt_writer w;
    char isa[128];
    unsigned int i;

    dom0_isa_string(isa, sizeof(isa));

    fdtw_init(&w, dom0_dtb, sizeof(dom0_dtb));
    fdtw_begin_node(&w, "");
    fdtw_prop_u32(&w, "#address-cells", 2);
    fdtw_prop_u32(&w, "#size-cells", 2);
    fdtw_prop_string(&w, "compatible", "xen,riscv-dom0");
    fdtw_prop_string(&w, "model", "Xen-style RISC-V dom0");

    fdtw_begin_node(&w, "chosen");
    fdtw_prop_string(&w, "bootargs", bootargs ? bootargs : "");
    fdtw_end_node(&w);

    fdtw_begin_node(&w, "cpus");
    fdtw_prop_u32(&w, "#address-cells", 1);
    fdtw_prop_u32(&w, "#size-cells", 0);
    fdtw_prop_u32(&w, "timebase-frequency", bootinfo.timebase_frequency);
    for ( i = 0; i < d->max_vcpus; i++ )
    {
        char name[16];

        snprintf(name, sizeof(name), "cpu@%u", i);
        fdtw_begin_node(&w, name);
        fdtw_prop_string(&w, "device_type", "cpu");
        fdtw_prop_u32(&w, "reg", i);
        fdtw_prop_string(&w, "status", "okay");
        fdtw_prop_string(&w, "compatible", "riscv");
        fdtw_prop_string(&w, "riscv,isa", isa);
        fdtw_prop_string(&w, "mmu-type", "riscv,sv39");

        fdtw_begin_node(&w, "interrupt-controller");
        fdtw_prop_u32(&w, "#interrupt-cells", 1);
        fdtw_prop_empty(&w, "interrupt-controller");
        fdtw_prop_string(&w, "compatible", "riscv,cpu-intc");
        fdtw_prop_u32(&w, "phandle", i + 1);
        fdtw_end_node(&w);

        fdtw_end_node(&w);
    }
    fdtw_end_node(&w);

    fdtw_begin_node(&w, "memory@80000000");
    fdtw_prop_string(&w, "device_type", "memory");
    fdtw_prop_reg64(&w, GUEST_RAM_BASE, mem);
    fdtw_end_node(&w);

    fdtw_end_node(&w);

    return fdtw_finish(&w);
}

void __init construct_and_start_dom0(void)
{
    const struct bootmodule *kernel = find_kernel_module();
    unsigned long mem = DOM0_MEM_DEFAULT, max_vcpus = 1;
    paddr_t kernel_gpa = GUEST_RAM_BASE + GUEST_KERNEL_OFFSET, dtb_gpa;
    struct domain *d;
    char opt[32];
    int dtb_size;

    if ( !kernel )
    {
        printk("No dom0 kernel: the DTB has no /chosen module with "
               "compatible \"multiboot,kernel\"\n");
        printk("(boot one with -device guest-loader,addr=...,kernel=...)\n");
        printk("Nothing to run: powering off\n");
        machine_power_off(false);
    }

    if ( cmdline_get("dom0_mem", opt, sizeof(opt)) )
        mem = parse_size_and_unit(opt, NULL);
    mem = ROUNDUP(mem, PAGE_SIZE);
    if ( cmdline_get("dom0_max_vcpus", opt, sizeof(opt)) )
        max_vcpus = simple_strtoul(opt, NULL, 0);
    max_vcpus = max(1UL, min(max_vcpus, (unsigned long)nr_cpu_ids));

    if ( mem < DOM0_MEM_MIN )
    {
        printk("dom0_mem=%#lx is too small: using %lu MiB\n", mem,
               DOM0_MEM_MIN >> 20);
        mem = DOM0_MEM_MIN;
    }
    dtb_gpa = GUEST_RAM_BASE + mem - DOM0_DTB_MAX;
    if ( kernel_gpa + kernel->size > dtb_gpa )
        panic("dom0: kernel (%lu bytes) does not fit in %lu MiB of RAM",
              (unsigned long)kernel->size, mem >> 20);

    d = domain_create(0, max_vcpus, DOM0_P2M_POOL_PAGES);
    if ( !d )
        panic("Could not create dom0");
    /* dom0 may grow (populate_physmap) as long as the heap lasts. */
    d->max_pages = ~0UL;

    printk("dom0: %lu vCPU(s), p2m %s, p2m pool %u pages\n", max_vcpus,
           p2m_mode_name(p2m_get_hostp2m(d)->root_level), DOM0_P2M_POOL_PAGES);

    allocate_dom0_memory(d, mem);

    copy_to_guest_phys(d, kernel_gpa,
                       (const void *)(unsigned long)kernel->start,
                       kernel->size);
    printk("dom0: kernel %#lx-%#lx (%lu bytes) loaded at GPA %#lx\n",
           (unsigned long)kernel->start,
           (unsigned long)(kernel->start + kernel->size),
           (unsigned long)kernel->size, (unsigned long)kernel_gpa);

    dtb_size = write_dom0_dtb(d, mem, kernel->bootargs);
    if ( dtb_size < 0 )
        panic("dom0: cannot build its device tree (%d)", dtb_size);
    copy_to_guest_phys(d, dtb_gpa, dom0_dtb, dtb_size);
    printk("dom0: DTB (%d bytes) at GPA %#lx, bootargs \"%s\"\n", dtb_size,
           (unsigned long)dtb_gpa, kernel->bootargs ? kernel->bootargs : "");

    arch_vcpu_init(d->vcpu[0], kernel_gpa, 0, dtb_gpa);
    /* The others stay stopped until dom0 starts them (SBI HSM). */
    d->vcpu[0]->arch.hsm_state = VCPU_HSM_STARTED;

    printk("Starting dom0 (vCPU0 on CPU%u, entry %#lx)\n", smp_processor_id(),
           (unsigned long)kernel_gpa);
    vcpu_run(d->vcpu[0]);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
