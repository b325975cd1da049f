/*
 * verify.c - esv_cert_verify: certificates in, findings out.
 *
 * 1. Each input is classified (one DER value, or PEM text), walked by the
 *    strict DER reader, parsed (cert.c) and offered to mbedTLS (PKI-002).
 * 2. Leaves: certificates no other input certificate was issued by.
 * 3. Every certificate is checked against its role's profile (the leaf
 *    against the role the caller requires, if any).
 * 4. With a trust, each leaf's chain is built by AKI = SKI (by name only
 *    for a certificate without an AKI) through the inputs to a trusted CI,
 *    and every link is verified: names, AKI, the issuer is a CA, the
 *    pathLenConstraints above, roles (the SGP.22 v3 hierarchy with its
 *    sub-CAs), curve, signature (the cache spares an intermediate's),
 *    validity, revocation, and the EID constraint of every EUM or EUM
 *    SubCA above an eUICC (the GSMA prefix rule). Without a trust this
 *    stage is reported as not performed (PKI-062).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check/der_check.h"
#include "../core/context_internal.h"
#include "crl.h"

/* How a leaf's chain ended. */
typedef enum chain_end {
    CHAIN_BROKEN = 0, /* not a leaf, or an issuer missing or too deep */
    CHAIN_ANCHORED,   /* reached a trusted CI (findings may still fail it) */
    CHAIN_NO_ISSUER   /* its top has no issuer anywhere: not reported yet */
} chain_end;

typedef struct vcert {
    pki_cert c;
    bool parsed, issues_other, used, validity_done;
    /* The link to its issuer (roles, CA, signature, revocation) and the
     * pathLen finding are reported once, however many leaves share it. */
    bool link_done, pathlen_done;
    /* A leaf's chain: how it ended and, for CHAIN_NO_ISSUER, its top. */
    chain_end end;
    size_t top;
    /* Its key, made when it first verifies another certificate (or
     * itself), freed with the verification; NULL when it could not be
     * made (pki_verify_signed then takes the key from the certificate
     * and says why). */
    esv_pubkey *key;
    bool key_made;
    uint8_t hash[ESV_SHA256_LEN]; /* SHA-256 of its DER, when hashed */
    bool hashed;
} vcert;


typedef struct vstate {
    const esv_ctx *ctx;
    const esv_crypto_env *env; /* the context's: read only */
    const esv_trust *trust;
    esv_report *r;
    int64_t now;
    bool has_time; /* the context's time was set: else no validity check */
    vcert *v;
    size_t n;
    bool *anchor_done; /* per trusted CI: profile and validity reported */
} vstate;

/* esv_der_check_values reports each value's verdict here. */
static int note_well_formed(void *opaque, const esv_der_value *v)
{
    *(bool *)opaque = v->well_formed;
    return 0;
}

static bool self_issued(const pki_cert *c)
{
    return pki_name_eq(&c->issuer, &c->subject) &&
           (c->aki.len == 0 || pki_span_eq(&c->aki, &c->ski));
}

/* The role a certificate is checked against. */
static esv_cert_role eff_role(const vcert *x, esv_cert_role required)
{
    if (!x->issues_other && required != ESV_ROLE_ANY)
        return required;
    return x->c.role;
}

static esv_status load_inputs(vstate *s, const esv_blob *in, size_t n, pki_ders *all)
{
    size_t i, j;
    memset(all, 0, sizeof(*all));
    for (i = 0; i < n; i++) {
        pki_ders d;
        esv_status st = pki_split_input(in[i].data, in[i].len, "CERTIFICATE", &d);
        if (st == ESV_E_NOMEM) {
            pki_ders_free(all);
            return st;
        }
        if (st != ESV_OK) {
            esv_loc loc = ESV_LOC_NONE;
            loc.cert = (long)all->n;
            st = esv_report_add(s->r, ESV_R_PKI_001, &loc,
                                "input %zu is PEM text without a well-formed CERTIFICATE block", i);
            if (st != ESV_OK) {
                pki_ders_free(all);
                return st;
            }
            continue;
        }
        for (j = 0; j < d.n; j++) {
            if (all->n >= PKI_MAX_CERTS) {
                pki_ders_free(&d);
                esv_report_set_status(s->r, ESV_E_LIMIT);
                esv_loc loc = ESV_LOC_NONE;
                loc.cert = (long)all->n;
                return esv_report_add(s->r, ESV_R_PKI_064, &loc,
                                      "more than %u certificates in one verification: "
                                      "certificate %zu and the rest are not read",
                                      PKI_MAX_CERTS, all->n);
            }
            uint8_t *der = d.ders[j];
            d.ders[j] = NULL; /* moved: the list owns it now */
            if (pki_ders_push(all, der, d.lens[j]) != 0) {
                pki_ders_free(&d);
                pki_ders_free(all);
                return ESV_E_NOMEM;
            }
        }
        pki_ders_free(&d);
    }
    return ESV_OK;
}

