/*
 * test_arena.c - the arena asn1c's generated code allocates from
 * (lib/asn1/arena.h, issue 12 item 2). Linked with
 * -Wl,--wrap=malloc,calloc,realloc,free: the test sees every heap call the
 * library makes (the arena's chunks included), can make one fail, and
 * reads each block as it is freed.
 *
 *   - a decode through the arena takes a handful of heap blocks where the
 *     same decode on the heap takes hundreds: the renaming of the
 *     generated objects' calloc/malloc/realloc/free (asn1/build.mk) is in
 *     effect (a build without it fails here);
 *   - the allocator's semantics: alignment, calloc zeroes, realloc keeps
 *     the bytes and grows the last block in place, free of the last block
 *     takes its space back, a pointer that is not the arena's goes to the
 *     heap, overflow and out of memory fail cleanly;
 *   - rewinding gives back exactly what came after the mark, zeroed;
 *   - secrets: an element with K/OPc or PINs is zeroed before its arena
 *     goes back to the heap, by esv_saip_unload and by
 *     esv_profile_release; an element without any is not wiped;
 *   - the TLV headers the constraint walk counts in a decoded element (which
 *     spares decode.c the DER encoder when nothing was skipped: PROF-127)
 *     are the TLVs of its input, and its DER encoding is the input, for
 *     every element of every TS.48 profile and of the builder's sample.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "asn1/arena.h"
#include "asn1/saip.h"
#include "der/der.h"
#include "core/context_internal.h"
#include "profile/model.h"
#include "profile_builder.h"
#include "testutil.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
/* What the generated code's calloc, realloc and free are renamed to. */
void *esv_asn1_calloc(size_t n, size_t m);
void *esv_asn1_realloc(void *p, size_t n);
void esv_asn1_free(void *p);

/* Heap calls counted; fail_at > 0 fails that (1-based) malloc/calloc. */
static size_t n_alloc, fail_at;
/* Set: every freed block is searched for these bytes (the block's size
 * comes from malloc_usable_size's portable stand-in: a table of sizes). */
static const uint8_t *needle;
static size_t needle_len, needle_seen;

#define MAX_TRACK 4096
static struct {
    void *p;
    size_t n;
} tracked[MAX_TRACK];

static void track(void *p, size_t n)
{
    for (size_t i = 0; p != NULL && i < MAX_TRACK; i++)
        if (tracked[i].p == NULL) {
            tracked[i].p = p;
            tracked[i].n = n;
            return;
        }
}

static size_t untrack(void *p)
{
    for (size_t i = 0; p != NULL && i < MAX_TRACK; i++)
        if (tracked[i].p == p) {
            size_t n = tracked[i].n;
            tracked[i].p = NULL;
            return n;
        }
    return 0;
}

static int should_fail(void)
{
    n_alloc++;
    return fail_at != 0 && n_alloc == fail_at;
}

void *__wrap_malloc(size_t n)
{
    void *p = should_fail() ? NULL : __real_malloc(n);
    track(p, n);
    return p;
}

void *__wrap_calloc(size_t n, size_t m)
{
    void *p = should_fail() ? NULL : __real_calloc(n, m);
    track(p, n * m);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q;
    n_alloc++;
    untrack(p);
    q = __real_realloc(p, n);
    track(q != NULL ? q : p, q != NULL ? n : 0);
    return q;
}

void __wrap_free(void *p)
{
    size_t n = untrack(p);
    if (needle != NULL && n >= needle_len)
        for (size_t i = 0; i + needle_len <= n; i++)
            if (memcmp((const uint8_t *)p + i, needle, needle_len) == 0) {
                needle_seen++;
                break;
            }
    __real_free(p);
}

/* The DER of the sample package's first element of type t. */
static uint8_t *element_der(ProfileElement_PR t, size_t *len)
{
    pb_options o;
    ProfileElement_t **pes = NULL;
    size_t count = 0, i;
    uint8_t *der = NULL;
    pb_options_sample(&o);
    assert_int_equal(pb_build_elements(&o, &pes, &count), 0);
    for (i = 0; i < count && der == NULL; i++)
        if (pes[i]->present == t)
            assert_int_equal(esv_saip_encode(pes[i], &der, len), 0);
    pb_free_elements(pes, count);
    assert_non_null(der);
    return der;
}

static void test_decode_uses_arena(void **state)
{
    size_t len, heap_calls, arena_calls;
    uint8_t *der = element_der(ProfileElement_PR_usim, &len);
    ProfileElement_t *pe = NULL;
    (void)state;

    n_alloc = 0;
    assert_int_equal(esv_saip_decode(der, len, &pe, NULL), 0);
    heap_calls = n_alloc;
    assert_int_equal(pe->present, ProfileElement_PR_usim);
    esv_saip_free(pe);

    n_alloc = 0;
    assert_int_equal(esv_saip_load(der, len, &pe, NULL), 0);
    arena_calls = n_alloc;
    assert_int_equal(pe->present, ProfileElement_PR_usim);
    assert_true(esv_saip_load_bytes(pe) >= sizeof(ProfileElement_t));
    /* the same value as the heap decode: it encodes to the same bytes */
    {
        uint8_t *again = NULL;
        size_t alen = 0;
        assert_int_equal(esv_saip_encode(pe, &again, &alen), 0);
        assert_int_equal(alen, len);
        assert_memory_equal(again, der, len);
        free(again);
    }
    esv_saip_unload(pe);
    print_message("usim element (%zu bytes): %zu heap calls on the heap, %zu through the arena\n", len,
                  heap_calls, arena_calls);
    assert_true(heap_calls >= 20);
    assert_true(arena_calls <= 3);
    free(der);
}

