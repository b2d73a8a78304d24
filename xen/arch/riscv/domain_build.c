/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building the boot domains (design/guest-abi.md, "Boot"): RAM at GPA
 * 0x80000000 backed by the largest aligned machine chunks the heap has,
 * a multiboot,kernel module copied to GPA 0x80200000, and a device tree
 * describing the domain near the top of its RAM.  vCPU0 then enters the
 * kernel the way Linux expects: a0 = vCPU id, a1 = DTB GPA, vsatp = 0.
 *
 * The first multiboot,kernel module is dom0's.  A second one, if there
 * is one, becomes domU d1: one vCPU on the first CPU after dom0's, its
 * own p2m and VMID, domU_mem of RAM, and no way to reach dom0 (memory_op
 * only ever acts on the caller).  dom0's poweroff waits for d1 to finish
 * (domain_hold_dom0_poweroff()), so that one run judges both.
 */

#include <xen/device_tree.h>
#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/fdt_write.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/xmalloc.h>
#include <asm/csr.h>
#include <asm/domain.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <public/arch-riscv.h>
#include <public/sched.h>
#include <public/xen.h>

#define MB(x) ((unsigned long)(x) << 20)
#define GB(x) ((unsigned long)(x) << 30)

/* The most a default-sized dom0 leaves to the hypervisor. */
#define DOM0_RESERVE_MAX MB(128)
#define DOMU_MEM_DEFAULT MB(256)
#define GUEST_MEM_MIN    MB(4)
/* Enough p2m tables to map even 4 GiB of dom0 RAM with 4 KiB pages. */
#define DOM0_P2M_POOL_PAGES 2048
/*
 * A domU's p2m pool: one table per 2 MiB of RAM (all of it mapped with
 * 4 KiB pages at worst) and 64 pages for the upper levels and for what
 * the domain itself splits or adds in holes.
 */
#define DOMU_P2M_POOL_PAGES(mem) (((mem) >> 21) + 64)
#define DOMU_MEM_MAX             GB(2)
/*
 * Pages a domU may populate beyond its boot RAM (holes it punched are
 * refilled within its boot allowance): 4 MiB, enough for a 2 MiB extent
 * in a hole, far too little to take memory from dom0.
 */
#define DOMU_EXTRA_PAGES 1024
/* Room for a domain's DTB at the top of its RAM. */
#define GUEST_DTB_MAX 0x10000UL
/* How long dom0's poweroff waits for domU to finish. */
#define DOMU_WAIT_MS 30000

#define DOMU_ID 1

/* Used for one domain at a time, at boot. */
static uint8_t guest_dtb[GUEST_DTB_MAX] __attribute__((__aligned__(8)));

/*
 * The domU built at boot, if any, until its vCPU stopped for good; then
 * how it ended, for dom0's poweroff (domain_hold_dom0_poweroff()).  It
 * may have been destroyed long before (it destroys itself when it shuts
 * down), so what the poweroff needs is taken while it is still whole
 * (domain_build_note_stopped(), under domain_kill()'s lock).  ended is
 * set last, with release.
 */
static struct domain *domu;
static struct {
    bool built;
    bool ended;
    bool by_dom0; /* destroyed by dom0 before it ended on its own */
    bool crashed;
    unsigned int code;         /* SHUTDOWN_* */
    unsigned long frames, bad; /* RAM frames its p2m mapped; not its own */
} domu_end;

/*
 * The CPU a domain built on demand runs its vCPU on (the first one dom0
 * does not use), and the id of the domain that last had that CPU (the
 * boot domU, or the last one built on demand), which must be gone before
 * the next one can take the CPU.  Under domu_build_lock, which also
 * guards guest_dtb.
 */
static DEFINE_SPINLOCK(domu_build_lock);
static unsigned int domu_cpu;
static domid_t domu_cpu_owner = DOMID_INVALID;

/*
 * The n-th multiboot,kernel module by load address (0: dom0's, 1:
 * domU's), or NULL.  By address rather than by DTB order: QEMU puts the
 * guest-loader nodes in the DTB in the reverse of their command-line
 * order, and the lowest address is the order one asks for anyway.
 */
