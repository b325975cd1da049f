/*
 * build_samples.c - writes the bundled sample profile packages and the
 * builder-made fuzz seeds, every one built from scratch by the project's
 * profile builder (tests/support/profile_builder.h); nothing is taken from
 * third-party data.
 *
 *   build_samples [ROOT]     (ROOT: the repository, default ".")
 *
 * examples/data/sample-profile.der    clean operational-style profile:
 *                                      passes under the production policy
 * examples/data/test-profile-ram.der  test-style profile (known keys and
 *                                      PINs, usim-test-algorithm) with an
 *                                      SD reachable by RAM and an RFM
 *                                      element: fails under both policies
 * examples/data/minimal-profile.der   header + MF + PUK/PIN codes + end, well formed
 * examples/data/broken-profile.der    the sample with an indefinite length
 *                                      inside element 1 (a DER defect)
 * fuzz/corpus/fuzz_profile/builder_*.der   seeds with varied options
 *
 *   build_samples --scale DIR
 *
 * writes instead the large packages fuzz-smoke runs under its -timeout
 * (issue 9): 40,000 PE-End elements, 40,000 PE-PINCodes, a security
 * domain of 40,000 keys, a PE-RFM of 40,000 TARs (pb_build_scale). Each
 * takes about a second under the fuzz build's sanitizers when every check
 * is O(n log n); a check that compares every value with every earlier one
 * takes longer than the timeout on at least one of them (the pairwise
 * checks esv once had: 10 to 40 s). Never committed (up to 2.3 MB).
 *
 * The output is deterministic: running it again rewrites identical files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_builder.h"

static const char *root = ".";

static int write_file(const char *rel, const uint8_t *data, size_t len)
{
    char path[1024];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    f = fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "build_samples: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "build_samples: %s: write failed\n", path);
        return -1;
    }
    printf("%s (%zu bytes)\n", rel, len);
    return 0;
}

static int write_built(const char *rel, const pb_options *o)
{
    uint8_t *d;
    size_t len;
    int rc;
    if (pb_build(o, &d, &len) != 0) {
        fprintf(stderr, "build_samples: %s: the builder refused the options\n", rel);
        return -1;
    }
    rc = write_file(rel, d, len);
    free(d);
    return rc;
}

/* DER length octets for n into out; returns their count. */
static size_t der_len(size_t n, uint8_t out[5])
{
    size_t k = 0, t = n;
    if (n < 0x80) {
        out[0] = (uint8_t)n;
        return 1;
    }
    while (t) {
        k++;
        t >>= 8;
    }
    out[0] = (uint8_t)(0x80 | k);
    for (size_t i = 0; i < k; i++)
        out[1 + i] = (uint8_t)(n >> (8 * (k - 1 - i)));
    return k + 1;
}

/* Reads a TLV header (tag of one octet, definite length) at p. */
static int tlv_head(const uint8_t *p, size_t avail, size_t *hdr, size_t *len)
{
    size_t k, v = 0;
    if (avail < 2)
        return -1;
    if (p[1] < 0x80) {
        *hdr = 2;
        *len = p[1];
        return 0;
    }
    k = p[1] & 0x7F;
    if (k == 0 || k > 4 || avail < 2 + k)
        return -1;
    for (size_t i = 0; i < k; i++)
        v = v << 8 | p[2 + i];
    *hdr = 2 + k;
    *len = v;
    return 0;
}

/* The sample package with its element 1 (PE-MF) re-encoded so that the
 * first component inside it (mf-header) has an indefinite length: legal
 * BER, forbidden by DER (X.690 10.1). The outer length stays definite, so
 * the package still splits and the other elements are still checked. */
static int write_broken(const char *rel, const pb_options *o)
{
    ProfileElement_t **pes;
    size_t count, mlen, hdr, clen, ihdr, ilen, n = 0, pre_len = 0, post_len = 0;
    uint8_t *mf, *pre = NULL, *post = NULL, *out;
    uint8_t lb[5];
    int rc = -1;

    if (pb_build_elements(o, &pes, &count) != 0 || count < 3)
        return -1;
    if (esv_saip_encode(pes[1], &mf, &mlen) != 0)
        goto out_pes;
    if (pb_encode_elements(pes, 1, &pre, &pre_len) != 0 ||
        pb_encode_elements(pes + 2, count - 2, &post, &post_len) != 0)
        goto out_mf;
    /* mf: [16] { [0] mf-header {...}, ... } */
    if (tlv_head(mf, mlen, &hdr, &clen) != 0 || tlv_head(mf + hdr, mlen - hdr, &ihdr, &ilen) != 0)
        goto out_mf;
    out = malloc(pre_len + mlen + 16 + post_len);
    if (out == NULL)
        goto out_mf;
    memcpy(out, pre, pre_len);
    n = pre_len;
    out[n++] = mf[0];
    {
        size_t k = der_len(clen - ihdr + 2 + 2, lb); /* "A0 80" + EOC */
        memcpy(out + n, lb, k);
        n += k;
    }
    out[n++] = mf[hdr];  /* the mf-header tag */
    out[n++] = 0x80;     /* indefinite length */
    memcpy(out + n, mf + hdr + ihdr, ilen);
    n += ilen;
    out[n++] = 0x00;     /* end-of-contents */
    out[n++] = 0x00;
    memcpy(out + n, mf + hdr + ihdr + ilen, clen - ihdr - ilen);
    n += clen - ihdr - ilen;
    memcpy(out + n, post, post_len);
    n += post_len;
    rc = write_file(rel, out, n);
    free(out);
out_mf:
    free(pre);
    free(post);
    free(mf);
out_pes:
    pb_free_elements(pes, count);
    return rc;
}

