/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hosted test of the hypervisor's reader/writer lock (xen/rwlock.h, the
 * real header, compiled natively; include/asm/system.h supplies
 * cpu_relax()), with POSIX threads:
 *
 *  - readers share the lock;
 *  - a waiting writer keeps new readers out, the readers already inside
 *    finish, then the writer gets the lock and only then the new reader;
 *  - readers hammering the lock in a loop do not starve a writer: every
 *    one of many write_lock() calls returns within a bound;
 *  - readers and writers, and writers among themselves, exclude each
 *    other (checked inside every critical section, and by a pair of
 *    counters that only writers change and readers must see equal).
 *
 * Bounds are generous (a loaded 2-core machine runs this); a lock that
 * prefers readers misses them by orders of magnitude, not by a little.
 * A watchdog ends a run that deadlocks.  Exit status 1 on any failure.
 */

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xen/rwlock.h>

#define NR_READERS    4
#define WRITE_ROUNDS  50
#define GRANT_BOUND   1000000000L /* ns: a writer waits at most this long */
#define SETTLE        200000000L  /* ns: time for a thread to block */
#define MIXED_WRITES  20000
#define WATCHDOG_SECS 120

#define LOAD(p)     __atomic_load_n(p, __ATOMIC_RELAXED)
#define STORE(p, v) __atomic_store_n(p, v, __ATOMIC_RELAXED)
#define INC(p)      __atomic_add_fetch(p, 1, __ATOMIC_RELAXED)
#define DEC(p)      __atomic_sub_fetch(p, 1, __ATOMIC_RELAXED)

static rwlock_t lock;

/* What the critical sections check. */
static unsigned int readers_in, writers_in;
static unsigned long data_a, data_b; /* changed by writers only, together */
static unsigned long violations;
static const char *first_violation;

static unsigned int passed, failed;

static long now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void sleep_ns(long ns)
{
    struct timespec ts = { .tv_sec = ns / 1000000000L,
                           .tv_nsec = ns % 1000000000L };

    nanosleep(&ts, NULL);
}

/* Wait up to ns for *flag to become non-zero. */
static bool wait_flag(const unsigned int *flag, long ns)
{
    long end = now_ns() + ns;

    while ( !__atomic_load_n(flag, __ATOMIC_ACQUIRE) )
    {
        if ( now_ns() > end )
            return false;
        sleep_ns(1000000);
    }

    return true;
}

static void violation(const char *what)
{
    if ( __atomic_fetch_add(&violations, 1, __ATOMIC_RELAXED) == 0 )
        first_violation = what;
}

static void check(const char *name, bool ok, const char *detail)
{
    if ( ok )
    {
        passed++;
        printf("rwlock: %s: PASS\n", name);
    }
    else
    {
        failed++;
        printf("rwlock: %s: FAIL (%s)\n", name, detail);
    }
    fflush(stdout);
}

static void reader_enter(void)
{
    unsigned long a, b;

    read_lock(&lock);
    INC(&readers_in);
    if ( LOAD(&writers_in) )
        violation("a reader is inside with a writer");
    if ( !rw_is_locked(&lock) || rw_is_write_locked(&lock) )
        violation("a reader sees the lock not read-locked");
    a = LOAD(&data_a);
    b = LOAD(&data_b);
    if ( a != b )
        violation("a reader saw a half-done write");
}

static void reader_exit(void)
{
    DEC(&readers_in);
    read_unlock(&lock);
}

static void writer_enter(void)
{
    write_lock(&lock);
    if ( __atomic_exchange_n(&writers_in, 1, __ATOMIC_RELAXED) )
        violation("two writers are inside");
    if ( LOAD(&readers_in) )
        violation("a writer is inside with readers");
    if ( !rw_is_write_locked(&lock) )
        violation("a writer sees the lock not write-locked");
    /* Not atomic as a pair: only exclusion keeps the two equal. */
    STORE(&data_a, LOAD(&data_a) + 1);
    sched_yield();
    STORE(&data_b, LOAD(&data_b) + 1);
}

static void writer_exit(void)
{
    if ( LOAD(&readers_in) )
        violation("readers came in while a writer was inside");
    STORE(&writers_in, 0);
    write_unlock(&lock);
}

