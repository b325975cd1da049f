/*
 * test_pki_variants.c - the SGP.22 v3 certificate variants (O, Ov3, A, B,
 * C: tests/support/pki_builder.h) through esv_cert_verify: each valid
 * hierarchy clean on both curves; a wrong issuer role at each level
 * (PKI-051); pathLenConstraint violations (PKI-066); the EID constraint of
 * every EUM and EUM SubCA above an eUICC (PKI-045, PKI-046); a serial
 * number zero on a CI (PKI-061); and a property test: every defect flag of
 * the builder, at every level of every variant's hierarchy, gives a FAIL
 * verdict (or, for the few defects the catalogue rates a warning, that
 * warning): never a silent PASS.
 */
#include <setjmp.h>
#include <stdarg.h>
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

static pb_vpki *V[2][PB_VAR_COUNT]; /* [curve][variant] */
static esv_trust *T[2][PB_VAR_COUNT];

static int setup(void **state)
{
    int c, v;
    (void)state;
    for (c = 0; c < 2; c++)
        for (v = 0; v < PB_VAR_COUNT; v++) {
            const pb_cert *ci;
            V[c][v] = pb_vpki_build((pb_curve)c, (pb_variant)v, 5000u + 100u * (uint32_t)(v + 10 * c));
            if (V[c][v] == NULL)
                return -1;
            ci = V[c][v]->cert[PB_CI];
            T[c][v] = pc_trust(&ci, 1, NULL, NULL, 0, 0);
        }
    return 0;
}

static int teardown(void **state)
{
    int c, v;
    (void)state;
    for (c = 0; c < 2; c++)
        for (v = 0; v < PB_VAR_COUNT; v++) {
            esv_trust_free(T[c][v]);
            pb_vpki_free(V[c][v]);
        }
    return 0;
}

static const pb_role LEAVES[] = {PB_EUICC, PB_DP_AUTH, PB_DP_PB, PB_DP_TLS, PB_DS_AUTH, PB_DS_TLS};
static const esv_cert_role LEAF_ROLES[] = {ESV_ROLE_EUICC,   ESV_ROLE_DP_AUTH, ESV_ROLE_DP_PB,
                                           ESV_ROLE_DP_TLS,  ESV_ROLE_DS_AUTH, ESV_ROLE_DS_TLS};

/* The finding of `id` on certificate `cert`, or NULL. */
static const esv_finding *find_on(const esv_report *r, const char *id, long cert)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), id) == 0 && esv_finding_cert(f) == cert)
            return f;
    }
    return NULL;
}

static void expect_on(const esv_report *r, const char *id, long cert, esv_severity sev)
{
    const esv_finding *f = find_on(r, id, cert);
    if (f == NULL) {
        pc_print(r);
        fail_msg("%s did not fire on certificate %ld", id, cert);
    }
    assert_int_equal(esv_finding_severity(f), sev);
}

static void expect_fail(const esv_report *r)
{
    if (esv_report_verdict(r) != ESV_VERDICT_FAIL) {
        pc_print(r);
        fail_msg("verdict PASS, FAIL expected");
    }
}

/* Verifies a chain given leaf first (as built by pb_vpki_chain). */
static esv_report *verify_list(const esv_trust *t, esv_cert_role role, const pb_cert *const *c,
                               size_t n)
{
    return pc_verify(t, PC_T_2030, role, c, n);
}

/* ------------------------------------------------------------ clean */

