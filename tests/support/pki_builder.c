/*
 * pki_builder.c - GSMA RSP-shaped test certificates and CRLs (see
 * pki_builder.h for the contract).
 *
 * A certificate is made in two steps. mbedTLS's writer (x509write_crt)
 * produces a signed certificate from the spec: names, validity, key and the
 * role's extensions. The result is then split into its TBS fields with a
 * small DER reader, the TBS is re-encoded from those fields (this is where
 * the defects the writer cannot express are applied: NULL parameters,
 * mismatched algorithms, odd serial numbers, GeneralizedTime before 2050,
 * duplicate extensions, an off-curve key), signed again with the issuer key
 * and wrapped as a Certificate. Every certificate takes this path, so the
 * normal and the defective outputs share one encoder.
 *
 * Keys come from a CTR-DRBG whose entropy is derived from the seed only, and
 * mbedTLS signs with deterministic ECDSA (RFC 6979), so the output is
 * reproducible byte for byte.
 */
#include "pki_builder.h"
#include "der/der.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/bignum.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/base64.h>
#include <mbedtls/md.h>
#include <mbedtls/pem.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/x509_crt.h>

/* ------------------------------------------------------------ randomness */

typedef struct seed_src {
    uint32_t seed;
    uint32_t counter;
} seed_src;

/* Entropy callback: SHA-256("esv-pki-builder" || seed || counter) blocks. */
static int seed_entropy(void *ctx, unsigned char *out, size_t len)
{
    seed_src *s = ctx;
    while (len > 0) {
        static const char label[] = "esv-pki-builder";
        uint8_t in[sizeof(label) - 1 + 8], h[32];
        size_t n = len < sizeof(h) ? len : sizeof(h);
        memcpy(in, label, sizeof(label) - 1);
        for (int i = 0; i < 4; i++) {
            in[sizeof(label) - 1 + (size_t)i] = (uint8_t)(s->seed >> (24 - 8 * i));
            in[sizeof(label) - 1 + 4 + (size_t)i] = (uint8_t)(s->counter >> (24 - 8 * i));
        }
        s->counter++;
        if (mbedtls_sha256_ret(in, sizeof(in), h, 0) != 0)
            return -1;
        memcpy(out, h, n);
        out += n;
        len -= n;
    }
    return 0;
}

typedef struct drbg {
    seed_src src;
    mbedtls_ctr_drbg_context ctr;
} drbg;

static int drbg_init(drbg *d, uint32_t seed, const char *pers)
{
    d->src.seed = seed;
    d->src.counter = 0;
    mbedtls_ctr_drbg_init(&d->ctr);
    return mbedtls_ctr_drbg_seed(&d->ctr, seed_entropy, &d->src, (const unsigned char *)pers,
                                 strlen(pers));
}

static void drbg_free(drbg *d)
{
    mbedtls_ctr_drbg_free(&d->ctr);
}

/* ------------------------------------------------------------------ keys */

struct pb_key {
    pb_curve curve;
    mbedtls_pk_context *pk; /* a pointer, so a const pb_key still signs */
};

pb_key *pb_key_new(pb_curve curve, uint32_t seed)
{
    pb_key *k = calloc(1, sizeof(*k));
    drbg d;
    int ok;
    if (k == NULL)
        return NULL;
    k->curve = curve;
    k->pk = malloc(sizeof(*k->pk));
    if (k->pk == NULL) {
        free(k);
        return NULL;
    }
    mbedtls_pk_init(k->pk);
    ok = drbg_init(&d, seed, "esv-pki-builder key") == 0 &&
         mbedtls_pk_setup(k->pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) == 0 &&
         mbedtls_ecp_gen_key(curve == PB_BP256 ? MBEDTLS_ECP_DP_BP256R1 : MBEDTLS_ECP_DP_SECP256R1,
                             mbedtls_pk_ec(*k->pk), mbedtls_ctr_drbg_random, &d.ctr) == 0;
    drbg_free(&d);
    if (!ok) {
        pb_key_free(k);
        return NULL;
    }
    return k;
}

static char *key_pem(const pb_key *k, int private_key)
{
    unsigned char buf[1024];
    char *out;
    int ret = private_key ? mbedtls_pk_write_key_pem(k->pk, buf, sizeof(buf))
                          : mbedtls_pk_write_pubkey_pem(k->pk, buf, sizeof(buf));
    if (ret != 0)
        return NULL;
    out = malloc(strlen((const char *)buf) + 1);
    if (out != NULL)
        strcpy(out, (const char *)buf);
    mbedtls_platform_zeroize(buf, sizeof(buf));
    return out;
}

char *pb_key_private_pem(const pb_key *k)
{
    return key_pem(k, 1);
}

char *pb_key_public_pem(const pb_key *k)
{
    return key_pem(k, 0);
}

void pb_key_free(pb_key *k)
{
    if (k == NULL)
        return;
    if (k->pk != NULL) {
        mbedtls_pk_free(k->pk);
        free(k->pk);
    }
    free(k);
}

pb_curve pb_key_curve(const pb_key *k)
{
    return k->curve;
}

int pb_key_public(const pb_key *k, uint8_t out[65])
{
    size_t n = 0;
    const mbedtls_ecp_keypair *ec;
    if (k == NULL)
        return -1;
    ec = mbedtls_pk_ec(*k->pk);
    if (mbedtls_ecp_point_write_binary(&ec->grp, &ec->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &n, out,
                                       65) != 0 ||
        n != 65)
        return -1;
    return 0;
}

int pb_key_id(const pb_key *k, uint8_t out[20])
{
    uint8_t pub[65];
    if (pb_key_public(k, pub) != 0)
        return -1;
    return mbedtls_sha1_ret(pub, sizeof(pub), out) == 0 ? 0 : -1;
}

/* Signs data with SHA-256 or SHA-384; sig gets a DER ECDSA-Sig-Value. */
static int key_sign(const pb_key *k, mbedtls_md_type_t md, const uint8_t *data, size_t len,
                    uint8_t *sig, size_t sig_size, size_t *sig_len)
{
    uint8_t hash[64];
    const mbedtls_md_info_t *mi = mbedtls_md_info_from_type(md);
    drbg d;
    int ret;
    if (mi == NULL || sig_size < MBEDTLS_ECDSA_MAX_LEN || mbedtls_md(mi, data, len, hash) != 0)
        return -1;
    if (drbg_init(&d, 0, "esv-pki-builder sign") != 0) {
        drbg_free(&d);
        return -1;
    }
    ret = mbedtls_pk_sign(k->pk, md, hash, mbedtls_md_get_size(mi), sig, sig_len,
                          mbedtls_ctr_drbg_random, &d.ctr);
    drbg_free(&d);
    return ret == 0 ? 0 : -1;
}

/* Reads one DER INTEGER at *p (below end) into out[32], left-padded;
 * advances *p. 0 or -1. */
static int int32_at(const uint8_t **p, const uint8_t *end, uint8_t out[32])
{
    size_t n;
    if (end - *p < 2 || (*p)[0] != 0x02 || (*p)[1] >= 0x80)
        return -1;
    n = (*p)[1];
    *p += 2;
    if ((size_t)(end - *p) < n)
        return -1;
    while (n > 32 && **p == 0) { /* the sign octet */
        (*p)++;
        n--;
    }
    if (n > 32)
        return -1;
    memset(out, 0, 32);
    memcpy(out + 32 - n, *p, n);
    *p += n;
    return 0;
}

int pb_key_sign_raw(const pb_key *k, const uint8_t *data, size_t len, uint8_t out[64])
{
    uint8_t sig[MBEDTLS_ECDSA_MAX_LEN];
    size_t sl = 0;
    const uint8_t *p, *end;
    if (key_sign(k, MBEDTLS_MD_SHA256, data, len, sig, sizeof(sig), &sl) != 0 || sl < 8 ||
        sig[0] != 0x30 || sig[1] >= 0x80)
        return -1;
    p = sig + 2;
    end = sig + sl;
    return int32_at(&p, end, out) == 0 && int32_at(&p, end, out + 32) == 0 && p == end ? 0 : -1;
}

