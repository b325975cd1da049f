/*
 * test_pki_rules.c - PKI-001..PKI-070: each rule fires on a generated
 * defect variant of a default test hierarchy (tests/support/pki_builder.h),
 * on the expected certificate (input order; trust material by its path
 * "ci[i]" / "crl[i]") with its production severity from lib/rules/pki.def,
 * while a neighbouring rule stays quiet; the untouched default hierarchies
 * (both curves, both policy generations) are clean. A last test checks that
 * every PKI- rule of the catalogue was made to fire here.
 *
 * Variants the builder cannot make are derived at test time by byte
 * surgery on a built certificate (re-encoding the enclosing lengths).
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "pki_builder.h"
#include "pki_check.h"
#include "testutil.h"

/* ------------------------------------------------------------ the rules */

#define E ESV_SEV_ERROR
#define W ESV_SEV_WARNING
#define I ESV_SEV_INFO

/* Every PKI- rule with its production severity (lib/rules/pki.def): the
 * list of rules these tests make fire. Each entry is asserted to have
 * fired (see expect_fires) by test_coverage, which runs last. */
static const struct {
    const char *id;
    esv_severity prod;
} RULES[] = {
    {"PKI-001", E}, {"PKI-002", E}, {"PKI-003", E}, {"PKI-004", E}, {"PKI-005", E},
    {"PKI-006", E}, {"PKI-007", E}, {"PKI-008", E}, {"PKI-009", E}, {"PKI-010", W},
    {"PKI-011", E}, {"PKI-012", E}, {"PKI-013", E}, {"PKI-014", E}, {"PKI-015", E},
    {"PKI-016", E}, {"PKI-017", E}, {"PKI-018", E}, {"PKI-019", E}, {"PKI-020", E},
    {"PKI-021", E}, {"PKI-022", E}, {"PKI-023", E}, {"PKI-024", E}, {"PKI-025", E},
    {"PKI-026", E}, {"PKI-027", E}, {"PKI-028", E}, {"PKI-029", E}, {"PKI-030", E},
    {"PKI-031", E}, {"PKI-032", E}, {"PKI-033", E}, {"PKI-034", W}, {"PKI-035", E},
    {"PKI-036", E}, {"PKI-037", E}, {"PKI-038", E}, {"PKI-039", E}, {"PKI-040", E},
    {"PKI-041", E}, {"PKI-042", E}, {"PKI-043", E}, {"PKI-044", E}, {"PKI-045", E},
    {"PKI-046", E}, {"PKI-047", E}, {"PKI-048", W}, {"PKI-049", W}, {"PKI-050", E},
    {"PKI-051", E}, {"PKI-052", E}, {"PKI-053", E}, {"PKI-054", W}, {"PKI-055", I},
    {"PKI-056", E}, {"PKI-057", W}, {"PKI-058", E}, {"PKI-059", E}, {"PKI-060", E},
    {"PKI-061", W}, {"PKI-062", I}, {"PKI-063", W}, {"PKI-064", E}, {"PKI-065", E},
    {"PKI-066", E}, {"PKI-067", I}, {"PKI-068", W}, {"PKI-069", I},
    {"PKI-070", E},
};
#define N_RULES (sizeof(RULES) / sizeof(RULES[0]))

/* Which RULES entries were asserted to fire during this run. */
static bool fired[N_RULES];

static size_t rule_slot(const char *id)
{
    size_t i;
    for (i = 0; i < N_RULES; i++)
        if (strcmp(RULES[i].id, id) == 0)
            return i;
    fail_msg("%s is not in the RULES list", id);
    return 0;
}

/* The finding of rule `id` on certificate `cert` (exactly; -1 for trust
 * material) and, when path is not NULL, with that path. */
static const esv_finding *find_on(const esv_report *r, const char *id, long cert, const char *path)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        const char *fp = esv_finding_path(f);
        if (strcmp(esv_finding_rule_id(f), id) == 0 && esv_finding_cert(f) == cert &&
            (path == NULL || (fp != NULL && strcmp(fp, path) == 0)))
            return f;
    }
    return NULL;
}

/* Rule `id` fired on certificate `cert` (or on trust material at `path`,
 * cert -1) with its production severity. */
static void expect_at(const esv_report *r, const char *id, long cert, const char *path)
{
    size_t slot = rule_slot(id);
    const esv_finding *f = find_on(r, id, cert, path);
    if (f == NULL) {
        pc_print(r);
        fail_msg("%s did not fire on cert %ld%s%s", id, cert, path ? " at " : "", path ? path : "");
    }
    if (esv_finding_severity(f) != RULES[slot].prod) {
        pc_print(r);
        fail_msg("%s has severity %s, pki.def says %s under production", id,
                 esv_severity_str(esv_finding_severity(f)), esv_severity_str(RULES[slot].prod));
    }
    fired[slot] = true;
}

static void expect_fires(const esv_report *r, const char *id, long cert)
{
    assert_true(cert >= 0);
    expect_at(r, id, cert, NULL);
}

static void expect_quiet(const esv_report *r, const char *id)
{
    pc_assert_quiet(r, id);
}

/* No finding of any DER- rule. */
static void expect_no_der(const esv_report *r)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++)
        if (strncmp(esv_finding_rule_id(esv_report_finding(r, i)), "DER-", 4) == 0) {
            pc_print(r);
            fail_msg("unexpected DER- finding");
        }
}

/* ------------------------------------------------------------ fixture */

typedef struct fixture {
    pb_pki *pki[2][2];   /* [curve][gen] */
    esv_trust *trust[2][2];
    pb_key *other_key;   /* a P-256 CI key nobody trusts */
    pb_cert *other_ci;   /* its self-signed CI, under another name */
} fixture;

static fixture F;

static int setup(void **state)
{
    int c, g;
    (void)state;
    for (c = 0; c < 2; c++)
        for (g = 0; g < 2; g++) {
            const pb_cert *ci;
            F.pki[c][g] = pb_pki_build((pb_curve)c, (pb_gen)g, 1000u + 100u * (uint32_t)(2 * c + g));
            if (F.pki[c][g] == NULL)
                return -1;
            ci = F.pki[c][g]->ci;
            F.trust[c][g] = pc_trust(&ci, 1, NULL, NULL, 0, 0);
        }
    F.other_key = pb_key_new(PB_P256, 9001);
    if (F.other_key == NULL)
        return -1;
    {
        pb_spec s;
        memset(&s, 0, sizeof(s));
        s.role = PB_CI;
        s.subject = "CN=Other Test CI,O=Other RSP Test,C=XX";
        F.other_ci = pb_cert_build(&s, F.other_key, NULL, NULL);
    }
    return F.other_ci ? 0 : -1;
}

static int teardown(void **state)
{
    int c, g;
    (void)state;
    for (c = 0; c < 2; c++)
        for (g = 0; g < 2; g++) {
            esv_trust_free(F.trust[c][g]);
            pb_pki_free(F.pki[c][g]);
        }
    pb_cert_free(F.other_ci);
    pb_key_free(F.other_key);
    memset(&F, 0, sizeof(F));
    return 0;
}

static const pb_pki *P(pb_curve c, pb_gen g)
{
    return F.pki[c][g];
}

static const pb_key *key_of(const pb_pki *p, pb_role r)
{
    switch (r) {
    case PB_CI: return p->ci_key;
    case PB_EUM: return p->eum_key;
    case PB_EUICC: return p->euicc_key;
    case PB_DP_AUTH: return p->dpauth_key;
    case PB_DP_PB: return p->dppb_key;
    case PB_DP_TLS: return p->dptls_key;
    case PB_DS_AUTH: return p->dsauth_key;
    default: return p->dstls_key;
    }
}

/* A certificate of spec s->role in hierarchy p, with its default key and
 * issuer (CI: self-signed; eUICC: the EUM; the others: the CI). */
static pb_cert *build_spec(const pb_pki *p, pb_spec *s)
{
    pb_cert *c;
    s->gen = p->gen;
    if (s->role == PB_CI)
        c = pb_cert_build(s, p->ci_key, NULL, NULL);
    else if (s->role == PB_EUICC)
        c = pb_cert_build(s, p->euicc_key, p->eum, p->eum_key);
    else
        c = pb_cert_build(s, key_of(p, s->role), p->ci, p->ci_key);
    assert_non_null(c);
    return c;
}

static pb_cert *build(const pb_pki *p, pb_role role, uint64_t defects)
{
    pb_spec s;
    memset(&s, 0, sizeof(s));
    s.role = role;
    s.defects = defects;
    return build_spec(p, &s);
}

#define CERTS(...) ((const pb_cert *const[]){__VA_ARGS__})
#define NCERTS(...) (sizeof(CERTS(__VA_ARGS__)) / sizeof(const pb_cert *))
/* Verifies the given certificates (input order) at PC_T_2030. */
#define VERIFY(trust, role, ...) \
    pc_verify((trust), PC_T_2030, (role), CERTS(__VA_ARGS__), NCERTS(__VA_ARGS__))

static esv_report *verify_der(const esv_trust *t, const uint8_t *der, size_t len)
{
    esv_blob b;
    b.data = der;
    b.len = len;
    return pc_verify_blobs(t, PC_T_2030, ESV_ROLE_ANY, &b, 1);
}

/* ------------------------------------------------------------ DER surgery */

typedef struct dbuf {
    uint8_t *p;
    size_t len, cap;
} dbuf;