/* x's DER hash (computed once): the certificate's name in the cache.
 * NULL when the backend could not hash (out of memory). */
static const uint8_t *hash_of(vcert *x)
{
    if (!x->hashed && esv_sha256(x->c.der, x->c.len, x->hash) == ESV_CRYPTO_OK)
        x->hashed = true;
    return x->hashed ? x->hash : NULL;
}

/* x's key (made once per verification, or taken from the trust's cache
 * when an earlier verification cached x with it) into *out, NULL when it
 * is not valid. ESV_OK or ESV_E_NOMEM. */
static esv_status key_of(vstate *s, vcert *x, const esv_pubkey **out)
{
    if (!x->key_made) {
        pki_cache *cache = s->trust != NULL ? pki_trust_cache(s->trust) : NULL;
        const uint8_t *h = cache != NULL ? hash_of(x) : NULL;
        x->key = h != NULL ? pki_cache_key(cache, h) : NULL;
        if (x->key == NULL && pki_key_of(&x->c, s->env, &x->key) != ESV_CRYPTO_OK)
            return ESV_E_NOMEM;
        x->key_made = true;
    }
    *out = x->key;
    return ESV_OK;
}

static esv_status parse_all(vstate *s, const pki_ders *all)
{
    size_t i;
    char msg[160];
    for (i = 0; i < all->n; i++) {
        vcert *x = &s->v[i];
        bool well_formed = false; /* stays false when no value was read */
        pki_parse_err err;
        esv_status st = esv_der_check_values(s->r, s->ctx, all->ders[i], all->lens[i], 0, 0,
                                             (long)i, note_well_formed, &well_formed);
        if (st != ESV_OK)
            return st;
        /* A certificate that is not well-formed DER is not parsed; the
         * others still are. */
        if (!well_formed)
            continue;
        if (pki_cert_parse(&x->c, all->ders[i], all->lens[i], (long)i, &err) != 0) {
            esv_loc loc = ESV_LOC_NONE;
            loc.cert = (long)i;
            loc.offset = (int64_t)err.off;
            ESV_GUARD(esv_report_add(s->r, ESV_R_PKI_001, &loc, "%s", err.what));
            continue;
        }
        if (pki_x509_gate(all->ders[i], all->lens[i], msg, sizeof(msg)) != 0)
            PKI_FIND(s->r, PKI_002, &x->c, NULL, NULL, "mbedTLS rejects the certificate: %s", msg);
        x->parsed = true;
    }
    return ESV_OK;
}

/* Does `iss` link as c's issuer? A certificate with an AKI links by key
 * identifier only (with name_too, the name must match as well: the first
 * pass of find_issuer prefers such a candidate); a present AKI that
 * matches no subjectKeyIdentifier never links by name: GSMA's test CIs
 * share one name across keys and curves, and a name match would blame
 * the wrong key. Only a certificate without an AKI links by name. */
static bool issued_by(const pki_cert *c, const pki_cert *iss, bool name_too)
{
    bool name = pki_name_eq(&c->issuer, &iss->subject);
    if (c->aki.len)
        return pki_span_eq(&c->aki, &iss->ski) && (name || !name_too);
    return name;
}

static void find_leaves(vstate *s)
{
    size_t i, j;
    for (i = 0; i < s->n; i++)
        for (j = 0; j < s->n; j++)
            if (i != j && s->v[i].parsed && s->v[j].parsed && !self_issued(&s->v[i].c) &&
                issued_by(&s->v[i].c, &s->v[j].c, false))
                s->v[j].issues_other = true;
}

static esv_status check_anchor(vstate *s, size_t ai)
{
    const pki_anchor *a = &s->trust->cis[ai];
    char path[32];
    if (s->anchor_done[ai])
        return ESV_OK;
    s->anchor_done[ai] = true;
    snprintf(path, sizeof(path), "ci[%zu]", ai);
    /* Trusted as a CI: its own policy must say CI too. */
    if (a->c.role != ESV_ROLE_ANY && a->c.role != ESV_ROLE_CI)
        PKI_FIND(s->r, PKI_026, &a->c, NULL, path,
                 "trusted CI certificate carries the policy of a %s certificate",
                 esv_cert_role_name(a->c.role));
    ESV_GUARD(pki_check_profile(&a->c, ESV_ROLE_CI, s->env, s->r, path));
    if (a->selfsig == ESV_CRYPTO_UNSUPPORTED)
        PKI_FIND(s->r, PKI_010, &a->c, &a->c.sig, path,
                 "CI self-signature made with an FRP256v1 key: not verified");
    else if (a->selfsig != ESV_CRYPTO_OK && pki_name_eq(&a->c.issuer, &a->c.subject))
        PKI_FIND(s->r, PKI_056, &a->c, &a->c.sig, path, "CI self-signature does not verify");
    return s->has_time ? pki_check_validity(&a->c, s->r, s->now, path) : ESV_OK;
}

