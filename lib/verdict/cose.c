/*
 * cose.c - signed verdicts: a report's CBOR as the payload of a
 * COSE_Sign1 (RFC 9052 4.2), ES256 (RFC 9053 2.1), written with libcbor's
 * encoders and read with its streaming decoder; the keys and ECDSA are the
 * crypto backend's (crypto.h).
 *
 * Reading: every item goes through read_head, one CBOR head (and a
 * definite string's bytes) at a time from a bounds-checked cursor, so no
 * declared length or count drives an allocation (STYLE: libcbor's
 * cbor_load would pre-allocate a claimed array). Nested items that are not
 * read are skipped item by item, at most ESV_COSE_DEPTH levels deep.
 */
#include "esv/verdict.h"

#include "../core/buf.h"
#include "../crypto/crypto.h"

#include <cbor.h>
#include <stdlib.h>
#include <string.h>

/* RFC 9052 3.1 (header labels) and RFC 9053 2.1 (ES256). */
#define COSE_TAG_SIGN1 18
#define COSE_LABEL_ALG 1
#define COSE_LABEL_CRIT 2
#define COSE_LABEL_KID 4
#define COSE_ALG_ES256 (-7)
#define COSE_KID_LEN 8
#define ESV_COSE_DEPTH 32

struct esv_signer {
    esv_privkey *key;
    uint8_t kid[COSE_KID_LEN];
};

struct esv_verifier {
    uint8_t point[65];
};

struct esv_signed_verdict {
    esv_signature_check check;
    esv_verdict verdict;
    uint8_t *payload;
    size_t payload_len;
    char *fields[5]; /* input, kind, policy, status, time */
    size_t count[4]; /* per esv_severity */
    size_t dropped;
};

static const char *const field_names[5] = {"input", "kind", "policy", "status", "time"};

static esv_status status_of(esv_crypto_rc rc)
{
    switch (rc) {
    case ESV_CRYPTO_OK: return ESV_OK;
    case ESV_CRYPTO_NOMEM: return ESV_E_NOMEM;
    case ESV_CRYPTO_UNSUPPORTED: return ESV_E_UNSUPPORTED;
    default: return ESV_E_PARSE;
    }
}

/* kid: the first bytes of SHA-256 over the uncompressed public point. */
static esv_status key_id(const uint8_t point[65], uint8_t kid[COSE_KID_LEN])
{
    uint8_t h[ESV_SHA256_LEN];
    if (esv_sha256(point, 65, h) != ESV_CRYPTO_OK)
        return ESV_E_NOMEM;
    memcpy(kid, h, COSE_KID_LEN);
    return ESV_OK;
}

esv_status esv_signer_new(const uint8_t *pem, size_t len, esv_signer **out)
{
    esv_signer *s;
    esv_status st;
    uint8_t point[65];
    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (pem == NULL)
        return ESV_E_ARG;
    if ((s = calloc(1, sizeof(*s))) == NULL)
        return ESV_E_NOMEM;
    st = status_of(esv_privkey_from_pem(pem, len, &s->key));
    if (st == ESV_OK) {
        esv_privkey_public(s->key, point);
        st = key_id(point, s->kid);
    }
    if (st != ESV_OK) {
        esv_signer_free(s);
        return st;
    }
    *out = s;
    return ESV_OK;
}

void esv_signer_free(esv_signer *signer)
{
    if (signer == NULL)
        return;
    esv_privkey_free(signer->key);
    free(signer);
}

esv_status esv_verifier_new(const uint8_t *pem, size_t len, esv_verifier **out)
{
    esv_verifier *v;
    esv_status st;
    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (pem == NULL)
        return ESV_E_ARG;
    if ((v = calloc(1, sizeof(*v))) == NULL)
        return ESV_E_NOMEM;
    st = status_of(esv_pubkey_from_pem(pem, len, v->point));
    if (st != ESV_OK) {
        free(v);
        return st;
    }
    *out = v;
    return ESV_OK;
}

void esv_verifier_free(esv_verifier *verifier)
{
    free(verifier);
}

