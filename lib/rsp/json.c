/*
 * json.c - esv_rsp_verify_json: one ES9+ HTTP body of the JSON binding
 * (SGP.22 v2.5 6.5, 6.6), parsed with jansson (never by hand), its
 * base64 members decoded with mbedTLS, and the ASN.1 objects they carry
 * verified by esv_rsp_verify over the bytes received:
 *  - requests from the LPA: InitiateAuthentication (smdpAddress,
 *    euiccChallenge, euiccInfo1: verified as the ASN.1 binding's
 *    InitiateAuthenticationRequest, made from them), AuthenticateClient
 *    (authenticateServerResponse), GetBoundProfilePackage
 *    (prepareDownloadResponse), HandleNotification (pendingNotification),
 *    CancelSession (cancelSessionResponse): the ASN.1 object itself;
 *  - responses from the SM-DP+: InitiateAuthentication and
 *    AuthenticateClient (their members put together as the ASN.1
 *    binding's InitiateAuthenticationOkEs9 and
 *    AuthenticateClientResponseEs9: every signed member keeps its bytes),
 *    GetBoundProfilePackage (boundProfilePackage); a header whose
 *    functionExecutionStatus is not Executed-Success is RSP-041.
 * Findings name the JSON member ("authenticateServerResponse/euiccSigned1/
 * ..."); their offsets are into that member's decoded bytes, or absent for
 * a message put together from several members.
 */
#include "esv/rsp.h"
#include "../core/buf.h"
#include "../core/context_internal.h"
#include "../report/report_internal.h"

#include <jansson.h>
#include <mbedtls/base64.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jstate {
    esv_report *r;
    esv_status st;
    json_t *root;
} jstate;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
static void jfind(jstate *j, esv_rule_idx rule, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    esv_loc loc = {-1, -1, -1, path};
    if (j->st != ESV_OK)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    j->st = esv_report_add(j->r, rule, &loc, "%s", msg);
}

/* A member that must be a string, or NULL (RSP-042 when it is another type). */
static const char *jstr(jstate *j, const char *name, size_t *len)
{
    json_t *v = json_object_get(j->root, name);
    if (v == NULL)
        return NULL;
    if (!json_is_string(v)) {
        jfind(j, ESV_R_RSP_042, name, "member %s is not a string", name);
        return NULL;
    }
    *len = json_string_length(v);
    return json_string_value(v);
}

/* Base64 text (RFC 4648 4) decoded by mbedTLS into a new buffer (*out,
 * *len; free()): ESV_OK, ESV_E_PARSE when it is not base64, or
 * ESV_E_NOMEM. */
static esv_status b64_decode(const char *s, size_t n, uint8_t **out, size_t *len)
{
    size_t need = 0;
    *out = NULL;
    if (mbedtls_base64_decode(NULL, 0, &need, (const unsigned char *)s, n) == MBEDTLS_ERR_BASE64_INVALID_CHARACTER)
        return ESV_E_PARSE;
    if ((*out = malloc(need ? need : 1)) == NULL)
        return ESV_E_NOMEM;
    if (mbedtls_base64_decode(*out, need, len, (const unsigned char *)s, n) != 0) {
        free(*out);
        *out = NULL;
        return ESV_E_PARSE;
    }
    return ESV_OK;
}

/* A base64 member decoded, or NULL (RSP-042 when it is not base64). */
static uint8_t *jb64(jstate *j, const char *name, size_t *out_len)
{
    size_t n = 0;
    const char *s = jstr(j, name, &n);
    uint8_t *d = NULL;
    esv_status st;
    if (s == NULL)
        return NULL;
    st = n == 0 ? ESV_E_PARSE : b64_decode(s, n, &d, out_len);
    if (st == ESV_E_NOMEM)
        j->st = ESV_E_NOMEM;
    else if (st != ESV_OK)
        jfind(j, ESV_R_RSP_042, name, "member %s is not base64", name);
    return d;
}

