/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reference model: what the p2m should map, as a sorted array of
 * extents [gfn, gfn + nr) -> mfn + (g - gfn), type, access.  The GFN space
 * is huge (2^47 pages in Sv57x4), so nothing here is per page.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

extern bool p2m_use_pbmt;

void ref_init(struct ref *r)
{
    r->e = NULL;
    r->n = r->cap = 0;
}

void ref_destroy(struct ref *r)
{
    free(r->e);
    ref_init(r);
}

void ref_copy(struct ref *dst, const struct ref *src)
{
    if ( dst->cap < src->n )
    {
        dst->cap = src->n + 16;
        dst->e = realloc(dst->e, dst->cap * sizeof(*dst->e));
        if ( !dst->e )
            abort();
    }
    if ( src->n )
        memcpy(dst->e, src->e, src->n * sizeof(*src->e));
    dst->n = src->n;
}

/* Index of the first extent ending after gfn. */
static size_t ref_find(const struct ref *r, uint64_t gfn)
{
    size_t lo = 0, hi = r->n;

    while ( lo < hi )
    {
        size_t mid = (lo + hi) / 2;

        if ( r->e[mid].gfn + r->e[mid].nr <= gfn )
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void ref_insert_at(struct ref *r, size_t i, const struct ref_ext *x)
{
    if ( r->n == r->cap )
    {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->e = realloc(r->e, r->cap * sizeof(*r->e));
        if ( !r->e )
            abort();
    }
    if ( r->n > i )
        memmove(&r->e[i + 1], &r->e[i], (r->n - i) * sizeof(*r->e));
    r->e[i] = *x;
    r->n++;
}

/* Make gfn an extent boundary. */
static void ref_cut(struct ref *r, uint64_t gfn)
{
    size_t i = ref_find(r, gfn);
    struct ref_ext tail;

    if ( i == r->n || r->e[i].gfn >= gfn )
        return;
    tail = r->e[i];
    tail.nr = r->e[i].gfn + r->e[i].nr - gfn;
    tail.mfn = r->e[i].mfn + (gfn - r->e[i].gfn);
    tail.gfn = gfn;
    r->e[i].nr = gfn - r->e[i].gfn;
    ref_insert_at(r, i + 1, &tail);
}

static bool ref_joinable(const struct ref_ext *a, const struct ref_ext *b)
{
    return a->gfn + a->nr == b->gfn && a->mfn + a->nr == b->mfn &&
           a->t == b->t && a->a == b->a;
}

/* Merge neighbours around [lo, hi] so the array stays small. */
static void ref_merge(struct ref *r, size_t lo, size_t hi)
{
    size_t i;

    if ( lo > 0 )
        lo--;
    if ( hi + 1 > r->n )
        hi = r->n ? r->n - 1 : 0;
    for ( i = lo; i + 1 < r->n && i <= hi; )
    {
        if ( ref_joinable(&r->e[i], &r->e[i + 1]) )
        {
            r->e[i].nr += r->e[i + 1].nr;
            if ( r->n > i + 2 )
                memmove(&r->e[i + 1], &r->e[i + 2],
                        (r->n - i - 2) * sizeof(*r->e));
            r->n--;
            if ( hi )
                hi--;
            continue;
        }
        i++;
    }
}

void ref_unmap(struct ref *r, uint64_t gfn, uint64_t nr)
{
    size_t i, j;

    if ( !nr )
        return;
    ref_cut(r, gfn);
    ref_cut(r, gfn + nr);
    i = ref_find(r, gfn);
    for ( j = i; j < r->n && r->e[j].gfn < gfn + nr; j++ )
        ;
    if ( j == i )
        return;
    if ( r->n > j )
        memmove(&r->e[i], &r->e[j], (r->n - j) * sizeof(*r->e));
    r->n -= j - i;
}

void ref_map(struct ref *r, uint64_t gfn, uint64_t nr, uint64_t mfn,
             unsigned int t, unsigned int a)
{
    struct ref_ext x = { .gfn = gfn, .nr = nr, .mfn = mfn, .t = t, .a = a };
    size_t i;

    if ( !nr )
        return;
    ref_unmap(r, gfn, nr);
    i = ref_find(r, gfn);
    ref_insert_at(r, i, &x);
    ref_merge(r, i, i);
}

static void ref_modify(struct ref *r, uint64_t gfn, uint64_t nr,
                       bool set_access, unsigned int a, unsigned int ot,
                       unsigned int nt)
{
    size_t i, first;

    if ( !nr )
        return;
    ref_cut(r, gfn);
    ref_cut(r, gfn + nr);
    first = i = ref_find(r, gfn);
    for ( ; i < r->n && r->e[i].gfn < gfn + nr; i++ )
    {
        if ( set_access )
            r->e[i].a = a;
        else if ( r->e[i].t == ot )
            r->e[i].t = nt;
    }
    ref_merge(r, first, i);
}

void ref_set_access(struct ref *r, uint64_t gfn, uint64_t nr, unsigned int a)
{
    ref_modify(r, gfn, nr, true, a, 0, 0);
}

void ref_change_type(struct ref *r, uint64_t gfn, uint64_t nr, unsigned int ot,
                     unsigned int nt)
{
    ref_modify(r, gfn, nr, false, 0, ot, nt);
}

bool ref_get(const struct ref *r, uint64_t gfn, struct ref_ext *out)
{
    size_t i = ref_find(r, gfn);

    if ( i == r->n || r->e[i].gfn > gfn )
        return false;
    *out = r->e[i];
    out->mfn += gfn - r->e[i].gfn;
    out->gfn = gfn;
    out->nr = 1;
    return true;
}

bool ref_uniform(const struct ref *r, uint64_t gfn, uint64_t nr)
{
    size_t i = ref_find(r, gfn);
    uint64_t end = gfn + nr;

    if ( i == r->n || r->e[i].gfn >= end )
        return true; /* one hole */
    if ( r->e[i].gfn > gfn )
        return false; /* hole then mapping */
    while ( r->e[i].gfn + r->e[i].nr < end )
    {
        if ( i + 1 == r->n || !ref_joinable(&r->e[i], &r->e[i + 1]) )
            return false;
        i++;
    }
    return true;
}

bool ref_io_differs(const struct ref *r, uint64_t gfn, uint64_t nr, bool io)
{
    for ( size_t i = ref_find(r, gfn); i < r->n && r->e[i].gfn < gfn + nr; i++ )
        if ( (r->e[i].t == p2m_mmio_direct_io) != io )
            return true;
    return false;
}

bool ref_maps(const struct ref *r, uint64_t gfn, uint64_t nr, uint64_t mfn)
{
    size_t i = ref_find(r, gfn);
    uint64_t g = gfn;

    while ( g < gfn + nr )
    {
        if ( i == r->n || r->e[i].gfn > g ||
             r->e[i].mfn + (g - r->e[i].gfn) != mfn + (g - gfn) )
            return false;
        g = r->e[i].gfn + r->e[i].nr;
        i++;
    }
    return true;
}

unsigned int ref_perms(unsigned int t, unsigned int a)
{
    static const unsigned int type_perms[p2m_max_type] = {
        [p2m_ram_rw] = 7,         [p2m_ram_ro] = 5,
        [p2m_mmio_direct_io] = 3, [p2m_map_foreign_rw] = 3,
        [p2m_map_foreign_ro] = 1, [p2m_grant_map_rw] = 3,
        [p2m_grant_map_ro] = 1,
    };
    unsigned int p = (t < p2m_max_type ? type_perms[t] : 0) & a;

    if ( !(p & p2m_access_r) )
        p &= ~p2m_access_w;
    return p;
}

struct xl ref_expect(const struct ref *r, uint64_t gfn)
{
    struct xl x = { .kind = XL_FAULT };
    struct ref_ext e;

    if ( !ref_get(r, gfn, &e) || !ref_perms(e.t, e.a) )
        return x;
    x.kind = XL_OK;
    x.perms = ref_perms(e.t, e.a);
    x.ppn = e.mfn;
    x.pbmt = (e.t == p2m_mmio_direct_io && p2m_use_pbmt) ? 2 : 0;
    return x;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