static esv_status check_validity_once(vstate *s, vcert *x)
{
    if (x->validity_done)
        return ESV_OK;
    x->validity_done = true;
    return s->has_time ? pki_check_validity(&x->c, s->r, s->now, NULL) : ESV_OK;
}

/* Revocation of c (issued by iss) by the trust's CRLs of iss (RFC 5280
 * 6.3.3): each must verify with iss's key, be a complete CRL (crl.c says
 * which are not) and have c in its scope. When none of them covers c, c's
 * revocation was not checked, and the report says so and why. */
static esv_status check_revocation(vstate *s, const pki_cert *c, const pki_cert *iss,
                                   const esv_pubkey *iss_key, bool iss_trusted)
{
    size_t i, of_issuer = 0, unverified = 0, not_complete = 0, out_of_scope = 0;
    bool covered = false;
    char path[32];
    for (i = 0; i < s->trust->n_crl; i++) {
        pki_crl *crl = &s->trust->crls[i];
        int verdict;
        if (!pki_name_eq(&crl->issuer, &iss->subject))
            continue;
        if (crl->aki.len && iss->ski.len && !pki_span_eq(&crl->aki, &iss->ski))
            continue;
        of_issuer++;
        snprintf(path, sizeof(path), "crl[%zu]", i);
        verdict = iss_trusted ? atomic_load(&crl->verdict) : 0;
        if (verdict == 0) {
            esv_crypto_rc rc = pki_verify_signed(&crl->sigalg, &crl->tbs, &crl->sig, iss,
                                                 iss_key);
            if (rc == ESV_CRYPTO_NOMEM)
                return ESV_E_NOMEM;
            verdict = rc == ESV_CRYPTO_OK ? 1 : 2;
            if (iss_trusted)
                atomic_store(&crl->verdict, verdict);
        }
        if (verdict != 1) {
            esv_loc loc = ESV_LOC_NONE;
            loc.path = path;
            unverified++;
            ESV_GUARD(esv_report_add(s->r, ESV_R_PKI_053, &loc,
                                     "CRL of the certificate's issuer: signature does not verify "
                                     "(or is not ecdsa-with-SHA256); not applied"));
            continue;
        }
        /* RFC 5280 5.2, 5.3, 6.3.3: only a complete CRL of the issuer
         * shows that a serial it does not list is not revoked; a delta,
         * partitioned or indirect CRL, or one with a critical extension
         * esv does not process, is not used at all. Its signature is
         * checked first: one that does not verify is not the issuer's. */
        if (crl->not_applied != NULL) {
            esv_loc loc = ESV_LOC_NONE;
            loc.path = path;
            not_complete++;
            ESV_GUARD(esv_report_add(s->r, ESV_R_PKI_063, &loc,
                                     "CRL of the certificate's issuer not applied: %s",
                                     crl->not_applied));
            continue;
        }
        /* RFC 5280 6.3.3 (b)(2): a CRL whose issuingDistributionPoint
         * limits it to user (or CA) certificates says nothing of the
         * others: it does not cover c, and that is no defect of it. */
        if (!pki_crl_covers(crl, c)) {
            out_of_scope++;
            continue;
        }
        covered = true;
        if (s->has_time && (s->now < crl->this_update || s->now > crl->next_update)) {
            esv_loc loc = ESV_LOC_NONE;
            loc.path = path;
            ESV_GUARD(esv_report_add(s->r, ESV_R_PKI_054, &loc, "CRL %s at the verification time",
                                     s->now < crl->this_update ? "not yet issued" : "past its nextUpdate"));
        }
        if (pki_crl_lists(crl, &c->serial)) {
            char hex[48];
            PKI_FIND(s->r, PKI_052, c, &c->serial, NULL, "serial %s is listed in crl[%zu]",
                     pki_hex(&c->serial, hex, sizeof(hex)), i);
        }
    }
    if (covered)
        return ESV_OK;
    /* Not a defect of c, but a lab must see that nothing vouched for it. */
    if (of_issuer == 0)
        PKI_FIND(s->r, PKI_067, c, NULL, NULL,
                 "revocation not checked: no CRL of its issuer given (CRLs in the trust: %zu)",
                 s->trust->n_crl);
    else
        PKI_FIND(s->r, PKI_067, c, NULL, NULL,
                 "revocation not checked: no CRL of its issuer was applied to it (of its %zu: "
                 "%zu not verified, %zu not complete, %zu whose issuingDistributionPoint leaves "
                 "it out)",
                 of_issuer, unverified, not_complete, out_of_scope);
    return ESV_OK;
}

