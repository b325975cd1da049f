/*
 * roles.c - RSP certificate roles, their policy OIDs, and small helpers
 * (names, EIDs, text for messages).
 *
 * Policy OIDs: id-rspRole = 2.23.146.1.2.1 (SGP.22 v2.x: {id-rspRole n},
 * n = 0 CI, 1 eUICC, 2 EUM, 3 SM-DP+ TLS, 4 SM-DP+ auth, 5 SM-DP+ pb,
 * 6 SM-DS TLS, 7 SM-DS auth). SGP.22 v3.1 annex H keeps CI at
 * {id-rspRole 0} and moves the others under it: EUM 0.0.0, eUICC
 * 0.0.0.0.0, SM-DP+ TLS/auth/pb 0.0.1.0/.1/.2, SM-DS TLS/auth 0.0.2.0/.1
 * (arcs confirmed against two independent transcriptions of annex H).
 */
#include <stdio.h>
#include <string.h>

#include "pki.h"
#include "../core/buf.h"

/* id-rspRole contents prefix: 2.23.146.1.2.1 */
static const uint8_t RSP_ROLE[] = {0x67, 0x81, 0x12, 0x01, 0x02, 0x01};

#define NO_V2 0xffu /* the sub-CA roles have no v2 OID */

/* The arcs under id-rspRole: v2 {id-rspRole n}; v3 (SGP.22 v3.1 annex H)
 * a tree under id-rspRole-ci: ci-subca 0.0, eum 0.0.0, eum-subca 0.0.0.0,
 * euicc 0.0.0.0.0, dp-subca 0.0.1 (tls .0, auth .1, pb .2), ds-subca
 * 0.0.2 (tls .0, auth .1). */
static const struct {
    esv_cert_role role;
    uint8_t v2;
    uint8_t v3[5];
    size_t v3_len;
} ROLE_OIDS[] = {
    {ESV_ROLE_CI, 0, {0}, 1},
    {ESV_ROLE_EUICC, 1, {0, 0, 0, 0, 0}, 5},
    {ESV_ROLE_EUM, 2, {0, 0, 0}, 3},
    {ESV_ROLE_DP_TLS, 3, {0, 0, 1, 0}, 4},
    {ESV_ROLE_DP_AUTH, 4, {0, 0, 1, 1}, 4},
    {ESV_ROLE_DP_PB, 5, {0, 0, 1, 2}, 4},
    {ESV_ROLE_DS_TLS, 6, {0, 0, 2, 0}, 4},
    {ESV_ROLE_DS_AUTH, 7, {0, 0, 2, 1}, 4},
    {ESV_ROLE_CI_SUBCA, NO_V2, {0, 0}, 2},
    {ESV_ROLE_EUM_SUBCA, NO_V2, {0, 0, 0, 0}, 4},
    {ESV_ROLE_DP_SUBCA, NO_V2, {0, 0, 1}, 3},
    {ESV_ROLE_DS_SUBCA, NO_V2, {0, 0, 2}, 3},
};

esv_cert_role pki_role_of_policy(const pki_span *oid, bool *v3)
{
    size_t i, rest;
    const uint8_t *tail;
    *v3 = false;
    if (oid->len <= sizeof(RSP_ROLE) || memcmp(oid->p, RSP_ROLE, sizeof(RSP_ROLE)) != 0)
        return ESV_ROLE_ANY;
    tail = oid->p + sizeof(RSP_ROLE);
    rest = oid->len - sizeof(RSP_ROLE);
    for (i = 0; i < sizeof(ROLE_OIDS) / sizeof(ROLE_OIDS[0]); i++) {
        if (rest == 1 && tail[0] == ROLE_OIDS[i].v2)
            return ROLE_OIDS[i].role; /* the CI's OID is the same in v2 and v3 */
        if (rest == ROLE_OIDS[i].v3_len && rest > 1 &&
            memcmp(tail, ROLE_OIDS[i].v3, rest) == 0) {
            *v3 = true;
            return ROLE_OIDS[i].role;
        }
    }
    return ESV_ROLE_ANY;
}

