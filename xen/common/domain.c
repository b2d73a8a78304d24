/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: creation, shutdown and crash.
 */

#include <xen/console.h>
#include <xen/domid.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/p2m.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <public/arch-riscv.h>
#include <public/sched.h>

struct domain *domain_list;
static DEFINE_SPINLOCK(domlist_lock);

/* Put d on domain_list, in order of domain id. */
static void domain_list_add(struct domain *d)
{
    struct domain **pd;

    spin_lock(&domlist_lock);
    for ( pd = &domain_list; *pd && (*pd)->domain_id < d->domain_id;
          pd = &(*pd)->next_in_list )
        continue;
    d->next_in_list = *pd;
    /* Readers walk the list without the lock: publish d complete. */
    smp_wmb();
    *pd = d;
    spin_unlock(&domlist_lock);
}

/* Walks of domain_list in progress (see for_each_domain()). */
static unsigned int domlist_readers;

void domain_list_read_begin(void)
{
    /*
     * Full ordering: the count must be visible before this walk reads the
     * list, as the unlink must be before domain_kill() reads the count
     * (store then load on each side: acquire/release would not do).
     */
    __atomic_add_fetch(&domlist_readers, 1, __ATOMIC_SEQ_CST);
}

void domain_list_read_end(void)
{
    __atomic_sub_fetch(&domlist_readers, 1, __ATOMIC_RELEASE);
}

/*
 * Take d off domain_list.  Lock-free readers (debug keys) may still be
 * looking at d: it may be freed only once domlist_readers has been seen
 * at 0 after this (domain_kill()), or, for a domain that never ran, taken
 * off at boot before dom0 runs, right away.
 */
void domain_list_del(struct domain *d)
{
    struct domain **pd;

    spin_lock(&domlist_lock);
    for ( pd = &domain_list; *pd; pd = &(*pd)->next_in_list )
        if ( *pd == d )
        {
            *pd = d->next_in_list;
            break;
        }
    spin_unlock(&domlist_lock);
}

/* ---- Domain ids ---- */

static DEFINE_SPINLOCK(domid_lock);
/* Ids in use: from domid_alloc() until the domain is freed. */
static unsigned long domid_used[DOMID_MAP_LONGS];
/* The last id domid_alloc(DOMID_ANY) gave. */
static domid_t domid_last;

domid_t domid_alloc(domid_t domid)
{
    unsigned long bit;

    if ( domid >= DOMID_FIRST_RESERVED && domid != DOMID_ANY )
        return DOMID_INVALID;

    spin_lock(&domid_lock);
    if ( domid == DOMID_ANY )
    {
        domid = domid_pick(domid_used, domid_last);
        if ( domid != DOMID_INVALID )
            domid_last = domid;
    }
    else if ( domid_in_use(domid_used, domid) )
        domid = DOMID_INVALID;
    if ( domid != DOMID_INVALID )
    {
        bit = 1UL << (domid % DOMID_BITS_PER_LONG);
        domid_used[domid / DOMID_BITS_PER_LONG] |= bit;
    }
    spin_unlock(&domid_lock);

    return domid;
}

void domid_free(domid_t domid)
{
    unsigned long bit = 1UL << (domid % DOMID_BITS_PER_LONG);

    ASSERT(domid < DOMID_FIRST_RESERVED);

    spin_lock(&domid_lock);
    ASSERT(domid_in_use(domid_used, domid));
    domid_used[domid / DOMID_BITS_PER_LONG] &= ~bit;
    spin_unlock(&domid_lock);
}

static void domain_dead_forget(domid_t domid);

