/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SMP test guest: a bare-metal dom0 with two vCPUs (dom0_max_vcpus >= 2)
 * that checks what the hypervisor gives an SMP guest: SBI HSM (start,
 * status, stop, restart), IPIs between vCPUs, remote fences, and a p2m
 * change made by vCPU0 (a GFN inside a superpage moved to a page with
 * other content) becoming visible to vCPU1, which keeps reading it, and
 * no remote fence for a p2m change while vCPU1 is stopped (its CPU idle).
 * vCPU0 drives; vCPU1 obeys commands in shared memory.  Ends with
 * "smp-test: N passed, M failed" and an SBI shutdown (reason "system
 * failure" if anything failed, so QEMU exits non-zero).
 */

#include <stdint.h>
#include <guest-xen-abi.h>

struct sbiret {
    long error;
    long value;
};

#define SBI_EXT_0_1_PUTCHAR 0x01UL
#define SBI_EXT_IPI         0x735049UL
#define SBI_EXT_RFENCE      0x52464E43UL
#define SBI_EXT_HSM         0x48534DUL
#define SBI_EXT_SRST        0x53525354UL

#define HSM_START   0
#define HSM_STOP    1
#define HSM_STATUS  2
#define HSM_STARTED 0
#define HSM_STOPPED 1

#define RFENCE_FENCE_I     0
#define RFENCE_SFENCE      1
#define RFENCE_SFENCE_ASID 2

#define ERR_INVALID_PARAM   (-3)
#define ERR_INVALID_ADDRESS (-5)
#define ERR_ALREADY_AVAIL   (-6)

#define ENTRY       (GUEST_RAM_BASE + GUEST_KERNEL_OFFSET)
#define SIE_SSIE    (1UL << 1)
#define SSTATUS_SIE (1UL << 1)
#define SCAUSE_SSI  ((1UL << 63) | 1)

/* The page vCPU1 reads while vCPU0 moves another page onto it. */
#define MOVE_DST 0xA0000000UL
#define MOVE_SRC 0xA0001000UL
/* Pages moved while vCPU1 is stopped, in a 2 MiB leaf nothing split yet. */
#define IDLE_DST 0xA4000000UL
#define IDLE_SRC 0xA4001000UL

#define SPIN_LIMIT        200000000UL
#define STOP_START_CYCLES 40
#define CROSSING_CALLS    300
#define EXTRA_MOVES       10

/* Hypercalls asking for the dirty mask before giving up on a change. */
#define MASK_POLLS 100000UL

enum command {
    CMD_NONE,
    CMD_STOP,  /* SBI HSM hart_stop */
    CMD_READ,  /* read *read_addr until moved, then once more */
    CMD_CROSS, /* IPIs and remote fences towards vCPU0 */
};

static volatile unsigned long cmd;
static volatile unsigned long v1_up, v1_hartid, v1_opaque;
static volatile unsigned long ipis[2];
static volatile unsigned long read_addr, reads, moved, seen_before, seen_after;
static volatile unsigned long v1_fences_ok;
static unsigned int passed, failed;

static struct sbiret sbi_call(unsigned long eid, unsigned long fid,
                              unsigned long a0, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4)
{
    register unsigned long r0 asm ("a0") = a0;
    register unsigned long r1 asm ("a1") = a1;
    register unsigned long r2 asm ("a2") = a2;
    register unsigned long r3 asm ("a3") = a3;
    register unsigned long r4 asm ("a4") = a4;
    register unsigned long r6 asm ("a6") = fid;
    register unsigned long r7 asm ("a7") = eid;

    asm volatile ( "ecall"
                   : "+r" (r0), "+r" (r1)
                   : "r" (r2), "r" (r3), "r" (r4), "r" (r6), "r" (r7)
                   : "memory" );

    return (struct sbiret){ .error = r0, .value = r1 };
}

static long hypercall2(unsigned long nr, unsigned long a0, unsigned long a1)
{
    register unsigned long r0 asm ("a0") = a0;
    register unsigned long r1 asm ("a1") = a1;
    register unsigned long r6 asm ("a6") = nr;
    register unsigned long r7 asm ("a7") = XEN_HYPERCALL_SBI_EID;

    asm volatile ( "ecall"
                   : "+r" (r0), "+r" (r1)
                   : "r" (r6), "r" (r7)
                   : "memory" );

    return r0;
}

static void put_str(const char *s)
{
    while ( *s )
        sbi_call(SBI_EXT_0_1_PUTCHAR, 0, *s++, 0, 0, 0, 0);
}

static void put_dec(long v)
{
    char buf[24];
    unsigned int i = sizeof(buf) - 1;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

    buf[i] = '\0';
    do {
        buf[--i] = '0' + u % 10;
        u /= 10;
    } while ( u );
    if ( v < 0 )
        buf[--i] = '-';
    put_str(&buf[i]);
}

static void check(int ok, const char *what, long got)
{
    put_str(ok ? "smp-test: ok   " : "smp-test: FAIL ");
    put_str(what);
    put_str(" (");
    put_dec(got);
    put_str(")\n");
    if ( ok )
        passed++;
    else
        failed++;
}

static int wait_for(volatile unsigned long *p, unsigned long val)
{
    for ( unsigned long i = 0; i < SPIN_LIMIT; i++ )
        if ( *p == val )
            return 1;

    return 0;
}

static struct sbiret hsm(unsigned long fid, unsigned long hartid,
                         unsigned long addr, unsigned long opaque)
{
    return sbi_call(SBI_EXT_HSM, fid, hartid, addr, opaque, 0, 0);
}

static long ipi(unsigned long mask, unsigned long base)
{
    return sbi_call(SBI_EXT_IPI, 0, mask, base, 0, 0, 0).error;
}

static void interrupts(int on)
{
    if ( on )
    {
        asm volatile ( "csrs sie, %0" :: "r" (SIE_SSIE) );
        asm volatile ( "csrs sstatus, %0" :: "r" (SSTATUS_SIE) );
    }
    else
        asm volatile ( "csrc sstatus, %0" :: "r" (SSTATUS_SIE) );
}

void trap_handler(void)
{
    unsigned long cause, id;

    asm volatile ( "csrr %0, scause" : "=r" (cause) );
    asm volatile ( "mv %0, tp" : "=r" (id) );

    if ( cause == SCAUSE_SSI )
    {
        asm volatile ( "csrc sip, %0" :: "r" (SIE_SSIE) );
        ipis[id != 0]++;
        return;
    }

    put_str("smp-test: FAIL unexpected trap, scause ");
    put_dec(cause);
    put_str("\n");
    sbi_call(SBI_EXT_SRST, 0, 0, 1, 0, 0, 0);
}

/* vCPU1: obey vCPU0. */
static void secondary(unsigned long hartid, unsigned long opaque)
{
    v1_hartid = hartid;
    v1_opaque = opaque;
    __sync_synchronize();
    v1_up++;
    interrupts(1);

    for ( ; ; )
    {
        switch ( cmd )
        {
        case CMD_STOP:
            cmd = CMD_NONE;
            interrupts(0);
            hsm(HSM_STOP, 0, 0, 0);
            put_str("smp-test: FAIL hart_stop returned\n");
            break;

        case CMD_READ:
        {
            unsigned long v = *(volatile unsigned long *)read_addr;

            reads++;
            if ( !seen_before )
                seen_before = v;
            if ( moved )
            {
                __sync_synchronize();
                seen_after = *(volatile unsigned long *)read_addr;
                cmd = CMD_NONE;
            }
            break;
        }

        case CMD_CROSS:
            for ( unsigned int i = 0; i < CROSSING_CALLS; i++ )
            {
                ipi(1, 0);
                if ( !sbi_call(SBI_EXT_RFENCE, RFENCE_SFENCE, 1, 0, 0, 0, 0)
                          .error )
                    v1_fences_ok++;
            }
            cmd = CMD_NONE;
            break;
        }
    }
}

static void get_stats(struct xen_riscv_p2m_stats *s)
{
    hypercall2(__HYPERVISOR_arch_0, XEN_RISCV_P2M_DEBUG_stats,
               (unsigned long)s);
}

static long get_fence_targets(struct xen_riscv_p2m_fence_targets *t)
{
    return hypercall2(__HYPERVISOR_arch_0, XEN_RISCV_P2M_DEBUG_fence_targets,
                      (unsigned long)t);
}

/* Move the page at src onto dst (add_to_physmap) while vCPU1 reads dst. */
static int move_while_read(unsigned long dst, unsigned long src,
                           unsigned long old, unsigned long new)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_gmfn,
        .idx = src >> 12,
        .gpfn = dst >> 12,
    };
    long rc;

    *(volatile unsigned long *)dst = old;
    *(volatile unsigned long *)src = new;
    seen_before = seen_after = moved = reads = 0;
    read_addr = dst;
    __sync_synchronize();
    cmd = CMD_READ;
    while ( reads < 100 )
        ;

    rc = hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
                    (unsigned long)&xatp);
    __sync_synchronize();
    moved = 1;

    return !rc && wait_for(&cmd, CMD_NONE) && seen_before == old &&
           seen_after == new;
}

