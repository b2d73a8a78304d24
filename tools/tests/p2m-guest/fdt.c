/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal flattened device tree reader: just enough to find the memory
 * banks (/memory*, reg, with the root's #address-cells/#size-cells) and
 * /chosen/bootargs.  The structure block is walked token by token
 * (Devicetree Specification, "Flattened Devicetree (DTB) Format").
 */
#include "guest.h"

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE   2U
#define FDT_PROP       3U
#define FDT_NOP        4U
#define FDT_END        9U

/* Bound on the size we are prepared to walk, against a garbage header. */
#define FDT_MAX_SIZE (1U << 20)

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;

    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
           ((uint32_t)b[2] << 8) | b[3];
}

static unsigned long read_cells(const uint8_t *p, unsigned int cells)
{
    unsigned long v = 0;

    while ( cells-- )
    {
        v = (v << 32) | be32(p);
        p += 4;
    }

    return v;
}

static bool node_is(const char *name, const char *want)
{
    size_t n = strlen(want);

    return !strncmp(name, want, n) && (name[n] == '\0' || name[n] == '@');
}

int fdt_parse(unsigned long dtb, struct boot_info *bi)
{
    const uint8_t *base = (const uint8_t *)dtb;
    uint32_t totalsize, off_struct, off_strings, size_struct;
    const uint8_t *p, *end;
    unsigned int depth = 0, addr_cells = 2, size_cells = 1;
    bool in_memory = false, in_chosen = false;

    memset(bi, 0, sizeof(*bi));
    bi->dtb = dtb;

    if ( !dtb || (dtb & 3) || be32(base) != FDT_MAGIC )
        return -1;

    totalsize = be32(base + 4);
    off_struct = be32(base + 8);
    off_strings = be32(base + 12);
    size_struct = be32(base + 36);
    if ( totalsize > FDT_MAX_SIZE || off_struct >= totalsize ||
         off_strings >= totalsize || size_struct > totalsize - off_struct )
        return -1;

    bi->dtb_size = totalsize;
    p = base + off_struct;
    end = p + size_struct;

    while ( p + 4 <= end )
    {
        uint32_t token = be32(p);

        p += 4;
        switch ( token )
        {
        case FDT_BEGIN_NODE:
        {
            const char *name = (const char *)p;

            depth++;
            /* Only nodes directly under the root are of interest. */
            in_memory = depth == 2 && node_is(name, "memory");
            in_chosen = depth == 2 && node_is(name, "chosen");
            p += (strlen(name) + 1 + 3) & ~3UL;
            break;
        }

        case FDT_END_NODE:
            if ( !depth )
                return -1;
            depth--;
            in_memory = in_chosen = false;
            break;

        case FDT_PROP:
        {
            uint32_t len = be32(p);
            const char *pname = (const char *)base + off_strings + be32(p + 4);
            const uint8_t *val = p + 8;

            p = val + ((len + 3) & ~3U);
            if ( p > end )
                return -1;

            if ( depth == 1 && !strncmp(pname, "#address-cells", 15) &&
                 len == 4 )
                addr_cells = be32(val);
            else if ( depth == 1 && !strncmp(pname, "#size-cells", 12) &&
                      len == 4 )
                size_cells = be32(val);
            else if ( in_memory && !strncmp(pname, "reg", 4) )
            {
                unsigned int stride = 4 * (addr_cells + size_cells);

                if ( addr_cells > 2 || size_cells > 2 || !stride )
                    return -1;
                for ( ; len >= stride && bi->nr_banks < MAX_MEM_BANKS;
                      len -= stride, val += stride )
                {
                    bi->bank_base[bi->nr_banks] = read_cells(val, addr_cells);
                    bi->bank_size[bi->nr_banks] =
                        read_cells(val + 4 * addr_cells, size_cells);
                    bi->nr_banks++;
                }
            }
            else if ( in_chosen && !strncmp(pname, "bootargs", 9) )
            {
                size_t n =
                    len < sizeof(bi->bootargs) ? len : sizeof(bi->bootargs);

                memcpy(bi->bootargs, val, n);
                bi->bootargs[sizeof(bi->bootargs) - 1] = '\0';
            }
            break;
        }

        case FDT_NOP:
            break;

        case FDT_END:
            return bi->nr_banks ? 0 : -1;

        default:
            return -1;
        }
    }

    return -1;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