static pthread_t start(void *(*fn)(void *), void *arg)
{
    pthread_t t;

    if ( pthread_create(&t, NULL, fn, arg) )
    {
        printf("rwlock: FAIL (pthread_create)\n");
        exit(1);
    }

    return t;
}

/* ---- 1: readers share ---- */

static unsigned int shared_in, shared_release;

static void *shared_reader(void *arg)
{
    reader_enter();
    __atomic_store_n(&shared_in, 1, __ATOMIC_RELEASE);
    wait_flag(&shared_release, 10L * GRANT_BOUND);
    reader_exit();

    return NULL;
}

static void test_shared(void)
{
    pthread_t t;
    bool ok;

    reader_enter();
    t = start(shared_reader, NULL);
    ok = wait_flag(&shared_in, GRANT_BOUND);
    __atomic_store_n(&shared_release, 1, __ATOMIC_RELEASE);
    reader_exit();
    pthread_join(t, NULL);

    check("a second reader shares the lock", ok,
          "it did not get in while one reader held the lock");
    check("unlocked after both readers left",
          !rw_is_locked(&lock) && !rw_is_write_locked(&lock),
          "lock word not back to unlocked");
}

/* ---- 2: a waiting writer keeps new readers out ---- */

static unsigned int seq;
static unsigned int w_started, w_in, w_seq, w_done;
static unsigned int r_started, r_in, r_seq, r_done;

static void *order_writer(void *arg)
{
    __atomic_store_n(&w_started, 1, __ATOMIC_RELEASE);
    writer_enter();
    STORE(&w_seq, INC(&seq));
    __atomic_store_n(&w_in, 1, __ATOMIC_RELEASE);
    writer_exit();
    __atomic_store_n(&w_done, 1, __ATOMIC_RELEASE);

    return NULL;
}

static void *order_reader(void *arg)
{
    __atomic_store_n(&r_started, 1, __ATOMIC_RELEASE);
    reader_enter();
    STORE(&r_seq, INC(&seq));
    __atomic_store_n(&r_in, 1, __ATOMIC_RELEASE);
    reader_exit();
    __atomic_store_n(&r_done, 1, __ATOMIC_RELEASE);

    return NULL;
}

static void test_writer_waiting(void)
{
    pthread_t w, r;
    bool writer_early, reader_early, writer_ok, reader_ok;

    /* An old reader holds the lock; a writer comes and waits. */
    reader_enter();
    w = start(order_writer, NULL);
    wait_flag(&w_started, 10L * GRANT_BOUND);
    sleep_ns(SETTLE);
    writer_early = LOAD(&w_in);

    /* A new reader comes while the writer waits. */
    r = start(order_reader, NULL);
    wait_flag(&r_started, 10L * GRANT_BOUND);
    sleep_ns(SETTLE);
    reader_early = LOAD(&r_in);

    /* The old reader leaves: the writer, then the new reader. */
    reader_exit();
    writer_ok = wait_flag(&w_done, GRANT_BOUND);
    reader_ok = wait_flag(&r_done, GRANT_BOUND);
    pthread_join(w, NULL);
    pthread_join(r, NULL);

    check("a writer waits while a reader holds the lock", !writer_early,
          "the writer got in beside a reader");
    check("a waiting writer keeps a new reader out", !reader_early,
          "a new reader got the lock while a writer was waiting");
    check("the writer gets the lock when the old reader leaves",
          writer_ok && !writer_early, "the writer did not get the lock");
    check("the new reader follows the writer",
          reader_ok && LOAD(&w_seq) < LOAD(&r_seq),
          "the new reader went first (or never)");
}

/* ---- 3: readers hammering the lock do not starve a writer ---- */

static unsigned int stop;
static unsigned long reads;
static long wait_since; /* when the writer called write_lock(), or 0 */
static long max_wait;
static unsigned int rounds_done, writer_finished;

static void *hammer_reader(void *arg)
{
    while ( !LOAD(&stop) )
    {
        reader_enter();
        /* Stay a while, so that readers overlap. */
        for ( unsigned int i = 0; i < 200; i++ )
            (void)LOAD(&data_a);
        INC(&reads);
        reader_exit();
    }

    return NULL;
}

