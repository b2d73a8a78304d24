/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hosted test of domid_pick() (xen/domid.h), the choice of a new domain's
 * id when none is asked for: the first id not in use after the last one
 * given, going round 1 .. DOMID_FIRST_RESERVED - 1, never 0, DOMID_INVALID
 * when every id is in use.  Directed cases (the order, the wrap, live ids
 * skipped, a freed id given out again only after a full round,
 * exhaustion), then random sequences of creations and destructions
 * checked against a second, independent statement of the rule: the
 * smallest free id above the last one, else the smallest free one.  Exit
 * status 1 on a violation; the last line is "N passed, M failed".
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xen/domid.h>

#define SPAN (DOMID_FIRST_RESERVED - 1) /* ids 1 .. SPAN */

static unsigned long used[DOMID_MAP_LONGS];
static domid_t last;
static unsigned int passed, failed;
static unsigned long rnd_state;

static unsigned long rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static void set_used(domid_t id, bool on)
{
    unsigned long bit = 1UL << (id % DOMID_BITS_PER_LONG);

    if ( on )
        used[id / DOMID_BITS_PER_LONG] |= bit;
    else
        used[id / DOMID_BITS_PER_LONG] &= ~bit;
}

static void reset(void)
{
    memset(used, 0, sizeof(used));
    set_used(0, true); /* dom0 */
    last = 0;
}

/* The rule, stated the other way round: by minimum, not by walking. */
static domid_t oracle(domid_t after)
{
    domid_t above = DOMID_INVALID, lowest = DOMID_INVALID;

    for ( unsigned int id = SPAN; id >= 1; id-- )
    {
        if ( domid_in_use(used, id) )
            continue;
        lowest = id;
        if ( id > after )
            above = id;
    }

    return above != DOMID_INVALID ? above : lowest;
}

static bool expect(const char *what, domid_t got, domid_t want)
{
    if ( got == want )
        return true;
    printf("FAIL: %s: got %#x, expected %#x\n", what, got, want);
    failed++;
    return false;
}

/* One creation: pick, check against the oracle, mark in use. */
static domid_t create(const char *what)
{
    domid_t want = oracle(last), id = domid_pick(used, last);

    if ( !expect(what, id, want) )
        return DOMID_INVALID;
    if ( id == 0 || (id >= DOMID_FIRST_RESERVED && id != DOMID_INVALID) ||
         (id != DOMID_INVALID && domid_in_use(used, id)) )
    {
        printf("FAIL: %s: id %#x is dom0's, reserved or in use\n", what, id);
        failed++;
        return DOMID_INVALID;
    }
    if ( id != DOMID_INVALID )
    {
        set_used(id, true);
        last = id;
    }

    return id;
}

static void directed(void)
{
    unsigned int before = failed;
    domid_t id;

    /* In order from 1; dom0's 0 is never handed out. */
    reset();
    for ( unsigned int i = 1; i <= 5; i++ )
        expect("in order", create("in order"), i);

    /* A destroyed id is not given out again at once. */
    set_used(2, false);
    expect("after freeing 2", create("after freeing 2"), 6);

    /* Live ids after the last one are skipped. */
    set_used(7, true);
    set_used(8, true);
    expect("skip live 7, 8", create("skip live 7, 8"), 9);

    /* Past the top, round to the first free id from 1 (2, freed above). */
    last = SPAN;
    expect("wrap", create("wrap"), 2);

    /* Not 0 even when dom0's bit is clear. */
    reset();
    set_used(0, false);
    expect("never 0", create("never 0"), 1);

    /* last itself comes last: every other id in use, last freed. */
    reset();
    for ( id = 1; id <= SPAN; id++ )
        set_used(id, true);
    set_used(100, false);
    last = 100;
    expect("only the last one free", create("only the last one free"), 100);

    /* Every id in use. */
    expect("all in use", domid_pick(used, last), DOMID_INVALID);

    /* The top id is given out, and the one after it is 1. */
    reset();
    last = SPAN - 1;
    expect("top id", create("top id"), SPAN);
    expect("after the top", create("after the top"), 1);

    /* A last beyond the range (never given) starts from 1. */
    reset();
    expect("bad last", domid_pick(used, DOMID_FIRST_RESERVED), 1);

    if ( failed == before )
        passed++;
    printf("domid: directed cases (order, reuse after a round, live ids "
           "skipped, wrap, exhaustion): %s\n",
           failed == before ? "PASS" : "FAIL");
}

/*
 * Domains come and go, at most max_live at a time, for long enough that
 * the ids go round several times: every choice must match the oracle, and
 * freed ids must come back.
 */
static void random_runs(unsigned long seed)
{
    static domid_t live[64];
    unsigned long ops = 0, reuses = 0, rounds = 0;
    unsigned int before = failed;

    rnd_state = seed ? seed : 1;
    reset();
    for ( unsigned int run = 0; run < 4 && failed == before; run++ )
    {
        unsigned int max_live = 1 + rnd() % 64, nr = 0;
        domid_t prev_last = last;

        for ( unsigned long step = 0; step < 80000 && failed == before; step++ )
        {
            bool make = nr < max_live && (nr == 0 || rnd() % 3);

            if ( make )
            {
                static bool seen[DOMID_FIRST_RESERVED];
                domid_t id = create("random create");

                if ( id == DOMID_INVALID )
                    break;
                if ( seen[id] )
                    reuses++;
                seen[id] = true;
                if ( id < prev_last )
                    rounds++;
                prev_last = id;
                live[nr++] = id;
            }
            else
            {
                unsigned int k = rnd() % nr;

                set_used(live[k], false);
                live[k] = live[--nr];
            }
            ops++;
        }
        while ( nr )
            set_used(live[--nr], false);
    }

    if ( failed == before )
        passed++;
    printf("domid: random, seed %lu: %lu creations and destructions, ids "
           "went round %lu times, %lu ids given out again: %s\n",
           seed, ops, rounds, reuses, failed == before ? "PASS" : "FAIL");
    if ( failed != before )
        printf("domid: replay with: make -C tools/tests/domid check SEED=%lu\n",
               seed);
}

int main(int argc, char **argv)
{
    unsigned long seed =
        argc > 1 ? strtoul(argv[1], NULL, 0) : (unsigned long)time(NULL);

    directed();
    random_runs(seed);

    printf("%u passed, %u failed\n", passed, failed);

    return failed ? 1 : 0;
}