struct domain *domain_create(domid_t domid,
                             const struct xen_domctl_createdomain *config,
                             unsigned long p2m_pool_pages)
{
    unsigned int max_vcpus = config->max_vcpus;
    struct domain *d;
    unsigned int i;

    if ( !max_vcpus || max_vcpus > MAX_VIRT_CPUS )
        return NULL;

    d = xzalloc(struct domain);
    if ( !d )
        return NULL;

    d->domain_id = domid;
    spin_lock_init(&d->page_alloc_lock);
    spin_lock_init(&d->shutdown_lock);
    INIT_PAGE_LIST_HEAD(&d->page_list);
    d->max_vcpus = max_vcpus;

    if ( arch_domain_create(d, config, p2m_pool_pages) )
    {
        xfree(d);
        return NULL;
    }

    /* Whatever a dead domain of that id left to be read is not ours. */
    domain_dead_forget(domid);

    for ( i = 0; i < max_vcpus; i++ )
    {
        struct vcpu *v = xzalloc(struct vcpu);

        if ( !v )
            panic("No memory for vCPU%u of domain %u", i, domid);
        v->vcpu_id = i;
        v->domain = d;
        v->regs = &v->arch.user_regs;
        d->vcpu[i] = v;
    }

    domain_list_add(d);

    return d;
}

/* ---- Destruction ---- */

/* domain_kill()'s phases, in order. */
#define DOMKILL_alive    0 /* running, or shut down but still there */
#define DOMKILL_stopping 1 /* vCPUs kicked; waiting for them to leave */
#define DOMKILL_unlisted 2 /* off domain_list; waiting for its walkers */
#define DOMKILL_p2m      3 /* taking down the p2m */
#define DOMKILL_ram      4 /* freeing the domain's pages */
#define DOMKILL_dead     5

/*
 * Work done by one domain_kill() call: p2m leaves or pool pages, or RAM
 * pages.  Bounded so that a destroy hypercall returns to the guest (and
 * continues) well within a millisecond or so under QEMU.
 */
#define DOMKILL_BUDGET 512UL

static DEFINE_SPINLOCK(domain_kill_lock);
/* Domains taken off domain_list and not yet freed; under the lock. */
static struct domain *dying_list;
/*
 * Per CPU, the domains that ended on their own there (shutdown or crash)
 * and that the CPU destroys from its idle loop (domain_destroy_softirq());
 * under the lock, linked through next_reap.  Whoever frees a domain (this
 * CPU, or dom0's destroy) takes it off, so the list never names freed
 * memory.
 */
static struct domain *reap_list[CONFIG_NR_CPUS];

/*
 * How the last few domains that ended on their own ended, for dom0 to read
 * once they are gone (domain_state: dead + SHUTDOWN_* code): nobody else
 * could tell it, since the hypervisor destroyed them itself.  Static, so
 * that a dead domain leaves nothing in the heap; the oldest record makes
 * room, and a new domain with the id drops it.  Under domain_kill_lock.
 */
#define DOMAIN_DEAD_RECORDS 8
static struct {
    domid_t domid;
    unsigned int code;
} dead_records[DOMAIN_DEAD_RECORDS] = {
    [0 ... DOMAIN_DEAD_RECORDS - 1] = { .domid = DOMID_INVALID },
};
static unsigned int dead_next;
/* The largest step any domain_kill() took, for the debug interface. */
static unsigned long domain_kill_max_work;

unsigned long domain_kill_largest_step(void)
{
    return __atomic_load_n(&domain_kill_max_work, __ATOMIC_RELAXED);
}

static void domain_dead_record(const struct domain *d)
{
    dead_records[dead_next].domid = d->domain_id;
    dead_records[dead_next].code = d->shutdown_code;
    dead_next = (dead_next + 1) % DOMAIN_DEAD_RECORDS;
}

/* The SHUTDOWN_* code a dead domain left, or -1. */
static int domain_dead_code(domid_t domid)
{
    for ( unsigned int i = 0; i < DOMAIN_DEAD_RECORDS; i++ )
        if ( dead_records[i].domid == domid )
            return dead_records[i].code;

    return -1;
}

static void domain_dead_forget(domid_t domid)
{
    spin_lock(&domain_kill_lock);
    for ( unsigned int i = 0; i < DOMAIN_DEAD_RECORDS; i++ )
        if ( dead_records[i].domid == domid )
            dead_records[i].domid = DOMID_INVALID;
    spin_unlock(&domain_kill_lock);
}

