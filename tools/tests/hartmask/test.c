/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hosted test of hartmask_next_group() (asm/hartmask.h): the conversion
 * of a mask of logical CPUs into SBI (hart mask, base) groups that every
 * remote SBI call of the hypervisor uses (sbi.c: IPIs, RFENCE, and the
 * p2m's gstage_flush_remote()).  Random hart-id layouts (sparse, out of
 * order, more than 64 apart), masks, online sets and calling CPUs; the
 * harts the groups name must be exactly the online CPUs of the mask other
 * than the caller, each once.  Exit status 1 on a violation.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <asm/hartmask.h>

#define MAX_HARTID 400

static unsigned long hartids[CONFIG_NR_CPUS];
static unsigned long rnd_state;

static unsigned long rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static unsigned long hartid_of(unsigned int cpu)
{
    return hartids[cpu];
}

static void random_mask(cpumask_t *m, unsigned int nr)
{
    cpumask_clear(m);
    for ( unsigned int cpu = 0; cpu < nr; cpu++ )
        if ( rnd() % 3 )
            cpumask_set_cpu(cpu, m);
}

int main(int argc, char **argv)
{
    unsigned long seed =
        argc > 1 ? strtoul(argv[1], NULL, 0) : (unsigned long)time(NULL);
    unsigned long rounds = 200000, groups = 0, multi = 0;
    unsigned int failed = 0;

    rnd_state = seed * 2654435761UL + 1;
    printf("hartmask: seed %lu (replay: test-hartmask %lu)\n", seed, seed);

    for ( unsigned long r = 0; r < rounds && !failed; r++ )
    {
        unsigned int nr = 1 + rnd() % CONFIG_NR_CPUS, self = rnd() % nr;
        unsigned int spread = rnd() % 3, pos = 0, n = 0;
        unsigned char want[MAX_HARTID] = { 0 }, got[MAX_HARTID] = { 0 };
        unsigned long bits, base;
        cpumask_t mask, online;

        /* Unique hart ids: dense, a little sparse, or far apart. */
        for ( unsigned int cpu = 0; cpu < nr; cpu++ )
        {
            bool dup;

            do {
                hartids[cpu] = spread == 0   ? rnd() % (nr + 2)
                               : spread == 1 ? rnd() % 80
                                             : rnd() % MAX_HARTID;
                dup = false;
                for ( unsigned int i = 0; i < cpu; i++ )
                    dup |= hartids[i] == hartids[cpu];
            } while ( dup );
        }
        random_mask(&mask, nr);
        random_mask(&online, nr);
        cpumask_set_cpu(self, &online);

        for ( unsigned int cpu = 0; cpu < nr; cpu++ )
            if ( cpumask_test_cpu(cpu, &mask) &&
                 cpumask_test_cpu(cpu, &online) && cpu != self )
                want[hartids[cpu]] = 1;

        while ( hartmask_next_group(&mask, &online, self, hartid_of, &pos,
                                    &bits, &base) )
        {
            if ( ++n > CONFIG_NR_CPUS )
            {
                printf("hartmask: FAIL (round %lu): endless groups\n", r);
                failed++;
                break;
            }
            for ( unsigned int i = 0; i < BITS_PER_LONG; i++ )
            {
                if ( !(bits & (1UL << i)) )
                    continue;
                if ( base + i >= MAX_HARTID || got[base + i]++ )
                {
                    printf("hartmask: FAIL (round %lu): hart %lu named "
                           "twice or out of range\n",
                           r, base + i);
                    failed++;
                }
            }
        }
        groups += n;
        multi += n > 1;

        if ( memcmp(want, got, sizeof(want)) )
        {
            printf("hartmask: FAIL (round %lu, seed %lu): the groups do not "
                   "name exactly the online CPUs of the mask but the "
                   "caller\n",
                   r, seed);
            failed++;
        }
    }

    printf("hartmask: %lu rounds, %lu groups, %lu rounds needing several "
           "groups: %s\n",
           rounds, groups, multi, failed ? "FAIL" : "ok");

    return failed ? 1 : 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
