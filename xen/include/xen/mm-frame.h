/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__MM_FRAME_H
#define XEN__MM_FRAME_H

#include <xen/typesafe.h>
#include <xen/types.h>

TYPE_SAFE(unsigned long, mfn);
#define PRI_mfn         "05lx"
#define INVALID_MFN_RAW (~0UL)
#define INVALID_MFN     _mfn(INVALID_MFN_RAW)

static inline mfn_t mfn_add(mfn_t mfn, unsigned long i)
{
    return _mfn(mfn_x(mfn) + i);
}

static inline bool mfn_eq(mfn_t x, mfn_t y)
{
    return mfn_x(x) == mfn_x(y);
}

TYPE_SAFE(unsigned long, gfn);
#define PRI_gfn         "05lx"
#define INVALID_GFN_RAW (~0UL)
#define INVALID_GFN     _gfn(INVALID_GFN_RAW)

static inline gfn_t gfn_add(gfn_t gfn, unsigned long i)
{
    return _gfn(gfn_x(gfn) + i);
}

static inline bool gfn_eq(gfn_t x, gfn_t y)
{
    return gfn_x(x) == gfn_x(y);
}

static inline gfn_t gfn_min(gfn_t x, gfn_t y)
{
    return gfn_x(x) < gfn_x(y) ? x : y;
}

static inline gfn_t gfn_max(gfn_t x, gfn_t y)
{
    return gfn_x(x) > gfn_x(y) ? x : y;
}

#endif /* XEN__MM_FRAME_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