/* domain_find() with domain_kill_lock held. */
static struct domain *domain_find_locked(domid_t domid)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    for_each_domain(d) if ( d->domain_id == domid ) break;
    spin_unlock(&domlist_lock);

    if ( !d )
        for ( d = dying_list; d; d = d->next_dying )
            if ( d->domain_id == domid )
                break;

    return d;
}

struct domain *rcu_lock_domain_by_id(domid_t domid)
{
    struct domain *d;

    spin_lock(&domain_kill_lock);
    d = domain_find_locked(domid);
    if ( d && d->kill_phase == DOMKILL_alive )
        return d;

    spin_unlock(&domain_kill_lock);

    return NULL;
}

void rcu_unlock_domain(struct domain *d)
{
    ASSERT(spin_is_locked(&domain_kill_lock));
    spin_unlock(&domain_kill_lock);
}

/*
 * The result may be freed by a concurrent destroy as soon as this returns:
 * only for callers that do not dereference it (an existence check) or that
 * hold domain_kill_lock (which frees).
 */
struct domain *domain_find(domid_t domid)
{
    struct domain *d;

    spin_lock(&domain_kill_lock);
    d = domain_find_locked(domid);
    spin_unlock(&domain_kill_lock);

    return d;
}

unsigned int domain_count(void)
{
    const struct domain *d;
    unsigned int n = 0;

    /*
     * The dying ones count: until freed they still give back memory, so a
     * test that wants the heap to itself must wait for them too.  Under
     * the destroy lock, a domain moves from one list to the other between
     * two counts, never during one.
     */
    spin_lock(&domain_kill_lock);
    spin_lock(&domlist_lock);
    for_each_domain(d) n++;
    spin_unlock(&domlist_lock);
    for ( d = dying_list; d; d = d->next_dying )
        n++;
    spin_unlock(&domain_kill_lock);

    return n;
}

static bool domain_vcpus_running(const struct domain *d)
{
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] &&
             __atomic_load_n(&d->vcpu[i]->is_running, __ATOMIC_ACQUIRE) )
            return true;

    return false;
}

static void dying_list_del(struct domain *d)
{
    struct domain **pd;

    for ( pd = &dying_list; *pd; pd = &(*pd)->next_dying )
        if ( *pd == d )
        {
            *pd = d->next_dying;
            break;
        }
}

static void reap_list_del(struct domain *d)
{
    struct domain **pd;

    if ( !d->self_destroy )
        return;
    for ( pd = &reap_list[d->reap_cpu]; *pd; pd = &(*pd)->next_reap )
        if ( *pd == d )
        {
            *pd = d->next_reap;
            break;
        }
}

/*
 * Give back up to budget of the domain's pages, one at a time: after
 * memory_op has freed and repopulated single pages, the order recorded in
 * a page no longer tells which neighbours are still the domain's.  A page
 * another domain still maps (a foreign mapping) stays allocated, nobody's,
 * until that mapping goes.
 */
static unsigned long domain_free_ram(struct domain *d, unsigned long budget)
{
    unsigned long n = 0;

    while ( n < budget && !page_list_empty(&d->page_list) )
    {
        put_domain_pages(d, page_list_first(&d->page_list), 0);
        n++;
    }

    return n;
}

