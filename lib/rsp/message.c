/*
 * message.c - esv_rsp_verify: one SGP.22 message, over the exact bytes
 * received, against the session and the trust.
 *
 * bytes -> strict DER (one value) -> recognised by its outer tag -> asn1c
 * decode against asn1/RSPDefinitions.asn and its constraints -> the
 * message's rules. Signed data is located in the input with the DER reader
 * (the signature covers the bytes as received, never a re-encoding), and
 * its decoded fields are read from the asn1c value. Certificates go to the
 * certificate verifier (lib/pki) and its findings are carried into this
 * report, named by the message field that holds the certificate.
 */
#include "esv/profile.h"
#include "esv/rsp.h"
#include "../asn1/rsp_types.h"
#include "../check/der_check.h"
#include "../check/iccid.h"
#include "../core/buf.h"
#include "../crypto/crypto.h"
#include "../pki/crl.h"
#include "../pki/pki.h"
#include "../profile/checks.h"
#include "bpp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define N_VALUES (ESV_RSP_DPAUTH_CERTIFICATE + 1)

struct esv_rsp_session {
    uint8_t *v[N_VALUES];
    size_t len[N_VALUES];
    /* Learned from the messages only (not set by callers): */
    int cc_required;          /* smdpSigned2.ccRequiredFlag: -1 not seen, 0, 1 */
    uint8_t bpp_otpk[65];     /* smdpSigned2.bppEuiccOtpk */
    size_t bpp_otpk_len;
    uint8_t md_iccid[10];     /* the Profile metadata's ICCID */
    bool has_md_iccid;
    int forbidden_pprs;       /* euiccInfo2.forbiddenProfilePolicyRules
                               * as PprIds bits (bit n = 1 << n), -1 unknown */
    uint8_t *metadata;        /* the AuthenticateClient response's
                               * StoreMetadataRequest TLV, as received */
    size_t metadata_len;
};

/* ------------------------------------------------------------ session */

esv_status esv_rsp_session_new(esv_rsp_session **out)
{
    if (out == NULL)
        return ESV_E_ARG;
    *out = calloc(1, sizeof(**out));
    if (*out == NULL)
        return ESV_E_NOMEM;
    (*out)->cc_required = -1;
    (*out)->forbidden_pprs = -1;
    return ESV_OK;
}

void esv_rsp_session_free(esv_rsp_session *s)
{
    size_t i;
    if (s == NULL)
        return;
    for (i = 0; i < N_VALUES; i++) {
        if (s->v[i] != NULL)
            esv_memzero(s->v[i], s->len[i]);
        free(s->v[i]);
    }
    free(s->metadata);
    free(s);
}

/* Lengths a value can have (SGP.22 5.6, 2.6.5): 0 = any. */
static bool len_ok(esv_rsp_value which, size_t len)
{
    switch (which) {
    case ESV_RSP_TRANSACTION_ID: return len >= 1 && len <= 16;
    case ESV_RSP_EUICC_CHALLENGE:
    case ESV_RSP_SERVER_CHALLENGE: return len == 16;
    case ESV_RSP_EUICC_SIGNATURE1:
    case ESV_RSP_SMDP_SIGNATURE2: return len == 64;
    case ESV_RSP_EUICC_OTPK: return len == 65;
    case ESV_RSP_EID: return len == 32;
    case ESV_RSP_OTSK_DP: return len == 32;
    case ESV_RSP_SESSION_KEYS: return len == 48;
    default: return true;
    }
}

esv_status esv_rsp_session_set(esv_rsp_session *s, esv_rsp_value which, const uint8_t *data,
                               size_t len)
{
    uint8_t *copy = NULL;
    if (s == NULL || (unsigned)which >= N_VALUES || (data == NULL && len > 0) ||
        (len > 0 && !len_ok(which, len)))
        return ESV_E_ARG;
    if (len > 0) {
        if ((copy = malloc(len)) == NULL)
            return ESV_E_NOMEM;
        memcpy(copy, data, len);
    }
    if (s->v[which] != NULL)
        esv_memzero(s->v[which], s->len[which]);
    free(s->v[which]);
    s->v[which] = copy;
    s->len[which] = len;
    return ESV_OK;
}

esv_status esv_rsp_session_get(const esv_rsp_session *s, esv_rsp_value which, const uint8_t **data,
                               size_t *len)
{
    if (s == NULL || (unsigned)which >= N_VALUES || data == NULL || len == NULL)
        return ESV_E_ARG;
    *data = s->v[which];
    *len = s->len[which];
    return ESV_OK;
}

/* ------------------------------------------------------------- state */

typedef struct rsp_state {
    const esv_ctx *ctx;
    const esv_trust *trust;
    esv_rsp_session *s; /* may be NULL */
    esv_report *r;
    const uint8_t *msg;
    size_t len;
    esv_status st;      /* first failure (ESV_E_NOMEM) */
} rsp_state;

/* Adds a finding at offset off with a path; records an allocation failure. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 5, 6)))
#endif
static void find(rsp_state *x, esv_rule_idx rule, size_t off, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    esv_loc loc = {-1, -1, (int64_t)off, path};
    if (x->st != ESV_OK)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    x->st = esv_report_add(x->r, rule, &loc, "%s", msg);
}

static const uint8_t *sv(const rsp_state *x, esv_rsp_value w, size_t *len)
{
    if (x->s == NULL || x->s->v[w] == NULL) {
        *len = 0;
        return NULL;
    }
    *len = x->s->len[w];
    return x->s->v[w];
}

/* Sets a session value the message established (no session: nothing). */
static void learn(rsp_state *x, esv_rsp_value w, const uint8_t *v, size_t len)
{
    if (x->s == NULL || x->st != ESV_OK || !len_ok(w, len))
        return;
    if (esv_rsp_session_set(x->s, w, v, len) == ESV_E_NOMEM)
        x->st = ESV_E_NOMEM;
}

/* A span of the input: the TLV at off (header included). */
typedef struct span {
    size_t off, len;
} span;

/* The children of the constructed TLV at sp, in order: the first max
 * into out; returns how many there are (all of them, so that a caller
 * expecting n components sees an extra one the schema's extension marker
 * let through). The input passed the strict walk: every read works. */
static size_t children(const rsp_state *x, span sp, span *out, size_t max)
{
    der_cursor c, in;
    der_tlv t;
    size_t n = 0;
    der_cursor_init(&c, x->msg + sp.off, sp.len, sp.off);
    if (der_read_tlv(&c, &t, NULL) != DER_OK || !t.constructed)
        return 0;
    der_cursor_enter(&in, &t);
    while (!der_cursor_done(&in) && der_read_tlv(&in, &t, NULL) == DER_OK) {
        if (n < max) {
            out[n].off = t.off;
            out[n].len = der_tlv_size(&t);
        }
        n++;
    }
    return n;
}

/* The first n components of the SEQUENCE at sp, where the signed data and
 * certificates are found by position. Fewer cannot pass the decoder
 * (RSP-002 if it ever did: the message's checks cannot run). More is a later version's extension the
 * schema's marker lets through (SGP.22 v3 adds components at the end):
 * the known ones are checked, and the report says the rest are not. */
static bool parts(rsp_state *x, span sp, span *out, size_t n, const char *what)
{
    size_t got = children(x, sp, out, n);
    if (got < n) {
        /* not reached after a decode, which requires them: defensive */
        find(x, ESV_R_RSP_002, sp.off, NULL, "%s has %zu components, not %zu", what, got, n);
        return false;
    }
    if (got > n)
        find(x, ESV_R_RSP_003, sp.off, NULL,
             "%s has %zu components after its %zu known ones (a later version's extension): not checked", what,
             got - n, n);
    return true;
}

/* ------------------------------------------------------------ helpers */

static void hex_of(char *out, size_t cap, const uint8_t *v, size_t n)
{
    (void)esv_hex_text(out, cap, v, n);
}

/* Equal byte strings; either may be empty with a NULL pointer (asn1c
 * leaves buf NULL for an empty OCTET STRING, which memcmp may not see). */
static bool bytes_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* Compares a message value with the session's: a finding of rule when
 * they differ, RSP-003 when the session does not know it (and then it is
 * learned). */
