// SPDX-License-Identifier: GPL-2.0-only
/*
 * /init of the Linux dom0: checks the balloon driver and what it does to
 * the hypervisor's p2m, one scenario after the other, then powers off.
 *
 * Console output, one line per scenario:
 *   linux-dom0: <scenario>: PASS (<detail>)
 *   linux-dom0: <scenario>: FAIL (<detail>)
 * then "linux-dom0: N passed, M failed", then a power-off whose SBI reason
 * is "system failure" when M > 0 or /init itself went wrong, so that QEMU
 * exits non-zero.
 *
 * Kernel command line options read here:
 *   linux_dom0.cpus=N        vCPUs expected online (default 2)
 *   linux_dom0.fail=NAME     make scenario NAME fail on purpose
 *   linux_dom0.duration=S    seconds of the concurrent scenario (default 5)
 *   linux_dom0.lifecycle=N   run the lifecycle scenario: N domains created
 *                            and destroyed while ballooning (needs the
 *                            hypervisor's domU_on_demand and a domU module)
 *   linux_dom0.memtest_mb=M  cap each memory test at M MiB (default: all
 *                            available memory but a margin)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BALLOON_DIR "/sys/kernel/debug/xen-balloon"
#define PAGE_BYTES  4096UL
#define MiB         (1024UL * 1024UL)
#define P2M_LEVELS  5

static struct {
    unsigned int cpus;
    char fail[32];
    unsigned int duration;
    unsigned long memtest_mb;
    unsigned int lifecycle;
} opt = { .cpus = 2, .duration = 5 };

static unsigned int passed, failed;
static bool init_error;

/* ---- files, statistics, CPUs ---- */

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* An unexpected problem of /init itself: reported, and it fails the run. */
static void oops(const char *fmt, ...)
{
    va_list ap;

    printf("linux-dom0: init error: ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    init_error = true;
}

/* Whole file into buf (NUL-terminated); bytes read or -errno. */
static long read_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    size_t len = 0;

    if ( fd < 0 )
        return -errno;
    while ( len + 1 < size )
    {
        ssize_t n = read(fd, buf + len, size - 1 - len);

        if ( n < 0 )
        {
            int e = errno;

            close(fd);
            return -e;
        }
        if ( n == 0 )
            break;
        len += n;
    }
    buf[len] = '\0';
    close(fd);
    return len;
}

/* One write() of exactly len bytes: 0 or the errno it failed with. */
static int write_raw(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY);
    ssize_t n;
    int e;

    if ( fd < 0 )
        return errno;
    n = write(fd, data, len);
    e = n < 0 ? errno : ((size_t)n == len ? 0 : EIO);
    close(fd);
    return e;
}

static int write_str(const char *path, const char *s)
{
    return write_raw(path, s, strlen(s));
}

static int set_target(unsigned long pages)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%lu\n", pages);
    return write_str(BALLOON_DIR "/target", buf);
}

/* The value of "name value" in a text of such lines; false if absent. */
static bool find_value(const char *text, const char *name, unsigned long *val)
{
    size_t nlen = strlen(name);
    const char *p = text;

    while ( p && *p )
    {
        if ( !strncmp(p, name, nlen) && (p[nlen] == ' ' || p[nlen] == ':') )
        {
            *val = strtoul(p + nlen + 1, NULL, 0);
            return true;
        }
        p = strchr(p, '\n');
        if ( p )
            p++;
    }
    return false;
}

struct p2m_stats {
    unsigned long leaves[P2M_LEVELS];
    unsigned long tables, splits, merges;
    unsigned long fences_gpa, fences_vmid, fences_remote, flushes;
    unsigned long pool_total, pool_free, root_level;
};

static bool read_stats(struct p2m_stats *s)
{
    char buf[1024], name[16];
    bool ok = true;
    unsigned int i;

    if ( read_file(BALLOON_DIR "/p2m_stats", buf, sizeof(buf)) <= 0 )
    {
        oops("cannot read p2m_stats");
        return false;
    }
    for ( i = 0; i < P2M_LEVELS; i++ )
    {
        snprintf(name, sizeof(name), "leaves%u", i);
        ok &= find_value(buf, name, &s->leaves[i]);
    }
    ok &= find_value(buf, "tables", &s->tables);
    ok &= find_value(buf, "splits", &s->splits);
    ok &= find_value(buf, "merges", &s->merges);
    ok &= find_value(buf, "fences_gpa", &s->fences_gpa);
    ok &= find_value(buf, "fences_vmid", &s->fences_vmid);
    ok &= find_value(buf, "fences_remote", &s->fences_remote);
    ok &= find_value(buf, "flushes", &s->flushes);
    ok &= find_value(buf, "pool_total", &s->pool_total);
    ok &= find_value(buf, "pool_free", &s->pool_free);
    ok &= find_value(buf, "root_level", &s->root_level);
    if ( !ok )
        oops("p2m_stats lacks a field");
    return ok;
}

/* Pages of device MMIO the p2m maps for dom0 (the DT's device nodes). */
static unsigned long dt_device_pages;

/*
 * 4 KiB pages of RAM the p2m maps, from the leaf counts: every leaf, less
 * the device pages passed through (mapped as MMIO leaves).
 */
static unsigned long mapped_pages(const struct p2m_stats *s)
{
    unsigned long sum = 0;

    for ( unsigned int i = 0; i < P2M_LEVELS; i++ )
        sum += s->leaves[i] << (9 * i);
    return sum - dt_device_pages;
}

struct balloon {
    unsigned long pages, order0, order9, regions, target, refused;
};

static bool read_balloon(struct balloon *b)
{
    char buf[256];
    bool ok = true;

    if ( read_file(BALLOON_DIR "/current", buf, sizeof(buf)) <= 0 )
    {
        oops("cannot read current");
        return false;
    }
    ok &= find_value(buf, "pages", &b->pages);
    ok &= find_value(buf, "order0", &b->order0);
    ok &= find_value(buf, "order9", &b->order9);
    ok &= find_value(buf, "order0_regions", &b->regions);
    ok &= find_value(buf, "order9_refused", &b->refused);
    if ( read_file(BALLOON_DIR "/target", buf, sizeof(buf)) <= 0 )
        ok = false;
    else
        b->target = strtoul(buf, NULL, 10);
    if ( !ok )
        oops("cannot parse current/target");
    return ok;
}