static void db_put(dbuf *b, const uint8_t *d, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2 + 16;
        uint8_t *np = realloc(b->p, cap);
        assert_non_null(np);
        b->p = np;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void db_hdr(dbuf *b, uint8_t tag, size_t len)
{
    uint8_t h[6];
    size_t n = 0;
    h[n++] = tag;
    if (len < 0x80) {
        h[n++] = (uint8_t)len;
    } else if (len < 0x100) {
        h[n++] = 0x81;
        h[n++] = (uint8_t)len;
    } else {
        assert_true(len < 0x10000);
        h[n++] = 0x82;
        h[n++] = (uint8_t)(len >> 8);
        h[n++] = (uint8_t)len;
    }
    db_put(b, h, n);
}

/* Header of the TLV at p[0..n): single-octet tag, definite length. Returns
 * the header size; *len the content length. */
static size_t rd_hdr(const uint8_t *p, size_t n, size_t *len)
{
    size_t h = 2, k;
    assert_true(n >= 2);
    assert_int_not_equal(p[0] & 0x1f, 0x1f);
    if (p[1] < 0x80) {
        *len = p[1];
    } else {
        size_t nb = p[1] & 0x7f;
        assert_true(nb >= 1 && nb <= 3 && n >= 2 + nb);
        *len = 0;
        for (k = 0; k < nb; k++)
            *len = (*len << 8) | p[2 + k];
        h += nb;
    }
    assert_true(h + *len <= n);
    return h;
}

/* Re-encodes p[0..n) with every primitive TLV equal to `from` replaced by
 * `to`, fixing the lengths of the constructed TLVs around it. Returns the
 * number of replacements. */
static size_t rewrite(const uint8_t *p, size_t n, const uint8_t *from, size_t fl,
                      const uint8_t *to, size_t tl, dbuf *out)
{
    size_t o = 0, count = 0;
    while (o < n) {
        size_t len, h = rd_hdr(p + o, n - o, &len);
        if (p[o] & 0x20) {
            dbuf in = {0};
            count += rewrite(p + o + h, len, from, fl, to, tl, &in);
            db_hdr(out, p[o], in.len);
            db_put(out, in.p, in.len);
            free(in.p);
        } else if (h + len == fl && memcmp(p + o, from, fl) == 0) {
            db_put(out, to, tl);
            count++;
        } else {
            db_put(out, p + o, h + len);
        }
        o += h + len;
    }
    return count;
}

/* A copy of c's DER with exactly one primitive TLV `from` replaced by
 * `to` (the signature no longer matches the TBS). */
static uint8_t *surgery(const pb_cert *c, const uint8_t *from, size_t fl, const uint8_t *to,
                        size_t tl, size_t *len)
{
    dbuf out = {0};
    assert_int_equal(rewrite(c->der, c->len, from, fl, to, tl, &out), 1);
    *len = out.len;
    return out.p;
}

/* ------------------------------------------------------------ EIDs */

/* ISO/IEC 7064 MOD 97-10 check digits of a 30-digit EID body: digits 31-32
 * = 98 - (body || "00") mod 97. Writes the 32-digit EID to out[33]. */
static void eid_with_check(const char *body30, char out[33])
{
    unsigned r = 0;
    size_t i;
    assert_int_equal(strlen(body30), 30);
    for (i = 0; i < 30; i++) {
        assert_true(body30[i] >= '0' && body30[i] <= '9');
        r = (r * 10 + (unsigned)(body30[i] - '0')) % 97;
    }
    r = (r * 100) % 97;
    r = 98 - r;
    memcpy(out, body30, 30);
    out[30] = (char)('0' + r / 10);
    out[31] = (char)('0' + r % 10);
    out[32] = '\0';
}

/* ------------------------------------------------------------ clean */

static void clean_one(const pb_pki *p, const esv_trust *t)
{
    static const esv_cert_role leaf_roles[] = {ESV_ROLE_DP_AUTH, ESV_ROLE_DP_PB, ESV_ROLE_DP_TLS,
                                               ESV_ROLE_DS_AUTH, ESV_ROLE_DS_TLS};
    const pb_cert *leaves[5];
    esv_report *r;
    size_t i;
    leaves[0] = p->dpauth;
    leaves[1] = p->dppb;
    leaves[2] = p->dptls;
    leaves[3] = p->dsauth;
    leaves[4] = p->dstls;

    /* eUICC + EUM: any role, the eUICC role required */
    r = VERIFY(t, ESV_ROLE_ANY, p->euicc, p->eum);
    pc_assert_clean(r);
    esv_report_free(r);
    r = VERIFY(t, ESV_ROLE_EUICC, p->euicc, p->eum);
    pc_assert_clean(r);
    esv_report_free(r);
    /* in the other order too */
    r = VERIFY(t, ESV_ROLE_EUICC, p->eum, p->euicc);
    pc_assert_clean(r);
    esv_report_free(r);
    for (i = 0; i < 5; i++) {
        r = VERIFY(t, ESV_ROLE_ANY, leaves[i]);
        pc_assert_clean(r);
        esv_report_free(r);
        r = VERIFY(t, leaf_roles[i], leaves[i]);
        pc_assert_clean(r);
        esv_report_free(r);
    }
    /* all at once, one shared CI */
    r = VERIFY(t, ESV_ROLE_ANY, p->euicc, p->eum, p->dpauth, p->dppb, p->dptls, p->dsauth,
               p->dstls);
    pc_assert_clean(r);
    esv_report_free(r);
}

static void test_clean(void **state)
{
    int c, g;
    (void)state;
    for (c = 0; c < 2; c++)
        for (g = 0; g < 2; g++) {
            const pb_pki *p = P((pb_curve)c, (pb_gen)g);
            clean_one(p, F.trust[c][g]);
            clean_one(p, NULL); /* profile and validity only */
        }
}

/* ------------------------------------------------------------ table */

/* One defect of one certificate, verified in its place in the default
 * chain: an eUICC as [eUICC, EUM] (cert 0), an EUM as [eUICC, EUM] (cert
 * 1), a CI as the trust anchor under [SM-DP+ auth] (cert -1, "ci[0]"), any
 * other leaf alone (cert 0), against a trust holding the CI. */
typedef struct dcase {
    uint64_t defect;
    pb_role role;
    pb_gen gen;
    const char *rule;
    const char *also;       /* another rule expected on the same certificate */
    const char *quiet[3];   /* neighbours that must stay quiet */
} dcase;

static const dcase CASES[] = {
    {PB_D_VERSION_1, PB_DP_AUTH, PB_GEN_V2, "PKI-003", NULL, {"PKI-004", "PKI-005", "PKI-014"}},
    {PB_D_SERIAL_ZERO, PB_DP_AUTH, PB_GEN_V2, "PKI-061", NULL, {"PKI-004", "PKI-003", "PKI-014"}},
    {PB_D_SERIAL_NEGATIVE, PB_DS_AUTH, PB_GEN_V2, "PKI-004", NULL, {"PKI-003", "PKI-014"}},
    {PB_D_SERIAL_LONG, PB_EUICC, PB_GEN_V2, "PKI-004", NULL, {"PKI-003", "PKI-014"}},
    {PB_D_SIG_SHA384, PB_DP_AUTH, PB_GEN_V2, "PKI-005", "PKI-014", {"PKI-006", "PKI-007", "PKI-013"}},
    {PB_D_SIGALG_NULL_PARAMS, PB_DP_AUTH, PB_GEN_V2, "PKI-006", NULL, {"PKI-005", "PKI-007", "PKI-013"}},
    {PB_D_SIGALG_MISMATCH, PB_DP_PB, PB_GEN_V2, "PKI-007", NULL, {"PKI-005", "PKI-006"}},
    {PB_D_SIGALG_MISMATCH, PB_EUICC, PB_GEN_V2, "PKI-007", "PKI-002", {"PKI-005", "PKI-006"}},
    {PB_D_BAD_SIGNATURE, PB_DP_AUTH, PB_GEN_V2, "PKI-014", NULL, {"PKI-013", "PKI-005", "PKI-050"}},
    {PB_D_BAD_SIGNATURE, PB_EUICC, PB_GEN_V2, "PKI-014", NULL, {"PKI-013", "PKI-047"}},
    {PB_D_BAD_SIGNATURE, PB_EUM, PB_GEN_V2, "PKI-014", NULL, {"PKI-013", "PKI-045"}},
    {PB_D_PUBKEY_OFF_CURVE, PB_DP_AUTH, PB_GEN_V2, "PKI-011", "PKI-002", {"PKI-008", "PKI-009", "PKI-014"}},
    {PB_D_UNKNOWN_CRIT_EXT, PB_DP_AUTH, PB_GEN_V2, "PKI-015", NULL, {"PKI-016", "PKI-060"}},
    {PB_D_DUP_EXT, PB_DS_TLS, PB_GEN_V2, "PKI-016", NULL, {"PKI-015", "PKI-060", "PKI-019"}},
    {PB_D_NO_KEYUSAGE, PB_DP_AUTH, PB_GEN_V2, "PKI-017", NULL, {"PKI-018", "PKI-019"}},
    {PB_D_KEYUSAGE_NONCRIT, PB_DP_AUTH, PB_GEN_V2, "PKI-018", NULL, {"PKI-017", "PKI-019"}},
    {PB_D_KEYUSAGE_NONCRIT, PB_EUM, PB_GEN_V3, "PKI-018", NULL, {"PKI-017", "PKI-019"}},
    {PB_D_KEYUSAGE_WRONG, PB_DP_AUTH, PB_GEN_V2, "PKI-019", NULL, {"PKI-017", "PKI-018"}},
    {PB_D_KEYUSAGE_WRONG, PB_EUM, PB_GEN_V2, "PKI-019", NULL, {"PKI-017", "PKI-018"}},
    {PB_D_KEYUSAGE_WRONG, PB_CI, PB_GEN_V2, "PKI-019", NULL, {"PKI-017", "PKI-018"}},
    {PB_D_NO_BASICCONS, PB_EUM, PB_GEN_V2, "PKI-020", NULL, {"PKI-021", "PKI-022"}},
    {PB_D_BASICCONS_NONCRIT, PB_EUM, PB_GEN_V3, "PKI-020", NULL, {"PKI-021", "PKI-022"}},
    {PB_D_NO_BASICCONS, PB_CI, PB_GEN_V2, "PKI-020", NULL, {"PKI-021", "PKI-022"}},
    {PB_D_CA_FALSE, PB_EUM, PB_GEN_V2, "PKI-021", NULL, {"PKI-020", "PKI-022"}},
    {PB_D_CA_FALSE, PB_CI, PB_GEN_V2, "PKI-021", NULL, {"PKI-020", "PKI-022"}},
    {PB_D_LEAF_CA_TRUE, PB_DP_TLS, PB_GEN_V2, "PKI-021", NULL, {"PKI-020", "PKI-022"}},
    {PB_D_LEAF_CA_TRUE, PB_EUICC, PB_GEN_V3, "PKI-021", NULL, {"PKI-020", "PKI-022"}},
    {PB_D_PATHLEN, PB_EUM, PB_GEN_V2, "PKI-022", NULL, {"PKI-020", "PKI-021"}},
    {PB_D_PATHLEN, PB_CI, PB_GEN_V2, "PKI-022", NULL, {"PKI-020", "PKI-021"}},
    {PB_D_NO_POLICIES, PB_DP_AUTH, PB_GEN_V2, "PKI-023", "PKI-049", {"PKI-024", "PKI-025"}},
    {PB_D_NO_POLICIES, PB_EUM, PB_GEN_V3, "PKI-023", "PKI-049", {"PKI-024", "PKI-025"}},
    {PB_D_POLICIES_NONCRIT, PB_DP_AUTH, PB_GEN_V2, "PKI-024", NULL, {"PKI-023", "PKI-025"}},
    {PB_D_POLICIES_NONCRIT, PB_EUICC, PB_GEN_V3, "PKI-024", NULL, {"PKI-023", "PKI-025"}},
    {PB_D_POLICIES_NONCRIT, PB_CI, PB_GEN_V2, "PKI-024", NULL, {"PKI-023", "PKI-025"}},
    {PB_D_POLICY_EXTRA, PB_DP_PB, PB_GEN_V2, "PKI-025", NULL, {"PKI-023", "PKI-024"}},
    {PB_D_POLICY_EXTRA, PB_EUM, PB_GEN_V3, "PKI-025", NULL, {"PKI-023", "PKI-024"}},
    {PB_D_NO_SKI, PB_DP_AUTH, PB_GEN_V2, "PKI-027", NULL, {"PKI-028", "PKI-029"}},
    {PB_D_NO_SKI, PB_EUICC, PB_GEN_V2, "PKI-027", NULL, {"PKI-028", "PKI-029"}},
    {PB_D_NO_AKI, PB_DP_AUTH, PB_GEN_V2, "PKI-028", NULL, {"PKI-027", "PKI-029", "PKI-050"}},
    {PB_D_NO_AKI, PB_EUICC, PB_GEN_V3, "PKI-028", NULL, {"PKI-027", "PKI-029", "PKI-050"}},
    /* a present AKI that matches no key never links by name: no chain
     * (PKI-050), and no signature check against the named certificate */
    {PB_D_AKI_WRONG, PB_DP_AUTH, PB_GEN_V2, "PKI-029", "PKI-050", {"PKI-028", "PKI-014", "PKI-012"}},
    {PB_D_AKI_WRONG, PB_EUICC, PB_GEN_V2, "PKI-029", "PKI-050", {"PKI-028", "PKI-014", "PKI-055"}},
    {PB_D_NO_SAN, PB_DP_AUTH, PB_GEN_V2, "PKI-030", NULL, {"PKI-035", "PKI-057"}},
    {PB_D_SAN_NO_RID, PB_DS_AUTH, PB_GEN_V3, "PKI-030", NULL, {"PKI-035", "PKI-057"}},
    {PB_D_SAN_NO_RID, PB_DP_TLS, PB_GEN_V2, "PKI-030", NULL, {"PKI-035", "PKI-032"}},
    {PB_D_NO_EKU, PB_DP_TLS, PB_GEN_V2, "PKI-032", NULL, {"PKI-033", "PKI-035"}},
    {PB_D_EKU_CLIENT_ONLY, PB_DS_TLS, PB_GEN_V3, "PKI-032", NULL, {"PKI-033", "PKI-035"}},
    {PB_D_EKU_ON_NON_TLS, PB_DP_AUTH, PB_GEN_V2, "PKI-033", NULL, {"PKI-032", "PKI-035"}},
    {PB_D_EKU_ON_NON_TLS, PB_EUICC, PB_GEN_V2, "PKI-033", NULL, {"PKI-032", "PKI-035"}},
    {PB_D_NO_CRLDP, PB_DP_AUTH, PB_GEN_V2, "PKI-034", NULL, {"PKI-030", "PKI-033"}},
    {PB_D_NO_CRLDP, PB_EUM, PB_GEN_V3, "PKI-034", NULL, {"PKI-040", "PKI-033"}},
    {PB_D_NO_DNS, PB_DP_TLS, PB_GEN_V2, "PKI-035", NULL, {"PKI-030", "PKI-032"}},
    {PB_D_NO_DNS, PB_DS_TLS, PB_GEN_V3, "PKI-035", NULL, {"PKI-030", "PKI-032"}},
    {PB_D_TIME_GENERALIZED, PB_DP_AUTH, PB_GEN_V2, "PKI-038", NULL, {"PKI-039", "PKI-036", "PKI-037"}},
    {PB_D_VALIDITY_INVERTED, PB_DP_AUTH, PB_GEN_V2, "PKI-039", "PKI-036", {"PKI-038"}},
    {PB_D_NO_EID_CONSTRAINT, PB_EUM, PB_GEN_V2, "PKI-040", NULL, {"PKI-041", "PKI-045", "PKI-058"}},
    {PB_D_NO_EID_CONSTRAINT, PB_EUM, PB_GEN_V3, "PKI-040", NULL, {"PKI-041", "PKI-045", "PKI-058"}},
    {PB_D_NC_NONCRIT, PB_EUM, PB_GEN_V2, "PKI-041", NULL, {"PKI-040", "PKI-045", "PKI-042"}},
    {PB_D_NC_EXCLUDED, PB_EUM, PB_GEN_V2, "PKI-041", NULL, {"PKI-040", "PKI-045", "PKI-042"}},
    {PB_D_NC_NOT_DIRNAME, PB_EUM, PB_GEN_V2, "PKI-041", "PKI-040", {"PKI-042", "PKI-060"}},
    {PB_D_PREFIX_BAD, PB_EUM, PB_GEN_V2, "PKI-042", NULL, {"PKI-040", "PKI-041"}},
    {PB_D_PREFIX_BAD, PB_EUM, PB_GEN_V3, "PKI-042", NULL, {"PKI-040", "PKI-058"}},
    {PB_D_EID_SHORT, PB_EUICC, PB_GEN_V2, "PKI-043", NULL, {"PKI-044", "PKI-045"}},
    {PB_D_NO_EID, PB_EUICC, PB_GEN_V3, "PKI-043", NULL, {"PKI-044", "PKI-045"}},
    {PB_D_EID_BAD_CHECK, PB_EUICC, PB_GEN_V2, "PKI-044", NULL, {"PKI-043", "PKI-045"}},
    {PB_D_ISSUER_NAME_WRONG, PB_EUICC, PB_GEN_V2, "PKI-047", NULL, {"PKI-029", "PKI-050", "PKI-014"}},
    {PB_D_SUBJECT_NO_O, PB_DP_AUTH, PB_GEN_V2, "PKI-048", NULL, {"PKI-047", "PKI-049"}},
    {PB_D_SUBJECT_NO_O, PB_CI, PB_GEN_V3, "PKI-048", NULL, {"PKI-056", "PKI-049"}},
    {PB_D_ISSUER_NAME_WRONG, PB_CI, PB_GEN_V2, "PKI-056", NULL, {"PKI-048", "PKI-014"}},
    {PB_D_BAD_SIGNATURE, PB_CI, PB_GEN_V3, "PKI-056", NULL, {"PKI-014", "PKI-050"}},
    {PB_D_NO_SAN, PB_CI, PB_GEN_V2, "PKI-057", NULL, {"PKI-030", "PKI-056"}},
    {PB_D_PERMITTED_EINS_BAD, PB_EUM, PB_GEN_V3, "PKI-058", NULL, {"PKI-060", "PKI-040"}},
    {PB_D_NC_ON_LEAF, PB_DP_AUTH, PB_GEN_V2, "PKI-059", NULL, {"PKI-040", "PKI-041"}},
    {PB_D_NC_ON_LEAF, PB_EUICC, PB_GEN_V3, "PKI-059", NULL, {"PKI-040", "PKI-041"}},
    /* the role comes from the policy: TLS names on an auth certificate */
    {PB_D_DNS_ON_NON_TLS, PB_DP_PB, PB_GEN_V2, "PKI-033", NULL, {"PKI-032", "PKI-035"}},
    {PB_D_DNS_ON_NON_TLS, PB_DS_AUTH, PB_GEN_V3, "PKI-033", NULL, {"PKI-032", "PKI-030"}},
    /* a trusted CI whose own policy names another role */
    {PB_D_POLICY_OTHER_ROLE, PB_CI, PB_GEN_V3, "PKI-026", NULL, {"PKI-025", "PKI-056"}},
    /* RFC 5280 4.1.2.5.2: no fractional seconds */
    {PB_D_TIME_FRACTION, PB_EUICC, PB_GEN_V2, "PKI-038", NULL, {"PKI-039", "PKI-037"}},
};

static void run_case(const dcase *k, pb_curve curve)
{
    const pb_pki *p = P(curve, k->gen);
    const esv_trust *t = F.trust[curve][k->gen];
    pb_cert *bad = build(p, k->role, k->defect);
    esv_trust *own = NULL;
    esv_report *r;
    long at = 0;
    const char *path = NULL;
    size_t q;

    if (k->role == PB_CI) {
        own = pc_trust((const pb_cert *const *)&bad, 1, NULL, NULL, 0, 0);
        r = VERIFY(own, ESV_ROLE_ANY, p->dpauth);
        at = -1;
        path = "ci[0]";
    } else if (k->role == PB_EUICC) {
        r = VERIFY(t, ESV_ROLE_ANY, bad, p->eum);
    } else if (k->role == PB_EUM) {
        r = VERIFY(t, ESV_ROLE_ANY, p->euicc, bad);
        at = 1;
    } else {
        r = VERIFY(t, ESV_ROLE_ANY, bad);
    }
    expect_at(r, k->rule, at, path);
    if (k->also)
        expect_at(r, k->also, at, path);
    for (q = 0; q < 3 && k->quiet[q]; q++)
        expect_quiet(r, k->quiet[q]);
    esv_report_free(r);
    esv_trust_free(own);
    pb_cert_free(bad);
}

static void test_defects_p256(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++)
        run_case(&CASES[i], PB_P256);
}