static void test_variants_clean(void **state)
{
    int c, v;
    size_t i, n;
    (void)state;
    for (c = 0; c < 2; c++)
        for (v = 0; v < PB_VAR_COUNT; v++) {
            const pb_vpki *p = V[c][v];
            const pb_cert *chain[8], *all[16];
            size_t na = 0;
            esv_report *r;
            for (i = 0; i < sizeof(LEAVES) / sizeof(LEAVES[0]); i++) {
                n = pb_vpki_chain(p, LEAVES[i], chain, 8);
                assert_true(n >= 1);
                r = verify_list(T[c][v], ESV_ROLE_ANY, chain, n);
                pc_assert_clean(r);
                assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
                esv_report_free(r);
                r = verify_list(T[c][v], LEAF_ROLES[i], chain, n);
                pc_assert_clean(r);
                esv_report_free(r);
            }
            /* every certificate of the variant at once, CI excluded */
            for (i = 1; i < PB_ROLE_COUNT; i++)
                if (p->cert[i] != NULL)
                    all[na++] = p->cert[i];
            r = verify_list(T[c][v], ESV_ROLE_ANY, all, na);
            pc_assert_clean(r);
            esv_report_free(r);
        }
    /* the depth of the deepest chains */
    {
        const pb_cert *chain[8];
        assert_int_equal(pb_vpki_chain(V[0][PB_VAR_C], PB_EUICC, chain, 8), 4);
        assert_int_equal(pb_vpki_chain(V[0][PB_VAR_B], PB_EUICC, chain, 8), 2 + 1);
        assert_int_equal(pb_vpki_chain(V[0][PB_VAR_A], PB_DP_AUTH, chain, 8), 2);
        assert_int_equal(pb_vpki_chain(V[0][PB_VAR_O], PB_DP_AUTH, chain, 8), 1);
    }
}

/* A CA shared by several leaves (variant C: the CI SubCA under the eUICC,
 * SM-DP+ and SM-DS chains) has its link reported once: one PKI-067
 * notice per certificate, however many chains pass through it. */
static void test_shared_links_once(void **state)
{
    const pb_vpki *p = V[0][PB_VAR_C];
    const pb_cert *all[16];
    size_t na = 0, i, j;
    esv_report *r;
    (void)state;
    for (i = 1; i < PB_ROLE_COUNT; i++)
        if (p->cert[i] != NULL)
            all[na++] = p->cert[i];
    r = verify_list(T[0][PB_VAR_C], ESV_ROLE_ANY, all, na);
    for (i = 0; i < na; i++) {
        size_t n = 0;
        for (j = 0; j < esv_report_finding_count(r); j++) {
            const esv_finding *f = esv_report_finding(r, j);
            n += strcmp(esv_finding_rule_id(f), "PKI-067") == 0 && esv_finding_cert(f) == (long)i;
        }
        assert_int_equal(n, 1);
    }
    esv_report_free(r);
}

/* The sub-CA roles come from their v3 policy OIDs. */
static void test_subca_roles(void **state)
{
    static const struct {
        pb_role role;
        const char *name;
    } R[] = {{PB_CI_SUBCA, "ci-subca"}, {PB_EUM_SUBCA, "eum-subca"}, {PB_DP_SUBCA, "dp-subca"},
             {PB_DS_SUBCA, "ds-subca"}};
    const pb_vpki *p = V[0][PB_VAR_C];
    size_t i;
    (void)state;
    for (i = 0; i < 4; i++) {
        esv_cert_role role;
        esv_report *r;
        assert_int_equal(esv_cert_role_parse(R[i].name, &role), ESV_OK);
        assert_string_equal(esv_cert_role_name(role), R[i].name);
        /* alone, required as its own role: clean profile (no chain) */
        r = pc_verify(NULL, PC_T_2030, role, (const pb_cert *const *)&p->cert[R[i].role], 1);
        pc_assert_clean(r);
        esv_report_free(r);
        /* required as an eUICC: PKI-026 */
        r = pc_verify(NULL, PC_T_2030, ESV_ROLE_EUICC, (const pb_cert *const *)&p->cert[R[i].role], 1);
        expect_on(r, "PKI-026", 0, ESV_SEV_ERROR);
        esv_report_free(r);
    }
}

/* ------------------------------------------------------------ roles */

/* A certificate of role `role` signed by the variant's `issuer` instead of
 * its own issuer. */
static pb_cert *issued_by(const pb_vpki *p, pb_role role, pb_role issuer)
{
    pb_spec s;
    pb_cert *c;
    memset(&s, 0, sizeof(s));
    s.role = role;
    s.gen = PB_GEN_V3;
    c = pb_cert_build(&s, p->key[role], p->cert[issuer], p->key[issuer]);
    assert_non_null(c);
    return c;
}