/* The transactionId member: hexadecimal text of 1..16 bytes (SGP.22 6.5.2). */
static bool jtid(jstate *j, uint8_t out[16], size_t *n)
{
    size_t len = 0, i;
    const char *s = jstr(j, "transactionId", &len);
    if (s == NULL)
        return false;
    if (len == 0 || len % 2 || len > 32) {
        jfind(j, ESV_R_RSP_042, "transactionId", "transactionId is %zu hex digits; 2 to 32, even", len);
        return false;
    }
    for (i = 0; i < len; i += 2) {
        unsigned v = 0;
        for (size_t k = 0; k < 2; k++) {
            char c = s[i + k];
            unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                         : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
            if (d > 15) {
                jfind(j, ESV_R_RSP_042, "transactionId", "transactionId is not hexadecimal");
                return false;
            }
            v = v << 4 | d;
        }
        out[i / 2] = (uint8_t)v;
    }
    *n = len / 2;
    return true;
}

/* SGP.22 6.5.1.4: a response's header. */
static void jheader(jstate *j)
{
    json_t *h = json_object_get(j->root, "header"), *fes, *status, *scd;
    const char *st;
    if (h == NULL)
        return;
    fes = json_is_object(h) ? json_object_get(h, "functionExecutionStatus") : NULL;
    status = json_is_object(fes) ? json_object_get(fes, "status") : NULL;
    if (!json_is_string(status)) {
        jfind(j, ESV_R_RSP_042, "header", "header has no functionExecutionStatus.status string");
        return;
    }
    st = json_string_value(status);
    if (strcmp(st, "Executed-Success") == 0 || strcmp(st, "Executed-WithWarning") == 0)
        return;
    scd = json_object_get(fes, "statusCodeData");
    {
        json_t *sc = json_is_object(scd) ? json_object_get(scd, "subjectCode") : NULL;
        json_t *rc = json_is_object(scd) ? json_object_get(scd, "reasonCode") : NULL;
        char a[64], b[64], c[64];
        esv_text_escape(a, sizeof(a), st, strlen(st));
        esv_text_escape(b, sizeof(b), json_is_string(sc) ? json_string_value(sc) : "?",
                        json_is_string(sc) ? json_string_length(sc) : 1);
        esv_text_escape(c, sizeof(c), json_is_string(rc) ? json_string_value(rc) : "?",
                        json_is_string(rc) ? json_string_length(rc) : 1);
        jfind(j, ESV_R_RSP_041, "header/functionExecutionStatus", "status %s, subjectCode %s, reasonCode %s", a, b,
              c);
    }
}

/* Verifies der as one message and carries its findings here under
 * prefix; offsets kept when der is one member's bytes. */
static void jverify(jstate *j, const esv_ctx *ctx, const esv_trust *trust, esv_rsp_session *s,
                    const uint8_t *der, size_t len, const char *prefix, int keep_offset)
{
    esv_report *sub = NULL;
    esv_status st;
    if (j->st != ESV_OK)
        return;
    st = esv_rsp_verify(ctx, trust, s, der, len, &sub);
    if (sub == NULL) {
        j->st = st;
        return;
    }
    j->st = esv_report_merge(j->r, sub, prefix, keep_offset, 0);
    esv_report_free(sub);
}

/* The members that carry one ES10b object as base64. */
static const char *const single[] = {
    "authenticateServerResponse", "prepareDownloadResponse", "pendingNotification",
    "cancelSessionResponse", "boundProfilePackage",
};