/* "certificate N" or "ci[i]", for messages. */
static const char *who(const pki_cert *c, long ai, char *out, size_t cap)
{
    if (ai >= 0)
        snprintf(out, cap, "ci[%ld]", ai);
    else
        snprintf(out, cap, "certificate %ld", c->index);
    return out;
}

static bool eid_in(const pki_span *eid, const pki_span *list, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (pki_prefix_ok(&list[i]) && list[i].len <= eid->len &&
            memcmp(list[i].p, eid->p, list[i].len) == 0)
            return true;
    return false;
}

/* The EID constraint of a CA above an eUICC (an EUM, an EUM SubCA, or any
 * CA carrying one) applied to that eUICC: the GSMA prefix rule (SGP.22
 * v2.5 4.5.2.1.0.3, 4.5.2.2), not RFC 5280 subtree matching. Each
 * constraint present (nameConstraints prefixes, permittedEins, O) must
 * hold. */
static esv_status check_eid(vstate *s, const pki_cert *euicc, const pki_cert *ca, long ai)
{
    const pki_span *eid = &euicc->subject.serial;
    char a[80], b[80], w[32];
    static const char *const SRC[2] = {"nameConstraints", "permittedEins"};
    const pki_span *lists[2] = {ca->nc_prefixes, ca->eins};
    size_t ns[2] = {ca->n_nc_prefixes, ca->n_eins};
    int k;
    if (euicc->subject.has_serial && pki_eid_digits_ok(eid)) { /* else PKI-043 says so */
        for (k = 0; k < 2; k++) {
            if (ns[k] == 0 || eid_in(eid, lists[k], ns[k]))
                continue;
            PKI_FIND(s->r, PKI_045, euicc, eid, NULL,
                     "EID %s does not start with %s%s of the %s prefixes of %s",
                     pki_text(eid, a, sizeof(a)),
                     ns[k] == 1 ? pki_text(&lists[k][0], b, sizeof(b)) : "any",
                     ns[k] == 1 ? ", the only one" : "", SRC[k], who(ca, ai, w, sizeof(w)));
        }
    }
    if (ca->nc_o.len && (!euicc->subject.has_o || !pki_span_eq(&ca->nc_o, &euicc->subject.o)))
        PKI_FIND(s->r, PKI_046, euicc, euicc->subject.has_o ? &euicc->subject.o : NULL, NULL,
                 "eUICC subject O \"%s\" differs from the constraint's O \"%s\" (%s)",
                 euicc->subject.has_o ? pki_text(&euicc->subject.o, a, sizeof(a)) : "",
                 pki_text(&ca->nc_o, b, sizeof(b)), who(ca, ai, w, sizeof(w)));
    return ESV_OK;
}

/* Finds c's issuer, as issued_by links: a trusted CI (*ai) or an input
 * (*vi); among several key matches, one whose subject is c's issuer name
 * first. */
static bool find_issuer(const vstate *s, const pki_cert *c, size_t self, long *ai, long *vi)
{
    size_t i;
    int pass;
    *ai = *vi = -1;
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; s->trust && i < s->trust->n_ci; i++)
            if (issued_by(c, &s->trust->cis[i].c, pass == 0)) {
                *ai = (long)i;
                return true;
            }
        for (i = 0; i < s->n; i++)
            if (i != self && s->v[i].parsed && issued_by(c, &s->v[i].c, pass == 0)) {
                *vi = (long)i;
                return true;
            }
    }
    return false;
}

/* A certificate (trusted CI or input) with c's issuer name, for the
 * message when no key identifier matched. */
static bool find_by_name(const vstate *s, const pki_cert *c, size_t self, bool inputs_only,
                         long *ai, const pki_cert **found)
{
    size_t i;
    *ai = -1;
    for (i = 0; s->trust && !inputs_only && i < s->trust->n_ci; i++)
        if (pki_name_eq(&c->issuer, &s->trust->cis[i].c.subject)) {
            *ai = (long)i;
            *found = &s->trust->cis[i].c;
            return true;
        }
    for (i = 0; i < s->n; i++)
        if (i != self && s->v[i].parsed && pki_name_eq(&c->issuer, &s->v[i].c.subject)) {
            *found = &s->v[i].c;
            return true;
        }
    return false;
}

/* c's issuer is nowhere: PKI-050, with PKI-029 when a certificate of the
 * issuer's name holds another key (the AKI says it is not the issuer). */