static const struct bootmodule *find_kernel_module(unsigned int n)
{
    const struct bootmodule *found = NULL;
    paddr_t above = 0;
    unsigned int i, k;

    for ( k = 0; k <= n; k++ )
    {
        found = NULL;
        for ( i = 0; i < bootinfo.nr_modules; i++ )
        {
            const struct bootmodule *m = &bootinfo.modules[i];

            if ( m->kernel && (k == 0 || m->start > above) &&
                 (!found || m->start < found->start) )
                found = m;
        }
        if ( !found )
            return NULL;
        above = found->start;
    }

    return found;
}

/*
 * Back [GUEST_RAM_BASE, + size) with the largest chunks the heap has:
 * 1 GiB, then 2 MiB, then 4 KiB.  GUEST_RAM_BASE is 1 GiB aligned and
 * the chunks go in decreasing size, so each GFN is as aligned as its
 * chunk and the p2m can map every chunk with one leaf.  On failure what
 * was allocated stays the domain's, for the caller to free.
 */
static int allocate_guest_memory(struct domain *d, const char *name,
                                 unsigned long size)
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
            {
                printk("%s: mapping GFN %#lx (+%lu pages) failed: %d\n", name,
                       gfn, nr, rc);
                return rc;
            }

            gfn += nr;
            left -= nr;
            count[i]++;
        }
    }

    if ( left )
    {
        printk("%s: not enough memory for %lu MiB (%lu MiB short)\n", name,
               size >> 20, left >> (20 - PAGE_SHIFT));
        return -ENOMEM;
    }

    printk("%s: %lu MiB RAM at %#lx: %lu x 1 GiB, %lu x 2 MiB, "
           "%lu x 4 KiB chunks\n",
           name, size >> 20, GUEST_RAM_BASE, count[0], count[1], count[2]);

    return 0;
}

/* Copy into a domain's RAM through its p2m, one machine frame at a time. */
static int copy_to_guest_phys(struct domain *d, paddr_t gpa, const void *src,
                              unsigned long len)
{
    while ( len )
    {
        unsigned long off = gpa & ~PAGE_MASK;
        unsigned long chunk = min(len, PAGE_SIZE - off);
        p2m_type_t t;
        mfn_t mfn = p2m_lookup(d, gaddr_to_gfn(gpa), &t);
        uint8_t *p;

        if ( mfn_eq(mfn, INVALID_MFN) || !p2m_is_ram(t) )
        {
            printk("d%u: GPA %#lx is not RAM\n", d->domain_id,
                   (unsigned long)gpa);
            return -EINVAL;
        }

        p = map_domain_page(mfn);
        memcpy(p + off, src, chunk);
        unmap_domain_page(p);

        gpa += chunk;
        src = (const uint8_t *)src + chunk;
        len -= chunk;
    }

    return 0;
}

/*
 * dom0's riscv,isa: the boot hart's, minus what the guest cannot use:
 * the H extension, Sstc unless henvcfg.STCE is on, Svpbmt (henvcfg.PBMTE
 * stays off).
 */
static void dom0_isa_string(char *buf, size_t size)
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

/*
 * The board's ns16550 UART, passed through to dom0 1:1 (GPA = PA) as
 * p2m_mmio_direct_io, so that a dom0 that knows no SBI console (U-Boot, a
 * distribution kernel) can drive it.  The hypervisor's own console goes
 * through SBI and never touches the UART itself.  Polling only: the UART's
 * interrupt is not virtualised, so its node carries none.
 */
static struct {
    bool present;
    paddr_t base, size;
    uint32_t clock;
    char name[32];
} dom0_uart;

