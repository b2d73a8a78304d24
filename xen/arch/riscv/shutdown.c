/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Powering the machine off.  QEMU's virt machine has a "sifive,test"
 * device: writing FINISHER_PASS ends QEMU with status 0, FINISHER_FAIL
 * (with an exit code in bits 31:16) with that code.  OpenSBI 1.1's SRST
 * always ends QEMU with status 0, so it is only the fallback.
 */

#include <xen/lib.h>
#include <xen/shutdown.h>
#include <asm/csr.h>
#include <asm/processor.h>
#include <asm/sbi.h>

#define SIFIVE_TEST_FAIL 0x3333U
#define SIFIVE_TEST_PASS 0x5555U

paddr_t sifive_test_addr;

void cpu_halt(void)
{
    csr_write(sie, 0);
    csr_clear(sstatus, SSTATUS_SIE);
    for ( ; ; )
        asm volatile ( "wfi" );
}

void machine_power_off(bool failure)
{
    if ( sifive_test_addr )
    {
        volatile uint32_t *test = (volatile uint32_t *)sifive_test_addr;

        *test = failure ? SIFIVE_TEST_FAIL | (1U << 16) : SIFIVE_TEST_PASS;
    }

    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
                     failure ? SBI_SRST_REASON_SYSTEM_FAILURE
                             : SBI_SRST_REASON_NONE);

    /* Nothing could turn the machine off: at least stop. */
    cpu_halt();
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