static void test_hsm_start(void)
{
    struct sbiret r = hsm(HSM_STATUS, 1, 0, 0);

    check(!r.error && r.value == HSM_STOPPED, "vCPU1 STOPPED before start",
          r.error ? r.error : r.value);
    r = hsm(HSM_START, 7, ENTRY, 0);
    check(r.error == ERR_INVALID_PARAM, "hart_start(7): INVALID_PARAM",
          r.error);
    r = hsm(HSM_START, 1, 0x10, 0);
    check(r.error == ERR_INVALID_ADDRESS,
          "hart_start(1, unmapped): INVALID_ADDRESS", r.error);
    r = hsm(HSM_START, 1, ~0UL, 0);
    check(r.error == ERR_INVALID_ADDRESS, "hart_start(1, ~0): INVALID_ADDRESS",
          r.error);
    r = hsm(HSM_START, 1, ENTRY, 0x1234);
    check(!r.error, "hart_start(1)", r.error);
    check(wait_for(&v1_up, 1), "vCPU1 came up", v1_up);
    check(v1_hartid == 1 && v1_opaque == 0x1234,
          "vCPU1 entered with a0 = 1, a1 = opaque", v1_opaque);
    r = hsm(HSM_STATUS, 1, 0, 0);
    check(!r.error && r.value == HSM_STARTED, "vCPU1 STARTED", r.value);
    r = hsm(HSM_START, 1, ENTRY, 0);
    check(r.error == ERR_ALREADY_AVAIL,
          "hart_start(1) again: "
          "ALREADY_AVAILABLE",
          r.error);
}