#define SCALE_N 40000

static int write_scale(void)
{
    static const struct {
        pb_scale_shape shape;
        const char *name;
    } seeds[] = {
        {PB_SCALE_PE_END, "scale_pe_end.der"},
        {PB_SCALE_PIN, "scale_pin.der"},
        {PB_SCALE_SD_KEYS, "scale_sd_keys.der"},
        {PB_SCALE_RFM_TARS, "scale_rfm_tars.der"},
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
        uint8_t *d;
        size_t len;
        if (pb_build_scale(seeds[i].shape, SCALE_N, &d, &len) != 0)
            return -1;
        rc |= write_file(seeds[i].name, d, len);
        free(d);
    }
    return rc;
}

int main(int argc, char **argv)
{
    pb_options o;
    uint8_t *d;
    size_t len;
    int rc = 0;

    if (argc == 3 && strcmp(argv[1], "--scale") == 0) {
        root = argv[2];
        return write_scale() ? 1 : 0;
    }
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: %s [ROOT] | --scale DIR\n", argv[0]);
        return 2;
    }
    if (argc == 2)
        root = argv[1];

    /* examples/data */
    pb_options_sample(&o);
    rc |= write_built("examples/data/sample-profile.der", &o);
    rc |= write_built("fuzz/corpus/fuzz_profile/builder_sample.der", &o);
    rc |= write_broken("examples/data/broken-profile.der", &o);
    rc |= write_broken("fuzz/corpus/fuzz_profile/builder_broken_indefinite.der", &o);
    pb_options_test(&o);
    rc |= write_built("examples/data/test-profile-ram.der", &o);
    rc |= write_built("fuzz/corpus/fuzz_profile/builder_test_ram.der", &o);
    pb_options_sample(&o);
    if (pb_build_minimal(o.iccid, &d, &len) != 0)
        return 1;
    rc |= write_file("examples/data/minimal-profile.der", d, len);
    rc |= write_file("fuzz/corpus/fuzz_profile/builder_minimal.der", d, len);
    free(d);

    /* More seeds: TUAK-256 with ISIM and DF.5GS; a bare profile with a
     * 19-digit ICCID, a 14-digit IMSI with a 3-digit MNC and TUAK-128. */
    {
        static const uint8_t k32[32] = {
            0xf5, 0xac, 0x37, 0xbd, 0x5c, 0xef, 0xeb, 0x92, 0xfd, 0x9f, 0x3d,
            0x7b, 0x05, 0x8c, 0xd7, 0xc7, 0x9f, 0xf0, 0x05, 0x9a, 0x28, 0x38,
            0x0d, 0xe5, 0x35, 0x9c, 0x3b, 0x6f, 0x6b, 0x6e, 0x10, 0x33};
        static const uint8_t topc[32] = {
            0xa0, 0xdf, 0x58, 0xdf, 0x0a, 0x3b, 0xac, 0x80, 0x5e, 0xf0, 0xbe,
            0x68, 0x40, 0x7e, 0x4d, 0x92, 0xa6, 0x9b, 0x78, 0x9f, 0x6d, 0xf8,
            0xfe, 0x54, 0x80, 0x54, 0x18, 0x8d, 0xb8, 0x8b, 0xab, 0xff};
        char body[19] = "894492010033330744";
        pb_options_sample(&o);
        o.algorithm = PB_ALG_TUAK;
        memcpy(o.k, k32, 32);
        o.k_len = 32;
        memcpy(o.opc, topc, 32);
        o.opc_len = 32;
        o.isim = true;
        o.df_5gs = true;
        rc |= write_built("fuzz/corpus/fuzz_profile/builder_tuak256_isim_5gs.der", &o);

        pb_options_sample(&o);
        snprintf(o.iccid, sizeof(o.iccid), "%s%c", body, pb_luhn_digit(body));
        snprintf(o.imsi, sizeof(o.imsi), "%s", "23492099556233");
        o.mnc_len = 3;
        o.algorithm = PB_ALG_TUAK;
        memcpy(o.opc, topc, 32);
        o.opc_len = 32;
        o.telecom = o.opt_usim = o.security_domain = false;
        o.profile_type[0] = 0;
        rc |= write_built("fuzz/corpus/fuzz_profile/builder_bare_tuak128.der", &o);
    }
    return rc ? 1 : 0;
}