static int __init map_dom0_uart(struct domain *d)
{
    const void *fdt = bootinfo.fdt;
    int node = dt_find_compatible(fdt, -1, "ns16550a");
    uint64_t base, size;
    int rc;

    if ( node < 0 )
    {
        printk("dom0: no ns16550a UART in the device tree: none passed "
               "through\n");
        return 0;
    }
    if ( !dt_get_reg(fdt, dt_parent(fdt, node), node, 0, &base, &size) ||
         !size || (base & ~PAGE_MASK) )
    {
        printk("dom0: UART %s: unusable reg: not passed through\n",
               dt_node_name(fdt, node));
        return 0;
    }
    size = ROUNDUP(size, PAGE_SIZE);

    rc = map_regions_p2mt(d, gaddr_to_gfn(base), size >> PAGE_SHIFT,
                          maddr_to_mfn(base), p2m_mmio_direct_io);
    if ( rc )
    {
        printk("dom0: UART at %#lx: mapping failed (%d)\n", (unsigned long)base,
               rc);
        return rc;
    }

    dom0_uart.present = true;
    dom0_uart.base = base;
    dom0_uart.size = size;
    dom0_uart.clock = dt_get_u32(fdt, node, "clock-frequency", 0);
    snprintf(dom0_uart.name, sizeof(dom0_uart.name), "serial@%lx",
             (unsigned long)base);
    printk("dom0: UART %s passed through at GPA %#lx (+%#lx, MMIO%s)\n",
           dt_node_name(fdt, node), (unsigned long)base, (unsigned long)size,
           p2m_use_pbmt ? ", PBMT IO" : "");

    return 0;
}

/* dom0's device nodes: what map_dom0_uart() passed through. */
static void write_dom0_devices(struct fdt_writer *w)
{
    if ( !dom0_uart.present )
        return;

    fdtw_begin_node(w, dom0_uart.name);
    fdtw_prop_string(w, "compatible", "ns16550a");
    fdtw_prop_reg64(w, dom0_uart.base, dom0_uart.size);
    if ( dom0_uart.clock )
        fdtw_prop_u32(w, "clock-frequency", dom0_uart.clock);
    fdtw_end_node(w);
}

static int write_guest_dtb(const struct domain *d, unsigned long mem,
                           const char *bootargs)
{
    struct fdt_writer w;
    char isa[128];
    unsigned int i;

    dom0_isa_string(isa, sizeof(isa));

    fdtw_init(&w, guest_dtb, sizeof(guest_dtb));
    fdtw_begin_node(&w, "");
    fdtw_prop_u32(&w, "#address-cells", 2);
    fdtw_prop_u32(&w, "#size-cells", 2);
    fdtw_prop_string(&w, "compatible",
                     d->domain_id ? "xen,riscv-domu" : "xen,riscv-dom0");
    fdtw_prop_string(&w, "model",
                     d->domain_id ? "Xen-style RISC-V domU"
                                  : "Xen-style RISC-V dom0");

    fdtw_begin_node(&w, "chosen");
    fdtw_prop_string(&w, "bootargs", bootargs ? bootargs : "");
    if ( !d->domain_id && dom0_uart.present )
    {
        char path[40];

        snprintf(path, sizeof(path), "/%s", dom0_uart.name);
        fdtw_prop_string(&w, "stdout-path", path);
    }
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

    if ( !d->domain_id )
        write_dom0_devices(&w);

    fdtw_end_node(&w);

    return fdtw_finish(&w);
}

/*
 * RAM, kernel and DTB of a boot domain, and its vCPU0 ready to enter the
 * kernel.  The caller decides what a failure means (dom0: panic; domU:
 * not run).
 */