static void jdispatch(jstate *j, const esv_ctx *ctx, const esv_trust *trust, esv_rsp_session *s)
{
    esv_buf m, inner;
    uint8_t tid[16], *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    size_t tid_len = 0, al = 0, bl = 0, cl = 0, dl = 0, i;

    esv_buf_init(&m);
    esv_buf_init(&inner);
    jheader(j);
    for (i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
        if (json_object_get(j->root, single[i]) == NULL)
            continue;
        if ((a = jb64(j, single[i], &al)) == NULL)
            return;
        /* SGP.22 6.5.2: the request's transactionId is the session's */
        if (json_object_get(j->root, "transactionId") != NULL && jtid(j, tid, &tid_len) && s != NULL) {
            const uint8_t *known;
            size_t kn;
            if (esv_rsp_session_get(s, ESV_RSP_TRANSACTION_ID, &known, &kn) == ESV_OK && known != NULL &&
                (kn != tid_len || memcmp(known, tid, kn) != 0))
                jfind(j, ESV_R_RSP_005, "transactionId", "the request's transactionId is not the session's");
            else if (known == NULL && esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, tid, tid_len) == ESV_E_NOMEM)
                j->st = ESV_E_NOMEM;
        }
        jverify(j, ctx, trust, s, a, al, single[i], 1);
        free(a);
        return;
    }
    if (json_object_get(j->root, "serverSigned1") != NULL) {
        /* InitiateAuthenticationOkEs9 ::= SEQUENCE { transactionId [0],
         * serverSigned1, serverSignature1 (5F37 DO), euiccCiPKIdToBeUsed
         * (04 DO), serverCertificate } */
        if (jtid(j, tid, &tid_len) && (a = jb64(j, "serverSigned1", &al)) != NULL &&
            (b = jb64(j, "serverSignature1", &bl)) != NULL && (c = jb64(j, "euiccCiPKIdToBeUsed", &cl)) != NULL &&
            (d = jb64(j, "serverCertificate", &dl)) != NULL) {
            esv_buf_der_tlv(&inner, 0x80, tid, tid_len);
            esv_buf_append(&inner, a, al);
            esv_buf_append(&inner, b, bl);
            esv_buf_append(&inner, c, cl);
            esv_buf_append(&inner, d, dl);
            esv_buf_der_tlv(&m, 0x30, inner.data, inner.len);
            if (inner.failed || m.failed)
                j->st = ESV_E_NOMEM;
            else
                jverify(j, ctx, trust, s, (const uint8_t *)m.data, m.len, "initiateAuthenticationResponse", 0);
        } else if (j->st == ESV_OK && j->r->count == 0) {
            jfind(j, ESV_R_RSP_042, NULL, "an InitiateAuthentication response lacks a member (transactionId, "
                                          "serverSigned1, serverSignature1, euiccCiPKIdToBeUsed, serverCertificate)");
        }
    } else if (json_object_get(j->root, "smdpSigned2") != NULL) {
        /* AuthenticateClientResponseEs9 ::= [59] { [0] { transactionId,
         * profileMetaData (BF25), smdpSigned2, smdpSignature2, smdpCertificate } } */
        if (jtid(j, tid, &tid_len) && (a = jb64(j, "profileMetadata", &al)) != NULL &&
            (b = jb64(j, "smdpSigned2", &bl)) != NULL && (c = jb64(j, "smdpSignature2", &cl)) != NULL &&
            (d = jb64(j, "smdpCertificate", &dl)) != NULL) {
            esv_buf ok;
            esv_buf_init(&ok);
            esv_buf_der_tlv(&ok, 0x80, tid, tid_len);
            esv_buf_append(&ok, a, al);
            esv_buf_append(&ok, b, bl);
            esv_buf_append(&ok, c, cl);
            esv_buf_append(&ok, d, dl);
            esv_buf_der_tlv(&inner, 0xa0, ok.data, ok.len);
            esv_buf_der_tlv(&m, 0xbf3b, inner.data, inner.len);
            if (ok.failed || inner.failed || m.failed)
                j->st = ESV_E_NOMEM;
            else
                jverify(j, ctx, trust, s, (const uint8_t *)m.data, m.len, "authenticateClientResponse", 0);
            esv_buf_free(&ok);
        } else if (j->st == ESV_OK && j->r->count == 0) {
            jfind(j, ESV_R_RSP_042, NULL, "an AuthenticateClient response lacks a member (transactionId, "
                                          "profileMetadata, smdpSigned2, smdpSignature2, smdpCertificate)");
        }
    } else if (json_object_get(j->root, "euiccChallenge") != NULL) {
        /* InitiateAuthenticationRequest ::= [57] { euiccChallenge [1],
         * smdpAddress [3], euiccInfo1 } */
        size_t addr_len = 0;
        const char *addr = jstr(j, "smdpAddress", &addr_len);
        if (addr != NULL && (a = jb64(j, "euiccChallenge", &al)) != NULL &&
            (b = jb64(j, "euiccInfo1", &bl)) != NULL) {
            esv_buf_der_tlv(&inner, 0x81, a, al);
            esv_buf_der_tlv(&inner, 0x83, addr, addr_len);
            esv_buf_append(&inner, b, bl);
            esv_buf_der_tlv(&m, 0xbf39, inner.data, inner.len);
            if (inner.failed || m.failed)
                j->st = ESV_E_NOMEM;
            else
                jverify(j, ctx, trust, s, (const uint8_t *)m.data, m.len, "initiateAuthenticationRequest", 0);
        } else if (j->st == ESV_OK && j->r->count == 0) {
            jfind(j, ESV_R_RSP_042, NULL,
                  "an InitiateAuthentication request lacks a member (smdpAddress, euiccChallenge, euiccInfo1)");
        }
    } else if (json_object_get(j->root, "header") == NULL || j->r->count == 0) {
        jfind(j, ESV_R_RSP_043, NULL, "no member of an ES9+ function esv verifies");
    }
    free(a);
    free(b);
    free(c);
    free(d);
    esv_buf_free(&inner);
    esv_buf_free(&m);
}

