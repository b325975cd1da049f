/*
 * test_fuzz_mutator.c - the structure-aware fuzz mutator (fuzz/mutator.c):
 * its DER tree read and write round-trip, each mutation kind's output
 * (well-formed DER framing by the library's strict reader where the kind
 * promises it, the size change the kind implies, within MaxSize), the
 * fall-back to LLVMFuzzerMutate on input that is not DER, determinism,
 * the cross-over, and one part of fuzz_chain's framed inputs at a time.
 * LLVMFuzzerMutate is a stub here that records its calls.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../fuzz/mutator.h"
#include "der/der.h"

/* ---- the LLVMFuzzerMutate stub: counts calls, remembers the buffer,
 * and changes the data predictably (the first byte incremented, one 0x5a
 * byte appended while there is room). */
static unsigned stub_calls;
static const uint8_t *stub_last;

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
{
    stub_calls++;
    stub_last = data;
    if (size > 0)
        data[0]++;
    if (size < max_size)
        data[size++] = 0x5a;
    return size;
}

/* Two top-level values, as a profile package has: a SEQUENCE holding an
 * OID (prime256v1), an INTEGER, a [0] with an OCTET STRING, an OCTET
 * STRING that holds DER (SEQUENCE { BOOLEAN }), a UTF8String, a [37]
 * (high tag form, BF 25) with a [0] primitive, a 200-byte OCTET STRING
 * (long-form length); then [1] { INTEGER 128 }. */
static size_t sample(uint8_t *out)
{
    static const uint8_t head[] = {
        0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
        0x02, 0x01, 0x05,
        0xa0, 0x05, 0x04, 0x03, 'a', 'b', 'c',
        0x04, 0x05, 0x30, 0x03, 0x01, 0x01, 0xff,
        0x0c, 0x02, 'h', 'i',
        0xbf, 0x25, 0x03, 0x80, 0x01, 0x01,
    };
    size_t n = 0, body = sizeof(head) + 3 + 200, i;
    out[n++] = 0x30;
    out[n++] = 0x81;
    out[n++] = (uint8_t)body;
    memcpy(out + n, head, sizeof(head));
    n += sizeof(head);
    out[n++] = 0x04;
    out[n++] = 0x81;
    out[n++] = 200;
    for (i = 0; i < 200; i++)
        out[n++] = (uint8_t)(i * 7 + 1); /* not TLVs: 01 08 0f ... runs past the end */
    out[n++] = 0xa1;
    out[n++] = 0x04;
    out[n++] = 0x02;
    out[n++] = 0x02;
    out[n++] = 0x00;
    out[n++] = 0x80;
    return n;
}

/* The library's strict reader (framing and universal forms) over every
 * top-level value. */
static int strict_walk(const uint8_t *b, size_t n, unsigned *depth, size_t *elements)
{
    der_limits lim;
    der_cursor c;
    der_tlv t;
    der_result res;
    *depth = 0;
    *elements = 0;
    if (n == 0)
        return 0;
    der_limits_default(&lim);
    der_cursor_init(&c, b, n, 0);
    while (!der_cursor_done(&c)) {
        if (der_read_tlv(&c, &t, NULL) != DER_OK)
            return 0;
        if (der_walk(b + t.off, der_tlv_size(&t), t.off, &lim, 0, &res) != DER_OK)
            return 0;
        if (res.max_depth > *depth)
            *depth = res.max_depth;
        *elements += res.elements;
    }
    return 1;
}

static int strict_ok(const uint8_t *b, size_t n)
{
    unsigned depth;
    size_t elements;
    return strict_walk(b, n, &depth, &elements);
}