static int build_guest(struct domain *d, const char *name,
                       const struct bootmodule *kernel, unsigned long mem)
{
    paddr_t kernel_gpa = GUEST_RAM_BASE + GUEST_KERNEL_OFFSET;
    paddr_t dtb_gpa = GUEST_RAM_BASE + mem - GUEST_DTB_MAX;
    int rc, dtb_size;

    if ( kernel_gpa + kernel->size > dtb_gpa )
    {
        printk("%s: kernel (%lu bytes) does not fit in %lu MiB of RAM\n", name,
               (unsigned long)kernel->size, mem >> 20);
        return -ENOMEM;
    }

    rc = allocate_guest_memory(d, name, mem);
    if ( rc )
        return rc;

    rc = copy_to_guest_phys(d, kernel_gpa,
                            (const void *)(unsigned long)kernel->start,
                            kernel->size);
    if ( rc )
        return rc;
    printk("%s: kernel %#lx-%#lx (%lu bytes) loaded at GPA %#lx\n", name,
           (unsigned long)kernel->start,
           (unsigned long)(kernel->start + kernel->size),
           (unsigned long)kernel->size, (unsigned long)kernel_gpa);

    dtb_size = write_guest_dtb(d, mem, kernel->bootargs);
    if ( dtb_size < 0 )
    {
        printk("%s: cannot build its device tree (%d)\n", name, dtb_size);
        return dtb_size;
    }
    rc = copy_to_guest_phys(d, dtb_gpa, guest_dtb, dtb_size);
    if ( rc )
        return rc;
    printk("%s: DTB (%d bytes) at GPA %#lx, bootargs \"%s\"\n", name, dtb_size,
           (unsigned long)dtb_gpa, kernel->bootargs ? kernel->bootargs : "");

    arch_vcpu_init(d->vcpu[0], kernel_gpa, 0, dtb_gpa);

    return 0;
}

/* dom0_mem=, domU_mem=: RAM sizes; 0 when not given. */
static unsigned long __initdata opt_dom0_mem;
size_param("dom0_mem", opt_dom0_mem);
static unsigned long opt_domu_mem;
size_param("domU_mem", opt_domu_mem);
/* dom0_p2m_mode=: dom0's own G-stage mode (as p2m_mode=); "" for the cap. */
static char __initdata opt_dom0_p2m_mode[16];
string_param("dom0_p2m_mode", opt_dom0_p2m_mode);
/*
 * domU_on_demand: do not build the domU module at boot; dom0 builds (and
 * destroys) domains from it with the debug interface's domain_create.
 */
static bool __initdata opt_domu_on_demand;
boolean_param("domU_on_demand", opt_domu_on_demand);
/* dom0_max_vcpus=: dom0's vCPUs (1 when not given), at most one per CPU. */
static unsigned int __initdata opt_dom0_max_vcpus;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

/* A RAM size option's value (0: not given), at least GUEST_MEM_MIN. */
static unsigned long guest_mem_option(const char *opt_name, unsigned long mem)
{
    if ( !mem )
        return 0;

    mem = ROUNDUP(mem, PAGE_SIZE);
    if ( mem < GUEST_MEM_MIN )
    {
        printk("%s=%luK is too small: using %lu MiB\n", opt_name, mem >> 10,
               GUEST_MEM_MIN >> 20);
        mem = GUEST_MEM_MIN;
    }

    return mem;
}

/* domU's RAM: domU_mem, or its default, at most DOMU_MEM_MAX. */
static unsigned long domu_mem_size(void)
{
    unsigned long mem = guest_mem_option("domU_mem", opt_domu_mem);

    if ( !mem )
        return DOMU_MEM_DEFAULT;
    if ( mem > DOMU_MEM_MAX )
    {
        printk("domU_mem=%luM is too large: using %lu MiB\n", mem >> 20,
               DOMU_MEM_MAX >> 20);
        mem = DOMU_MEM_MAX;
    }

    return mem;
}

/*
 * dom0's RAM, once dom0's p2m pool is allocated.  What the heap can give
 * is what is free, less what the hypervisor keeps back for later (a
 * sixteenth, at most DOM0_RESERVE_MAX, as Xen does on x86) and less what
 * a domU module will need.  No dom0_mem: all of that.  A dom0_mem larger
 * than that is clamped to it, with a warning naming both sizes.  Sizes
 * are whole 2 MiB blocks, so that the p2m keeps its superpages.
 */