bool pki_role_is_subca(esv_cert_role role)
{
    return role == ESV_ROLE_CI_SUBCA || role == ESV_ROLE_EUM_SUBCA ||
           role == ESV_ROLE_DP_SUBCA || role == ESV_ROLE_DS_SUBCA;
}

bool pki_role_is_ca(esv_cert_role role)
{
    return role == ESV_ROLE_CI || role == ESV_ROLE_EUM || pki_role_is_subca(role);
}

bool pki_role_is_tls(esv_cert_role role)
{
    return role == ESV_ROLE_DP_TLS || role == ESV_ROLE_DS_TLS;
}

static bool is_dp_leaf(esv_cert_role r)
{
    return r == ESV_ROLE_DP_AUTH || r == ESV_ROLE_DP_PB || r == ESV_ROLE_DP_TLS;
}

static bool is_ds_leaf(esv_cert_role r)
{
    return r == ESV_ROLE_DS_AUTH || r == ESV_ROLE_DS_TLS;
}

bool pki_role_can_issue(esv_cert_role issuer, esv_cert_role subject)
{
    switch (issuer) {
    case ESV_ROLE_CI:
    case ESV_ROLE_CI_SUBCA:
        /* The CI issues what a CI SubCA issues, and CI SubCAs. */
        if (subject == ESV_ROLE_CI_SUBCA)
            return issuer == ESV_ROLE_CI;
        return subject == ESV_ROLE_EUM || subject == ESV_ROLE_DP_SUBCA ||
               subject == ESV_ROLE_DS_SUBCA || is_dp_leaf(subject) || is_ds_leaf(subject);
    case ESV_ROLE_EUM:
        return subject == ESV_ROLE_EUM_SUBCA || subject == ESV_ROLE_EUICC;
    case ESV_ROLE_EUM_SUBCA:
        return subject == ESV_ROLE_EUICC;
    case ESV_ROLE_DP_SUBCA:
        return is_dp_leaf(subject);
    case ESV_ROLE_DS_SUBCA:
        return is_ds_leaf(subject);
    default:
        return false;
    }
}

static const char *const ROLE_NAMES[] = {"any",      "ci",        "eum",      "euicc",
                                         "dp-auth",  "dp-pb",     "dp-tls",   "ds-auth",
                                         "ds-tls",   "ci-subca",  "eum-subca", "dp-subca",
                                         "ds-subca"};

const char *esv_cert_role_name(esv_cert_role role)
{
    if ((unsigned)role >= sizeof(ROLE_NAMES) / sizeof(ROLE_NAMES[0]))
        return "?";
    return ROLE_NAMES[role];
}

static const char *const ROLE_TEXT[] = {
    "",
    "CI (root): policy 2.23.146.1.2.1.0 (v2 and v3); self-signed, issues everything below",
    "EUM: policy 2.23.146.1.2.1.2 (v2, variant O) or 2.23.146.1.2.1.0.0.0 (v3); "
    "issued by the CI or a CI SubCA; issues EUM SubCAs and eUICCs within its EID constraint",
    "eUICC: policy 2.23.146.1.2.1.1 or 2.23.146.1.2.1.0.0.0.0.0; issued by an EUM or EUM SubCA",
    "SM-DP+ authentication: policy 2.23.146.1.2.1.4 or 2.23.146.1.2.1.0.0.1.1; "
    "issued by the CI, a CI SubCA or an SM-DP+ SubCA",
    "SM-DP+ profile binding: policy 2.23.146.1.2.1.5 or 2.23.146.1.2.1.0.0.1.2; as SM-DP+ auth",
    "SM-DP+ TLS: policy 2.23.146.1.2.1.3 or 2.23.146.1.2.1.0.0.1.0; as SM-DP+ auth",
    "SM-DS authentication: policy 2.23.146.1.2.1.7 or 2.23.146.1.2.1.0.0.2.1; "
    "issued by the CI, a CI SubCA or an SM-DS SubCA",
    "SM-DS TLS: policy 2.23.146.1.2.1.6 or 2.23.146.1.2.1.0.0.2.0; as SM-DS auth",
    "CI SubCA (v3): policy 2.23.146.1.2.1.0.0; issued by the CI; issues EUMs, SM-DP+ and "
    "SM-DS SubCAs and certificates",
    "EUM SubCA (v3): policy 2.23.146.1.2.1.0.0.0.0; issued by an EUM; issues eUICCs",
    "SM-DP+ SubCA (v3): policy 2.23.146.1.2.1.0.0.1; issued by the CI or a CI SubCA; "
    "issues SM-DP+ auth, pb and TLS certificates",
    "SM-DS SubCA (v3): policy 2.23.146.1.2.1.0.0.2; issued by the CI or a CI SubCA; "
    "issues SM-DS auth and TLS certificates",
};

