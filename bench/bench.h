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

/* A whole file into a new buffer (free()), or NULL when it cannot be
 * opened; a read error aborts the benchmark. */
static inline uint8_t *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf == NULL || n < 0 || fread(buf, 1, (size_t)n, f) != (size_t)n)
        abort();
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* The spread of per-round figures: the median with the lowest and the
 * highest round. A ratio is taken round by round (the two operations
 * timed alternately, so a busy machine slows both alike) and these three
 * are printed with it. */
typedef struct bench_spread {
    double med, lo, hi;
} bench_spread;

static inline bench_spread bench_spread_of(double *v, size_t n)
{
    bench_spread s;
    s.med = bench_median(v, n); /* sorts v */
    s.lo = n ? v[0] : 0;
    s.hi = n ? v[n - 1] : 0;
    return s;
}

/* Machine-readable figures: when ESV_BENCH_JSON names a file, each figure
 * is appended to it as one JSON object per line (`make bench-json` turns
 * the lines into one JSON array, build/bench.json, for comparing runs).
 * bench, what: plain ASCII names without quotes or backslashes. */
static inline void bench_json(const char *bench, const char *what, const char *unit, bench_spread s)
{
    const char *path = getenv("ESV_BENCH_JSON");
    FILE *f;
    if (path == NULL || *path == '\0' || (f = fopen(path, "a")) == NULL)
        return;
    fprintf(f, "{\"bench\":\"%s\",\"figure\":\"%s\",\"unit\":\"%s\",\"median\":%.6g,\"low\":%.6g,\"high\":%.6g}\n",
            bench, what, unit, s.med, s.lo, s.hi);
    fclose(f);
}

#endif
