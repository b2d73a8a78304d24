/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__SETUP_H
#define ASM__RISCV__SETUP_H

#include <xen/types.h>

/* What the boot DTB told us (filled by boot_fdt_parse()). */

#define NR_MEM_BANKS    8
#define NR_RESERVED     16
#define NR_BOOT_MODULES 4

struct membank {
    paddr_t start;
    paddr_t size;
};

struct bootmodule {
    paddr_t start;
    paddr_t size;
    bool kernel;          /* compatible "multiboot,kernel" */
    bool ramdisk;         /* compatible "multiboot,ramdisk" */
    const char *bootargs; /* in the host DTB, or NULL */
};

struct bootinfo {
    const void *fdt;
    paddr_t fdt_size;

    unsigned int nr_mem;
    struct membank mem[NR_MEM_BANKS];

    /* Firmware reservations, the DTB, the modules and the image itself. */
    unsigned int nr_reserved;
    struct membank reserved[NR_RESERVED];

    unsigned int nr_modules;
    struct bootmodule modules[NR_BOOT_MODULES];

    const char *cmdline;

    /* Harts from /cpus, in DTB order, and what they share. */
    unsigned int nr_harts;
    unsigned long hartids[CONFIG_NR_CPUS];
    uint32_t timebase_frequency;
    bool has_sstc;
    bool has_svpbmt;
    bool has_h;
    /* riscv,isa of the boot hart, the base of what dom0 is told. */
    const char *isa;

    paddr_t sifive_test;
};

extern struct bootinfo bootinfo;

void boot_fdt_parse(const void *fdt, unsigned long boot_hartid);
void bootinfo_add_reserved(paddr_t start, paddr_t size);

/* A module's bootargs option's value ("name=value"), or NULL; "" if bare. */
const char *bootargs_get(const char *args, const char *name, char *buf,
                         size_t size);

/* Per-hart hypervisor CSR set-up (delegation, counters, Sstc). */
void hyp_cpu_init(void);
void trap_init(void);

/* G-stage mode and VMID probing (gstage.c, vmid.c). */
void gstage_mode_init(void);
unsigned long gstage_hgatp_mode(unsigned int root_level);
unsigned int gstage_parse_mode(const char *name);
void vmid_init(void);

/* Secondary hart entry, from head.S. */
void start_secondary(unsigned int cpu);
void start_xen(unsigned long boot_hartid, const void *fdt);

/* Whether this hart runs with henvcfg.STCE (the guest uses vstimecmp). */
extern bool hyp_sstc_enabled;

/* Build dom0 from the multiboot,kernel module, enter it; no return. */
void construct_and_start_dom0(void) __attribute__((__noreturn__));

/*
 * Build a domain from the domU boot module and start it (dom0's
 * domain_create debug sub-op), with id domid (DOMID_ANY: the next free
 * one); its domid or -errno.
 */
long domain_create_from_module(domid_t domid);

struct domain;

/*
 * d's vCPUs are off their CPUs for good (arch_domain_stopped()): if d is
 * the boot domU, how it ended is recorded for dom0's poweroff.
 */
void domain_build_note_stopped(struct domain *d);

/*
 * dom0 is powering off: wait (bounded) for the boot domU to finish, and
 * say whether it failed (crashed, reported a system failure, never
 * finished, or either domain mapped a frame not its own), which makes the
 * run a failure.
 */
bool domain_hold_dom0_poweroff(struct domain *dom0);

extern char _start[], _end[], secondary_start[];

#endif /* ASM__RISCV__SETUP_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
