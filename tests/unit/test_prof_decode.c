/*
 * test_prof_decode.c - the decode of real profiles against GSMA's own
 * rendering of them.
 *
 * Every TS.48 profile decodes completely (no DER- finding, no unknown
 * element). For the four v7 profiles, GSMA ships the ASN.1 value notation
 * beside the DER (*.asn1-value.txt); this test reads that text and compares
 * it with esv's decode: element count and types in order, the header
 * ICCID, and every piece of key material (akaParameter key and opc, PIN
 * and PUK values, security-domain keyData) in order.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile_variant.h"
#include "testutil.h"

#define MAX_ITEMS 256

/* What the value notation says, in document order. */
typedef struct notation {
    char types[64][32];
    size_t ntypes;
    char iccid[64];
    /* key material: "field=HEX" strings in order */
    char material[MAX_ITEMS][96];
    size_t nmaterial;
} notation;

/* Copies the hex between the first pair of quotes in line into out. */
static void quoted_hex(const char *line, char *out, size_t cap)
{
    const char *a = strchr(line, '\'');
    const char *b = a ? strchr(a + 1, '\'') : NULL;
    size_t n;
    assert_non_null(b);
    n = (size_t)(b - a - 1);
    assert_true(n < cap);
    memcpy(out, a + 1, n);
    out[n] = '\0';
}

static void read_notation(const char *rel, notation *nv)
{
    size_t len;
    char *text = (char *)tu_read_testdata(rel, &len);
    char *line, *save = NULL;
    static const char *fields[] = {"key", "opc", "pinValue", "pukValue", "keyData"};
    assert_non_null(text);
    text[len] = '\0';
    memset(nv, 0, sizeof(*nv));
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        const char *t = strstr(line, "ProfileElement ::= ");
        const char *s = line;
        if (t) {
            size_t n = strcspn(t + 19, " :");
            assert_true(nv->ntypes < 64 && n < 32);
            memcpy(nv->types[nv->ntypes], t + 19, n);
            nv->types[nv->ntypes++][n] = '\0';
            continue;
        }
        while (*s == ' ')
            s++;
        if (strncmp(s, "iccid '", 7) == 0 && nv->iccid[0] == '\0') {
            quoted_hex(s, nv->iccid, sizeof(nv->iccid));
            continue;
        }
        for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
            size_t fl = strlen(fields[f]);
            if (strncmp(s, fields[f], fl) == 0 && s[fl] == ' ' && s[fl + 1] == '\'') {
                char hex[80];
                quoted_hex(s, hex, sizeof(hex));
                assert_true(nv->nmaterial < MAX_ITEMS);
                snprintf(nv->material[nv->nmaterial++], 96, "%s=%s", fields[f], hex);
            }
        }
    }
    free(text);
}

static void add_material(notation *out, const char *field, const OCTET_STRING_t *os)
{
    char hex[80];
    assert_true(os->size >= 0 && (size_t)os->size * 2 < sizeof(hex));
    for (int i = 0; i < os->size; i++)
        snprintf(hex + 2 * i, 3, "%02X", os->buf[i]);
    hex[os->size * 2] = '\0';
    assert_true(out->nmaterial < MAX_ITEMS);
    snprintf(out->material[out->nmaterial++], 96, "%s=%s", field, hex);
}

/* The same facts, from esv's decode, in document order. */
static void from_decode(const pv_profile *p, notation *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < p->count; i++) {
        const ProfileElement_t *pe = p->pe[i];
        snprintf(out->types[out->ntypes++], 32, "%s", esv_saip_pe_name(pe->present));
        switch (pe->present) {
        case ProfileElement_PR_header: {
            const OCTET_STRING_t *ic = &pe->choice.header.iccid;
            for (int k = 0; k < ic->size; k++)
                snprintf(out->iccid + 2 * k, 3, "%02X", ic->buf[k]);
            break;
        }
        case ProfileElement_PR_pukCodes:
            for (int k = 0; k < pe->choice.pukCodes.pukCodes.list.count; k++)
                add_material(out, "pukValue", &pe->choice.pukCodes.pukCodes.list.array[k]->pukValue);
            break;
        case ProfileElement_PR_pinCodes:
            if (pe->choice.pinCodes.pinCodes.present == PE_PINCodes__pinCodes_PR_pinconfig)
                for (int k = 0; k < pe->choice.pinCodes.pinCodes.choice.pinconfig.list.count; k++)
                    add_material(out, "pinValue",
                                 &pe->choice.pinCodes.pinCodes.choice.pinconfig.list.array[k]->pinValue);
            break;
        case ProfileElement_PR_akaParameter:
            if (pe->choice.akaParameter.algoConfiguration.present ==
                PE_AKAParameter__algoConfiguration_PR_algoParameter) {
                const AlgoParameter_t *ap =
                    &pe->choice.akaParameter.algoConfiguration.choice.algoParameter;
                add_material(out, "key", &ap->key);
                add_material(out, "opc", &ap->opc);
            }
            break;
        case ProfileElement_PR_securityDomain: {
            const PE_SecurityDomain_t *sd = &pe->choice.securityDomain;
            if (sd->keyList == NULL)
                break;
            for (int k = 0; k < sd->keyList->list.count; k++) {
                const KeyObject_t *ko = sd->keyList->list.array[k];
                for (int c = 0; c < ko->keyCompontents.list.count; c++)
                    add_material(out, "keyData", &ko->keyCompontents.list.array[c]->keyData);
            }
            break;
        }
        default:
            break;
        }
    }
}