static esv_status report_no_issuer(vstate *s, size_t self)
{
    const pki_cert *c = &s->v[self].c, *named = NULL;
    char hex[48], hex2[48], w[32];
    long nai;
    bool has_named = find_by_name(s, c, self, false, &nai, &named);
    if (c->aki.len && has_named)
        PKI_FIND(s->r, PKI_029, c, &c->aki, NULL,
                 "authorityKeyIdentifier %s, but %s, which has the issuer's name, has key "
                 "identifier %s: not its issuer",
                 pki_hex(&c->aki, hex, sizeof(hex)), who(named, nai, w, sizeof(w)),
                 named->ski.len ? pki_hex(&named->ski, hex2, sizeof(hex2)) : "(none)");
    PKI_FIND(s->r, PKI_050, c, NULL, NULL,
             "no issuer %s%s among the inputs and the %zu trusted CIs",
             c->aki.len ? "with key identifier " : "named as its issuer",
             c->aki.len ? pki_hex(&c->aki, hex, sizeof(hex)) : "", s->trust->n_ci);
    return ESV_OK;
}

/* Invariants every issuer holds, whatever the roles say (RFC 5280 6.1.4):
 * it is a CA (basicConstraints cA TRUE, keyUsage keyCertSign: (k), (n)),
 * and its pathLenConstraint admits the non-self-issued intermediates
 * below it ((l), (m)); `below` counts them. */
static esv_status check_issuer_is_ca(vstate *s, vcert *x, const pki_cert *iss, long ai,
                                     size_t below)
{
    const pki_cert *c = &x->c;
    const pki_ext *ku = pki_ext_get(iss, PKI_EXT_KU);
    bool is_ca = pki_asserts_ca(iss);
    bool kcs = ku && !ku->malformed && (iss->ku & PKI_KU_KEY_CERT_SIGN);
    char w[32];
    if ((!is_ca || !kcs) && !x->link_done)
        PKI_FIND(s->r, PKI_065, c, NULL, NULL, "issued by %s, which is not a CA: %s%s%s",
                 who(iss, ai, w, sizeof(w)), is_ca ? "" : "basicConstraints cA is not TRUE",
                 !is_ca && !kcs ? ", " : "", kcs ? "" : "keyUsage lacks keyCertSign");
    if (is_ca && iss->pathlen >= 0 && below > (size_t)iss->pathlen && !x->pathlen_done) {
        x->pathlen_done = true;
        PKI_FIND(s->r, PKI_066, c, NULL, NULL,
                 "%s has pathLenConstraint %ld, but %zu CA certificate%s stand%s below it on "
                 "this chain",
                 who(iss, ai, w, sizeof(w)), iss->pathlen, below, below == 1 ? "" : "s",
                 below == 1 ? "s" : "");
    }
    return ESV_OK;
}