static void test_defects_brainpool(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++)
        run_case(&CASES[i], PB_BP256);
}

/* ------------------------------------------------------------ one rule each */

/* PKI-001: DER that is not a Certificate; DER- (not PKI-001) for bad DER. */
static void test_pki001_structure(void **state)
{
    static const uint8_t seq_int[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    esv_report *r;
    esv_blob b[2];
    (void)state;

    r = verify_der(F.trust[0][0], seq_int, sizeof(seq_int));
    expect_fires(r, "PKI-001", 0);
    expect_no_der(r);
    expect_quiet(r, "PKI-002");
    esv_report_free(r);

    /* second in the input: numbered 1, the first certificate unaffected */
    b[0].data = p->dpauth->der;
    b[0].len = p->dpauth->len;
    b[1].data = seq_int;
    b[1].len = sizeof(seq_int);
    r = pc_verify_blobs(F.trust[0][0], PC_T_2030, ESV_ROLE_ANY, b, 2);
    expect_fires(r, "PKI-001", 1);
    assert_null(find_on(r, "PKI-001", 0, NULL));
    esv_report_free(r);

    /* without a trust too */
    r = verify_der(NULL, seq_int, sizeof(seq_int));
    expect_fires(r, "PKI-001", 0);
    esv_report_free(r);

    /* a truncated certificate is malformed DER: a DER- rule, not PKI-001 */
    r = verify_der(F.trust[0][0], p->dpauth->der, p->dpauth->len - 1);
    assert_true(esv_report_finding_count(r) > 0);
    assert_int_equal(strncmp(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-", 4), 0);
    assert_int_equal(esv_finding_cert(esv_report_finding(r, 0)), 0);
    expect_quiet(r, "PKI-001");
    esv_report_free(r);

    /* PEM text without a CERTIFICATE block */
    {
        static const char pem[] = "-----BEGIN X509 CRL-----\nMAMCAQE=\n-----END X509 CRL-----\n";
        r = verify_der(F.trust[0][0], (const uint8_t *)pem, sizeof(pem) - 1);
        expect_fires(r, "PKI-001", 0);
        esv_report_free(r);
    }
}

/* PKI-002: a certificate esv parses but mbedTLS refuses. */
static void test_pki002_mbedtls(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_cert *c = build(p, PB_DS_AUTH, PB_D_PUBKEY_OFF_CURVE);
    esv_report *r;
    (void)state;
    r = VERIFY(NULL, ESV_ROLE_ANY, c);
    expect_fires(r, "PKI-002", 0);
    expect_quiet(r, "PKI-001");
    esv_report_free(r);
    pb_cert_free(c);
    /* the default certificate is accepted */
    r = VERIFY(NULL, ESV_ROLE_ANY, p->dsauth);
    expect_quiet(r, "PKI-002");
    esv_report_free(r);
}

/* PKI-008: the SPKI algorithm is rsaEncryption, not id-ecPublicKey. */
static void test_pki008_not_ec(void **state)
{
    static const uint8_t ec[] = {0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
    static const uint8_t rsa[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    size_t len;
    uint8_t *der = surgery(p->dpauth, ec, sizeof(ec), rsa, sizeof(rsa), &len);
    esv_report *r;
    (void)state;
    r = verify_der(F.trust[0][0], der, len);
    expect_fires(r, "PKI-008", 0);
    expect_fires(r, "PKI-014", 0); /* the TBS changed */
    expect_quiet(r, "PKI-009");
    expect_quiet(r, "PKI-011");
    expect_quiet(r, "PKI-001");
    esv_report_free(r);
    free(der);
}

/* PKI-009: a named curve that SGP.22 does not allow (secp384r1). */
static void test_pki009_curve(void **state)
{
    static const uint8_t p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    static const uint8_t p384[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    size_t len;
    uint8_t *der = surgery(p->dppb, p256, sizeof(p256), p384, sizeof(p384), &len);
    esv_report *r;
    (void)state;
    r = verify_der(F.trust[0][0], der, len);
    expect_fires(r, "PKI-009", 0);
    expect_quiet(r, "PKI-008");
    expect_quiet(r, "PKI-010");
    expect_quiet(r, "PKI-011");
    esv_report_free(r);
    free(der);
}

/* PKI-010: an FRP256v1 key (the OID swapped in; the point is left as it is:
 * esv does not check FRP256v1 points). The chain then mixes curves. */
static void test_pki010_frp256(void **state)
{
    static const uint8_t p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    static const uint8_t frp[] = {0x06, 0x0a, 0x2a, 0x81, 0x7a, 0x01, 0x81,
                                  0x5f, 0x65, 0x82, 0x00, 0x01};
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    size_t len;
    uint8_t *der = surgery(p->dsauth, p256, sizeof(p256), frp, sizeof(frp), &len);
    esv_report *r;
    (void)state;
    r = verify_der(F.trust[0][0], der, len);
    expect_fires(r, "PKI-010", 0);
    expect_fires(r, "PKI-012", 0);
    expect_quiet(r, "PKI-008");
    expect_quiet(r, "PKI-009");
    expect_quiet(r, "PKI-011");
    esv_report_free(r);
    /* profile only: PKI-010 still, and no chain rule */
    r = verify_der(NULL, der, len);
    expect_fires(r, "PKI-010", 0);
    expect_quiet(r, "PKI-012");
    esv_report_free(r);
    free(der);
}

/* PKI-011 on a brainpool key; the default brainpool key is a valid point. */
static void test_pki011_off_curve(void **state)
{
    const pb_pki *b = P(PB_BP256, PB_GEN_V3);
    pb_cert *c = build(b, PB_DP_PB, PB_D_PUBKEY_OFF_CURVE);
    esv_report *r;
    (void)state;
    r = VERIFY(F.trust[1][1], ESV_ROLE_ANY, c);
    expect_fires(r, "PKI-011", 0);
    expect_quiet(r, "PKI-012");
    esv_report_free(r);
    pb_cert_free(c);
}

/* PKI-012: a brainpool eUICC key under a P-256 EUM (and the reverse). */
static void test_pki012_mixed_curves(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2), *b = P(PB_BP256, PB_GEN_V2);
    pb_spec s;
    pb_cert *c;
    esv_report *r;
    (void)state;
    memset(&s, 0, sizeof(s));
    s.role = PB_EUICC;
    s.gen = PB_GEN_V2;
    c = pb_cert_build(&s, b->euicc_key, p->eum, p->eum_key);
    assert_non_null(c);
    r = VERIFY(F.trust[0][0], ESV_ROLE_EUICC, c, p->eum);
    expect_fires(r, "PKI-012", 0);
    expect_quiet(r, "PKI-014"); /* signed by the P-256 EUM's key: verifies */
    expect_quiet(r, "PKI-011");
    assert_null(find_on(r, "PKI-012", 1, NULL));
    esv_report_free(r);
    pb_cert_free(c);

    /* a P-256 SM-DS auth key under the brainpool CI */
    memset(&s, 0, sizeof(s));
    s.role = PB_DS_AUTH;
    c = pb_cert_build(&s, p->dsauth_key, b->ci, b->ci_key);
    assert_non_null(c);
    r = VERIFY(F.trust[1][0], ESV_ROLE_ANY, c);
    expect_fires(r, "PKI-012", 0);
    expect_quiet(r, "PKI-014");
    esv_report_free(r);
    pb_cert_free(c);
}

/* PKI-013: the signature value is a SET, not an Ecdsa-Sig-Value SEQUENCE. */
static void test_pki013_signature_value(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    const pb_cert *src = p->dptls;
    uint8_t *der = malloc(src->len);
    size_t len, h, o;
    esv_report *r;
    (void)state;
    assert_non_null(der);
    memcpy(der, src->der, src->len);
    h = rd_hdr(der, src->len, &len);
    o = h;
    o += rd_hdr(der + o, src->len - o, &len) + len; /* TBSCertificate */
    o += rd_hdr(der + o, src->len - o, &len) + len; /* signatureAlgorithm */
    assert_int_equal(der[o], 0x03);
    h = rd_hdr(der + o, src->len - o, &len);
    assert_int_equal(der[o + h], 0x00);     /* no unused bits */
    assert_int_equal(der[o + h + 1], 0x30); /* Ecdsa-Sig-Value */
    der[o + h + 1] = 0x31;
    r = verify_der(F.trust[0][0], der, src->len);
    expect_fires(r, "PKI-013", 0);
    expect_fires(r, "PKI-014", 0);
    expect_quiet(r, "PKI-005");
    expect_quiet(r, "PKI-007");
    expect_no_der(r);
    esv_report_free(r);
    free(der);
}

/* PKI-026: a certificate of another role than the one required. */
static void test_pki026_role(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V3);
    esv_report *r;
    (void)state;
    r = VERIFY(F.trust[0][1], ESV_ROLE_DP_PB, p->dpauth);
    expect_fires(r, "PKI-026", 0);
    expect_quiet(r, "PKI-025");
    expect_quiet(r, "PKI-051");
    esv_report_free(r);
    /* an EUM chain required to be an SM-DS TLS leaf: the eUICC is the leaf */
    r = VERIFY(F.trust[0][1], ESV_ROLE_DS_TLS, p->eum, p->euicc);
    expect_fires(r, "PKI-026", 1);
    assert_null(find_on(r, "PKI-026", 0, NULL)); /* the EUM is not the leaf */
    esv_report_free(r);
    r = VERIFY(F.trust[0][1], ESV_ROLE_DP_AUTH, p->dpauth);
    expect_quiet(r, "PKI-026");
    esv_report_free(r);
}

/* PKI-031: SM-DP+ auth and pb certificates naming different SM-DP+ OIDs. */
static void test_pki031_dp_oids(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_spec s;
    pb_cert *pb;
    esv_report *r;
    (void)state;
    memset(&s, 0, sizeof(s));
    s.role = PB_DP_PB;
    s.rid = "2.999.11";
    pb = build_spec(p, &s);
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->dpauth, pb);
    expect_fires(r, "PKI-031", 1);
    expect_quiet(r, "PKI-030");
    assert_null(find_on(r, "PKI-031", 0, NULL));
    esv_report_free(r);
    /* without a trust as well */
    r = VERIFY(NULL, ESV_ROLE_ANY, pb, p->dpauth);
    expect_fires(r, "PKI-031", 0);
    esv_report_free(r);
    /* the same OID: quiet */
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->dpauth, p->dppb);
    expect_quiet(r, "PKI-031");
    esv_report_free(r);
    pb_cert_free(pb);
}

/* PKI-036 / PKI-037: validity against the verification time. */
static void test_pki036_037_validity(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_spec s;
    pb_cert *c;
    esv_report *r;
    (void)state;
    memset(&s, 0, sizeof(s));
    s.role = PB_DP_AUTH;
    s.not_before = "20300101000001"; /* one second after PC_T_2030 */
    c = build_spec(p, &s);
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, c);
    expect_fires(r, "PKI-036", 0);
    expect_quiet(r, "PKI-037");
    expect_quiet(r, "PKI-039");
    esv_report_free(r);
    r = pc_verify(F.trust[0][0], PC_T_2030 + 1, ESV_ROLE_ANY, (const pb_cert *const *)&c, 1);
    pc_assert_clean(r);
    esv_report_free(r);
    pb_cert_free(c);

    memset(&s, 0, sizeof(s));
    s.role = PB_DP_AUTH;
    s.not_after = "20291231235959"; /* one second before PC_T_2030 */
    c = build_spec(p, &s);
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, c);
    expect_fires(r, "PKI-037", 0);
    expect_quiet(r, "PKI-036");
    esv_report_free(r);
    r = pc_verify(F.trust[0][0], PC_T_2030 - 1, ESV_ROLE_ANY, (const pb_cert *const *)&c, 1);
    pc_assert_clean(r);
    esv_report_free(r);
    pb_cert_free(c);

    /* an expired EUM in the eUICC chain: on the EUM, not the eUICC */
    memset(&s, 0, sizeof(s));
    s.role = PB_EUM;
    s.not_after = "20291231235959";
    c = build_spec(p, &s);
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->euicc, c);
    expect_fires(r, "PKI-037", 1);
    assert_null(find_on(r, "PKI-037", 0, NULL));
    esv_report_free(r);
    pb_cert_free(c);

    /* an expired trusted CI: on the anchor */
    memset(&s, 0, sizeof(s));
    s.role = PB_CI;
    s.not_after = "20291231235959";
    c = build_spec(p, &s);
    {
        esv_trust *t = pc_trust((const pb_cert *const *)&c, 1, NULL, NULL, 0, 0);
        r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
        expect_at(r, "PKI-037", -1, "ci[0]");
        assert_null(find_on(r, "PKI-037", 0, NULL));
        esv_report_free(r);
        esv_trust_free(t);
    }
    pb_cert_free(c);
}

