/*
 * bench_profile.c - full profile verification on the real TS.48 profiles
 * (../shared/testdata; skipped without it), measured side by side with
 * the floor: a bare DER-reader walk over the same bytes.
 *
 * For each profile: median time of esv_profile_verify (production policy;
 * context created once, as a server would), MB/s, the DER-walk time and
 * the ratio between the two, and the peak heap one verification uses
 * (every malloc/calloc/realloc/free of libesv and the generated decoder is
 * counted through --wrap; peak over the input size is reported).
 */
#include <dirent.h>
#include <string.h>

#include "bench.h"
#include "esv/esv.h"
#include "der/der.h"

/* --- heap accounting (linked with -Wl,--wrap=malloc,...) --- */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

#define HDR 16 /* keeps the alignment malloc gives */
static size_t heap_now, heap_peak, heap_allocs;

static void *account(unsigned char *b, size_t n)
{
    if (b == NULL)
        return NULL;
    memcpy(b, &n, sizeof(n));
    heap_now += n;
    heap_allocs++;
    if (heap_now > heap_peak)
        heap_peak = heap_now;
    return b + HDR;
}

void *__wrap_malloc(size_t n) { return account(__real_malloc(n + HDR), n); }
void *__wrap_calloc(size_t n, size_t m)
{
    unsigned char *b;
    if (m && n > (SIZE_MAX - HDR) / m)
        return NULL;
    b = __real_calloc(1, n * m + HDR);
    return account(b, n * m);
}
void __wrap_free(void *p)
{
    size_t n;
    if (p == NULL)
        return;
    memcpy(&n, (unsigned char *)p - HDR, sizeof(n));
    heap_now -= n;
    __real_free((unsigned char *)p - HDR);
}
void *__wrap_realloc(void *p, size_t n)
{
    size_t old;
    unsigned char *b;
    if (p == NULL)
        return __wrap_malloc(n);
    memcpy(&old, (unsigned char *)p - HDR, sizeof(old));
    b = __real_realloc((unsigned char *)p - HDR, n + HDR);
    if (b == NULL)
        return NULL;
    heap_now -= old;
    return account(b, n);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    const char *td = getenv("ESV_TESTDATA");
    char dir[4096], path[8192];
    static char name_buf[64][256];
    char *names[64];
    size_t nn = 0;
    DIR *d;
    struct dirent *e;
    esv_ctx *ctx;
    double sum_ratio = 0, worst_us = 0, worst_heap_ratio = 0;

    if (td == NULL) {
        printf("bench_profile: skipped (ESV_TESTDATA not set: needs ../shared/testdata)\n");
        return 0;
    }
    snprintf(dir, sizeof(dir), "%s/profiles/ts48", td);
    d = opendir(dir);
    if (d == NULL) {
        printf("bench_profile: skipped (%s not present)\n", dir);
        return 0;
    }
    while ((e = readdir(d)) != NULL && nn < 64) {
        size_t l = strlen(e->d_name);
        /* copied by hand: strdup's memory comes from libc's own malloc,
         * which the --wrap accounting does not see */
        if (l > 4 && l < sizeof(name_buf[0]) && strcmp(e->d_name + l - 4, ".der") == 0) {
            memcpy(name_buf[nn], e->d_name, l + 1);
            names[nn] = name_buf[nn];
            nn++;
        }
    }
    closedir(d);
    qsort(names, nn, sizeof(char *), cmp_str);
    if (esv_ctx_new(&ctx) != ESV_OK)
        abort();
    printf("bench_profile: esv_profile_verify (production) vs bare DER walk, median of %d runs\n",
           BENCH_RUNS);
    printf("  %-42s %7s %9s %8s %9s %6s %10s\n", "profile", "bytes", "verify us", "MB/s",
           "walk us", "ratio", "peak heap");
    for (size_t i = 0; i < nn; i++) {
        size_t len = 0, reps = 200;
        uint8_t *data;
        double tv[BENCH_RUNS], tw[BENCH_RUNS], v, w;
        der_limits lim;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        data = bench_read_file(path, &len);
        if (data == NULL)
            abort();
        der_limits_default(&lim);
        /* peak heap of one verification */
        {
            esv_report *r = NULL;
            size_t base = heap_now;
            heap_peak = heap_now;
            if (esv_profile_verify(ctx, data, len, &r) != ESV_OK)
                abort();
            esv_report_free(r);
            if (heap_now != base) {
                printf("leak: %zu bytes after one verification\n", heap_now - base);
                return 1;
            }
            heap_peak -= base;
        }
        for (int run = 0; run < BENCH_RUNS; run++) {
            double t0 = bench_now();
            for (size_t k = 0; k < reps; k++) {
                esv_report *r = NULL;
                if (esv_profile_verify(ctx, data, len, &r) != ESV_OK)
                    abort();
                bench_sink += esv_report_finding_count(r);
                esv_report_free(r);
            }
            tv[run] = (bench_now() - t0) / (double)reps;
            t0 = bench_now();
            for (size_t k = 0; k < reps; k++) {
                der_cursor c;
                der_tlv t;
                der_result res;
                der_cursor_init(&c, data, len, 0);
                while (!der_cursor_done(&c)) {
                    if (der_read_tlv(&c, &t, NULL) != DER_OK ||
                        der_walk(data + t.off, der_tlv_size(&t), t.off, &lim, DER_WALK_CONTENTS,
                                 &res) != DER_OK)
                        abort();
                    bench_sink += res.elements;
                }
            }
            tw[run] = (bench_now() - t0) / (double)reps;
        }
        {
            double q[BENCH_RUNS];
            char fig[96];
            for (int run = 0; run < BENCH_RUNS; run++)
                q[run] = tv[run] / tw[run]; /* verify and walk timed in turn, each run */
            snprintf(fig, sizeof(fig), "%s verify/walk", names[i]);
            bench_json("bench_profile", fig, "ratio", bench_spread_of(q, BENCH_RUNS));
            snprintf(fig, sizeof(fig), "%s peak heap/input", names[i]);
            bench_json("bench_profile", fig, "ratio",
                       (bench_spread){(double)heap_peak / (double)len, (double)heap_peak / (double)len,
                                      (double)heap_peak / (double)len});
        }
        v = bench_median(tv, BENCH_RUNS);
        w = bench_median(tw, BENCH_RUNS);
        printf("  %-42s %7zu %9.1f %8.1f %9.1f %6.1f %7zu (%4.1fx)\n", names[i], len, v * 1e6,
               (double)len / v / 1e6, w * 1e6, v / w, heap_peak, (double)heap_peak / (double)len);
        sum_ratio += v / w;
        if (v * 1e6 > worst_us)
            worst_us = v * 1e6;
        if ((double)heap_peak / (double)len > worst_heap_ratio)
            worst_heap_ratio = (double)heap_peak / (double)len;
        free(data);
    }
    printf("  slowest profile %.1f us (target < 500 us); verify/walk ratio mean %.1f; "
           "worst peak heap %.1fx input (target < 32x)\n",
           worst_us, nn ? sum_ratio / (double)nn : 0.0, worst_heap_ratio);
    esv_ctx_free(ctx);
    return 0;
}
