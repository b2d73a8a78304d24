/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: creation, shutdown and crash.
 */

#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/p2m.h>
#include <asm/system.h>
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

/*
 * Take d off domain_list.  Lock-free readers (debug keys) may still be
 * looking at d: only a domain that never ran, taken off at boot before
 * dom0 runs, is freed right after this.
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