/* PKI-045: an EID with valid check digits outside the EUM's prefix. */
static void test_pki045_eid_prefix(void **state)
{
    char eid[33];
    pb_spec s;
    pb_cert *c;
    esv_report *r;
    int g;
    (void)state;
    /* the check-digit computation agrees with the builder's default EID */
    eid_with_check("890490321234512345123456789012", eid);
    assert_string_equal(eid, "89049032123451234512345678901235");

    for (g = 0; g < 2; g++) {
        const pb_pki *p = P(PB_P256, (pb_gen)g);
        memset(&s, 0, sizeof(s));
        s.role = PB_EUICC;
        eid_with_check("890490339876598765987654321098", eid);
        s.eid = eid;
        c = build_spec(p, &s);
        r = VERIFY(F.trust[0][g], ESV_ROLE_EUICC, c, p->eum);
        expect_fires(r, "PKI-045", 0);
        expect_quiet(r, "PKI-044");
        expect_quiet(r, "PKI-043");
        expect_quiet(r, "PKI-046");
        esv_report_free(r);
        pb_cert_free(c);

        /* another EID inside the prefix: quiet */
        memset(&s, 0, sizeof(s));
        s.role = PB_EUICC;
        eid_with_check("890490329876598765987654321098", eid);
        s.eid = eid;
        c = build_spec(p, &s);
        r = VERIFY(F.trust[0][g], ESV_ROLE_EUICC, c, p->eum);
        pc_assert_clean(r);
        esv_report_free(r);
        pb_cert_free(c);
    }

    /* an EUM with two prefixes: the second one matches */
    {
        const pb_pki *p = P(PB_P256, PB_GEN_V2);
        pb_spec es;
        pb_cert *eum, *e;
        memset(&es, 0, sizeof(es));
        es.role = PB_EUM;
        es.eid_prefix[0] = "89049032";
        es.eid_prefix[1] = "8904903398";
        eum = build_spec(p, &es);
        memset(&s, 0, sizeof(s));
        s.role = PB_EUICC;
        eid_with_check("890490339876598765987654321098", eid);
        s.eid = eid;
        e = pb_cert_build(&s, p->euicc_key, eum, p->eum_key);
        assert_non_null(e);
        r = VERIFY(F.trust[0][0], ESV_ROLE_EUICC, e, eum);
        pc_assert_clean(r);
        esv_report_free(r);
        pb_cert_free(e);
        pb_cert_free(eum);
    }
}

