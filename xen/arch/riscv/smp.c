/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harts: logical CPU numbers, per-hart data and stacks, and bringing the
 * secondary harts up through SBI HSM.  A secondary initialises its
 * hypervisor state, reports in and waits in cpu_idle_loop() until a
 * guest's SBI HSM hart_start gives it the vCPU with its number.
 */

#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/csr.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/sbi.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/system.h>

struct pcpu_info pcpu_info[CONFIG_NR_CPUS];

/* Referenced by head.S (CPU0's stack) and set up here for the others. */
char cpu_stacks[CONFIG_NR_CPUS][STACK_SIZE] __attribute__((__aligned__(16)));

cpumask_t cpu_present_map;
cpumask_t cpu_online_map;
unsigned int nr_cpu_ids = 1;

/* The vCPU each CPU is asked to start, or NULL (smp_start_vcpu()). */
static struct vcpu *cpu_start_request[CONFIG_NR_CPUS];

/*
 * How long a secondary may take to report in.  Generous: under an emulator
 * on a loaded host a hart's thread may not run for a second or more, and a
 * hart given up on is lost for the whole boot.
 */
#define SECONDARY_TIMEOUT_MS 5000

unsigned long cpuid_to_hartid(unsigned int cpu)
{
    return cpu < nr_cpu_ids ? pcpu_info[cpu].hartid : ~0UL;
}

int hartid_to_cpuid(unsigned long hartid)
{
    unsigned int cpu;

    for ( cpu = 0; cpu < nr_cpu_ids; cpu++ )
        if ( pcpu_info[cpu].hartid == hartid )
            return cpu;

    return -1;
}

/* Called from head.S on each secondary, on its own stack. */
void start_secondary(unsigned int cpu)
{
    trap_init();
    hyp_cpu_init();

    printk("CPU%u (hart %lu) up\n", cpu, pcpu_info[cpu].hartid);

    /* Publish only once everything above is done. */
    smp_mb();
    cpumask_set_cpu(cpu, &cpu_online_map);

    cpu_idle_loop();
}

/*
 * sie.SSIE is set (hyp_cpu_init()) and sstatus.SIE clear: an SBI IPI
 * ends wfi without trapping in HS-mode.  SSIP is cleared before the
 * request is read, so a request that arrives after the read leaves SSIP
 * pending and wfi returns at once.  Deferred work (softirqs: destroying a
 * domain that ended here) runs a share at a time, with a look at the
 * start request between two shares, and the CPU sleeps only once there
 * is none left.
 */
void cpu_idle_loop(void)
{
    unsigned int cpu = smp_processor_id();

    ASSERT(!current);

    for ( ; ; )
    {
        struct vcpu *v;

        csr_clear(sip, 1UL << IRQ_S_SOFT);
        v = __atomic_exchange_n(&cpu_start_request[cpu], NULL,
                                __ATOMIC_ACQUIRE);
        if ( v )
            vcpu_start_here(v);

        if ( softirq_pending(cpu) )
        {
            do_softirq();
            continue;
        }

        asm volatile ( "wfi" ::: "memory" );
    }
}

void smp_start_vcpu(unsigned int cpu, struct vcpu *v)
{
    cpumask_t mask;
    long rc;

    ASSERT(cpu < nr_cpu_ids && cpu != smp_processor_id());

    /*
     * The vCPU belongs to that CPU from now on, even before it runs:
     * domain_kill() must not free it while it waits in the mailbox.
     */
    __atomic_store_n(&v->is_running, true, __ATOMIC_RELEASE);
    __atomic_store_n(&cpu_start_request[cpu], v, __ATOMIC_RELEASE);
    smp_mb();

    cpumask_clear(&mask);
    cpumask_set_cpu(cpu, &mask);
    rc = sbi_send_ipi_cpumask(&mask);
    if ( rc )
        printk("CPU%u: SBI IPI to CPU%u failed (%ld)\n", smp_processor_id(),
               cpu, rc);
}

static bool wait_for_online(unsigned int cpu)
{
    unsigned long tb = bootinfo.timebase_frequency ?: 10000000;
    unsigned long start = csr_read(time);
    unsigned long timeout = tb / 1000 * SECONDARY_TIMEOUT_MS;

    while ( !cpumask_test_cpu(cpu, &cpu_online_map) )
    {
        if ( csr_read(time) - start > timeout )
            return false;
        cpu_relax();
    }
    smp_mb();

    return true;
}

void __init smp_bring_up_secondaries(void)
{
    unsigned int cpu, up = 1;

    BUILD_BUG_ON(offsetof(struct pcpu_info, guest_regs) != PCPU_GUEST_REGS);
    BUILD_BUG_ON(offsetof(struct pcpu_info, stack_top) != PCPU_STACK_TOP);
    BUILD_BUG_ON(offsetof(struct pcpu_info, scratch) != PCPU_SCRATCH);
    BUILD_BUG_ON(offsetof(struct pcpu_info, curr_vcpu) != PCPU_CURRENT);
    BUILD_BUG_ON(offsetof(struct pcpu_info, cpu) != PCPU_CPU);
    BUILD_BUG_ON(offsetof(struct pcpu_info, hartid) != PCPU_HARTID);
    BUILD_BUG_ON(sizeof(struct pcpu_info) != PCPU_SIZE);
    BUILD_BUG_ON((1 << PCPU_SHIFT) != PCPU_SIZE);

    nr_cpu_ids = bootinfo.nr_harts;
    for ( cpu = 0; cpu < nr_cpu_ids; cpu++ )
    {
        pcpu_info[cpu].cpu = cpu;
        pcpu_info[cpu].hartid = bootinfo.hartids[cpu];
        pcpu_info[cpu].stack_top = (unsigned long)cpu_stacks[cpu] + STACK_SIZE;
        cpumask_set_cpu(cpu, &cpu_present_map);
    }
    cpumask_set_cpu(0, &cpu_online_map);
    printk("CPU0 (hart %lu) up (boot hart)\n", pcpu_info[0].hartid);

    /* Make pcpu_info visible before the secondaries read it. */
    smp_mb();

    for ( cpu = 1; cpu < nr_cpu_ids; cpu++ )
    {
        unsigned long hartid = pcpu_info[cpu].hartid;
        int rc =
            sbi_hsm_hart_start(hartid, (unsigned long)secondary_start, cpu);

        if ( rc )
        {
            printk("CPU%u (hart %lu): SBI hart_start failed (%d)\n", cpu,
                   hartid, rc);
            continue;
        }
        if ( !wait_for_online(cpu) )
        {
            printk("CPU%u (hart %lu): did not come up\n", cpu, hartid);
            continue;
        }
        up++;
    }

    printk("%u of %u CPU(s) up\n", up, nr_cpu_ids);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