static void test_wrong_issuer_role(void **state)
{
    static const struct {
        pb_variant v;
        pb_role role, issuer;
    } W[] = {
        {PB_VAR_A, PB_EUICC, PB_DP_SUBCA},    /* an eUICC under an SM-DP+ SubCA */
        {PB_VAR_B, PB_DP_AUTH, PB_EUM_SUBCA}, /* SM-DP+ auth under an EUM SubCA */
        {PB_VAR_B, PB_EUM_SUBCA, PB_DP_SUBCA},
        {PB_VAR_A, PB_DS_TLS, PB_DP_SUBCA},   /* SM-DS TLS under an SM-DP+ SubCA */
        {PB_VAR_A, PB_DP_PB, PB_DS_SUBCA},
        {PB_VAR_C, PB_EUICC, PB_CI_SUBCA},    /* an eUICC straight under the CI SubCA */
        {PB_VAR_C, PB_EUM_SUBCA, PB_CI_SUBCA},
        {PB_VAR_C, PB_DP_AUTH, PB_EUM},       /* SM-DP+ auth under an EUM */
        {PB_VAR_B, PB_EUICC, PB_DP_SUBCA},
        {PB_VAR_A, PB_DP_SUBCA, PB_EUM},      /* a role sub-CA under an EUM */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(W) / sizeof(W[0]); i++) {
        int c;
        for (c = 0; c < 2; c++) {
            const pb_vpki *p = V[c][W[i].v];
            pb_cert *bad = issued_by(p, W[i].role, W[i].issuer);
            const pb_cert *chain[8];
            size_t n = pb_vpki_chain(p, W[i].issuer, chain + 1, 7) + 1;
            esv_report *r;
            chain[0] = bad;
            r = verify_list(T[c][W[i].v], ESV_ROLE_ANY, chain, n);
            expect_on(r, "PKI-051", 0, ESV_SEV_ERROR);
            /* everything else about the link holds */
            pc_assert_quiet(r, "PKI-014");
            pc_assert_quiet(r, "PKI-050");
            pc_assert_quiet(r, "PKI-065");
            expect_fail(r);
            esv_report_free(r);
            pb_cert_free(bad);
        }
    }
}

/* ------------------------------------------------------------ pathLen */

static void test_pathlen(void **state)
{
    int c;
    (void)state;
    for (c = 0; c < 2; c++) {
        /* C: the CI SubCA with pathLen 0 has the EUM and the EUM SubCA
         * below it on the eUICC's chain, the SM-DP+ SubCA on the DP's */
        const pb_vpki *p = V[c][PB_VAR_C];
        pb_spec s;
        pb_cert *sub0, *eum0;
        const pb_cert *chain[8];
        size_t n;
        esv_report *r;
        memset(&s, 0, sizeof(s));
        s.role = PB_CI_SUBCA;
        s.defects = PB_D_PATHLEN;
        sub0 = pb_vpki_rebuild(p, &s);
        assert_non_null(sub0);
        n = pb_vpki_chain(p, PB_EUICC, chain, 8);
        assert_int_equal(n, 4);
        assert_true(chain[3] == p->cert[PB_CI_SUBCA]);
        chain[3] = sub0;
        r = verify_list(T[c][PB_VAR_C], ESV_ROLE_ANY, chain, n);
        /* the EUM (cert 2) is the certificate the CI SubCA could not issue */
        expect_on(r, "PKI-066", 2, ESV_SEV_ERROR);
        pc_assert_quiet(r, "PKI-022"); /* a CI SubCA's pathLen is free */
        expect_fail(r);
        esv_report_free(r);
        n = pb_vpki_chain(p, PB_DP_AUTH, chain, 8);
        assert_int_equal(n, 3);
        chain[2] = sub0;
        r = verify_list(T[c][PB_VAR_C], ESV_ROLE_ANY, chain, n);
        expect_on(r, "PKI-066", 1, ESV_SEV_ERROR);
        esv_report_free(r);
        pb_cert_free(sub0);

        /* B: a variant O EUM (pathLen 0, a valid EUM profile) above an
         * EUM SubCA: same key and name, so the chain links */
        p = V[c][PB_VAR_B];
        n = pb_vpki_chain(p, PB_EUICC, chain, 8);
        assert_int_equal(n, 3);
        memset(&s, 0, sizeof(s));
        s.role = PB_EUM;
        s.gen = PB_GEN_V2;
        eum0 = pb_cert_build(&s, p->key[PB_EUM], p->cert[PB_CI], p->key[PB_CI]);
        assert_non_null(eum0);
        chain[2] = eum0;
        r = verify_list(T[c][PB_VAR_B], ESV_ROLE_ANY, chain, n);
        expect_on(r, "PKI-066", 1, ESV_SEV_ERROR);
        pc_assert_quiet(r, "PKI-022");
        pc_assert_quiet(r, "PKI-051");
        expect_fail(r);
        esv_report_free(r);
        pb_cert_free(eum0);
        chain[2] = p->cert[PB_EUM];

        /* the EUM SubCA with pathLen 1 is a profile error (PKI-022) */
        memset(&s, 0, sizeof(s));
        s.role = PB_EUM_SUBCA;
        s.defects = PB_D_PATHLEN;
        eum0 = pb_vpki_rebuild(p, &s);
        assert_non_null(eum0);
        chain[1] = eum0;
        r = verify_list(T[c][PB_VAR_B], ESV_ROLE_ANY, chain, n);
        expect_on(r, "PKI-022", 1, ESV_SEV_ERROR);
        pc_assert_quiet(r, "PKI-066");
        esv_report_free(r);
        pb_cert_free(eum0);
    }
}