esv_status esv_rsp_verify_json(const esv_ctx *ctx, const esv_trust *trust, esv_rsp_session *session,
                               const uint8_t *body, size_t len, esv_report **out)
{
    jstate j;
    json_error_t err;
    esv_status st;

    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (ctx == NULL || (body == NULL && len > 0))
        return ESV_E_ARG;
    memset(&j, 0, sizeof(j));
    j.r = esv_report_create(ctx, "rsp");
    if (j.r == NULL)
        return ESV_E_NOMEM;
    if ((uint64_t)len > ctx->limits[ESV_LIMIT_INPUT_BYTES]) {
        esv_loc loc = ESV_LOC_NONE;
        esv_report_set_status(j.r, ESV_E_LIMIT);
        j.st = esv_report_add(j.r, ESV_R_DER_018, &loc, "a body of %zu bytes; the limit is %llu", len,
                              (unsigned long long)ctx->limits[ESV_LIMIT_INPUT_BYTES]);
    } else {
        /* RFC 8259 with duplicate members refused (a duplicate is two
         * readings of one message) and NUL in strings refused */
        j.root = json_loadb((const char *)body, len, JSON_REJECT_DUPLICATES, &err);
        if (j.root == NULL || !json_is_object(j.root)) {
            char what[200];
            esv_text_escape(what, sizeof(what), j.root == NULL ? err.text : "the body is not a JSON object",
                            strlen(j.root == NULL ? err.text : "the body is not a JSON object"));
            jfind(&j, ESV_R_RSP_042, NULL, "not a JSON object: %s%s", what,
                  j.root == NULL ? " (line, column as jansson counts)" : "");
        } else {
            jdispatch(&j, ctx, trust, session);
        }
        json_decref(j.root);
    }
    st = j.st;
    if (st != ESV_OK) {
        esv_report_free(j.r);
        return st;
    }
    esv_report_finish(j.r);
    *out = j.r;
    return esv_report_status(j.r);
}

/* ------------------------------------------------------------------ HAR */

static const char *const es9_functions[] = {
    "initiateAuthentication", "authenticateClient", "getBoundProfilePackage", "handleNotification",
    "cancelSession",
};

/* The ES9+ function an entry's URL names, or NULL. */
static const char *es9_function(const char *url)
{
    const char *p = strstr(url, "/gsma/rsp2/es9plus/"), *q;
    size_t i, n;
    if (p == NULL)
        return NULL;
    p += strlen("/gsma/rsp2/es9plus/");
    for (q = p; *q && *q != '?' && *q != '#' && *q != '/'; q++)
        ;
    n = (size_t)(q - p);
    for (i = 0; i < sizeof(es9_functions) / sizeof(es9_functions[0]); i++)
        if (strlen(es9_functions[i]) == n && strncmp(p, es9_functions[i], n) == 0)
            return es9_functions[i];
    return NULL;
}

/* A HAR-level report with one finding. */
static esv_status har_problem(const esv_ctx *ctx, esv_rule_idx rule, const char *what, esv_rsp_report_fn fn,
                              void *opaque)
{
    esv_report *r = esv_report_create(ctx, "rsp");
    esv_loc loc = ESV_LOC_NONE;
    esv_status st;
    int stop;
    if (r == NULL)
        return ESV_E_NOMEM;
    if ((st = esv_report_add(r, rule, &loc, "%s", what)) != ESV_OK) {
        esv_report_free(r);
        return st;
    }
    esv_report_finish(r);
    stop = fn(opaque, "har", r);
    esv_report_free(r);
    return stop ? ESV_E_IO : ESV_OK;
}

