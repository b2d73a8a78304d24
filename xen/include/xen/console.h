/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__CONSOLE_H
#define XEN__CONSOLE_H

#include <xen/types.h>

struct domain;

/*
 * Guest console output: buffered per domain until a newline (or a full
 * line buffer), then printed as "(d<id>) text" under the console lock, so
 * guest and hypervisor lines never interleave mid-line.
 */
void guest_console_write(struct domain *d, const char *buf, unsigned long len);

/* Print what the domain wrote since its last newline, if anything. */
void guest_console_flush_partial(struct domain *d);

/* Print raw characters under the console lock, without any prefix. */
void console_puts_raw(const char *s, size_t len);

/*
 * Take the console for a crash report: waits for the lock only briefly,
 * so a hart that died holding it cannot hide the report.
 */
void console_force_unlock(void);

#endif /* XEN__CONSOLE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
