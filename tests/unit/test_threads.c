/*
 * test_threads.c - one context shared by several threads verifying and
 * showing profiles at once, and one trust (CIs, a CRL, the
 * verified-intermediate cache) shared by several threads verifying
 * certificate chains at once, while the main thread replaces the trust's
 * cache over and over: every thread gets the same findings as a
 * single-threaded run. Run it under `make check-threads` (TSan) to check
 * for data races (the asn1c runtime's self-modifying descriptors are
 * written once, before any use, by esv_asn1_ready: no lock) and under
 * `make SANITIZE=1 check` for use after free. And: once prepared, no use
 * of the generated code (decode, constraint checks, encode, free, show)
 * writes to a descriptor.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "pki_check.h"
#include "rsp_builder.h"
#include "testutil.h"
#include "asn1/saip.h"

#define THREADS 8
#define ROUNDS 6

typedef struct job {
    const esv_ctx *ctx;
    const uint8_t *data[2];
    size_t len[2];
    size_t expect[2]; /* finding count of a single-threaded run */
    int failed;
} job;

static int discard(void *opaque, const void *data, size_t len)
{
    (void)opaque;
    (void)data;
    (void)len;
    return 0;
}

static void *worker(void *arg)
{
    job *j = arg;
    for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < 2; k++) {
            esv_report *r = NULL;
            if (esv_profile_verify(j->ctx, j->data[k], j->len[k], &r) != ESV_OK ||
                esv_report_finding_count(r) != j->expect[k])
                j->failed = 1;
            esv_report_free(r);
            if (esv_profile_show(j->ctx, j->data[k], j->len[k], ESV_FORMAT_JSON, discard, NULL) !=
                ESV_OK)
                j->failed = 1;
        }
    }
    return NULL;
}

static void test_shared_context_many_threads(void **state)
{
    esv_ctx *ctx;
    size_t len0, len1;
    uint8_t *d0 = tu_read_file("examples/data/sample-profile.der", &len0);
    uint8_t *d1 = tu_read_file("examples/data/test-profile-ram.der", &len1);
    pthread_t t[THREADS];
    job jobs[THREADS];
    (void)state;
    assert_non_null(d0);
    assert_non_null(d1);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    for (int i = 0; i < THREADS; i++) {
        esv_report *r = NULL;
        memset(&jobs[i], 0, sizeof(jobs[i]));
        jobs[i].ctx = ctx;
        jobs[i].data[0] = d0;
        jobs[i].len[0] = len0;
        jobs[i].data[1] = d1;
        jobs[i].len[1] = len1;
        if (i == 0) {
            for (int k = 0; k < 2; k++) {
                assert_int_equal(esv_profile_verify(ctx, jobs[0].data[k], jobs[0].len[k], &r), ESV_OK);
                jobs[0].expect[k] = esv_report_finding_count(r);
                esv_report_free(r);
            }
            assert_int_equal(jobs[0].expect[0], 0);
            assert_true(jobs[0].expect[1] > 0);
        } else {
            memcpy(jobs[i].expect, jobs[0].expect, sizeof(jobs[i].expect));
        }
    }
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(jobs[i].failed, 0);
    }
    esv_ctx_free(ctx);
    free(d0);
    free(d1);
}

/* --- certificate chains: one trust with the cache on, 8 threads --- */

#define CHAIN_JOBS 3

typedef struct chain_job {
    const esv_ctx *ctx;
    const esv_trust *trust;
    esv_blob blobs[CHAIN_JOBS][2];
    size_t n[CHAIN_JOBS];
    size_t expect[CHAIN_JOBS];
    int failed;
} chain_job;

static void *chain_worker(void *arg)
{
    chain_job *j = arg;
    for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < CHAIN_JOBS; k++) {
            esv_report *r = NULL;
            if (esv_cert_verify(j->ctx, j->trust, j->blobs[k], j->n[k], ESV_ROLE_ANY, &r) != ESV_OK ||
                esv_report_finding_count(r) != j->expect[k])
                j->failed = 1;
            esv_report_free(r);
        }
    }
    return NULL;
}