static void test_ipi_rfence(void)
{
    struct sbiret r;

    for ( unsigned int i = 1; i <= 3; i++ )
        check(!ipi(2, 0) && wait_for(&ipis[1], i), "IPI raises vCPU1's SSIP",
              ipis[1]);
    check(!ipi(1, 1) && wait_for(&ipis[1], 4), "IPI with base 1", ipis[1]);

    r = sbi_call(SBI_EXT_RFENCE, RFENCE_FENCE_I, 2, 0, 0, 0, 0);
    check(!r.error, "remote_fence_i(vCPU1)", r.error);
    r = sbi_call(SBI_EXT_RFENCE, RFENCE_SFENCE, 3, 0, GUEST_RAM_BASE, 0x1000,
                 0);
    check(!r.error, "remote_sfence_vma(vCPU0, vCPU1)", r.error);
    r = sbi_call(SBI_EXT_RFENCE, RFENCE_SFENCE_ASID, 0, ~0UL, 0, ~0UL, 5);
    check(!r.error, "remote_sfence_vma_asid(all)", r.error);
}

static void test_p2m_move(void)
{
    struct xen_riscv_p2m_stats s0, s1;

    get_stats(&s0);
    check(s0.leaves[2] >= 1, "dom0 RAM is mapped with 1 GiB leaves",
          s0.leaves[2]);
    check(move_while_read(MOVE_DST, MOVE_SRC, 0xAAAA, 0xBBBB),
          "vCPU1 sees a GFN moved inside a superpage", seen_after);
    get_stats(&s1);
    check(s1.fences_remote > s0.fences_remote, "the p2m fenced vCPU1's hart",
          s1.fences_remote - s0.fences_remote);
    /*
     * Exactly the CPUs that ran dom0 (vCPU i on CPU i) other than the one
     * doing the remaps: CPU1, and none of the idle ones.
     */
    {
        struct xen_riscv_p2m_fence_targets ft;

        check(!get_fence_targets(&ft) && ft.dirty_cpus == 3,
              "dom0 ran on CPU0 and CPU1 only", ft.dirty_cpus);
        check(ft.remote_cpus == 2, "remote fences went to CPU1 and no other",
              ft.remote_cpus);
    }
    put_str("smp-test: VMID ");
    put_dec(s1.vmid);
    put_str(", splits ");
    put_dec(s1.splits);
    put_str(", remote fences ");
    put_dec(s1.fences_remote);
    put_str("\n");
}