/* PKI-046: the eUICC subject O differs from the EUM constraint's O (v2). */
static void test_pki046_org(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_spec s;
    pb_cert *c;
    esv_report *r;
    (void)state;
    memset(&s, 0, sizeof(s));
    s.role = PB_EUICC;
    s.eum_org = "Another EUM";
    c = build_spec(p, &s);
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, c, p->eum);
    expect_fires(r, "PKI-046", 0);
    expect_quiet(r, "PKI-045");
    expect_quiet(r, "PKI-048");
    esv_report_free(r);
    pb_cert_free(c);
}

/* PKI-047 and trusted CIs: esv_trust_add_ci documents that "several CIs
 * may hold the same key (a CI re-issued under another name): each anchors
 * the chains its key signed", so a certificate found by key under a trusted
 * CI is not held to that CI's name (verify_link skips PKI-047 for a trusted
 * issuer). Between input certificates the name is checked (see the eUICC
 * ISSUER_NAME_WRONG case of the table). */
static void test_pki047_trusted_ci_reissued(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_spec s;
    pb_cert *renamed, *c;
    esv_trust *t;
    esv_report *r;
    (void)state;
    /* the CI re-issued under another name with the same key */
    memset(&s, 0, sizeof(s));
    s.role = PB_CI;
    s.subject = "CN=Renamed Test CI,O=RSP Test,C=XX";
    renamed = build_spec(p, &s);
    t = pc_trust((const pb_cert *const *)&renamed, 1, NULL, NULL, 0, 0);
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    /* anchored by the key (PASS), the other name reported (a warning) */
    expect_fires(r, "PKI-068", 0);
    expect_quiet(r, "PKI-047");
    expect_quiet(r, "PKI-050");
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    /* with both CIs trusted, the one whose name matches is chosen: clean */
    {
        const pb_cert *both[2];
        esv_trust *t2;
        both[0] = renamed;
        both[1] = p->ci;
        t2 = pc_trust(both, 2, NULL, NULL, 0, 0);
        r = VERIFY(t2, ESV_ROLE_ANY, p->euicc, p->eum);
        pc_assert_clean(r);
        esv_report_free(r);
        esv_trust_free(t2);
    }
    /* the name is checked against an input issuer: the EUM */
    c = build(p, PB_EUICC, PB_D_ISSUER_NAME_WRONG);
    r = VERIFY(t, ESV_ROLE_ANY, c, p->eum);
    expect_fires(r, "PKI-047", 0);
    assert_null(find_on(r, "PKI-047", 1, NULL));
    esv_report_free(r);
    pb_cert_free(c);
    esv_trust_free(t);
    pb_cert_free(renamed);
}

/* PKI-050: no chain to a trusted CI. */
static void test_pki050_untrusted(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    esv_trust *other = pc_trust((const pb_cert *const *)&F.other_ci, 1, NULL, NULL, 0, 0);
    pb_cert *c;
    esv_report *r;
    (void)state;
    /* the CI is not trusted (another CI, under another name and key) */
    r = VERIFY(other, ESV_ROLE_ANY, p->dpauth);
    expect_fires(r, "PKI-050", 0);
    expect_quiet(r, "PKI-014");
    expect_quiet(r, "PKI-029");
    esv_report_free(r);
    /* the eUICC chain: the EUM is the one without an issuer */
    r = VERIFY(other, ESV_ROLE_ANY, p->euicc, p->eum);
    expect_fires(r, "PKI-050", 1);
    assert_null(find_on(r, "PKI-050", 0, NULL));
    esv_report_free(r);
    /* the untrusted CI supplied as input: self-issued, key not trusted */
    r = VERIFY(other, ESV_ROLE_ANY, p->dpauth, p->ci);
    expect_fires(r, "PKI-050", 1);
    assert_null(find_on(r, "PKI-050", 0, NULL));
    expect_quiet(r, "PKI-055");
    esv_report_free(r);
    esv_trust_free(other);
    /* wrong AKI and wrong issuer name: found neither by key nor by name */
    c = build(p, PB_DP_TLS, PB_D_AKI_WRONG | PB_D_ISSUER_NAME_WRONG);
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, c);
    expect_fires(r, "PKI-050", 0);
    expect_quiet(r, "PKI-029");
    expect_quiet(r, "PKI-028");
    esv_report_free(r);
    pb_cert_free(c);
}

/* Issue 8, the chain holds whatever the roles are: CI -> X -> eUICC where
 * X has no basicConstraints, keyUsage digitalSignature only and policy
 * 1.2.3.4 (it passed with one warning before). Every issuer is a CA
 * (PKI-065), an issuer of no RSP role is an error in a chain (PKI-051),
 * and the EID constraint of an EUM with an unknown policy is no reason
 * to skip the link. */
static void test_non_ca_issuer(void **state)
{
    int c, g;
    (void)state;
    for (c = 0; c < 2; c++)
        for (g = 0; g < 2; g++) {
            const pb_pki *p = P((pb_curve)c, (pb_gen)g);
            pb_spec s;
            pb_cert *x, *e;
            esv_report *r;
            memset(&s, 0, sizeof(s));
            s.role = PB_EUM;
            s.gen = (pb_gen)g;
            s.defects = PB_D_NOT_CA;
            x = pb_cert_build(&s, p->eum_key, p->ci, p->ci_key);
            assert_non_null(x);
            memset(&s, 0, sizeof(s));
            s.role = PB_EUICC;
            s.gen = (pb_gen)g;
            e = pb_cert_build(&s, p->euicc_key, x, p->eum_key);
            assert_non_null(e);
            r = VERIFY(F.trust[c][g], ESV_ROLE_ANY, e, x);
            expect_fires(r, "PKI-065", 0);
            expect_fires(r, "PKI-051", 0);
            expect_fires(r, "PKI-051", 1); /* the CI issued a certificate of no role */
            expect_quiet(r, "PKI-014");   /* the signatures are fine */
            expect_quiet(r, "PKI-050");
            assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
            esv_report_free(r);
            /* with the eUICC role required: the same */
            r = VERIFY(F.trust[c][g], ESV_ROLE_EUICC, x, e);
            expect_fires(r, "PKI-065", 1);
            assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
            esv_report_free(r);
            pb_cert_free(e);
            pb_cert_free(x);
        }
}

/* PKI-066: a variant O EUM (pathLen 0) with a CA below it on the chain;
 * PKI-065 for a CA without keyCertSign whose cA is TRUE. */
static void test_pki066_pathlen(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_spec s;
    pb_key *k = pb_key_new(PB_P256, 7123);
    pb_cert *sub, *e;
    esv_report *r;
    (void)state;
    assert_non_null(k);
    memset(&s, 0, sizeof(s));
    s.role = PB_EUM_SUBCA;
    sub = pb_cert_build(&s, k, p->eum, p->eum_key);
    assert_non_null(sub);
    memset(&s, 0, sizeof(s));
    s.role = PB_EUICC;
    e = pb_cert_build(&s, p->euicc_key, sub, k);
    assert_non_null(e);
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, e, sub, p->eum);
    expect_fires(r, "PKI-066", 1);
    expect_quiet(r, "PKI-051"); /* EUM -> EUM SubCA -> eUICC is a valid hierarchy */
    expect_quiet(r, "PKI-065");
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    pb_cert_free(e);
    pb_cert_free(sub);
    /* an EUM with cA TRUE but keyUsage digitalSignature: not a CA issuer */
    sub = build(p, PB_EUM, PB_D_KEYUSAGE_WRONG);
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->euicc, sub);
    expect_fires(r, "PKI-065", 0);
    expect_fires(r, "PKI-019", 1);
    esv_report_free(r);
    pb_cert_free(sub);
    pb_key_free(k);
}