static void test_chains_many_threads(void **state)
{
    pb_pki *p = pb_pki_build(PB_P256, PB_GEN_V2, 4242);
    pb_spec s;
    pb_crl_spec cs;
    pb_cert *revoked;
    uint8_t *crl = NULL;
    size_t crl_len = 0;
    esv_ctx *ctx;
    pthread_t t[THREADS];
    chain_job jobs[THREADS];
    uint64_t hits, misses;
    (void)state;
    assert_non_null(p);
    /* A TLS certificate the CI's CRL lists. */
    memset(&s, 0, sizeof(s));
    s.role = PB_DP_TLS;
    s.serial_hex = "0BAD";
    revoked = pb_cert_build(&s, p->dptls_key, p->ci, p->ci_key);
    assert_non_null(revoked);
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0BAD";
    assert_int_equal(pb_crl_build(&cs, p->ci, p->ci_key, &crl, &crl_len), 0);
    const pb_cert *cis[] = {p->ci};
    const uint8_t *crls[] = {crl};
    esv_trust *trust = pc_trust(cis, 1, crls, &crl_len, 1, 64);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, PC_T_2030), ESV_OK);

    memset(&jobs[0], 0, sizeof(jobs[0]));
    jobs[0].ctx = ctx;
    jobs[0].trust = trust;
    jobs[0].blobs[0][0] = (esv_blob){p->euicc->der, p->euicc->len};
    jobs[0].blobs[0][1] = (esv_blob){p->eum->der, p->eum->len};
    jobs[0].n[0] = 2;
    jobs[0].blobs[1][0] = (esv_blob){p->dpauth->der, p->dpauth->len};
    jobs[0].n[1] = 1;
    jobs[0].blobs[2][0] = (esv_blob){revoked->der, revoked->len};
    jobs[0].n[2] = 1;
    for (int k = 0; k < CHAIN_JOBS; k++) {
        esv_report *r = NULL;
        assert_int_equal(esv_cert_verify(ctx, trust, jobs[0].blobs[k], jobs[0].n[k], ESV_ROLE_ANY, &r),
                         ESV_OK);
        jobs[0].expect[k] = esv_report_finding_count(r);
        if (k == 0) /* no CRL of the EUM: the eUICC's revocation is not checked */
            pc_assert_notice(r, "PKI-067", 0);
        if (k < 2)
            pc_assert_clean(r);
        else
            pc_assert_fires(r, "PKI-052", 0);
        esv_report_free(r);
    }
    assert_int_equal(jobs[0].expect[0], 1);
    assert_int_equal(jobs[0].expect[1], 0);
    assert_true(jobs[0].expect[2] > 0);
    for (int i = 1; i < THREADS; i++)
        jobs[i] = jobs[0];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, chain_worker, &jobs[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(jobs[i].failed, 0);
    }
    /* The EUM was verified once (the single-threaded run) and served from
     * the cache in every threaded round. */
    esv_trust_cache_stats(trust, &hits, &misses);
    assert_int_equal(misses, 1);
    assert_int_equal(hits, THREADS * ROUNDS);
    esv_trust_free(trust);
    esv_ctx_free(ctx);
    free(crl);
    pb_cert_free(revoked);
    pb_pki_free(p);
}

/* --- esv_trust_set_cache while other threads verify through the trust --- */

#define SWAP_ROUNDS 8
#define SWAP_MAX_CALLS 4000

