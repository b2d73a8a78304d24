/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flattened device tree reader (Devicetree Specification, "Flattened
 * Devicetree (DTB) Format").  The blob is: a header, a memory reservation
 * block, a structure block of 32-bit big-endian tokens, and a strings
 * block holding property names.  Nodes are FDT_BEGIN_NODE <name, padded>
 * ... FDT_END_NODE; properties are FDT_PROP <len> <nameoff> <value,
 * padded>.  Offsets are kept inside the structure block, so a corrupt
 * blob cannot send a walk outside it.
 */

#include <xen/device_tree.h>
#include <xen/lib.h>

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

/* Deepest nesting dt_parent() follows. */
#define DT_MAX_DEPTH 32

/* Header fields, in 32-bit words from the start of the blob. */
#define HDR_MAGIC        0
#define HDR_TOTALSIZE    1
#define HDR_OFF_STRUCT   2
#define HDR_OFF_STRINGS  3
#define HDR_OFF_RSVMAP   4
#define HDR_VERSION      5
#define HDR_SIZE_STRINGS 8
#define HDR_SIZE_STRUCT  9

static uint32_t hdr(const void *fdt, unsigned int field)
{
    return be32_to_cpu(((const uint32_t *)fdt)[field]);
}

int dt_check_header(const void *fdt)
{
    uint32_t total;

    if ( !fdt || ((unsigned long)fdt & 3) || hdr(fdt, HDR_MAGIC) != FDT_MAGIC )
        return -1;
    /* Version 17 added size_dt_struct, which the bounds checks rely on. */
    if ( hdr(fdt, HDR_VERSION) < 17 )
        return -1;

    total = hdr(fdt, HDR_TOTALSIZE);
    if ( hdr(fdt, HDR_OFF_STRUCT) + hdr(fdt, HDR_SIZE_STRUCT) > total ||
         hdr(fdt, HDR_OFF_STRINGS) + hdr(fdt, HDR_SIZE_STRINGS) > total ||
         (hdr(fdt, HDR_OFF_STRUCT) & 3) )
        return -1;

    return 0;
}

uint32_t dt_totalsize(const void *fdt)
{
    return hdr(fdt, HDR_TOTALSIZE);
}

static const char *struct_base(const void *fdt)
{
    return (const char *)fdt + hdr(fdt, HDR_OFF_STRUCT);
}

/* Token at off, or FDT_END if off is outside the structure block. */
static uint32_t token_at(const void *fdt, int off)
{
    if ( off < 0 || (uint32_t)off + 4 > hdr(fdt, HDR_SIZE_STRUCT) )
        return FDT_END;
    return be32_to_cpu(*(const uint32_t *)(struct_base(fdt) + off));
}

static int align4(int off)
{
    return (off + 3) & ~3;
}

/* Offset just past the token at off (its payload included), or -1. */
static int next_token(const void *fdt, int off)
{
    const char *base = struct_base(fdt);
    uint32_t limit = hdr(fdt, HDR_SIZE_STRUCT);

    switch ( token_at(fdt, off) )
    {
    case FDT_BEGIN_NODE:
    {
        size_t len = strnlen(base + off + 4, limit - off - 4);

        return align4(off + 4 + len + 1);
    }
    case FDT_PROP:
    {
        uint32_t len;

        if ( (uint32_t)off + 12 > limit )
            return -1;
        len = be32_to_cpu(*(const uint32_t *)(base + off + 4));
        if ( len > limit - off - 12 )
            return -1;
        return align4(off + 12 + len);
    }
    case FDT_END_NODE:
    case FDT_NOP:
        return off + 4;
    default:
        return -1;
    }
}

/* Offset just past the FDT_END_NODE closing the node at node, or -1. */
static int skip_node(const void *fdt, int node)
{
    int depth = 0, off = node;

    do {
        uint32_t tok = token_at(fdt, off);

        if ( tok == FDT_BEGIN_NODE )
            depth++;
        else if ( tok == FDT_END_NODE )
            depth--;
        off = next_token(fdt, off);
        if ( off < 0 )
            return -1;
    } while ( depth > 0 );

    return off;
}

/* First BEGIN_NODE at or after off at the same depth, or -1. */
static int node_at_or_after(const void *fdt, int off)
{
    for ( ; ; )
    {
        uint32_t tok = token_at(fdt, off);

        if ( tok == FDT_BEGIN_NODE )
            return off;
        if ( tok != FDT_NOP && tok != FDT_PROP )
            return -1;
        off = next_token(fdt, off);
        if ( off < 0 )
            return -1;
    }
}

int dt_root(const void *fdt)
{
    return node_at_or_after(fdt, 0);
}

int dt_first_child(const void *fdt, int node)
{
    if ( token_at(fdt, node) != FDT_BEGIN_NODE )
        return -1;
    /* Properties come first; node_at_or_after() skips them. */
    return node_at_or_after(fdt, next_token(fdt, node));
}

int dt_next_sibling(const void *fdt, int node)
{
    int off = skip_node(fdt, node);

    return off < 0 ? -1 : node_at_or_after(fdt, off);
}

const char *dt_node_name(const void *fdt, int node)
{
    if ( token_at(fdt, node) != FDT_BEGIN_NODE )
        return NULL;
    return struct_base(fdt) + node + 4;
}

const void *dt_get_prop(const void *fdt, int node, const char *name, int *len)
{
    const char *strings = (const char *)fdt + hdr(fdt, HDR_OFF_STRINGS);
    uint32_t strings_size = hdr(fdt, HDR_SIZE_STRINGS);
    int off;

    if ( token_at(fdt, node) != FDT_BEGIN_NODE )
        return NULL;

    for ( off = next_token(fdt, node); off >= 0; off = next_token(fdt, off) )
    {
        uint32_t tok = token_at(fdt, off);
        const uint32_t *p = (const uint32_t *)(struct_base(fdt) + off);
        uint32_t nameoff;

        if ( tok == FDT_NOP )
            continue;
        if ( tok != FDT_PROP )
            break;

        nameoff = be32_to_cpu(p[2]);
        if ( nameoff >= strings_size )
            continue;
        if ( !strncmp(strings + nameoff, name, strings_size - nameoff) )
        {
            if ( len )
                *len = be32_to_cpu(p[1]);
            return p + 3;
        }
    }

    return NULL;
}

/* Whether a node name matches one path component of len chars. */
static bool name_matches(const char *name, const char *comp, size_t len)
{
    size_t i;
    bool has_unit = false;

    if ( strncmp(name, comp, len) )
        return false;
    if ( name[len] == '\0' )
        return true;

    /* "memory" matches "memory@80000000" when no unit is given. */
    for ( i = 0; i < len; i++ )
        if ( comp[i] == '@' )
            has_unit = true;

    return name[len] == '@' && !has_unit;
}

int dt_path_offset(const void *fdt, const char *path)
{
    int node = dt_root(fdt);

    if ( *path != '/' )
        return -1;

    while ( node >= 0 )
    {
        const char *comp, *end;
        int child;

        while ( *path == '/' )
            path++;
        if ( !*path )
            return node;

        comp = path;
        for ( end = comp; *end && *end != '/'; end++ )
            ;
        path = end;

        dt_for_each_child(fdt, node,
                          child) if ( name_matches(dt_node_name(fdt, child),
                                                   comp, end - comp) ) break;
        node = child;
    }

    return -1;
}

bool dt_prop_has_string(const void *fdt, int node, const char *prop,
                        const char *str)
{
    int len;
    const char *p = dt_get_prop(fdt, node, prop, &len);
    size_t slen = strlen(str);

    if ( !p )
        return false;

    /* A string list: NUL-separated strings, the last NUL-terminated too. */
    while ( len > 0 )
    {
        size_t l = strnlen(p, len);

        if ( l == slen && !memcmp(p, str, slen) )
            return true;
        p += l + 1;
        len -= l + 1;
    }

    return false;
}

bool dt_node_is_compatible(const void *fdt, int node, const char *compat)
{
    return dt_prop_has_string(fdt, node, "compatible", compat);
}

int dt_find_compatible(const void *fdt, int node, const char *compat)
{
    int off;

    /* Depth-first from just after node (or from the root if node < 0). */
    off = node < 0 ? dt_root(fdt) : next_token(fdt, node);

    for ( ; off >= 0; off = next_token(fdt, off) )
    {
        uint32_t tok = token_at(fdt, off);

        if ( tok == FDT_END )
            break;
        if ( tok == FDT_BEGIN_NODE && dt_node_is_compatible(fdt, off, compat) )
            return off;
    }

    return -1;
}

uint32_t dt_get_u32(const void *fdt, int node, const char *name, uint32_t def)
{
    int len;
    const uint32_t *p = dt_get_prop(fdt, node, name, &len);

    return p && len >= 4 ? be32_to_cpu(*p) : def;
}

uint64_t dt_next_cells(const uint32_t **cell, unsigned int nr)
{
    uint64_t v = 0;

    while ( nr-- )
        v = (v << 32) | be32_to_cpu(*(*cell)++);

    return v;
}

/*
 * A node without #address-cells/#size-cells inherits the root's (QEMU's
 * /chosen has none, yet its modules use the root's 2/2 cells); the
 * specification's defaults 2/1 apply when the root has none either.
 */
unsigned int dt_n_addr_cells(const void *fdt, int node)
{
    return dt_get_u32(fdt, node, "#address-cells",
                      dt_get_u32(fdt, dt_root(fdt), "#address-cells", 2));
}

unsigned int dt_n_size_cells(const void *fdt, int node)
{
    return dt_get_u32(fdt, node, "#size-cells",
                      dt_get_u32(fdt, dt_root(fdt), "#size-cells", 1));
}

int dt_parent(const void *fdt, int node)
{
    int stack[DT_MAX_DEPTH];
    int depth = 0, off;

    for ( off = dt_root(fdt); off >= 0; off = next_token(fdt, off) )
    {
        uint32_t tok = token_at(fdt, off);

        if ( tok == FDT_BEGIN_NODE )
        {
            if ( off == node )
                return depth ? stack[depth - 1] : -1;
            if ( depth == DT_MAX_DEPTH )
                return -1;
            stack[depth++] = off;
        }
        else if ( tok == FDT_END_NODE )
        {
            if ( !depth )
                return -1;
            depth--;
        }
        else if ( tok == FDT_END )
            break;
    }

    return -1;
}

bool dt_get_rsvmap(const void *fdt, unsigned int index, uint64_t *addr,
                   uint64_t *size)
{
    uint32_t off = hdr(fdt, HDR_OFF_RSVMAP) + index * 16;
    const uint32_t *p;

    if ( off + 16 > dt_totalsize(fdt) )
        return false;

    p = (const uint32_t *)((const char *)fdt + off);
    *addr = dt_next_cells(&p, 2);
    *size = dt_next_cells(&p, 2);

    /* The block ends with an all-zero entry. */
    return *addr || *size;
}

bool dt_get_reg(const void *fdt, int parent, int node, unsigned int index,
                uint64_t *addr, uint64_t *size)
{
    unsigned int ac = dt_n_addr_cells(fdt, parent);
    unsigned int sc = dt_n_size_cells(fdt, parent);
    int len;
    const uint32_t *p = dt_get_prop(fdt, node, "reg", &len);

    if ( !p || ac > 2 || sc > 2 || ac == 0 ||
         (unsigned int)len < (index + 1) * (ac + sc) * 4 )
        return false;

    p += index * (ac + sc);
    *addr = dt_next_cells(&p, ac);
    *size = dt_next_cells(&p, sc);

    return true;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
