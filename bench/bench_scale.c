/*
 * bench_scale.c - verification time per element as a package grows, for
 * the shapes that once made a check quadratic (issue 9: a server verifying
 * a hostile 2.5 MB package spent minutes of CPU). A linear (or n log n)
 * verifier spends about the same time per element at every size.
 *
 * Packages are built at run time with the project's profile builder
 * (pb_build_scale in tests/support/profile_builder.c), nothing read from
 * disk:
 *   pe-end  header, PE-MF, then N PE-End elements with distinct
 *           identifications (the identification-uniqueness check);
 *   pin     header, PE-MF, N copies of the builder's PE-PINCodes (PIN1
 *           unblocked by PUK1, ADM1) with distinct identifications, PE-End
 *           (the PIN context and PUK look-ups);
 *   sd-key  the builder's sample profile whose security domain holds N
 *           keys with distinct values (the KVN/KID and equal-value checks;
 *           KVN/KID pairs repeat past 57,344 keys, so 100,000 and 250,000
 *           add PROF-117 findings, counted, not kept, past the limit).
 * for N = 1,000, 10,000, 100,000 and 250,000. The sizes are timed side by
 * side: every round verifies each shape at each size (the order reversed
 * every other round), small sizes repeated so one sample is about 100,000
 * elements of work; the figures are medians over the rounds. pe-end is
 * verified under the default limits (250,000 elements are 2.3 MB and
 * 750,000 TLVs); pin and sd-key under raised ones (250,000 PIN elements
 * are about 3,750,000 TLVs, 250,000 keys about 2,000,000).
 *
 * Printed: per shape and size, the package bytes, the median time of one
 * verification (esv_profile_verify) and per element, per-element(N) /
 * per-element(1,000); then the same for the rules alone (the five rule
 * groups over an already decoded package: what issue 9 made linear).
 * Target: the 250,000 / 1,000 ratio at most 1.5 for every shape.
 *
 * The allocator: a verification of 250,000 elements allocates and frees
 * hundreds of MB of decoded values (asn1c allocates every ProfileElement
 * at the size of its largest alternative, 1,792 bytes; past the model's
 * resident budget, lib/profile/model.h, elements are freed at load and
 * decoded again when read). glibc returns a heap that large to
 * the kernel after each verification and a small one not, so with its
 * defaults the large sizes pay a page fault per 4 KiB on every run and the
 * small ones never: a step in the allocator, not work per element. The
 * bench therefore keeps freed memory in the process (mallopt), as a
 * warmed-up server's heap would, the same for every size; run with
 * BENCH_SCALE_MALLOC=default to measure glibc's defaults instead.
 *
 *   build/bench/bench_scale [ROUNDS [MAX_N]]   (default 7 rounds, 250000)
 */
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "asn1/saip.h"
#include "bench.h"
#include "esv/esv.h"
#include "profile/checks.h"
#include "profile_builder.h"

#define N_SIZES 4
#define N_SHAPES 3
#define MAX_ROUNDS 31
#define WORK_PER_SAMPLE 100000u

static const size_t sizes[N_SIZES] = {1000, 10000, 100000, 250000};
static const char *const shape_names[N_SHAPES] = {"pe-end", "pin", "sd-key"};

typedef struct bytes {
    uint8_t *p;
    size_t len;
} bytes;

static const pb_scale_shape shapes[N_SHAPES] = {PB_SCALE_PE_END, PB_SCALE_PIN, PB_SCALE_SD_KEYS};

static void check(const esv_ctx *ctx, esv_status st, const esv_report *r, size_t n)
{
    if (r == NULL || (st != ESV_OK && st != ESV_E_LIMIT)) {
        fprintf(stderr, "bench_scale: verification failed (status %d)\n", (int)st);
        abort();
    }
    if (esv_report_status(r) == ESV_E_LIMIT) {
        fprintf(stderr, "bench_scale: a %zu-element package hit the context's limits\n", n);
        abort();
    }
    (void)ctx;
}

/* Median-ready seconds per verification of pkg, and of its rules alone
 * (*rules: the five rule groups over the decoded package, as verify.c runs
 * them). Small packages are repeated: about WORK_PER_SAMPLE elements. */