const char *esv_signature_check_str(esv_signature_check check)
{
    switch (check) {
    case ESV_SIGNATURE_VALID: return "valid";
    case ESV_SIGNATURE_BAD: return "signature does not verify with this key";
    case ESV_SIGNATURE_MALFORMED: return "not a well-formed COSE_Sign1";
    case ESV_SIGNATURE_TRUNCATED: return "truncated COSE_Sign1";
    case ESV_SIGNATURE_BAD_ALG: return "algorithm not ES256 (or critical headers)";
    case ESV_SIGNATURE_BAD_PAYLOAD: return "signed payload is not an esv report";
    }
    return "?";
}

/* --- writing --- */

static void put_bytes(esv_buf *b, const uint8_t *data, size_t len)
{
    unsigned char h[9];
    size_t n = cbor_encode_bytestring_start(len, h, sizeof(h));
    if (n == 0) {
        b->failed = 1;
        return;
    }
    esv_buf_append(b, h, n);
    esv_buf_append(b, data, len);
}

/* The protected header: the encoded map {1: -7} (RFC 9052 3: a bstr
 * holding it). */
static void protected_header(esv_buf *b)
{
    unsigned char h[9];
    size_t n;
    if ((n = cbor_encode_map_start(1, h, sizeof(h))) == 0)
        b->failed = 1;
    else
        esv_buf_append(b, h, n);
    if ((n = cbor_encode_uint(COSE_LABEL_ALG, h, sizeof(h))) == 0)
        b->failed = 1;
    else
        esv_buf_append(b, h, n);
    /* -7 is the negative integer with argument 6 (RFC 8949 3.1) */
    if ((n = cbor_encode_negint(-(COSE_ALG_ES256)-1, h, sizeof(h))) == 0)
        b->failed = 1;
    else
        esv_buf_append(b, h, n);
}

/* SHA-256 over Sig_structure = ["Signature1", protected, external_aad,
 * payload] (RFC 9052 4.4), encoded as it is hashed: the strings are not
 * copied. */
static esv_crypto_rc sig_structure_hash(const uint8_t *prot, size_t prot_len, const uint8_t *payload,
                                        size_t payload_len, uint8_t digest[ESV_SHA256_LEN])
{
    static const char context[] = "Signature1";
    unsigned char h[9];
    size_t n;
    esv_sha256_ctx c;
    int ok = 1;

    esv_sha256_init(&c);
#define HEAD(call)                                                                                       \
    do {                                                                                                 \
        n = (call);                                                                                      \
        if (n == 0)                                                                                      \
            ok = 0;                                                                                      \
        else                                                                                             \
            esv_sha256_update(&c, h, n);                                                                 \
    } while (0)
    HEAD(cbor_encode_array_start(4, h, sizeof(h)));
    HEAD(cbor_encode_string_start(sizeof(context) - 1, h, sizeof(h)));
    esv_sha256_update(&c, (const uint8_t *)context, sizeof(context) - 1);
    HEAD(cbor_encode_bytestring_start(prot_len, h, sizeof(h)));
    esv_sha256_update(&c, prot, prot_len);
    HEAD(cbor_encode_bytestring_start(0, h, sizeof(h))); /* external_aad: h'' */
    HEAD(cbor_encode_bytestring_start(payload_len, h, sizeof(h)));
    esv_sha256_update(&c, payload, payload_len);
#undef HEAD
    if (esv_sha256_final(&c, digest) != ESV_CRYPTO_OK || !ok)
        return ESV_CRYPTO_NOMEM;
    return ESV_CRYPTO_OK;
}

static int to_buf(void *opaque, const void *data, size_t len)
{
    esv_buf *b = opaque;
    esv_buf_append(b, data, len);
    return b->failed ? -1 : 0;
}

