/*
 * test_memory.c - memory is bounded by the input, whatever its shape
 * (issue 9 item 3). Linked with -Wl,--wrap=malloc,calloc,realloc,free:
 * every allocation of libesv and of asn1c's generated code carries its
 * size, so the test knows the live heap and its peak during one call.
 *
 * Before the profile model kept decoded values within a budget, 2 MB of
 * `ab 00` (a million empty elements) took 1.8 GB; the shapes here are
 * smaller (the same per element) so the test stays fast, and each call
 * must stay within 32 times its input. The benchmark (bench/bench_memory)
 * measures the full sizes as peak RSS.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "core/context_internal.h"
#include "profile/model.h"
#include "testutil.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

/* Each block is preceded by its size (16 bytes keep the alignment). */
#define HDR 16u
static size_t live, peak;

static void *track(unsigned char *h, size_t n)
{
    if (h == NULL)
        return NULL;
    memcpy(h, &n, sizeof(n));
    live += n;
    if (live > peak)
        peak = live;
    return h + HDR;
}

void *__wrap_malloc(size_t n)
{
    return n > SIZE_MAX - HDR ? NULL : track(__real_malloc(n + HDR), n);
}

void *__wrap_calloc(size_t n, size_t m)
{
    if (m != 0 && n > (SIZE_MAX - HDR) / m)
        return NULL;
    return track(__real_calloc(1, n * m + HDR), n * m);
}

void *__wrap_realloc(void *p, size_t n)
{
    unsigned char *h;
    size_t old;
    if (p == NULL)
        return __wrap_malloc(n);
    h = (unsigned char *)p - HDR;
    memcpy(&old, h, sizeof(old));
    if (n > SIZE_MAX - HDR)
        return NULL;
    h = __real_realloc(h, n + HDR);
    if (h == NULL)
        return NULL;
    live -= old;
    return track(h, n);
}

void __wrap_free(void *p)
{
    unsigned char *h;
    size_t n;
    if (p == NULL)
        return;
    h = (unsigned char *)p - HDR;
    memcpy(&n, h, sizeof(n));
    live -= n;
    __real_free(h);
}

static int drop(void *opaque, const void *data, size_t len)
{
    (void)opaque;
    (void)data;
    (void)len;
    return 0;
}

/* ----------------------------------------------------------- shapes */