/* The report as "ID/cert/severity;" per finding, in order. */
static void fingerprint(const esv_report *r, char *out, size_t cap)
{
    size_t i, used = 0;
    out[0] = '\0';
    for (i = 0; i < esv_report_finding_count(r) && used < cap; i++) {
        const esv_finding *f = esv_report_finding(r, i);
        int n = snprintf(out + used, cap - used, "%s/%ld/%d;", esv_finding_rule_id(f),
                         esv_finding_cert(f), (int)esv_finding_severity(f));
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

typedef struct swap_job {
    const esv_ctx *ctx;
    const esv_trust *trust;
    esv_blob blobs[2];
    const char *expect; /* fingerprint of a single-threaded run */
    atomic_int *running; /* workers not yet done */
    int failed;
} swap_job;

static void *swap_worker(void *arg)
{
    swap_job *j = arg;
    char got[512];
    for (int round = 0; round < SWAP_ROUNDS; round++) {
        esv_report *r = NULL;
        if (esv_cert_verify(j->ctx, j->trust, j->blobs, 2, ESV_ROLE_ANY, &r) != ESV_OK) {
            j->failed = 1;
        } else {
            fingerprint(r, got, sizeof(got));
            if (strcmp(got, j->expect) != 0)
                j->failed = 1;
        }
        esv_report_free(r);
    }
    atomic_fetch_sub(j->running, 1);
    return NULL;
}

/* The cache replaced (sizes 0 included) while 8 threads verify an
 * eUICC + EUM chain through the same trust: the EUM's signature is taken
 * from whichever cache each verification read, or checked; the findings
 * never change, and no thread touches a freed cache (the replaced ones
 * live until esv_trust_free). */
static void test_set_cache_while_verifying(void **state)
{
    static const size_t sizes[] = {0, 1, 4, 16, 0, 64, 8, 2};
    pb_pki *p = pb_pki_build(PB_P256, PB_GEN_V2, 4343);
    pb_crl_spec cs;
    uint8_t *crl = NULL;
    size_t crl_len = 0, calls = 0;
    esv_ctx *ctx;
    esv_report *r = NULL;
    pthread_t t[THREADS];
    swap_job jobs[THREADS];
    atomic_int running;
    char expect[512];
    uint64_t hits, misses;
    (void)state;
    assert_non_null(p);
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0BAD";
    assert_int_equal(pb_crl_build(&cs, p->ci, p->ci_key, &crl, &crl_len), 0);
    const pb_cert *cis[] = {p->ci};
    const uint8_t *crls[] = {crl};
    esv_trust *trust = pc_trust(cis, 1, crls, &crl_len, 1, 16);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, PC_T_2030), ESV_OK);

    memset(&jobs[0], 0, sizeof(jobs[0]));
    jobs[0].ctx = ctx;
    jobs[0].trust = trust;
    jobs[0].blobs[0] = (esv_blob){p->euicc->der, p->euicc->len};
    jobs[0].blobs[1] = (esv_blob){p->eum->der, p->eum->len};
    jobs[0].expect = expect;
    jobs[0].running = &running;
    assert_int_equal(esv_cert_verify(ctx, trust, jobs[0].blobs, 2, ESV_ROLE_ANY, &r), ESV_OK);
    /* the EUM covered by the CI's CRL, the eUICC by none */
    pc_assert_notice(r, "PKI-067", 0);
    pc_assert_clean(r);
    fingerprint(r, expect, sizeof(expect));
    esv_report_free(r);
    for (int i = 1; i < THREADS; i++)
        jobs[i] = jobs[0];
    atomic_init(&running, THREADS);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, swap_worker, &jobs[i]), 0);
    /* replace the cache until every worker is done (bounded: the replaced
     * caches are kept until esv_trust_free) */
    do {
        struct timespec pause = {0, 100000};
        assert_int_equal(esv_trust_set_cache(trust, sizes[calls % 8]), ESV_OK);
        esv_trust_cache_stats(trust, &hits, &misses);
        calls++;
        nanosleep(&pause, NULL);
    } while (atomic_load(&running) > 0 && calls < SWAP_MAX_CALLS);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(jobs[i].failed, 0);
    }
    print_message("cache replaced %zu times while %d threads verified\n", calls, THREADS);
    /* a new cache's counters start at zero */
    assert_int_equal(esv_trust_set_cache(trust, 4), ESV_OK);
    esv_trust_cache_stats(trust, &hits, &misses);
    assert_int_equal(hits, 0);
    assert_int_equal(misses, 0);
    esv_trust_free(trust);
    esv_ctx_free(ctx);
    free(crl);
    pb_pki_free(p);
}

/* Many downloads at once: each thread runs whole sessions (a session
 * object of its own per download) through one shared trust and context,
 * as an SM-DP+ serving many eUICCs does. Every message passes. */
typedef struct rsp_job {
    const rb_session *b;
    const esv_ctx *ctx;
    const esv_trust *trust;
    int failed;
} rsp_job;

