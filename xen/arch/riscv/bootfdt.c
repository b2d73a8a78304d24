/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the hypervisor needs from the DTB it booted with: RAM, what must
 * not be handed to the heap, the harts, the command line, the dom0
 * modules (QEMU's guest-loader: /chosen/module@... with compatible
 * "multiboot,kernel") and the sifive,test device used to power off.
 */

#include <xen/device_tree.h>
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <asm/setup.h>

struct bootinfo bootinfo;

void bootinfo_add_reserved(paddr_t start, paddr_t size)
{
    if ( !size )
        return;
    if ( bootinfo.nr_reserved == NR_RESERVED )
        panic("Too many reserved memory regions in the DTB (max %u)",
              NR_RESERVED);
    bootinfo.reserved[bootinfo.nr_reserved].start = start;
    bootinfo.reserved[bootinfo.nr_reserved].size = size;
    bootinfo.nr_reserved++;
}

static void parse_memory(const void *fdt, int root)
{
    int node;

    dt_for_each_child(fdt, root, node)
    {
        uint64_t addr, size;
        unsigned int i;

        if ( !dt_prop_has_string(fdt, node, "device_type", "memory") )
            continue;
        if ( dt_prop_has_string(fdt, node, "status", "disabled") )
            continue;

        for ( i = 0; dt_get_reg(fdt, root, node, i, &addr, &size); i++ )
        {
            if ( bootinfo.nr_mem == NR_MEM_BANKS )
            {
                printk("Ignoring RAM bank %#lx-%#lx: too many banks\n",
                       (unsigned long)addr, (unsigned long)(addr + size));
                continue;
            }
            bootinfo.mem[bootinfo.nr_mem].start = addr;
            bootinfo.mem[bootinfo.nr_mem].size = size;
            bootinfo.nr_mem++;
        }
    }
}

static void parse_reserved(const void *fdt)
{
    int rsv = dt_path_offset(fdt, "/reserved-memory");
    uint64_t addr, size;
    unsigned int i;
    int node;

    /* The header's memory reservation block, then /reserved-memory. */
    for ( i = 0; dt_get_rsvmap(fdt, i, &addr, &size); i++ )
        bootinfo_add_reserved(addr, size);

    if ( rsv < 0 )
        return;

    dt_for_each_child(fdt, rsv,
                      node) for ( i = 0;
                                  dt_get_reg(fdt, rsv, node, i, &addr, &size);
                                  i++ ) bootinfo_add_reserved(addr, size);
}

static void parse_chosen(const void *fdt)
{
    int chosen = dt_path_offset(fdt, "/chosen");
    int node;

    if ( chosen < 0 )
        return;

    bootinfo.cmdline = dt_get_prop(fdt, chosen, "bootargs", NULL);

    dt_for_each_child(fdt, chosen, node)
    {
        struct bootmodule *m;
        uint64_t addr, size;

        if ( !dt_node_is_compatible(fdt, node, "multiboot,module") &&
             !dt_node_is_compatible(fdt, node, "multiboot,kernel") &&
             !dt_node_is_compatible(fdt, node, "multiboot,ramdisk") )
            continue;
        if ( !dt_get_reg(fdt, chosen, node, 0, &addr, &size) )
        {
            printk("Ignoring module %s: no usable reg\n",
                   dt_node_name(fdt, node));
            continue;
        }
        if ( bootinfo.nr_modules == NR_BOOT_MODULES )
        {
            printk("Ignoring module %s: too many modules\n",
                   dt_node_name(fdt, node));
            continue;
        }

        m = &bootinfo.modules[bootinfo.nr_modules++];
        m->start = addr;
        m->size = size;
        m->kernel = dt_node_is_compatible(fdt, node, "multiboot,kernel");
        m->ramdisk = dt_node_is_compatible(fdt, node, "multiboot,ramdisk");
        m->bootargs = dt_get_prop(fdt, node, "bootargs", NULL);
        bootinfo_add_reserved(addr, size);
    }
}

/* Whether an ISA string names an extension: "..._sstc_..." or a letter. */
static bool isa_has_ext(const char *isa, const char *ext)
{
    size_t len = strlen(ext);
    const char *p;

    if ( len == 1 )
    {
        /* Single letters live in the base part, after "rv64". */
        if ( strncmp(isa, "rv64", 4) )
            return false;
        for ( p = isa + 4; *p && *p != '_'; p++ )
            if ( *p == ext[0] )
                return true;
        return false;
    }

    for ( p = strchr(isa, '_'); p; p = strchr(p + 1, '_') )
        if ( !strncmp(p + 1, ext, len) && (p[1 + len] == '_' || !p[1 + len]) )
            return true;

    return false;
}