static uint8_t *repeat(const uint8_t *unit, size_t unit_len, size_t n, size_t *len)
{
    uint8_t *p = malloc(unit_len * n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        memcpy(p + i * unit_len, unit, unit_len);
    *len = unit_len * n;
    return p;
}

/* 200,000 empty context-[11] elements: each decodes. */
static uint8_t *shape_ab00(size_t *len)
{
    static const uint8_t u[] = {0xab, 0x00};
    return repeat(u, sizeof(u), 200000, len);
}

/* 50,000 PE-End elements with distinct identifications. */
static uint8_t *shape_peend(size_t *len)
{
    uint8_t *p = malloc(8 * 50000);
    assert_non_null(p);
    for (size_t i = 0; i < 50000; i++) {
        unsigned id = (unsigned)i + 1;
        const uint8_t e[8] = {0xaa, 0x06, 0xa0, 0x04, 0x81, 0x02, (uint8_t)(id >> 8), (uint8_t)id};
        memcpy(p + 8 * i, e, 8);
    }
    *len = 8 * 50000;
    return p;
}

/* 200,000 primitive elements: none is a profile element. */
static uint8_t *shape_prim(size_t *len)
{
    static const uint8_t u[] = {0x80, 0x00};
    return repeat(u, sizeof(u), 200000, len);
}

typedef uint8_t *(*shape_fn)(size_t *len);

/* ------------------------------------------------------------ calls */

typedef enum call { PROFILE_TEXT, PROFILE_JSON, PROFILE_CBOR, SHOW_TEXT, SHOW_JSON, TLV_TEXT, TLV_JSON } call;

/* The heap one call adds at its peak, the input excluded. */
static size_t call_peak(call c, const uint8_t *in, size_t len)
{
    esv_ctx *ctx;
    esv_report *r = NULL;
    esv_status st;
    size_t before = live;
    peak = live;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    switch (c) {
    case PROFILE_TEXT:
    case PROFILE_JSON:
    case PROFILE_CBOR:
        st = esv_profile_verify(ctx, in, len, &r);
        assert_true(st == ESV_OK || st == ESV_E_LIMIT);
        assert_int_equal(esv_report_write(r, c == PROFILE_TEXT   ? ESV_FORMAT_TEXT
                                             : c == PROFILE_JSON ? ESV_FORMAT_JSON
                                                                 : ESV_FORMAT_CBOR,
                                          "in", drop, NULL),
                         ESV_OK);
        esv_report_free(r);
        break;
    case SHOW_TEXT:
    case SHOW_JSON:
        st = esv_profile_show(ctx, in, len, c == SHOW_TEXT ? ESV_FORMAT_TEXT : ESV_FORMAT_JSON, drop, NULL);
        assert_true(st == ESV_OK || st == ESV_E_PARSE);
        break;
    case TLV_TEXT:
    case TLV_JSON:
        assert_int_equal(esv_der_show(ctx, in, len, ESV_DER_SEQUENCE_OF_VALUES,
                                      c == TLV_TEXT ? ESV_FORMAT_TEXT : ESV_FORMAT_JSON, "in", drop, NULL),
                         ESV_OK);
        break;
    }
    esv_ctx_free(ctx);
    assert_int_equal(live, before); /* and nothing left behind */
    return peak - before;
}

static void bounded(shape_fn make, const char *name)
{
    size_t len;
    uint8_t *in = make(&len);
    static const char *const names[] = {"profile text", "profile json", "profile cbor", "show text",
                                        "show json",    "tlv text",     "tlv json"};
    for (int c = PROFILE_TEXT; c <= TLV_JSON; c++) {
        size_t add = call_peak((call)c, in, len);
        print_message("%s, %s: %zu bytes, peak heap %zu (%.1f x)\n", name, names[c], len, add,
                      (double)add / (double)len);
        if (add > 32 * len)
            fail_msg("%s, %s: peak heap %zu is %.1f times the %zu-byte input (at most 32)", name,
                     names[c], add, (double)add / (double)len, len);
    }
    free(in);
}

static void test_many_empty_elements(void **state)
{
    (void)state;
    bounded(shape_ab00, "ab00");
}

static void test_many_end_elements(void **state)
{
    (void)state;
    bounded(shape_peend, "pe-end");
}

static void test_many_primitive_elements(void **state)
{
    (void)state;
    bounded(shape_prim, "prim");
}

/* The model keeps within its budget on hostile input and decodes a real
 * package once: every TS.48 profile stays resident. */
static void test_budget(void **state)
{
    esv_ctx *ctx;
    esv_report *r;
    esv_profile p;
    size_t len, i, n = 0;
    uint8_t *in = shape_ab00(&len);
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = esv_report_create(ctx, "profile");
    assert_non_null(r);
    assert_int_equal(esv_profile_load(&p, r, ctx, in, len), ESV_OK);
    assert_int_equal(p.count, 200000);
    assert_int_equal(p.budget, len * ESV_PE_BUDGET_RATIO + ESV_PE_BUDGET_FLOOR);
    assert_true(p.resident <= p.budget);
    assert_true(p.evicted > 150000);
    assert_int_equal(p.alloc, p.count + 1); /* one allocation, counted */
    esv_profile_release(&p);
    esv_report_free(r);
    free(in);

    for (i = 0; i < TU_TS48_COUNT; i++) {
        char rel[128];
        snprintf(rel, sizeof(rel), "profiles/ts48/%s", tu_ts48_files[i]);
        if ((in = tu_read_testdata(rel, &len)) == NULL)
            continue;
        r = esv_report_create(ctx, "profile");
        assert_non_null(r);
        assert_int_equal(esv_profile_load(&p, r, ctx, in, len), ESV_OK);
        assert_true(p.count > 20);
        assert_int_equal(p.evicted, 0);
        esv_profile_release(&p);
        esv_report_free(r);
        free(in);
        n++;
    }
    if (n == 0)
        print_message("TS.48 profiles: skipped (no ../shared/testdata)\n");
    esv_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_empty_elements),
        cmocka_unit_test(test_many_end_elements),
        cmocka_unit_test(test_many_primitive_elements),
        cmocka_unit_test(test_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
