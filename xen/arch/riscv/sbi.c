/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's calls into the SBI firmware (SBI specification,
 * "Binary Encoding": a7 = EID, a6 = FID, a0..a5 = arguments; the result
 * is a0 = error, a1 = value).
 */

#include <xen/lib.h>
#include <asm/flushtlb.h>
#include <asm/hartmask.h>
#include <asm/sbi.h>
#include <asm/smp.h>

struct sbiret sbi_ecall(unsigned long eid, unsigned long fid,
                        unsigned long arg0, unsigned long arg1,
                        unsigned long arg2, unsigned long arg3,
                        unsigned long arg4, unsigned long arg5)
{
    register unsigned long a0 asm ("a0") = arg0;
    register unsigned long a1 asm ("a1") = arg1;
    register unsigned long a2 asm ("a2") = arg2;
    register unsigned long a3 asm ("a3") = arg3;
    register unsigned long a4 asm ("a4") = arg4;
    register unsigned long a5 asm ("a5") = arg5;
    register unsigned long a6 asm ("a6") = fid;
    register unsigned long a7 asm ("a7") = eid;
    struct sbiret ret;

    asm volatile ( "ecall"
                   : "+r" (a0), "+r" (a1)
                   : "r" (a2), "r" (a3), "r" (a4), "r" (a5), "r" (a6),
                     "r" (a7)
                   : "memory" );

    ret.error = a0;
    ret.value = a1;

    return ret;
}

void sbi_console_putchar(int ch)
{
    /* Legacy extension: a0 = character, no FID; the result is ignored. */
    sbi_ecall(SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, ch, 0, 0, 0, 0, 0);
}

int sbi_console_getchar(void)
{
    /* Legacy extension: the character in a0, or -1 when none is waiting. */
    long c = sbi_ecall(SBI_EXT_0_1_CONSOLE_GETCHAR, 0, 0, 0, 0, 0, 0, 0).error;

    return c < 0 ? -1 : (int)(c & 0xff);
}

unsigned long sbi_spec_version(void)
{
    struct sbiret r =
        sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0);

    /* Base appeared in v0.2; an error means a v0.1 firmware. */
    return r.error ? 1 : r.value;
}

bool sbi_probe_extension(unsigned long eid)
{
    struct sbiret r =
        sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, eid, 0, 0, 0, 0, 0);

    return !r.error && r.value;
}

static bool sbi_has_hsm, sbi_has_srst, sbi_has_rfence;

void __init sbi_init(void)
{
    unsigned long ver = sbi_spec_version();
    struct sbiret impl =
        sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0, 0, 0, 0);
    struct sbiret iver =
        sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0, 0, 0, 0, 0);

    sbi_has_hsm = sbi_probe_extension(SBI_EXT_HSM);
    sbi_has_srst = sbi_probe_extension(SBI_EXT_SRST);
    sbi_has_rfence = sbi_probe_extension(SBI_EXT_RFENCE);

    printk("SBI: spec v%lu.%lu, implementation %ld (%s) v%lu.%lu; "
           "HSM %s, SRST %s, RFENCE %s\n",
           (ver >> 24) & 0x7f, ver & 0xffffff, impl.value,
           impl.value == 1 ? "OpenSBI" : "other",
           (unsigned long)iver.value >> 16, (unsigned long)iver.value & 0xffff,
           sbi_has_hsm ? "yes" : "no", sbi_has_srst ? "yes" : "no",
           sbi_has_rfence ? "yes" : "no");

    if ( !sbi_has_rfence )
        panic("SBI firmware without RFENCE: cannot fence G-stage TLBs "
              "on other harts");
}

int sbi_hsm_hart_start(unsigned long hartid, unsigned long start_addr,
                       unsigned long opaque)
{
    struct sbiret r;

    if ( !sbi_has_hsm )
        return SBI_ERR_NOT_SUPPORTED;

    r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, start_addr, opaque,
                  0, 0, 0);

    return r.error;
}

long sbi_hsm_hart_status(unsigned long hartid)
{
    struct sbiret r;

    if ( !sbi_has_hsm )
        return SBI_ERR_NOT_SUPPORTED;

    r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid, 0, 0, 0, 0, 0);

    return r.error ? r.error : r.value;
}

void sbi_system_reset(unsigned long type, unsigned long reason)
{
    if ( sbi_has_srst )
        sbi_ecall(SBI_EXT_SRST, SBI_SRST_RESET, type, reason, 0, 0, 0, 0);
}

int sbi_remote_hfence_gvma_vmid(unsigned long hart_mask,
                                unsigned long hart_mask_base,
                                unsigned long start, unsigned long size,
                                unsigned long vmid)
{
    struct sbiret r =
        sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID, hart_mask,
                  hart_mask_base, start, size, vmid, 0);

    return r.error;
}

/*
 * Run one SBI call per group of harts that a 64-bit mask relative to a
 * base hart id can name, for the logical CPUs in mask other than this one
 * that are online.  Stops at the first error and returns it.
 */
static long sbi_call_cpumask(const cpumask_t *mask, unsigned long eid,
                             unsigned long fid, unsigned long arg2,
                             unsigned long arg3, unsigned long arg4)
{
    unsigned int pos = 0, self = smp_processor_id();
    unsigned long bits, base;

    while ( hartmask_next_group(mask, &cpu_online_map, self, cpuid_to_hartid,
                                &pos, &bits, &base) )
    {
        struct sbiret r = sbi_ecall(eid, fid, bits, base, arg2, arg3, arg4, 0);

        if ( r.error )
            return r.error;
    }

    return SBI_SUCCESS;
}

long sbi_send_ipi_cpumask(const cpumask_t *mask)
{
    return sbi_call_cpumask(mask, SBI_EXT_IPI, SBI_IPI_SEND_IPI, 0, 0, 0);
}

long sbi_remote_fence_i_cpumask(const cpumask_t *mask)
{
    return sbi_call_cpumask(mask, SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, 0,
                            0, 0);
}

long sbi_remote_hfence_vvma_cpumask(const cpumask_t *mask, unsigned long start,
                                    unsigned long size)
{
    return sbi_call_cpumask(mask, SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_HFENCE_VVMA,
                            start, size, 0);
}

long sbi_remote_hfence_vvma_asid_cpumask(const cpumask_t *mask,
                                         unsigned long start,
                                         unsigned long size, unsigned long asid)
{
    return sbi_call_cpumask(mask, SBI_EXT_RFENCE,
                            SBI_RFENCE_REMOTE_HFENCE_VVMA_ASID, start, size,
                            asid);
}

/*
 * Remote G-stage fences for the p2m (asm/flushtlb.h).  Harts are named
 * by a 64-bit mask relative to a base hart id, so CPUs whose hart ids are
 * close share one call.  OpenSBI 1.1 waits for the targets to fence
 * before returning, which is what the p2m relies on before it reuses a
 * freed table page.
 */
void gstage_flush_remote(const cpumask_t *mask, unsigned long vmid, paddr_t gpa,
                         paddr_t size)
{
    /*
     * (0, 0) would flush every VMID on OpenSBI 1.1; size = -1 means "the
     * whole address space" and keeps the fence to this VMID.
     */
    unsigned long start = size == GSTAGE_FLUSH_ALL ? 0 : gpa;
    unsigned long len = size == GSTAGE_FLUSH_ALL ? ~0UL : size;
    long rc;

    if ( len == 0 )
        return;

    rc = sbi_call_cpumask(mask, SBI_EXT_RFENCE,
                          SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID, start, len, vmid);
    if ( rc )
        panic("SBI remote hfence.gvma (vmid %lu) failed: %ld", vmid, rc);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
