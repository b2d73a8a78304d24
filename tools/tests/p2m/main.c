/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * p2m-test: the hosted harness driver.
 *
 *   p2m-test                       everything, default seed and op count
 *   p2m-test --seed S --ops N      replay a random run (per mode)
 *   p2m-test --mode sv48x4         one mode only
 *   p2m-test --model | --directed | --faults | --random | --multi
 *                                  parts only (--multi: several p2ms with
 *                                  the real VMID allocator, multi.c)
 *   p2m-test --multi-ops N         random steps per VMID width (--multi)
 *   p2m-test --teardown            the preemptible teardown only (teardown.c)
 *   p2m-test --merge               superpages merged back only (merge.c)
 *   p2m-test --mutant NAME         switch on an environment mutation
 *   p2m-test --quick               short run (mutation self-test)
 *   p2m-test -v                    show the p2m's printk output
 *
 * Ends with "N passed, M failed"; exits 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* merge.c: tables merged back into superpages (R11), per mode in modes. */
int run_merge(unsigned int modes, uint64_t seed, unsigned long ops);

static void usage(void)
{
    fputs("usage: p2m-test [--seed S] [--ops N] [--mode sv39x4|sv48x4|"
          "sv57x4] [--model] [--directed] [--faults] [--random] [--multi] "
          "[--multi-ops N] [--teardown] [--merge] [--quick] "
          "[--mutant drop-fences|addr-fences|clear-u|w-only|misalign-root] "
          "[-v]\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    struct suite_opts o = { .seed = 1, .ops = 340000, .modes = 7 };
    bool parts = false, multi = false, teardown = false, merge = false;
    unsigned long multi_ops = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for ( int i = 1; i < argc; i++ )
    {
        const char *a = argv[i];

        if ( !strcmp(a, "--seed") && i + 1 < argc )
            o.seed = strtoull(argv[++i], NULL, 0);
        else if ( !strcmp(a, "--ops") && i + 1 < argc )
            o.ops = strtoul(argv[++i], NULL, 0);
        else if ( !strcmp(a, "--mode") && i + 1 < argc )
        {
            const char *m = argv[++i];

            o.modes = !strcmp(m, "sv39x4")   ? 1
                      : !strcmp(m, "sv48x4") ? 2
                      : !strcmp(m, "sv57x4") ? 4
                                             : 0;
            if ( !o.modes )
                usage();
        }
        else if ( !strcmp(a, "--model") )
            parts = o.model_tests = true;
        else if ( !strcmp(a, "--directed") )
            parts = o.directed = true;
        else if ( !strcmp(a, "--faults") )
            parts = o.faults = true;
        else if ( !strcmp(a, "--random") )
            parts = o.random = true;
        else if ( !strcmp(a, "--multi") )
            parts = multi = true;
        else if ( !strcmp(a, "--teardown") )
            parts = teardown = true;
        else if ( !strcmp(a, "--merge") )
            parts = merge = true;
        else if ( !strcmp(a, "--multi-ops") && i + 1 < argc )
            multi_ops = strtoul(argv[++i], NULL, 0);
        else if ( !strcmp(a, "--quick") )
            o.quick = true;
        else if ( !strcmp(a, "-v") )
            env_verbose = true;
        else if ( !strcmp(a, "--mutant") && i + 1 < argc )
        {
            const char *m = argv[++i];

            if ( !strcmp(m, "drop-fences") )
                model_mutation = MUT_DROP_FENCES;
            else if ( !strcmp(m, "addr-fences") )
                model_mutation = MUT_ADDR_FENCES;
            else if ( !strcmp(m, "clear-u") )
                model_mutation = MUT_CLEAR_U;
            else if ( !strcmp(m, "w-only") )
                model_mutation = MUT_W_ONLY;
            else if ( !strcmp(m, "misalign-root") )
                env_misalign_order2 = true;
            else if ( strcmp(m, "none") )
                usage();
        }
        else
            usage();
    }
    if ( !parts )
        o.model_tests = o.directed = o.faults = o.random = multi = teardown =
            merge = true;
    /* By default a quarter of the per-mode random ops, at most 60000. */
    if ( !multi_ops )
        multi_ops = o.ops / 4 < 60000 ? o.ops / 4 : 60000;
    if ( o.quick )
    {
        o.ops = o.ops < 3000 ? o.ops : 3000;
        o.model_tests = false;
        /* Short runs: a hang shows sooner. */
        suite_budget_base = 15;
    }

    if ( o.model_tests )
        run_model_tests();
    for ( unsigned int rl = 2; rl <= 4; rl++ )
    {
        if ( !(o.modes & (1U << (rl - 2))) )
            continue;
        if ( o.directed )
            run_directed(rl, false);
        if ( o.faults )
            run_directed(rl, true);
    }
    for ( unsigned int rl = 2; rl <= 4; rl++ )
        if ( o.random && (o.modes & (1U << (rl - 2))) )
            run_random(rl, o.seed, o.ops);
    if ( multi )
        run_multi(o.seed, o.quick && multi_ops > 3000 ? 3000 : multi_ops);
    if ( teardown )
        run_teardown(o.seed);
    /* A tenth of the per-mode random ops, at most 20000, each mode. */
    if ( merge )
        run_merge(o.modes, o.seed, o.ops / 10 < 20000 ? o.ops / 10 : 20000);

    printf("%u passed, %u failed\n", suite_passed, suite_failed);
    return suite_failed ? 1 : 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