static bool hart_has_ext(const void *fdt, int cpu, const char *ext)
{
    const char *isa = dt_get_prop(fdt, cpu, "riscv,isa", NULL);

    if ( dt_prop_has_string(fdt, cpu, "riscv,isa-extensions", ext) )
        return true;

    return isa && isa_has_ext(isa, ext);
}

static void parse_cpus(const void *fdt, unsigned long boot_hartid)
{
    int cpus = dt_path_offset(fdt, "/cpus");
    bool first = true, boot_seen = false;
    int node;

    if ( cpus < 0 )
        panic("DTB has no /cpus node");

    bootinfo.timebase_frequency =
        dt_get_u32(fdt, cpus, "timebase-frequency", 0);
    bootinfo.hartids[0] = boot_hartid;
    bootinfo.nr_harts = 1;

    dt_for_each_child(fdt, cpus, node)
    {
        uint64_t hartid, unused;
        bool h, sstc, svpbmt;

        if ( !dt_prop_has_string(fdt, node, "device_type", "cpu") )
            continue;
        if ( !dt_get_reg(fdt, cpus, node, 0, &hartid, &unused) )
            continue;

        if ( !bootinfo.timebase_frequency )
            bootinfo.timebase_frequency =
                dt_get_u32(fdt, node, "timebase-frequency", 0);

        h = hart_has_ext(fdt, node, "h");
        sstc = hart_has_ext(fdt, node, "sstc");
        svpbmt = hart_has_ext(fdt, node, "svpbmt");

        /* What every hart has: a vCPU may run on any of them. */
        bootinfo.has_h = first ? h : bootinfo.has_h && h;
        bootinfo.has_sstc = first ? sstc : bootinfo.has_sstc && sstc;
        bootinfo.has_svpbmt = first ? svpbmt : bootinfo.has_svpbmt && svpbmt;
        first = false;

        if ( hartid == boot_hartid )
        {
            boot_seen = true;
            bootinfo.isa = dt_get_prop(fdt, node, "riscv,isa", NULL);
            continue;
        }
        if ( dt_prop_has_string(fdt, node, "status", "disabled") )
            continue;
        if ( bootinfo.nr_harts == CONFIG_NR_CPUS )
        {
            printk("Hart %lu left stopped: CONFIG_NR_CPUS=%u\n",
                   (unsigned long)hartid, CONFIG_NR_CPUS);
            continue;
        }
        bootinfo.hartids[bootinfo.nr_harts++] = hartid;
    }

    if ( !boot_seen )
        printk("Warning: boot hart %lu is not in /cpus\n", boot_hartid);
}

static void parse_test_device(const void *fdt)
{
    int node = dt_find_compatible(fdt, -1, "sifive,test0");
    uint64_t addr, size;

    if ( node < 0 )
        node = dt_find_compatible(fdt, -1, "sifive,test1");
    if ( node >= 0 &&
         dt_get_reg(fdt, dt_parent(fdt, node), node, 0, &addr, &size) )
    {
        bootinfo.sifive_test = addr;
        sifive_test_addr = addr;
    }
}

void __init boot_fdt_parse(const void *fdt, unsigned long boot_hartid)
{
    int root;

    if ( dt_check_header(fdt) )
        panic("No valid DTB at %p (a1 at entry)", fdt);

    bootinfo.fdt = fdt;
    bootinfo.fdt_size = dt_totalsize(fdt);
    root = dt_root(fdt);

    /* First, so that a panic below can still fail the QEMU run. */
    parse_test_device(fdt);

    parse_memory(fdt, root);
    parse_reserved(fdt);
    parse_chosen(fdt);
    parse_cpus(fdt, boot_hartid);

    bootinfo_add_reserved((unsigned long)fdt, bootinfo.fdt_size);
    bootinfo_add_reserved((unsigned long)_start,
                          (unsigned long)_end - (unsigned long)_start);
}

/*
 * A module's bootargs, "name=value name2 ..." as the command line: the
 * value of option name (the last occurrence wins), "" if bare, or NULL.
 */
const char *bootargs_get(const char *args, const char *name, char *buf,
                         size_t size)
{
    const char *p = args, *found = NULL;
    size_t nlen = strlen(name);

    if ( !p || !size )
        return NULL;

    while ( *p )
    {
        const char *tok;

        while ( *p == ' ' )
            p++;
        tok = p;
        while ( *p && *p != ' ' )
            p++;

        if ( !strncmp(tok, name, nlen) &&
             (tok[nlen] == '=' || tok + nlen == p) )
        {
            const char *v = tok[nlen] == '=' ? tok + nlen + 1 : p;
            size_t len = p - v;

            if ( len >= size )
                len = size - 1;
            memcpy(buf, v, len);
            buf[len] = '\0';
            found = buf;
        }
    }

    return found;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