/* PKI-062: without a trusted CI the report says the chain was not
 * verified (info: the verdict is the profile's). */
static void test_pki062_no_trust(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    esv_report *r = VERIFY(NULL, ESV_ROLE_ANY, p->euicc, p->eum);
    size_t i, n = 0;
    (void)state;
    expect_at(r, "PKI-062", -1, NULL);
    for (i = 0; i < esv_report_finding_count(r); i++)
        n += strcmp(esv_finding_rule_id(esv_report_finding(r, i)), "PKI-062") == 0;
    assert_int_equal(n, 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    /* with a trust: quiet */
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->euicc, p->eum);
    expect_quiet(r, "PKI-062");
    esv_report_free(r);
}

/* PKI-069: esv never reads the clock. Without a time set, validity is not
 * checked (an expired certificate gives no PKI-037) and the report says
 * so, and says it has no time; with one, PKI-037 and the time. */
static void test_pki069_no_time(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_spec s;
    pb_cert *old;
    esv_ctx *ctx;
    esv_report *r = NULL;
    esv_blob b;
    int is_set = -1;
    (void)state;
    memset(&s, 0, sizeof(s));
    s.role = PB_DP_AUTH;
    s.not_after = "20210101000000";
    old = build_spec(p, &s);
    b.data = old->der;
    b.len = old->len;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_cert_verify(ctx, F.trust[0][0], &b, 1, ESV_ROLE_ANY, &r), ESV_OK);
    expect_at(r, "PKI-069", -1, NULL);
    expect_quiet(r, "PKI-037");
    expect_quiet(r, "PKI-036");
    assert_int_equal(esv_report_time(r, &is_set), 0);
    assert_int_equal(is_set, 0);
    esv_report_free(r);
    assert_int_equal(esv_ctx_set_time(ctx, PC_T_2030), ESV_OK);
    assert_int_equal(esv_cert_verify(ctx, F.trust[0][0], &b, 1, ESV_ROLE_ANY, &r), ESV_OK);
    expect_fires(r, "PKI-037", 0);
    expect_quiet(r, "PKI-069");
    assert_true(esv_report_time(r, &is_set) == PC_T_2030);
    assert_int_equal(is_set, 1);
    esv_report_free(r);
    esv_ctx_free(ctx);
    pb_cert_free(old);
}

/* PKI-070: a second serialNumber (or O, CN) in a name is reported, not
 * silently ignored: the EID rules read the first, another reader may take
 * the second. */
static void test_pki070_repeated_attribute(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_spec s;
    pb_cert *e;
    esv_report *r;
    (void)state;
    static const uint8_t TITLE[] = {0x06, 0x03, 0x55, 0x04, 0x0c};  /* 2.5.4.12 */
    static const uint8_t SERIAL[] = {0x06, 0x03, 0x55, 0x04, 0x05}; /* 2.5.4.5 */
    uint8_t *der;
    size_t len;
    memset(&s, 0, sizeof(s));
    s.role = PB_EUICC;
    /* mbedTLS's DN writer keeps one value per attribute type: write a
     * title, then turn it into a second serialNumber */
    s.subject = "C=DE,O=RSP Test EUM,serialNumber=89049032123451234512345678901235,"
                "title=89999999123451234512345678901288,CN=Test eUICC";
    e = build_spec(p, &s);
    der = surgery(e, TITLE, sizeof(TITLE), SERIAL, sizeof(SERIAL), &len);
    r = verify_der(F.trust[0][0], der, len);
    expect_fires(r, "PKI-070", 0);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    free(der);
    pb_cert_free(e);
    /* one of each: quiet */
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->euicc, p->eum);
    expect_quiet(r, "PKI-070");
    esv_report_free(r);
}

/* Issue 8, misleading issuer by name, and an unrelated extra certificate:
 * GSMA's test CIs share one name across keys and curves. */
static void test_issuer_by_key_only(void **state)
{
    const pb_pki *n2 = P(PB_P256, PB_GEN_V2), *b2 = P(PB_BP256, PB_GEN_V2);
    esv_report *r;
    (void)state;
    /* a brainpool SM-DP+ certificate against the P-256 CI of the same
     * name: no chain, said as such; no "curves differ", no "bad
     * signature" */
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, b2->dpauth);
    expect_fires(r, "PKI-050", 0);
    expect_fires(r, "PKI-029", 0);
    expect_quiet(r, "PKI-012");
    expect_quiet(r, "PKI-014");
    assert_non_null(strstr(esv_finding_message(find_on(r, "PKI-050", 0, NULL)), "key identifier"));
    esv_report_free(r);
    /* a valid P-256 chain with that brainpool certificate as an extra: the
     * extra one is unused and not verified, the chain passes */
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, n2->euicc, n2->eum, b2->dpauth);
    expect_fires(r, "PKI-055", 2);
    expect_quiet(r, "PKI-050");
    expect_quiet(r, "PKI-029");
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    /* ... unless it has the role the caller requires */
    r = VERIFY(F.trust[0][0], ESV_ROLE_DP_AUTH, n2->dpauth, b2->dpauth);
    expect_fires(r, "PKI-050", 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    /* ... or names another input as its issuer (an eUICC whose AKI is
     * wrong is no "extra" beside its EUM, which then looks like a leaf) */
    {
        pb_cert *e = build(n2, PB_EUICC, PB_D_AKI_WRONG);
        r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, e, n2->eum);
        expect_fires(r, "PKI-050", 0);
        expect_fires(r, "PKI-029", 0);
        expect_quiet(r, "PKI-055");
        assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
        esv_report_free(r);
        pb_cert_free(e);
    }
    /* with both CIs trusted the brainpool one anchors by key: clean */
    {
        const pb_cert *cis[2];
        esv_trust *t;
        cis[0] = n2->ci;
        cis[1] = b2->ci;
        t = pc_trust(cis, 2, NULL, NULL, 0, 0);
        r = VERIFY(t, ESV_ROLE_ANY, n2->euicc, n2->eum, b2->dpauth);
        pc_assert_clean(r);
        esv_report_free(r);
        esv_trust_free(t);
    }
}

/* PKI-051: an eUICC signed by the CI, an SM-DP+ auth signed by an EUM. */
static void test_pki051_issuer_role(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V3);
    pb_spec s;
    pb_cert *c;
    esv_report *r;
    (void)state;
    memset(&s, 0, sizeof(s));
    s.role = PB_EUICC;
    s.gen = PB_GEN_V3;
    c = pb_cert_build(&s, p->euicc_key, p->ci, p->ci_key);
    assert_non_null(c);
    r = VERIFY(F.trust[0][1], ESV_ROLE_EUICC, c);
    expect_fires(r, "PKI-051", 0);
    expect_quiet(r, "PKI-014");
    expect_quiet(r, "PKI-050");
    esv_report_free(r);
    pb_cert_free(c);

    memset(&s, 0, sizeof(s));
    s.role = PB_DP_AUTH;
    s.gen = PB_GEN_V3;
    c = pb_cert_build(&s, p->dpauth_key, p->eum, p->eum_key);
    assert_non_null(c);
    r = VERIFY(F.trust[0][1], ESV_ROLE_ANY, c, p->eum);
    expect_fires(r, "PKI-051", 0);
    expect_quiet(r, "PKI-014");
    assert_null(find_on(r, "PKI-051", 1, NULL)); /* CI -> EUM is allowed */
    esv_report_free(r);
    pb_cert_free(c);
}

/* PKI-052 / 053 / 054: CRLs of the CI. */
/* A trust holding p's CI and one CRL of it made from cs. */
static esv_trust *crl_trust(const pb_pki *p, const pb_crl_spec *cs)
{
    const pb_cert *ci = p->ci;
    uint8_t *crl = NULL;
    size_t len = 0;
    esv_trust *t;
    assert_int_equal(pb_crl_build(cs, ci, p->ci_key, &crl, &len), 0);
    t = pc_trust(&ci, 1, (const uint8_t *const *)&crl, &len, 1, 0);
    free(crl); /* the trust keeps its own copy */
    return t;
}

static void test_pki052_054_crl(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_crl_spec cs;
    esv_trust *t;
    esv_report *r;
    (void)state;

    /* listing the SM-DP+ auth serial (the builder's default "0100") */
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0100";
    t = crl_trust(p, &cs);
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    expect_fires(r, "PKI-052", 0);
    expect_quiet(r, "PKI-053");
    expect_quiet(r, "PKI-054");
    expect_quiet(r, "PKI-063");
    assert_null(find_on(r, "PKI-067", 0, NULL)); /* the CI's CRL covers it */
    esv_report_free(r);
    /* the EUM revoked: on the EUM, not on its eUICC; the eUICC's
     * revocation is not checked (no CRL of the EUM), the EUM's is */
    r = VERIFY(t, ESV_ROLE_ANY, p->euicc, p->eum);
    expect_fires(r, "PKI-052", 1);
    assert_null(find_on(r, "PKI-052", 0, NULL));
    expect_fires(r, "PKI-067", 0);
    assert_null(find_on(r, "PKI-067", 1, NULL));
    esv_report_free(r);
    esv_trust_free(t);

    /* a CRL of the CI not listing it: quiet, revocation checked */
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0777";
    t = crl_trust(p, &cs);
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    pc_assert_clean(r);
    assert_null(find_on(r, "PKI-067", 0, NULL));
    esv_report_free(r);
    esv_trust_free(t);

    /* the extensions a complete CRL may carry (freshestCRL, AIA, an
     * unknown non-critical one; reasonCode and invalidityDate on the
     * entries) do not stop it from being applied */
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0100";
    cs.defects = PB_CRL_MORE_EXTS | PB_CRL_UNKNOWN_NONCRIT | PB_CRL_ENTRY_REASON;
    t = crl_trust(p, &cs);
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    expect_fires(r, "PKI-052", 0);
    expect_quiet(r, "PKI-063");
    assert_null(find_on(r, "PKI-067", 0, NULL));
    esv_report_free(r);
    esv_trust_free(t);

    /* bad signature: not applied, PKI-053 on crl[0] */
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0100";
    cs.defects = PB_CRL_BAD_SIGNATURE;
    t = crl_trust(p, &cs);
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    expect_at(r, "PKI-053", -1, "crl[0]");
    expect_quiet(r, "PKI-052");
    expect_quiet(r, "PKI-054");
    expect_fires(r, "PKI-067", 0); /* the only CRL was not applied */
    esv_report_free(r);
    esv_trust_free(t);

    /* nextUpdate before the verification time */
    memset(&cs, 0, sizeof(cs));
    cs.next_update = "20291231235959";
    t = crl_trust(p, &cs);
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    expect_at(r, "PKI-054", -1, "crl[0]");
    expect_quiet(r, "PKI-053");
    expect_quiet(r, "PKI-052");
    esv_report_free(r);
    esv_trust_free(t);

    /* thisUpdate after the verification time */
    memset(&cs, 0, sizeof(cs));
    cs.this_update = "20300601000000";
    t = crl_trust(p, &cs);
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    expect_at(r, "PKI-054", -1, "crl[0]");
    expect_quiet(r, "PKI-053");
    esv_report_free(r);
    esv_trust_free(t);
}