const char *esv_cert_role_description(esv_cert_role role)
{
    if ((unsigned)role >= sizeof(ROLE_TEXT) / sizeof(ROLE_TEXT[0]))
        return "?";
    return ROLE_TEXT[role];
}

esv_status esv_cert_role_parse(const char *name, esv_cert_role *out)
{
    size_t i;
    if (name == NULL || out == NULL)
        return ESV_E_ARG;
    for (i = 0; i < sizeof(ROLE_NAMES) / sizeof(ROLE_NAMES[0]); i++) {
        if (strcmp(name, ROLE_NAMES[i]) == 0) {
            *out = (esv_cert_role)i;
            return ESV_OK;
        }
    }
    return ESV_E_NOTFOUND;
}

bool pki_span_eq(const pki_span *a, const pki_span *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

bool pki_name_eq(const pki_name *a, const pki_name *b)
{
    return pki_span_eq(&a->raw, &b->raw);
}

static bool all_digits(const pki_span *s)
{
    size_t i;
    for (i = 0; i < s->len; i++)
        if (s->p[i] < '0' || s->p[i] > '9')
            return false;
    return true;
}

bool pki_eid_digits_ok(const pki_span *eid)
{
    return eid->len == 32 && all_digits(eid);
}

/* ISO/IEC 7064 MOD 97-10 as SGP.29 uses it: the 32-digit EID, read as a
 * number, is 1 modulo 97. */
bool pki_eid_check_ok(const pki_span *eid)
{
    unsigned rem = 0;
    size_t i;
    if (!pki_eid_digits_ok(eid))
        return false;
    for (i = 0; i < eid->len; i++)
        rem = (rem * 10 + (unsigned)(eid->p[i] - '0')) % 97;
    return rem == 1;
}

bool pki_prefix_ok(const pki_span *prefix)
{
    return prefix->len >= 1 && prefix->len <= 32 && all_digits(prefix);
}

const char *pki_hex(const pki_span *s, char *out, size_t cap)
{
    return esv_hex_text(out, cap, s->p, s->len); /* the one hex formatter for messages */
}

const char *pki_text(const pki_span *s, char *out, size_t cap)
{
    size_t i, o = 0;
    if (cap == 0)
        return out;
    for (i = 0; i < s->len && o + 1 < cap; i++)
        out[o++] = (s->p[i] >= 0x20 && s->p[i] < 0x7f) ? (char)s->p[i] : '?';
    out[o] = '\0';
    return out;
}

const char *pki_oid_text(const pki_span *s, char *out, size_t cap)
{
    if (der_oid_to_text(s->p, s->len, out, cap, NULL) != DER_OK)
        snprintf(out, cap, "?");
    return out;
}

esv_loc pki_loc(const pki_cert *c, const pki_span *at, const char *path)
{
    esv_loc l = ESV_LOC_NONE;
    l.cert = c->index;
    l.offset = at ? (int64_t)at->off : -1;
    l.path = path;
    return l;
}
