/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: creation, shutdown and crash.
 */

#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/p2m.h>
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
/* The largest step any domain_kill() took, for the debug interface. */
static unsigned long domain_kill_max_work;

unsigned long domain_kill_largest_step(void)
{
    return __atomic_load_n(&domain_kill_max_work, __ATOMIC_RELAXED);
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
    printk("d%u: destroyed\n", d->domain_id);
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

long domain_state_op(domid_t domid)
{
    const struct domain *d;
    long rc;

    if ( !current->domain->is_privileged )
        return -EPERM;

    spin_lock(&domain_kill_lock);
    d = domain_find_locked(domid);
    if ( !d )
        rc = -ESRCH;
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

    /*
     * dom0 going away ends the run.  There is no reboot: a reboot request
     * powers off too, as a success, and an unknown reason as a failure.
     */
    if ( d->domain_id == 0 )
    {
        if ( reason > SHUTDOWN_crash )
            failure = true;
        /* Even if dom0 failed: the other domains' lines belong to the run. */
        if ( domain_hold_dom0_poweroff(d) )
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
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
