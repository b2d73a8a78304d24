/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM__RISCV__GUEST_ACCESS_H
#define ASM__RISCV__GUEST_ACCESS_H

#include <xen/types.h>

struct cpu_user_regs;

/*
 * Access to the memory of the guest whose vCPU trapped into the
 * hypervisor (the one whose hgatp and vsatp are loaded on this hart).
 * Guest addresses are guest *virtual* addresses: the copies use HLV/HSV,
 * which translate through vsatp and hgatp with the privilege of
 * hstatus.SPVP (set to supervisor for the access), so a guest running with
 * paging on and a bare one work alike.
 *
 * Both return the number of bytes NOT copied (0 on success).  A fault
 * (page fault, guest-page fault, access fault) stops the copy at the
 * first byte that could not be accessed; it never reaches the guest and
 * never crashes the hypervisor.
 */
unsigned long raw_copy_from_guest(void *to, unsigned long gva,
                                  unsigned long len);
unsigned long raw_copy_to_guest(unsigned long gva, const void *from,
                                unsigned long len);

/*
 * Exception fixups.  An instruction that may fault on guest-controlled
 * input (HLV/HSV) has an entry in section __ex_table: if it faults, the
 * hypervisor's trap handler resumes at fixup instead.  Entries are two
 * 8-byte words, 8-byte aligned; the linker provides the bounds.
 */
struct exception_table_entry {
    unsigned long insn;
    unsigned long fixup;
};

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

/*
 * For an exception taken while the hypervisor runs: if regs->sepc has a
 * fixup, point regs->sepc at it and return true (the trap handler then
 * returns to it); false means a genuine hypervisor fault.
 */
bool fixup_exception(struct cpu_user_regs *regs);

/*
 * Typed handles (XEN_GUEST_HANDLE(type) from the public headers: a union
 * of a type pointer .p and its 64-bit guest address .q).  Counts and
 * offsets are in elements of the handle's type, as in Xen.  The pointer
 * comparison makes a mismatch between the buffer and the handle type a
 * compile error.
 */
#define guest_handle_is_null(hnd) ((hnd).q == 0)
#define guest_handle_addr(hnd)    ((unsigned long)(hnd).q)

#define copy_from_guest_offset(ptr, hnd, off, nr)                              \
    ({                                                                         \
        const typeof(*(ptr)) *d_ = (hnd).p;                                    \
        (void)(d_ == (ptr));                                                   \
        raw_copy_from_guest(ptr, guest_handle_addr(hnd) + (off) * sizeof(*d_), \
                            (nr) * sizeof(*d_));                               \
    })

#define copy_to_guest_offset(hnd, off, ptr, nr)                                \
    ({                                                                         \
        const typeof(*(ptr)) *s_ = (hnd).p;                                    \
        (void)(s_ == (ptr));                                                   \
        raw_copy_to_guest(guest_handle_addr(hnd) + (off) * sizeof(*s_), ptr,   \
                          (nr) * sizeof(*s_));                                 \
    })

#define copy_from_guest(ptr, hnd, nr) copy_from_guest_offset(ptr, hnd, 0, nr)
#define copy_to_guest(hnd, ptr, nr)   copy_to_guest_offset(hnd, 0, ptr, nr)

/*
 * Hypercall arguments that point at one structure arrive as plain
 * addresses: copy the whole structure, or one field of it back.
 */
#define copy_struct_from_guest(ptr, gva)                                       \
    raw_copy_from_guest(ptr, gva, sizeof(*(ptr)))
#define copy_struct_to_guest(gva, ptr)                                         \
    raw_copy_to_guest(gva, ptr, sizeof(*(ptr)))
#define copy_field_to_guest(gva, ptr, field)                                   \
    raw_copy_to_guest((gva) + offsetof(typeof(*(ptr)), field), &(ptr)->field,  \
                      sizeof((ptr)->field))

#endif /* ASM__RISCV__GUEST_ACCESS_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