static unsigned long __init dom0_mem_size(void)
{
    unsigned long avail = avail_domheap_pages() << PAGE_SHIFT;
    unsigned long reserve = min(avail / 16, DOM0_RESERVE_MAX);
    unsigned long domu = 0, fit, mem;

    if ( find_kernel_module(1) )
    {
        unsigned long domu_mem = domu_mem_size();

        domu = domu_mem + (DOMU_P2M_POOL_PAGES(domu_mem) << PAGE_SHIFT);
    }
    fit = avail > reserve + domu ? avail - reserve - domu : 0;
    fit &= ~(MB(2) - 1);

    mem = guest_mem_option("dom0_mem", opt_dom0_mem);
    if ( !mem )
    {
        printk("dom0: no dom0_mem: %lu MiB of the %lu MiB free (keeping "
               "%lu MiB%s)\n",
               fit >> 20, avail >> 20, reserve >> 20,
               domu ? " and domU's" : "");
        mem = fit;
    }
    else if ( mem > fit )
    {
        printk("dom0: WARNING: dom0_mem=%luM is more than the %lu MiB "
               "available (%lu MiB free, %lu MiB kept%s): using %lu MiB\n",
               mem >> 20, fit >> 20, avail >> 20, reserve >> 20,
               domu ? ", domU's too" : "", fit >> 20);
        mem = fit;
    }

    return mem;
}

/*
 * The G-stage GPA width (xen_arch_domainconfig.gaddr_bits) of a domain
 * whose mode was asked for as mode ("sv39x4", ..., or NULL for none):
 * each domain has its own, within the hardware and configuration limit.
 * A mode that is unknown or above the limit falls back to the limit.
 */
static uint8_t guest_gaddr_bits(const char *name, const char *mode)
{
    unsigned int max = max_gstage_mode->paging_levels, level = max;

    if ( mode )
    {
        level = gstage_parse_mode(mode);
        if ( !level || level > max )
        {
            printk("%s: p2m mode \"%s\" is not available: using %s\n", name,
                   mode, p2m_mode_name(max));
            level = max;
        }
    }

    return P2M_GPA_BITS(level);
}

/*
 * Undo a domU that could not be built (it never ran): its pages go back
 * to the heap, then its p2m and the domain itself.  Blocks sit on the
 * page list in allocation order, head page first, so the list's first
 * page always heads a block of the order recorded in it.
 */
static void __init destroy_unbuilt_domain(struct domain *d)
{
    unsigned long pages = d->tot_pages;
    unsigned int i;

    while ( !page_list_empty(&d->page_list) )
    {
        struct page_info *pg = page_list_first(&d->page_list);

        free_domheap_pages(pg, pg->order);
    }
    domain_list_del(d);
    p2m_teardown(d);
    domid_free(d->domain_id);
    for ( i = 0; i < d->max_vcpus; i++ )
        xfree(d->vcpu[i]);
    xfree(d);

    printk("d1: not built: %lu pages back to the heap, dom0 runs alone\n",
           pages);
}

/*
 * Build domU d1 from the second multiboot,kernel module, if there is
 * one, and start its vCPU on CPU cpu (the first one dom0 does not use).
 * Nothing here is fatal: dom0 runs either way.
 */
