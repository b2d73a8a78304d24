/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flattened device tree writer (Devicetree Specification, "Flattened
 * Devicetree (DTB) Format", version 17).  Layout of the result: header,
 * an empty memory reservation block, the structure block, the strings.
 */

#include <xen/device_tree.h>
#include <xen/errno.h>
#include <xen/fdt_write.h>
#include <xen/lib.h>

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_END        9

#define FDT_HEADER_SIZE 40
#define FDT_RSVMAP_SIZE 16 /* just the terminating (0, 0) entry */
#define FDT_STRUCT_OFF  (FDT_HEADER_SIZE + FDT_RSVMAP_SIZE)

static void put_bytes(struct fdt_writer *w, const void *p, size_t len)
{
    if ( w->error )
        return;
    if ( len > w->size - w->off )
    {
        w->error = -ENOSPC;
        return;
    }
    memcpy(w->buf + w->off, p, len);
    w->off += len;
}

static void put_u32(struct fdt_writer *w, uint32_t v)
{
    uint32_t be = cpu_to_be32(v);

    put_bytes(w, &be, 4);
}

static void pad4(struct fdt_writer *w)
{
    static const uint8_t zero[3];

    put_bytes(w, zero, (4 - (w->off & 3)) & 3);
}

/* Offset of name in the strings table, adding it if needed. */
static uint32_t string_offset(struct fdt_writer *w, const char *name)
{
    size_t len = strlen(name) + 1, off = 0;

    while ( off < w->strings_len )
    {
        if ( !strcmp(w->strings + off, name) )
            return off;
        off += strlen(w->strings + off) + 1;
    }

    if ( len > sizeof(w->strings) - w->strings_len )
    {
        w->error = -ENOSPC;
        return 0;
    }
    memcpy(w->strings + w->strings_len, name, len);
    w->strings_len += len;

    return off;
}

void fdtw_init(struct fdt_writer *w, void *buf, size_t size)
{
    w->buf = buf;
    w->size = size;
    w->off = 0;
    w->depth = 0;
    w->error = size < FDT_STRUCT_OFF ? -ENOSPC : 0;
    w->strings_len = 0;
    if ( !w->error )
    {
        memset(buf, 0, FDT_STRUCT_OFF);
        w->off = FDT_STRUCT_OFF;
    }
}

void fdtw_begin_node(struct fdt_writer *w, const char *name)
{
    put_u32(w, FDT_BEGIN_NODE);
    put_bytes(w, name, strlen(name) + 1);
    pad4(w);
    w->depth++;
}

void fdtw_end_node(struct fdt_writer *w)
{
    if ( !w->depth )
    {
        w->error = -EINVAL;
        return;
    }
    put_u32(w, FDT_END_NODE);
    w->depth--;
}

void fdtw_prop(struct fdt_writer *w, const char *name, const void *val,
               size_t len)
{
    uint32_t nameoff = string_offset(w, name);

    put_u32(w, FDT_PROP);
    put_u32(w, len);
    put_u32(w, nameoff);
    put_bytes(w, val, len);
    pad4(w);
}

void fdtw_prop_empty(struct fdt_writer *w, const char *name)
{
    fdtw_prop(w, name, NULL, 0);
}

void fdtw_prop_u32(struct fdt_writer *w, const char *name, uint32_t v)
{
    fdtw_prop_cells(w, name, &v, 1);
}

void fdtw_prop_cells(struct fdt_writer *w, const char *name,
                     const uint32_t *cells, unsigned int nr)
{
    uint32_t be[8];
    unsigned int i;

    if ( nr > ARRAY_SIZE(be) )
    {
        w->error = -EINVAL;
        return;
    }
    for ( i = 0; i < nr; i++ )
        be[i] = cpu_to_be32(cells[i]);
    fdtw_prop(w, name, be, nr * 4);
}

void fdtw_prop_reg64(struct fdt_writer *w, uint64_t addr, uint64_t size)
{
    const uint32_t cells[4] = {
        addr >> 32,
        (uint32_t)addr,
        size >> 32,
        (uint32_t)size,
    };

    fdtw_prop_cells(w, "reg", cells, 4);
}

void fdtw_prop_string(struct fdt_writer *w, const char *name, const char *s)
{
    fdtw_prop(w, name, s, strlen(s) + 1);
}

int fdtw_finish(struct fdt_writer *w)
{
    uint32_t *h = (uint32_t *)w->buf;
    size_t struct_size, strings_off;

    if ( !w->error && w->depth )
        w->error = -EINVAL;
    put_u32(w, FDT_END);
    if ( w->error )
        return w->error;

    struct_size = w->off - FDT_STRUCT_OFF;
    strings_off = w->off;
    put_bytes(w, w->strings, w->strings_len);
    if ( w->error )
        return w->error;

    h[0] = cpu_to_be32(FDT_MAGIC);
    h[1] = cpu_to_be32(w->off);          /* totalsize */
    h[2] = cpu_to_be32(FDT_STRUCT_OFF);  /* off_dt_struct */
    h[3] = cpu_to_be32(strings_off);     /* off_dt_strings */
    h[4] = cpu_to_be32(FDT_HEADER_SIZE); /* off_mem_rsvmap */
    h[5] = cpu_to_be32(17);              /* version */
    h[6] = cpu_to_be32(16);              /* last_comp_version */
    h[7] = cpu_to_be32(0);               /* boot_cpuid_phys */
    h[8] = cpu_to_be32(w->strings_len);  /* size_dt_strings */
    h[9] = cpu_to_be32(struct_size);     /* size_dt_struct */

    return w->off;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
