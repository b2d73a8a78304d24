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

/*
 * Console input, read when dom0 polls its console (SBI getchar).  Three
 * Ctrl-A in a row switch input between dom0 and the hypervisor, as in
 * Xen; while the hypervisor has it, keys go to handle_keypress() and dom0
 * reads nothing.  Returns the character for dom0, or -1.
 */
int console_getchar_for_dom0(void);

/* A debug key typed while the hypervisor has the console input. */
void handle_keypress(unsigned char key);

#endif /* XEN__CONSOLE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