static void *hammer_writer(void *arg)
{
    for ( unsigned int i = 0; i < WRITE_ROUNDS && !LOAD(&stop); i++ )
    {
        long t0 = now_ns(), waited;

        STORE(&wait_since, t0);
        writer_enter();
        waited = now_ns() - t0;
        STORE(&wait_since, 0);
        if ( waited > LOAD(&max_wait) )
            STORE(&max_wait, waited);
        writer_exit();
        INC(&rounds_done);
        /* Let the readers crowd the lock again. */
        sleep_ns(2000000);
    }
    __atomic_store_n(&writer_finished, 1, __ATOMIC_RELEASE);

    return NULL;
}

static void test_no_starvation(void)
{
    pthread_t rd[NR_READERS], w;
    unsigned long before = LOAD(&violations);
    bool starved = false;
    char detail[160];

    for ( unsigned int i = 0; i < NR_READERS; i++ )
        rd[i] = start(hammer_reader, NULL);
    /* Readers first, so the writer arrives at a busy lock. */
    sleep_ns(50000000);
    w = start(hammer_writer, NULL);

    while ( !__atomic_load_n(&writer_finished, __ATOMIC_ACQUIRE) )
    {
        long since = LOAD(&wait_since);

        if ( since && now_ns() - since > GRANT_BOUND )
        {
            starved = true;
            break;
        }
        sleep_ns(5000000);
    }

    /* Stop the readers; a starved writer then gets in too. */
    STORE(&stop, 1);
    pthread_join(w, NULL);
    for ( unsigned int i = 0; i < NR_READERS; i++ )
        pthread_join(rd[i], NULL);

    snprintf(detail, sizeof(detail),
             "write_lock() waited more than %ld ms in round %u of %u "
             "(%lu reads so far)",
             GRANT_BOUND / 1000000, LOAD(&rounds_done) + 1, WRITE_ROUNDS,
             LOAD(&reads));
    check("a writer gets in among hammering readers, every time", !starved,
          detail);
    printf("rwlock: %u readers, %lu reads, %u writes, longest write_lock() "
           "wait %ld us\n",
           NR_READERS, LOAD(&reads), LOAD(&rounds_done),
           LOAD(&max_wait) / 1000);
    check("readers ran", LOAD(&reads) > 0, "no read completed");
    check("exclusion held under contention", LOAD(&violations) == before,
          first_violation ? first_violation : "?");
}

/* ---- 4: writers among themselves, with readers ---- */

static unsigned int mixed_stop;

static void *mixed_writer(void *arg)
{
    for ( unsigned int i = 0; i < MIXED_WRITES; i++ )
    {
        writer_enter();
        writer_exit();
    }

    return NULL;
}

static void *mixed_reader(void *arg)
{
    while ( !LOAD(&mixed_stop) )
    {
        reader_enter();
        reader_exit();
    }

    return NULL;
}

static void test_mixed(void)
{
    pthread_t w[2], r[2];
    unsigned long before = LOAD(&violations), a0 = LOAD(&data_a);

    for ( unsigned int i = 0; i < 2; i++ )
        r[i] = start(mixed_reader, NULL);
    for ( unsigned int i = 0; i < 2; i++ )
        w[i] = start(mixed_writer, NULL);
    for ( unsigned int i = 0; i < 2; i++ )
        pthread_join(w[i], NULL);
    STORE(&mixed_stop, 1);
    for ( unsigned int i = 0; i < 2; i++ )
        pthread_join(r[i], NULL);

    check("two writers and two readers exclude each other",
          LOAD(&violations) == before, first_violation ? first_violation : "?");
    check("no write lost",
          LOAD(&data_a) - a0 == 2UL * MIXED_WRITES &&
              LOAD(&data_a) == LOAD(&data_b),
          "the writers' counters do not add up");
    check("unlocked at the end",
          !rw_is_locked(&lock) && !rw_is_write_locked(&lock),
          "lock word not back to unlocked");
}

static void watchdog(int sig)
{
    static const char msg[] = "rwlock: FAIL (watchdog: no progress, "
                              "deadlock?)\n";

    (void)sig;
    if ( write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0 )
        _exit(2);
    _exit(1);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGALRM, watchdog);
    alarm(WATCHDOG_SECS);

    rwlock_init(&lock);

    test_shared();
    test_writer_waiting();
    test_no_starvation();
    test_mixed();

    printf("rwlock: %u passed, %u failed\n", passed, failed);

    return failed ? 1 : 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