static void against_session(rsp_state *x, esv_rsp_value w, const uint8_t *v, size_t n, esv_rule_idx rule,
                            size_t off, const char *path, const char *what, bool text)
{
    size_t sn;
    const uint8_t *s = sv(x, w, &sn);
    char a[80], b[80];
    if (s == NULL) {
        find(x, ESV_R_RSP_003, off, path, "%s not compared: the session does not know it%s", what,
             x->s != NULL ? " (learned from this message)" : "");
        learn(x, w, v, n);
        return;
    }
    if (text ? (sn == n && strncasecmp((const char *)s, (const char *)v, n) == 0)
             : (sn == n && memcmp(s, v, n) == 0))
        return;
    if (text) {
        esv_text_escape(a, sizeof(a), (const char *)v, n);
        esv_text_escape(b, sizeof(b), (const char *)s, sn);
    } else {
        hex_of(a, sizeof(a), v, n);
        hex_of(b, sizeof(b), s, sn);
    }
    find(x, rule, off, path, "%s is %s; the session's is %s", what, a, b);
}

/* A parsed certificate of the message, with the public key the
 * signatures are checked against. */
typedef struct msg_cert {
    pki_cert c;
    bool ok;
} msg_cert;

static bool parse_cert(msg_cert *mc, const uint8_t *der, size_t len)
{
    pki_parse_err err;
    memset(mc, 0, sizeof(*mc));
    mc->ok = der != NULL && pki_cert_parse(&mc->c, der, len, 0, &err) == 0 && mc->c.curve != ESV_CURVE_NONE;
    return mc->ok;
}

/* SGP.22 2.6.5: signature = r || s over SHA-256 of the data, each part
 * given in turn. Returns ESV_CRYPTO_OK when it verifies. */
static esv_crypto_rc verify_parts(const msg_cert *mc, const uint8_t *sig, size_t sig_len,
                                  const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    esv_sha256_ctx h;
    uint8_t d[ESV_SHA256_LEN];
    esv_sha256_init(&h);
    esv_sha256_update(&h, a, an);
    if (b != NULL)
        esv_sha256_update(&h, b, bn);
    if (esv_sha256_final(&h, d) != ESV_CRYPTO_OK)
        return ESV_CRYPTO_NOMEM;
    return esv_ecdsa_verify_raw(mc->c.curve, mc->c.pubkey.p, mc->c.pubkey.len, d, sig, sig_len);
}

/* The '5F37' data object of a 64-byte signature, as a following signature
 * covers it (SGP.22 3.1.3: "smdpSignature2 ... over smdpSigned2 and
 * euiccSignature1" means the data object, tag and length included). */
static void sig_object(uint8_t out[67], const uint8_t sig[64])
{
    out[0] = 0x5f;
    out[1] = 0x37;
    out[2] = 0x40;
    memcpy(out + 3, sig, 64);
}

/* Checks a signature field (64 bytes) and verifies it. what names the
 * signature, whom the key. b may be NULL. */
static void check_signature(rsp_state *x, esv_rule_idx rule, const char *path, size_t off, const char *what,
                            const OCTET_STRING_t *sig, const msg_cert *key, const char *whose,
                            const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    esv_crypto_rc rc;
    if (sig->size != 64) {
        find(x, ESV_R_RSP_010, off, path, "%s is %d bytes; a signature is r||s, 64 bytes", what, (int)sig->size);
        return;
    }
    if (key == NULL || !key->ok) {
        find(x, ESV_R_RSP_003, off, path, "%s not verified: no usable %s certificate", what, whose);
        return;
    }
    rc = verify_parts(key, sig->buf, 64, a, an, b, bn);
    if (rc == ESV_CRYPTO_NOMEM)
        x->st = ESV_E_NOMEM;
    else if (rc != ESV_CRYPTO_OK)
        find(x, rule, off, path, "%s does not verify with the %s certificate's key", what, whose);
}

/* Runs the certificate verifier on the message's certificates (the leaf
 * first) and carries its findings into this report, each with the
 * field that holds its certificate and its offset in the message. */
static void check_chain(rsp_state *x, const span *certs, const char *const *names, size_t n,
                        esv_cert_role role)
{
    esv_blob b[2];
    esv_report *sub = NULL;
    esv_status st;
    size_t i;

    for (i = 0; i < n; i++) {
        b[i].data = x->msg + certs[i].off;
        b[i].len = certs[i].len;
    }
    st = esv_cert_verify(x->ctx, x->trust, b, n, role, &sub);
    if (st == ESV_E_NOMEM || sub == NULL) {
        x->st = st == ESV_OK ? ESV_E_NOMEM : st;
        esv_report_free(sub);
        return;
    }
    for (i = 0; i < sub->count && x->st == ESV_OK; i++) {
        const struct esv_finding *f = &sub->findings[i];
        long ci = f->cert >= 0 && (size_t)f->cert < n ? f->cert : 0;
        char path[160];
        esv_loc loc;
        snprintf(path, sizeof(path), "%s%s%s", names[ci], f->path ? "/" : "", f->path ? f->path : "");
        loc.element = -1;
        loc.cert = -1;
        loc.offset = (int64_t)certs[ci].off + (f->offset > 0 ? f->offset : 0);
        loc.path = path;
        x->st = esv_report_add(x->r, esv_rule_idx_of(f->rule), &loc, "%s", f->message);
    }
    if (x->st == ESV_OK && sub->dropped > 0) {
        x->r->dropped += sub->dropped;
        x->r->has_error |= sub->has_error;
    }
    if (x->st == ESV_OK && esv_report_verdict(sub) == ESV_VERDICT_FAIL)
        find(x, ESV_R_RSP_016, certs[0].off, names[0],
             "the %s chain does not verify (the findings above say why)", esv_cert_role_name(role));
    esv_report_free(sub);
}

/* The certificate a session holds, parsed (mc->ok false when none). */
static void session_cert(const rsp_state *x, esv_rsp_value w, msg_cert *mc)
{
    size_t n;
    const uint8_t *der = sv(x, w, &n);
    parse_cert(mc, der, n);
}

/* SGP.22 3.1.2/3.1.3: the certificate must be of the role the message
 * carries. */
static void check_role(rsp_state *x, const msg_cert *mc, esv_cert_role want, size_t off, const char *path)
{
    if (mc->ok && mc->c.role != want)
        find(x, ESV_R_RSP_017, off, path, "the certificate is %s; this field carries a %s certificate",
             mc->c.role == ESV_ROLE_ANY ? "of no RSP role" : esv_cert_role_name(mc->c.role),
             esv_cert_role_name(want));
}


/* PprIds (SGP.22 2.9) as bits: bit n set for named bit n (0..7). */
static int ppr_set(const BIT_STRING_t *b)
{
    int bits = 0, n;
    for (n = 0; n < 8 && b != NULL; n++)
        if ((size_t)n / 8 < (size_t)b->size && (b->buf[n / 8] >> (7 - n % 8) & 1u))
            bits |= 1 << n;
    return bits;
}

/* Is id one of the trust's CIs' key identifiers? */
static bool trusted_ci(const esv_trust *t, const uint8_t *id, size_t n)
{
    size_t i;
    for (i = 0; t != NULL && i < t->n_ci; i++)
        if (n > 0 && bytes_eq(t->cis[i].c.ski.p, t->cis[i].c.ski.len, id, n))
            return true;
    return false;
}

typedef struct pkid_list {
    A_SEQUENCE_OF(RspSubjectKeyIdentifier_t) list;
} pkid_list;

/* SGP.22 4.3 and 3.1.2: the eUICC's CI lists (EUICCInfo1 or 2) are not
 * empty, and one CI it signs with is trusted here. */
static void check_ci_lists(rsp_state *x, const void *verif, const void *sign, size_t off, const char *path)
{
    const pkid_list *v = verif, *s = sign;
    int i;
    bool any = false;
    if (v->list.count == 0 || s->list.count == 0) {
        find(x, ESV_R_RSP_031, off, path, "euiccCiPKIdListFor%s is empty",
             v->list.count == 0 ? "Verification" : "Signing");
        return;
    }
    if (x->trust == NULL) {
        find(x, ESV_R_RSP_003, off, path, "the eUICC's CI key identifiers not compared: no trust given");
        return;
    }
    for (i = 0; i < s->list.count && !any; i++)
        any = s->list.array[i] != NULL &&
              trusted_ci(x->trust, s->list.array[i]->buf, (size_t)s->list.array[i]->size);
    if (!any)
        find(x, ESV_R_RSP_030, off, path,
             "none of the %d CI key identifiers in euiccCiPKIdListForSigning is a trusted CI's", s->list.count);
}