static double sample(const esv_ctx *ctx, const bytes *pkg, size_t n, double *rules)
{
    static const esv_profile_check_fn groups[] = {
        esv_prof_check_structure, esv_prof_check_ids, esv_prof_check_files,
        esv_prof_check_security, esv_prof_check_gp,
    };
    size_t reps = n >= WORK_PER_SAMPLE ? 1 : WORK_PER_SAMPLE / n;
    double t0 = bench_now(), verify, in_rules = 0;
    for (size_t k = 0; k < reps; k++) {
        esv_report *r = NULL;
        esv_status st = esv_profile_verify(ctx, pkg->p, pkg->len, &r);
        check(ctx, st, r, n);
        bench_sink += esv_report_finding_count(r);
        esv_report_free(r);
    }
    verify = (bench_now() - t0) / (double)reps;
    for (size_t k = 0; k < reps; k++) {
        esv_report *r = esv_report_create(ctx, "profile");
        esv_profile p;
        if (r == NULL || esv_profile_load(&p, r, ctx, pkg->p, pkg->len) != ESV_OK || !p.complete)
            abort();
        t0 = bench_now();
        for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
            if (groups[g](&p, r) != ESV_OK)
                abort();
        in_rules += bench_now() - t0;
        bench_sink += r->count;
        esv_profile_release(&p);
        esv_report_free(r);
    }
    *rules = in_rules / (double)reps;
    return verify;
}

int main(int argc, char **argv)
{
    static bytes pkg[N_SHAPES][N_SIZES];
    static double t[N_SHAPES][N_SIZES][MAX_ROUNDS], tr[N_SHAPES][N_SIZES][MAX_ROUNDS];
    const char *alloc_mode = getenv("BENCH_SCALE_MALLOC");
    bool steady = alloc_mode == NULL || strcmp(alloc_mode, "default") != 0;
    int rounds = argc > 1 ? atoi(argv[1]) : 7;
    size_t max_n = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : sizes[N_SIZES - 1];
    size_t n_sizes = 0;
    esv_ctx *ctx, *big;
    double worst = 0, worst_rules = 0;

    if (rounds < 1 || rounds > MAX_ROUNDS)
        rounds = 7;
#ifdef __GLIBC__
    if (steady && (mallopt(M_TRIM_THRESHOLD, INT_MAX) != 1 || mallopt(M_MMAP_THRESHOLD, 32 << 20) != 1))
        abort();
#else
    steady = false;
#endif
    while (n_sizes < N_SIZES && sizes[n_sizes] <= max_n)
        n_sizes++;
    if (esv_ctx_new(&ctx) != ESV_OK || esv_ctx_new(&big) != ESV_OK ||
        esv_ctx_set_limit(big, ESV_LIMIT_ELEMENTS, 8000000) != ESV_OK ||
        esv_ctx_set_limit(big, ESV_LIMIT_INPUT_BYTES, 64u << 20) != ESV_OK)
        abort();
    for (size_t z = 0; z < n_sizes; z++) {
        for (size_t s = 0; s < N_SHAPES; s++)
            if (pb_build_scale(shapes[s], sizes[z], &pkg[s][z].p, &pkg[s][z].len) != 0)
                abort();
    }
    for (int r = 0; r < rounds; r++)
        for (size_t k = 0; k < n_sizes; k++) {
            size_t z = r % 2 ? n_sizes - 1 - k : k;
            for (size_t s = 0; s < N_SHAPES; s++)
                t[s][z][r] = sample(s == 0 ? ctx : big, &pkg[s][z], sizes[z], &tr[s][z][r]);
        }
    printf("bench_scale: time per element as the package grows, median of %d rounds (%s heap)\n",
           rounds, steady ? "steady" : "glibc default");
    printf("  %-7s %7s %9s %10s %10s %8s %10s %8s\n", "shape", "N", "bytes", "verify ms", "ns/elem",
           "vs 1000", "rules ns", "vs 1000");
    for (size_t s = 0; s < N_SHAPES; s++) {
        double base = 0, base_rules = 0;
        for (size_t z = 0; z < n_sizes; z++) {
            double m = bench_median(t[s][z], (size_t)rounds);
            double per = m / (double)sizes[z];
            double per_rules = bench_median(tr[s][z], (size_t)rounds) / (double)sizes[z];
            if (z == 0) {
                base = per;
                base_rules = per_rules;
            }
            printf("  %-7s %7zu %9zu %10.2f %10.1f %8.2f %10.1f %8.2f\n", shape_names[s], sizes[z],
                   pkg[s][z].len, m * 1e3, per * 1e9, per / base, per_rules * 1e9,
                   per_rules / base_rules);
            if (z == n_sizes - 1 && per / base > worst)
                worst = per / base;
            if (z == n_sizes - 1 && per_rules / base_rules > worst_rules)
                worst_rules = per_rules / base_rules;
        }
    }
    printf("  worst per-element(%zu) / per-element(1000): verification %.2f, rules %.2f (target <= 1.5)\n",
           sizes[n_sizes - 1], worst, worst_rules);
    for (size_t s = 0; s < N_SHAPES; s++)
        for (size_t z = 0; z < n_sizes; z++)
            free(pkg[s][z].p);
    esv_ctx_free(ctx);
    esv_ctx_free(big);
    return 0;
}