static void test_allocator(void **state)
{
    esv_arena *a = esv_arena_new(256), *prev;
    uint8_t *p, *q, *r, *s;
    size_t used;
    (void)state;
    assert_non_null(a);
    prev = esv_arena_enter(a);
    assert_null(prev);
    p = esv_arena_alloc(a, 3);
    q = esv_arena_alloc(a, 5);
    assert_int_equal((uintptr_t)p % _Alignof(double), 0);
    assert_int_equal((uintptr_t)q % _Alignof(void *), 0);
    assert_true(q > p + 3);
    memcpy(q, "hello", 5);
    /* the last block grows where it is, keeping its bytes */
    used = esv_arena_used(a);
    {
        r = esv_asn1_realloc(q, 40);
        assert_ptr_equal(r, q);
        assert_memory_equal(r, "hello", 5);
        assert_true(esv_arena_used(a) > used);
        /* a block that is not the last moves, with its bytes */
        memcpy(p, "abc", 3);
        s = esv_asn1_realloc(p, 64);
        assert_ptr_not_equal(s, p);
        assert_memory_equal(s, "abc", 3);
        /* free of the last block takes its space back */
        used = esv_arena_used(a);
        q = esv_asn1_calloc(4, 8);
        for (int i = 0; i < 32; i++)
            assert_int_equal(q[i], 0);
        assert_true(esv_arena_used(a) > used);
        esv_asn1_free(q);
        assert_int_equal(esv_arena_used(a), used);
        /* a pointer that is not the arena's is the heap's: free() gets it */
        q = malloc(10);
        esv_asn1_free(q); /* __wrap_free untracks it: no leak, no crash */
        /* overflow: NULL, and the arena says it failed */
        assert_false(esv_arena_failed(a));
        assert_null(esv_asn1_calloc(SIZE_MAX / 2, 4));
        assert_true(esv_arena_failed(a));
        /* blocks larger than any chunk get a chunk of their own */
        q = esv_arena_alloc(a, 200000);
        assert_non_null(q);
        memset(q, 0x5a, 200000);
        assert_true(esv_arena_bytes(a) >= 200000);
        /* with no arena current, the four are the heap's functions */
        esv_arena_leave(prev);
        q = esv_asn1_calloc(2, 2);
        assert_non_null(q);
        assert_int_equal(q[3], 0);
        esv_asn1_free(q);
    }
    esv_arena_free(a, false);
}

static void test_rewind(void **state)
{
    esv_arena *a = esv_arena_new(64);
    esv_arena_pos m;
    uint8_t *p, *q;
    size_t used, held;
    (void)state;
    p = esv_arena_alloc(a, 16);
    memset(p, 1, 16);
    esv_arena_mark(a, &m);
    used = esv_arena_used(a);
    held = esv_arena_bytes(a);
    for (int i = 0; i < 100; i++) { /* several new chunks */
        q = esv_arena_alloc(a, 1000);
        memset(q, 0x77, 1000);
    }
    assert_true(esv_arena_bytes(a) > held);
    esv_arena_rewind(a, &m);
    assert_int_equal(esv_arena_used(a), used);
    assert_int_equal(esv_arena_bytes(a), held);
    for (int i = 0; i < 16; i++)
        assert_int_equal(p[i], 1); /* what came before the mark stays */
    /* the space after the mark is reused */
    q = esv_arena_alloc(a, 8);
    assert_true(q > p);
    esv_arena_free(a, false);
}

/* Out of memory inside a decode: -2, and a shared arena is as it was. */
static void test_decode_out_of_memory(void **state)
{
    size_t len, k, failures = 0;
    uint8_t *der = element_der(ProfileElement_PR_usim, &len);
    (void)state;
    for (k = 1; k <= 4; k++) {
        ProfileElement_t *pe = NULL;
        esv_arena *a = esv_arena_new(128); /* small: the decode needs chunks */
        size_t used = esv_arena_used(a);
        int rc;
        n_alloc = 0;
        fail_at = k;
        rc = esv_saip_load_in(a, der, len, &pe, NULL);
        fail_at = 0;
        if (rc == 0) {
            assert_int_equal(pe->present, ProfileElement_PR_usim);
        } else {
            assert_int_equal(rc, -2);
            assert_null(pe);
            assert_int_equal(esv_arena_used(a), used);
            assert_false(esv_arena_failed(a));
            failures++;
        }
        esv_arena_free(a, false);
    }
    assert_true(failures >= 1);
    free(der);
}