/*
 * decrease_reservation unmaps up to 64 extents, and no more than 512
 * pages unless one extent is larger, under one p2m lock, with one TLB
 * flush (docs/misc/riscv/hypercall-abi.pandoc): an order-9 extent is a
 * batch of its own, order-0 ones go 64 to a batch.
 */
#define DECREASE_BATCH 64UL

/* The fewest flushes that ballooning out b's extents can cost. */
static unsigned long min_decrease_flushes(const struct balloon *b)
{
    return b->order9 + (b->order0 + DECREASE_BATCH - 1) / DECREASE_BATCH;
}

static long audit_violations(void)
{
    char buf[64];
    unsigned long v;

    if ( read_file(BALLOON_DIR "/p2m_audit", buf, sizeof(buf)) <= 0 ||
         !find_value(buf, "violations", &v) )
    {
        oops("cannot read p2m_audit");
        return -1;
    }
    return v;
}

/* From /proc/meminfo, in kB; 0 if absent. */
static unsigned long meminfo(const char *name)
{
    char buf[2048];
    unsigned long v;

    if ( read_file("/proc/meminfo", buf, sizeof(buf)) <= 0 ||
         !find_value(buf, name, &v) )
    {
        oops("no %s in /proc/meminfo", name);
        return 0;
    }
    return v;
}

static void pin_to(int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    if ( cpu < 0 )
        for ( unsigned int i = 0; i < opt.cpus; i++ )
            CPU_SET(i, &set);
    else
        CPU_SET(cpu, &set);
    if ( sched_setaffinity(0, sizeof(set), &set) )
        oops("sched_setaffinity(%d): %s", cpu, strerror(errno));
}

/* ---- results ---- */

static void result(const char *scenario, bool ok, const char *fmt, ...)
{
    char detail[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);

    if ( !strcmp(opt.fail, scenario) )
    {
        ok = false;
        printf("linux-dom0: %s: FAIL (deliberate failure, "
               "linux_dom0.fail=%s; %s)\n",
               scenario, scenario, detail);
    }
    else
        printf("linux-dom0: %s: %s (%s)\n", scenario, ok ? "PASS" : "FAIL",
               detail);
    if ( ok )
        passed++;
    else
        failed++;
}

/*
 * Collect "why it failed" notes for one scenario: the first few problems,
 * joined with "; ".
 */
struct why {
    char text[512];
    unsigned int n;
};

static void why_add(struct why *w, const char *fmt, ...)
{
    size_t len = strlen(w->text);
    va_list ap;

    w->n++;
    if ( len + 8 >= sizeof(w->text) )
        return;
    if ( len )
    {
        strcpy(w->text + len, "; ");
        len += 2;
    }
    va_start(ap, fmt);
    vsnprintf(w->text + len, sizeof(w->text) - len, fmt, ap);
    va_end(ap);
}

#define CHECK(w, cond, ...)                                                    \
    do                                                                         \
    {                                                                          \
        if ( !(cond) )                                                         \
            why_add(w, __VA_ARGS__);                                           \
    } while ( 0 )

/* ---- memory test ---- */

/*
 * Each 64-bit word holds its own virtual address mixed with a per-round
 * key, so a page that aliases another, a lost write, or a page swapped
 * under us all show.  Written once, then verified twice (the second time
 * optionally from another CPU).  Four words per step, whose values differ
 * from the first one's only in bits 3-4 (the step is 32-byte aligned), so
 * the loops stay short even under an instruction-by-instruction emulator.
 */
static void fill_words(uint64_t *w, size_t n, uint64_t key)
{
    for ( uint64_t *p = w, *end = w + n; p < end; p += 4 )
    {
        uint64_t v = (uint64_t)(uintptr_t)p ^ key;

        p[0] = v;
        p[1] = v ^ 8;
        p[2] = v ^ 16;
        p[3] = v ^ 24;
        __asm__ volatile ( "" ::: "memory" );
    }
}

static unsigned long check_words(const uint64_t *w, size_t n, uint64_t key)
{
    unsigned long bad = 0;

    for ( const uint64_t *p = w, *end = w + n; p < end; p += 4 )
    {
        uint64_t v = (uint64_t)(uintptr_t)p ^ key;
        uint64_t diff =
            (p[0] ^ v) | (p[1] ^ v ^ 8) | (p[2] ^ v ^ 16) | (p[3] ^ v ^ 24);

        if ( !diff )
            continue;
        for ( unsigned int i = 0; i < 4; i++ )
        {
            uint64_t want = v ^ (8 * i);

            if ( p[i] == want )
                continue;
            if ( bad < 3 )
                printf("linux-dom0: memtest: word at %p: %#" PRIx64
                       ", expected %#" PRIx64 "\n",
                       (const void *)&p[i], p[i], want);
            bad++;
        }
    }
    return bad;
}

/*
 * One region: -1 if it cannot be mapped, else the bad words.  *populate
 * gets the seconds the kernel took to fault it all in.
 */
static long memtest_once(size_t bytes, uint64_t key, int verify_cpu,
                         double *populate)
{
    double t0 = now();
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    size_t n = bytes / sizeof(uint64_t);
    unsigned long bad;

    *populate += now() - t0;
    if ( p == MAP_FAILED )
        return -1;
    fill_words(p, n, key);
    __asm__ volatile ( "" ::: "memory" );
    bad = check_words(p, n, key);
    if ( verify_cpu >= 0 )
        pin_to(verify_cpu);
    __asm__ volatile ( "" ::: "memory" );
    bad += check_words(p, n, key);
    munmap(p, bytes);
    return bad;
}

struct memtest_result {
    long bad;            /* -1: could not run */
    unsigned long bytes; /* tested (each byte written once, read twice) */
    unsigned long rounds;
    double seconds;
    double populate; /* of which faulting the memory in */
};

/*
 * A memory test in children, so that if memory runs out the OOM killer
 * takes a child and not /init.  workers children share `bytes`; child k
 * runs on CPU cpu, or on CPU k when cpu < 0.  If other_cpu >= 0 each
 * round's second verify runs there.  Rounds go on until `until`
 * (monotonic seconds), or just one when until is 0.
 */