static void *rsp_worker(void *arg)
{
    rsp_job *j = arg;
    for (int round = 0; round < ROUNDS; round++) {
        esv_rsp_session *s = NULL;
        if (esv_rsp_session_new(&s) != ESV_OK ||
            esv_rsp_session_set(s, ESV_RSP_EUICC_CHALLENGE, j->b->euicc_challenge, 16) != ESV_OK ||
            esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, j->b->transaction_id, 16) != ESV_OK) {
            j->failed = 1;
            esv_rsp_session_free(s);
            return NULL;
        }
        for (int k = 0; k < RB_COUNT; k++) {
            esv_report *r = NULL;
            if (esv_rsp_verify(j->ctx, j->trust, s, j->b->msg[k], j->b->len[k], &r) != ESV_OK ||
                esv_report_verdict(r) != ESV_VERDICT_PASS)
                j->failed = 1;
            esv_report_free(r);
        }
        esv_rsp_session_free(s);
    }
    return NULL;
}

static void test_rsp_sessions_many_threads(void **state)
{
    rb_session *b = rb_session_build(PB_P256);
    esv_ctx *ctx;
    esv_trust *trust;
    pthread_t t[THREADS];
    rsp_job jobs[THREADS];
    (void)state;
    assert_non_null(b);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, 1830297600), ESV_OK);
    assert_int_equal(esv_trust_new(&trust), ESV_OK);
    assert_int_equal(esv_trust_add_ci(trust, b->pki->ci->der, b->pki->ci->len), ESV_OK);
    assert_int_equal(esv_trust_set_cache(trust, 16), ESV_OK);
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (rsp_job){b, ctx, trust, 0};
        assert_int_equal(pthread_create(&t[i], NULL, rsp_worker, &jobs[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_false(jobs[i].failed);
    }
    esv_trust_free(trust);
    esv_ctx_free(ctx);
    rb_session_free(b);
}

/* The preparation (lib/asn1/saip.c) reaches a fixed point, and after it
 * no use of the generated code writes to a descriptor: the digest of
 * every descriptor is the same before and after verifying and showing
 * the sample profiles (and every TS.48 profile when ../shared is there)
 * and a whole RSP session. This is what lets threads share the generated
 * code without a lock. */
static void test_descriptors_fixed(void **state)
{
    static const char *const samples[] = {"examples/data/sample-profile.der", "examples/data/minimal-profile.der",
                                          "examples/data/test-profile-ram.der",
                                          "examples/data/broken-profile.der"};
    esv_ctx *ctx;
    esv_trust *trust;
    esv_rsp_session *s = NULL;
    rb_session *b = rb_session_build(PB_BP256);
    uint64_t before, after;
    (void)state;
    assert_true(esv_asn1_ready_passes() >= 1);
    before = esv_asn1_descriptor_state();
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, 1830297600), ESV_OK);
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]) + TU_TS48_COUNT; i++) {
        uint8_t *d = NULL;
        size_t len = 0;
        esv_report *r = NULL;
        char path[512];
        if (i < sizeof(samples) / sizeof(samples[0]))
            d = tu_read_file(samples[i], &len);
        else if (tu_testdata() != NULL) {
            snprintf(path, sizeof(path), "%s/profiles/ts48/%s", tu_testdata(),
                     tu_ts48_files[i - sizeof(samples) / sizeof(samples[0])]);
            d = tu_read_file(path, &len);
        }
        if (d == NULL)
            continue;
        assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_OK);
        esv_report_free(r);
        assert_true(esv_profile_show(ctx, d, len, ESV_FORMAT_JSON, discard, NULL) != ESV_E_NOMEM);
        free(d);
    }
    assert_non_null(b);
    assert_int_equal(esv_trust_new(&trust), ESV_OK);
    assert_int_equal(esv_trust_add_ci(trust, b->pki->ci->der, b->pki->ci->len), ESV_OK);
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_EUICC_CHALLENGE, b->euicc_challenge, 16), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, b->transaction_id, 16), ESV_OK);
    for (int k = 0; k < RB_COUNT; k++) {
        esv_report *r = NULL;
        assert_int_equal(esv_rsp_verify(ctx, trust, s, b->msg[k], b->len[k], &r), ESV_OK);
        assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
        esv_report_free(r);
    }
    after = esv_asn1_descriptor_state();
    assert_true(before == after);
    esv_rsp_session_free(s);
    esv_trust_free(trust);
    esv_ctx_free(ctx);
    rb_session_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_descriptors_fixed),
        cmocka_unit_test(test_shared_context_many_threads),
        cmocka_unit_test(test_chains_many_threads),
        cmocka_unit_test(test_set_cache_while_verifying),
        cmocka_unit_test(test_rsp_sessions_many_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
