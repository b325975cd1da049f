/*
 * bench_der.c - throughput of the strict DER reader.
 *
 * Input: a generated, well-formed 8 MiB DER value shaped like a bundle of
 * certificates (nested SEQUENCEs, OIDs, INTEGERs, strings, times, BIT and
 * OCTET STRINGs), so every branch of the walk and the content checks runs.
 * Reports the median MB/s of a whole-tree walk, with and without the
 * content checks of the universal types, and the same for the TS.48
 * profiles when ../shared/testdata is present.
 */
#include <string.h>

#include "bench.h"
#include "der/der.h"

typedef struct out {
    uint8_t *p;
    size_t len, cap;
} out;

static void put(out *o, const void *d, size_t n)
{
    if (o->len + n > o->cap) {
        o->cap = (o->len + n) * 2;
        o->p = realloc(o->p, o->cap);
        if (o->p == NULL)
            abort();
    }
    memcpy(o->p + o->len, d, n);
    o->len += n;
}

/* Appends tag + length + contents. */
static void tlv(out *o, const uint8_t *tag, size_t taglen, const uint8_t *c, size_t n)
{
    uint8_t l[9];
    size_t ll = 0;
    put(o, tag, taglen);
    if (n < 0x80) {
        l[ll++] = (uint8_t)n;
    } else {
        size_t k = 0, m = n;
        while (m) {
            k++;
            m >>= 8;
        }
        l[ll++] = (uint8_t)(0x80 | k);
        while (k--)
            l[ll++] = (uint8_t)(n >> (8 * k));
    }
    put(o, l, ll);
    put(o, c, n);
}

static void cert_like(out *o, unsigned i)
{
    static const uint8_t oid[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
    static const uint8_t t30 = 0x30, t06 = 0x06, t02 = 0x02, t13 = 0x13, t17 = 0x17,
                         t18 = 0x18, t03 = 0x03, t04 = 0x04, t31 = 0x31, t0c = 0x0c;
    out tbs = {0}, name = {0}, rdn = {0}, atv = {0}, val = {0}, alg = {0}, spki = {0}, c = {0};
    uint8_t serial[9] = {0x00, 0x81, 2, 3, 4, 5, 6, 7, (uint8_t)i};
    uint8_t key[66];
    memset(key, 0x42, sizeof(key));
    key[0] = 0;
    key[1] = 4;
    tlv(&alg, &t06, 1, oid, sizeof(oid));
    tlv(&atv, &t06, 1, (const uint8_t *)"\x55\x04\x03", 3);
    tlv(&atv, &t13, 1, (const uint8_t *)"esv bench certificate", 21);
    tlv(&rdn, &t30, 1, atv.p, atv.len);
    tlv(&name, &t31, 1, rdn.p, rdn.len);
    tlv(&name, &t31, 1, rdn.p, rdn.len);
    tlv(&val, &t17, 1, (const uint8_t *)"260101000000Z", 13);
    tlv(&val, &t18, 1, (const uint8_t *)"99991231235959Z", 15);
    tlv(&spki, &t30, 1, alg.p, alg.len);
    tlv(&spki, &t03, 1, key, sizeof(key));
    tlv(&tbs, &t02, 1, serial, sizeof(serial));
    tlv(&tbs, &t30, 1, alg.p, alg.len);
    tlv(&tbs, &t30, 1, name.p, name.len);
    tlv(&tbs, &t30, 1, val.p, val.len);
    tlv(&tbs, &t30, 1, name.p, name.len);
    tlv(&tbs, &t30, 1, spki.p, spki.len);
    tlv(&tbs, &t0c, 1, (const uint8_t *)"UTF8 \xc3\xa9t\xc3\xa9", 10);
    tlv(&tbs, &t04, 1, key, 32);
    tlv(&c, &t30, 1, tbs.p, tbs.len);
    tlv(&c, &t30, 1, alg.p, alg.len);
    tlv(&c, &t03, 1, key, 65);
    tlv(o, &t30, 1, c.p, c.len);
    free(tbs.p); free(name.p); free(rdn.p); free(atv.p); free(val.p);
    free(alg.p); free(spki.p); free(c.p);
}

static double walk_mbs(const uint8_t *d, size_t len, unsigned flags, int reps)
{
    der_limits lim;
    double t[BENCH_RUNS];
    der_limits_default(&lim);
    lim.max_input = len;
    lim.max_elements = (size_t)-1;
    for (int r = 0; r < BENCH_RUNS; r++) {
        der_result res;
        double t0 = bench_now();
        for (int k = 0; k < reps; k++) {
            if (der_walk(d, len, 0, &lim, flags, &res) != DER_OK)
                abort();
            bench_sink += res.elements;
        }
        t[r] = bench_now() - t0;
    }
    return (double)len * reps / bench_median(t, BENCH_RUNS) / 1e6;
}

int main(void)
{
    out body = {0}, all = {0};
    static const uint8_t t30 = 0x30;
    unsigned i = 0;
    der_limits lim;
    der_result res;
    const char *td = getenv("ESV_TESTDATA");

    while (body.len < 8u * 1024 * 1024)
        cert_like(&body, i++);
    tlv(&all, &t30, 1, body.p, body.len);
    der_limits_default(&lim);
    lim.max_input = all.len;
    lim.max_elements = (size_t)-1;
    if (der_walk(all.p, all.len, 0, &lim, DER_WALK_CONTENTS, &res) != DER_OK)
        abort();
    printf("bench_der: generated input %zu bytes, %u certificate-like values, %zu TLVs\n",
           all.len, i, res.elements);
    printf("  der_walk, structure only:        %8.1f MB/s (median of %d)\n",
           walk_mbs(all.p, all.len, 0, 3), BENCH_RUNS);
    printf("  der_walk, with content checks:   %8.1f MB/s (median of %d)\n",
           walk_mbs(all.p, all.len, DER_WALK_CONTENTS, 3), BENCH_RUNS);
    if (td) {
        char path[4096];
        FILE *f;
        snprintf(path, sizeof(path), "%s/profiles/ts48/TS48v7_SAIP2.3_NoBERTLV.der", td);
        f = fopen(path, "rb");
        if (f) {
            static uint8_t buf[65536];
            size_t n = fread(buf, 1, sizeof(buf), f);
            fclose(f);
            /* a profile is a sequence of values: walk each element */
            der_cursor c;
            double t[BENCH_RUNS];
            for (int r = 0; r < BENCH_RUNS; r++) {
                double t0 = bench_now();
                for (int k = 0; k < 2000; k++) {
                    der_tlv tv;
                    der_cursor_init(&c, buf, n, 0);
                    while (!der_cursor_done(&c)) {
                        if (der_read_tlv(&c, &tv, NULL) != DER_OK ||
                            der_walk(buf + tv.off, der_tlv_size(&tv), tv.off, &lim,
                                     DER_WALK_CONTENTS, &res) != DER_OK)
                            abort();
                        bench_sink += res.elements;
                    }
                }
                t[r] = (bench_now() - t0) / 2000;
            }
            double med = bench_median(t, BENCH_RUNS);
            printf("  TS.48 v7 profile (%zu bytes):   %8.1f MB/s, %.2f us per profile\n", n,
                   (double)n / med / 1e6, med * 1e6);
        }
    }
    free(body.p);
    free(all.p);
    return 0;
}