/* The finding of rule `id` at trust path `path` says `why`. */
static void expect_message(const esv_report *r, const char *id, long cert, const char *path,
                           const char *why)
{
    const esv_finding *f = find_on(r, id, cert, path);
    assert_non_null(f);
    if (strstr(esv_finding_message(f), why) == NULL) {
        pc_print(r);
        fail_msg("%s on cert %ld%s%s does not say \"%s\"", id, cert, path ? " at " : "",
                 path ? path : "", why);
    }
}

/* PKI-063: a CRL of the CI that is not a complete CRL (RFC 5280 5.2, 5.3,
 * 6.3.3) is reported and not applied: the serial it lists (the SM-DP+
 * auth certificate's) is not reported revoked, and the certificate's
 * revocation is reported as not checked (PKI-067). */
static void test_pki063_not_complete(void **state)
{
    static const struct {
        unsigned defects;
        const char *why; /* in the PKI-063 message */
    } cases[] = {
        {PB_CRL_DELTA, "delta CRL"},
        {PB_CRL_IDP_DP, "names a distributionPoint"},
        {PB_CRL_IDP_DP | PB_CRL_IDP_USER, "names a distributionPoint"},
        {PB_CRL_IDP_USER | PB_CRL_IDP_CA, "both onlyContainsUserCerts and onlyContainsCACerts"},
        {PB_CRL_UNKNOWN_CRIT, "critical extension esv does not process"},
        {PB_CRL_ENTRY_UNKNOWN_CRIT, "an entry carries a critical extension"},
        {PB_CRL_ENTRY_CERT_ISSUER, "certificateIssuer"},
        /* the entry flags touch the first entry: here another serial's */
        {PB_CRL_ENTRY_CERT_ISSUER | PB_CRL_ENTRY_REASON, "certificateIssuer"},
    };
    size_t i;
    int c;
    (void)state;
    for (c = 0; c < 2; c++) {
        const pb_pki *p = P((pb_curve)c, PB_GEN_V2);
        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            pb_crl_spec cs;
            esv_trust *t;
            esv_report *r;
            memset(&cs, 0, sizeof(cs));
            cs.serials_hex[0] = "0100";
            cs.defects = cases[i].defects;
            if (i == 7) {
                cs.serials_hex[0] = "0777";
                cs.serials_hex[1] = "0100";
            }
            t = crl_trust(p, &cs);
            assert_int_equal(esv_trust_crl_count(t), 1);
            r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
            expect_at(r, "PKI-063", -1, "crl[0]");
            expect_message(r, "PKI-063", -1, "crl[0]", cases[i].why);
            expect_quiet(r, "PKI-052");
            expect_quiet(r, "PKI-053");
            expect_fires(r, "PKI-067", 0);
            expect_message(r, "PKI-067", 0, NULL, "1 not complete");
            esv_report_free(r);
            esv_trust_free(t);
        }
    }
}

/* A CRL that is not complete and does not verify either: PKI-053, which
 * says it is not the issuer's at all, and no PKI-063. */
static void test_pki063_after_signature(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_crl_spec cs;
    esv_trust *t;
    esv_report *r;
    (void)state;
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0100";
    cs.defects = PB_CRL_DELTA | PB_CRL_BAD_SIGNATURE;
    t = crl_trust(p, &cs);
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    expect_at(r, "PKI-053", -1, "crl[0]");
    expect_quiet(r, "PKI-063");
    expect_quiet(r, "PKI-052");
    expect_fires(r, "PKI-067", 0);
    expect_message(r, "PKI-067", 0, NULL, "1 not verified");
    esv_report_free(r);
    esv_trust_free(t);
}

/* issuingDistributionPoint onlyContainsUserCerts / onlyContainsCACerts
 * (RFC 5280 6.3.3 (b)(2)): the CRL is applied to the certificates in its
 * scope only. The SM-DP+ auth certificate (cert 0, a user certificate)
 * and the EUM (cert 1, cA TRUE) both have serial 0100, which the CRL
 * lists. */
static void test_pki067_idp_scope(void **state)
{
    pb_crl_spec cs;
    esv_trust *t;
    esv_report *r;
    int c;
    (void)state;
    for (c = 0; c < 2; c++) {
        const pb_pki *p = P((pb_curve)c, c == 0 ? PB_GEN_V2 : PB_GEN_V3);
        memset(&cs, 0, sizeof(cs));
        cs.serials_hex[0] = "0100";

        cs.defects = PB_CRL_IDP_USER;
        t = crl_trust(p, &cs);
        r = VERIFY(t, ESV_ROLE_ANY, p->dpauth, p->eum);
        expect_fires(r, "PKI-052", 0);
        assert_null(find_on(r, "PKI-052", 1, NULL));
        expect_fires(r, "PKI-067", 1);
        expect_message(r, "PKI-067", 1, NULL, "1 whose issuingDistributionPoint leaves it out");
        assert_null(find_on(r, "PKI-067", 0, NULL));
        expect_quiet(r, "PKI-063");
        esv_report_free(r);
        esv_trust_free(t);

        cs.defects = PB_CRL_IDP_CA;
        t = crl_trust(p, &cs);
        r = VERIFY(t, ESV_ROLE_ANY, p->dpauth, p->eum);
        expect_fires(r, "PKI-052", 1);
        assert_null(find_on(r, "PKI-052", 0, NULL));
        expect_fires(r, "PKI-067", 0);
        assert_null(find_on(r, "PKI-067", 1, NULL));
        expect_quiet(r, "PKI-063");
        esv_report_free(r);
        /* the CA-only CRL and a complete one: the SM-DP+ is covered */
        {
            const pb_cert *ci = p->ci;
            uint8_t *crl[2] = {NULL, NULL};
            size_t len[2] = {0, 0};
            assert_int_equal(pb_crl_build(&cs, ci, p->ci_key, &crl[0], &len[0]), 0);
            cs.defects = 0;
            cs.serials_hex[0] = "0777";
            assert_int_equal(pb_crl_build(&cs, ci, p->ci_key, &crl[1], &len[1]), 0);
            esv_trust_free(t);
            t = pc_trust(&ci, 1, (const uint8_t *const *)crl, len, 2, 0);
            r = VERIFY(t, ESV_ROLE_ANY, p->dpauth, p->eum);
            expect_fires(r, "PKI-052", 1);
            assert_null(find_on(r, "PKI-052", 0, NULL));
            expect_quiet(r, "PKI-067");
            esv_report_free(r);
            free(crl[0]);
            free(crl[1]);
        }
        esv_trust_free(t);
    }
}

/* PKI-067 with no CRL at all in the trust, on every certificate whose
 * issuer is not trusted material: the eUICC and the EUM. */
static void test_pki067_no_crl(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    esv_report *r;
    (void)state;
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->euicc, p->eum);
    expect_fires(r, "PKI-067", 0);
    expect_fires(r, "PKI-067", 1);
    expect_message(r, "PKI-067", 0, NULL, "no CRL of its issuer given");
    pc_assert_notice(r, "PKI-067", 1);
    pc_assert_clean(r);
    esv_report_free(r);
    /* without a trust no chain is built: no revocation to speak of */
    r = VERIFY(NULL, ESV_ROLE_ANY, p->euicc, p->eum);
    expect_quiet(r, "PKI-067");
    esv_report_free(r);
}

/* PKI-055: a certificate supplied but on no chain. */
static void test_pki055_unused(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    esv_report *r;
    (void)state;
    /* the trusted CI given as input too: the chain ends in the trust */
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->dpauth, p->ci);
    expect_fires(r, "PKI-055", 1);
    assert_null(find_on(r, "PKI-055", 0, NULL));
    expect_quiet(r, "PKI-050");
    esv_report_free(r);
    /* a second copy of the EUM: the first one is the eUICC's issuer */
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->euicc, p->eum, p->eum);
    expect_fires(r, "PKI-055", 2);
    assert_null(find_on(r, "PKI-055", 1, NULL));
    esv_report_free(r);
    /* profile only: no chain, no PKI-055 */
    r = VERIFY(NULL, ESV_ROLE_ANY, p->dpauth, p->ci);
    pc_assert_clean(r);
    esv_report_free(r);
}

/* PKI-056..057 and CI profile rules on a CI supplied as input. */
static void test_ci_as_input(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_cert *ci = build(p, PB_CI, PB_D_NO_SAN);
    esv_report *r;
    (void)state;
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, p->dpauth, ci);
    expect_fires(r, "PKI-057", 1);
    assert_null(find_on(r, "PKI-057", -1, "ci[0]"));
    esv_report_free(r);
    pb_cert_free(ci);
    ci = build(p, PB_CI, PB_D_ISSUER_NAME_WRONG);
    r = VERIFY(NULL, ESV_ROLE_ANY, ci);
    expect_fires(r, "PKI-056", 0);
    expect_quiet(r, "PKI-057");
    esv_report_free(r);
    pb_cert_free(ci);
}

/* PKI-060: an extension value that does not decode (keyUsage's BIT STRING
 * turned into an OCTET STRING of the same length). */
static void test_pki060_ext_value(void **state)
{
    static const uint8_t ku[] = {0x04, 0x04, 0x03, 0x02, 0x07, 0x80};
    static const uint8_t bad[] = {0x04, 0x04, 0x04, 0x02, 0x07, 0x80};
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    size_t len;
    uint8_t *der = surgery(p->dsauth, ku, sizeof(ku), bad, sizeof(bad), &len);
    esv_report *r;
    (void)state;
    assert_int_equal(len, p->dsauth->len);
    r = verify_der(F.trust[0][0], der, len);
    expect_fires(r, "PKI-060", 0);
    expect_fires(r, "PKI-014", 0);
    expect_quiet(r, "PKI-017");
    expect_quiet(r, "PKI-019");
    expect_quiet(r, "PKI-058");
    expect_quiet(r, "PKI-001");
    esv_report_free(r);
    free(der);
}

/* Severities follow the policy: PKI-034 is a warning in production and
 * info under the test policy. */
