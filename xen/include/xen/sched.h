/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__SCHED_H
#define XEN__SCHED_H

#include <xen/domain.h>
#include <xen/event.h>
#include <xen/list.h>
#include <xen/spinlock.h>
#include <xen/types.h>
#include <asm/domain.h>

struct domain;

/*
 * A virtual CPU.  regs points at arch.user_regs: the guest's general
 * registers, sepc, sstatus and hstatus, saved there by every trap from
 * the guest and loaded from there on every return to it.
 */
struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    struct cpu_user_regs *regs;

    /* Logical CPU the vCPU runs on (one vCPU per hart, no scheduler). */
    unsigned int processor;

    /* Set once the vCPU has been started (boot vCPU, or SBI HSM). */
    bool is_initialised;

    /*
     * On its CPU (from vcpu_run() until vcpu_stop_current() has let go
     * of its p2m and VMID); domain_kill() waits for it to clear.
     */
    bool is_running;

    struct arch_vcpu arch;
};

/* Most vCPUs a domain can have: one per hart. */
#define MAX_VIRT_CPUS CONFIG_NR_CPUS

/*
 * Bytes of guest console output held until the line ends; a longer line
 * is printed in pieces.
 */
#define DOMAIN_CONSOLE_LINE 256

/*
 * A domain.  The hypervisor core adds its fields here; the p2m only uses
 * domain_id and arch.p2m, so the hosted harness can use this header as is.
 */
struct domain {
    domid_t domain_id;

    /* Pages the domain owns (page_get_owner() == d), and their count. */
    spinlock_t page_alloc_lock;
    struct page_list_head page_list;
    unsigned long tot_pages;
    unsigned long max_pages;

    bool is_dying;

    /* May create and destroy other domains (dom0). */
    bool is_privileged;

    /* Set by domain_shutdown() (under shutdown_lock); the reason. */
    spinlock_t shutdown_lock;
    bool is_shut_down;
    unsigned int shutdown_code;

    unsigned int max_vcpus;
    struct vcpu *vcpu[MAX_VIRT_CPUS];

    /* guest_console_write() line buffer, under the console lock. */
    char console_buf[DOMAIN_CONSOLE_LINE];
    unsigned int console_len;

    /* The next domain by id on domain_list (for_each_domain()). */
    struct domain *next_in_list;

    /* domain_kill()'s progress (DOMKILL_*), under domain_kill_lock. */
    unsigned int kill_phase;
    /* The next domain being killed, once off domain_list. */
    struct domain *next_dying;
    /*
     * It shut down or crashed on its own, and CPU reap_cpu destroys it
     * (next_reap: the next on that CPU's list); under domain_kill_lock.
     */
    bool self_destroy;
    unsigned int reap_cpu;
    struct domain *next_reap;

    struct arch_domain arch;
};

/*
 * Every domain, by increasing id; domain_create() adds them.  Readers
 * walk it without a lock, between domain_list_read_begin() and _end():
 * a domain taken off the list is freed only once no such walk is in
 * progress (domain_kill() waits for the count of walkers to drop to 0),
 * so a walker never reaches freed memory.
 */
extern struct domain *domain_list;
#define for_each_domain(d)                                                     \
    for ( (d) = domain_list; (d); (d) = (d)->next_in_list )
void domain_list_del(struct domain *d);
void domain_list_read_begin(void);
void domain_list_read_end(void);

/*
 * Destroy a domain that is not dom0, in bounded steps: -ERESTART until it
 * is gone (call again; the destroy hypercall continues itself), then 0.
 * Its vCPUs are kicked off their CPUs, then it leaves domain_list, then
 * its p2m (leaves, tables, pool, root), its RAM, its VMID and the domain
 * itself go back.  Serialised by one lock: d stays valid between calls
 * because only this function frees it.
 */
int domain_kill(struct domain *d);

/*
 * The destroy operation for a privileged caller: -ESRCH for an unknown
 * domid (or one already destroyed), -EINVAL for dom0 or the caller,
 * -EPERM for an unprivileged caller.  Continues itself (-ERESTART inside).
 */
long domain_destroy_op(domid_t domid);

/*
 * What a domain is doing, for a privileged caller (XEN_RISCV_DOMAIN_*):
 * running, shut down, dying, or dead (it ended on its own and the
 * hypervisor destroyed it; one of the last few such); -ESRCH if there is
 * no such domain, -EPERM for an unprivileged caller.
 */
long domain_state_op(domid_t domid);

/* Domains that exist: on domain_list, or being destroyed. */
unsigned int domain_count(void);

/* Boot: set up what destroying domains needs (its softirq). */
void domain_init(void);

/*
 * Find a domain on domain_list (or being killed) by id; NULL if none.
 * Only an existence check: a concurrent destroy may free the result.
 */
struct domain *domain_find(domid_t domid);

/*
 * Another domain by id, held until rcu_unlock_domain(): not destroyed
 * meanwhile (Xen's names; here the destroy lock is held, so keep the
 * work in between short and never call domain_kill()).  NULL if there is
 * no such domain or it is being destroyed.
 */
struct domain *rcu_lock_domain_by_id(domid_t domid);
void rcu_unlock_domain(struct domain *d);

/* The most work one domain_kill() step has done so far. */
unsigned long domain_kill_largest_step(void);

/*
 * Create a domain with config->max_vcpus vCPUs (not started), a p2m in the
 * mode config->arch.gaddr_bits names, and a p2m page pool of
 * p2m_pool_pages pages.  NULL on failure.
 */
struct domain *domain_create(domid_t domid,
                             const struct xen_domctl_createdomain *config,
                             unsigned long p2m_pool_pages);
int arch_domain_create(struct domain *d,
                       const struct xen_domctl_createdomain *config,
                       unsigned long p2m_pool_pages);

/*
 * The domain stops for good with a SHUTDOWN_* reason (public/sched.h).  For
 * dom0 the machine powers off (no return): successfully for poweroff,
 * reboot and suspend, with a failure exit code for SHUTDOWN_crash.  For
 * other domains it returns; the vCPU is not resumed after the trap, and
 * the CPU destroys the domain from its idle loop (as domain_kill() does,
 * in steps), whatever the reason: there is no toolstack to restart it.
 * Called by the domain's own vCPU.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * The domain did something it cannot continue from.  Prints
 * "(XEN) domain N crashed: ..." with the caller; for dom0 the run ends
 * with failure, another domain is destroyed as after a shutdown.  Never
 * panics the hypervisor.  Called by the domain's own vCPU.
 */
void domain_crash(struct domain *d);

/*
 * Should a long-running operation stop here and let the caller continue
 * it later?  There is no scheduler here yet, and softirqs run only in the
 * idle loop (never under a hypercall), so only pending events (never, for
 * now) would ask for it.
 */
static inline bool general_preempt_check(void)
{
    return local_events_need_delivery();
}

#endif /* XEN__SCHED_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