/* One step; domain_kill_lock held. */
static int domain_kill_step(struct domain *d, unsigned long *work)
{
    int rc;

    *work = 0;

    switch ( d->kill_phase )
    {
    case DOMKILL_alive:
        spin_lock(&d->shutdown_lock);
        if ( !d->is_shut_down )
            d->shutdown_code = SHUTDOWN_poweroff;
        d->is_shut_down = true;
        spin_unlock(&d->shutdown_lock);
        /* Seen by a vCPU's next trap, which then leaves its CPU. */
        smp_mb();
        d->kill_phase = DOMKILL_stopping;
        arch_domain_kick_vcpus(d);
        /* fall through */

    case DOMKILL_stopping:
        if ( domain_vcpus_running(d) )
            return -ERESTART;
        /* The last moment the domain is whole: nothing of it runs. */
        arch_domain_stopped(d);
        domain_list_del(d);
        d->next_dying = dying_list;
        dying_list = d;
        d->kill_phase = DOMKILL_unlisted;
        /* fall through */

    case DOMKILL_unlisted:
        /*
         * A walk that started before the unlink may still be at d.  The
         * barrier orders the unlink before the count's load (see
         * domain_list_read_begin()).
         */
        smp_mb();
        if ( __atomic_load_n(&domlist_readers, __ATOMIC_ACQUIRE) )
            return -ERESTART;
        arch_domain_destroy(d);
        d->kill_phase = DOMKILL_p2m;
        /* fall through */

    case DOMKILL_p2m:
        /* The p2m first: no page is freed while it may still map it. */
        rc = arch_domain_relinquish(d, DOMKILL_BUDGET, work);
        if ( rc )
            return rc;
        d->kill_phase = DOMKILL_ram;
        if ( *work )
            return -ERESTART;
        /* fall through */

    case DOMKILL_ram:
        *work = domain_free_ram(d, DOMKILL_BUDGET);
        if ( !page_list_empty(&d->page_list) )
            return -ERESTART;
        ASSERT(!d->tot_pages);
        d->kill_phase = DOMKILL_dead;
        /* fall through */

    case DOMKILL_dead:
        break;
    }

    dying_list_del(d);
    reap_list_del(d);
    if ( d->self_destroy )
        domain_dead_record(d);
    printk("d%u: destroyed%s\n", d->domain_id,
           d->self_destroy ? " (it had shut down)" : "");
    domid_free(d->domain_id);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        xfree(d->vcpu[i]);
    xfree(d);

    return 0;
}

static int domain_kill_locked(struct domain *d)
{
    unsigned long work;
    int rc;

    ASSERT(d->domain_id != 0);

    rc = domain_kill_step(d, &work);
    if ( work > domain_kill_max_work )
        __atomic_store_n(&domain_kill_max_work, work, __ATOMIC_RELAXED);

    return rc;
}

int domain_kill(struct domain *d)
{
    int rc;

    spin_lock(&domain_kill_lock);
    rc = domain_kill_locked(d);
    spin_unlock(&domain_kill_lock);

    return rc;
}

/*
 * This CPU's share of destroying the domains that ended on it: one
 * bounded step, then back to the idle loop (which looks at its start
 * requests) and here again while there is more.
 */
static void domain_destroy_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    bool more;

    spin_lock(&domain_kill_lock);
    if ( reap_list[cpu] )
        /* 0 or -ERESTART; once freed, the domain is off the list. */
        (void)domain_kill_locked(reap_list[cpu]);
    more = reap_list[cpu];
    spin_unlock(&domain_kill_lock);

    if ( more )
        raise_softirq(DOMAIN_DESTROY_SOFTIRQ);
}

/*
 * d (not dom0) shut down or crashed on this CPU, in a trap of its vCPU:
 * too deep to take it apart here, with the guest's trap frame below and
 * its p2m perhaps still loaded.  The trap leaves through
 * vcpu_stop_current() to the idle loop, which destroys it in steps.
 */
static void domain_destroy_deferred(struct domain *d)
{
    unsigned int cpu = smp_processor_id();

    ASSERT(d->domain_id != 0 && current && current->domain == d);

    spin_lock(&domain_kill_lock);
    if ( !d->self_destroy )
    {
        d->self_destroy = true;
        d->reap_cpu = cpu;
        d->next_reap = reap_list[cpu];
        reap_list[cpu] = d;
    }
    spin_unlock(&domain_kill_lock);

    raise_softirq(DOMAIN_DESTROY_SOFTIRQ);
}

void __init domain_init(void)
{
    open_softirq(DOMAIN_DESTROY_SOFTIRQ, domain_destroy_softirq);
}