static void __init construct_and_start_domu(unsigned int cpu)
{
    const struct bootmodule *kernel = find_kernel_module(1);
    struct xen_domctl_createdomain config = { .max_vcpus = 1 };
    unsigned long mem;
    struct domain *d;
    struct vcpu *v;
    char opt[16];

    if ( !kernel )
        return;

    if ( cpu >= nr_cpu_ids || !cpumask_test_cpu(cpu, &cpu_online_map) )
    {
        printk("d1: not built: no free CPU for its vCPU (dom0 uses CPU0-%u, "
               "CPU%u %s; give QEMU more -smp or dom0 fewer vCPUs)\n",
               cpu - 1, cpu,
               cpu >= nr_cpu_ids ? "does not exist" : "is not up");
        return;
    }

    mem = domu_mem_size();

    /*
     * The first id after dom0's, from the allocator as any later domain's,
     * so that the domains dom0 builds next do not reuse it at once.
     */
    if ( domid_alloc(DOMID_ANY) != DOMU_ID )
        panic("d1: domain id %u is taken at boot", DOMU_ID);

    /* Its module's bootargs may choose its mode, as mmu-type=sv39x4. */
    config.arch.gaddr_bits = guest_gaddr_bits(
        "d1", bootargs_get(kernel->bootargs, "mmu-type", opt, sizeof(opt)));
    d = domain_create(DOMU_ID, &config, DOMU_P2M_POOL_PAGES(mem));
    if ( !d )
    {
        domid_free(DOMU_ID);
        printk("d1: not built: domain_create failed\n");
        return;
    }
    d->arch.first_cpu = cpu;
    d->max_pages = (mem >> PAGE_SHIFT) + DOMU_EXTRA_PAGES;

    printk("d1: 1 vCPU on CPU%u, p2m %s, p2m pool %lu pages, max %lu pages\n",
           cpu, p2m_mode_name(P2M_ROOT_LEVEL(p2m_get_hostp2m(d))),
           DOMU_P2M_POOL_PAGES(mem), d->max_pages);

    if ( build_guest(d, "d1", kernel, mem) )
    {
        destroy_unbuilt_domain(d);
        return;
    }

    /* Published before d1 runs: dom0's poweroff looks at it. */
    domu = d;
    domu_end.built = true;
    domu_cpu_owner = DOMU_ID;
    smp_mb();

    v = d->vcpu[0];
    __atomic_store_n(&v->arch.hsm_state, VCPU_HSM_START_PENDING,
                     __ATOMIC_RELEASE);
    printk("d1: starting vCPU0 on CPU%u\n", cpu);
    smp_start_vcpu(cpu, v);
}

/*
 * Build a domain from the domU module, as the boot domU is built, and
 * start its vCPU on domu_cpu.  domid is the id it must have, or
 * DOMID_ANY.  Returns its id, or -ENOENT (no module), -EEXIST (that id
 * is in use or reserved), -EBUSY (the CPU still has a domain, the boot
 * domU or the last one built, alive or being destroyed; or there is no
 * CPU for it), -ENOSPC (every id is in use), -ENOMEM.
 */
long domain_create_from_module(domid_t domid)
{
    const struct bootmodule *kernel = find_kernel_module(1);
    struct xen_domctl_createdomain config = { .max_vcpus = 1 };
    unsigned long mem = domu_mem_size();
    char opt[16], name[8];
    struct domain *d;
    struct vcpu *v;
    domid_t id;
    long rc;

    if ( !kernel )
        return -ENOENT;
    if ( domu_cpu >= nr_cpu_ids ||
         !cpumask_test_cpu(domu_cpu, &cpu_online_map) )
        return -EBUSY;

    spin_lock(&domu_build_lock);

    /*
     * An id asked for is checked first, as Xen's createdomain does (a
     * taken one is -EEXIST); the next free one is taken only once the
     * domain can be built, so that refused attempts do not use up ids.
     */
    id = domid;
    if ( id != DOMID_ANY && domid_alloc(id) == DOMID_INVALID )
    {
        rc = -EEXIST;
        goto out;
    }
    if ( domu_cpu_owner != DOMID_INVALID && domain_find(domu_cpu_owner) )
    {
        if ( id != DOMID_ANY )
            domid_free(id);
        rc = -EBUSY;
        goto out;
    }
    if ( id == DOMID_ANY )
    {
        id = domid_alloc(DOMID_ANY);
        if ( id == DOMID_INVALID )
        {
            rc = -ENOSPC;
            goto out;
        }
    }
    snprintf(name, sizeof(name), "d%u", id);

    config.arch.gaddr_bits = guest_gaddr_bits(
        name, bootargs_get(kernel->bootargs, "mmu-type", opt, sizeof(opt)));
    d = domain_create(id, &config, DOMU_P2M_POOL_PAGES(mem));
    if ( !d )
    {
        domid_free(id);
        rc = -ENOMEM;
        goto out;
    }
    d->arch.first_cpu = domu_cpu;
    d->max_pages = (mem >> PAGE_SHIFT) + DOMU_EXTRA_PAGES;

    rc = build_guest(d, name, kernel, mem);
    if ( rc )
    {
        /* It never ran: each step is quick, and nothing else waits. */
        while ( domain_kill(d) == -ERESTART )
            cpu_relax();
        goto out;
    }

    domu_cpu_owner = id;
    v = d->vcpu[0];
    __atomic_store_n(&v->arch.hsm_state, VCPU_HSM_START_PENDING,
                     __ATOMIC_RELEASE);
    printk("%s: built on demand, starting vCPU0 on CPU%u\n", name, domu_cpu);
    smp_start_vcpu(domu_cpu, v);
    rc = id;

 out:
    spin_unlock(&domu_build_lock);

    return rc;
}