esv_status esv_report_write_signed(const esv_report *report, const esv_signer *signer,
                                   const char *input_name, esv_write_fn write, void *opaque)
{
    esv_buf payload, prot, out;
    uint8_t digest[ESV_SHA256_LEN], sig[64];
    unsigned char h[9];
    size_t n;
    esv_status st;

    if (report == NULL || signer == NULL || write == NULL)
        return ESV_E_ARG;
    esv_buf_init(&payload);
    esv_buf_init(&prot);
    esv_buf_init(&out);
    st = esv_report_write(report, ESV_FORMAT_CBOR, input_name, to_buf, &payload);
    if (st == ESV_E_IO)
        st = ESV_E_NOMEM; /* our own sink fails only out of memory */
    if (st != ESV_OK)
        goto out;
    protected_header(&prot);
    if (prot.failed) {
        st = ESV_E_NOMEM;
        goto out;
    }
    if (sig_structure_hash((const uint8_t *)prot.data, prot.len, (const uint8_t *)payload.data,
                           payload.len, digest) != ESV_CRYPTO_OK ||
        esv_privkey_sign_raw(signer->key, digest, sig) != ESV_CRYPTO_OK) {
        st = ESV_E_NOMEM;
        goto out;
    }
    /* COSE_Sign1_Tagged = #6.18([protected, unprotected, payload, signature]) */
    if ((n = cbor_encode_tag(COSE_TAG_SIGN1, h, sizeof(h))) == 0)
        out.failed = 1;
    else
        esv_buf_append(&out, h, n);
    if ((n = cbor_encode_array_start(4, h, sizeof(h))) == 0)
        out.failed = 1;
    else
        esv_buf_append(&out, h, n);
    put_bytes(&out, (const uint8_t *)prot.data, prot.len);
    /* unprotected: {4 (kid): h'...'} */
    if ((n = cbor_encode_map_start(1, h, sizeof(h))) == 0)
        out.failed = 1;
    else
        esv_buf_append(&out, h, n);
    if ((n = cbor_encode_uint(COSE_LABEL_KID, h, sizeof(h))) == 0)
        out.failed = 1;
    else
        esv_buf_append(&out, h, n);
    put_bytes(&out, signer->kid, sizeof(signer->kid));
    put_bytes(&out, (const uint8_t *)payload.data, payload.len);
    put_bytes(&out, sig, sizeof(sig));
    if (out.failed)
        st = ESV_E_NOMEM;
    else if (write(opaque, out.data, out.len) != 0)
        st = ESV_E_IO;
out:
    /* the report may hold a profile's secrets (finding messages quote
     * values): the copies go back wiped */
    if (payload.data)
        esv_memzero(payload.data, payload.cap);
    if (out.data)
        esv_memzero(out.data, out.cap);
    esv_buf_free(&payload);
    esv_buf_free(&prot);
    esv_buf_free(&out);
    return st;
}

/* --- reading --- */

typedef enum head_type {
    H_NONE = 0,
    H_UINT,
    H_NEGINT, /* the value is n in -1 - n */
    H_BYTES,
    H_TEXT,
    H_ARRAY,
    H_MAP,
    H_TAG,
    H_SIMPLE, /* false, true, null, undefined, floats */
    H_NULL,
    H_INDEFINITE /* an indefinite-length string, array or map, or a break */
} head_type;

typedef struct head {
    head_type type;
    uint64_t value;      /* integer, count (pairs for a map) or tag number */
    const uint8_t *data; /* a string's bytes */
    size_t len;
} head;

/* The bytes not read yet. A failure is sticky: the first one says what
 * the item is (truncated or malformed). */
typedef struct cursor {
    const uint8_t *p;
    size_t left;
    esv_signature_check failure; /* ESV_SIGNATURE_VALID while none */
} cursor;

static void fail(cursor *c, esv_signature_check why)
{
    if (c->failure == ESV_SIGNATURE_VALID)
        c->failure = why;
}