/* SGP.22 4.3: a version is three octets, major first; v2 and v3 eUICCs. */
static void check_version(rsp_state *x, const OCTET_STRING_t *v, size_t off, const char *path)
{
    if (v->size == 3 && (v->buf[0] < 2 || v->buf[0] > 3))
        find(x, ESV_R_RSP_040, off, path, "version %u.%u.%u", v->buf[0], v->buf[1], v->buf[2]);
}

/* ------------------------------------------------------------ messages */

/* ES9+.InitiateAuthentication response, the SM-DP+'s side (SGP.22 3.1.2
 * steps 8-10, 5.6.1): serverSigned1 signed by CERT.DPauth, which chains to
 * the CI the eUICC named; the challenge echoed; the transactionId the same
 * inside and out. sp: the InitiateAuthenticationOkEs9 SEQUENCE. */
static void initiate_ok(rsp_state *x, const InitiateAuthenticationOkEs9_t *m, span sp)
{
    span part[5];
    msg_cert *dp;
    const ServerSigned1_t *s1 = &m->serverSigned1;
    static const char *const name[] = {"serverCertificate"};

    if (!parts(x, sp, part, 5, "InitiateAuthenticationOkEs9"))
        return;
    if (!bytes_eq(m->transactionId.buf, (size_t)m->transactionId.size, s1->transactionId.buf,
                  (size_t)s1->transactionId.size))
        find(x, ESV_R_RSP_006, part[1].off, "serverSigned1/transactionId",
             "serverSigned1's transactionId differs from the response's");
    against_session(x, ESV_RSP_TRANSACTION_ID, m->transactionId.buf, (size_t)m->transactionId.size,
                    ESV_R_RSP_005, part[0].off, "transactionId", "transactionId", false);
    against_session(x, ESV_RSP_EUICC_CHALLENGE, s1->euiccChallenge.buf, (size_t)s1->euiccChallenge.size,
                    ESV_R_RSP_009, part[1].off, "serverSigned1/euiccChallenge", "euiccChallenge", false);
    against_session(x, ESV_RSP_SERVER_ADDRESS, s1->serverAddress.buf, (size_t)s1->serverAddress.size,
                    ESV_R_RSP_008, part[1].off, "serverSigned1/serverAddress", "serverAddress", true);
    /* the challenge the eUICC signs next (AuthenticateServerResponse) */
    learn(x, ESV_RSP_SERVER_CHALLENGE, s1->serverChallenge.buf, (size_t)s1->serverChallenge.size);

    if ((dp = malloc(sizeof(*dp))) == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    parse_cert(dp, x->msg + part[4].off, part[4].len);
    check_role(x, dp, ESV_ROLE_DP_AUTH, part[4].off, "serverCertificate");
    check_signature(x, ESV_R_RSP_011, "serverSignature1", part[2].off, "serverSignature1", &m->serverSignature1,
                    dp, "SM-DP+ authentication (serverCertificate)", x->msg + part[1].off, part[1].len, NULL, 0);
    /* SGP.22 3.1.2 step 8: the eUICC names the CI by its key id; a DPauth
     * issued by the CI carries that id as its AKI */
    if (dp->ok && dp->c.aki.len > 0 &&
        !bytes_eq(m->euiccCiPKIdToBeUsed.buf, (size_t)m->euiccCiPKIdToBeUsed.size, dp->c.aki.p, dp->c.aki.len)) {
        char a[80], b[80];
        hex_of(a, sizeof(a), m->euiccCiPKIdToBeUsed.buf, (size_t)m->euiccCiPKIdToBeUsed.size);
        hex_of(b, sizeof(b), dp->c.aki.p, dp->c.aki.len);
        find(x, ESV_R_RSP_019, part[3].off, "euiccCiPKIdToBeUsed",
             "euiccCiPKIdToBeUsed %s is not the key id of the CI that issued serverCertificate (AKI %s)", a, b);
    }
    learn(x, ESV_RSP_CI_PKID, m->euiccCiPKIdToBeUsed.buf, (size_t)m->euiccCiPKIdToBeUsed.size);
    learn(x, ESV_RSP_DPAUTH_CERTIFICATE, x->msg + part[4].off, part[4].len);
    free(dp);
    check_chain(x, &part[4], name, 1, ESV_ROLE_DP_AUTH);
}

/* ES10b.AuthenticateServer response as ES9+.AuthenticateClient receives
 * it (SGP.22 3.1.2 steps 14-15, 5.6.3). */
static void authenticate_server(rsp_state *x, const AuthenticateServerResponse_t *m, span sp)
{
    span top[1], part[4];
    msg_cert *eu;
    const AuthenticateResponseOk_t *ok;
    const EuiccSigned1_t *s1;
    static const char *const names[] = {"euiccCertificate", "eumCertificate"};

    if (children(x, sp, top, 1) != 1)
        return;
    if (m->present == AuthenticateServerResponse_PR_authenticateResponseError) {
        const AuthenticateResponseError_t *e = &m->choice.authenticateResponseError;
        long code = -1;
        (void)asn_INTEGER2long(&e->authenticateErrorCode, &code);
        find(x, ESV_R_RSP_004, top[0].off, "authenticateResponseError",
             "the eUICC refused the server's authentication: authenticateErrorCode %ld", code);
        against_session(x, ESV_RSP_TRANSACTION_ID, e->transactionId.buf, (size_t)e->transactionId.size,
                        ESV_R_RSP_005, top[0].off, "authenticateResponseError/transactionId", "transactionId",
                        false);
        return;
    }
    ok = &m->choice.authenticateResponseOk;
    s1 = &ok->euiccSigned1;
    if (!parts(x, top[0], part, 4, "authenticateResponseOk"))
        return;
    against_session(x, ESV_RSP_TRANSACTION_ID, s1->transactionId.buf, (size_t)s1->transactionId.size,
                    ESV_R_RSP_005, part[0].off, "euiccSigned1/transactionId", "transactionId", false);
    against_session(x, ESV_RSP_SERVER_ADDRESS, s1->serverAddress.buf, (size_t)s1->serverAddress.size,
                    ESV_R_RSP_008, part[0].off, "euiccSigned1/serverAddress", "serverAddress", true);
    against_session(x, ESV_RSP_SERVER_CHALLENGE, s1->serverChallenge.buf, (size_t)s1->serverChallenge.size,
                    ESV_R_RSP_007, part[0].off, "euiccSigned1/serverChallenge", "serverChallenge", false);
    {
        const EUICCInfo2_t *i2 = &s1->euiccInfo2;
        size_t pn;
        const uint8_t *pk = sv(x, ESV_RSP_CI_PKID, &pn);
        check_ci_lists(x, &i2->euiccCiPKIdListForVerification, &i2->euiccCiPKIdListForSigning, part[0].off,
                       "euiccSigned1/euiccInfo2");
        check_version(x, &i2->svn, part[0].off, "euiccSigned1/euiccInfo2/svn");
        if (x->s != NULL)
            x->s->forbidden_pprs = ppr_set(i2->forbiddenProfilePolicyRules);
        check_version(x, &i2->profileVersion, part[0].off, "euiccSigned1/euiccInfo2/profileVersion");
        /* SGP.22 3.1.2 step 8: the CI chosen is one the eUICC signs with */
        if (pk != NULL && i2->euiccCiPKIdListForSigning.list.count > 0) {
            bool in = false;
            for (int k = 0; k < i2->euiccCiPKIdListForSigning.list.count && !in; k++) {
                const RspSubjectKeyIdentifier_t *id = i2->euiccCiPKIdListForSigning.list.array[k];
                in = id != NULL && bytes_eq(id->buf, (size_t)id->size, pk, pn);
            }
            if (!in) {
                char a[80];
                hex_of(a, sizeof(a), pk, pn);
                find(x, ESV_R_RSP_032, part[0].off, "euiccSigned1/euiccInfo2/euiccCiPKIdListForSigning",
                     "euiccCiPKIdToBeUsed %s is not among the CIs the eUICC signs with", a);
            }
        }
    }

    if ((eu = malloc(2 * sizeof(*eu))) == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    parse_cert(&eu[0], x->msg + part[2].off, part[2].len);
    parse_cert(&eu[1], x->msg + part[3].off, part[3].len);
    check_role(x, &eu[0], ESV_ROLE_EUICC, part[2].off, "euiccCertificate");
    check_signature(x, ESV_R_RSP_012, "euiccSignature1", part[1].off, "euiccSignature1", &ok->euiccSignature1,
                    &eu[0], "eUICC (euiccCertificate)", x->msg + part[0].off, part[0].len, NULL, 0);
    /* SGP.22 5.6.3: the EUM certificate is issued by the CI the SM-DP+
     * chose (euiccCiPKIdToBeUsed) */
    if (eu[1].ok) {
        size_t pn;
        const uint8_t *pk = sv(x, ESV_RSP_CI_PKID, &pn);
        if (pk == NULL)
            find(x, ESV_R_RSP_003, part[3].off, "eumCertificate",
                 "the EUM's AKI is not compared with euiccCiPKIdToBeUsed: the session does not know it");
        else if (!bytes_eq(eu[1].c.aki.p, eu[1].c.aki.len, pk, pn)) {
            char a[80], b[80];
            hex_of(a, sizeof(a), eu[1].c.aki.p, eu[1].c.aki.len);
            hex_of(b, sizeof(b), pk, pn);
            find(x, ESV_R_RSP_018, part[3].off, "eumCertificate",
                 "the EUM certificate's AKI %s is not euiccCiPKIdToBeUsed %s", a, b);
        }
    }
    if (eu[0].ok && eu[0].c.subject.has_serial && eu[0].c.subject.serial.len == 32)
        learn(x, ESV_RSP_EID, eu[0].c.subject.serial.p, 32);
    free(eu);
    learn(x, ESV_RSP_EUICC_CERTIFICATE, x->msg + part[2].off, part[2].len);
    learn(x, ESV_RSP_EUM_CERTIFICATE, x->msg + part[3].off, part[3].len);
    if (ok->euiccSignature1.size == 64)
        learn(x, ESV_RSP_EUICC_SIGNATURE1, ok->euiccSignature1.buf, 64);
    check_chain(x, &part[2], names, 2, ESV_ROLE_EUICC);
}

/* SGP.22 5.4.1: the Profile metadata the SM-DP+ sends. */
static void check_metadata(rsp_state *x, const StoreMetadataRequest_t *md, size_t off)
{
    char txt[21];
    size_t nd = 0;
    long cls = ProfileClass_operational;

    /* the ICCID in swapped-nibble BCD (like EF.ICCID), 'F' filler at the
     * end only (SIZE (10): another size is DER-023) */
    if (md->iccid.size == 10) {
        esv_bcd_text(md->iccid.buf, 10, true, txt, sizeof(txt));
        if (!esv_iccid_digits(txt, &nd) || nd < 19 || !esv_luhn_ok(txt, nd))
            find(x, ESV_R_RSP_022, off, "profileMetadata/iccid",
                 "ICCID %s is not 19 or 20 BCD digits ending in a valid Luhn check digit", txt);
    }
    if (md->notificationConfigurationInfo != NULL) {
        int k;
        for (k = 0; k < md->notificationConfigurationInfo->list.count; k++) {
            const NotificationConfigurationInformation_t *nc = md->notificationConfigurationInfo->list.array[k];
            if (nc != NULL && nc->notificationAddress.size <= 0) {
                char path[96];
                snprintf(path, sizeof(path), "profileMetadata/notificationConfigurationInfo[%d]", k);
                find(x, ESV_R_RSP_045, off, path, "notification configuration %d has an empty notificationAddress", k);
            }
        }
    }
    /* SGP.22 2.9, 3.1.3 step 4: no PPR the eUICC forbids */
    if (md->profilePolicyRules != NULL && x->s != NULL && x->s->forbidden_pprs >= 0) {
        int both = ppr_set(md->profilePolicyRules) & x->s->forbidden_pprs;
        if (both != 0)
            find(x, ESV_R_RSP_046, off, "profileMetadata/profilePolicyRules",
                 "the metadata sets %s%s%s, which the eUICC's forbiddenProfilePolicyRules forbids",
                 both & 1 ? "pprUpdateControl " : "", both & 2 ? "ppr1 " : "", both & 4 ? "ppr2" : "");
    } else if (md->profilePolicyRules != NULL && ppr_set(md->profilePolicyRules) != 0) {
        find(x, ESV_R_RSP_003, off, "profileMetadata/profilePolicyRules",
             "the PPRs are not compared: the session does not know the eUICC's forbiddenProfilePolicyRules");
    }
    if ((md->icon == NULL) != (md->iconType == NULL))
        find(x, ESV_R_RSP_023, off, md->icon ? "profileMetadata/icon" : "profileMetadata/iconType",
             "%s given without %s", md->icon ? "icon" : "iconType", md->icon ? "iconType" : "icon");
    if (md->profileClass != NULL && asn_INTEGER2long(md->profileClass, &cls) == 0 &&
        (cls < ProfileClass_test || cls > ProfileClass_operational))
        find(x, ESV_R_RSP_024, off, "profileMetadata/profileClass", "profileClass %ld is not test (0), "
             "provisioning (1) or operational (2)", cls);
    else if (cls == ProfileClass_test)
        find(x, ESV_R_RSP_024, off, "profileMetadata/profileClass",
             "profileClass is test: a test profile must not reach a production eUICC");
}

/* ES9+.AuthenticateClient response, the SM-DP+'s side (SGP.22 3.1.3
 * steps 4-5, 5.6.3): smdpSigned2 and the eUICC's euiccSignature1 signed
 * by CERT.DPpb. */
static void authenticate_client(rsp_state *x, const AuthenticateClientResponseEs9_t *m, span sp)
{
    span top[1], part[5];
    msg_cert *pb;
    const AuthenticateClientOk_t *ok;
    static const char *const name[] = {"smdpCertificate"};
    size_t sn;
    const uint8_t *s1;
    uint8_t obj[67];

    if (children(x, sp, top, 1) != 1)
        return;
    if (m->present == AuthenticateClientResponseEs9_PR_authenticateClientError) {
        long code = -1;
        (void)asn_INTEGER2long(&m->choice.authenticateClientError, &code);
        find(x, ESV_R_RSP_004, top[0].off, "authenticateClientError",
             "the SM-DP+ refused the client's authentication: error %ld", code);
        return;
    }
    ok = &m->choice.authenticateClientOk;
    if (!parts(x, top[0], part, 5, "authenticateClientOk"))
        return;
    against_session(x, ESV_RSP_TRANSACTION_ID, ok->transactionId.buf, (size_t)ok->transactionId.size,
                    ESV_R_RSP_005, part[0].off, "transactionId", "transactionId", false);
    if (!bytes_eq(ok->smdpSigned2.transactionId.buf, (size_t)ok->smdpSigned2.transactionId.size,
                  ok->transactionId.buf, (size_t)ok->transactionId.size))
        find(x, ESV_R_RSP_006, part[2].off, "smdpSigned2/transactionId",
             "smdpSigned2's transactionId differs from the response's");
    check_metadata(x, &ok->profileMetaData, part[1].off);
    if (x->s != NULL) {
        x->s->cc_required = ok->smdpSigned2.ccRequiredFlag ? 1 : 0;
        x->s->bpp_otpk_len = 0;
        if (ok->smdpSigned2.bppEuiccOtpk != NULL && ok->smdpSigned2.bppEuiccOtpk->size == 65) {
            memcpy(x->s->bpp_otpk, ok->smdpSigned2.bppEuiccOtpk->buf, 65);
            x->s->bpp_otpk_len = 65;
        }
        x->s->has_md_iccid = ok->profileMetaData.iccid.size == 10;
        if (x->s->has_md_iccid)
            memcpy(x->s->md_iccid, ok->profileMetaData.iccid.buf, 10);
        free(x->s->metadata);
        x->s->metadata_len = 0;
        if ((x->s->metadata = malloc(part[1].len)) == NULL) {
            x->st = ESV_E_NOMEM;
        } else {
            memcpy(x->s->metadata, x->msg + part[1].off, part[1].len);
            x->s->metadata_len = part[1].len;
        }
    }

    if ((pb = malloc(2 * sizeof(*pb))) == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    parse_cert(pb, x->msg + part[4].off, part[4].len);
    check_role(x, pb, ESV_ROLE_DP_PB, part[4].off, "smdpCertificate");
    /* SGP.22 4.5.2.1.0.4: one SM-DP+, one OID in both its certificates */
    session_cert(x, ESV_RSP_DPAUTH_CERTIFICATE, &pb[1]);
    if (pb[0].ok && pb[1].ok && pb[0].c.has_rid && pb[1].c.has_rid && !pki_span_eq(&pb[0].c.rid, &pb[1].c.rid)) {
        char a[64], b[64];
        pki_oid_text(&pb[0].c.rid, a, sizeof(a));
        pki_oid_text(&pb[1].c.rid, b, sizeof(b));
        find(x, ESV_R_RSP_035, part[4].off, "smdpCertificate",
             "the DPpb certificate names SM-DP+ %s, the DPauth certificate of the session %s", a, b);
    }
    s1 = sv(x, ESV_RSP_EUICC_SIGNATURE1, &sn);
    if (s1 == NULL) {
        find(x, ESV_R_RSP_003, part[3].off, "smdpSignature2",
             "smdpSignature2 not verified: it covers euiccSignature1, which the session does not know");
    } else {
        sig_object(obj, s1);
        check_signature(x, ESV_R_RSP_013, "smdpSignature2", part[3].off, "smdpSignature2", &ok->smdpSignature2,
                        pb, "SM-DP+ profile binding (smdpCertificate)", x->msg + part[2].off, part[2].len, obj,
                        sizeof(obj));
    }
    free(pb);
    learn(x, ESV_RSP_DPPB_CERTIFICATE, x->msg + part[4].off, part[4].len);
    if (ok->smdpSignature2.size == 64)
        learn(x, ESV_RSP_SMDP_SIGNATURE2, ok->smdpSignature2.buf, 64);
    check_chain(x, &part[4], name, 1, ESV_ROLE_DP_PB);
}


/* ES10b.PrepareDownload response as ES9+.GetBoundProfilePackage
 * receives it (SGP.22 3.1.3 steps 9-10, 5.6.2). */
static void prepare_download(rsp_state *x, const PrepareDownloadResponse_t *m, span sp)
{
    span top[1], part[2], s2[3];
    msg_cert *eu, *pb;
    const PrepareDownloadResponseOk_t *ok;
    size_t n, sn;
    const uint8_t *sig2;
    uint8_t obj[67];

    if (children(x, sp, top, 1) != 1)
        return;
    if (m->present == PrepareDownloadResponse_PR_downloadResponseError) {
        const PrepareDownloadResponseError_t *e = &m->choice.downloadResponseError;
        long code = -1;
        (void)asn_INTEGER2long(&e->downloadErrorCode, &code);
        find(x, ESV_R_RSP_004, top[0].off, "downloadResponseError",
             "the eUICC refused to prepare the download: downloadErrorCode %ld", code);
        return;
    }
    ok = &m->choice.downloadResponseOk;
    if (!parts(x, top[0], part, 2, "downloadResponseOk"))
        return;
    /* euiccSigned2: transactionId, euiccOtpk, hashCc OPTIONAL */
    if ((n = children(x, part[0], s2, 3)) < 2) {
        find(x, ESV_R_RSP_002, part[0].off, NULL, "euiccSigned2 has %zu components", n);
        return;
    }
    if (n > 3)
        find(x, ESV_R_RSP_003, part[0].off, NULL,
             "euiccSigned2 has %zu components after its 3 known ones (a later version's extension): not checked",
             n - 3);
    against_session(x, ESV_RSP_TRANSACTION_ID, ok->euiccSigned2.transactionId.buf,
                    (size_t)ok->euiccSigned2.transactionId.size, ESV_R_RSP_005, part[0].off,
                    "euiccSigned2/transactionId", "transactionId", false);
    if ((eu = malloc(2 * sizeof(*eu))) == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    pb = &eu[1];
    session_cert(x, ESV_RSP_EUICC_CERTIFICATE, eu);
    session_cert(x, ESV_RSP_DPPB_CERTIFICATE, pb);
    /* SGP.22 3.1.3 step 10: a valid point on the curve of the key
     * agreement (the DPpb's; the eUICC's when the session has no DPpb) */
    {
        const msg_cert *curve_of = pb->ok ? pb : eu->ok ? eu : NULL;
        const OCTET_STRING_t *otpk = &ok->euiccSigned2.euiccOtpk;
        if (curve_of == NULL)
            find(x, ESV_R_RSP_003, s2[1].off, "euiccSigned2/euiccOtpk",
                 "euiccOtpk not checked: the session knows neither the DPpb nor the eUICC certificate (its curve)");
        else if (esv_ec_pubkey_check(curve_of->c.curve, otpk->buf, (size_t)otpk->size) != ESV_CRYPTO_OK)
            find(x, ESV_R_RSP_020, s2[1].off, "euiccSigned2/euiccOtpk",
                 "euiccOtpk (%d bytes) is not an uncompressed point on the session's curve", (int)otpk->size);
        /* SGP.22 3.1.3 step 9: a package already bound to an otPK is
         * answered with that otPK */
        if (x->s != NULL && x->s->bpp_otpk_len == 65 &&
            !bytes_eq(otpk->buf, (size_t)otpk->size, x->s->bpp_otpk, 65))
            find(x, ESV_R_RSP_034, s2[1].off, "euiccSigned2/euiccOtpk",
                 "euiccOtpk is not the bppEuiccOtpk of smdpSigned2");
        learn(x, ESV_RSP_EUICC_OTPK, otpk->buf, (size_t)otpk->size);
    }
    /* SGP.22 3.1.3 step 9: hashCc = SHA-256(SHA-256(CC) || transactionId) */
    {
        size_t cn;
        const uint8_t *cc = sv(x, ESV_RSP_CONFIRMATION_CODE, &cn);
        const OCTET_STRING_t *h = ok->euiccSigned2.hashCc;
        int required = x->s != NULL ? x->s->cc_required : -1;
        if (h == NULL && (required == 1 || cc != NULL)) {
            find(x, ESV_R_RSP_033, part[0].off, "euiccSigned2/hashCc",
                 "a confirmation code is required (%s) but euiccSigned2 has no hashCc",
                 required == 1 ? "smdpSigned2.ccRequiredFlag" : "the session has one");
        } else if (h != NULL && required == 0) {
            find(x, ESV_R_RSP_021, part[0].off, "euiccSigned2/hashCc",
                 "hashCc is present but smdpSigned2.ccRequiredFlag was false");
        } else if (cc != NULL && h != NULL) {
            uint8_t d1[ESV_SHA256_LEN], d2[ESV_SHA256_LEN];
            esv_sha256_ctx c;
            esv_crypto_rc hr = esv_sha256(cc, cn, d1);
            esv_sha256_init(&c);
            esv_sha256_update(&c, d1, sizeof(d1));
            esv_sha256_update(&c, ok->euiccSigned2.transactionId.buf, (size_t)ok->euiccSigned2.transactionId.size);
            if (esv_sha256_final(&c, d2) != ESV_CRYPTO_OK || hr != ESV_CRYPTO_OK)
                x->st = ESV_E_NOMEM; /* the only way a backend's SHA-256 fails */
            else if (h->size != 32 || !esv_ct_equal(h->buf, d2, 32))
                find(x, ESV_R_RSP_021, part[0].off, "euiccSigned2/hashCc",
                     "hashCc is not SHA-256(SHA-256(confirmation code) || transactionId)");
            esv_memzero(d1, sizeof(d1));
        } else if (h != NULL) {
            find(x, ESV_R_RSP_003, part[0].off, "euiccSigned2/hashCc",
                 "hashCc not checked: the session has no confirmation code");
        }
    }
    sig2 = sv(x, ESV_RSP_SMDP_SIGNATURE2, &sn);
    if (sig2 == NULL) {
        find(x, ESV_R_RSP_003, part[1].off, "euiccSignature2",
             "euiccSignature2 not verified: it covers smdpSignature2, which the session does not know");
    } else {
        sig_object(obj, sig2);
        check_signature(x, ESV_R_RSP_014, "euiccSignature2", part[1].off, "euiccSignature2",
                        &ok->euiccSignature2, eu, "eUICC (from the session)", x->msg + part[0].off, part[0].len,
                        obj, sizeof(obj));
    }
    free(eu);
}

/* SGP.22 3.1.3 step 18, 5.6.4: the eUICC's signed installation result. */
static void installation_result(rsp_state *x, const ProfileInstallationResult_t *m, span sp)
{
    span part[2];
    msg_cert *eu;
    const ProfileInstallationResultData_t *d = &m->profileInstallationResultData;

    if (!parts(x, sp, part, 2, "ProfileInstallationResult"))
        return;
    against_session(x, ESV_RSP_TRANSACTION_ID, d->transactionId.buf, (size_t)d->transactionId.size,
                    ESV_R_RSP_005, part[0].off, "profileInstallationResultData/transactionId", "transactionId",
                    false);
    if (d->finalResult.present == ProfileInstallationResultData__finalResult_PR_errorResult) {
        long cmd = -1, reason = -1;
        (void)asn_INTEGER2long(&d->finalResult.choice.errorResult.bppCommandId, &cmd);
        (void)asn_INTEGER2long(&d->finalResult.choice.errorResult.errorReason, &reason);
        find(x, ESV_R_RSP_004, part[0].off, "profileInstallationResultData/finalResult",
             "the installation failed: bppCommandId %ld, errorReason %ld", cmd, reason);
    }
    {
        const NotificationMetadata_t *nm = &d->notificationMetadata;
        size_t an;
        const uint8_t *addr = sv(x, ESV_RSP_SERVER_ADDRESS, &an);
        if (x->s != NULL && x->s->has_md_iccid && nm->iccid != NULL &&
            !bytes_eq(nm->iccid->buf, (size_t)nm->iccid->size, x->s->md_iccid, 10)) {
            char a[40], b[40];
            hex_of(a, sizeof(a), nm->iccid->buf, (size_t)nm->iccid->size);
            hex_of(b, sizeof(b), x->s->md_iccid, 10);
            find(x, ESV_R_RSP_036, part[0].off, "profileInstallationResultData/notificationMetadata/iccid",
                 "ICCID %s; the Profile metadata's is %s", a, b);
        }
        if (addr != NULL && ((size_t)nm->notificationAddress.size != an ||
                             strncasecmp((const char *)nm->notificationAddress.buf, (const char *)addr, an) != 0)) {
            char a[80];
            esv_text_escape(a, sizeof(a), (const char *)nm->notificationAddress.buf,
                            (size_t)nm->notificationAddress.size);
            find(x, ESV_R_RSP_037, part[0].off, "profileInstallationResultData/notificationMetadata/notificationAddress",
                 "notificationAddress %s is not the session's SM-DP+", a);
        }
    }
    if ((eu = malloc(2 * sizeof(*eu))) == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    session_cert(x, ESV_RSP_EUICC_CERTIFICATE, &eu[0]);
    check_signature(x, ESV_R_RSP_015, "euiccSignPIR", part[1].off, "euiccSignPIR", &m->euiccSignPIR, &eu[0],
                    "eUICC (from the session)", x->msg + part[0].off, part[0].len, NULL, 0);
    session_cert(x, ESV_RSP_DPPB_CERTIFICATE, &eu[1]);
    if (!eu[1].ok || !eu[1].c.has_rid)
        find(x, ESV_R_RSP_003, part[0].off, "profileInstallationResultData/smdpOid",
             "smdpOid not compared: the session has no SM-DP+ certificate with an OID");
    else if (!bytes_eq(d->smdpOid.buf, (size_t)d->smdpOid.size, eu[1].c.rid.p, eu[1].c.rid.len)) {
        char a[64], b[64];
        if (d->smdpOid.size <= 0 ||
            der_oid_to_text(d->smdpOid.buf, (size_t)d->smdpOid.size, a, sizeof(a), NULL) != DER_OK)
            snprintf(a, sizeof(a), "(malformed)");
        pki_oid_text(&eu[1].c.rid, b, sizeof(b));
        find(x, ESV_R_RSP_025, part[0].off, "profileInstallationResultData/smdpOid",
             "smdpOid %s is not the SM-DP+ certificate's OID %s", a, b);
    }
    free(eu);
}

/* ES9+.InitiateAuthentication request (SGP.22 3.1.2 steps 6-7, 5.6.1):
 * what the eUICC opens the session with. */
static void initiate_request(rsp_state *x, const InitiateAuthenticationRequest_t *m, span sp)
{
    against_session(x, ESV_RSP_SERVER_ADDRESS, m->smdpAddress.buf, (size_t)m->smdpAddress.size, ESV_R_RSP_008,
                    sp.off, "smdpAddress", "smdpAddress", true);
    learn(x, ESV_RSP_EUICC_CHALLENGE, m->euiccChallenge.buf, (size_t)m->euiccChallenge.size);
    check_ci_lists(x, &m->euiccInfo1.euiccCiPKIdListForVerification, &m->euiccInfo1.euiccCiPKIdListForSigning,
                   sp.off, "euiccInfo1");
    check_version(x, &m->euiccInfo1.svn, sp.off, "euiccInfo1/svn");
}

/* ES10b.CancelSession response as ES9+.CancelSession receives it (SGP.22
 * 5.7.14, 5.6.5): signed by the eUICC. */
static void cancel_session(rsp_state *x, const CancelSessionResponse_t *m, span sp)
{
    span top[1], part[2];
    msg_cert *eu;
    const CancelSessionResponseOk_t *ok;
    long reason = -1;

    if (children(x, sp, top, 1) != 1)
        return;
    if (m->present == CancelSessionResponse_PR_cancelSessionResponseError) {
        long code = -1;
        (void)asn_INTEGER2long(&m->choice.cancelSessionResponseError, &code);
        find(x, ESV_R_RSP_004, top[0].off, "cancelSessionResponseError",
             "the eUICC refused to cancel the session: error %ld", code);
        return;
    }
    ok = &m->choice.cancelSessionResponseOk;
    if (!parts(x, top[0], part, 2, "cancelSessionResponseOk"))
        return;
    against_session(x, ESV_RSP_TRANSACTION_ID, ok->euiccCancelSessionSigned.transactionId.buf,
                    (size_t)ok->euiccCancelSessionSigned.transactionId.size, ESV_R_RSP_005, part[0].off,
                    "euiccCancelSessionSigned/transactionId", "transactionId", false);
    (void)asn_INTEGER2long(&ok->euiccCancelSessionSigned.reason, &reason);
    find(x, ESV_R_RSP_004, part[0].off, "euiccCancelSessionSigned/reason",
         "the session is cancelled: reason %ld", reason);
    if ((eu = malloc(sizeof(*eu))) == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    session_cert(x, ESV_RSP_EUICC_CERTIFICATE, eu);
    check_signature(x, ESV_R_RSP_038, "euiccCancelSessionSignature", part[1].off, "euiccCancelSessionSignature",
                    &ok->euiccCancelSessionSignature, eu, "eUICC (from the session)", x->msg + part[0].off,
                    part[0].len, NULL, 0);
    free(eu);
}

/* A notification other than an installation result (SGP.22 5.7.10, 3.5):
 * it carries the eUICC's chain, which signs it. */
static void other_notification(rsp_state *x, const OtherSignedNotification_t *m, span sp)
{
    span part[4];
    msg_cert *eu;
    static const char *const names[] = {"euiccCertificate", "eumCertificate"};
    if (!parts(x, sp, part, 4, "OtherSignedNotification"))
        return;
    if ((eu = malloc(sizeof(*eu))) == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    parse_cert(eu, x->msg + part[2].off, part[2].len);
    check_role(x, eu, ESV_ROLE_EUICC, part[2].off, "euiccCertificate");
    check_signature(x, ESV_R_RSP_039, "euiccNotificationSignature", part[1].off, "euiccNotificationSignature",
                    &m->euiccNotificationSignature, eu, "eUICC (euiccCertificate)", x->msg + part[0].off,
                    part[0].len, NULL, 0);
    free(eu);
    check_chain(x, &part[2], names, 2, ESV_ROLE_EUICC);
}

/* ------------------------------------------------- BoundProfilePackage */

/* The EID as the KDF takes it (SGP.22 2.6.4.2): 16 bytes of BCD. */
static bool eid_bytes(const uint8_t *digits, size_t n, uint8_t out[16])
{
    size_t i;
    if (n != 32)
        return false;
    for (i = 0; i < 32; i++)
        if (digits[i] < '0' || digits[i] > '9')
            return false;
    for (i = 0; i < 16; i++)
        out[i] = (uint8_t)((digits[2 * i] - '0') << 4 | (digits[2 * i + 1] - '0'));
    return true;
}

/* The session keys for a BPP: given directly, or derived from otSK.DP,
 * the eUICC's otPK, the CRT and the EID (SGP.22 2.6.4.2). false: the
 * session cannot give them (*why says what is missing). */
static bool bpp_keys(const rsp_state *x, const esv_bpp_info *info, const msg_cert *pb, esv_bsp_keys *keys,
                     const char **why)
{
    size_t n, on, pn, en;
    const uint8_t *k = sv(x, ESV_RSP_SESSION_KEYS, &n), *otsk, *otpk, *eid;
    uint8_t eidb[16];
    esv_curve curve;
    if (k != NULL) {
        memcpy(keys->s_enc, k, 16);
        memcpy(keys->s_mac, k + 16, 16);
        memcpy(keys->icv, k + 32, 16);
        return true;
    }
    otsk = sv(x, ESV_RSP_OTSK_DP, &on);
    otpk = sv(x, ESV_RSP_EUICC_OTPK, &pn);
    eid = sv(x, ESV_RSP_EID, &en);
    if (otsk == NULL || otpk == NULL || eid == NULL) {
        *why = otsk == NULL ? "neither the session keys nor otSK.DP" : otpk == NULL ? "no euiccOtpk" : "no EID";
        return false;
    }
    if (!info->key_type.present || !info->key_len.present || !info->host_id.present ||
        info->key_type.val_len != 1 || info->key_len.val_len != 1 || !eid_bytes(eid, en, eidb)) {
        *why = "no usable controlRefTemplate or EID";
        return false;
    }
    /* the key agreement is on the DPpb's curve; P-256 when the session
     * has no DPpb certificate */
    curve = pb->ok ? pb->c.curve : ESV_CURVE_P256;
    if (esv_bsp_session_keys(curve, otsk, on, otpk, pn, x->msg[info->key_type.val_off],
                             x->msg[info->key_len.val_off], x->msg + info->host_id.val_off,
                             info->host_id.val_len, eidb, 16, keys) != ESV_BSP_OK) {
        *why = "the key agreement failed (otSK.DP or euiccOtpk not on the curve)";
        return false;
    }
    return true;
}

/* The recovered profile package through every profile rule, its findings
 * carried here under "upp/"; and the metadata against it (SGP.22 5.4.1):
 * the same ICCID, a test profile only as profileClass test. */
static void check_upp(rsp_state *x, const uint8_t *upp, size_t upp_len, const esv_bpp_info *info)
{
    esv_report *sub = NULL;
    esv_profile p;
    esv_report *scratch;
    esv_status st;
    StoreMetadataRequest_t *md = NULL;
    size_t i, fo;
    bool test = false;

    st = esv_profile_verify(x->ctx, upp, upp_len, &sub);
    if (sub == NULL) {
        x->st = st;
        return;
    }
    /* offsets are into the recovered package, not this message: the
     * element index and path locate them */
    x->st = esv_report_merge(x->r, sub, "upp", 0, 0);
    esv_report_free(sub);
    if (x->st != ESV_OK || info->store_metadata == NULL)
        return;

    scratch = esv_report_create(x->ctx, "profile");
    if (scratch == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    if ((st = esv_profile_load(&p, scratch, x->ctx, upp, upp_len)) == ESV_OK) {
        const ProfileHeader_t *h = p.header;
        int mrc = esv_rsp_decode(&asn_DEF_StoreMetadataRequest, info->store_metadata,
                                 info->store_metadata_len, (void **)&md, &fo);
        test = esv_prof_is_test(&p);
        if (mrc == -2)
            x->st = ESV_E_NOMEM;
        if (mrc == 0 && h != NULL && h->iccid.size == 10 && md->iccid.size == 10) {
            /* the header's ICCID is plain BCD, the metadata's swapped
             * (SGP.22 5.4.1: as EF.ICCID) */
            uint8_t sw[10];
            for (i = 0; i < 10; i++)
                sw[i] = (uint8_t)(h->iccid.buf[i] << 4 | h->iccid.buf[i] >> 4);
            if (memcmp(sw, md->iccid.buf, 10) != 0) {
                char a[40], b[40];
                hex_of(a, sizeof(a), md->iccid.buf, 10);
                hex_of(b, sizeof(b), sw, 10);
                find(x, ESV_R_RSP_028, info->isc.off, "sequenceOf88/iccid",
                     "the metadata's ICCID %s is not the profile package's (%s as the metadata writes it)", a, b);
            }
        }
        if (md != NULL && test) {
            long cls = ProfileClass_operational;
            if (md->profileClass != NULL)
                (void)asn_INTEGER2long(md->profileClass, &cls);
            if (cls != ProfileClass_test)
                find(x, ESV_R_RSP_029, info->isc.off, "sequenceOf88/profileClass",
                     "the package is a GSMA TS.48 test profile but its metadata gives profileClass %s",
                     cls == ProfileClass_operational ? "operational" : cls == ProfileClass_provisioning
                                                                          ? "provisioning" : "unknown");
        }
    } else {
        x->st = st;
    }
    esv_rsp_free(&asn_DEF_StoreMetadataRequest, md);
    esv_profile_release(&p);
    esv_report_free(scratch);
}

/* ES8+ BoundProfilePackage (SGP.22 2.5.4, 3.1.3 steps 12-13, 5.5): the
 * structure and, with the keys, every segment (bpp.c); the transactionId;
 * smdpSign by the DPpb key over the InitialiseSecureChannel data and the
 * eUICC's otPK; the recovered package. */
static void bound_profile_package(rsp_state *x)
{
    esv_bpp_info probe, info;
    esv_report *scratch;
    esv_bsp_keys keys;
    msg_cert *pb;
    const char *why = NULL;
    bool have_keys;
    uint8_t *upp = NULL;
    size_t upp_len = 0, pn;
    const uint8_t *otpk;
    esv_status st;

    if ((pb = malloc(sizeof(*pb))) == NULL) {
        x->st = ESV_E_NOMEM;
        return;
    }
    session_cert(x, ESV_RSP_DPPB_CERTIFICATE, pb);
    /* the structure alone first, for the CRT the keys depend on */
    esv_bpp_info_init(&probe);
    esv_bpp_info_init(&info);
    scratch = esv_report_create(x->ctx, "rsp");
    if (scratch == NULL || esv_rsp_bpp_check(scratch, x->msg, x->len, NULL, NULL, NULL, NULL, &probe) != ESV_OK) {
        x->st = ESV_E_NOMEM;
        goto out;
    }
    have_keys = bpp_keys(x, &probe, pb, &keys, &why);
    st = esv_rsp_bpp_check(x->r, x->msg, x->len, have_keys ? &keys : NULL, NULL, have_keys ? &upp : NULL,
                           have_keys ? &upp_len : NULL, &info);
    esv_memzero(&keys, sizeof(keys));
    if (st != ESV_OK) {
        x->st = st;
        goto out;
    }
    if (!have_keys)
        find(x, ESV_R_RSP_003, 0, NULL, "the segments are not decrypted: the session has %s", why);
    if (info.transaction_id.present)
        against_session(x, ESV_RSP_TRANSACTION_ID, x->msg + info.transaction_id.val_off,
                        info.transaction_id.val_len, ESV_R_RSP_005, info.transaction_id.off,
                        "initialiseSecureChannelRequest/transactionId", "transactionId", false);
    otpk = sv(x, ESV_RSP_EUICC_OTPK, &pn);
    if (info.signed_part.present && info.smdp_sign.present && info.smdp_sign.val_len == 64) {
        if (otpk == NULL || !pb->ok) {
            find(x, ESV_R_RSP_003, info.smdp_sign.off, "initialiseSecureChannelRequest/smdpSign",
                 "smdpSign not verified: the session has %s", otpk == NULL ? "no euiccOtpk" : "no DPpb certificate");
        } else {
            uint8_t obj[3 + 65];
            OCTET_STRING_t sig;
            obj[0] = 0x5f;
            obj[1] = 0x49;
            obj[2] = (uint8_t)pn;
            memcpy(obj + 3, otpk, pn);
            sig.buf = (uint8_t *)(uintptr_t)(x->msg + info.smdp_sign.val_off);
            sig.size = 64;
            check_signature(x, ESV_R_RSP_027, "initialiseSecureChannelRequest/smdpSign", info.smdp_sign.off,
                            "smdpSign", &sig, pb, "SM-DP+ profile binding (from the session)",
                            x->msg + info.signed_part.off, info.signed_part.len, obj, 3 + pn);
        }
    }
    /* SGP.22 3.1.3: the metadata bound in A1 is the metadata the SM-DP+
     * sent in AuthenticateClient (the LPA cancels with metadataMismatch) */
    if (info.store_metadata != NULL) {
        if (x->s == NULL || x->s->metadata == NULL)
            find(x, ESV_R_RSP_003, 0, "sequenceOf88",
                 "the metadata is not compared: the session has no AuthenticateClient response");
        else if (!bytes_eq(info.store_metadata, info.store_metadata_len, x->s->metadata, x->s->metadata_len))
            find(x, ESV_R_RSP_044, 0, "sequenceOf88",
                 "the StoreMetadataRequest in A1 (%zu bytes) is not the profileMetaData of the AuthenticateClient "
                 "response (%zu bytes)", info.store_metadata_len, x->s->metadata_len);
    }
    if (upp != NULL && x->st == ESV_OK)
        check_upp(x, upp, upp_len, &info);
out:
    esv_rsp_upp_free(upp, upp_len);
    esv_bpp_info_free(&probe);
    esv_bpp_info_free(&info);
    esv_report_free(scratch);
    free(pb);
}

/* ------------------------------------------------------------ dispatch */

typedef struct msg_type {
    const char *name;
    asn_TYPE_descriptor_t *td;
} msg_type;

/* The message's type from its outer tag (and, for the tags two messages
 * share, its shape). NULL: not a message esv knows. */
static const asn_TYPE_descriptor_t *recognise(const rsp_state *x, const der_tlv *t, const char **name)
{
    span sp = {0, x->len}, kids[4];
    size_t n;
    if (t->cls == DER_CLASS_UNIVERSAL && t->tag == DER_TAG_SEQUENCE && t->constructed) {
        /* InitiateAuthenticationOkEs9 (the ES9+ response without its
         * BF39 wrapper): [0] transactionId, then serverSigned1 */
        n = children(x, sp, kids, 4);
        if (n >= 2 && x->msg[kids[0].off] == 0x80 && x->msg[kids[1].off] == 0x30) {
            *name = "InitiateAuthenticationOkEs9";
            return &asn_DEF_InitiateAuthenticationOkEs9;
        }
        /* OtherSignedNotification: tbsOtherNotification (BF2F) first */
        if (n >= 1 && kids[0].len >= 2 && x->msg[kids[0].off] == 0xbf && x->msg[kids[0].off + 1] == 0x2f) {
            *name = "OtherSignedNotification";
            return &asn_DEF_OtherSignedNotification;
        }
        return NULL;
    }
    if (t->cls != DER_CLASS_CONTEXT || !t->constructed)
        return NULL;
    switch (t->tag) {
    case 57: /* BF39: the request has three components, the response one */
        n = children(x, sp, kids, 4);
        if (n == 1) {
            *name = "InitiateAuthenticationResponse";
            return &asn_DEF_InitiateAuthenticationResponse;
        }
        *name = "InitiateAuthenticationRequest";
        return &asn_DEF_InitiateAuthenticationRequest;
    case 56: *name = "AuthenticateServerResponse"; return &asn_DEF_AuthenticateServerResponse;
    case 59: *name = "AuthenticateClientResponseEs9"; return &asn_DEF_AuthenticateClientResponseEs9;
    case 33: *name = "PrepareDownloadResponse"; return &asn_DEF_PrepareDownloadResponse;
    case 55: *name = "ProfileInstallationResult"; return &asn_DEF_ProfileInstallationResult;
    case 37: *name = "StoreMetadataRequest"; return &asn_DEF_StoreMetadataRequest;
    case 32: *name = "EUICCInfo1"; return &asn_DEF_EUICCInfo1;
    case 65: *name = "CancelSessionResponse"; return &asn_DEF_CancelSessionResponse;
    default: return NULL;
    }
}

static int on_violation(void *opaque, const char *path, const char *what)
{
    rsp_state *x = opaque;
    esv_loc loc = {-1, -1, 0, path};
    x->st = esv_report_add(x->r, ESV_R_DER_023, &loc, "%s: %s", path, what);
    return x->st != ESV_OK;
}

static void verify_message(rsp_state *x)
{
    der_cursor c;
    der_tlv t;
    const asn_TYPE_descriptor_t *td;
    const char *name = NULL;
    void *v = NULL;
    size_t fail_off = 0;
    int drc;
    span whole = {0, x->len};

    der_cursor_init(&c, x->msg, x->len, 0);
    if (der_read_tlv(&c, &t, NULL) != DER_OK)
        return;
    if (t.cls == DER_CLASS_CONTEXT && t.constructed && t.tag == 54) {
        /* BoundProfilePackage: checked TLV by TLV over the exact bytes
         * (bpp.c), not through the generated decoder */
        bound_profile_package(x);
        return;
    }
    if ((td = recognise(x, &t, &name)) == NULL) {
        find(x, ESV_R_RSP_001, 0, NULL, "outer tag [%s %u]%s is not an SGP.22 message esv verifies",
             t.cls == DER_CLASS_CONTEXT ? "context" : t.cls == DER_CLASS_UNIVERSAL ? "universal" : "other",
             (unsigned)t.tag, t.constructed ? " (constructed)" : "");
        return;
    }
    if ((drc = esv_rsp_decode(td, x->msg, x->len, &v, &fail_off)) != 0) {
        if (drc == -2) {
            x->st = ESV_E_NOMEM;
            return;
        }
        find(x, ESV_R_RSP_002, fail_off, NULL, "%s does not decode against the SGP.22 schema (stopped at byte %zu)",
             name, fail_off);
        return;
    }
    (void)esv_rsp_check_constraints(td, v, on_violation, x);
    if (x->st == ESV_OK) {
        if (td == &asn_DEF_InitiateAuthenticationOkEs9) {
            initiate_ok(x, v, whole);
        } else if (td == &asn_DEF_InitiateAuthenticationResponse) {
            const InitiateAuthenticationResponse_t *m = v;
            span top[1];
            if (m->present == InitiateAuthenticationResponse_PR_initiateAuthenticationOk &&
                children(x, whole, top, 1) == 1) {
                initiate_ok(x, &m->choice.initiateAuthenticationOk, top[0]);
            } else if (m->present == InitiateAuthenticationResponse_PR_initiateAuthenticationError) {
                long code = -1;
                (void)asn_INTEGER2long(&m->choice.initiateAuthenticationError, &code);
                find(x, ESV_R_RSP_004, 0, "initiateAuthenticationError",
                     "the SM-DP+ refused to initiate the authentication: error %ld", code);
            }
        } else if (td == &asn_DEF_InitiateAuthenticationRequest) {
            initiate_request(x, v, whole);
        } else if (td == &asn_DEF_AuthenticateServerResponse) {
            authenticate_server(x, v, whole);
        } else if (td == &asn_DEF_AuthenticateClientResponseEs9) {
            authenticate_client(x, v, whole);
        } else if (td == &asn_DEF_PrepareDownloadResponse) {
            prepare_download(x, v, whole);
        } else if (td == &asn_DEF_ProfileInstallationResult) {
            installation_result(x, v, whole);
        } else if (td == &asn_DEF_StoreMetadataRequest) {
            check_metadata(x, v, 0);
        } else if (td == &asn_DEF_CancelSessionResponse) {
            cancel_session(x, v, whole);
        } else if (td == &asn_DEF_OtherSignedNotification) {
            other_notification(x, v, whole);
        } else if (td == &asn_DEF_EUICCInfo1) {
            const EUICCInfo1_t *i1 = v;
            check_ci_lists(x, &i1->euiccCiPKIdListForVerification, &i1->euiccCiPKIdListForSigning, 0, NULL);
            check_version(x, &i1->svn, 0, "svn");
        }
    }
    esv_rsp_free(td, v);
}

esv_status esv_rsp_verify(const esv_ctx *ctx, const esv_trust *trust, esv_rsp_session *session,
                          const uint8_t *msg, size_t len, esv_report **out)
{
    rsp_state x;
    esv_status st;

    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (ctx == NULL || (msg == NULL && len > 0))
        return ESV_E_ARG;
    memset(&x, 0, sizeof(x));
    x.ctx = ctx;
    x.trust = trust;
    x.s = session;
    x.msg = msg;
    x.len = len;
    x.r = esv_report_create(ctx, "rsp");
    if (x.r == NULL)
        return ESV_E_NOMEM;
    /* One strict DER value first: only that reaches the decoder. */
    st = esv_der_check_values(x.r, ctx, msg, len, 0, 0, -1, NULL, NULL);
    if (st == ESV_OK && !x.r->has_error && len > 0)
        verify_message(&x);
    else if (st == ESV_OK && len == 0)
        find(&x, ESV_R_RSP_001, 0, NULL, "empty input");
    if (st == ESV_OK)
        st = x.st;
    if (st != ESV_OK) {
        esv_report_free(x.r);
        return st;
    }
    esv_report_finish(x.r);
    *out = x.r;
    return esv_report_status(x.r);
}

int esv_rsp_status_code(const esv_report *r, const char **subject, const char **reason)
{
    size_t i;
    if (subject)
        *subject = NULL;
    if (reason)
        *reason = NULL;
    for (i = 0; r != NULL && i < r->count; i++)
        if (r->findings[i].severity == ESV_SEV_ERROR &&
            esv_rule_status_code(r->findings[i].rule, subject, reason))
            return 1;
    return 0;
}