void __init construct_and_start_dom0(void)
{
    const struct bootmodule *kernel = find_kernel_module(0);
    struct xen_domctl_createdomain config = {};
    unsigned long mem, max_vcpus = 1;
    struct domain *d;

    if ( !kernel )
    {
        printk("No dom0 kernel: the DTB has no /chosen module with "
               "compatible \"multiboot,kernel\"\n");
        printk("(boot one with -device guest-loader,addr=...,kernel=...)\n");
        printk("Nothing to run: powering off (failure)\n");
        machine_power_off(true);
    }

    if ( opt_dom0_max_vcpus )
        max_vcpus = opt_dom0_max_vcpus;
    if ( max_vcpus > nr_cpu_ids )
    {
        printk("dom0_max_vcpus=%lu: only %u CPU(s): using %u\n", max_vcpus,
               nr_cpu_ids, nr_cpu_ids);
        max_vcpus = nr_cpu_ids;
    }

    config.max_vcpus = max_vcpus;
    config.arch.gaddr_bits = guest_gaddr_bits(
        "dom0", opt_dom0_p2m_mode[0] ? opt_dom0_p2m_mode : NULL);
    if ( domid_alloc(0) != 0 )
        panic("dom0: domain id 0 is taken at boot");
    d = domain_create(0, &config, DOM0_P2M_POOL_PAGES);
    if ( !d )
        panic("Could not create dom0");
    /* dom0 may grow (populate_physmap) as long as the heap lasts. */
    d->max_pages = ~0UL;

    printk("dom0: %lu vCPU(s), p2m %s, p2m pool %u pages\n", max_vcpus,
           p2m_mode_name(P2M_ROOT_LEVEL(p2m_get_hostp2m(d))),
           DOM0_P2M_POOL_PAGES);

    if ( map_dom0_uart(d) )
        panic("Could not map dom0's devices");

    mem = dom0_mem_size();
    if ( mem < GUEST_MEM_MIN )
        panic("dom0: only %lu MiB of RAM left for it (at least %lu MiB)",
              mem >> 20, GUEST_MEM_MIN >> 20);

    if ( build_guest(d, "dom0", kernel, mem) )
        panic("Could not build dom0");
    /* The others stay stopped until dom0 starts them (SBI HSM). */
    d->vcpu[0]->arch.hsm_state = VCPU_HSM_STARTED;

    d->is_privileged = true;

    /* After dom0's RAM, so that dom0 gets the largest chunks. */
    domu_cpu = max_vcpus;
    if ( opt_domu_on_demand )
        printk("domU module: kept for dom0 to build domains from "
               "(domU_on_demand)\n");
    else
        construct_and_start_domu(max_vcpus);

    printk("Starting dom0 (vCPU0 on CPU%u, entry %#lx)\n", smp_processor_id(),
           (unsigned long)(GUEST_RAM_BASE + GUEST_KERNEL_OFFSET));
    vcpu_run(d->vcpu[0]);
}

/*
 * Every RAM frame a domain's p2m maps must be one of its own pages.  The
 * allocator and memory_op make it so; checking it again once both
 * domains are done turns a frame that leaked from one domain into the
 * other's p2m into a failed run.  Walks the whole GPA space leaf by leaf
 * (holes are skipped at the level they are found).  Returns how many
 * mapped RAM frames are not d's; *checked gets how many were looked at.
 */