static void cb_uint8(void *h, uint8_t v) { ((head *)h)->type = H_UINT, ((head *)h)->value = v; }
static void cb_uint16(void *h, uint16_t v) { ((head *)h)->type = H_UINT, ((head *)h)->value = v; }
static void cb_uint32(void *h, uint32_t v) { ((head *)h)->type = H_UINT, ((head *)h)->value = v; }
static void cb_uint64(void *h, uint64_t v) { ((head *)h)->type = H_UINT, ((head *)h)->value = v; }
static void cb_neg8(void *h, uint8_t v) { ((head *)h)->type = H_NEGINT, ((head *)h)->value = v; }
static void cb_neg16(void *h, uint16_t v) { ((head *)h)->type = H_NEGINT, ((head *)h)->value = v; }
static void cb_neg32(void *h, uint32_t v) { ((head *)h)->type = H_NEGINT, ((head *)h)->value = v; }
static void cb_neg64(void *h, uint64_t v) { ((head *)h)->type = H_NEGINT, ((head *)h)->value = v; }
static void cb_bytes(void *h, cbor_data d, size_t n)
{
    ((head *)h)->type = H_BYTES, ((head *)h)->data = d, ((head *)h)->len = n;
}
static void cb_text(void *h, cbor_data d, size_t n)
{
    ((head *)h)->type = H_TEXT, ((head *)h)->data = d, ((head *)h)->len = n;
}
static void cb_array(void *h, size_t n) { ((head *)h)->type = H_ARRAY, ((head *)h)->value = n; }
static void cb_map(void *h, size_t n) { ((head *)h)->type = H_MAP, ((head *)h)->value = n; }
static void cb_tag(void *h, uint64_t v) { ((head *)h)->type = H_TAG, ((head *)h)->value = v; }
static void cb_indef(void *h) { ((head *)h)->type = H_INDEFINITE; }
static void cb_simple(void *h) { ((head *)h)->type = H_SIMPLE; }
static void cb_null(void *h) { ((head *)h)->type = H_NULL; }
static void cb_float(void *h, float f) { (void)f, ((head *)h)->type = H_SIMPLE; }
static void cb_double(void *h, double f) { (void)f, ((head *)h)->type = H_SIMPLE; }
static void cb_bool(void *h, bool b) { (void)b, ((head *)h)->type = H_SIMPLE; }

static const struct cbor_callbacks head_callbacks = {
    .uint8 = cb_uint8,
    .uint16 = cb_uint16,
    .uint32 = cb_uint32,
    .uint64 = cb_uint64,
    .negint8 = cb_neg8,
    .negint16 = cb_neg16,
    .negint32 = cb_neg32,
    .negint64 = cb_neg64,
    .byte_string_start = cb_indef, /* indefinite byte string */
    .byte_string = cb_bytes,       /* definite, with its bytes */
    .string = cb_text,
    .string_start = cb_indef,
    .indef_array_start = cb_indef,
    .array_start = cb_array,
    .indef_map_start = cb_indef,
    .map_start = cb_map,
    .tag = cb_tag,
    .float2 = cb_float,
    .float4 = cb_float,
    .float8 = cb_double,
    .undefined = cb_simple,
    .null = cb_null,
    .boolean = cb_bool,
    .indef_break = cb_indef,
};

/* Reads one head (a definite string with its bytes) into h: 0, or -1 after
 * recording why (the input ends: truncated; a reserved or indefinite
 * form: malformed). */
static int read_head(cursor *c, head *h)
{
    struct cbor_decoder_result r;
    memset(h, 0, sizeof(*h));
    if (c->failure != ESV_SIGNATURE_VALID)
        return -1;
    if (c->left == 0) {
        fail(c, ESV_SIGNATURE_TRUNCATED);
        return -1;
    }
    /* libcbor 0.8's streaming decoder refuses the tags 6 to 20 (one-byte
     * heads 0xc6..0xd4) as unassigned, from before RFC 9052 assigned 18
     * to COSE_Sign1: such a head is the major type 6 with the number in
     * its low five bits (RFC 8949 3), and nothing follows it. */
    if (c->p[0] >= 0xc6 && c->p[0] <= 0xd4) {
        h->type = H_TAG;
        h->value = (uint64_t)(c->p[0] & 0x1f);
        c->p++;
        c->left--;
        return 0;
    }
    r = cbor_stream_decode(c->p, c->left, &head_callbacks, h);
    if (r.status == CBOR_DECODER_NEDATA) {
        fail(c, ESV_SIGNATURE_TRUNCATED);
        return -1;
    }
    if (r.status != CBOR_DECODER_FINISHED || r.read == 0 || r.read > c->left || h->type == H_NONE ||
        h->type == H_INDEFINITE) {
        fail(c, ESV_SIGNATURE_MALFORMED);
        return -1;
    }
    c->p += r.read;
    c->left -= r.read;
    return 0;
}