/* ------------------------------------------------------------ EIDs */

static void test_eid_through_subca(void **state)
{
    int c;
    (void)state;
    for (c = 0; c < 2; c++) {
        const pb_vpki *p = V[c][PB_VAR_B];
        const pb_cert *chain[8];
        pb_spec s;
        pb_cert *euicc, *sub;
        size_t n = pb_vpki_chain(p, PB_EUICC, chain, 8);
        esv_report *r;
        assert_int_equal(n, 3);

        /* an EID outside the EUM's prefix, two levels below the EUM */
        memset(&s, 0, sizeof(s));
        s.role = PB_EUICC;
        s.eid = "89049099123451234512345678901254";
        euicc = pb_vpki_rebuild(p, &s);
        assert_non_null(euicc);
        chain[0] = euicc;
        r = verify_list(T[c][PB_VAR_B], ESV_ROLE_ANY, chain, n);
        pc_assert_quiet(r, "PKI-044"); /* the check digits are right */
        expect_on(r, "PKI-045", 0, ESV_SEV_ERROR);
        assert_non_null(strstr(esv_finding_message(find_on(r, "PKI-045", 0)), "certificate 2"));
        expect_fail(r);
        esv_report_free(r);
        pb_cert_free(euicc);

        /* an O other than the EUM constraint's */
        memset(&s, 0, sizeof(s));
        s.role = PB_EUICC;
        s.eum_org = "Another EUM";
        euicc = pb_vpki_rebuild(p, &s);
        assert_non_null(euicc);
        chain[0] = euicc;
        r = verify_list(T[c][PB_VAR_B], ESV_ROLE_ANY, chain, n);
        expect_on(r, "PKI-046", 0, ESV_SEV_ERROR);
        pc_assert_quiet(r, "PKI-045");
        esv_report_free(r);
        pb_cert_free(euicc);

        /* an EUM SubCA narrowing the range: its own permittedEins applies */
        memset(&s, 0, sizeof(s));
        s.role = PB_EUM_SUBCA;
        s.eid_prefix[0] = "8904903299";
        sub = pb_vpki_rebuild(p, &s);
        assert_non_null(sub);
        chain[0] = p->cert[PB_EUICC];
        chain[1] = sub;
        r = verify_list(T[c][PB_VAR_B], ESV_ROLE_ANY, chain, n);
        expect_on(r, "PKI-045", 0, ESV_SEV_ERROR);
        assert_non_null(strstr(esv_finding_message(find_on(r, "PKI-045", 0)), "certificate 1"));
        pc_assert_quiet(r, "PKI-059"); /* an EUM SubCA may carry permittedEins */
        esv_report_free(r);
        /* ... and the default eUICC under a SubCA that keeps the range */
        pb_cert_free(sub);
        s.eid_prefix[0] = "890490321234";
        sub = pb_vpki_rebuild(p, &s);
        assert_non_null(sub);
        chain[1] = sub;
        r = verify_list(T[c][PB_VAR_B], ESV_ROLE_ANY, chain, n);
        pc_assert_clean(r);
        esv_report_free(r);
        pb_cert_free(sub);
    }
}