static struct memtest_result memtest(size_t bytes, unsigned int workers,
                                     int cpu, int other_cpu, double until)
{
    struct memtest_result r = { .bad = 0 };
    double t0 = now();
    size_t each = (bytes / workers) & ~(PAGE_BYTES - 1);
    pid_t pid[8];
    int fds[2];

    if ( workers > 8 )
        workers = 8;
    if ( pipe(fds) )
    {
        oops("pipe: %s", strerror(errno));
        r.bad = -1;
        return r;
    }
    for ( unsigned int k = 0; k < workers; k++ )
    {
        pid[k] = fork();
        if ( pid[k] < 0 )
        {
            oops("fork: %s", strerror(errno));
            r.bad = -1;
            workers = k;
            break;
        }
        if ( pid[k] == 0 )
        {
            struct memtest_result c = { .bad = 0 };
            int home = cpu >= 0 ? cpu : (int)k;

            close(fds[0]);
            do {
                long bad;

                pin_to(home);
                bad = memtest_once(each, 0x5A5A000000000000ULL + c.rounds,
                                   other_cpu, &c.populate);
                if ( bad < 0 )
                {
                    c.bad = -1;
                    break;
                }
                c.bad += bad;
                c.bytes += each;
                c.rounds++;
            } while ( until && now() < until );
            if ( write(fds[1], &c, sizeof(c)) != sizeof(c) )
                _exit(2);
            _exit(0);
        }
    }
    close(fds[1]);
    for ( unsigned int k = 0; k < workers; k++ )
    {
        struct memtest_result c;
        int status;

        if ( read(fds[0], &c, sizeof(c)) != sizeof(c) || c.bad < 0 )
            r.bad = -1;
        else
        {
            if ( r.bad >= 0 )
                r.bad += c.bad;
            r.bytes += c.bytes;
            r.rounds += c.rounds;
            if ( c.populate > r.populate )
                r.populate = c.populate;
        }
        if ( waitpid(pid[k], &status, 0) != pid[k] || !WIFEXITED(status) ||
             WEXITSTATUS(status) )
        {
            if ( WIFSIGNALED(status) )
                printf("linux-dom0: memtest child killed by signal %d\n",
                       WTERMSIG(status));
            r.bad = -1;
        }
    }
    close(fds[0]);
    r.seconds = now() - t0;
    return r;
}

/* What a memory test may use now: MemAvailable minus a margin. */
static size_t memtest_bytes(unsigned long keep_pages)
{
    unsigned long avail = meminfo("MemAvailable") * 1024UL;
    unsigned long margin = 32 * MiB + avail / 16 + keep_pages * PAGE_BYTES;
    size_t bytes = avail > margin ? avail - margin : 0;

    if ( opt.memtest_mb && bytes > opt.memtest_mb * MiB )
        bytes = opt.memtest_mb * MiB;
    return bytes;
}

/* ---- boot facts ---- */

static unsigned long dt_ram_bytes; /* from the device tree */
static unsigned long dt_ram_pages;
static unsigned long boot_memtotal; /* kB */
static struct p2m_stats boot_stats;

static uint64_t be_cells(const unsigned char *p, unsigned int cells)
{
    uint64_t v = 0;

    for ( unsigned int i = 0; i < cells * 4; i++ )
        v = (v << 8) | p[i];
    return v;
}

static unsigned int dt_u32(const char *path, unsigned int dflt)
{
    unsigned char buf[8];
    int fd = open(path, O_RDONLY);
    ssize_t n;

    if ( fd < 0 )
        return dflt;
    n = read(fd, buf, sizeof(buf));
    close(fd);
    return n == 4 ? (unsigned int)be_cells(buf, 1) : dflt;
}

/*
 * Sum of the reg sizes of the DT's top-level nodes: those named memory*
 * (RAM) or, with want_ram false, the others that have a reg (the devices
 * the hypervisor passes through, such as the UART), each rounded up to
 * whole pages since the p2m maps pages.
 */