static esv_status verify_link(vstate *s, vcert *x, esv_cert_role c_role, const pki_cert *iss,
                              const esv_pubkey *iss_key, esv_cert_role iss_role, bool iss_trusted,
                              const uint8_t *iss_hash, long ai)
{
    const pki_cert *c = &x->c;
    const uint8_t *c_hash;
    char w[32];
    if (!pki_name_eq(&c->issuer, &iss->subject) && !iss_trusted)
        PKI_FIND(s->r, PKI_047, c, &c->issuer.raw, NULL,
                 "issuer name differs from the subject of its issuer (certificate %ld)", iss->index);
    /* A trusted CI anchors by its key (a CI re-issued under another name,
     * as SGP.26's 2017 and 2020 test CIs, still anchors); the name still
     * matches one of the trusted CIs holding that key, or is reported. */
    if (iss_trusted && !pki_name_eq(&c->issuer, &iss->subject)) {
        size_t i;
        bool named = false;
        for (i = 0; i < s->trust->n_ci && !named; i++)
            named = pki_span_eq(&s->trust->cis[i].c.pubkey, &iss->pubkey) &&
                    pki_name_eq(&s->trust->cis[i].c.subject, &c->issuer);
        if (!named)
            PKI_FIND(s->r, PKI_068, c, &c->issuer.raw, NULL,
                     "issuer name differs from the subject of %s, which holds the issuer's key; "
                     "no trusted CI with that key has the name",
                     who(iss, ai, w, sizeof(w)));
    }
    /* The issuance rule holds whatever the roles: a certificate of no RSP
     * role neither issues nor is issued in an RSP chain. */
    if (iss_role == ESV_ROLE_ANY)
        PKI_FIND(s->r, PKI_051, c, NULL, NULL,
                 "issued by %s, which has no recognised RSP role: it may not issue certificates",
                 who(iss, ai, w, sizeof(w)));
    else if (c_role == ESV_ROLE_ANY)
        PKI_FIND(s->r, PKI_051, c, NULL, NULL,
                 "a certificate of no recognised RSP role issued by a %s certificate (%s)",
                 esv_cert_role_name(iss_role), who(iss, ai, w, sizeof(w)));
    else if (!pki_role_can_issue(iss_role, c_role))
        PKI_FIND(s->r, PKI_051, c, NULL, NULL, "a %s certificate issued by a %s certificate (%s)",
                 esv_cert_role_name(c_role), esv_cert_role_name(iss_role),
                 who(iss, ai, w, sizeof(w)));
    if (c->curve != ESV_CURVE_NONE && iss->curve != ESV_CURVE_NONE && c->curve != iss->curve)
        PKI_FIND(s->r, PKI_012, c, &c->curve_oid, NULL, "key on %s, issuer's key on %s",
                 c->curve == ESV_CURVE_P256 ? "P-256" : c->curve == ESV_CURVE_BP256R1 ? "brainpoolP256r1" : "FRP256v1",
                 iss->curve == ESV_CURVE_P256 ? "P-256" : iss->curve == ESV_CURVE_BP256R1 ? "brainpoolP256r1" : "FRP256v1");

    /* The signature; an intermediate under a trusted CI may be cached. */
    uint8_t key[64];
    pki_cache *cache = pki_trust_cache(s->trust); /* read once: set_cache may swap it */
    bool cacheable = iss_trusted && cache && pki_role_is_ca(c_role);
    /* No cache without the certificate's hash (a backend's SHA-256 fails
     * only out of memory): never look up a key that was not written. */
    if (cacheable && (c_hash = hash_of(x)) == NULL)
        cacheable = false;
    if (cacheable) {
        memcpy(key, c_hash, 32);
        memcpy(key + 32, iss_hash, 32);
        if (pki_cache_lookup(cache, key))
            return ESV_OK;
    }
    esv_crypto_rc rc = pki_verify_signature(c, iss, iss_key);
    switch (rc) {
    case ESV_CRYPTO_OK:
        if (cacheable) /* with c's key when it was made (c issued another) */
            pki_cache_insert(cache, key, x->key);
        break;
    case ESV_CRYPTO_NOMEM:
        return ESV_E_NOMEM;
    case ESV_CRYPTO_UNSUPPORTED:
        PKI_FIND(s->r, PKI_010, c, &c->sig, NULL,
                 "signature made with an FRP256v1 key: not verified, the chain is not trusted");
        break;
    case ESV_CRYPTO_BAD_KEY:
        PKI_FIND(s->r, PKI_014, c, &c->sig, NULL,
                 "signature not verified: the issuer's public key is not a valid point");
        break;
    case ESV_CRYPTO_BAD_INPUT:
        PKI_FIND(s->r, PKI_014, c, &c->sig, NULL,
                 "signature not verified: not a DER ECDSA signature with SHA-256");
        break;
    default:
        PKI_FIND(s->r, PKI_014, c, &c->sig, NULL,
                 "signature does not verify with the issuer's key (%s)",
                 iss_trusted ? "a trusted CI" : "an input certificate");
        break;
    }
    return ESV_OK;
}

/* Builds and verifies the chain of leaf `leaf`; its vcert's end says how
 * it ended (CHAIN_NO_ISSUER: top, the last certificate reached, has no
 * issuer anywhere; not reported yet). */
