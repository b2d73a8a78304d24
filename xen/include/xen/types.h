/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__TYPES_H
#define XEN__TYPES_H

/*
 * The compiler's freestanding headers give the fixed-width types, size_t
 * and bool in both worlds this code is built for: the riscv64 hypervisor
 * and the hosted x86-64 test harness (tools/tests/p2m).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;
typedef unsigned long vaddr_t;
typedef uint16_t domid_t;

#define PRIpaddr "016lx"

#endif /* XEN__TYPES_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
