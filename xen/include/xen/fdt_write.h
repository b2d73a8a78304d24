/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__FDT_WRITE_H
#define XEN__FDT_WRITE_H

#include <xen/types.h>

/*
 * A sequential writer of flattened device trees: open nodes, add
 * properties, close nodes, then finish.  The structure block grows from
 * the front of the buffer; property names are collected (deduplicated)
 * in a small side table and appended by fdtw_finish().  Errors are sticky:
 * check only the result of fdtw_finish().
 */
#define FDTW_STRINGS_MAX 512

struct fdt_writer {
    uint8_t *buf;
    size_t size;
    size_t off; /* end of the structure block so far */
    unsigned int depth;
    int error;
    size_t strings_len;
    char strings[FDTW_STRINGS_MAX];
};

void fdtw_init(struct fdt_writer *w, void *buf, size_t size);
void fdtw_begin_node(struct fdt_writer *w, const char *name);
void fdtw_end_node(struct fdt_writer *w);
void fdtw_prop(struct fdt_writer *w, const char *name, const void *val,
               size_t len);
void fdtw_prop_empty(struct fdt_writer *w, const char *name);
void fdtw_prop_u32(struct fdt_writer *w, const char *name, uint32_t v);
/* A list of nr 32-bit cells. */
void fdtw_prop_cells(struct fdt_writer *w, const char *name,
                     const uint32_t *cells, unsigned int nr);
/* Two-cell address and two-cell size, the usual "reg" of a 2/2 parent. */
void fdtw_prop_reg64(struct fdt_writer *w, uint64_t addr, uint64_t size);
void fdtw_prop_string(struct fdt_writer *w, const char *name, const char *s);

/* Total size of the finished blob, or a negative errno. */
int fdtw_finish(struct fdt_writer *w);

#endif /* XEN__FDT_WRITE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
