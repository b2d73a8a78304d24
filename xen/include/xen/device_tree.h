/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__DEVICE_TREE_H
#define XEN__DEVICE_TREE_H

#include <xen/types.h>

/*
 * A minimal reader of flattened device trees (the DTB format of the
 * Devicetree Specification, chapter 5), enough for boot: walk nodes,
 * read properties, match paths and compatible strings.  A node is named
 * by the offset of its FDT_BEGIN_NODE token inside the structure block;
 * every function returns a negative value (or NULL) for "none".
 */

#define FDT_MAGIC 0xd00dfeedU

/* 0 if fdt points at a plausible DTB (magic, version, sizes). */
int dt_check_header(const void *fdt);
uint32_t dt_totalsize(const void *fdt);

int dt_root(const void *fdt);
int dt_first_child(const void *fdt, int node);
int dt_next_sibling(const void *fdt, int node);
/* Full node name, unit address included ("memory@80000000"). */
const char *dt_node_name(const void *fdt, int node);

/* Property value and length in bytes, or NULL. */
const void *dt_get_prop(const void *fdt, int node, const char *name, int *len);

/* Node at an absolute path; a component without '@' matches any unit. */
int dt_path_offset(const void *fdt, const char *path);

/* Whether a string-list property contains str. */
bool dt_prop_has_string(const void *fdt, int node, const char *prop,
                        const char *str);
bool dt_node_is_compatible(const void *fdt, int node, const char *compat);

/* Next node (depth-first, after node) with this compatible string. */
int dt_find_compatible(const void *fdt, int node, const char *compat);

/* A u32 property, or def when absent or too short. */
uint32_t dt_get_u32(const void *fdt, int node, const char *name, uint32_t def);

/* Big-endian cells (1 or 2 of them) as a number; advances *cell. */
uint64_t dt_next_cells(const uint32_t **cell, unsigned int nr);

/* #address-cells / #size-cells a node gives its children. */
unsigned int dt_n_addr_cells(const void *fdt, int node);
unsigned int dt_n_size_cells(const void *fdt, int node);

/* The node containing node, or -1 (for the root or on error). */
int dt_parent(const void *fdt, int node);

/* Entry index of the memory reservation block; false past its end. */
bool dt_get_rsvmap(const void *fdt, unsigned int index, uint64_t *addr,
                   uint64_t *size);

/*
 * The index'th (address, size) pair of a node's "reg", decoded with the
 * parent's cell counts.  Returns false if there is no such entry.
 */
bool dt_get_reg(const void *fdt, int parent, int node, unsigned int index,
                uint64_t *addr, uint64_t *size);

/* Iterate over the children of parent. */
#define dt_for_each_child(fdt, parent, child)                                  \
    for ( (child) = dt_first_child(fdt, parent); (child) >= 0;                 \
          (child) = dt_next_sibling(fdt, child) )

/*
 * Byte swaps by hand: rv64imac has no byte-swap instruction, so
 * __builtin_bswap32() becomes a call into libgcc, which the hypervisor
 * does not link (riscv64-linux-gnu's libgcc is built for another ABI).
 */
static inline uint32_t be32_to_cpu(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xff00U) | ((v << 8) & 0xff0000U) |
           (v << 24);
}

static inline uint32_t cpu_to_be32(uint32_t v)
{
    return be32_to_cpu(v);
}

#endif /* XEN__DEVICE_TREE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