long domain_state_op(domid_t domid)
{
    const struct domain *d;
    long rc;
    int code;

    if ( !current->domain->is_privileged )
        return -EPERM;

    spin_lock(&domain_kill_lock);
    d = domain_find_locked(domid);
    if ( !d )
    {
        code = domain_dead_code(domid);
        rc = code < 0 ? -ESRCH : XEN_RISCV_DOMAIN_dead + code;
    }
    else if ( d->kill_phase != DOMKILL_alive )
        rc = XEN_RISCV_DOMAIN_dying;
    else if ( __atomic_load_n(&d->is_shut_down, __ATOMIC_ACQUIRE) )
        rc = XEN_RISCV_DOMAIN_shutdown + d->shutdown_code;
    else
        rc = XEN_RISCV_DOMAIN_running;
    spin_unlock(&domain_kill_lock);

    return rc;
}

/*
 * Xen's XEN_DOMCTL_destroydomain semantics (there is no domctl here): the
 * errors are its errors.  The domain is looked up again on every step,
 * under the lock that frees it, so two callers destroying the same domain
 * take turns and the second gets -ESRCH once it is gone.
 */
long domain_destroy_op(domid_t domid)
{
    struct domain *cd = current->domain, *d;
    int rc;

    spin_lock(&domain_kill_lock);
    d = domain_find_locked(domid);
    if ( !cd->is_privileged )
        rc = -EPERM;
    else if ( !d )
        rc = -ESRCH;
    else if ( d == cd || d->domain_id == 0 )
        rc = -EINVAL;
    else
        rc = domain_kill_locked(d);
    spin_unlock(&domain_kill_lock);

    return rc;
}

static const char *shutdown_reason_name(unsigned int reason)
{
    switch ( reason )
    {
    case SHUTDOWN_poweroff:
        return "poweroff";
    case SHUTDOWN_reboot:
        return "reboot";
    case SHUTDOWN_suspend:
        return "suspend";
    case SHUTDOWN_crash:
        return "crash";
    default:
        return "unknown";
    }
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    bool failure = reason == SHUTDOWN_crash;

    guest_console_flush_partial(d);

    spin_lock(&d->shutdown_lock);
    if ( d->is_shut_down )
    {
        spin_unlock(&d->shutdown_lock);
        return;
    }
    d->is_shut_down = true;
    d->shutdown_code = reason;
    spin_unlock(&d->shutdown_lock);

    printk("domain %u shut down: %s (reason %u)\n", d->domain_id,
           shutdown_reason_name(reason), reason);
    /* What the domain's remaps did to its p2m, for whoever reads the log. */
    p2m_dump_info(d);

    /* Nobody restarts a domain here: it ended, so it goes. */
    if ( d->domain_id != 0 )
        domain_destroy_deferred(d);

    /*
     * dom0 going away ends the run.  There is no reboot: a reboot request
     * powers off too, as a success, and an unknown reason as a failure.
     */
    if ( d->domain_id == 0 )
    {
        if ( reason > SHUTDOWN_crash )
            failure = true;
        /* Even if dom0 failed: the other domains' lines belong to the run. */
        if ( arch_domain_dom0_poweroff(d) )
            failure = true;
        printk("dom0 is down: powering off (%s)\n",
               failure ? "failure" : "success");
        machine_power_off(failure);
    }
}

void domain_crash(struct domain *d)
{
    guest_console_flush_partial(d);

    printk("domain %u crashed: called from %p\n", d->domain_id,
           __builtin_return_address(0));

    spin_lock(&d->shutdown_lock);
    if ( d->is_dying )
    {
        spin_unlock(&d->shutdown_lock);
        return;
    }
    d->is_dying = true;
    d->is_shut_down = true;
    d->shutdown_code = SHUTDOWN_crash;
    spin_unlock(&d->shutdown_lock);

    if ( d->domain_id == 0 )
    {
        printk("dom0 crashed: powering off (failure)\n");
        machine_power_off(true);
    }

    domain_destroy_deferred(d);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