static esv_status verify_chain(vstate *s, size_t leaf, esv_cert_role required)
{
    chain_end *end = &s->v[leaf].end;
    size_t cur = leaf, depth, below = 0;
    const pki_cert *lc = &s->v[leaf].c;
    bool leaf_is_euicc = eff_role(&s->v[leaf], required) == ESV_ROLE_EUICC;
    *end = CHAIN_BROKEN;
    for (depth = 0; depth < PKI_MAX_DEPTH; depth++) {
        vcert *x = &s->v[cur];
        const pki_cert *c = &x->c;
        esv_cert_role c_role = depth == 0 ? eff_role(x, required) : x->c.role;
        long ai, vi;
        x->used = true;
        ESV_GUARD(check_validity_once(s, x));
        /* below: the non-self-issued intermediates under c's issuer */
        if (depth > 0 && !self_issued(c))
            below++;

        if (self_issued(c)) {
            /* A CI given as input: trusted when it is one of the trusted
             * CIs, byte for byte, or holds a trusted CI's key and its
             * self-signature verifies (a re-issued CI). */
            size_t i;
            for (i = 0; i < s->trust->n_ci; i++) {
                const pki_anchor *a = &s->trust->cis[i];
                if (!pki_span_eq(&a->c.pubkey, &c->pubkey))
                    continue;
                *end = CHAIN_ANCHORED;
                if (a->len == c->len && memcmp(a->der, c->der, c->len) == 0)
                    return ESV_OK;
                const esv_pubkey *k;
                ESV_GUARD(key_of(s, x, &k));
                esv_crypto_rc rc = pki_verify_signature(c, c, k);
                if (rc == ESV_CRYPTO_NOMEM)
                    return ESV_E_NOMEM;
                if (rc != ESV_CRYPTO_OK)
                    PKI_FIND(s->r, PKI_056, c, &c->sig, NULL,
                             "self-issued certificate with a trusted CI's key: its self-signature "
                             "does not verify");
                return ESV_OK;
            }
            PKI_FIND(s->r, PKI_050, c, NULL, NULL,
                     "self-issued certificate whose key is not one of the %zu trusted CIs",
                     s->trust->n_ci);
            return ESV_OK;
        }
        if (!find_issuer(s, c, cur, &ai, &vi)) {
            *end = CHAIN_NO_ISSUER; /* reported by the caller */
            s->v[leaf].top = cur;
            return ESV_OK;
        }
        const pki_cert *iss = ai >= 0 ? &s->trust->cis[ai].c : &s->v[vi].c;
        ESV_GUARD(check_issuer_is_ca(s, x, iss, ai, below));
        if (x->link_done) {
            /* verified on another leaf's chain */
        } else if (ai >= 0) {
            const pki_anchor *a = &s->trust->cis[ai];
            ESV_GUARD(verify_link(s, x, c_role, &a->c, a->key, ESV_ROLE_CI, true, a->hash, ai));
            ESV_GUARD(check_revocation(s, c, &a->c, a->key, true));
        } else {
            vcert *ix = &s->v[vi];
            const esv_pubkey *ik;
            ESV_GUARD(key_of(s, ix, &ik));
            ESV_GUARD(verify_link(s, x, c_role, &ix->c, ik, ix->c.role, false, NULL, -1));
            ESV_GUARD(check_revocation(s, c, &ix->c, ik, false));
        }
        x->link_done = true;
        /* SGP.22 v3: the EID constraint of every EUM and EUM SubCA above
         * the eUICC applies to it, not only its direct issuer's. */
        if (leaf_is_euicc && pki_has_eid_constraint(iss))
            ESV_GUARD(check_eid(s, lc, iss, ai));
        if (ai >= 0) {
            *end = CHAIN_ANCHORED;
            return check_anchor(s, (size_t)ai);
        }
        cur = (size_t)vi;
    }
    PKI_FIND(s->r, PKI_050, &s->v[leaf].c, NULL, NULL,
             "chain longer than %u certificates without reaching a trusted CI", PKI_MAX_DEPTH);
    return ESV_OK;
}

/* SM-DP+ auth and pb certificates supplied together name one SM-DP+. */
static esv_status check_dp_oids(vstate *s)
{
    size_t i, j;
    char a[64], b[64];
    for (i = 0; i < s->n; i++) {
        const pki_cert *p = &s->v[i].c;
        if (!s->v[i].parsed || p->role != ESV_ROLE_DP_PB || !p->has_rid)
            continue;
        for (j = 0; j < s->n; j++) {
            const pki_cert *q = &s->v[j].c;
            if (s->v[j].parsed && q->role == ESV_ROLE_DP_AUTH && q->has_rid &&
                !pki_span_eq(&p->rid, &q->rid))
                PKI_FIND(s->r, PKI_031, p, &p->rid, NULL,
                         "profile-binding certificate names SM-DP+ %s, auth certificate %ld names %s",
                         pki_oid_text(&p->rid, a, sizeof(a)), q->index,
                         pki_oid_text(&q->rid, b, sizeof(b)));
        }
    }
    return ESV_OK;
}

