/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m test dom0: a bare-metal VS-mode guest that drives the p2m
 * through the hypercall ABI (its own copy, guest-xen-abi.h, not the
 * hypervisor's headers) and checks the result with its own loads and
 * stores and with the p2m debug interface.
 */
#ifndef P2M_GUEST_H
#define P2M_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <guest-xen-abi.h>

#define PAGE_SHIFT     12
#define PAGE_SIZE      (1UL << PAGE_SHIFT)
#define LEVEL_ORDER(l) (9U * (l)) /* pages, as log2 */
#define LEVEL_PAGES(l) (1UL << LEVEL_ORDER(l))
#define ORDER_2M       LEVEL_ORDER(1)
#define ORDER_1G       LEVEL_ORDER(2)
#define PAGES_2M       LEVEL_PAGES(1)
#define PAGES_1G       LEVEL_PAGES(2)

#define INVALID_GFN_MFN (~0UL)

/* Xen errno values, as returned (negated) by hypercalls. */
#define XEN_EPERM  1
#define XEN_ESRCH  3
#define XEN_EBUSY  16
#define XEN_EEXIST 17
#define XEN_ENOENT 2
#define XEN_EFAULT 14
#define XEN_ENOMEM 12
#define XEN_EINVAL 22
#define XEN_ENOSYS 38

/* SBI (legacy console, SRST) and what OpenSBI says to an unknown EID. */
#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x01UL
#define SBI_EXT_SRST                0x53525354UL
#define SBI_SRST_TYPE_SHUTDOWN      0UL
#define SBI_SRST_REASON_NONE        0UL
#define SBI_SRST_REASON_FAILURE     1UL
#define SBI_ERR_NOT_SUPPORTED       (-2L)

/* Access fault causes (scause) the hypervisor reflects G-stage faults as. */
#define CAUSE_FETCH_ACCESS 1UL
#define CAUSE_ILLEGAL_INSN 2UL
#define CAUSE_LOAD_ACCESS  5UL
#define CAUSE_STORE_ACCESS 7UL
#define CAUSE_INTERRUPT    (1UL << 63)

#define csr_read(csr)                                                          \
    ({                                                                         \
        unsigned long v_;                                                      \
        asm volatile("csrr %0, " #csr : "=r"(v_)::"memory");                   \
        v_;                                                                    \
    })

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* lib.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
unsigned long parse_ulong(const char *s, const char **end);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_putc(char c);
void sbi_shutdown(bool failure) __attribute__((noreturn));

/* fdt.c: what the guest learns from its device tree. */
#define MAX_MEM_BANKS 4

struct boot_info {
    unsigned long dtb; /* GPA of the DTB */
    unsigned long dtb_size;
    unsigned int nr_banks;
    unsigned long bank_base[MAX_MEM_BANKS];
    unsigned long bank_size[MAX_MEM_BANKS];
    char bootargs[256];
};

int fdt_parse(unsigned long dtb, struct boot_info *bi);

/* traps.c: catching the access faults a test provokes on purpose. */
struct trap_frame {
    unsigned long regs[32]; /* x0 .. x31, x2 = sp at the trap */
    unsigned long sepc;
};

enum probe_mode {
    PROBE_NONE,   /* every trap is unexpected */
    PROBE_ACCESS, /* one load/store may fault */
    PROBE_FETCH,  /* a call that may fault: back to ra */
    PROBE_BULK,   /* a loop: count faults, go on */
};

struct fault_record {
    unsigned long count;
    unsigned long cause; /* of the first fault */
    unsigned long addr;  /* stval of the first fault */
    unsigned long epc;
};

extern volatile struct fault_record fault_rec;
extern volatile unsigned long unexpected_traps;

void probe_begin(enum probe_mode mode);
void probe_end(void);
unsigned long probe_load(unsigned long addr, unsigned long poison);
void probe_store(unsigned long addr, unsigned long val);
void probe_fetch(unsigned long addr);
void trap_handler(struct trap_frame *f);

/* Provided by main.c: ends the run after an unrecoverable trap. */
void abort_run(const char *why) __attribute__((noreturn));

/* vspt.c: the scenario "vs-pt-walk", reporting through main.c's check(). */
typedef bool (*scenario_check_t)(bool ok, const char *fmt, ...);
void vs_pt_walk(unsigned long base_gfn, scenario_check_t check);

/* start.S */
struct regcheck {
    unsigned long in[32];  /* register values at the ecall */
    unsigned long out[32]; /* register values after it */
};
void hypercall_regcheck(struct regcheck *rc);

extern char _start[], _end[];

/* Hypercalls: ecall with a7 = XEN_HYPERCALL_SBI_EID, a6 = number. */
static inline long hypercall(unsigned long nr, unsigned long a0,
                             unsigned long a1, unsigned long a2,
                             unsigned long a3, unsigned long a4)
{
    register unsigned long r0 asm ( "a0" ) = a0;
    register unsigned long r1 asm ( "a1" ) = a1;
    register unsigned long r2 asm ( "a2" ) = a2;
    register unsigned long r3 asm ( "a3" ) = a3;
    register unsigned long r4 asm ( "a4" ) = a4;
    register unsigned long r6 asm ( "a6" ) = nr;
    register unsigned long r7 asm ( "a7" ) = XEN_HYPERCALL_SBI_EID;

    /*
     * a1..a4 are preserved by the ABI, but a plain SBI implementation
     * (no hypervisor) returns a value in a1, so treat them as clobbered.
     */
    asm volatile ( "ecall"
                   : "+r" (r0), "+r" (r1), "+r" (r2), "+r" (r3), "+r" (r4)
                   : "r" (r6), "r" (r7)
                   : "memory" );

    return r0;
}

static inline long memory_op(unsigned long cmd, const void *arg)
{
    return hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0, 0, 0);
}

static inline long p2m_debug(unsigned long subop, const void *arg)
{
    return hypercall(__HYPERVISOR_arch_0, subop, (unsigned long)arg, 0, 0, 0);
}

#endif /* P2M_GUEST_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