static void test_crossing(void)
{
    unsigned long ok = 0, before = ipis[0];

    interrupts(1);
    cmd = CMD_CROSS;
    for ( unsigned int i = 0; i < CROSSING_CALLS; i++ )
    {
        ipi(2, 0);
        if ( !sbi_call(SBI_EXT_RFENCE, RFENCE_SFENCE_ASID, 2, 0, 0, ~0UL, 1)
                  .error )
            ok++;
    }
    check(wait_for(&cmd, CMD_NONE), "vCPU1 done with its IPIs and fences",
          v1_fences_ok);
    check(ok + v1_fences_ok == 2 * CROSSING_CALLS,
          "crossing remote fences all succeed", ok + v1_fences_ok);
    for ( unsigned long i = 0; i < SPIN_LIMIT && ipis[0] == before; i++ )
        ;
    check(ipis[0] > before, "vCPU0 got IPIs from vCPU1", ipis[0] - before);
    interrupts(0);
}

static void test_stop_start(void)
{
    unsigned int good = 0;

    for ( unsigned int c = 0; c < STOP_START_CYCLES; c++ )
    {
        unsigned long up = v1_up, got = ipis[1];
        struct sbiret r;
        unsigned long i;

        cmd = CMD_STOP;
        for ( i = 0; i < SPIN_LIMIT; i++ )
        {
            r = hsm(HSM_STATUS, 1, 0, 0);
            if ( !r.error && r.value == HSM_STOPPED )
                break;
        }
        if ( i == SPIN_LIMIT )
            break;
        if ( hsm(HSM_START, 1, ENTRY, 0x9000 + c).error ||
             !wait_for(&v1_up, up + 1) || v1_opaque != 0x9000UL + c )
            break;
        if ( ipi(2, 0) || !wait_for(&ipis[1], got + 1) )
            break;
        good++;
    }
    check(good == STOP_START_CYCLES,
          "hart_stop / hart_start cycles, an IPI after each", good);
}

/*
 * vCPU1 stopped: its CPU idles with a Bare hgatp after an all-VMID fence,
 * so it has left dom0's dirty mask, and a p2m change (a GFN moved inside
 * a 2 MiB leaf: a split, a VMID-wide fence) fences CPU0 only.  Started
 * again, vCPU1's CPU is back in the mask and sees the next move.
 */
