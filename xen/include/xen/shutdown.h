/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__SHUTDOWN_H
#define XEN__SHUTDOWN_H

#include <xen/types.h>

/*
 * Turn the machine off.  failure makes QEMU exit non-zero: OpenSBI 1.1's
 * SRST always exits 0, so a failure is signalled through the virt
 * machine's sifive,test device when the DTB has one.
 */
void machine_power_off(bool failure) __attribute__((__noreturn__));

/* Where the sifive,test device is (found in the host DTB), or 0. */
extern paddr_t sifive_test_addr;

#endif /* XEN__SHUTDOWN_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