static unsigned long dt_reg_total(bool want_ram)
{
    const char *base = "/sys/firmware/devicetree/base";
    unsigned int ac = dt_u32("/sys/firmware/devicetree/base/#address-cells", 2);
    unsigned int sc = dt_u32("/sys/firmware/devicetree/base/#size-cells", 1);
    unsigned long total = 0;
    struct dirent *de;
    DIR *dir = opendir(base);

    if ( !dir )
    {
        oops("no %s", base);
        return 0;
    }
    while ( (de = readdir(dir)) )
    {
        unsigned char reg[256];
        char path[512];
        ssize_t n;
        int fd;

        if ( de->d_name[0] == '.' ||
             !strncmp(de->d_name, "memory", 6) != want_ram )
            continue;
        snprintf(path, sizeof(path), "%s/%s/reg", base, de->d_name);
        fd = open(path, O_RDONLY);
        if ( fd < 0 )
            continue;
        n = read(fd, reg, sizeof(reg));
        close(fd);
        if ( n < 0 )
            continue;
        for ( size_t off = 0; off + (ac + sc) * 4 <= (size_t)n;
              off += (ac + sc) * 4 )
        {
            unsigned long size = be_cells(reg + off + ac * 4, sc);

            total += want_ram
                         ? size
                         : (size + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
        }
    }
    closedir(dir);
    return total;
}

static unsigned long dt_memory(void)
{
    return dt_reg_total(true);
}

/* Number of CPUs in a list like "0-1,3". */
static unsigned int count_cpu_list(const char *s)
{
    unsigned int count = 0;

    while ( *s >= '0' && *s <= '9' )
    {
        char *end;
        unsigned long a = strtoul(s, &end, 10), b = a;

        if ( *end == '-' )
            b = strtoul(end + 1, &end, 10);
        count += b >= a ? b - a + 1 : 0;
        s = *end == ',' ? end + 1 : end;
    }
    return count;
}

/* ---- scenarios ---- */

static void scenario_boot(void)
{
    struct why w = { .n = 0 };
    char buf[128];
    unsigned int online = 0;
    unsigned long overhead_kb, limit_kb;
    struct balloon b;

    if ( read_file("/sys/devices/system/cpu/online", buf, sizeof(buf)) > 0 )
        online = count_cpu_list(buf);
    dt_ram_bytes = dt_memory();
    dt_ram_pages = dt_ram_bytes / PAGE_BYTES;
    dt_device_pages = dt_reg_total(false) / PAGE_BYTES;
    boot_memtotal = meminfo("MemTotal");
    /* The memory map (64 bytes per page), the image, the first 2 MiB. */
    limit_kb = dt_ram_bytes / 64 / 1024 + 16 * 1024;
    overhead_kb = dt_ram_bytes / 1024 - boot_memtotal;

    CHECK(&w, online == opt.cpus, "%u CPUs online, expected %u", online,
          opt.cpus);
    CHECK(&w, dt_ram_bytes && boot_memtotal * 1024 <= dt_ram_bytes,
          "MemTotal above the DT memory size");
    CHECK(&w, dt_ram_bytes / 1024 - boot_memtotal <= limit_kb,
          "MemTotal %lu kB short of the DT size by more than %lu kB",
          overhead_kb, limit_kb);
    if ( read_stats(&boot_stats) )
        CHECK(&w, mapped_pages(&boot_stats) == dt_ram_pages,
              "p2m maps %lu pages, DT says %lu", mapped_pages(&boot_stats),
              dt_ram_pages);
    else
        why_add(&w, "no p2m statistics");
    if ( read_balloon(&b) )
        CHECK(&w, b.pages == 0 && b.target == 0, "balloon not empty at boot");
    else
        why_add(&w, "no balloon");

    result("boot", !w.n,
           "%s%s%u vCPUs online, DT memory %lu MiB, MemTotal %lu kB "
           "(%lu kB below), p2m maps %lu pages with leaves 4K/2M/1G/512G "
           "%lu/%lu/%lu/%lu, root level %lu",
           w.text, w.n ? "; " : "", online, dt_ram_bytes / MiB, boot_memtotal,
           overhead_kb, mapped_pages(&boot_stats), boot_stats.leaves[0],
           boot_stats.leaves[1], boot_stats.leaves[2], boot_stats.leaves[3],
           boot_stats.root_level);
}

static unsigned long start_memfree; /* kB, before balloon-out */
static struct balloon out_balloon;  /* what balloon-out left */
static struct p2m_stats out_stats;

static void scenario_balloon_out(void)
{
    struct why w = { .n = 0 };
    struct p2m_stats s0, s1;
    struct balloon b;
    struct memtest_result mt = { .bad = -1 };
    unsigned long want = dt_ram_pages / 4, holes = 0, mapped = ~0UL;
    char buf[128];
    double t0;
    int e;

    start_memfree = meminfo("MemFree");
    if ( !read_stats(&s0) )
    {
        result("balloon-out", false, "no p2m statistics");
        return;
    }
    t0 = now();
    e = set_target(want);
    t0 = now() - t0;
    CHECK(&w, !e, "target %lu: %s", want, strerror(e));
    if ( !read_balloon(&b) || !read_stats(&s1) )
    {
        result("balloon-out", false, "cannot read the state back");
        return;
    }
    out_balloon = b;
    out_stats = s1;

    CHECK(&w, b.pages == want, "balloon has %lu pages, wanted %lu", b.pages,
          want);
    CHECK(&w, b.order9 > 0, "no order-9 block ballooned");
    CHECK(&w, b.order0 > 0, "no order-0 page ballooned");
    CHECK(&w, b.regions > 1, "order-0 pages in only %lu 2M regions", b.regions);
    CHECK(&w, mapped_pages(&s1) == dt_ram_pages - b.pages,
          "p2m maps %lu pages, expected %lu", mapped_pages(&s1),
          dt_ram_pages - b.pages);
    CHECK(&w, s1.splits > s0.splits, "no split");
    CHECK(&w, s1.tables > s0.tables, "no table added");
    if ( s0.leaves[2] )
        CHECK(&w, s1.leaves[2] < s0.leaves[2], "1G leaves did not drop");

    /*
     * decrease_reservation unmaps a batch of extents (at most 64, and no
     * more than 512 pages unless one extent is larger) under one p2m lock
     * and flushes once per batch; a flush sends at most one remote fence
     * call.  So at least one flush per order-9 extent and per 64 order-0
     * ones (a bigger batch would hold the lock longer than documented),
     * and never more remote calls than flushes.
     */
    CHECK(&w, s1.flushes - s0.flushes >= min_decrease_flushes(&b),
          "%lu flushes for %lu order-9 and %lu order-0 extents: a batch "
          "larger than %lu extents",
          s1.flushes - s0.flushes, b.order9, b.order0, DECREASE_BATCH);
    CHECK(&w, s1.fences_remote - s0.fences_remote <= s1.flushes - s0.flushes,
          "%lu remote fence calls for %lu flushes",
          s1.fences_remote - s0.fences_remote, s1.flushes - s0.flushes);
    /*
     * The driver hands back order-0 pages 512 to a call (the last call
     * the rest), so every batch but the last is full: exactly the
     * minimum, unless a hand-back was cut short.  One extent per lock
     * would be one flush per extent.
     */
    if ( !b.refused )
        CHECK(&w, s1.flushes - s0.flushes == min_decrease_flushes(&b),
              "%lu flushes, expected %lu (one per batch)",
              s1.flushes - s0.flushes, min_decrease_flushes(&b));

    /*
     * From dom0's single 1 GiB leaf everything is predictable: one split
     * 1G->2M, one 2M->4K per region holding order-0 pages, one table for
     * each; the order-9 blocks and order-0 pages become holes.  Any 4 KiB
     * leaves already there are outside RAM (device MMIO) and stay.
     */
    if ( s0.leaves[2] == 1 && s0.leaves[1] == 0 && dt_ram_pages == 512 * 512 &&
         s1.merges == s0.merges )
    {
        CHECK(&w, s1.leaves[2] == 0, "1G leaves %lu, expected 0", s1.leaves[2]);
        CHECK(&w, s1.leaves[1] == 512 - b.order9 - b.regions,
              "2M leaves %lu, expected %lu", s1.leaves[1],
              512 - b.order9 - b.regions);
        CHECK(&w, s1.leaves[0] - s0.leaves[0] == 512 * b.regions - b.order0,
              "4K leaves +%lu, expected +%lu", s1.leaves[0] - s0.leaves[0],
              512 * b.regions - b.order0);
        CHECK(&w, s1.splits - s0.splits == 1 + b.regions,
              "%lu splits, expected %lu", s1.splits - s0.splits, 1 + b.regions);
        CHECK(&w, s1.tables - s0.tables == 1 + b.regions,
              "%lu tables added, expected %lu", s1.tables - s0.tables,
              1 + b.regions);
    }

    if ( read_file(BALLOON_DIR "/balloon_check", buf, sizeof(buf)) > 0 &&
         find_value(buf, "holes", &holes) &&
         find_value(buf, "mapped", &mapped) )
        CHECK(&w, holes == b.pages && mapped == 0,
              "p2m query: %lu of the ballooned GFNs are holes, %lu mapped",
              holes, mapped);
    else
        why_add(&w, "balloon_check unreadable");

    mt = memtest(memtest_bytes(0), opt.cpus, -1, -1, 0);
    CHECK(&w, mt.bad == 0, "memtest: %ld bad words", mt.bad);

    result("balloon-out", !w.n,
           "%s%sballooned %lu pages in %.1f s: %lu order-9 blocks (%lu pages) "
           "+ %lu order-0 pages in %lu 2M regions; splits +%lu, tables +%lu, "
           "leaves 4K %lu->%lu 2M %lu->%lu 1G %lu->%lu; fences gpa/vmid/remote "
           "+%lu/+%lu/+%lu in %lu flushes; %lu holes; memtest %lu MiB (write, "
           "2 verifies), %ld bad words, %.1f s (%.1f s populating)",
           w.text, w.n ? "; " : "", b.pages, t0, b.order9, b.order9 * 512,
           b.order0, b.regions, s1.splits - s0.splits, s1.tables - s0.tables,
           s0.leaves[0], s1.leaves[0], s0.leaves[1], s1.leaves[1], s0.leaves[2],
           s1.leaves[2], s1.fences_gpa - s0.fences_gpa,
           s1.fences_vmid - s0.fences_vmid, s1.fences_remote - s0.fences_remote,
           s1.flushes - s0.flushes, holes, mt.bytes / MiB, mt.bad, mt.seconds,
           mt.populate);
}

static void scenario_balloon_in(void)
{
    struct why w = { .n = 0 };
    struct p2m_stats s;
    struct balloon b;
    struct memtest_result mt = { .bad = -1 };
    unsigned long memfree, memtotal;
    long viol;
    double t0;
    int e;

    t0 = now();
    e = set_target(0);
    t0 = now() - t0;
    CHECK(&w, !e, "target 0: %s", strerror(e));
    if ( !read_balloon(&b) || !read_stats(&s) )
    {
        result("balloon-in", false, "cannot read the state back");
        return;
    }
    memfree = meminfo("MemFree");
    memtotal = meminfo("MemTotal");
    viol = audit_violations();

    CHECK(&w, b.pages == 0 && b.order0 == 0 && b.order9 == 0,
          "%lu pages still in the balloon", b.pages);
    CHECK(&w, memtotal == boot_memtotal, "MemTotal %lu kB, %lu at boot",
          memtotal, boot_memtotal);
    CHECK(&w, memfree + 16 * 1024 >= start_memfree,
          "MemFree %lu kB, %lu kB before balloon-out", memfree, start_memfree);
    CHECK(&w, mapped_pages(&s) == dt_ram_pages, "p2m maps %lu pages of %lu",
          mapped_pages(&s), dt_ram_pages);
    CHECK(&w, viol == 0, "audit: %ld violations", viol);
    /*
     * Populating refills holes: never a split, and a table goes only when
     * a refill made it one superpage's worth (R11): one per merge.  The
     * leaves per level are known only if nothing merged.
     */
    CHECK(&w, s.splits == out_stats.splits, "%lu splits while populating",
          s.splits - out_stats.splits);
    CHECK(&w, s.tables == out_stats.tables - (s.merges - out_stats.merges),
          "tables %lu -> %lu with %lu merges", out_stats.tables, s.tables,
          s.merges - out_stats.merges);
    if ( s.merges == out_stats.merges )
    {
        CHECK(&w, s.leaves[0] == out_stats.leaves[0] + out_balloon.order0,
              "4K leaves %lu, expected %lu", s.leaves[0],
              out_stats.leaves[0] + out_balloon.order0);
        CHECK(&w, s.leaves[1] == out_stats.leaves[1] + out_balloon.order9,
              "2M leaves %lu, expected %lu", s.leaves[1],
              out_stats.leaves[1] + out_balloon.order9);
    }

    mt = memtest(memtest_bytes(0), opt.cpus, -1, -1, 0);
    CHECK(&w, mt.bad == 0, "memtest: %ld bad words", mt.bad);

    result("balloon-in", !w.n,
           "%s%sballoon empty after %.1f s; MemFree %lu kB (%lu before), "
           "leaves 4K/2M/1G %lu/%lu/%lu, tables %lu, merges %lu, audit %ld "
           "violations; memtest %lu MiB (write, 2 verifies), %ld bad words, "
           "%.1f s (%.1f s populating)",
           w.text, w.n ? "; " : "", t0, memfree, start_memfree, s.leaves[0],
           s.leaves[1], s.leaves[2], s.tables, s.merges, viol, mt.bytes / MiB,
           mt.bad, mt.seconds, mt.populate);
}

static void scenario_concurrent(void)
{
    const unsigned long toggle = 2048;
    struct why w = { .n = 0 };
    struct p2m_stats s0, s1;
    struct balloon b;
    struct memtest_result mt;
    unsigned long toggles = 0, errors = 0, remote = 0;
    bool two = opt.cpus >= 2;
    double until, t0;
    size_t bytes;
    char buf[128];

    if ( !read_stats(&s0) )
    {
        result("concurrent", false, "no p2m statistics");
        return;
    }

    /*
     * The tester works on CPU1 with rounds small enough to repeat many
     * times in the window, so that it keeps getting pages the balloon just
     * gave back; every second verify pass runs on CPU0, where the balloon
     * runs, so a stale translation on either CPU shows.
     */
    bytes = memtest_bytes(toggle) / 4;
    if ( bytes > 64 * MiB )
        bytes = 64 * MiB;
    t0 = now();
    until = t0 + opt.duration;

    pin_to(0);
    {
        pid_t tester;
        int fds[2];

        /* memtest() blocks, so run it from a child of our own. */
        if ( pipe(fds) )
        {
            oops("pipe: %s", strerror(errno));
            return;
        }
        tester = fork();
        if ( tester == 0 )
        {
            struct memtest_result r;

            close(fds[0]);
            r = memtest(bytes, 1, two ? 1 : 0, two ? 0 : -1, until);
            if ( write(fds[1], &r, sizeof(r)) != sizeof(r) )
                _exit(2);
            _exit(0);
        }
        close(fds[1]);
        while ( now() < until )
        {
            if ( set_target(toggle) )
                errors++;
            if ( set_target(0) )
                errors++;
            toggles++;
        }
        mt.bad = -1;
        if ( tester < 0 || read(fds[0], &mt, sizeof(mt)) != sizeof(mt) )
            mt.bad = -1;
        close(fds[0]);
        if ( tester > 0 )
            waitpid(tester, NULL, 0);
    }
    pin_to(-1);

    if ( !read_stats(&s1) || !read_balloon(&b) )
    {
        result("concurrent", false, "cannot read the state back");
        return;
    }
    if ( read_file(BALLOON_DIR "/fence_targets", buf, sizeof(buf)) <= 0 ||
         !find_value(buf, "remote_cpus", &remote) )
        oops("cannot read fence_targets");

    CHECK(&w, errors == 0, "%lu balloon writes failed", errors);
    CHECK(&w, toggles > 0, "no balloon round");
    CHECK(&w, mt.bad == 0, "memtest: %ld bad words", mt.bad);
    CHECK(&w, mt.rounds > 0, "memtest did not run");
    CHECK(&w, b.pages == 0, "%lu pages left in the balloon", b.pages);
    CHECK(&w, mapped_pages(&s1) == dt_ram_pages, "p2m maps %lu pages of %lu",
          mapped_pages(&s1), dt_ram_pages);
    if ( two )
    {
        CHECK(&w, s1.fences_remote > s0.fences_remote, "no remote fence sent");
        CHECK(&w, remote & 2, "no remote fence reached CPU1 (mask %#lx)",
              remote);
    }
    /* One remote call per flush at most, whatever the flush was for. */
    CHECK(&w, s1.fences_remote - s0.fences_remote <= s1.flushes - s0.flushes,
          "%lu remote fence calls for %lu flushes",
          s1.fences_remote - s0.fences_remote, s1.flushes - s0.flushes);

    result("concurrent", !w.n,
           "%s%s%.1f s: %lu balloon rounds 0<->%lu pages on CPU0, memtest on "
           "CPU%d %lu rounds of %zu MiB (%lu MiB), %ld bad words; splits +%lu, "
           "fences remote +%lu (CPUs %#lx), gpa +%lu, vmid +%lu, in %lu "
           "flushes; order-9 extents refused so far %lu",
           w.text, w.n ? "; " : "", now() - t0, toggles, toggle, two ? 1 : 0,
           mt.rounds, bytes / MiB, mt.bytes / MiB, mt.bad,
           s1.splits - s0.splits, s1.fences_remote - s0.fences_remote, remote,
           s1.fences_gpa - s0.fences_gpa, s1.fences_vmid - s0.fences_vmid,
           s1.flushes - s0.flushes, b.refused);
}

static void scenario_bad_input(void)
{
    static const struct {
        const char *text;
        size_t len;
    } bad[] = {
        { "abc", 3 },  { "-5", 2 },    { "1x", 2 },
        { "", 0 },     { " 5", 2 },    { "5 5", 3 },
        { "0x10", 4 }, { "5\n\n", 3 }, { "99999999999999999999999", 23 },
        { NULL, 0 }, /* above RAM */
    };
    struct why w = { .n = 0 };
    struct balloon b0, b1;
    char above[32];
    unsigned int refused = 0;
    const unsigned long keep = 1000;
    int e;

    /* A balloon that is not empty, so "unchanged" means something. */
    e = set_target(keep);
    CHECK(&w, !e, "target %lu: %s", keep, strerror(e));
    if ( !read_balloon(&b0) )
    {
        result("bad-input", false, "cannot read the balloon");
        return;
    }
    snprintf(above, sizeof(above), "%lu", dt_ram_pages + 1);

    for ( unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++ )
    {
        const char *text = bad[i].text ? bad[i].text : above;
        size_t len = bad[i].text ? bad[i].len : strlen(above);

        e = write_raw(BALLOON_DIR "/target", text, len);
        if ( e == EINVAL || e == ERANGE )
            refused++;
        else
            why_add(&w, "\"%s\" gave %s", text, e ? strerror(e) : "success");
        if ( !read_balloon(&b1) )
            break;
        CHECK(&w, b1.pages == b0.pages && b1.target == b0.target,
              "after \"%s\": target %lu current %lu, were %lu %lu", text,
              b1.target, b1.pages, b0.target, b0.pages);
    }
    e = write_str(BALLOON_DIR "/order9_percent", "101");
    CHECK(&w, e == ERANGE || e == EINVAL, "order9_percent 101 accepted");
    e = write_str(BALLOON_DIR "/scatter_stride", "3");
    CHECK(&w, e == ERANGE || e == EINVAL, "scatter_stride 3 accepted");

    e = set_target(0);
    CHECK(&w, !e, "target 0: %s", strerror(e));

    result("bad-input", !w.n,
           "%s%s%u of %zu bad target writes refused (EINVAL/ERANGE), "
           "target %lu and current %lu unchanged; \"%s\" is above RAM",
           w.text, w.n ? "; " : "", refused, sizeof(bad) / sizeof(bad[0]),
           b0.target, b0.pages, above);
}

/*
 * What the statistics must satisfy: the leaves cover exactly dom0's RAM
 * minus the balloon, the audit finds nothing, every non-root table holds
 * at most 512 entries, and the pool has not handed out more than it has.
 */
static void audit_check(struct why *w, const char *when, unsigned long pages)
{
    struct p2m_stats s;
    unsigned long min_tables = 0;
    long viol = audit_violations();

    CHECK(w, viol == 0, "%s: audit %ld violations", when, viol);
    if ( !read_stats(&s) )
    {
        why_add(w, "%s: no statistics", when);
        return;
    }
    CHECK(w, mapped_pages(&s) == dt_ram_pages - pages,
          "%s: leaves map %lu pages, RAM %lu - balloon %lu", when,
          mapped_pages(&s), dt_ram_pages, pages);
    for ( unsigned int l = 0; l < s.root_level && l < P2M_LEVELS; l++ )
        min_tables += (s.leaves[l] + 511) / 512;
    CHECK(w, s.tables >= min_tables, "%s: %lu tables for the leaves, need %lu",
          when, s.tables, min_tables);
    for ( unsigned int l = s.root_level + 1; l < P2M_LEVELS; l++ )
        CHECK(w, s.leaves[l] == 0, "%s: leaves above the root", when);
    CHECK(w, s.pool_free <= s.pool_total, "%s: pool free > total", when);
}

static void scenario_audit(void)
{
    struct why w = { .n = 0 };
    struct balloon b;
    const unsigned long some = 8192 + 300;
    int e;

    audit_check(&w, "empty balloon", 0);
    e = set_target(some);
    CHECK(&w, !e, "target %lu: %s", some, strerror(e));
    if ( read_balloon(&b) )
        audit_check(&w, "balloon", b.pages);
    e = set_target(0);
    CHECK(&w, !e, "target 0: %s", strerror(e));
    audit_check(&w, "emptied again", 0);

    result("audit", !w.n,
           "%s%s0 violations and leaves covering RAM minus the balloon, "
           "with 0 and %lu pages ballooned",
           w.text, w.n ? "; " : "", some);
}

/* ---- domains that come and go ---- */

/* domain_state values (public/arch-riscv.h) and Xen's codes. */
#define DOMAIN_SHUTDOWN   16 /* + the SHUTDOWN_* code */
#define DOMAIN_DEAD       32 /* + the SHUTDOWN_* code */
#define SHUTDOWN_POWEROFF 0
#define DOMAIN_WAIT_S     30
/* The cycle that asks for the id of the domain destroyed just before. */
#define REUSE_CYCLE 5

/* Send cmd to the driver's domain file; its result (or false). */
static bool domain_cmd(const char *cmd, long *result)
{
    char buf[64];
    const char *p;

    if ( write_str(BALLOON_DIR "/domain", cmd) ||
         read_file(BALLOON_DIR "/domain", buf, sizeof(buf)) <= 0 )
        return false;
    p = strstr(buf, "result ");
    if ( !p )
        return false;
    *result = strtol(p + 7, NULL, 10);
    return true;
}

struct mem_info {
    unsigned long heap_free, tot_pages, nr_domains, kill_step_max;
};

static bool read_mem_info(struct mem_info *m)
{
    char buf[256];

    return read_file(BALLOON_DIR "/mem_info", buf, sizeof(buf)) > 0 &&
           find_value(buf, "heap_free", &m->heap_free) &&
           find_value(buf, "tot_pages", &m->tot_pages) &&
           find_value(buf, "nr_domains", &m->nr_domains) &&
           find_value(buf, "kill_step_max", &m->kill_step_max);
}

/*
 * opt.lifecycle domains, each built from the domU module, while a child on
 * CPU0 keeps ballooning: every other one runs to its own poweroff, after
 * which the hypervisor destroys it (its state says dead + poweroff, and
 * there is nothing left for us to destroy), the others we destroy while
 * they run.  Ids come in order, the first free one after the last; one
 * cycle asks for the id of the domain destroyed just before, and gets it.
 * After every domain the hypervisor's free heap plus dom0's own pages
 * (read together, with no balloon operation in between) must equal their
 * sum before the first domain, to the page: the balloon moves pages
 * between the two, a domain's destruction must return all it took.
 */
static void scenario_lifecycle(void)
{
    struct why w = { .n = 0 };
    struct mem_info m0, m;
    unsigned long base = 0, worst = 0, cycles = 0, to_end = 0, reused = 0;
    long prev = -1, next_id = -1;
    volatile unsigned long *shared;
    double t0 = now();
    pid_t child;
    char cmd[32];

    if ( !read_mem_info(&m0) )
    {
        result("lifecycle", false, "cannot read mem_info");
        return;
    }
    base = m0.heap_free + m0.tot_pages;

    /* [0]: stop, [1]: balloon rounds done. */
    shared = mmap(NULL, PAGE_BYTES, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if ( shared == MAP_FAILED )
    {
        result("lifecycle", false, "mmap: %s", strerror(errno));
        return;
    }
    shared[0] = shared[1] = 0;
    child = fork();
    if ( child == 0 )
    {
        pin_to(0);
        while ( !shared[0] )
        {
            if ( set_target(2048) || set_target(0) )
                _exit(1);
            shared[1]++;
        }
        _exit(0);
    }
    if ( opt.cpus >= 2 )
        pin_to(1);

    for ( unsigned int i = 0; i < opt.lifecycle && !w.n; i++ )
    {
        long id = -1, rc = 1, st = -1;
        bool reuse = i == REUSE_CYCLE && prev > 0;

        if ( reuse )
            snprintf(cmd, sizeof(cmd), "create %ld", prev);
        else
            snprintf(cmd, sizeof(cmd), "create");
        if ( !domain_cmd(cmd, &id) || id <= 0 )
        {
            why_add(&w, "domain %u: %s gave %ld", i, cmd, id);
            break;
        }
        if ( reuse )
        {
            CHECK(&w, id == prev, "create %ld (a destroyed id) gave %ld", prev,
                  id);
            reused++;
        }
        else
        {
            /* The first id is the hypervisor's choice; then in order. */
            CHECK(&w, next_id < 0 || id == next_id,
                  "create gave domain %ld, expected the next free id %ld", id,
                  next_id);
            next_id = id + 1;
        }
        snprintf(cmd, sizeof(cmd), "state %ld", id);
        if ( !(i & 1) )
        {
            double until = now() + DOMAIN_WAIT_S;

            /* Running, shut down, dying, then dead: gone. */
            while ( domain_cmd(cmd, &st) && st >= 0 && st < DOMAIN_DEAD &&
                    now() < until )
                usleep(20000);
            CHECK(&w, st == DOMAIN_DEAD + SHUTDOWN_POWEROFF,
                  "domain %ld ended with state %ld (its own checks "
                  "failed, or it did not finish in %d s)",
                  id, st, DOMAIN_WAIT_S);
            snprintf(cmd, sizeof(cmd), "destroy %ld", id);
            CHECK(&w, domain_cmd(cmd, &rc) && rc == -ESRCH,
                  "destroy %ld, which destroyed itself, gave %ld", id, rc);
            to_end++;
        }
        else
        {
            /* It may have got to its own poweroff first: then -ESRCH. */
            snprintf(cmd, sizeof(cmd), "destroy %ld", id);
            CHECK(&w, domain_cmd(cmd, &rc) && (rc == 0 || rc == -ESRCH),
                  "destroy %ld gave %ld", id, rc);
        }
        snprintf(cmd, sizeof(cmd), "state %ld", id);
        CHECK(&w,
              domain_cmd(cmd, &st) &&
                  (st == -ESRCH || st == DOMAIN_DEAD + SHUTDOWN_POWEROFF),
              "domain %ld still there after its end (state %ld)", id, st);
        prev = id;
        if ( !read_mem_info(&m) )
        {
            why_add(&w, "cannot read mem_info");
            break;
        }
        CHECK(&w, m.heap_free + m.tot_pages == base,
              "after destroying domain %ld: heap %lu + dom0 %lu = %lu pages, "
              "%lu before the first",
              id, m.heap_free, m.tot_pages, m.heap_free + m.tot_pages, base);
        CHECK(&w, m.nr_domains == 1, "%lu domains left", m.nr_domains);
        if ( m.kill_step_max > worst )
            worst = m.kill_step_max;
        cycles++;
    }

    shared[0] = 1;
    {
        int status = 1;

        if ( child < 0 || waitpid(child, &status, 0) != child ||
             !WIFEXITED(status) || WEXITSTATUS(status) )
            why_add(&w, "the ballooning child failed");
    }
    pin_to(-1);
    CHECK(&w, shared[1] > 0, "no balloon round ran beside the domains");
    CHECK(&w, !set_target(0), "cannot empty the balloon");
    audit_check(&w, "after the domains", 0);

    result("lifecycle", !w.n,
           "%s%s%lu domains built from the domU module and gone (%lu "
           "ran to their own poweroff and were destroyed by the hypervisor, "
           "the rest by us), ids up to %ld, %lu destroyed id reused, while "
           "CPU0 ballooned 0<->2048 pages %lu times; free heap + dom0's "
           "pages %lu after every domain, as before the first; largest "
           "destroy step %lu; %.1f s",
           w.text, w.n ? "; " : "", cycles, to_end, next_id - 1, reused,
           shared[1], base, worst, now() - t0);
    munmap((void *)shared, PAGE_BYTES);
}

/* ---- setup ---- */

static void parse_cmdline(void)
{
    char buf[1024], *tok, *save;

    if ( read_file("/proc/cmdline", buf, sizeof(buf)) <= 0 )
    {
        oops("cannot read /proc/cmdline");
        return;
    }
    for ( tok = strtok_r(buf, " \n", &save); tok;
          tok = strtok_r(NULL, " \n", &save) )
    {
        if ( !strncmp(tok, "linux_dom0.cpus=", 16) )
            opt.cpus = strtoul(tok + 16, NULL, 10);
        else if ( !strncmp(tok, "linux_dom0.fail=", 16) )
            snprintf(opt.fail, sizeof(opt.fail), "%s", tok + 16);
        else if ( !strncmp(tok, "linux_dom0.duration=", 20) )
            opt.duration = strtoul(tok + 20, NULL, 10);
        else if ( !strncmp(tok, "linux_dom0.memtest_mb=", 22) )
            opt.memtest_mb = strtoul(tok + 22, NULL, 10);
        else if ( !strncmp(tok, "linux_dom0.lifecycle=", 21) )
            opt.lifecycle = strtoul(tok + 21, NULL, 10);
    }
    if ( !opt.cpus )
        opt.cpus = 1;
}

static void mount_or_oops(const char *src, const char *dst, const char *type)
{
    mkdir(dst, 0755);
    if ( mount(src, dst, type, 0, NULL) && errno != EBUSY )
        oops("mount %s on %s: %s", type, dst, strerror(errno));
}

static void power_off(bool ok)
{
    fflush(stdout);
    write_str(BALLOON_DIR "/poweroff", ok ? "ok" : "failure");
    /* Still here: the driver is missing or the SBI call failed. */
    printf("linux-dom0: poweroff through the balloon driver failed\n");
    fflush(stdout);
    if ( ok )
        reboot(RB_POWER_OFF);
    /* Returning from init panics the kernel: a failure exit too. */
    exit(1);
}

int main(void)
{
    char uptime[64] = "?";
    struct stat st;

    setvbuf(stdout, NULL, _IOLBF, 0);
    mount_or_oops("proc", "/proc", "proc");
    mount_or_oops("sysfs", "/sys", "sysfs");
    mount_or_oops("debugfs", "/sys/kernel/debug", "debugfs");
    parse_cmdline();
    /*
     * The scattered balloon fragments memory on purpose; watermark boosting
     * would then hold back up to 10% of RAM that MemAvailable still counts,
     * and the memory tests, sized from MemAvailable, would meet the OOM
     * killer.
     */
    if ( write_str("/proc/sys/vm/watermark_boost_factor", "0") )
        oops("cannot turn watermark boosting off");
    if ( read_file("/proc/uptime", uptime, sizeof(uptime)) > 0 )
        uptime[strcspn(uptime, " ")] = '\0';
    printf("linux-dom0: /init started %s s after kernel start; cpus=%u "
           "duration=%u s%s%s\n",
           uptime, opt.cpus, opt.duration, opt.fail[0] ? " fail=" : "",
           opt.fail);

    if ( stat(BALLOON_DIR "/target", &st) )
        oops("no %s: the balloon driver did not start", BALLOON_DIR);
    else if ( !init_error )
    {
        scenario_boot();
        scenario_balloon_out();
        scenario_balloon_in();
        scenario_concurrent();
        scenario_bad_input();
        scenario_audit();
        if ( opt.lifecycle )
            scenario_lifecycle();
    }

    printf("linux-dom0: %u passed, %u failed\n", passed, failed);
    power_off(!failed && !init_error);
    return 0;
}
