/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap handling.  The hypervisor reflects G-stage faults into the guest as
 * access faults (scause 1, 5, 7; stval = faulting address), so a test can
 * probe "this access must fault": the handler records the fault and
 * resumes after the faulting instruction.  A trap nobody asked for is
 * printed and counted; one the guest cannot step over ends the run.
 */
#include "guest.h"

volatile struct fault_record fault_rec;
volatile unsigned long unexpected_traps;

static volatile enum probe_mode probe_mode;
static volatile unsigned long probe_target;

/* Stop after this many unexpected traps: the run has gone off the rails. */
#define MAX_UNEXPECTED_TRAPS 16

void probe_begin(enum probe_mode mode)
{
    fault_rec.count = 0;
    fault_rec.cause = 0;
    fault_rec.addr = 0;
    fault_rec.epc = 0;
    probe_mode = mode;
    asm volatile ( "" ::: "memory" );
}

void probe_end(void)
{
    asm volatile ( "" ::: "memory" );
    probe_mode = PROBE_NONE;
}

/*
 * The probes are single instructions in asm so that the compiler can
 * neither drop nor duplicate the access.  A skipped load leaves the
 * destination register untouched, so the caller sees the poison value.
 */
unsigned long probe_load(unsigned long addr, unsigned long poison)
{
    unsigned long v = poison;

    probe_begin(PROBE_ACCESS);
    asm volatile ( "ld %0, 0(%1)" : "+r" (v) : "r" (addr) : "memory" );
    probe_end();

    return v;
}

void probe_store(unsigned long addr, unsigned long val)
{
    probe_begin(PROBE_ACCESS);
    asm volatile ( "sd %0, 0(%1)" :: "r" (val), "r" (addr) : "memory" );
    probe_end();
}

/*
 * Call addr.  A fetch fault there returns to the caller through ra; so
 * does an illegal instruction at addr, which is what the guest finds if a
 * page that should be unmapped is still there (its test patterns and
 * zeroed pages decode as illegal instructions).
 */
void probe_fetch(unsigned long addr)
{
    probe_target = addr;
    probe_begin(PROBE_FETCH);
    asm volatile ( "jalr ra, 0(%0)" :: "r" (addr)
                   : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6",
                     "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
                     "memory" );
    probe_end();
}

/* Length of the instruction at epc, from its low two bits (RVC). */
static unsigned long insn_length(unsigned long epc)
{
    uint16_t parcel = *(const volatile uint16_t *)epc;

    return (parcel & 3) == 3 ? 4 : 2;
}

static bool epc_in_image(unsigned long epc)
{
    return epc >= (unsigned long)_start && epc < (unsigned long)_end;
}

static void record_fault(const struct trap_frame *f, unsigned long cause,
                         unsigned long tval)
{
    if ( !fault_rec.count )
    {
        fault_rec.cause = cause;
        fault_rec.addr = tval;
        fault_rec.epc = f->sepc;
    }
    fault_rec.count++;
}

static void unexpected(const struct trap_frame *f, unsigned long cause,
                       unsigned long tval)
{
    unexpected_traps++;
    if ( unexpected_traps <= 4 )
        gprintf("p2m-test: unexpected trap: scause 0x%lx stval 0x%lx "
                "sepc 0x%lx ra 0x%lx\n",
                cause, tval, f->sepc, f->regs[1]);
    if ( unexpected_traps >= MAX_UNEXPECTED_TRAPS )
        abort_run("too many unexpected traps");
}

void trap_handler(struct trap_frame *f)
{
    unsigned long cause = csr_read(scause);
    unsigned long tval = csr_read(stval);
    enum probe_mode mode = probe_mode;

    if ( cause & CAUSE_INTERRUPT )
    {
        /* Interrupts stay disabled; one arriving is a bug somewhere. */
        unexpected(f, cause, tval);
        return;
    }

    switch ( cause )
    {
    case CAUSE_LOAD_ACCESS:
    case CAUSE_STORE_ACCESS:
        record_fault(f, cause, tval);
        /*
         * A probed fetch whose VS-stage walk faults: QEMU 7.2 reports it
         * as a load (the spec: as a fetch).  Back to the caller, too.
         */
        if ( mode == PROBE_FETCH && f->sepc == probe_target )
        {
            f->sepc = f->regs[1];
            return;
        }
        if ( mode != PROBE_ACCESS && mode != PROBE_BULK )
            unexpected(f, cause, tval);
        if ( !epc_in_image(f->sepc) )
            abort_run("load/store fault outside the guest image");
        f->sepc += insn_length(f->sepc);
        return;

    case CAUSE_FETCH_ACCESS:
        record_fault(f, cause, tval);
        if ( mode != PROBE_FETCH )
        {
            unexpected(f, cause, tval);
            abort_run("instruction fetch fault");
        }
        f->sepc = f->regs[1];
        return;

    case CAUSE_ILLEGAL_INSN:
        if ( mode == PROBE_FETCH && f->sepc == probe_target )
        {
            /* The probed page is mapped after all: report, go back. */
            record_fault(f, cause, tval);
            f->sepc = f->regs[1];
            return;
        }
        break;

    default:
        break;
    }

    unexpected(f, cause, tval);
    if ( !epc_in_image(f->sepc) )
        abort_run("trap outside the guest image");
    f->sepc += insn_length(f->sepc);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