static void test_idle_hart_not_fenced(void)
{
    struct xen_riscv_p2m_stats s0, s1, s2;
    struct xen_riscv_p2m_fence_targets ft;
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_gmfn,
        .idx = IDLE_SRC >> 12,
        .gpfn = IDLE_DST >> 12,
    };
    unsigned long up = v1_up, i;
    long rc;

    cmd = CMD_STOP;
    for ( i = 0; i < SPIN_LIMIT; i++ )
    {
        struct sbiret r = hsm(HSM_STATUS, 1, 0, 0);

        if ( !r.error && r.value == HSM_STOPPED )
            break;
    }
    check(i < SPIN_LIMIT, "vCPU1 stopped", i);
    /*
     * STOPPED is reported as soon as the vCPU is marked so; its CPU then
     * drops the guest state, fences and leaves the mask.
     */
    for ( i = 0; i < MASK_POLLS; i++ )
        if ( !get_fence_targets(&ft) && ft.dirty_cpus == 1 )
            break;
    check(i < MASK_POLLS, "vCPU1's CPU left dom0's dirty mask when it stopped",
          ft.dirty_cpus);

    *(volatile unsigned long *)IDLE_DST = 0xCCCC;
    *(volatile unsigned long *)IDLE_SRC = 0xDDDD;
    get_stats(&s0);
    rc = hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
                    (unsigned long)&xatp);
    get_stats(&s1);
    check(!rc && *(volatile unsigned long *)IDLE_DST == 0xDDDD,
          "a GFN moved while vCPU1 is stopped", rc);
    check(s1.flushes > s0.flushes, "the move flushed the p2m",
          s1.flushes - s0.flushes);
    check(s1.fences_remote == s0.fences_remote,
          "no remote fence for it: the idle CPU1 is not a target",
          s1.fences_remote - s0.fences_remote);

    check(!hsm(HSM_START, 1, ENTRY, 0x5678).error && wait_for(&v1_up, up + 1),
          "vCPU1 started again", v1_up - up);
    check(move_while_read(IDLE_DST + 0x2000, IDLE_SRC + 0x2000, 0xEEEE, 0xFFFF),
          "vCPU1 sees the next move", seen_after);
    get_stats(&s2);
    check(s2.fences_remote > s1.fences_remote,
          "and CPU1 gets its remote fence again",
          s2.fences_remote - s1.fences_remote);
    check(!get_fence_targets(&ft) && ft.dirty_cpus == 3,
          "CPU1 back in dom0's dirty mask", ft.dirty_cpus);
    put_str("smp-test: remote fences ");
    put_dec(s0.fences_remote);
    put_str(" before vCPU1 stopped, ");
    put_dec(s1.fences_remote);
    put_str(" after a move while it was stopped, ");
    put_dec(s2.fences_remote);
    put_str(" after one with it running; splits ");
    put_dec(s0.splits);
    put_str(" -> ");
    put_dec(s1.splits);
    put_str("\n");
}

static void test_more_moves(void)
{
    unsigned int good = 0;

    for ( unsigned int m = 0; m < EXTRA_MOVES; m++ )
        if ( move_while_read(0xA8000000UL + m * 0x200000UL,
                             0xB0000000UL + m * 0x1000UL, 0x1000 + m,
                             0x2000 + m) )
            good++;
    check(good == EXTRA_MOVES, "more moves, each seen by vCPU1", good);
}

void guest_main(unsigned long hartid, unsigned long arg)
{
    if ( hartid )
        secondary(hartid, arg);

    put_str("smp-test: vCPU0 up\n");
    if ( hsm(HSM_STATUS, 1, 0, 0).error )
    {
        put_str("smp-test: FAIL no vCPU1 (boot with dom0_max_vcpus=2)\n");
        failed++;
    }
    else
    {
        test_hsm_start();
        if ( v1_up )
        {
            test_ipi_rfence();
            test_p2m_move();
            test_crossing();
            test_stop_start();
            test_idle_hart_not_fenced();
            test_more_moves();
        }
    }

    put_str("smp-test: ");
    put_dec(passed);
    put_str(" passed, ");
    put_dec(failed);
    put_str(" failed\n");

    sbi_call(SBI_EXT_SRST, 0, 0, failed ? 1 : 0, 0, 0, 0);
    for ( ; ; )
        ;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
