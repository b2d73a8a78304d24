/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the bytes are an operation sequence (suite.c,
 * run_fuzz_input()) run against p2m.c with every model check; any
 * divergence aborts, which libFuzzer reports as a crash.
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An input holds fewer than 150 arena pages at a time (the root, a pool of
 * 64 that fault injection grows by at most 62), but the model's sweep
 * after each input and its reset before the next cover the whole arena:
 * with 4 MiB instead of 64 MiB they take half the time they did.  The
 * frames beyond the arena keep their page_info (foreign mappings take
 * references to them).
 */
#define FUZZ_ARENA_PAGES 1024UL

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    arena_nr = FUZZ_ARENA_PAGES;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return run_fuzz_input(data, size);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
