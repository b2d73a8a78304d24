/* SPDX-License-Identifier: GPL-2.0-only */
/* Benchmark environment: the benchmark runs as logical CPU 0. */
#ifndef BENCH_ASM_CURRENT_H
#define BENCH_ASM_CURRENT_H

static inline unsigned int smp_processor_id(void)
{
    return 0;
}

#endif /* BENCH_ASM_CURRENT_H */