/* ------------------------------------------------------------ serial 0 */

static void test_serial_zero_ci(void **state)
{
    const pb_vpki *p = V[0][PB_VAR_C];
    pb_spec s;
    pb_cert *ci;
    esv_trust *t;
    const pb_cert *chain[8];
    size_t n = pb_vpki_chain(p, PB_DP_AUTH, chain, 8);
    esv_report *r;
    esv_ctx *ctx;
    esv_policy *pol;
    esv_blob b[8];
    size_t i;
    (void)state;
    memset(&s, 0, sizeof(s));
    s.role = PB_CI;
    s.defects = PB_D_SERIAL_ZERO;
    ci = pb_vpki_rebuild(p, &s);
    assert_non_null(ci);
    t = pc_trust((const pb_cert *const *)&ci, 1, NULL, NULL, 0, 0);
    r = verify_list(t, ESV_ROLE_ANY, chain, n);
    {
        const esv_finding *f = esv_report_find(r, "PKI-061");
        assert_non_null(f);
        assert_string_equal(esv_finding_path(f), "ci[0]");
        assert_int_equal(esv_finding_severity(f), ESV_SEV_WARNING);
    }
    pc_assert_quiet(r, "PKI-004");
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    /* info under the test policy */
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_policy_new(ESV_POLICY_TEST, &pol), ESV_OK);
    assert_int_equal(esv_ctx_set_policy(ctx, pol), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, PC_T_2030), ESV_OK);
    for (i = 0; i < n; i++) {
        b[i].data = chain[i]->der;
        b[i].len = chain[i]->len;
    }
    assert_int_equal(esv_cert_verify(ctx, t, b, n, ESV_ROLE_ANY, &r), ESV_OK);
    assert_int_equal(esv_finding_severity(esv_report_find(r, "PKI-061")), ESV_SEV_INFO);
    esv_report_free(r);
    esv_ctx_free(ctx);
    esv_policy_free(pol);
    esv_trust_free(t);
    pb_cert_free(ci);
}

/* ------------------------------------------------------------ property */

/* Defects that the catalogue rates a warning (production): the verdict
 * may be PASS, but only with that warning on the certificate. */
static const struct {
    uint64_t defect;
    const char *rule;
} WARNING_ONLY[] = {
    {PB_D_NO_CRLDP, "PKI-034"},      /* cRLDistributionPoints missing */
    {PB_D_SUBJECT_NO_O, "PKI-048"},  /* subject without O */
    {PB_D_SERIAL_ZERO, "PKI-061"},   /* serial 0 (RFC 5280: handle gracefully) */
};

/* The warning a defect may PASS with (NULL: it must FAIL). */
static const char *warning_rule(uint64_t defect, pb_role role, pb_role issuer)
{
    size_t i;
    for (i = 0; i < sizeof(WARNING_ONLY) / sizeof(WARNING_ONLY[0]); i++)
        if (WARNING_ONLY[i].defect == defect)
            return WARNING_ONLY[i].rule;
    if (role == PB_CI && (defect == PB_D_NO_SAN || defect == PB_D_SAN_NO_RID))
        return "PKI-057";
    /* a trusted CI anchors by key; another issuer name is a warning */
    if (defect == PB_D_ISSUER_NAME_WRONG && issuer == PB_CI)
        return "PKI-068";
    return NULL;
}

/* Builder flags that are departures from the builder's default but not
 * from the role's profile: the SAN (registeredID) is required of the CI
 * (PKI-057), SM-DP+ and SM-DS certificates (PKI-030), not of the EUM or
 * the sub-CAs (SGP.22 v2.5 4.5.2.1.0.3; the SGP.26 EUM carries one, the
 * profile does not ask for it). */