static void test_severity_test_policy(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    pb_cert *c = build(p, PB_DP_AUTH, PB_D_NO_CRLDP | PB_D_KEYUSAGE_NONCRIT);
    esv_policy *pol = NULL;
    esv_ctx *ctx = NULL;
    esv_report *r = NULL;
    esv_blob b;
    const esv_finding *f;
    (void)state;
    b.data = c->der;
    b.len = c->len;
    assert_int_equal(esv_policy_new(ESV_POLICY_TEST, &pol), ESV_OK);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_policy(ctx, pol), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, PC_T_2030), ESV_OK);
    assert_int_equal(esv_cert_verify(ctx, F.trust[0][0], &b, 1, ESV_ROLE_ANY, &r), ESV_OK);
    f = find_on(r, "PKI-034", 0, NULL);
    assert_non_null(f);
    assert_int_equal(esv_finding_severity(f), ESV_SEV_INFO);
    f = find_on(r, "PKI-018", 0, NULL);
    assert_non_null(f);
    assert_int_equal(esv_finding_severity(f), ESV_SEV_ERROR);
    esv_report_free(r);
    esv_ctx_free(ctx);
    esv_policy_free(pol);
    /* production */
    r = VERIFY(F.trust[0][0], ESV_ROLE_ANY, c);
    expect_fires(r, "PKI-034", 0);
    expect_fires(r, "PKI-018", 0);
    esv_report_free(r);
    pb_cert_free(c);
}

/* Every PKI- rule of the catalogue is in RULES, with the catalogue's
 * production severity, and fired in one of the tests above. */
/* Limits: at most 64 certificates per call (the rest are not read: the
 * report says so and its status is ESV_E_LIMIT), and the context's input
 * size limit applies to each certificate. */
static void test_limits(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2);
    esv_blob b[65];
    esv_ctx *ctx = NULL;
    esv_report *r = NULL;
    size_t i;
    (void)state;
    for (i = 0; i < 65; i++) {
        b[i].data = p->dpauth->der;
        b[i].len = p->dpauth->len;
    }
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, PC_T_2030), ESV_OK);
    assert_int_equal(esv_cert_verify(ctx, F.trust[0][0], b, 64, ESV_ROLE_ANY, &r), ESV_OK);
    expect_quiet(r, "PKI-064");
    esv_report_free(r);
    assert_int_equal(esv_cert_verify(ctx, F.trust[0][0], b, 65, ESV_ROLE_ANY, &r), ESV_E_LIMIT);
    assert_non_null(r);
    assert_int_equal(esv_report_status(r), ESV_E_LIMIT);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    /* its own limit finding, on the first certificate not read; not the
     * DER element limit */
    expect_fires(r, "PKI-064", 64);
    expect_quiet(r, "DER-020");
    esv_report_free(r);
    /* one byte under the certificate's size: DER-018 on it, nothing parsed */
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_INPUT_BYTES, p->dpauth->len - 1), ESV_OK);
    assert_int_equal(esv_cert_verify(ctx, NULL, b, 1, ESV_ROLE_ANY, &r), ESV_E_LIMIT);
    assert_non_null(r);
    const esv_finding *f = esv_report_find(r, "DER-018");
    assert_non_null(f);
    assert_int_equal(esv_finding_cert(f), 0);
    expect_quiet(r, "PKI-001");
    esv_report_free(r);
    /* the oversized one does not stop the next from being checked */
    {
        pb_cert *small = build(p, PB_DP_AUTH, PB_D_NO_CRLDP);
        assert_true(small->len < p->dpauth->len);
        assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_INPUT_BYTES, small->len), ESV_OK);
        esv_blob two[2] = {{p->dpauth->der, p->dpauth->len}, {small->der, small->len}};
        assert_int_equal(esv_cert_verify(ctx, NULL, two, 2, ESV_ROLE_ANY, &r), ESV_E_LIMIT);
        pc_assert_fires(r, "DER-018", 0);
        expect_fires(r, "PKI-034", 1);
        esv_report_free(r);
        pb_cert_free(small);
    }
    /* arguments */
    assert_int_equal(esv_cert_verify(ctx, NULL, NULL, 1, ESV_ROLE_ANY, &r), ESV_E_ARG);
    assert_null(r);
    assert_int_equal(esv_cert_verify(ctx, NULL, b, 1, (esv_cert_role)99, &r), ESV_E_ARG);
    assert_int_equal(esv_cert_verify(NULL, NULL, b, 1, ESV_ROLE_ANY, &r), ESV_E_ARG);
    assert_int_equal(esv_cert_verify(ctx, NULL, b, 1, ESV_ROLE_ANY, NULL), ESV_E_ARG);
    /* no input at all: a finding, not a silent pass */
    assert_int_equal(esv_cert_verify(ctx, NULL, NULL, 0, ESV_ROLE_ANY, &r), ESV_OK);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    assert_non_null(esv_report_find(r, "PKI-001"));
    esv_report_free(r);
    esv_ctx_free(ctx);
    /* the trust refuses what is not a certificate, adds nothing */
    esv_trust *t = NULL;
    static const uint8_t notcert[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    assert_int_equal(esv_trust_add_ci(t, notcert, sizeof(notcert)), ESV_E_PARSE);
    assert_int_equal(esv_trust_add_crl(t, p->ci->der, p->ci->len), ESV_E_PARSE);
    assert_int_equal(esv_trust_ci_count(t), 0);
    assert_int_equal(esv_trust_crl_count(t), 0);
    assert_int_equal(esv_trust_set_cache(t, 1000001), ESV_E_ARG);
    esv_trust_free(t);
}

/* CIs added one call at a time: the trust's array grows (and moves) while
 * the CIs added first keep working as anchors, profile rules included
 * (their decoded extensions must not point into the old array). */
static void test_trust_grows(void **state)
{
    const pb_pki *p = P(PB_P256, PB_GEN_V2), *b = P(PB_BP256, PB_GEN_V2);
    esv_trust *t = NULL;
    esv_report *r;
    int i;
    (void)state;
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    assert_int_equal(esv_trust_add_ci(t, p->ci->der, p->ci->len), ESV_OK);
    for (i = 0; i < 9; i++) {
        const pb_cert *c = i % 2 ? b->ci : F.other_ci;
        assert_int_equal(esv_trust_add_ci(t, c->der, c->len), ESV_OK);
    }
    assert_int_equal(esv_trust_ci_count(t), 10);
    r = VERIFY(t, ESV_ROLE_ANY, p->euicc, p->eum);
    pc_assert_clean(r);
    esv_report_free(r);
    /* the first CI's profile is still read right: its CRL distribution
     * point is there, so no PKI-034 on ci[0] */
    r = VERIFY(t, ESV_ROLE_ANY, p->dpauth);
    pc_assert_clean(r);
    esv_report_free(r);
    esv_trust_free(t);
}

static void test_coverage(void **state)
{
    size_t i, n_pki = 0;
    (void)state;
    for (i = 0; i < esv_rule_count(); i++) {
        const esv_rule *rule = esv_rule_at(i);
        const char *id = esv_rule_id(rule);
        size_t slot;
        if (strncmp(id, "PKI-", 4) != 0)
            continue;
        n_pki++;
        slot = rule_slot(id);
        assert_int_equal(esv_rule_default_severity(rule, ESV_POLICY_PRODUCTION), RULES[slot].prod);
        if (!fired[slot])
            fail_msg("%s was not made to fire by any test", id);
    }
    assert_int_equal(n_pki, N_RULES);
    for (i = 0; i < N_RULES; i++)
        assert_non_null(esv_rule_find(RULES[i].id));
}

/* RFC 5280 4.2.1.6: a GeneralName alternative in the wrong form. This
 * subjectAltName holds `80 03 88 37 0f`, an otherName [0] (an IMPLICIT
 * SEQUENCE, so constructed) sent primitive: fuzz_x509_diff's regression
 * input (a builder certificate with one bit changed), where esv's model
 * took what mbedTLS refuses. The value does not decode: PKI-060 at the
 * SAN, and the verdict fails. */
static void test_san_general_name_form(void **state)
{
    size_t len, i, hits = 0;
    uint8_t *d = tu_read_file("fuzz/regressions/fuzz_x509_diff/d4-san-othername-primitive.der", &len);
    esv_ctx *ctx;
    esv_report *r = NULL;
    esv_blob b;
    (void)state;
    assert_non_null(d);
    b.data = d;
    b.len = len;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_cert_verify(ctx, NULL, &b, 1, ESV_ROLE_ANY, &r), ESV_OK);
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), "PKI-060") == 0) {
            assert_non_null(strstr(esv_finding_message(f), "subjectAltName"));
            assert_int_equal(esv_finding_offset(f), 390);
            hits++;
        }
    }
    assert_int_equal(hits, 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    esv_ctx_free(ctx);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_defects_p256),
        cmocka_unit_test(test_defects_brainpool),
        cmocka_unit_test(test_pki001_structure),
        cmocka_unit_test(test_pki002_mbedtls),
        cmocka_unit_test(test_pki008_not_ec),
        cmocka_unit_test(test_pki009_curve),
        cmocka_unit_test(test_pki010_frp256),
        cmocka_unit_test(test_pki011_off_curve),
        cmocka_unit_test(test_pki012_mixed_curves),
        cmocka_unit_test(test_pki013_signature_value),
        cmocka_unit_test(test_pki026_role),
        cmocka_unit_test(test_pki031_dp_oids),
        cmocka_unit_test(test_pki036_037_validity),
        cmocka_unit_test(test_pki045_eid_prefix),
        cmocka_unit_test(test_pki046_org),
        cmocka_unit_test(test_pki047_trusted_ci_reissued),
        cmocka_unit_test(test_pki050_untrusted),
        cmocka_unit_test(test_pki051_issuer_role),
        cmocka_unit_test(test_non_ca_issuer),
        cmocka_unit_test(test_pki066_pathlen),
        cmocka_unit_test(test_pki062_no_trust),
        cmocka_unit_test(test_issuer_by_key_only),
        cmocka_unit_test(test_pki069_no_time),
        cmocka_unit_test(test_pki070_repeated_attribute),
        cmocka_unit_test(test_pki052_054_crl),
        cmocka_unit_test(test_pki063_not_complete),
        cmocka_unit_test(test_pki063_after_signature),
        cmocka_unit_test(test_pki067_idp_scope),
        cmocka_unit_test(test_pki067_no_crl),
        cmocka_unit_test(test_pki055_unused),
        cmocka_unit_test(test_ci_as_input),
        cmocka_unit_test(test_pki060_ext_value),
        cmocka_unit_test(test_severity_test_policy),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_trust_grows),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_san_general_name_form),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
