/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the bytes are an operation sequence (suite.c,
 * run_fuzz_input()) run against p2m.c with every model check; any
 * divergence aborts, which libFuzzer reports as a crash.
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