/* Skips one whole item whose head is h, depth levels down. */
static int skip_rest(cursor *c, const head *h, int depth)
{
    uint64_t n, i;
    head sub;
    if (h->type != H_ARRAY && h->type != H_MAP && h->type != H_TAG)
        return 0;
    if (depth >= ESV_COSE_DEPTH) {
        fail(c, ESV_SIGNATURE_MALFORMED);
        return -1;
    }
    /* every item takes at least a byte: a count beyond the bytes left is
     * truncated input, found without looping over it */
    n = h->type == H_TAG ? 1 : h->value;
    if ((h->type == H_MAP && n > c->left / 2) || n > c->left) {
        fail(c, ESV_SIGNATURE_TRUNCATED);
        return -1;
    }
    if (h->type == H_MAP)
        n *= 2;
    for (i = 0; i < n; i++)
        if (read_head(c, &sub) != 0 || skip_rest(c, &sub, depth + 1) != 0)
            return -1;
    return 0;
}

/* A header map's label: an int (RFC 9052 3: label = int / tstr); a text
 * label is returned as INT64_MIN (none of ours). 0 or -1. */
static int read_label(cursor *c, int64_t *label)
{
    head h;
    if (read_head(c, &h) != 0)
        return -1;
    if (h.type == H_UINT && h.value <= INT64_MAX)
        *label = (int64_t)h.value;
    else if (h.type == H_NEGINT && h.value < INT64_MAX)
        *label = -1 - (int64_t)h.value;
    else if (h.type == H_TEXT)
        *label = INT64_MIN;
    else {
        fail(c, ESV_SIGNATURE_MALFORMED);
        return -1;
    }
    return 0;
}

/*
 * The protected header's map (the bytes of the protected bstr; empty
 * means no header): alg must be ES256 (-7), no crit (label 2: esv
 * processes no critical header), every label once (RFC 9052 3).
 */
static esv_signature_check check_protected(const uint8_t *p, size_t len)
{
    cursor c = {p, len, ESV_SIGNATURE_VALID};
    head h;
    uint64_t i;
    int64_t labels[ESV_COSE_DEPTH];
    int alg_ok = 0;
    if (len == 0)
        return ESV_SIGNATURE_BAD_ALG;
    if (read_head(&c, &h) != 0 || h.type != H_MAP)
        return ESV_SIGNATURE_MALFORMED;
    if (h.value > ESV_COSE_DEPTH)
        return ESV_SIGNATURE_MALFORMED; /* more labels than esv reads */
    for (i = 0; i < h.value; i++) {
        int64_t label;
        head v;
        uint64_t k;
        if (read_label(&c, &label) != 0)
            return ESV_SIGNATURE_MALFORMED;
        for (k = 0; k < i; k++)
            if (label != INT64_MIN && labels[k] == label)
                return ESV_SIGNATURE_MALFORMED;
        labels[i] = label;
        if (read_head(&c, &v) != 0)
            return ESV_SIGNATURE_MALFORMED;
        if (label == COSE_LABEL_ALG)
            alg_ok = v.type == H_NEGINT && v.value == (uint64_t)(-(COSE_ALG_ES256)-1);
        else if (label == COSE_LABEL_CRIT)
            return ESV_SIGNATURE_BAD_ALG;
        if (skip_rest(&c, &v, 1) != 0)
            return ESV_SIGNATURE_MALFORMED;
    }
    if (c.left != 0)
        return ESV_SIGNATURE_MALFORMED; /* the bstr holds one map, nothing after */
    return alg_ok ? ESV_SIGNATURE_VALID : ESV_SIGNATURE_BAD_ALG;
}

/* A text value as a new NUL-terminated string (NULL: out of memory, or a
 * NUL inside, *bad set). */
static char *text_copy(const head *h, int *bad)
{
    char *s;
    if (memchr(h->data, '\0', h->len) != NULL) {
        *bad = 1;
        return NULL;
    }
    s = malloc(h->len + 1);
    if (s == NULL)
        return NULL;
    memcpy(s, h->data, h->len);
    s[h->len] = '\0';
    return s;
}

static int key_is(const head *h, const char *name)
{
    return h->type == H_TEXT && h->len == strlen(name) && memcmp(h->data, name, h->len) == 0;
}

