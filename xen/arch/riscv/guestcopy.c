/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copies to and from guest virtual addresses with the hypervisor
 * virtual-machine load/store instructions (Priv. spec, H extension,
 * "Hypervisor Virtual-Machine Load and Store Instructions"), and the
 * exception fixup table that lets them fault safely.
 *
 * HLV/HSV perform the access as if from VS-mode (or VU-mode): the address
 * goes through the guest's vsatp (VS-stage, if the guest has paging on)
 * and then hgatp (G-stage), with the privilege in hstatus.SPVP.  Any
 * fault on the way (VS-stage page fault, guest-page fault, access fault)
 * is taken by the hypervisor itself, which finds the faulting instruction
 * in __ex_table and resumes at its fixup: the copy then reports how many
 * bytes it could not transfer.
 */

#include <xen/lib.h>
#include <xen/types.h>
#include <asm/csr.h>
#include <asm/guest_access.h>
#include <asm/processor.h>

/* A uint64_t through which any buffer may be accessed. */
typedef uint64_t __attribute__((__may_alias__)) u64_alias_t;

/*
 * One guest access each.  The label 1 marks the instruction that can
 * fault; its __ex_table entry sends the trap handler to the C label
 * "fault", where the output is undefined and the access reports failure.
 * The trap path restores every register, so the compiler's view of the
 * registers at "fault" (those of the asm's jump edge) holds.
 *
 * HLV/HSV need the H extension, which GCC 12 cannot enable in -march, so
 * it is enabled for the one instruction only.
 */
#define GUEST_ACCESS_INSN(insn)                                                \
    ".option push\n\t"                                                         \
    ".option arch, +h\n"                                                       \
    "1:\t" insn "\n\t"                                                         \
    ".option pop\n\t"                                                          \
    ".pushsection __ex_table, \"a\"\n\t"                                       \
    ".balign 8\n\t"                                                            \
    ".dword 1b, %l[fault]\n\t"                                                 \
    ".popsection"

static inline bool guest_load_u8(unsigned long gva, uint8_t *val)
{
    unsigned long v;

    asm goto ( GUEST_ACCESS_INSN("hlv.bu %0, (%1)")
               : "=&r" (v) : "r" (gva) : "memory" : fault );
    *val = v;
    return true;

 fault:
    return false;
}

static inline bool guest_load_u64(unsigned long gva, uint64_t *val)
{
    uint64_t v;

    asm goto ( GUEST_ACCESS_INSN("hlv.d %0, (%1)")
               : "=&r" (v) : "r" (gva) : "memory" : fault );
    *val = v;
    return true;

 fault:
    return false;
}

static inline bool guest_store_u8(unsigned long gva, uint8_t val)
{
    asm goto ( GUEST_ACCESS_INSN("hsv.b %1, (%0)")
               :: "r" (gva), "r" (val) : "memory" : fault );
    return true;

 fault:
    return false;
}

static inline bool guest_store_u64(unsigned long gva, uint64_t val)
{
    asm goto ( GUEST_ACCESS_INSN("hsv.d %1, (%0)")
               :: "r" (gva), "r" (val) : "memory" : fault );
    return true;

 fault:
    return false;
}

/*
 * HLV/HSV access with the privilege in hstatus.SPVP.  Hypercall buffers
 * belong to the guest kernel, so access them as VS-mode (SPVP = 1), which
 * also gets the guest kernel's view of vsstatus.SUM for user pages.  SPVP
 * already holds the guest's privilege after a trap from VS-mode; setting
 * it explicitly keeps the copies right if they are ever used elsewhere,
 * and the previous value is put back so the trap return path is unaffected.
 */
static unsigned long guest_access_begin(void)
{
    unsigned long old;

    asm volatile ( "csrrs %0, hstatus, %1"
                   : "=r" (old) : "r" (HSTATUS_SPVP) : "memory" );

    return old;
}

static void guest_access_end(unsigned long old_hstatus)
{
    if ( !(old_hstatus & HSTATUS_SPVP) )
        csr_clear(hstatus, HSTATUS_SPVP);
}

/*
 * Doubleword accesses are used only where the guest address is 8-byte
 * aligned: a misaligned HLV/HSV may trap (or be emulated by the firmware,
 * which need not support the H-extension forms), and an aligned
 * doubleword never crosses a page, so a fault on one means none of its
 * bytes is accessible and the count of bytes not copied stays exact.
 */
unsigned long raw_copy_from_guest(void *to, unsigned long gva,
                                  unsigned long len)
{
    uint8_t *dst = to;
    unsigned long old = guest_access_begin();

    while ( len )
    {
        if ( len >= 8 && IS_ALIGNED(gva, 8) )
        {
            uint64_t v;

            if ( !guest_load_u64(gva, &v) )
                break;

            if ( IS_ALIGNED((unsigned long)dst, 8) )
                *(u64_alias_t *)dst = v;
            else
                for ( unsigned int i = 0; i < 8; i++ )
                    dst[i] = v >> (8 * i);

            dst += 8;
            gva += 8;
            len -= 8;
        }
        else
        {
            if ( !guest_load_u8(gva, dst) )
                break;

            dst++;
            gva++;
            len--;
        }
    }

    guest_access_end(old);

    return len;
}

unsigned long raw_copy_to_guest(unsigned long gva, const void *from,
                                unsigned long len)
{
    const uint8_t *src = from;
    unsigned long old = guest_access_begin();

    while ( len )
    {
        if ( len >= 8 && IS_ALIGNED(gva, 8) )
        {
            uint64_t v = 0;

            if ( IS_ALIGNED((unsigned long)src, 8) )
                v = *(const u64_alias_t *)src;
            else
                for ( unsigned int i = 0; i < 8; i++ )
                    v |= (uint64_t)src[i] << (8 * i);

            if ( !guest_store_u64(gva, v) )
                break;

            src += 8;
            gva += 8;
            len -= 8;
        }
        else
        {
            if ( !guest_store_u8(gva, *src) )
                break;

            src++;
            gva++;
            len--;
        }
    }

    guest_access_end(old);

    return len;
}

bool fixup_exception(struct cpu_user_regs *regs)
{
    const struct exception_table_entry *e;

    for ( e = __start___ex_table; e < __stop___ex_table; e++ )
    {
        if ( e->insn == regs->sepc )
        {
            regs->sepc = e->fixup;
            /*
             * The fixup runs in the hypervisor, so the sret must not enter
             * the guest.  A trap the hart takes from HS-mode clears
             * hstatus.SPV, but one the firmware takes first and redirects
             * (OpenSBI 1.1 does this for access faults, which it does not
             * delegate) leaves SPV as the guest's last trap set it: 1.
             */
            regs->hstatus &= ~HSTATUS_SPV;
            return true;
        }
    }

    return false;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