static int contains(const uint8_t *hay, size_t n, const char *needle, size_t k)
{
    size_t i;
    for (i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return 1;
    return 0;
}

static fm_tree *tree;

static int setup(void **state)
{
    (void)state;
    tree = malloc(sizeof(*tree));
    return tree == NULL;
}

static int teardown(void **state)
{
    (void)state;
    free(tree);
    return 0;
}

static int count_nodes(const fm_tree *t, int x)
{
    int c, n = 1;
    if (!t->node[x].leaf)
        for (c = t->node[x].first; c >= 0; c = t->node[c].next)
            n += count_nodes(t, c);
    return n;
}

static void test_roundtrip_sample(void **state)
{
    uint8_t in[512], out[512];
    size_t n = sample(in);
    int top, c, kids = 0, encap = -1;
    (void)state;
    assert_true(strict_ok(in, n));
    assert_int_equal(fm_parse(tree, in, n), 0);
    assert_int_equal(fm_encoded_size(tree), n);
    assert_int_equal(fm_encode(tree, out, sizeof(out)), n);
    assert_memory_equal(out, in, n);
    /* root, 2 top-level, 8 under the SEQUENCE, OCTET STRING in [0], SEQUENCE
     * and BOOLEAN in the encapsulating OCTET STRING, [0] in [37], INTEGER in [1] */
    assert_int_equal(count_nodes(tree, 0), 1 + 2 + 7 + 1 + 2 + 1 + 1);
    top = tree->node[0].first;
    assert_int_equal(tree->node[top].id[0], 0x30);
    assert_int_equal(tree->node[tree->node[top].next].id[0], 0xa1);
    for (c = tree->node[top].first; c >= 0; c = tree->node[c].next) {
        kids++;
        if (tree->node[c].id[0] == 0x04 && !tree->node[c].leaf)
            encap = c;
        if (tree->node[c].id_len == 2) {
            assert_int_equal(tree->node[c].id[0], 0xbf);
            assert_int_equal(tree->node[c].id[1], 0x25);
        }
    }
    assert_int_equal(kids, 7);
    /* the OCTET STRING holding DER has the SEQUENCE as its child; the
     * 200-byte one, whose bytes are not TLVs, stays a leaf */
    assert_true(encap >= 0);
    assert_int_equal(tree->node[tree->node[encap].first].id[0], 0x30);
    /* too small a buffer: nothing written */
    assert_int_equal(fm_encode(tree, out, n - 1), 0);
}

/* Every committed seed the strict reader takes as DER reads and writes
 * back byte for byte. */
static void test_roundtrip_corpus(void **state)
{
    static const char *dirs[] = {"fuzz/corpus/fuzz_cert", "fuzz/corpus/fuzz_profile", "fuzz/corpus/fuzz_rsp",
                                 "fuzz/corpus/fuzz_der"};
    size_t d, tried = 0;
    (void)state;
    for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
        DIR *dir = opendir(dirs[d]);
        struct dirent *e;
        assert_non_null(dir);
        while ((e = readdir(dir)) != NULL) {
            char path[512];
            static uint8_t buf[1 << 16], out[1 << 16];
            FILE *f;
            size_t n, elements;
            unsigned depth;
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof(path), "%s/%s", dirs[d], e->d_name);
            f = fopen(path, "rb");
            assert_non_null(f);
            n = fread(buf, 1, sizeof(buf), f);
            fclose(f);
            if (n == sizeof(buf) || !strict_walk(buf, n, &depth, &elements) || depth >= FM_MAX_DEPTH ||
                elements >= FM_MAX_NODES / 2)
                continue;
            if (fm_parse(tree, buf, n) != 0) {
                /* only the mutator's own bounds may refuse strict DER */
                fprintf(stderr, "not read: %s\n", path);
                fail();
            }
            assert_int_equal(fm_encode(tree, out, sizeof(out)), n);
            assert_memory_equal(out, buf, n);
            tried++;
        }
        closedir(dir);
    }
    assert_true(tried >= 60);
}

