/*
 * bench_jobs.c - what N threads sharing one context get over one thread
 * (esv profile -j N does this): verifications per second with 1 thread and
 * with N = the online CPUs, each thread taking the next input from a
 * shared counter, as the tool's workers do. The two are timed alternately
 * (1, N, 1, N, ...) so that a change in the machine's load hits both, and
 * the medians are compared: rate(N) / rate(1) against the target 0.9 x N.
 *
 *  - profiles: the 18 TS.48 profiles of ../shared/testdata (skipped
 *    without them), esv_profile_verify, production policy. No lock: the
 *    generated code's descriptors are initialised once, up front
 *    (esv_asn1_ready, lib/asn1/saip.c); until then a process-wide lock
 *    held about three quarters of a verification.
 *  - control: a loop of arithmetic with no shared state and no memory
 *    traffic, as long as a profile verification: the ratio the machine
 *    gives right now (another load on a shared machine lowers it; read
 *    the other ratios against it).
 *  - certificate chains: eUICC -> EUM -> CI made by the project's PKI
 *    builder (P-256), esv_cert_verify with a shared trust and no cache:
 *    two ECDSA verifications per chain.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include <dirent.h>

#include "bench.h"
#include "esv/esv.h"
#include "pki_builder.h"

#define ROUNDS 9 /* alternations of 1 and N threads */
#define MAX_THREADS 256
#define T_2030 INT64_C(1893456000)

enum { KIND_PROFILE, KIND_CHAIN, KIND_CONTROL };

typedef struct work {
    const esv_ctx *ctx;
    const esv_trust *trust;
    size_t ninputs;
    const esv_blob *inputs; /* profiles: one blob each; chains: pairs */
    int kind; /* KIND_* */
    int ops; /* verifications per run */
    atomic_int next;
} work;

static void *worker(void *arg)
{
    work *w = arg;
    int i;
    while ((i = atomic_fetch_add(&w->next, 1)) < w->ops) {
        esv_report *r = NULL;
        esv_status st;
        if (w->kind == KIND_CONTROL) {
            uint64_t x = (uint64_t)i + 1;
            for (int k = 0; k < 400000; k++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }
            bench_sink += x;
            continue;
        }
        if (w->kind == KIND_CHAIN)
            st = esv_cert_verify(w->ctx, w->trust, w->inputs, 2, ESV_ROLE_ANY, &r);
        else
            st = esv_profile_verify(w->ctx, w->inputs[(size_t)i % w->ninputs].data,
                                    w->inputs[(size_t)i % w->ninputs].len, &r);
        if (st != ESV_OK || r == NULL)
            abort();
        if (w->kind == KIND_CHAIN && esv_report_verdict(r) != ESV_VERDICT_PASS)
            abort(); /* the benchmark measures valid chains */
        bench_sink += esv_report_finding_count(r);
        esv_report_free(r);
    }
    return NULL;
}

/* Seconds for w->ops verifications on n threads. */
static double run(work *w, int n)
{
    pthread_t t[MAX_THREADS];
    double t0;
    int i;
    atomic_store(&w->next, 0);
    t0 = bench_now();
    for (i = 0; i < n; i++)
        if (pthread_create(&t[i], NULL, worker, w) != 0)
            abort();
    for (i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    return bench_now() - t0;
}

static void compare(const char *what, const char *unit, work *w, int n)
{
    double t1[ROUNDS], tn[ROUNDS], r1, rn;
    int k;
    (void)run(w, n); /* warm-up */
    for (k = 0; k < ROUNDS; k++) {
        t1[k] = run(w, 1);
        tn[k] = run(w, n);
    }
    r1 = w->ops / bench_median(t1, ROUNDS);
    rn = w->ops / bench_median(tn, ROUNDS);
    printf("bench_jobs %-18s 1 thread %8.1f %s/s   %d threads %8.1f %s/s   ratio %.2f (target %.2f: %s)\n",
           what, r1, unit, n, rn, unit, rn / r1, 0.9 * n, rn / r1 >= 0.9 * n ? "met" : "not met");
}

static void bench_profiles(const esv_ctx *ctx, int n)
{
    const char *td = getenv("ESV_TESTDATA");
    char dir[4096], path[8192];
    esv_blob blobs[64];
    size_t nb = 0, i;
    DIR *d;
    struct dirent *e;
    work w;

    if (td == NULL) {
        printf("bench_jobs profiles: skipped (ESV_TESTDATA not set: needs ../shared/testdata)\n");
        return;
    }
    snprintf(dir, sizeof(dir), "%s/profiles/ts48", td);
    if ((d = opendir(dir)) == NULL) {
        printf("bench_jobs profiles: skipped (%s not present)\n", dir);
        return;
    }
    while ((e = readdir(d)) != NULL && nb < 64) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".der") == 0) {
            size_t len = 0;
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            blobs[nb].data = bench_read_file(path, &len);
            if (blobs[nb].data == NULL)
                abort();
            blobs[nb++].len = len;
        }
    }
    closedir(d);
    memset(&w, 0, sizeof(w));
    w.ctx = ctx;
    w.ninputs = nb;
    w.inputs = blobs;
    w.ops = (int)nb * 12;
    compare("TS.48 profiles", "profiles", &w, n);
    for (i = 0; i < nb; i++)
        free((void *)(uintptr_t)blobs[i].data);
}

static void bench_chains(esv_ctx *ctx, int n)
{
    pb_pki *p = pb_pki_build(PB_P256, PB_GEN_V2, 7000);
    esv_trust *trust = NULL;
    esv_blob blobs[2];
    work w;
    if (p == NULL || esv_trust_new(&trust) != ESV_OK || esv_trust_add_ci(trust, p->ci->der, p->ci->len) != ESV_OK)
        abort();
    blobs[0].data = p->euicc->der;
    blobs[0].len = p->euicc->len;
    blobs[1].data = p->eum->der;
    blobs[1].len = p->eum->len;
    memset(&w, 0, sizeof(w));
    w.ctx = ctx;
    w.trust = trust;
    w.inputs = blobs;
    w.ninputs = 2;
    w.kind = KIND_CHAIN;
    w.ops = 120;
    compare("eUICC chains P-256", "chains", &w, n);
    esv_trust_free(trust);
    pb_pki_free(p);
}

int main(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int n = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
    esv_ctx *ctx;

    if (esv_ctx_new(&ctx) != ESV_OK || esv_ctx_set_time(ctx, T_2030) != ESV_OK)
        abort();
    printf("bench_jobs: one shared context, 1 thread vs %d (online CPUs), timed alternately, "
           "medians of %d runs\n", n, ROUNDS);
    if (n == 1)
        printf("bench_jobs: one online CPU: the ratio can only be about 1\n");
    {
        work w;
        memset(&w, 0, sizeof(w));
        w.kind = KIND_CONTROL;
        w.ops = 200;
        compare("control (no esv)", "loops", &w, n);
    }
    bench_profiles(ctx, n);
    bench_chains(ctx, n);
    esv_ctx_free(ctx);
    return 0;
}