static esv_status run(vstate *s, const pki_ders *all, esv_cert_role required)
{
    size_t i;
    bool anchored = false;
    ESV_GUARD(parse_all(s, all));
    find_leaves(s);
    for (i = 0; i < s->n; i++) {
        vcert *x = &s->v[i];
        if (!x->parsed)
            continue;
        esv_cert_role role = eff_role(x, required);
        if (!x->issues_other && required != ESV_ROLE_ANY && x->c.role != ESV_ROLE_ANY &&
            x->c.role != required)
            PKI_FIND(s->r, PKI_026, &x->c, NULL, NULL, "certificate is a %s certificate, %s required",
                     esv_cert_role_name(x->c.role), esv_cert_role_name(required));
        ESV_GUARD(pki_check_profile(&x->c, role, s->env, s->r, NULL));
        ESV_GUARD(check_validity_once(s, x));
    }
    ESV_GUARD(check_dp_oids(s));
    if (!s->has_time) {
        esv_loc loc = ESV_LOC_NONE;
        ESV_GUARD(esv_report_add(s->r, ESV_R_PKI_069, &loc,
                                 "not performed: no verification time given "
                                 "(esv_ctx_set_time); notBefore/notAfter and the CRLs' "
                                 "thisUpdate/nextUpdate were not checked"));
    }
    if (s->trust == NULL) {
        /* A PASS says what it covers: without a CI nothing was chained. */
        esv_loc loc = ESV_LOC_NONE;
        return esv_report_add(s->r, ESV_R_PKI_062, &loc,
                              "not performed: no trusted CI given; signatures, issuers, roles "
                              "along the chain, the EID prefix rule and revocation were not checked");
    }
    for (i = 0; i < s->n; i++) {
        if (s->v[i].parsed && !s->v[i].issues_other) {
            ESV_GUARD(verify_chain(s, i, required));
            anchored = anchored || s->v[i].end == CHAIN_ANCHORED;
        }
    }
    /* A leaf whose chain ends in a certificate with no issuer anywhere,
     * given beside a chain that reached a trusted CI, is an unrelated
     * extra (a certificate of another PKI, say: GSMA's test CIs of every
     * curve and year share one name): reported as unused and not
     * verified, not a failure of the chain. A leaf of the role the caller
     * requires is never extra, nor one whose top names another input as
     * its issuer (it claims a place in this set). */
    for (i = 0; i < s->n; i++) {
        const vcert *x = &s->v[i];
        const pki_cert *named = NULL, *top;
        long nai = -1;
        if (x->end != CHAIN_NO_ISSUER)
            continue;
        top = &s->v[x->top].c;
        bool input_named = find_by_name(s, top, x->top, true, &nai, &named);
        if (anchored && (required == ESV_ROLE_ANY || x->c.role != required) && !input_named) {
            char hex[48], above[48] = "";
            esv_loc loc = pki_loc(&x->c, NULL, NULL);
            if (x->top != i)
                snprintf(above, sizeof(above), " above it, certificate %zu,", x->top);
            ESV_GUARD(esv_report_add(s->r, ESV_R_PKI_055, &loc,
                                "certificate is on no chain to a trusted CI:%s no issuer %s%s "
                                "among the inputs and the trusted CIs; it was not verified",
                                above, top->aki.len ? "with key identifier " : "of its issuer name",
                                top->aki.len ? pki_hex(&top->aki, hex, sizeof(hex)) : ""));
        } else {
            ESV_GUARD(report_no_issuer(s, x->top));
        }
    }
    for (i = 0; i < s->n; i++)
        if (s->v[i].parsed && !s->v[i].used)
            PKI_FIND(s->r, PKI_055, &s->v[i].c, NULL, NULL,
                     "certificate is on no chain from the leaves to a trusted CI");
    return ESV_OK;
}

esv_status esv_cert_verify(const esv_ctx *ctx, const esv_trust *trust, const esv_blob *inputs,
                           size_t n, esv_cert_role role, esv_report **out)
{
    vstate s;
    pki_ders all;
    esv_status st;
    size_t i;
    int is_set;

    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (ctx == NULL || (inputs == NULL && n > 0) || (unsigned)role > ESV_ROLE_DS_SUBCA)
        return ESV_E_ARG;
    for (i = 0; i < n; i++)
        if (inputs[i].data == NULL && inputs[i].len > 0)
            return ESV_E_ARG;
    memset(&s, 0, sizeof(s));
    s.ctx = ctx;
    s.env = esv_ctx_crypto(ctx);
    s.trust = trust;
    /* esv never reads the clock (context.h): without a time set, validity
     * is not checked, and the report says so (PKI-069) */
    s.now = esv_ctx_time(ctx, &is_set);
    s.has_time = is_set != 0;
    s.r = esv_report_create(ctx, "cert");
    if (s.r == NULL)
        return ESV_E_NOMEM;
    st = load_inputs(&s, inputs, n, &all);
    if (st == ESV_OK && all.n == 0 && s.r->count == 0) {
        esv_loc loc = ESV_LOC_NONE;
        st = esv_report_add(s.r, ESV_R_PKI_001, &loc, "no certificate in the input");
    }
    if (st == ESV_OK && all.n > 0) {
        s.n = all.n;
        s.v = calloc(all.n, sizeof(*s.v));
        s.anchor_done = calloc(trust && trust->n_ci ? trust->n_ci : 1, sizeof(bool));
        if (s.v == NULL || s.anchor_done == NULL)
            st = ESV_E_NOMEM;
        else
            st = run(&s, &all, role);
    }
    for (i = 0; s.v != NULL && i < s.n; i++)
        esv_pubkey_free(s.v[i].key);
    free(s.v);
    free(s.anchor_done);
    pki_ders_free(&all);
    if (st != ESV_OK) {
        esv_report_free(s.r);
        return st;
    }
    esv_report_finish(s.r);
    *out = s.r;
    return esv_report_status(s.r);
}
