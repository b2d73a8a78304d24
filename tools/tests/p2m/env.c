/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated machine for the hosted p2m harness: an arena of 4 KiB
 * frames starting at ARENA_BASE_MFN, a frame table of ARENA_PAGES entries
 * (the frames with a page_info, whatever the arena's size), a naturally
 * aligned block allocator over the arena (alloc_domheap_pages()), frame
 * mapping, and the few library functions p2m.c links against.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/domain_page.h>

#include "harness.h"

uint8_t *arena;
unsigned long arena_nr = ARENA_PAGES;

struct page_info *frame_table;
unsigned long frametable_base_mfn = ARENA_BASE_MFN;
unsigned long frametable_nr = ARENA_PAGES;

bool env_misalign_order2;
bool env_verbose;
unsigned long env_printk_lines;

/* One byte per frame: 1 while allocated. */
static uint8_t *in_use;
static unsigned long nr_in_use;
static unsigned long cursor;
/*
 * Frames the allocator or the reference counts wrote since the last
 * reset, [touched_lo, touched_hi): a fuzzing input touches a few hundred
 * of the 16384, and clearing the whole 1 MiB frame table for each input
 * was 4% of a fuzzing run.
 */
static unsigned long touched_lo = ~0UL, touched_hi;

static void touch(unsigned long first, unsigned long n)
{
    if ( first < touched_lo )
        touched_lo = first;
    if ( first + n > touched_hi )
        touched_hi = first + n;
}

/* What a freshly allocated or freed page holds: V=1 with reserved bits. */
#define POISON_ALLOC 0xa5
#define POISON_FREE  0x5b

void env_init(void)
{
    if ( arena )
        return;
    if ( !arena_nr || arena_nr > frametable_nr )
    {
        fprintf(stderr, "harness: an arena of %lu pages\n", arena_nr);
        exit(2);
    }
    arena = aligned_alloc(PAGE_SIZE, arena_nr * PAGE_SIZE);
    frame_table = calloc(frametable_nr, sizeof(*frame_table));
    in_use = calloc(arena_nr, 1);
    if ( !arena || !frame_table || !in_use )
    {
        fprintf(stderr, "harness: out of host memory\n");
        exit(2);
    }
    memset(arena, POISON_FREE, arena_nr * PAGE_SIZE);
}

static void reset_frames(unsigned long first, unsigned long end)
{
    if ( first < end )
        memset(frame_table + first, 0, (end - first) * sizeof(*frame_table));
    if ( first < end && first < arena_nr )
        memset(in_use + first, 0, min(end, arena_nr) - first);
    touched_lo = ~0UL;
    touched_hi = 0;
    nr_in_use = 0;
    cursor = 0;
}

void env_reset(void)
{
    reset_frames(0, frametable_nr);
}

void env_reset_touched(void)
{
    static unsigned int resets;
    static const struct page_info clean;

    reset_frames(touched_lo, touched_hi);
    /*
     * Every 256th reset, make sure nothing wrote the frame table behind
     * the allocator's back (this reset would miss it, and the next input
     * would not start as the last one did).
     */
    if ( ++resets % 256 )
        return;
    for ( unsigned long i = 0; i < frametable_nr; i++ )
        if ( (i < arena_nr && in_use[i]) ||
             memcmp(&frame_table[i], &clean, sizeof(clean)) )
        {
            fprintf(stderr,
                    "harness: mfn 0x%lx's frame-table entry changed "
                    "outside the allocator and reference counts\n",
                    i + ARENA_BASE_MFN);
            abort();
        }
}

unsigned long env_pages_in_use(void)
{
    return nr_in_use;
}

bool arena_has_mfn(unsigned long mfn)
{
    return mfn >= ARENA_BASE_MFN && mfn - ARENA_BASE_MFN < arena_nr;
}

uint8_t *arena_maddr(paddr_t maddr)
{
    unsigned long mfn = maddr >> PAGE_SHIFT;

    if ( !arena_has_mfn(mfn) )
        return NULL;
    return arena + (maddr - (ARENA_BASE_MFN << PAGE_SHIFT));
}

void *map_domain_page(mfn_t mfn)
{
    if ( !arena_has_mfn(mfn_x(mfn)) )
    {
        fprintf(stderr, "harness: map_domain_page(0x%lx) outside the arena\n",
                mfn_x(mfn));
        abort();
    }
    return arena + (mfn_x(mfn) - ARENA_BASE_MFN) * PAGE_SIZE;
}

void unmap_domain_page(const void *va)
{
    const uint8_t *p = va;

    if ( p < arena || p >= arena + arena_nr * PAGE_SIZE )
    {
        fprintf(stderr, "harness: unmap_domain_page(%p) not a mapping\n", va);
        abort();
    }
}

/* One poisoned PTE in every eight: enough for any walk to trip over. */
static void poison(unsigned long first, unsigned long n, uint8_t byte)
{
    uint64_t v;

    memset(&v, byte, sizeof(v));
    for ( unsigned long i = first * PAGE_SIZE / 8;
          i < (first + n) * PAGE_SIZE / 8; i += 8 )
        ((uint64_t *)arena)[i] = v;
}

static bool block_free(unsigned long i, unsigned long n)
{
    for ( unsigned long j = 0; j < n; j++ )
        if ( in_use[i + j] )
            return false;
    return true;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags)
{
    unsigned long n = 1UL << order;
    /* The switch hands out an order-2 block 4 KiB past 16 KiB alignment. */
    bool skew = env_misalign_order2 && order == 2;
    unsigned long span = skew ? 2 * n : n;

    (void)d;
    (void)memflags;

    if ( order > 12 )
        return NULL;

    for ( unsigned long tries = 0; tries < arena_nr; tries += span )
    {
        unsigned long i = (cursor + tries) % arena_nr;
        unsigned long first;

        i &= ~(span - 1);
        if ( i + span > arena_nr || !block_free(i, span) )
            continue;

        first = skew ? i + 1 : i;
        for ( unsigned long j = 0; j < n; j++ )
        {
            struct page_info *pg = &frame_table[first + j];

            in_use[first + j] = 1;
            memset(pg, 0, sizeof(*pg));
            pg->count_info = PGC_allocated;
            pg->order = order;
        }
        touch(first, n);
        poison(first, n, POISON_ALLOC);
        nr_in_use += n;
        cursor = first + n;
        return &frame_table[first];
    }

    return NULL;
}

/*
 * Page references, as far as p2m.c uses them: get_page() checks the owner
 * and counts; put_page() counts down, and counts the puts of pages nobody
 * had a reference to (random foreign leaves point anywhere) instead of
 * freeing anything.  teardown.c checks the counts.
 */
unsigned long env_put_pages, env_put_unreferenced;

bool get_page(struct page_info *pg, const struct domain *d)
{
    if ( !d || page_get_owner(pg) != d )
        return false;
    touch(pg - frame_table, 1);
    pg->count++;
    return true;
}

void put_page(struct page_info *pg)
{
    env_put_pages++;
    if ( pg->count )
    {
        touch(pg - frame_table, 1);
        pg->count--;
    }
    else
        env_put_unreferenced++;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    unsigned long first = pg - frame_table;
    unsigned long n = 1UL << order;

    if ( first >= arena_nr || first + n > arena_nr )
    {
        fprintf(stderr, "harness: free of a page outside the frame table\n");
        abort();
    }
    for ( unsigned long j = 0; j < n; j++ )
    {
        if ( !in_use[first + j] )
        {
            fprintf(stderr, "harness: double free of mfn 0x%lx\n",
                    first + j + ARENA_BASE_MFN);
            abort();
        }
        if ( frame_table[first + j].count_info & PGC_p2m_table )
        {
            fprintf(stderr,
                    "harness: mfn 0x%lx freed still marked as a p2m "
                    "table\n",
                    first + j + ARENA_BASE_MFN);
            abort();
        }
        in_use[first + j] = 0;
        frame_table[first + j].count_info = 0;
    }
    poison(first, n, POISON_FREE);
    nr_in_use -= n;
}

unsigned long avail_domheap_pages(void)
{
    return arena_nr - nr_in_use;
}

void printk(const char *fmt, ...)
{
    va_list ap;

    env_printk_lines++;
    if ( !env_verbose )
        return;
    /* Drop a leading XENLOG_* marker, as the real console does. */
    if ( fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '3' && fmt[2] == '>' )
        fmt += 3;
    fputs("(XEN) ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    fputs("(XEN) PANIC: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

void assert_failed(const char *expr, const char *file, unsigned int line)
{
    fprintf(stderr, "(XEN) Assertion '%s' failed at %s:%u\n", expr, file, line);
    abort();
}

void domain_crash(struct domain *d)
{
    fprintf(stderr, "(XEN) domain %u crashed\n", d->domain_id);
    abort();
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
