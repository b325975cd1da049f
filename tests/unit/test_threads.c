/*
 * test_threads.c - one context shared by several threads verifying and
 * showing profiles at once: every thread gets the same findings as a
 * single-threaded run. Run it under `make SANITIZE=thread check` to check
 * for data races (the asn1c runtime's self-modifying descriptors are
 * serialised by the asn1 layer's lock).
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "testutil.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_context_many_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
