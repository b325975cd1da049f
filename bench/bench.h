/*
 * bench.h - small helpers for the benchmarks: a monotonic clock, medians
 * over repeated runs, and a sink the optimiser cannot remove.
 * Figures are medians over BENCH_RUNS runs; compare ratios measured in the
 * same run, not absolute numbers across machines.
 */
#ifndef ESV_BENCH_H
#define ESV_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BENCH_RUNS 21

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline double bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof(double), bench_cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static volatile uint64_t bench_sink;

#endif