static void compare_v7(const char *base)
{
    char der[128], txt[128];
    pv_profile p;
    notation want, got;
    snprintf(der, sizeof(der), "profiles/ts48/%s.der", base);
    snprintf(txt, sizeof(txt), "profiles/ts48/%s.asn1-value.txt", base);
    if (pv_load(der, &p) != 0) {
        print_message("skipped: ../shared/testdata not present\n");
        skip();
    }
    read_notation(txt, &want);
    from_decode(&p, &got);
    assert_true(want.ntypes >= 26);
    assert_int_equal(got.ntypes, want.ntypes);
    for (size_t i = 0; i < want.ntypes; i++)
        if (strcmp(got.types[i], want.types[i]) != 0)
            fail_msg("%s element %zu: decoded %s, GSMA says %s", base, i, got.types[i], want.types[i]);
    assert_string_equal(got.iccid, want.iccid);
    assert_true(want.nmaterial >= 10);
    assert_int_equal(got.nmaterial, want.nmaterial);
    for (size_t i = 0; i < want.nmaterial; i++)
        if (strcmp(got.material[i], want.material[i]) != 0)
            fail_msg("%s key material %zu: decoded %s, GSMA says %s", base, i, got.material[i],
                     want.material[i]);
    pv_free(&p);
}

static void test_v7_nobertlv(void **s) { (void)s; compare_v7("TS48v7_SAIP2.3_NoBERTLV"); }
static void test_v7_nobertlv_noramrfm(void **s) { (void)s; compare_v7("TS48v7_SAIP2.3_NoBERTLV_NoRAMRFM"); }
static void test_v7_bertlv_suci(void **s) { (void)s; compare_v7("TS48v7_SAIP2.3_BERTLV_SUCI"); }
static void test_v7_bertlv_suci_noramrfm(void **s) { (void)s; compare_v7("TS48v7_SAIP2.3_BERTLV_SUCI_NoRAMRFM"); }

/* Every TS.48 profile decodes completely and re-encodes byte for byte. */
static void test_all_ts48_decode_and_reencode(void **state)
{
    size_t total = 0;
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        char rel[128];
        size_t len, elen;
        uint8_t *d, *enc;
        pv_profile p;
        esv_report *r;
        snprintf(rel, sizeof(rel), "profiles/ts48/%s", tu_ts48_files[i]);
        d = tu_read_testdata(rel, &len);
        assert_non_null(d);
        r = pv_verify_bytes(d, len, ESV_POLICY_TEST);
        for (size_t k = 0; k < esv_report_finding_count(r); k++) {
            const char *id = esv_finding_rule_id(esv_report_finding(r, k));
            if (strncmp(id, "DER-", 4) == 0 || strcmp(id, "PROF-001") == 0)
                fail_msg("%s: %s %s", tu_ts48_files[i], id, esv_finding_message(esv_report_finding(r, k)));
        }
        esv_report_free(r);
        pv_decode(d, len, &p);
        for (size_t k = 0; k < p.count; k++)
            assert_int_not_equal(p.pe[k]->present, ProfileElement_PR_NOTHING);
        total += p.count;
        enc = pv_encode(&p, &elen);
        assert_int_equal(elen, len);
        assert_memory_equal(enc, d, len);
        free(enc);
        pv_free(&p);
        free(d);
    }
    assert_int_equal(total, 518);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_ts48_decode_and_reencode),
        cmocka_unit_test(test_v7_nobertlv),
        cmocka_unit_test(test_v7_nobertlv_noramrfm),
        cmocka_unit_test(test_v7_bertlv_suci),
        cmocka_unit_test(test_v7_bertlv_suci_noramrfm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