/* The key K of the sample's akaParameter, as it is written in the DER. */
static const uint8_t *sample_key(const uint8_t *der, size_t len)
{
    ProfileElement_t *pe = NULL;
    static uint8_t k[16];
    assert_int_equal(esv_saip_decode(der, len, &pe, NULL), 0);
    memcpy(k, pe->choice.akaParameter.algoConfiguration.choice.algoParameter.key.buf, 16);
    esv_saip_free(pe);
    return k;
}

static void test_secrets_zeroed(void **state)
{
    size_t len, hlen;
    uint8_t *der = element_der(ProfileElement_PR_akaParameter, &len);
    uint8_t *hder = element_der(ProfileElement_PR_header, &hlen);
    ProfileElement_t *pe = NULL;
    (void)state;
    needle = sample_key(der, len);
    needle_len = 16;

    /* an element of its own arena */
    assert_int_equal(esv_saip_load(der, len, &pe, NULL), 0);
    needle_seen = 0;
    esv_saip_unload(pe);
    assert_int_equal(needle_seen, 0);

    /* the control: the same search finds what is not wiped (the header's
     * ICCID stays in a header's arena) */
    assert_int_equal(esv_saip_load(hder, hlen, &pe, NULL), 0);
    {
        static uint8_t iccid[10];
        memcpy(iccid, pe->choice.header.iccid.buf, 10);
        needle = iccid;
        needle_len = 10;
        needle_seen = 0;
        esv_saip_unload(pe);
        assert_int_equal(needle_seen, 1);
    }

    /* a whole package: the resident values share one arena, and
     * esv_profile_release zeroes the secrets in it before freeing */
    {
        pb_options o;
        uint8_t *pkg = NULL;
        size_t plen = 0;
        esv_ctx *ctx;
        esv_report *r;
        esv_profile p;
        pb_options_sample(&o);
        assert_int_equal(pb_build(&o, &pkg, &plen), 0);
        assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
        r = esv_report_create(ctx, "profile");
        assert_int_equal(esv_profile_load(&p, r, ctx, pkg, plen), ESV_OK);
        assert_int_equal(p.evicted, 0);
        assert_true(p.resident > 0);
        needle = sample_key(der, len);
        needle_len = 16;
        needle_seen = 0;
        esv_profile_release(&p);
        assert_int_equal(needle_seen, 0);
        esv_report_free(r);
        esv_ctx_free(ctx);
        free(pkg);
    }
    needle = NULL;
    free(der);
    free(hder);
}

static int ignore(void *opaque, const char *path, const char *what)
{
    (void)opaque;
    (void)path;
    (void)what;
    return 0;
}

/* Every element of package data: headers counted == TLVs walked, and the
 * encoding is as long as the input. Returns the elements seen. */
static size_t headers_match(const uint8_t *data, size_t len)
{
    der_cursor c;
    der_tlv t;
    der_limits lim;
    size_t n = 0;
    der_limits_default(&lim);
    der_cursor_init(&c, data, len, 0);
    while (!der_cursor_done(&c)) {
        ProfileElement_t *pe = NULL;
        der_result res;
        size_t headers = 0, tl;
        assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
        tl = der_tlv_size(&t);
        assert_int_equal(der_walk(data + t.off, tl, 0, &lim, DER_WALK_CONTENTS, &res), DER_OK);
        assert_int_equal(esv_saip_load(data + t.off, tl, &pe, NULL), 0);
        assert_int_equal(esv_saip_check_constraints(pe, ignore, NULL, &headers), 0);
        if (headers != res.elements)
            fail_msg("element %zu (%s): %zu headers counted, %zu TLVs in the input", n,
                     esv_saip_pe_name(pe->present), headers, res.elements);
        assert_int_equal(esv_saip_encoded_len(pe), (long)tl);
        esv_saip_unload(pe);
        n++;
    }
    return n;
}

static void test_header_count(void **state)
{
    pb_options o;
    uint8_t *pkg = NULL;
    size_t plen = 0, i, files = 0, elements;
    (void)state;
    pb_options_sample(&o);
    assert_int_equal(pb_build(&o, &pkg, &plen), 0);
    elements = headers_match(pkg, plen);
    assert_true(elements >= 5);
    free(pkg);
    for (i = 0; i < TU_TS48_COUNT; i++) {
        char rel[128];
        size_t len;
        uint8_t *in;
        snprintf(rel, sizeof(rel), "profiles/ts48/%s", tu_ts48_files[i]);
        if ((in = tu_read_testdata(rel, &len)) == NULL)
            continue;
        elements += headers_match(in, len);
        files++;
        free(in);
    }
    if (files == 0)
        print_message("TS.48 profiles: skipped (no ../shared/testdata)\n");
    print_message("%zu elements: headers counted = TLVs of the input\n", elements);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_uses_arena),
        cmocka_unit_test(test_allocator),
        cmocka_unit_test(test_rewind),
        cmocka_unit_test(test_decode_out_of_memory),
        cmocka_unit_test(test_secrets_zeroed),
        cmocka_unit_test(test_header_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