/* One body (request or response) of an entry: its text, base64-decoded
 * when the HAR says so. */
static esv_status har_body(const esv_ctx *ctx, const esv_trust *trust, esv_rsp_session *s, json_t *text,
                           json_t *encoding, const char *name, esv_rsp_report_fn fn, void *opaque)
{
    const char *t = json_string_value(text);
    size_t n = json_string_length(text), dl = 0;
    uint8_t *d = NULL;
    esv_report *r = NULL;
    esv_status st;
    int stop;
    if (json_is_string(encoding) && strcmp(json_string_value(encoding), "base64") == 0) {
        if ((st = b64_decode(t, n, &d, &dl)) == ESV_E_NOMEM)
            return st;
        if (st != ESV_OK)
            return har_problem(ctx, ESV_R_RSP_042, "a body marked base64 is not base64", fn, opaque);
        st = esv_rsp_verify_json(ctx, trust, s, d, dl, &r);
    } else {
        st = esv_rsp_verify_json(ctx, trust, s, (const uint8_t *)t, n, &r);
    }
    free(d);
    if (r == NULL)
        return st;
    stop = fn(opaque, name, r);
    esv_report_free(r);
    return stop ? ESV_E_IO : ESV_OK;
}

esv_status esv_rsp_verify_har(const esv_ctx *ctx, const esv_trust *trust, esv_rsp_session *session,
                              const uint8_t *har, size_t len, esv_rsp_report_fn fn, void *opaque)
{
    json_error_t err;
    json_t *root, *entries;
    esv_rsp_session *own = NULL;
    esv_status st = ESV_OK;
    size_t i, found = 0;

    if (ctx == NULL || fn == NULL || (har == NULL && len > 0))
        return ESV_E_ARG;
    if ((uint64_t)len > ctx->limits[ESV_LIMIT_INPUT_BYTES])
        return har_problem(ctx, ESV_R_DER_018, "the HAR is larger than the input limit", fn, opaque);
    root = json_loadb((const char *)har, len, JSON_REJECT_DUPLICATES, &err);
    entries = json_is_object(root) && json_is_object(json_object_get(root, "log"))
                  ? json_object_get(json_object_get(root, "log"), "entries")
                  : NULL;
    if (!json_is_array(entries)) {
        json_decref(root);
        return har_problem(ctx, ESV_R_RSP_042, "not a HAR: no log.entries array", fn, opaque);
    }
    if (session == NULL) {
        if ((st = esv_rsp_session_new(&own)) != ESV_OK) {
            json_decref(root);
            return st;
        }
        session = own;
    }
    for (i = 0; i < json_array_size(entries) && st == ESV_OK; i++) {
        json_t *e = json_array_get(entries, i), *req, *resp, *url, *post, *content;
        const char *f;
        char name[96];
        req = json_object_get(e, "request");
        resp = json_object_get(e, "response");
        url = json_object_get(req, "url");
        if (!json_is_string(url) || (f = es9_function(json_string_value(url))) == NULL)
            continue;
        found++;
        post = json_object_get(req, "postData");
        if (json_is_string(json_object_get(post, "text"))) {
            snprintf(name, sizeof(name), "entry %zu request %s", i, f);
            st = har_body(ctx, trust, session, json_object_get(post, "text"), NULL, name, fn, opaque);
        }
        content = json_object_get(resp, "content");
        if (st == ESV_OK && json_is_string(json_object_get(content, "text")) &&
            json_string_length(json_object_get(content, "text")) > 0) {
            snprintf(name, sizeof(name), "entry %zu response %s", i, f);
            st = har_body(ctx, trust, session, json_object_get(content, "text"), json_object_get(content, "encoding"),
                          name, fn, opaque);
        }
    }
    json_decref(root);
    esv_rsp_session_free(own);
    if (st == ESV_OK && found == 0)
        st = har_problem(ctx, ESV_R_RSP_043, "the HAR holds no ES9+ exchange (/gsma/rsp2/es9plus/...)", fn, opaque);
    return st;
}