/* ------------------------------------------------------------ DER output */

/* A growing byte buffer; err latches the first allocation failure. */
typedef struct dbuf {
    uint8_t *p;
    size_t len, cap;
    int err;
} dbuf;

static void db_put(dbuf *b, const void *data, size_t n)
{
    if (b->err || n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        uint8_t *np;
        while (cap < b->len + n)
            cap *= 2;
        np = realloc(b->p, cap);
        if (np == NULL) {
            b->err = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void db_byte(dbuf *b, uint8_t v)
{
    db_put(b, &v, 1);
}

/* tag || DER length || content (der_write_header) */
static void db_tlv(dbuf *b, uint8_t tag, const void *content, size_t n)
{
    uint8_t h[DER_HEADER_MAX];
    db_put(b, h, der_write_header(h, tag, n));
    db_put(b, content, n);
}

/* Wraps inner (and frees it) into b as tag. */
static void db_wrap(dbuf *b, uint8_t tag, dbuf *inner)
{
    if (inner->err)
        b->err = 1;
    db_tlv(b, tag, inner->p, inner->len);
    free(inner->p);
    memset(inner, 0, sizeof(*inner));
}

static void db_free(dbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

/* Dotted OID -> DER content (no tag). 0 on success. */
static int oid_encode(const char *dotted, uint8_t *out, size_t size, size_t *len)
{
    unsigned long arcs[32];
    size_t n = 0, o = 0;
    const char *p = dotted;
    while (*p) {
        char *end;
        if (n == 32 || *p < '0' || *p > '9')
            return -1;
        arcs[n++] = strtoul(p, &end, 10);
        p = end;
        if (*p == '.')
            p++;
        else if (*p)
            return -1;
    }
    if (n < 2 || arcs[0] > 2)
        return -1;
    arcs[1] += arcs[0] * 40;
    for (size_t i = 1; i < n; i++) {
        uint8_t tmp[10];
        size_t t = 0;
        unsigned long v = arcs[i];
        do {
            tmp[t++] = (uint8_t)(v & 0x7f);
            v >>= 7;
        } while (v);
        while (t > 0) {
            if (o == size)
                return -1;
            out[o++] = (uint8_t)(tmp[t - 1] | (t > 1 ? 0x80 : 0));
            t--;
        }
    }
    *len = o;
    return 0;
}

static void db_oid(dbuf *b, const char *dotted)
{
    uint8_t o[64];
    size_t n;
    if (oid_encode(dotted, o, sizeof(o), &n) != 0) {
        b->err = 1;
        return;
    }
    db_tlv(b, 0x06, o, n);
}

/* Hex string -> bytes (odd length: leading 0). NULL on bad hex. */
static uint8_t *hex_decode(const char *hex, size_t *len)
{
    size_t n = strlen(hex), out_len = (n + 1) / 2;
    uint8_t *out = calloc(1, out_len ? out_len : 1);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = hex[n - 1 - i];
        int v = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
        if (v < 0) {
            free(out);
            return NULL;
        }
        out[out_len - 1 - i / 2] |= (uint8_t)(v << (4 * (i % 2)));
    }
    *len = out_len;
    return out;
}

/* A non-negative INTEGER from hex, minimal. */
static int db_int_hex(dbuf *b, const char *hex)
{
    size_t n, i = 0;
    uint8_t *v = hex_decode(hex, &n);
    dbuf c = {0};
    if (v == NULL)
        return -1;
    while (i + 1 < n && v[i] == 0)
        i++;
    if (n == 0 || (v[i] & 0x80))
        db_byte(&c, 0);
    if (n == 0)
        db_byte(&c, 0);
    else
        db_put(&c, v + i, n - i);
    free(v);
    db_wrap(b, 0x02, &c);
    return 0;
}

/* "YYYYMMDDhhmmss" -> UTCTime (year < 2050) or GeneralizedTime;
 * generalized: 1 forces GeneralizedTime, 2 GeneralizedTime with a
 * fraction of a second (".5", which RFC 5280 forbids). */
static int db_time(dbuf *b, const char *t, int generalized)
{
    char s[18];
    if (strlen(t) != 14)
        return -1;
    for (size_t i = 0; i < 14; i++)
        if (t[i] < '0' || t[i] > '9')
            return -1;
    if (!generalized && strncmp(t, "1950", 4) >= 0 && strncmp(t, "2050", 4) < 0) {
        memcpy(s, t + 2, 12);
        s[12] = 'Z';
        db_tlv(b, 0x17, s, 13);
    } else if (generalized == 2) {
        memcpy(s, t, 14);
        memcpy(s + 14, ".5Z", 3);
        db_tlv(b, 0x18, s, 17);
    } else {
        memcpy(s, t, 14);
        s[14] = 'Z';
        db_tlv(b, 0x18, s, 15);
    }
    return 0;
}

/* ------------------------------------------------------------- DER input */

typedef struct der_el {
    uint8_t tag;
    const uint8_t *tlv, *val;
    size_t tlv_len, val_len;
} der_el;

/* Reads the element at buf[*off..len); advances *off. 0 on success. */
static int der_next(const uint8_t *buf, size_t len, size_t *off, der_el *e)
{
    size_t p = *off, l;
    if (p + 2 > len)
        return -1;
    e->tag = buf[p];
    e->tlv = buf + p;
    p++;
    l = buf[p++];
    if (l & 0x80) {
        size_t nb = l & 0x7f;
        if (nb == 0 || nb > 4 || p + nb > len)
            return -1;
        l = 0;
        while (nb--)
            l = (l << 8) | buf[p++];
    }
    if (l > len - p)
        return -1;
    e->val = buf + p;
    e->val_len = l;
    e->tlv_len = p + l - *off;
    *off = p + l;
    return 0;
}

/* The subject Name (TLV) of a certificate. */
static int cert_subject_name(const uint8_t *der, size_t len, der_el *name)
{
    der_el cert, tbs, e;
    size_t off = 0, t = 0;
    if (der_next(der, len, &off, &cert) != 0 || cert.tag != 0x30)
        return -1;
    off = 0;
    if (der_next(cert.val, cert.val_len, &off, &tbs) != 0 || tbs.tag != 0x30)
        return -1;
    if (der_next(tbs.val, tbs.val_len, &t, &e) != 0)
        return -1;
    if (e.tag == 0xa0 && der_next(tbs.val, tbs.val_len, &t, &e) != 0) /* serial */
        return -1;
    for (int i = 0; i < 4; i++) /* signature, issuer, validity, subject */
        if (der_next(tbs.val, tbs.val_len, &t, &e) != 0)
            return -1;
    *name = e;
    return 0;
}

/* --------------------------------------------------------- role profiles */

static const char OID_ECDSA_SHA256[] = "1.2.840.10045.4.3.2";
static const char OID_ECDSA_SHA384[] = "1.2.840.10045.4.3.3";

static int role_is_subca(pb_role r)
{
    return r == PB_CI_SUBCA || r == PB_EUM_SUBCA || r == PB_DP_SUBCA || r == PB_DS_SUBCA;
}

static int role_is_ca(pb_role r)
{
    return r == PB_CI || r == PB_EUM || role_is_subca(r);
}

static int role_is_tls(pb_role r)
{
    return r == PB_DP_TLS || r == PB_DS_TLS;
}

static const char *role_policy(pb_role r, pb_gen g)
{
    static const char *const v2[] = {
        "2.23.146.1.2.1.0", "2.23.146.1.2.1.2", "2.23.146.1.2.1.1", "2.23.146.1.2.1.4",
        "2.23.146.1.2.1.5", "2.23.146.1.2.1.3", "2.23.146.1.2.1.7", "2.23.146.1.2.1.6",
    };
    static const char *const v3[] = {
        "2.23.146.1.2.1.0",         "2.23.146.1.2.1.0.0.0",     "2.23.146.1.2.1.0.0.0.0.0",
        "2.23.146.1.2.1.0.0.1.1",   "2.23.146.1.2.1.0.0.1.2",   "2.23.146.1.2.1.0.0.1.0",
        "2.23.146.1.2.1.0.0.2.1",   "2.23.146.1.2.1.0.0.2.0",   "2.23.146.1.2.1.0.0",
        "2.23.146.1.2.1.0.0.0.0",   "2.23.146.1.2.1.0.0.1",     "2.23.146.1.2.1.0.0.2",
    };
    /* the sub-CAs exist in v3 only */
    return g == PB_GEN_V3 || role_is_subca(r) ? v3[r] : v2[r];
}

static const char *role_subject(pb_role r)
{
    switch (r) {
    case PB_CI: return "CN=Test CI,OU=TESTCERT,O=RSPTEST,C=IT";
    case PB_EUM: return "CN=EUM Test,O=RSP Test EUM,C=DE";
    case PB_EUICC: return NULL; /* built from eid / eum_org */
    case PB_DP_AUTH:
    case PB_DP_PB: return "CN=TEST SM-DP+,O=ACME";
    case PB_DP_TLS: return "CN=smdp.example.com,O=ACME";
    case PB_DS_AUTH: return "CN=TEST SM-DS,O=ACME";
    case PB_DS_TLS: return "CN=smds.example.com,O=ACME";
    case PB_CI_SUBCA: return "CN=Test CI SubCA,OU=TESTCERT,O=RSPTEST,C=IT";
    case PB_EUM_SUBCA: return "CN=EUM SubCA Test,O=RSP Test EUM,C=DE";
    case PB_DP_SUBCA: return "CN=TEST SM-DP+ SubCA,O=ACME";
    case PB_DS_SUBCA: return "CN=TEST SM-DS SubCA,O=ACME";
    default: break;
    }
    return NULL;
}

static const char *role_rid(pb_role r)
{
    switch (r) {
    case PB_CI: return "2.999.1";
    case PB_EUM: return "2.999.5";
    case PB_DS_AUTH:
    case PB_DS_TLS:
    case PB_DS_SUBCA: return "2.999.15";
    default: return "2.999.10";
    }
}

static const char *role_dns(pb_role r)
{
    switch (r) {
    case PB_CI: return "ci.example.com";
    case PB_EUM: return "eum.example.com";
    case PB_DS_AUTH:
    case PB_DS_TLS: return "smds.example.com";
    default: return "smdp.example.com";
    }
}

/* One extension of the certificate being built. */
typedef struct ext {
    const char *oid;
    int critical;
    dbuf val;
} ext;

#define MAX_EXT 16
typedef struct ext_list {
    ext e[MAX_EXT];
    size_t n;
    int err;
} ext_list;

/* Adds an extension; takes ownership of val. */
static void ext_add(ext_list *l, const char *oid, int critical, dbuf *val)
{
    if (l->n == MAX_EXT || val->err) {
        l->err = 1;
        db_free(val);
        return;
    }
    l->e[l->n].oid = oid;
    l->e[l->n].critical = critical;
    l->e[l->n].val = *val;
    memset(val, 0, sizeof(*val));
    l->n++;
}

static void ext_list_free(ext_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        db_free(&l->e[i].val);
    l->n = 0;
}

/* Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue } */
static void db_extension(dbuf *b, const ext *x)
{
    dbuf s = {0};
    db_oid(&s, x->oid);
    if (x->critical)
        db_put(&s, "\x01\x01\xff", 3);
    if (x->val.err)
        s.err = 1;
    db_tlv(&s, 0x04, x->val.p, x->val.len);
    db_wrap(b, 0x30, &s);
}

/* directoryName [4] { Name { SET { O }, SET { serialNumber } } } */
static void db_dirname(dbuf *b, const char *org, const char *prefix)
{
    dbuf name = {0}, rdn = {0}, atv = {0};
    db_oid(&atv, "2.5.4.10");
    db_tlv(&atv, 0x0c, org, strlen(org));
    db_wrap(&rdn, 0x30, &atv);
    db_wrap(&name, 0x31, &rdn);
    db_oid(&atv, "2.5.4.5");
    db_tlv(&atv, 0x13, prefix, strlen(prefix));
    db_wrap(&rdn, 0x30, &atv);
    db_wrap(&name, 0x31, &rdn);
    {
        dbuf n2 = {0};
        db_wrap(&n2, 0x30, &name);
        db_wrap(b, 0xa4, &n2);
    }
}

static void db_general_subtree_dir(dbuf *b, const char *org, const char *prefix)
{
    dbuf gs = {0};
    db_dirname(&gs, org, prefix);
    db_wrap(b, 0x30, &gs);
}

static void db_policies(dbuf *v, const char *const *oids, size_t n)
{
    dbuf seq = {0};
    for (size_t i = 0; i < n; i++) {
        dbuf pi = {0};
        db_oid(&pi, oids[i]);
        db_wrap(&seq, 0x30, &pi);
    }
    db_wrap(v, 0x30, &seq);
}

static void db_keyusage(dbuf *v, unsigned bits /* bit 0 = digitalSignature */)
{
    /* KeyUsage BIT STRING, named bits: minimal, trailing zero bits unused */
    uint8_t b0 = 0, b1 = 0, content[3];
    size_t n;
    int last = -1;
    for (int i = 0; i < 9; i++) {
        if (bits & (1u << i)) {
            last = i;
            if (i < 8)
                b0 |= (uint8_t)(0x80 >> i);
            else
                b1 |= 0x80;
        }
    }
    if (last < 0) {
        content[0] = 0;
        n = 1;
    } else if (last < 8) {
        content[0] = (uint8_t)(7 - last);
        content[1] = b0;
        n = 2;
    } else {
        content[0] = 7;
        content[1] = b0;
        content[2] = b1;
        n = 3;
    }
    db_tlv(v, 0x03, content, n);
}

#define KU_DIGITAL_SIGNATURE 0x01u
#define KU_KEY_CERT_SIGN 0x20u
#define KU_CRL_SIGN 0x40u

/* Builds the role's extension list with the defects applied. */
static int build_extensions(const pb_spec *s, const uint8_t ski[20], const uint8_t *aki,
                            const char *org, const char *const *prefixes, size_t nprefix,
                            ext_list *l)
{
    pb_role r = s->role;
    uint64_t d = s->defects;
    int ca = role_is_ca(r), tls = role_is_tls(r);
    const char *rid = s->rid ? s->rid : role_rid(r);
    const char *dns = s->dns ? s->dns : role_dns(r);
    dbuf v = {0};

    /* AuthorityKeyIdentifier (not on the CI unless AKI_WRONG asks for one) */
    if (!(d & PB_D_NO_AKI) && (aki != NULL || (d & PB_D_AKI_WRONG))) {
        uint8_t id[20];
        dbuf seq = {0};
        memcpy(id, aki ? aki : ski, 20);
        if (d & PB_D_AKI_WRONG)
            for (int i = 0; i < 20; i++)
                id[i] ^= 0x5a;
        db_tlv(&seq, 0x80, id, 20);
        db_wrap(&v, 0x30, &seq);
        ext_add(l, "2.5.29.35", 0, &v);
    }
    if (!(d & PB_D_NO_SKI)) {
        db_tlv(&v, 0x04, ski, 20);
        ext_add(l, "2.5.29.14", 0, &v);
    }
    if (!(d & PB_D_NO_KEYUSAGE)) {
        unsigned ku = r == PB_CI || role_is_subca(r) ? KU_KEY_CERT_SIGN | KU_CRL_SIGN
                      : r == PB_EUM ? KU_KEY_CERT_SIGN
                                    : KU_DIGITAL_SIGNATURE;
        if ((d & PB_D_KEYUSAGE_WRONG) || (ca && (d & PB_D_NOT_CA)))
            ku = ca ? KU_DIGITAL_SIGNATURE : KU_KEY_CERT_SIGN;
        db_keyusage(&v, ku);
        ext_add(l, "2.5.29.15", !(d & PB_D_KEYUSAGE_NONCRIT), &v);
    }
    if ((tls && !(d & PB_D_NO_EKU)) || (!tls && (d & PB_D_EKU_ON_NON_TLS))) {
        dbuf seq = {0};
        if (!tls || !(d & PB_D_EKU_CLIENT_ONLY))
            db_oid(&seq, "1.3.6.1.5.5.7.3.1");
        if (tls)
            db_oid(&seq, "1.3.6.1.5.5.7.3.2");
        db_wrap(&v, 0x30, &seq);
        ext_add(l, "2.5.29.37", tls, &v);
    }
    if (!(d & PB_D_NO_POLICIES)) {
        const char *p[2];
        size_t n = 1;
        p[0] = role_policy(r, s->gen);
        if (ca && (d & PB_D_NOT_CA))
            p[0] = "1.2.3.4";
        if (d & PB_D_POLICY_OTHER_ROLE)
            p[0] = role_policy(r == PB_CI ? PB_EUM : PB_CI, s->gen);
        if (d & PB_D_POLICY_EXTRA)
            p[n++] = role_policy(r == PB_CI ? PB_EUM : r == PB_DP_AUTH ? PB_DP_PB : PB_DP_AUTH,
                                 s->gen);
        db_policies(&v, p, n);
        /* SGP.26 marks the TLS certificates' policies not critical */
        ext_add(l, "2.5.29.32", !tls && !(d & PB_D_POLICIES_NONCRIT), &v);
    }
    if (r != PB_EUICC && !(d & PB_D_NO_SAN)) {
        dbuf gn = {0};
        int want_dns = (tls && !(d & PB_D_NO_DNS)) || (d & PB_D_SAN_NO_RID) ||
                       (!tls && (d & PB_D_DNS_ON_NON_TLS));
        if (want_dns)
            db_tlv(&gn, 0x82, dns, strlen(dns));
        if (!(d & PB_D_SAN_NO_RID)) {
            uint8_t o[64];
            size_t n;
            if (oid_encode(rid, o, sizeof(o), &n) != 0)
                gn.err = 1;
            else
                db_tlv(&gn, 0x88, o, n);
        }
        db_wrap(&v, 0x30, &gn);
        ext_add(l, "2.5.29.17", 0, &v);
    }
    if ((ca && !(d & (PB_D_NO_BASICCONS | PB_D_NOT_CA))) || (!ca && (d & PB_D_LEAF_CA_TRUE))) {
        dbuf seq = {0};
        if (!(ca && (d & PB_D_CA_FALSE))) {
            int pl = (d & PB_D_PATHLEN) != 0;
            db_put(&seq, "\x01\x01\xff", 3);
            /* SGP.26: the variant O EUM has pathLen 0, the v3 EUM 1 (an EUM
             * SubCA may sit below); the role sub-CAs issue leaves only */
            if (r == PB_EUM && s->gen == PB_GEN_V3)
                db_put(&seq, pl ? "\x02\x01\x02" : "\x02\x01\x01", 3);
            else if (r == PB_EUM)
                db_put(&seq, pl ? "\x02\x01\x01" : "\x02\x01\x00", 3);
            else if (r == PB_EUM_SUBCA || r == PB_DP_SUBCA || r == PB_DS_SUBCA)
                db_put(&seq, pl ? "\x02\x01\x01" : "\x02\x01\x00", 3);
            else if ((r == PB_CI || r == PB_CI_SUBCA) && pl)
                db_put(&seq, "\x02\x01\x00", 3);
        }
        db_wrap(&v, 0x30, &seq);
        ext_add(l, "2.5.29.19", !(ca && (d & PB_D_BASICCONS_NONCRIT)), &v);
    }
    if (r != PB_EUICC && !(d & PB_D_NO_CRLDP)) {
        static const char uri[] = "http://ci.example.com/crl.crl";
        dbuf a = {0}, b = {0}, c = {0};
        db_tlv(&a, 0x86, uri, sizeof(uri) - 1);
        db_wrap(&b, 0xa0, &a);     /* fullName [0] GeneralNames */
        db_wrap(&c, 0xa0, &b);     /* distributionPoint [0] */
        db_wrap(&a, 0x30, &c);     /* DistributionPoint */
        db_wrap(&v, 0x30, &a);     /* CRLDistributionPoints */
        ext_add(l, "2.5.29.31", 0, &v);
    }
    if ((r == PB_EUM || (r == PB_EUM_SUBCA && s->eid_prefix[0] != NULL)) &&
        !(d & PB_D_NO_EID_CONSTRAINT)) {
        if (s->gen == PB_GEN_V2 && r == PB_EUM) {
            dbuf perm = {0}, nc = {0};
            for (size_t i = 0; i < nprefix; i++) {
                if (d & PB_D_NC_NOT_DIRNAME) {
                    dbuf gs = {0};
                    char host[64];
                    snprintf(host, sizeof(host), "%s.eid.example.com", prefixes[i]);
                    db_tlv(&gs, 0x82, host, strlen(host));
                    db_wrap(&perm, 0x30, &gs);
                } else {
                    db_general_subtree_dir(&perm, org, prefixes[i]);
                }
            }
            db_wrap(&nc, 0xa0, &perm);
            if (d & PB_D_NC_EXCLUDED) {
                dbuf ex = {0};
                db_general_subtree_dir(&ex, org, "89049099");
                db_wrap(&nc, 0xa1, &ex);
            }
            db_wrap(&v, 0x30, &nc);
            ext_add(l, "2.5.29.30", !(d & PB_D_NC_NONCRIT), &v);
        } else {
            /* v3 EUM: nameConstraints keeps the organisation only
             * (critical), the prefixes move to permittedEins */
            if (r == PB_EUM) {
                dbuf perm = {0}, nc = {0}, gs = {0}, name = {0}, rdn = {0}, atv = {0}, n2 = {0};
                db_oid(&atv, "2.5.4.10");
                db_tlv(&atv, 0x0c, org, strlen(org));
                db_wrap(&rdn, 0x30, &atv);
                db_wrap(&name, 0x31, &rdn);
                db_wrap(&n2, 0x30, &name);
                db_wrap(&gs, 0xa4, &n2);
                db_wrap(&perm, 0x30, &gs);
                db_wrap(&nc, 0xa0, &perm);
                db_wrap(&v, 0x30, &nc);
                ext_add(l, "2.5.29.30", !(d & PB_D_NC_NONCRIT), &v);
            }
            if (d & PB_D_PERMITTED_EINS_BAD) {
                /* a bare PrintableString, not a SEQUENCE OF */
                db_tlv(&v, 0x13, prefixes[0], strlen(prefixes[0]));
            } else {
                dbuf seq = {0};
                for (size_t i = 0; i < nprefix; i++)
                    db_tlv(&seq, 0x13, prefixes[i], strlen(prefixes[i]));
                db_wrap(&v, 0x30, &seq);
            }
            ext_add(l, "2.23.146.1.2.2.0", 1, &v);
        }
    }
    if (r != PB_EUM && r != PB_EUM_SUBCA && (d & PB_D_NC_ON_LEAF)) {
        dbuf perm = {0}, nc = {0};
        db_general_subtree_dir(&perm, org, prefixes[0]);
        db_wrap(&nc, 0xa0, &perm);
        db_wrap(&v, 0x30, &nc);
        ext_add(l, "2.5.29.30", 1, &v);
    }
    if (d & PB_D_UNKNOWN_CRIT_EXT) {
        db_put(&v, "\x05\x00", 2);
        ext_add(l, "1.3.6.1.4.1.99999.1", 1, &v);
    }
    return l->err ? -1 : 0;
}

/* ------------------------------------------------------------ DN strings */

/* Copies dn without its "O=" components (escaped commas respected). */
static char *dn_without_o(const char *dn)
{
    size_t n = strlen(dn);
    char *out = malloc(n + 1);
    size_t o = 0;
    const char *p = dn;
    if (out == NULL)
        return NULL;
    while (*p) {
        const char *start = p;
        while (*p && *p != ',') {
            if (*p == '\\' && p[1])
                p++;
            p++;
        }
        if (!(p - start >= 2 && start[0] == 'O' && start[1] == '=')) {
            if (o > 0)
                out[o++] = ',';
            memcpy(out + o, start, (size_t)(p - start));
            o += (size_t)(p - start);
        }
        if (*p == ',')
            p++;
    }
    out[o] = '\0';
    return out;
}

static char *str_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

/* ---------------------------------------------------------- certificates */

static const char DEFAULT_EID[] = "89049032123451234512345678901235";
static const char DEFAULT_ORG[] = "RSP Test EUM";
static const char DEFAULT_PREFIX[] = "89049032";

#define WRITER_BUF 4096

void pb_cert_free(pb_cert *c)
{
    if (c == NULL)
        return;
    free(c->der);
    free(c->subject);
    free(c);
}

/* Writer stage: a signed certificate from names, validity, keys and the
 * extension list (duplicates are left to the TBS stage). */
static int writer_build(const pb_spec *s, const char *subject, const char *issuer_name,
                        const char *nb, const char *na, const pb_key *key,
                        const pb_key *issuer_key, const ext_list *exts, uint8_t *buf,
                        size_t *len)
{
    mbedtls_x509write_cert w;
    mbedtls_mpi serial;
    drbg d;
    int ret = -1;
    mbedtls_x509write_crt_init(&w);
    mbedtls_mpi_init(&serial);
    if (drbg_init(&d, 0, "esv-pki-builder writer") != 0)
        goto out;
    mbedtls_x509write_crt_set_version(&w, (s->defects & PB_D_VERSION_1) ? MBEDTLS_X509_CRT_VERSION_1
                                                                        : MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&w, (s->defects & PB_D_SIG_SHA384) ? MBEDTLS_MD_SHA384
                                                                       : MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&w, key->pk);
    mbedtls_x509write_crt_set_issuer_key(&w, issuer_key->pk);
    if (mbedtls_mpi_read_string(&serial, 16, s->serial_hex ? s->serial_hex
                                             : s->role == PB_CI ? "01" : "0100") != 0 ||
        mbedtls_x509write_crt_set_serial(&w, &serial) != 0 ||
        mbedtls_x509write_crt_set_subject_name(&w, subject) != 0 ||
        mbedtls_x509write_crt_set_issuer_name(&w, issuer_name) != 0 ||
        mbedtls_x509write_crt_set_validity(&w, nb, na) != 0)
        goto out;
    for (size_t i = 0; i < exts->n; i++) {
        uint8_t o[64];
        size_t ol;
        if (oid_encode(exts->e[i].oid, o, sizeof(o), &ol) != 0 ||
            mbedtls_x509write_crt_set_extension(&w, (const char *)o, ol, exts->e[i].critical,
                                                exts->e[i].val.p, exts->e[i].val.len) != 0)
            goto out;
    }
    {
        /* mbedtls_x509write_crt_der writes at the end of buf */
        int n = mbedtls_x509write_crt_der(&w, buf, WRITER_BUF, mbedtls_ctr_drbg_random, &d.ctr);
        if (n <= 0)
            goto out;
        memmove(buf, buf + WRITER_BUF - (size_t)n, (size_t)n);
        *len = (size_t)n;
    }
    ret = 0;
out:
    drbg_free(&d);
    mbedtls_mpi_free(&serial);
    mbedtls_x509write_crt_free(&w);
    return ret;
}

/* Appends an AlgorithmIdentifier for ECDSA with oid (NULL params on demand). */
static void db_sigalg(dbuf *b, const char *oid, int null_params)
{
    dbuf a = {0};
    db_oid(&a, oid);
    if (null_params)
        db_put(&a, "\x05\x00", 2);
    db_wrap(b, 0x30, &a);
}

/* TBS stage: re-encodes the writer's TBS with the defects, signs it with
 * issuer_key and returns the Certificate. */
static int tbs_rebuild(const pb_spec *s, const uint8_t *wder, size_t wlen,
                       const uint8_t *issuer_der, size_t issuer_len, const char *nb,
                       const char *na, const ext_list *exts, const pb_key *issuer_key,
                       dbuf *out)
{
    uint64_t d = s->defects;
    der_el cert, tbs, f[8], e;
    size_t off = 0, nf = 0;
    dbuf t = {0}, c = {0};
    uint8_t sig[MBEDTLS_ECDSA_MAX_LEN];
    size_t sig_len = 0;
    int sha384 = (d & PB_D_SIG_SHA384) != 0;
    const char *alg = sha384 ? OID_ECDSA_SHA384 : OID_ECDSA_SHA256;
    int nullp = (d & PB_D_SIGALG_NULL_PARAMS) != 0;

    if (der_next(wder, wlen, &off, &cert) != 0 || cert.tag != 0x30)
        return -1;
    off = 0;
    if (der_next(cert.val, cert.val_len, &off, &tbs) != 0 || tbs.tag != 0x30)
        return -1;
    off = 0;
    while (off < tbs.val_len && nf < 8)
        if (der_next(tbs.val, tbs.val_len, &off, &f[nf++]) != 0)
            return -1;
    {
        /* f: [version] serial sigalg issuer validity subject spki [exts] */
        size_t i = (nf > 0 && f[0].tag == 0xa0) ? 1 : 0;
        const der_el *issuer, *subject, *spki;
        if (nf < i + 6)
            return -1;
        issuer = &f[i + 2];
        subject = &f[i + 4];
        spki = &f[i + 5];

        if (!(d & PB_D_VERSION_1))
            db_put(&t, "\xa0\x03\x02\x01\x02", 5);
        /* serialNumber */
        if (d & PB_D_SERIAL_ZERO)
            db_put(&t, "\x02\x01\x00", 3);
        else if (d & PB_D_SERIAL_NEGATIVE)
            db_put(&t, "\x02\x02\xff\x00", 4); /* -256 */
        else if (d & PB_D_SERIAL_LONG)
            db_put(&t, "\x02\x15\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e"
                       "\x0f\x10\x11\x12\x13\x14\x15", 23);
        else
            db_put(&t, f[i].tlv, f[i].tlv_len);
        db_sigalg(&t, (d & PB_D_SIGALG_MISMATCH) ? OID_ECDSA_SHA384 : alg, nullp);
        /* issuer: the issuer certificate's subject bytes, unless told otherwise */
        if (issuer_der != NULL && !(d & PB_D_ISSUER_NAME_WRONG) &&
            cert_subject_name(issuer_der, issuer_len, &e) == 0)
            db_put(&t, e.tlv, e.tlv_len);
        else
            db_put(&t, issuer->tlv, issuer->tlv_len);
        {
            dbuf v = {0};
            const char *b = nb, *a = na;
            if (d & PB_D_VALIDITY_INVERTED) {
                b = na;
                a = nb;
            }
            if (db_time(&v, b, (d & PB_D_TIME_GENERALIZED) != 0) != 0 ||
                db_time(&v, a, (d & PB_D_TIME_FRACTION) ? 2 : 0) != 0)
                v.err = 1;
            db_wrap(&t, 0x30, &v);
        }
        db_put(&t, subject->tlv, subject->tlv_len);
        if (d & PB_D_PUBKEY_OFF_CURVE) {
            size_t at = t.len;
            db_put(&t, spki->tlv, spki->tlv_len);
            if (!t.err)
                t.p[at + spki->tlv_len - 1] ^= 0x01;
        } else {
            db_put(&t, spki->tlv, spki->tlv_len);
        }
        if (!(d & PB_D_VERSION_1) && exts->n > 0) {
            dbuf seq = {0};
            for (size_t k = 0; k < exts->n; k++) {
                db_extension(&seq, &exts->e[k]);
                if ((d & PB_D_DUP_EXT) && strcmp(exts->e[k].oid, "2.5.29.15") == 0)
                    db_extension(&seq, &exts->e[k]);
            }
            {
                dbuf w = {0};
                db_wrap(&w, 0x30, &seq);
                db_wrap(&t, 0xa3, &w);
            }
        }
    }
    {
        dbuf tbs_out = {0};
        db_wrap(&tbs_out, 0x30, &t);
        if (tbs_out.err ||
            key_sign(issuer_key, sha384 ? MBEDTLS_MD_SHA384 : MBEDTLS_MD_SHA256, tbs_out.p,
                     tbs_out.len, sig, sizeof(sig), &sig_len) != 0) {
            db_free(&tbs_out);
            return -1;
        }
        db_put(&c, tbs_out.p, tbs_out.len);
        db_free(&tbs_out);
    }
    db_sigalg(&c, alg, nullp);
    if (d & PB_D_BAD_SIGNATURE) {
        /* ECDSA-Sig-Value { r, s }: flip the low bit of r's last byte */
        size_t so = 0, ro = 0;
        der_el seq, r;
        if (der_next(sig, sig_len, &so, &seq) != 0 ||
            der_next(seq.val, seq.val_len, &ro, &r) != 0 || r.tag != 0x02 || r.val_len < 2) {
            db_free(&c);
            return -1;
        }
        sig[(size_t)(r.val - sig) + r.val_len - 1] ^= 0x01;
    }
    {
        dbuf bits = {0};
        db_byte(&bits, 0);
        db_put(&bits, sig, sig_len);
        db_wrap(&c, 0x03, &bits);
    }
    db_wrap(out, 0x30, &c);
    return out->err ? -1 : 0;
}

pb_cert *pb_cert_build(const pb_spec *s, const pb_key *key, const pb_cert *issuer,
                       const pb_key *issuer_key)
{
    uint64_t d;
    pb_cert *c = NULL;
    char *subject = NULL, *tmp = NULL;
    const char *org, *prefixes[4];
    char bad_prefix[4][40];
    size_t nprefix = 0;
    uint8_t ski[20];
    ext_list exts;
    uint8_t *wbuf = NULL;
    size_t wlen = 0;
    dbuf out = {0};
    const char *nb, *na, *issuer_name;

    memset(&exts, 0, sizeof(exts));
    if (s == NULL || key == NULL || (unsigned)s->role >= PB_ROLE_COUNT)
        return NULL;
    if (issuer == NULL) {
        issuer_key = key;
    } else if (issuer_key == NULL) {
        return NULL;
    }
    d = s->defects;
    org = s->eum_org ? s->eum_org : DEFAULT_ORG;
    for (size_t i = 0; i < 4 && s->eid_prefix[i] != NULL; i++)
        prefixes[nprefix++] = s->eid_prefix[i];
    if (nprefix == 0)
        prefixes[nprefix++] = DEFAULT_PREFIX;
    if (d & PB_D_PREFIX_BAD) {
        for (size_t i = 0; i < nprefix; i++) {
            size_t n = strlen(prefixes[i]);
            if (n == 0 || n >= sizeof(bad_prefix[i]))
                return NULL;
            memcpy(bad_prefix[i], prefixes[i], n + 1);
            bad_prefix[i][n - 1] = 'A';
            prefixes[i] = bad_prefix[i];
        }
    }

    /* subject */
    if (s->subject != NULL) {
        subject = str_dup(s->subject);
    } else if (s->role == PB_EUICC) {
        char eid[64];
        size_t n;
        snprintf(eid, sizeof(eid), "%s", s->eid ? s->eid : DEFAULT_EID);
        n = strlen(eid);
        if ((d & PB_D_EID_BAD_CHECK) && n >= 2 && eid[n - 1] >= '0' && eid[n - 1] <= '9' &&
            eid[n - 2] >= '0' && eid[n - 2] <= '9') {
            int cd = ((eid[n - 2] - '0') * 10 + (eid[n - 1] - '0') + 1) % 100;
            eid[n - 2] = (char)('0' + cd / 10);
            eid[n - 1] = (char)('0' + cd % 10);
        }
        if ((d & PB_D_EID_SHORT) && n > 0)
            eid[n - 1] = '\0';
        tmp = malloc(strlen(org) + strlen(eid) + 64);
        if (tmp == NULL)
            return NULL;
        if (d & PB_D_NO_EID)
            sprintf(tmp, "C=DE,O=%s,CN=Test eUICC", org);
        else
            sprintf(tmp, "C=DE,O=%s,serialNumber=%s,CN=Test eUICC", org, eid);
        subject = tmp;
        tmp = NULL;
    } else {
        subject = str_dup(role_subject(s->role));
    }
    if (subject == NULL)
        return NULL;
    if (d & PB_D_SUBJECT_NO_O) {
        tmp = dn_without_o(subject);
        free(subject);
        subject = tmp;
        tmp = NULL;
        if (subject == NULL)
            return NULL;
    }
    issuer_name = (d & PB_D_ISSUER_NAME_WRONG) ? "CN=Wrong Issuer,O=WRONG,C=XX"
                  : issuer != NULL              ? issuer->subject
                                                : subject;

    nb = s->not_before ? s->not_before : "20200101000000";
    na = s->not_after ? s->not_after
         : role_is_ca(s->role) ? "20541231235959"
         : s->role == PB_EUICC ? "99991231235959"
                               : "20491231235959";

    if (pb_key_id(key, ski) != 0)
        goto fail;
    if (build_extensions(s, ski, issuer ? issuer->ski : NULL, org, prefixes, nprefix, &exts) != 0)
        goto fail;
    wbuf = malloc(WRITER_BUF);
    if (wbuf == NULL ||
        writer_build(s, subject, issuer_name, nb, na, key, issuer_key, &exts, wbuf, &wlen) != 0)
        goto fail;
    if (tbs_rebuild(s, wbuf, wlen, issuer ? issuer->der : NULL, issuer ? issuer->len : 0, nb,
                    na, &exts, issuer_key, &out) != 0)
        goto fail;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        goto fail;
    c->der = out.p;
    c->len = out.len;
    c->role = s->role;
    c->gen = s->gen;
    c->subject = subject;
    memcpy(c->ski, ski, 20);
    free(wbuf);
    ext_list_free(&exts);
    return c;
fail:
    db_free(&out);
    free(wbuf);
    free(subject);
    ext_list_free(&exts);
    return NULL;
}

/* ------------------------------------------------------------------ PEM */

char *pb_pem(const uint8_t *der, size_t len)
{
    static const char head[] = "-----BEGIN CERTIFICATE-----\n";
    static const char tail[] = "-----END CERTIFICATE-----\n";
    size_t need = 0;
    char *out;
    if (der == NULL && len > 0)
        return NULL;
    /* mbedTLS writes 64-character lines, each ending in LF, and a NUL; the
     * first call only asks for the size (NUL included). */
    if (mbedtls_pem_write_buffer(head, tail, der, len, NULL, 0, &need) !=
            MBEDTLS_ERR_BASE64_BUFFER_TOO_SMALL ||
        (out = malloc(need)) == NULL)
        return NULL;
    if (mbedtls_pem_write_buffer(head, tail, der, len, (unsigned char *)out, need, &need) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* ------------------------------------------------------------------ CRL */

/* GeneralName uniformResourceIdentifier [6] IA5String */
static void db_uri(dbuf *b, const char *uri)
{
    db_tlv(b, 0x86, uri, strlen(uri));
}

/* DistributionPointName fullName [0] { [6] uri }, inside [0] (the
 * distributionPoint field of a DistributionPoint or an IDP). */
static void db_dp_name(dbuf *b, const char *uri)
{
    dbuf gn = {0}, full = {0};
    db_uri(&gn, uri);
    db_wrap(&full, 0xa0, &gn);
    db_wrap(b, 0xa0, &full);
}

/* The crlEntryExtensions the spec asks of entry i, as a complete
 * Extensions SEQUENCE appended to b (nothing when none). */
static void crl_entry_exts(const pb_crl_spec *s, size_t i, const der_el *issuer_name,
                           const char *tu, dbuf *b)
{
    ext_list l = {0};
    dbuf v = {0}, seq = {0};
    int first = i == 0;
    if ((s->defects & PB_CRL_ENTRY_REASON) || (first && (s->defects & PB_CRL_ENTRY_TRAILING))) {
        db_put(&v, "\x0a\x01\x01", 3); /* CRLReason keyCompromise */
        ext_add(&l, "2.5.29.21", 0, &v);
    }
    if (s->defects & PB_CRL_ENTRY_REASON) {
        if (db_time(&v, tu, 1) != 0)
            v.err = 1;
        ext_add(&l, "2.5.29.24", 0, &v);
    }
    if (first && (s->defects & PB_CRL_ENTRY_CERT_ISSUER)) {
        dbuf dn = {0};
        db_put(&dn, issuer_name->tlv, issuer_name->tlv_len);
        db_wrap(&seq, 0xa4, &dn); /* directoryName [4] EXPLICIT Name */
        db_wrap(&v, 0x30, &seq);
        ext_add(&l, "2.5.29.29", 1, &v);
    }
    if (first && (s->defects & PB_CRL_ENTRY_UNKNOWN_CRIT)) {
        db_put(&v, "\x05\x00", 2);
        ext_add(&l, "1.3.6.1.4.1.99999.1", 1, &v);
    }
    if (l.err)
        b->err = 1;
    if (l.n == 0)
        return;
    for (size_t k = 0; k < l.n; k++)
        db_extension(&seq, &l.e[k]);
    db_wrap(b, 0x30, &seq);
    ext_list_free(&l);
}

/* The crlExtensions: AKI, cRLNumber, then what the spec asks. */
static void crl_exts(const pb_crl_spec *s, const pb_cert *issuer, dbuf *b)
{
    ext_list l = {0};
    dbuf v = {0}, seq = {0}, w = {0};
    db_tlv(&seq, 0x80, issuer->ski, 20);
    db_wrap(&v, 0x30, &seq);
    ext_add(&l, "2.5.29.35", 0, &v);
    db_put(&v, "\x02\x01\x01", 3); /* cRLNumber 1 */
    ext_add(&l, "2.5.29.20", 0, &v);
    if (s->defects & PB_CRL_DELTA) {
        db_put(&v, "\x02\x01\x01", 3); /* BaseCRLNumber 1 */
        ext_add(&l, "2.5.29.27", 1, &v);
    }
    if (s->defects & (PB_CRL_IDP_DP | PB_CRL_IDP_USER | PB_CRL_IDP_CA)) {
        if (s->defects & PB_CRL_IDP_DP)
            db_dp_name(&seq, "http://crl.example.com/ci-part1.crl");
        if (s->defects & PB_CRL_IDP_USER)
            db_put(&seq, "\x81\x01\xff", 3);
        if (s->defects & PB_CRL_IDP_CA)
            db_put(&seq, "\x82\x01\xff", 3);
        db_wrap(&v, 0x30, &seq);
        ext_add(&l, "2.5.29.28", 1, &v);
    }
    if (s->defects & (PB_CRL_UNKNOWN_CRIT | PB_CRL_UNKNOWN_NONCRIT)) {
        db_put(&v, "\x05\x00", 2);
        ext_add(&l, "1.3.6.1.4.1.99999.1", (s->defects & PB_CRL_UNKNOWN_CRIT) != 0, &v);
    }
    if (s->defects & PB_CRL_MORE_EXTS) {
        dbuf dp = {0}, ad = {0};
        db_dp_name(&dp, "http://crl.example.com/ci-delta.crl");
        db_wrap(&seq, 0x30, &dp);
        db_wrap(&v, 0x30, &seq);
        ext_add(&l, "2.5.29.46", 0, &v);
        db_oid(&ad, "1.3.6.1.5.5.7.48.2"); /* caIssuers */
        db_uri(&ad, "http://ca.example.com/ci.der");
        db_wrap(&seq, 0x30, &ad);
        db_wrap(&v, 0x30, &seq);
        ext_add(&l, "1.3.6.1.5.5.7.1.1", 0, &v);
    }
    if (l.err)
        b->err = 1;
    for (size_t k = 0; k < l.n; k++)
        db_extension(&seq, &l.e[k]);
    db_wrap(&w, 0x30, &seq);
    db_wrap(b, 0xa0, &w);
    ext_list_free(&l);
}

int pb_crl_build(const pb_crl_spec *s, const pb_cert *issuer, const pb_key *issuer_key,
                 uint8_t **der, size_t *len)
{
    static const pb_crl_spec dflt;
    const char *tu, *nu, *alg;
    dbuf t = {0}, c = {0}, out = {0};
    der_el name;
    uint8_t sig[MBEDTLS_ECDSA_MAX_LEN];
    size_t sig_len = 0;
    int v1;

    if (issuer == NULL || issuer_key == NULL || der == NULL || len == NULL)
        return -1;
    if (s == NULL)
        s = &dflt;
    v1 = (s->defects & PB_CRL_V1) != 0;
    tu = s->this_update ? s->this_update : "20250101000000";
    nu = s->next_update ? s->next_update : "20491231235959";
    alg = (s->defects & PB_CRL_SIGALG_UNKNOWN) ? "1.3.6.1.4.1.99999.2" : OID_ECDSA_SHA256;
    if (cert_subject_name(issuer->der, issuer->len, &name) != 0)
        return -1;

    if (!v1)
        db_put(&t, "\x02\x01\x01", 3);
    db_sigalg(&t, alg, 0);
    db_put(&t, name.tlv, name.tlv_len);
    if (db_time(&t, tu, 0) != 0)
        goto fail;
    if (nu[0] != '\0' && db_time(&t, nu, (s->defects & PB_CRL_TIME_FRACTION) ? 2 : 0) != 0)
        goto fail;
    if (s->serials_hex[0] != NULL) {
        dbuf list = {0};
        for (size_t i = 0; i < 8 && s->serials_hex[i] != NULL; i++) {
            dbuf rc = {0};
            if (db_int_hex(&rc, s->serials_hex[i]) != 0 || db_time(&rc, tu, 0) != 0) {
                db_free(&rc);
                db_free(&list);
                goto fail;
            }
            crl_entry_exts(s, i, &name, tu, &rc);
            if (i == 0 && (s->defects & PB_CRL_ENTRY_TRAILING))
                db_put(&rc, "\x05\x00", 2);
            db_wrap(&list, 0x30, &rc);
        }
        db_wrap(&t, 0x30, &list);
    }
    if (!v1)
        crl_exts(s, issuer, &t);
    {
        dbuf tbs = {0};
        db_wrap(&tbs, 0x30, &t);
        if (tbs.err || key_sign(issuer_key, MBEDTLS_MD_SHA256, tbs.p, tbs.len, sig, sizeof(sig),
                                &sig_len) != 0) {
            db_free(&tbs);
            goto fail;
        }
        db_put(&c, tbs.p, tbs.len);
        db_free(&tbs);
    }
    db_sigalg(&c, alg, 0);
    if (s->defects & PB_CRL_BAD_SIGNATURE) {
        size_t so = 0, ro = 0;
        der_el seq, r;
        if (der_next(sig, sig_len, &so, &seq) != 0 ||
            der_next(seq.val, seq.val_len, &ro, &r) != 0 || r.val_len < 2)
            goto fail;
        sig[(size_t)(r.val - sig) + r.val_len - 1] ^= 0x01;
    }
    {
        dbuf bits = {0};
        db_byte(&bits, 0);
        db_put(&bits, sig, sig_len);
        db_wrap(&c, 0x03, &bits);
    }
    db_wrap(&out, 0x30, &c);
    if (out.err)
        goto fail;
    *der = out.p;
    *len = out.len;
    return 0;
fail:
    db_free(&t);
    db_free(&c);
    db_free(&out);
    return -1;
}

/* ------------------------------------------------------------------ PKI */

void pb_pki_free(pb_pki *p)
{
    if (p == NULL)
        return;
    pb_key *keys[] = {p->ci_key, p->eum_key, p->euicc_key, p->dpauth_key,
                      p->dppb_key, p->dptls_key, p->dsauth_key, p->dstls_key};
    pb_cert *certs[] = {p->ci, p->eum, p->euicc, p->dpauth, p->dppb, p->dptls, p->dsauth,
                        p->dstls};
    for (size_t i = 0; i < 8; i++) {
        pb_key_free(keys[i]);
        pb_cert_free(certs[i]);
    }
    free(p);
}

pb_pki *pb_pki_build(pb_curve curve, pb_gen gen, uint32_t base_seed)
{
    pb_pki *p = calloc(1, sizeof(*p));
    pb_key **keys[8];
    pb_cert **certs[8];
    if (p == NULL)
        return NULL;
    p->curve = curve;
    p->gen = gen;
    keys[0] = &p->ci_key;
    keys[1] = &p->eum_key;
    keys[2] = &p->euicc_key;
    keys[3] = &p->dpauth_key;
    keys[4] = &p->dppb_key;
    keys[5] = &p->dptls_key;
    keys[6] = &p->dsauth_key;
    keys[7] = &p->dstls_key;
    certs[0] = &p->ci;
    certs[1] = &p->eum;
    certs[2] = &p->euicc;
    certs[3] = &p->dpauth;
    certs[4] = &p->dppb;
    certs[5] = &p->dptls;
    certs[6] = &p->dsauth;
    certs[7] = &p->dstls;
    /* roles in pb_role order match the slots above */
    for (size_t i = 0; i < 8; i++) {
        pb_spec s;
        const pb_cert *iss;
        const pb_key *ik;
        memset(&s, 0, sizeof(s));
        s.role = (pb_role)i;
        s.gen = gen;
        *keys[i] = pb_key_new(curve, base_seed + (uint32_t)i);
        if (*keys[i] == NULL)
            goto fail;
        iss = i == 0 ? NULL : i == PB_EUICC ? p->eum : p->ci;
        ik = i == 0 ? NULL : i == PB_EUICC ? p->eum_key : p->ci_key;
        *certs[i] = pb_cert_build(&s, *keys[i], iss, ik);
        if (*certs[i] == NULL)
            goto fail;
    }
    return p;
fail:
    pb_pki_free(p);
    return NULL;
}

int pb_write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f;
    int ok;
    if (path == NULL || (data == NULL && len > 0))
        return -1;
    f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    ok = fwrite(data, 1, len, f) == len;
    if (fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* ------------------------------------------------------------- variants */

const char *pb_variant_name(pb_variant v)
{
    static const char *const N[] = {"O", "Ov3", "A", "B", "C"};
    return (unsigned)v < PB_VAR_COUNT ? N[v] : "?";
}

pb_role pb_vpki_issuer(pb_variant v, pb_role r)
{
    int dp_sub = v >= PB_VAR_A, eum_sub = v >= PB_VAR_B, ci_sub = v == PB_VAR_C;
    /* the CA that issues the role CAs: the CI, or the CI SubCA in C */
    pb_role top = ci_sub ? PB_CI_SUBCA : PB_CI;
    switch (r) {
    case PB_CI: return PB_ROLE_COUNT;
    case PB_CI_SUBCA: return ci_sub ? PB_CI : PB_ROLE_COUNT;
    case PB_EUM: return top;
    case PB_EUM_SUBCA: return eum_sub ? PB_EUM : PB_ROLE_COUNT;
    case PB_EUICC: return eum_sub ? PB_EUM_SUBCA : PB_EUM;
    case PB_DP_SUBCA: return dp_sub ? top : PB_ROLE_COUNT;
    case PB_DS_SUBCA: return dp_sub ? top : PB_ROLE_COUNT;
    case PB_DP_AUTH:
    case PB_DP_PB:
    case PB_DP_TLS: return dp_sub ? PB_DP_SUBCA : PB_CI;
    case PB_DS_AUTH:
    case PB_DS_TLS: return dp_sub ? PB_DS_SUBCA : PB_CI;
    default: return PB_ROLE_COUNT;
    }
}

void pb_vpki_free(pb_vpki *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < PB_ROLE_COUNT; i++) {
        pb_key_free(p->key[i]);
        pb_cert_free(p->cert[i]);
    }
    free(p);
}

pb_cert *pb_vpki_rebuild(const pb_vpki *p, pb_spec *s)
{
    pb_role ir;
    if (p == NULL || s == NULL || (unsigned)s->role >= PB_ROLE_COUNT || p->key[s->role] == NULL)
        return NULL;
    s->gen = p->variant == PB_VAR_O ? PB_GEN_V2 : PB_GEN_V3;
    ir = pb_vpki_issuer(p->variant, s->role);
    if (s->role == PB_CI)
        return pb_cert_build(s, p->key[PB_CI], NULL, NULL);
    if (ir == PB_ROLE_COUNT || p->cert[ir] == NULL)
        return NULL;
    return pb_cert_build(s, p->key[s->role], p->cert[ir], p->key[ir]);
}

pb_vpki *pb_vpki_build(pb_curve curve, pb_variant variant, uint32_t base_seed)
{
    /* issuers before the certificates they issue */
    static const pb_role ORDER[] = {PB_CI,      PB_CI_SUBCA, PB_EUM,     PB_EUM_SUBCA,
                                    PB_EUICC,   PB_DP_SUBCA, PB_DS_SUBCA, PB_DP_AUTH,
                                    PB_DP_PB,   PB_DP_TLS,   PB_DS_AUTH, PB_DS_TLS};
    pb_vpki *p;
    if ((unsigned)variant >= PB_VAR_COUNT)
        return NULL;
    p = calloc(1, sizeof(*p));
    if (p == NULL)
        return NULL;
    p->curve = curve;
    p->variant = variant;
    for (size_t i = 0; i < sizeof(ORDER) / sizeof(ORDER[0]); i++) {
        pb_role r = ORDER[i];
        pb_spec s;
        if (r != PB_CI && pb_vpki_issuer(variant, r) == PB_ROLE_COUNT)
            continue; /* not in this variant */
        memset(&s, 0, sizeof(s));
        s.role = r;
        p->key[r] = pb_key_new(curve, base_seed + (uint32_t)r);
        if (p->key[r] == NULL)
            goto fail;
        p->cert[r] = pb_vpki_rebuild(p, &s);
        if (p->cert[r] == NULL)
            goto fail;
    }
    return p;
fail:
    pb_vpki_free(p);
    return NULL;
}

size_t pb_vpki_chain(const pb_vpki *p, pb_role leaf, const pb_cert **out, size_t cap)
{
    size_t n = 0;
    pb_role r = leaf;
    if (p == NULL || (unsigned)leaf >= PB_ROLE_COUNT || p->cert[leaf] == NULL)
        return 0;
    while (r != PB_CI && r != PB_ROLE_COUNT && n < cap) {
        out[n++] = p->cert[r];
        r = pb_vpki_issuer(p->variant, r);
    }
    return n;
}