static void test_parse_rejects(void **state)
{
    static const struct {
        const char *what;
        size_t len;
        const uint8_t bytes[8];
    } bad[] = {
        {"empty", 0, {0}},
        {"indefinite length", 6, {0x30, 0x80, 0x05, 0x00, 0x00, 0x00}},
        {"long form below 128", 5, {0x04, 0x81, 0x02, 0x61, 0x62}},
        {"leading zero length octet", 6, {0x04, 0x82, 0x00, 0x02, 0x61, 0x62}},
        {"contents past the end", 4, {0x30, 0x05, 0x02, 0x01}},
        {"a child past its parent", 6, {0x30, 0x03, 0x02, 0x02, 0x01, 0x01}},
        {"trailing partial header", 3, {0x05, 0x00, 0x30}},
        {"high tag with a 0x80 lead", 4, {0x1f, 0x80, 0x21, 0x00}},
        {"high tag form below 31", 3, {0x9f, 0x1e, 0x00}},
        {"text", 5, {'h', 'e', 'l', 'l', 'o'}},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (fm_parse(tree, bad[i].bytes, bad[i].len) != -1) {
            fprintf(stderr, "read: %s\n", bad[i].what);
            fail();
        }
    /* a nesting deeper than FM_MAX_DEPTH */
    {
        uint8_t deep[2 * (FM_MAX_DEPTH + 1)];
        size_t k;
        for (k = 0; k <= FM_MAX_DEPTH; k++) {
            deep[2 * k] = 0x30;
            deep[2 * k + 1] = (uint8_t)(2 * (FM_MAX_DEPTH - k));
        }
        assert_true(strict_ok(deep, sizeof(deep)));
        assert_int_equal(fm_parse(tree, deep, sizeof(deep)), -1);
        assert_int_equal(fm_parse(tree, deep + 2, sizeof(deep) - 2), 0);
    }
}

/* Not DER: the stub gets the input, its result is what comes back. */
static void test_fallback(void **state)
{
    uint8_t buf[16] = {0x30, 0x80, 0x05, 0x00, 0x00, 0x00};
    size_t n;
    (void)state;
    stub_calls = 0;
    n = fm_mutate_input(tree, buf, 6, sizeof(buf), 7, FM_ANY);
    assert_int_equal(stub_calls, 1);
    assert_ptr_equal(stub_last, buf);
    assert_int_equal(n, 7);
    assert_int_equal(buf[0], 0x31);
    assert_int_equal(buf[6], 0x5a);
    /* empty input too */
    stub_calls = 0;
    n = fm_mutate_input(tree, buf, 0, sizeof(buf), 7, FM_DELETE);
    assert_int_equal(stub_calls, 1);
    assert_int_equal(n, 1);
}

#define SEEDS 300u

/* What each kind must do to the sample, over SEEDS seeds. */
static void run_kind(fm_kind kind, int (*check)(const uint8_t *in, size_t in_len, const uint8_t *out, size_t out_len))
{
    uint8_t in[512];
    size_t n = sample(in);
    unsigned seed, changed = 0;
    for (seed = 1; seed <= SEEDS; seed++) {
        uint8_t buf[4096];
        size_t m;
        memcpy(buf, in, n);
        stub_calls = 0;
        stub_last = NULL;
        m = fm_mutate_input(tree, buf, n, sizeof(buf), seed, kind);
        /* the tree's own mutation, never the fall-back on the whole input */
        assert_true(stub_last != buf);
        assert_int_equal(stub_calls, kind == FM_CONTENT ? 1u : 0u);
        assert_true(m > 0 && m <= sizeof(buf));
        if (kind != FM_LENGTH) {
            if (!strict_ok(buf, m)) {
                fprintf(stderr, "kind %d seed %u: not DER\n", (int)kind, seed);
                fail();
            }
            assert_int_equal(fm_parse(tree, buf, m), 0);
        }
        assert_true(check(in, n, buf, m));
        if (m != n || memcmp(in, buf, n) != 0)
            changed++;
    }
    /* a mutation may now and then give the input back (a swap of equal
     * siblings, a value replaced by itself), rarely */
    assert_true(changed >= SEEDS * 9 / 10);
}

static int any_size(const uint8_t *in, size_t n, const uint8_t *out, size_t m)
{
    (void)in;
    (void)out;
    (void)n;
    (void)m;
    return 1;
}

static int same_size_but_ids(const uint8_t *in, size_t n, const uint8_t *out, size_t m)
{
    (void)in;
    (void)out;
    /* identifier octets of one value change: at most 5 octets more (and
     * a parent's length octets, at most one each level: 2 here) */
    return m + 5 >= n && m <= n + 7;
}

static int one_length_off(const uint8_t *in, size_t n, const uint8_t *out, size_t m)
{
    /* no length of the sample is 0, 127 or 128: the length octets keep
     * their form, so one byte differs, by one, and it is a length octet
     * (0xf0 of the SEQUENCE at offset 2, or after an identifier) */
    size_t i, at = 0, diffs = 0;
    if (m != n)
        return 0;
    for (i = 0; i < n; i++)
        if (in[i] != out[i]) {
            diffs++;
            at = i;
        }
    return diffs == 1 && (in[at] + 1 == out[at] || in[at] == out[at] + 1) &&
           (at == 2 || in[at - 1] == 0x81 || in[at - 1] == 0x25 || in[at - 1] < 0x40 || in[at - 1] >= 0x80);
}

/* Every OBJECT IDENTIFIER in out is still well-formed contents. */
static int oids_valid(const fm_tree *t, int x)
{
    int c;
    if (t->node[x].leaf) {
        char text[256];
        if (t->node[x].id_len == 1 && t->node[x].id[0] == 0x06 &&
            der_oid_to_text(t->node[x].val, t->node[x].len, text, sizeof(text), NULL) != DER_OK)
            return 0;
        return 1;
    }
    for (c = t->node[x].first; c >= 0; c = t->node[c].next)
        if (!oids_valid(t, c))
            return 0;
    return 1;
}

static int oid_changed(const uint8_t *in, size_t n, const uint8_t *out, size_t m)
{
    /* the OID is the first thing in the SEQUENCE (offset 3): only it
     * changed, the INTEGER that follows it is intact */
    size_t oid_len = out[4];
    if (fm_parse(tree, out, m) != 0 || !oids_valid(tree, 0))
        return 0;
    return out[3] == 0x06 && memcmp(out + 5 + oid_len, in + 5 + 8, 3) == 0 && (m != n || memcmp(out, in, n) != 0);
}

static unsigned top_swaps;

static int same_size(const uint8_t *in, size_t n, const uint8_t *out, size_t m)
{
    /* the two top-level values exchanged: [1] { INTEGER } first */
    if (m == n && out[0] == 0xa1 && memcmp(out, in + n - 6, 6) == 0 && memcmp(out + 6, in, n - 6) == 0)
        top_swaps++;
    return m == n;
}

static int larger(const uint8_t *in, size_t n, const uint8_t *out, size_t m)
{
    (void)in;
    (void)out;
    return m > n;
}

static int smaller(const uint8_t *in, size_t n, const uint8_t *out, size_t m)
{
    (void)in;
    (void)out;
    return m < n;
}

static void test_kind_tag(void **state) { (void)state; run_kind(FM_TAG, same_size_but_ids); }
static void test_kind_length(void **state) { (void)state; run_kind(FM_LENGTH, one_length_off); }
static void test_kind_oid(void **state) { (void)state; run_kind(FM_OID_ARC, oid_changed); }
static void test_kind_swap(void **state)
{
    (void)state;
    top_swaps = 0;
    run_kind(FM_SWAP, same_size);
    assert_true(top_swaps > 0);
}
static void test_kind_duplicate(void **state) { (void)state; run_kind(FM_DUPLICATE, larger); }
static void test_kind_truncate(void **state) { (void)state; run_kind(FM_TRUNCATE, smaller); }
static void test_kind_delete(void **state) { (void)state; run_kind(FM_DELETE, smaller); }
static void test_kind_interesting(void **state) { (void)state; run_kind(FM_INTERESTING, any_size); }
static void test_kind_content(void **state) { (void)state; run_kind(FM_CONTENT, any_size); }
static void test_kind_splice(void **state) { (void)state; run_kind(FM_SPLICE, any_size); }

/* MaxSize: a duplicate never fits in the input's own size, so every seed
 * ends in the fall-back, which is given the same bound. */
static void test_max_size(void **state)
{
    uint8_t in[512];
    size_t n = sample(in);
    unsigned seed;
    (void)state;
    for (seed = 1; seed <= 50; seed++) {
        uint8_t buf[512];
        size_t m;
        memcpy(buf, in, n);
        stub_calls = 0;
        m = fm_mutate_input(tree, buf, n, n, seed, FM_DUPLICATE);
        assert_int_equal(stub_calls, 1);
        assert_ptr_equal(stub_last, buf);
        assert_true(m <= n);
    }
    /* FM_ANY under a tight bound: never past it */
    for (seed = 1; seed <= 300; seed++) {
        uint8_t buf[512];
        size_t m;
        memcpy(buf, in, n);
        m = fm_mutate_input(tree, buf, n, n + 2, seed, FM_ANY);
        assert_true(m > 0 && m <= n + 2);
    }
}

/* Same input, bound and seed: same output; other seeds: other outputs. */
static void test_deterministic(void **state)
{
    uint8_t in[512], a[4096], b[4096];
    size_t n = sample(in), ma, mb, distinct = 0;
    unsigned seed;
    (void)state;
    for (seed = 1; seed <= 100; seed++) {
        memcpy(a, in, n);
        memcpy(b, in, n);
        ma = fm_mutate_input(tree, a, n, sizeof(a), seed, FM_ANY);
        mb = fm_mutate_input(tree, b, n, sizeof(b), seed, FM_ANY);
        assert_int_equal(ma, mb);
        assert_memory_equal(a, b, ma);
        memcpy(b, in, n);
        mb = fm_mutate_input(tree, b, n, sizeof(b), seed + 1000, FM_ANY);
        if (ma != mb || memcmp(a, b, ma) != 0)
            distinct++;
    }
    assert_true(distinct >= 80);
}

/* Cross-over: a subtree of the first input replaced by one of the second
 * (here a UTCTime only the second has); not DER: nothing. */
static void test_cross_over(void **state)
{
    static const uint8_t other[] = {0x31, 0x11, 0x17, 0x0d, '4', '9', '1', '2', '3', '1', '2',
                                    '3', '5', '9', '5', '9', 'Z', 0x05, 0x00};
    uint8_t in[512], out[4096];
    size_t n = sample(in), m;
    fm_tree *b = malloc(sizeof(*b));
    unsigned seed, with_time = 0;
    (void)state;
    assert_non_null(b);
    for (seed = 1; seed <= 200; seed++) {
        m = fm_cross_over(tree, b, in, n, other, sizeof(other), out, sizeof(out), seed);
        assert_true(m > 0);
        assert_true(strict_ok(out, m));
        if (contains(out, m, "491231235959Z", 13) || contains(out, m, "\x05\x00", 2))
            with_time++;
    }
    assert_int_equal(with_time, 200);
    assert_int_equal(fm_cross_over(tree, b, in, n, other, sizeof(other), out, 3, 1), 0);
    assert_int_equal(fm_cross_over(tree, b, (const uint8_t *)"text", 4, other, sizeof(other), out, sizeof(out), 1),
                     0);
    free(b);
}

/* fuzz_chain's framing: 2-byte lengths; the parts of in, into p/len. */
static size_t frames(const uint8_t *in, size_t n, const uint8_t **p, size_t *len, size_t max)
{
    size_t k = 0, off = 0;
    while (off < n && k < max) {
        size_t l = 0;
        if (n - off >= 2) {
            l = ((size_t)in[off] << 8) | in[off + 1];
            off += 2;
        }
        if (l > n - off)
            l = n - off;
        p[k] = in + off;
        len[k++] = l;
        off += l;
    }
    return k;
}

static size_t frame(uint8_t *out, const uint8_t *part, size_t len)
{
    out[0] = (uint8_t)(len >> 8);
    out[1] = (uint8_t)len;
    memcpy(out + 2, part, len);
    return len + 2;
}

/* A framed input (a DER part, an empty one, a small DER one, text): one
 * DER part changes, its length follows, the others stay byte for byte. */
static void test_framed(void **state)
{
    static const uint8_t small[] = {0xa1, 0x04, 0x02, 0x02, 0x00, 0x80};
    uint8_t der[512], in[1024];
    size_t nd = sample(der), n = 0;
    const uint8_t *p0[FM_MAX_PARTS], *p1[FM_MAX_PARTS];
    size_t l0[FM_MAX_PARTS], l1[FM_MAX_PARTS];
    unsigned seed, changed_first = 0, changed_small = 0;
    (void)state;
    n += frame(in + n, der, nd);
    n += frame(in + n, der, 0);
    n += frame(in + n, small, sizeof(small));
    n += frame(in + n, (const uint8_t *)"-----BEGIN", 10);
    assert_int_equal(frames(in, n, p0, l0, FM_MAX_PARTS), 4);
    for (seed = 1; seed <= 200; seed++) {
        uint8_t buf[4096];
        size_t m, k, diff = 0, which = 0;
        memcpy(buf, in, n);
        stub_calls = 0;
        m = fm_mutate_framed(tree, buf, n, sizeof(buf), seed, FM_DUPLICATE);
        assert_int_equal(stub_calls, 0);
        assert_true(m > n);
        assert_int_equal(frames(buf, m, p1, l1, FM_MAX_PARTS), 4);
        for (k = 0; k < 4; k++)
            if (l0[k] != l1[k] || memcmp(p0[k], p1[k], l0[k]) != 0) {
                diff++;
                which = k;
            }
        assert_int_equal(diff, 1);
        assert_true(which == 0 || which == 2);
        assert_true(l1[which] > l0[which]);
        assert_true(strict_ok(p1[which], l1[which]));
        changed_first += which == 0;
        changed_small += which == 2;
    }
    assert_true(changed_first > 0 && changed_small > 0);
    /* under a tight bound, never past it */
    for (seed = 1; seed <= 200; seed++) {
        uint8_t buf[1024];
        size_t m;
        memcpy(buf, in, n);
        m = fm_mutate_framed(tree, buf, n, n + 3, seed, FM_ANY);
        assert_true(m > 0 && m <= n + 3);
    }
    /* no part is DER: the whole input to the fall-back */
    n = frame(in, (const uint8_t *)"-----BEGIN", 10);
    stub_calls = 0;
    assert_int_equal(fm_mutate_framed(tree, in, n, sizeof(in), 1, FM_DELETE), n + 1);
    assert_int_equal(stub_calls, 1);
    assert_ptr_equal(stub_last, in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_sample),
        cmocka_unit_test(test_roundtrip_corpus),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_fallback),
        cmocka_unit_test(test_kind_tag),
        cmocka_unit_test(test_kind_length),
        cmocka_unit_test(test_kind_oid),
        cmocka_unit_test(test_kind_swap),
        cmocka_unit_test(test_kind_duplicate),
        cmocka_unit_test(test_kind_truncate),
        cmocka_unit_test(test_kind_delete),
        cmocka_unit_test(test_kind_interesting),
        cmocka_unit_test(test_kind_content),
        cmocka_unit_test(test_kind_splice),
        cmocka_unit_test(test_max_size),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_cross_over),
        cmocka_unit_test(test_framed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