/* One finding (a map): its severity counted. 0, -1 (not a finding). */
static int read_finding(cursor *c, esv_signed_verdict *v)
{
    head h, k, val;
    uint64_t i;
    if (read_head(c, &h) != 0 || h.type != H_MAP)
        return -1;
    for (i = 0; i < h.value; i++) {
        if (read_head(c, &k) != 0 || read_head(c, &val) != 0)
            return -1;
        if (key_is(&k, "severity")) {
            if (key_is(&val, "error"))
                v->count[ESV_SEV_ERROR]++;
            else if (key_is(&val, "warning"))
                v->count[ESV_SEV_WARNING]++;
            else if (key_is(&val, "info"))
                v->count[ESV_SEV_INFO]++;
            else
                return -1;
        } else if (skip_rest(c, &val, 2) != 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * The payload as esv writes a report (lib/report/write.c): a map with
 * text "verdict" ("pass" or "fail"), the other text members kept, the
 * findings' severities counted. 0, 1 (not a report), or -1 (out of
 * memory).
 */
static int read_report(const uint8_t *p, size_t len, esv_signed_verdict *v)
{
    cursor c = {p, len, ESV_SIGNATURE_VALID};
    head h, k, val;
    uint64_t i, j;
    int have_verdict = 0, bad = 0;
    if (read_head(&c, &h) != 0 || h.type != H_MAP)
        return 1;
    for (i = 0; i < h.value; i++) {
        size_t f;
        if (read_head(&c, &k) != 0 || k.type != H_TEXT || read_head(&c, &val) != 0)
            return 1;
        for (f = 0; f < 5 && !key_is(&k, field_names[f]); f++)
            ;
        if (f < 5) {
            if (v->fields[f] != NULL)
                return 1; /* a member twice */
            if (val.type == H_NULL)
                continue;
            if (val.type != H_TEXT)
                return 1;
            if ((v->fields[f] = text_copy(&val, &bad)) == NULL)
                return bad ? 1 : -1;
        } else if (key_is(&k, "verdict")) {
            if (have_verdict || !(key_is(&val, "pass") || key_is(&val, "fail")))
                return 1;
            have_verdict = 1;
            v->verdict = key_is(&val, "pass") ? ESV_VERDICT_PASS : ESV_VERDICT_FAIL;
        } else if (key_is(&k, "findings")) {
            if (val.type != H_ARRAY || val.value > c.left)
                return 1;
            for (j = 0; j < val.value; j++)
                if (read_finding(&c, v) != 0)
                    return 1;
        } else if (key_is(&k, "dropped")) {
            if (val.type != H_UINT || val.value > SIZE_MAX)
                return 1;
            v->dropped = (size_t)val.value;
        } else if (skip_rest(&c, &val, 1) != 0) {
            return 1;
        }
    }
    return have_verdict && c.left == 0 ? 0 : 1;
}

/* The COSE_Sign1 structure at c: its parts, or a failure in c. */
typedef struct sign1 {
    head prot, payload, sig;
} sign1;

static void read_sign1(cursor *c, sign1 *s)
{
    head h;
    if (read_head(c, &h) != 0)
        return;
    /* COSE_Sign1_Tagged (tag 18), or the untagged COSE_Sign1 where the
     * application says what it is (RFC 9052 2) */
    if (h.type == H_TAG) {
        if (h.value != COSE_TAG_SIGN1) {
            fail(c, ESV_SIGNATURE_MALFORMED);
            return;
        }
        if (read_head(c, &h) != 0)
            return;
    }
    if (h.type != H_ARRAY || h.value != 4) {
        fail(c, ESV_SIGNATURE_MALFORMED);
        return;
    }
    if (read_head(c, &s->prot) != 0)
        return;
    if (s->prot.type != H_BYTES) {
        fail(c, ESV_SIGNATURE_MALFORMED);
        return;
    }
    /* unprotected: a map (its contents are hints: kid), skipped */
    if (read_head(c, &h) != 0)
        return;
    if (h.type != H_MAP) {
        fail(c, ESV_SIGNATURE_MALFORMED);
        return;
    }
    if (skip_rest(c, &h, 1) != 0)
        return;
    /* payload: a bstr (nil would be a detached payload: not taken) */
    if (read_head(c, &s->payload) != 0)
        return;
    if (s->payload.type != H_BYTES) {
        fail(c, ESV_SIGNATURE_MALFORMED);
        return;
    }
    if (read_head(c, &s->sig) != 0)
        return;
    if (s->sig.type != H_BYTES)
        fail(c, ESV_SIGNATURE_MALFORMED);
}

esv_status esv_verdict_verify(const esv_verifier *verifier, const uint8_t *data, size_t len,
                              size_t *used, esv_signed_verdict **out)
{
    cursor c;
    sign1 s;
    esv_signed_verdict *v;
    uint8_t digest[ESV_SHA256_LEN];
    esv_crypto_rc rc;
    int rr;
    size_t f;

    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (verifier == NULL || used == NULL || data == NULL || len == 0)
        return ESV_E_ARG;
    if ((v = calloc(1, sizeof(*v))) == NULL)
        return ESV_E_NOMEM;
    v->verdict = ESV_VERDICT_FAIL;
    memset(&s, 0, sizeof(s));
    c.p = data;
    c.left = len;
    c.failure = ESV_SIGNATURE_VALID;
    read_sign1(&c, &s);
    *used = c.failure == ESV_SIGNATURE_VALID ? len - c.left : len;
    if (c.failure != ESV_SIGNATURE_VALID) {
        v->check = c.failure;
        goto done;
    }
    if ((v->check = check_protected(s.prot.data, s.prot.len)) != ESV_SIGNATURE_VALID)
        goto done;
    if (s.sig.len != 64) {
        v->check = ESV_SIGNATURE_MALFORMED; /* ES256: r || s, 32 bytes each */
        goto done;
    }
    if (sig_structure_hash(s.prot.data, s.prot.len, s.payload.data, s.payload.len, digest) != ESV_CRYPTO_OK)
        goto nomem;
    rc = esv_ecdsa_verify_raw(ESV_CURVE_P256, verifier->point, sizeof(verifier->point), digest, s.sig.data,
                              s.sig.len);
    if (rc == ESV_CRYPTO_NOMEM)
        goto nomem;
    if (rc != ESV_CRYPTO_OK) {
        v->check = ESV_SIGNATURE_BAD;
        goto done;
    }
    rr = read_report(s.payload.data, s.payload.len, v);
    if (rr < 0)
        goto nomem;
    if (rr > 0) {
        v->check = ESV_SIGNATURE_BAD_PAYLOAD;
        goto done;
    }
    if ((v->payload = malloc(s.payload.len ? s.payload.len : 1)) == NULL)
        goto nomem;
    memcpy(v->payload, s.payload.data, s.payload.len);
    v->payload_len = s.payload.len;
    v->check = ESV_SIGNATURE_VALID;
done:
    if (v->check != ESV_SIGNATURE_VALID) {
        /* nothing of a payload that is not a verified report is kept */
        for (f = 0; f < 5; f++) {
            free(v->fields[f]);
            v->fields[f] = NULL;
        }
        memset(v->count, 0, sizeof(v->count));
        v->dropped = 0;
        v->verdict = ESV_VERDICT_FAIL;
    }
    *out = v;
    return ESV_OK;
nomem:
    esv_signed_verdict_free(v);
    return ESV_E_NOMEM;
}

void esv_signed_verdict_free(esv_signed_verdict *v)
{
    size_t f;
    if (v == NULL)
        return;
    for (f = 0; f < 5; f++)
        free(v->fields[f]);
    free(v->payload);
    free(v);
}

esv_signature_check esv_signed_verdict_check(const esv_signed_verdict *v)
{
    return v ? v->check : ESV_SIGNATURE_MALFORMED;
}

esv_verdict esv_signed_verdict_verdict(const esv_signed_verdict *v)
{
    return v && v->check == ESV_SIGNATURE_VALID ? v->verdict : ESV_VERDICT_FAIL;
}

const char *esv_signed_verdict_field(const esv_signed_verdict *v, const char *name)
{
    size_t f;
    if (v == NULL || name == NULL)
        return NULL;
    for (f = 0; f < 5; f++)
        if (strcmp(name, field_names[f]) == 0)
            return v->fields[f];
    return NULL;
}

size_t esv_signed_verdict_count(const esv_signed_verdict *v, esv_severity sev)
{
    if (v == NULL || (unsigned)sev > ESV_SEV_ERROR)
        return 0;
    return v->count[sev];
}

size_t esv_signed_verdict_dropped(const esv_signed_verdict *v)
{
    return v ? v->dropped : 0;
}

const uint8_t *esv_signed_verdict_payload(const esv_signed_verdict *v, size_t *len)
{
    if (len)
        *len = v && v->payload ? v->payload_len : 0;
    return v ? v->payload : NULL;
}