static bool not_a_defect(uint64_t defect, pb_role role)
{
    bool san = defect == PB_D_NO_SAN || defect == PB_D_SAN_NO_RID;
    return san && (role == PB_EUM || role == PB_CI_SUBCA || role == PB_EUM_SUBCA ||
                   role == PB_DP_SUBCA || role == PB_DS_SUBCA);
}

/* Every defect bit at every certificate of every variant (P-256): the
 * verification of the chain through that certificate fails, or reports
 * the warning the catalogue gives that defect. A defect that does not
 * apply to a role (the builder makes the same bytes) is skipped. */
static void test_every_defect_fails(void **state)
{
    int v;
    size_t checked = 0, skipped = 0;
    (void)state;
    for (v = 0; v < PB_VAR_COUNT; v++) {
        const pb_vpki *p = V[0][v];
        int role;
        for (role = 0; role < PB_ROLE_COUNT; role++) {
            unsigned bit;
            pb_role leaf;
            if (p->cert[role] == NULL)
                continue;
            /* a leaf whose chain runs through `role` */
            leaf = (pb_role)role;
            if (role == PB_CI || role == PB_CI_SUBCA || role == PB_EUM || role == PB_EUM_SUBCA)
                leaf = PB_EUICC;
            else if (role == PB_DP_SUBCA)
                leaf = PB_DP_AUTH;
            else if (role == PB_DS_SUBCA)
                leaf = PB_DS_AUTH;
            for (bit = 0; bit < PB_D_DEFECT_BITS; bit++) {
                uint64_t d = UINT64_C(1) << bit;
                pb_spec s;
                pb_cert *bad;
                const pb_cert *chain[8];
                size_t n, i;
                esv_trust *own = NULL;
                const esv_trust *t = T[0][v];
                esv_report *r;
                const char *warn;
                if (not_a_defect(d, (pb_role)role)) {
                    skipped++;
                    continue;
                }
                memset(&s, 0, sizeof(s));
                s.role = (pb_role)role;
                s.defects = d;
                bad = pb_vpki_rebuild(p, &s);
                if (bad == NULL) /* the builder cannot express it here */
                    continue;
                if (bad->len == p->cert[role]->len &&
                    memcmp(bad->der, p->cert[role]->der, bad->len) == 0) {
                    skipped++;
                    pb_cert_free(bad);
                    continue;
                }
                n = pb_vpki_chain(p, leaf, chain, 8);
                if (role == PB_CI) {
                    own = pc_trust((const pb_cert *const *)&bad, 1, NULL, NULL, 0, 0);
                    t = own;
                } else {
                    for (i = 0; i < n; i++)
                        if (chain[i] == p->cert[role])
                            chain[i] = bad;
                }
                r = verify_list(t, ESV_ROLE_ANY, chain, n);
                warn = warning_rule(d, (pb_role)role, pb_vpki_issuer((pb_variant)v, (pb_role)role));
                if (esv_report_verdict(r) != ESV_VERDICT_FAIL) {
                    const esv_finding *f = warn ? esv_report_find(r, warn) : NULL;
                    if (f == NULL || esv_finding_severity(f) != ESV_SEV_WARNING) {
                        pc_print(r);
                        fail_msg("variant %s, role %d certificate, defect bit %u: PASS without %s",
                                 pb_variant_name((pb_variant)v), role, bit,
                                 warn ? warn : "an error");
                    }
                }
                checked++;
                esv_report_free(r);
                esv_trust_free(own);
                pb_cert_free(bad);
            }
        }
    }
    print_message("every-defect property: %zu combinations checked, %zu not applicable\n",
                  checked, skipped);
    assert_true(checked > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_variants_clean),
        cmocka_unit_test(test_shared_links_once),
        cmocka_unit_test(test_subca_roles),
        cmocka_unit_test(test_wrong_issuer_role),
        cmocka_unit_test(test_pathlen),
        cmocka_unit_test(test_eid_through_subca),
        cmocka_unit_test(test_serial_zero_ci),
        cmocka_unit_test(test_every_defect_fails),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
