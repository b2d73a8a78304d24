/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks one view of the hypercall ABI against table.h, Xen's numbers.
 * Built once per view:
 *   VIEW_TOOLS  xen/include/public with __XEN_TOOLS__ (or __XEN__): all;
 *   VIEW_GUEST  xen/include/public as a guest kernel sees it: everything
 *               but the toolstack-only part, which must be absent (a
 *               definition of it here would clash, so that is a build
 *               failure);
 *   VIEW_COPY   the test guests' own copy (guest-xen-abi.h): what it
 *               defines.
 * Natively it prints each mismatch and "N passed, M failed" and exits 1
 * on a mismatch.  With ABI_STATIC every entry is a _Static_assert instead,
 * for a compiler of the real target (riscv64) to check with -c.
 */

#include <stddef.h>
#include <stdint.h>
#ifndef ABI_STATIC
#include <stdio.h>
#endif

#if defined(VIEW_COPY)
#include <guest-xen-abi.h>
#elif defined(VIEW_TOOLS) || defined(VIEW_GUEST)
#include <public/memory.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/xen.h>
#else
#error "define VIEW_TOOLS, VIEW_GUEST or VIEW_COPY"
#endif

#if defined(VIEW_GUEST) && (defined(__XEN__) || defined(__XEN_TOOLS__))
#error "VIEW_GUEST is the view without __XEN__ and __XEN_TOOLS__"
#endif

/* One check, natively or at compile time. */
#ifdef ABI_STATIC
#define ABI_CHECK(what, got, want) _Static_assert((got) == (want), what)
#else
static unsigned int passed, failed;

static void expect(const char *what, unsigned long long got,
                   unsigned long long want)
{
    if ( got == want )
    {
        passed++;
        return;
    }
    failed++;
    printf("FAIL: %s is %llu (%#llx), Xen's is %llu (%#llx)\n", what, got, got,
           want, want);
}

#define ABI_CHECK(what, got, want)                                             \
    expect(what, (unsigned long long)(got), (unsigned long long)(want))
#endif

#define ABI_MEMBER_SIZE(type, m) sizeof(((type *)0)->m)

#define CHECK_CONST(str, name, v) ABI_CHECK(str, name, v)
#define CHECK_TYPE(str, t, size, align)                                        \
    ABI_CHECK("sizeof(" str ")", sizeof(t), size);                             \
    ABI_CHECK("_Alignof(" str ")", _Alignof(t), align)
#define CHECK_FIELD(str, t, f, off, size)                                      \
    ABI_CHECK("offsetof(" str ")", offsetof(t, f), off);                       \
    ABI_CHECK("sizeof(" str ")", ABI_MEMBER_SIZE(t, f), size)
#define CHECK_OFFSET(str, t, f, off)                                           \
    ABI_CHECK("offsetof(" str ")", offsetof(t, f), off)
#define NO_CHECK _Static_assert(1, "")

/*
 * Absent: a declaration that clashes with a macro, an enumerator, a
 * typedef or a structure of the same name.
 */
#define ABSENT_NAME(name) static int name __attribute__((__unused__))
#define ABSENT_STRUCT(tag)                                                     \
    struct tag {                                                               \
        char absent_;                                                          \
    }

/*
 * The table's entries.  IN_<scope>(check, absent) picks, for the view and
 * the context (file scope or the check function), what an entry does.
 */
#define ABI_CONST(scope, name, v)                                              \
    IN_##scope(CHECK_CONST(#name, name, v), ABSENT_NAME(name))
#define ABI_TYPE(scope, t, size, align)                                        \
    IN_##scope(CHECK_TYPE(#t, t, size, align), ABSENT_NAME(t))
#define ABI_STRUCT(scope, tag, size, align)                                    \
    IN_##scope(CHECK_TYPE("struct " #tag, struct tag, size, align),            \
               ABSENT_STRUCT(tag))
#define ABI_FIELD(scope, tag, f, off, size)                                    \
    IN_##scope(CHECK_FIELD(#tag "." #f, struct tag, f, off, size), NO_CHECK)
#define ABI_OFFSET(scope, tag, f, off)                                         \
    IN_##scope(CHECK_OFFSET(#tag "." #f, struct tag, f, off), NO_CHECK)

#define PICK_CHECK(check, absent)  check
#define PICK_ABSENT(check, absent) absent
#define PICK_NONE(check, absent)   NO_CHECK

/* File scope: the absence checks, and every check if ABI_STATIC. */
#if defined(VIEW_TOOLS)
#define IN_G  CHECKS_HERE
#define IN_P  CHECKS_HERE
#define IN_GT CHECKS_HERE
#define IN_T  CHECKS_HERE
#elif defined(VIEW_GUEST)
#define IN_G  CHECKS_HERE
#define IN_P  CHECKS_HERE
#define IN_GT PICK_ABSENT
#define IN_T  PICK_ABSENT
#else
#define IN_G  CHECKS_HERE
#define IN_P  PICK_NONE
#define IN_GT CHECKS_HERE
#define IN_T  PICK_NONE
#endif

#ifdef ABI_STATIC
#define CHECKS_HERE PICK_CHECK
#else
#define CHECKS_HERE PICK_NONE
#endif

#include "table.h"

#ifndef ABI_STATIC
/* In the function: the checks, and nothing else. */
#undef CHECKS_HERE
#define CHECKS_HERE PICK_CHECK
#undef PICK_ABSENT
#define PICK_ABSENT PICK_NONE

int main(int argc, char *argv[])
{
    const char *view = argc > 1 ? argv[1] : "abi";

#include "table.h"

    printf("%s: %u passed, %u failed\n", view, passed, failed);

    return failed ? 1 : 0;
}
#endif /* !ABI_STATIC */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