static unsigned long count_foreign_frames(struct domain *d,
                                          unsigned long *checked)
{
    struct p2m_domain *p2m = p2m_get_hostp2m(d);
    unsigned long limit = 1UL
                          << (P2M_GPA_BITS(P2M_ROOT_LEVEL(p2m)) - PAGE_SHIFT);
    unsigned long gfn = 0, bad = 0;

    *checked = 0;
    p2m_read_lock(p2m);
    while ( gfn < limit )
    {
        unsigned int order;
        p2m_type_t t;
        mfn_t mfn = p2m_get_entry(p2m, _gfn(gfn), &t, NULL, &order, NULL);
        unsigned long next = (gfn | ((1UL << order) - 1)) + 1;
        unsigned long i;

        if ( !mfn_eq(mfn, INVALID_MFN) && p2m_is_ram(t) )
        {
            for ( i = 0; i < next - gfn; i++ )
            {
                mfn_t m = mfn_add(mfn, i);

                if ( !mfn_valid(m) || page_get_owner(mfn_to_page(m)) != d )
                    bad++;
            }
            *checked += next - gfn;
        }
        gfn = next;
    }
    p2m_read_unlock(p2m);

    return bad;
}

void domain_build_note_stopped(struct domain *d)
{
    if ( !d || d != domu )
        return;

    domu_end.by_dom0 = !d->self_destroy;
    domu_end.crashed = d->is_dying;
    domu_end.code = d->shutdown_code;
    /* Its p2m is about to go: look at it now. */
    domu_end.bad = count_foreign_frames(d, &domu_end.frames);
    domu = NULL;
    __atomic_store_n(&domu_end.ended, true, __ATOMIC_RELEASE);
}

/*
 * Both boot domains map only their own frames (so never each other's):
 * dom0's p2m as it is now, d1's as it was when d1 stopped.
 */
static bool check_frame_ownership(struct domain *d0)
{
    unsigned long n0, bad0 = count_foreign_frames(d0, &n0);

    if ( bad0 || domu_end.bad )
    {
        printk("d1: frame ownership: %lu of dom0's %lu mapped RAM frames and "
               "%lu of d1's %lu are not the domain's own: failure\n",
               bad0, n0, domu_end.bad, domu_end.frames);
        return false;
    }
    printk("d1: frame ownership: dom0 maps %lu RAM frames, d1 %lu, each only "
           "its own\n",
           n0, domu_end.frames);

    return true;
}

/*
 * dom0 asked to power off: the run ends, but a domU still running is
 * part of it.  Wait (bounded) until it has shut down or crashed, and
 * tell the caller whether it failed: crashed, shut down with "system
 * failure" (how the test guest reports failed checks), still running at
 * the deadline, or either domain mapping a frame that is not its own.
 * d1 is destroyed when it shuts down, so all of this is read from what
 * domain_build_note_stopped() kept, never from d1 itself.
 */
bool domain_hold_dom0_poweroff(struct domain *dom0)
{
    unsigned long tb = bootinfo.timebase_frequency ?: 10000000;
    unsigned long start = csr_read(time);
    unsigned long timeout = tb / 1000 * DOMU_WAIT_MS;
    bool failed;

    if ( !domu_end.built )
        return false;

    if ( !__atomic_load_n(&domu_end.ended, __ATOMIC_ACQUIRE) )
    {
        printk("d1: still running: dom0's poweroff waits for it (up to %u "
               "s)\n",
               DOMU_WAIT_MS / 1000);
        while ( !__atomic_load_n(&domu_end.ended, __ATOMIC_ACQUIRE) )
        {
            if ( csr_read(time) - start > timeout )
            {
                printk("d1: did not shut down within %u s: failure\n",
                       DOMU_WAIT_MS / 1000);
                return true;
            }
            cpu_relax();
        }
    }

    if ( domu_end.by_dom0 )
    {
        printk("d1: destroyed by dom0\n");
        return false;
    }

    failed = domu_end.crashed || domu_end.code != SHUTDOWN_poweroff;
    printk("d1: %s (shutdown code %u): %s\n",
           domu_end.crashed ? "crashed" : "shut down", domu_end.code,
           failed ? "failure" : "success");

    if ( !check_frame_ownership(dom0) )
        failed = true;

    return failed;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
