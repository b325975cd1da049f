/*
 * test_prof_cap.c - the Java Card CAP reader of PE-Application load blocks
 * (lib/profile/cap.c) and its rules: PROF-137 (not a CAP load file),
 * PROF-138 (custom components, Directory disagreements), PROF-139 (what
 * the block loads). Load files come from tests/support/cap_builder (made
 * from the JCVM specification, chapter 6), carried by a builder-made
 * package; broken ones are the builder's with one field changed here.
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

#include "cap_builder.h"
#include "profile_builder.h"
#include "profile_variant.h"
#include "profile/cap.h"
#include "testutil.h"

/* ------------------------------------------------------------ helpers */

typedef struct bytes {
    uint8_t *p;
    size_t n;
} bytes;

static bytes build(const cb_options *o)
{
    bytes b;
    assert_int_equal(cb_build(o, &b.p, &b.n), 0);
    return b;
}

static bytes sample_cap(void)
{
    cb_options o;
    cb_options_sample(&o);
    return build(&o);
}

static void b_insert(bytes *b, size_t at, const uint8_t *v, size_t n)
{
    b->p = realloc(b->p, b->n + n);
    assert_non_null(b->p);
    memmove(b->p + at + n, b->p + at, b->n - at);
    memcpy(b->p + at, v, n);
    b->n += n;
}

static void b_remove(bytes *b, size_t at, size_t n)
{
    memmove(b->p + at, b->p + at + n, b->n - at - n);
    b->n -= n;
}

/* The offset of component `tag` (raw load file) and its whole size. */
static size_t comp_at(const bytes *b, uint8_t tag, size_t *whole)
{
    long at = cb_find_component(b->p, b->n, tag);
    assert_true(at >= 0);
    if (whole)
        *whole = 3u + ((size_t)b->p[at + 1] << 8 | b->p[at + 2]);
    return (size_t)at;
}

/* A sample package with a PE-Application loading cap; *app: its index. */
static uint8_t *profile_with(const bytes *cap, size_t *len, long *app)
{
    pb_options o;
    uint8_t *d;
    pv_profile p;
    pb_options_sample(&o);
    o.application = true;
    o.app_cap = cap->p;
    o.app_cap_len = cap->n;
    snprintf(o.app_package, sizeof(o.app_package), "F045535601");
    snprintf(o.app_class, sizeof(o.app_class), "F04553560101");
    snprintf(o.app_instance, sizeof(o.app_instance), "F04553560101");
    assert_int_equal(pb_build(&o, &d, len), 0);
    pv_decode(d, *len, &p);
    *app = pv_find(&p, ProfileElement_PR_application, 0);
    assert_true(*app > pv_find(&p, ProfileElement_PR_securityDomain, 0));
    pv_free(&p);
    return d;
}

static const esv_finding *find_on(const esv_report *r, const char *id, long element)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), id) == 0 && esv_finding_element(f) == element)
            return f;
    }
    return NULL;
}

static size_t count_of(const esv_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        if (strcmp(esv_finding_rule_id(esv_report_finding(r, i)), id) == 0)
            n++;
    return n;
}

static bool has_msg(const esv_report *r, const char *id, const char *text)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), id) == 0 && strstr(esv_finding_message(f), text) != NULL)
            return true;
    }
    return false;
}

static size_t errors(const esv_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        if (esv_finding_severity(esv_report_finding(r, i)) == ESV_SEV_ERROR)
            n++;
    return n;
}

/* Verifies cap in a package; asserts `id` fires on the application with
 * severity sev and a message holding `text`; returns the report. */
static esv_report *expect(const bytes *cap, const char *id, esv_severity sev, const char *text)
{
    size_t len;
    long app;
    uint8_t *d = profile_with(cap, &len, &app);
    esv_report *r = pv_verify_bytes(d, len, ESV_POLICY_PRODUCTION);
    const esv_finding *f;
    free(d);
    pv_assert_fires(r, id, app);
    f = find_on(r, id, app);
    assert_non_null(f);
    assert_int_equal(esv_finding_severity(f), sev);
    if (strstr(esv_finding_message(f), text) == NULL)
        fail_msg("%s: \"%s\" does not hold \"%s\"", id, esv_finding_message(f), text);
    return r;
}

static void expect_137(bytes *cap, const char *text)
{
    esv_report *r = expect(cap, "PROF-137", ESV_SEV_ERROR, text);
    assert_int_equal(count_of(r, "PROF-137"), 1);
    pv_assert_quiet(r, "PROF-139"); /* nothing is said of a broken file */
    esv_report_free(r);
    free(cap->p);
}

static void hexcmp(const cap_aid *a, const char *hex)
{
    size_t n;
    uint8_t *v = tu_hex(hex, &n);
    assert_int_equal(a->len, n);
    assert_memory_equal(a->b, v, n);
    free(v);
}

/* ------------------------------------------------------------ reader */

/* Every version and both framings: exactly what the builder was given. */
static void test_builder_round_trip(void **state)
{
    (void)state;
    for (unsigned minor = 1; minor <= 3; minor++)
        for (int wrap = 0; wrap < 2; wrap++) {
            cb_options o;
            cap_result *r = malloc(sizeof(*r));
            bytes b;
            assert_non_null(r);
            cb_options_sample(&o);
            o.cap_minor = (uint8_t)minor;
            o.wrap_c4 = wrap;
            o.package = (cb_package){3, 2, "F04553560A0B"};
            o.n_applets = 2;
            snprintf(o.applets[1], sizeof(o.applets[1]), "F04553560102030405060708090A0B0C");
            o.export_component = minor == 2;
            o.descriptor = minor == 3;
            b = build(&o);
            assert_int_equal(b.p[0], wrap ? 0xC4 : 0x01);
            cap_parse(b.p, b.n, r);
            if (r->status != CAP_OK)
                fail_msg("CAP 2.%u%s: %s at %zu", minor, wrap ? " in C4" : "", r->err, r->err_off);
            assert_int_equal(r->cap_major, 2);
            assert_int_equal(r->cap_minor, minor);
            assert_int_equal(r->wrapped, wrap);
            assert_int_equal(r->package.major, 2);
            assert_int_equal(r->package.minor, 3);
            hexcmp(&r->package.aid, "F04553560A0B");
            assert_string_equal(r->package_name, minor >= 2 ? "org/esv/sample" : "");
            assert_int_equal(r->n_applets, 2);
            hexcmp(&r->applets[0].aid, "F04553560101");
            hexcmp(&r->applets[1].aid, "F04553560102030405060708090A0B0C");
            assert_int_equal(r->applets[0].install_method_offset, 1);
            assert_int_equal(r->n_imports, o.n_imports);
            for (size_t i = 0; i < o.n_imports; i++) {
                hexcmp(&r->imports[i].aid, o.imports[i].aid);
                assert_int_equal(r->imports[i].major, o.imports[i].major);
                assert_int_equal(r->imports[i].minor, o.imports[i].minor);
            }
            assert_int_equal(r->n_components, 9 + (minor == 2) + (minor == 3));
            if (r->n_warnings)
                fail_msg("warning: %s", r->warnings[0].text);
            free(b.p);
            free(r);
        }
}

static void test_classification(void **state)
{
    static const struct {
        const char *aid, *name;
        cap_class cls;
    } cases[] = {
        {"A0000000620001", "java.lang", CAP_CLASS_JC_CORE},
        {"A0000000620101", "javacard.framework", CAP_CLASS_JC_CORE},
        {"A0000000620102", "javacard.security", CAP_CLASS_JC_CRYPTO},
        {"A0000000620201", "javacardx.crypto", CAP_CLASS_JC_CRYPTO},
        {"A0000000090003FFFFFFFF8910710002", "sim.toolkit", CAP_CLASS_TOOLKIT},
        {"A0000000090005FFFFFFFF8911000000", "uicc.access", CAP_CLASS_TOOLKIT},
        {"A0000000090005FFFFFFFF8912000000", "uicc.toolkit", CAP_CLASS_TOOLKIT},
        {"A0000000871005FFFFFFFF8913100000", "uicc.usim.access", CAP_CLASS_TOOLKIT},
        {"A0000000871005FFFFFFFF8913200000", "uicc.usim.toolkit", CAP_CLASS_TOOLKIT},
        {"A00000015100", "org.globalplatform", CAP_CLASS_GP},
        /* unlisted packages: by their RID, or proprietary */
        {"A0000000620209", NULL, CAP_CLASS_JC_OTHER},
        {"A000000087100AFF", NULL, CAP_CLASS_TOOLKIT},
        {"A0000000620101FF", NULL, CAP_CLASS_JC_OTHER}, /* longer than javacard.framework */
        {"A00000006201", NULL, CAP_CLASS_JC_OTHER},
        {"F045535601", NULL, CAP_CLASS_PROPRIETARY},
        {"A000000559", NULL, CAP_CLASS_PROPRIETARY},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cap_aid a;
        size_t n;
        const char *name;
        uint8_t *v = tu_hex(cases[i].aid, &n);
        a.len = (uint8_t)n;
        memcpy(a.b, v, n);
        free(v);
        assert_int_equal(cap_classify(&a, &name), cases[i].cls);
        if (cases[i].name)
            assert_string_equal(name, cases[i].name);
        else
            assert_null(name);
    }
    assert_string_equal(cap_class_name(CAP_CLASS_PROPRIETARY), "proprietary");
    assert_string_equal(cap_class_name(CAP_CLASS_JC_CRYPTO), "javacard.security/javacardx.crypto");
}

/* ------------------------------------------------------------ PROF-137 */

static void test_malformed(void **state)
{
    bytes b;
    size_t at, whole;
    (void)state;

    /* bad magic */
    b = sample_cap();
    b.p[comp_at(&b, 1, NULL) + 3] ^= 0x01;
    expect_137(&b, "magic DFCAFFED, not DECAFFED (byte 3 ");

    /* the last component cut short */
    b = sample_cap();
    b.n -= 2;
    expect_137(&b, "size 4 runs past the end of the load block (2 bytes left)");

    /* a component's size running past the end */
    b = sample_cap();
    at = comp_at(&b, 6, NULL);
    b.p[at + 1] = 0x40;
    expect_137(&b, "Class component (tag 6): size 16");

    /* the Header twice */
    b = sample_cap();
    at = comp_at(&b, 1, &whole);
    {
        uint8_t hdr[256];
        assert_true(whole <= sizeof(hdr));
        memcpy(hdr, b.p + at, whole);
        b_insert(&b, b.n, hdr, whole);
    }
    expect_137(&b, "a second Header component");

    /* no Reference Location */
    b = sample_cap();
    at = comp_at(&b, 9, &whole);
    b_remove(&b, at, whole);
    expect_137(&b, "no ReferenceLocation component");

    /* the Directory before the Header */
    b = sample_cap();
    at = comp_at(&b, 2, &whole);
    {
        uint8_t dir[256];
        assert_true(whole <= sizeof(dir));
        memcpy(dir, b.p + at, whole);
        b_remove(&b, at, whole);
        b_insert(&b, 0, dir, whole);
    }
    expect_137(&b, "the first component has tag 2, not the Header (1) (byte 0 ");

    /* AIDs of 4 and 17 bytes */
    {
        cb_options o;
        cb_options_sample(&o);
        o.package = (cb_package){0, 1, "F0455356"};
        b = build(&o);
        expect_137(&b, "Header component package: AID length 4 (5 to 16)");
    }
    b = sample_cap();
    b.p[comp_at(&b, 4, NULL) + 3 + 3] = 17; /* count, minor, major, AID_length */
    expect_137(&b, "Import component package 0: AID length 17 (5 to 16)");

    /* a 'C4' whose length does not cover the block */
    {
        cb_options o;
        static const uint8_t extra = 0x00;
        cb_options_sample(&o);
        o.wrap_c4 = true;
        b = build(&o);
        b_insert(&b, b.n, &extra, 1);
        expect_137(&b, "tag 'C4' length");
        b = build(&o);
        b.n -= 1;
        expect_137(&b, "does not cover the load block");
    }

    /* trailing bytes after the last component, and inside the Header */
    {
        static const uint8_t two[2] = {0x08, 0x00};
        b = sample_cap();
        b_insert(&b, b.n, two, 2);
        expect_137(&b, "2 trailing byte(s) after the last component");
        b = sample_cap();
        at = comp_at(&b, 1, &whole);
        b.p[at + 2]++; /* size + 1, and one byte more at its end */
        b_insert(&b, at + whole, two, 1);
        expect_137(&b, "Header component: 1 byte(s) after its last item");
    }

    /* ACC_APPLET clear with an Applet component */
    b = sample_cap();
    b.p[comp_at(&b, 1, NULL) + 3 + 6] &= (uint8_t)~0x04u;
    expect_137(&b, "ACC_APPLET is clear, the load file has an Applet component");

    /* a custom component the Directory does not list */
    {
        static const uint8_t custom[5] = {0x90, 0x00, 0x02, 0xAA, 0xBB};
        b = sample_cap();
        b_insert(&b, b.n, custom, sizeof(custom));
        expect_137(&b, "custom component tag 144 is not listed in the Directory");
    }

    /* a CAP format version esv does not know */
    b = sample_cap();
    b.p[comp_at(&b, 1, NULL) + 3 + 5] = 3; /* major 3 */
    expect_137(&b, "CAP format version 3.2");
}

/* ------------------------------------------------------------ PROF-138 */

static void test_disagreements(void **state)
{
    bytes b;
    esv_report *r;
    size_t dir;
    cb_options o;
    (void)state;

    /* a custom component the Directory lists: said, not an error */
    cb_options_sample(&o);
    o.n_custom = 1;
    o.custom_tag[0] = 0x80;
    snprintf(o.custom_aid[0], sizeof(o.custom_aid[0]), "F0455356FF");
    b = build(&o);
    r = expect(&b, "PROF-138", ESV_SEV_WARNING, "custom component tag 128 (AID F0455356FF)");
    assert_int_equal(count_of(r, "PROF-138"), 1);
    pv_assert_quiet(r, "PROF-137");
    esv_report_free(r);
    free(b.p);

    /* the Directory gives the Method component one byte more */
    b = sample_cap();
    dir = comp_at(&b, 2, NULL) + 3;
    b.p[dir + 2 * (7 - 1) + 1]++;
    r = expect(&b, "PROF-138", ESV_SEV_WARNING, "the Directory gives the Method component 5 bytes, the component has 4");
    assert_int_equal(count_of(r, "PROF-138"), 1);
    pv_assert_quiet(r, "PROF-137");
    pv_assert_fires(r, "PROF-139", -1); /* still read */
    esv_report_free(r);
    free(b.p);

    /* the Directory's import count, and an Export component it does not
     * have */
    b = sample_cap();
    dir = comp_at(&b, 2, NULL) + 3;
    b.p[dir + 2 * 12 + 6]++;           /* import_count */
    b.p[dir + 2 * (10 - 1) + 1] = 9;   /* Export size */
    r = expect(&b, "PROF-138", ESV_SEV_WARNING, "the Directory gives the Export component 9 bytes, the load file has none");
    assert_int_equal(count_of(r, "PROF-138"), 2);
    assert_true(has_msg(r, "PROF-138", "import_count is 6, the Import component lists 5"));
    esv_report_free(r);
    free(b.p);
}

/* ------------------------------------------------------------ limits */

static void test_limits(void **state)
{
    bytes b;
    cap_result *r = malloc(sizeof(*r));
    uint8_t *big;
    cb_options o;
    esv_report *rep;
    (void)state;
    assert_non_null(r);

    /* more components than the cap: PROF-126, the file not checked */
    b = sample_cap();
    for (unsigned t = 0; t < CAP_MAX_COMPONENTS; t++) {
        uint8_t c[4] = {(uint8_t)(0x80 + t), 0x00, 0x01, 0x00};
        b_insert(&b, b.n, c, sizeof(c));
    }
    cap_parse(b.p, b.n, r);
    assert_int_equal(r->status, CAP_E_LIMIT);
    assert_int_equal(r->n_components, CAP_MAX_COMPONENTS);
    rep = expect(&b, "PROF-126", ESV_SEV_ERROR, "more components than esv's cap");
    pv_assert_quiet(rep, "PROF-137");
    pv_assert_quiet(rep, "PROF-139");
    esv_report_free(rep);
    free(b.p);

    /* one component fewer than the cap: read (and said unlisted) */
    b = sample_cap();
    for (unsigned t = 0; t + 10 < CAP_MAX_COMPONENTS; t++) { /* 9 standard ones */
        uint8_t c[4] = {(uint8_t)(0x80 + t), 0x00, 0x01, 0x00};
        b_insert(&b, b.n, c, sizeof(c));
    }
    cap_parse(b.p, b.n, r);
    assert_int_equal(r->status, CAP_E_FORMAT);
    assert_int_equal(r->n_components, CAP_MAX_COMPONENTS - 1);
    free(b.p);

    /* custom components past the Directory's cap */
    cb_options_sample(&o);
    o.n_custom = CB_MAX_CUSTOM;
    for (size_t i = 0; i < o.n_custom; i++) {
        o.custom_tag[i] = (uint8_t)(0xA0 + i);
        snprintf(o.custom_aid[i], sizeof(o.custom_aid[i]), "F0455356%02X", (unsigned)i);
    }
    b = build(&o);
    cap_parse(b.p, b.n, r);
    assert_int_equal(r->status, CAP_OK);
    assert_int_equal(r->n_custom, CB_MAX_CUSTOM);
    b.p[comp_at(&b, 2, NULL) + 3 + 2 * 12 + 6 + 2] = CAP_MAX_CUSTOM + 1; /* custom_count */
    cap_parse(b.p, b.n, r);
    assert_int_equal(r->status, CAP_E_LIMIT);
    free(b.p);

    /* a load block over the size cap, and one at it */
    big = calloc(1, CAP_MAX_LOAD_BLOCK + 1);
    assert_non_null(big);
    cap_parse(big, CAP_MAX_LOAD_BLOCK + 1, r);
    assert_int_equal(r->status, CAP_E_LIMIT);
    cap_parse(big, CAP_MAX_LOAD_BLOCK, r);
    assert_int_equal(r->status, CAP_E_FORMAT);
    free(big);
    cap_parse(NULL, 0, r);
    assert_int_equal(r->status, CAP_E_FORMAT);
    free(r);
}

/* ------------------------------------------------------------ profiles */

/* The well-formed applet package: no error under the production policy,
 * PROF-139 saying what it loads; PROF-134/136/137/138 quiet. */
static void test_profile_with_applet(void **state)
{
    cb_options o;
    bytes b;
    size_t len;
    long app;
    uint8_t *d;
    esv_report *r;
    const esv_finding *f;
    const char *m;
    (void)state;

    cb_options_sample(&o);
    o.imports[o.n_imports++] = (cb_package){2, 1, "D27600011801"};
    b = build(&o);
    d = profile_with(&b, &len, &app);
    for (int pol = 0; pol < 2; pol++) {
        r = pv_verify_bytes(d, len, pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
        for (size_t i = 0; i < esv_report_finding_count(r); i++)
            if (esv_finding_severity(esv_report_finding(r, i)) == ESV_SEV_ERROR)
                fail_msg("%s: %s", esv_finding_rule_id(esv_report_finding(r, i)),
                         esv_finding_message(esv_report_finding(r, i)));
        assert_int_equal(errors(r), 0);
        assert_int_equal(esv_report_status(r), ESV_OK);
        pv_assert_quiet(r, "PROF-134");
        pv_assert_quiet(r, "PROF-136");
        pv_assert_quiet(r, "PROF-137");
        pv_assert_quiet(r, "PROF-138");
        pv_assert_quiet(r, "PROF-124");
        pv_assert_fires(r, "PROF-123", app);
        f = find_on(r, "PROF-139", app);
        assert_non_null(f);
        assert_int_equal(esv_finding_severity(f), ESV_SEV_INFO);
        assert_int_equal(count_of(r, "PROF-139"), 1);
        m = esv_finding_message(f);
        assert_string_equal(m, "load package F045535601: package F045535601 version 1.0 (org/esv/sample), "
                               "CAP format 2.2; applet(s) F04553560101; imports "
                               "A0000000620001 1.0 (java.lang: Java Card framework/lang), "
                               "A0000000620101 1.6 (javacard.framework: Java Card framework/lang), "
                               "A0000000620102 1.6 (javacard.security: javacard.security/javacardx.crypto), "
                               "A0000000090005FFFFFFFF8912000000 1.0 (uicc.toolkit: UICC/SIM toolkit), "
                               "A00000015100 1.0 (org.globalplatform: GlobalPlatform), "
                               "D27600011801 1.2 (proprietary)");
        esv_report_free(r);
    }
    free(d);
    free(b.p);
}

/* The extended CAP 2.3 format is not read: said, not an error. */
static void test_extended_format(void **state)
{
    cb_options o;
    bytes b;
    esv_report *r;
    (void)state;
    cb_options_sample(&o);
    o.cap_minor = 3;
    b = build(&o);
    b.p[comp_at(&b, 1, NULL) + 3 + 6] |= 0x08; /* ACC_EXTENDED */
    r = expect(&b, "PROF-139", ESV_SEV_INFO, "CAP format 2.3, the extended CAP format (ACC_EXTENDED), which esv does not read");
    pv_assert_quiet(r, "PROF-137");
    esv_report_free(r);
    free(b.p);
}

/* The builder's sample packages and the 18 TS.48 profiles: quiet. Counts
 * the TS.48 load blocks (none carries one). */
static void test_quiet_on_samples_and_ts48(void **state)
{
    static const char *const ids[] = {"PROF-137", "PROF-138", "PROF-139"};
    size_t blocks = 0;
    (void)state;
    for (int k = 0; k < 2; k++) {
        pb_options o;
        uint8_t *d;
        size_t len;
        esv_report *r;
        if (k)
            pb_options_test(&o);
        else
            pb_options_sample(&o);
        assert_int_equal(pb_build(&o, &d, &len), 0);
        r = pv_verify_bytes(d, len, ESV_POLICY_TEST);
        pv_assert_quiet_all(r, ids, 3);
        esv_report_free(r);
        free(d);
    }
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        char rel[160];
        size_t len;
        uint8_t *d;
        pv_profile p;
        snprintf(rel, sizeof(rel), "profiles/ts48/%s", tu_ts48_files[i]);
        d = tu_read_testdata(rel, &len);
        assert_non_null(d);
        pv_decode(d, len, &p);
        for (size_t e = 0; e < p.count; e++)
            if (p.pe[e]->present == ProfileElement_PR_application && p.pe[e]->choice.application.loadBlock)
                blocks++;
        pv_free(&p);
        for (int pol = 0; pol < 2; pol++) {
            esv_report *r = pv_verify_bytes(d, len, pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
            pv_assert_quiet_all(r, ids, blocks ? 2 : 3);
            esv_report_free(r);
        }
        free(d);
    }
    print_message("TS.48: %zu load block(s) in %d profiles\n", blocks, (int)TU_TS48_COUNT);
    assert_int_equal(blocks, 0);
}

/* A variant of a real TS.48 profile (NoRAMRFM v7) with a PE-Application
 * before PE-End loading the builder's CAP: PROF-139 on it; with the
 * Header's magic broken, PROF-137 instead. */
static void test_ts48_variant(void **state)
{
    pv_profile p;
    bytes b = sample_cap();
    (void)state;
    if (pv_load("profiles/ts48/TS48v7_SAIP2.3_NoBERTLV_NoRAMRFM.der", &p) != 0) {
        free(b.p);
        skip();
    }
    for (int broken = 0; broken < 2; broken++) {
        ProfileElement_t *pe = calloc(1, sizeof(*pe));
        PE_Application_t *a;
        long end = pv_find(&p, ProfileElement_PR_end, 0), app;
        esv_report *r;
        const esv_finding *f;
        assert_non_null(pe);
        assert_true(end > 0);
        if (broken)
            b.p[comp_at(&b, 1, NULL) + 3] = 0x00;
        pe->present = ProfileElement_PR_application;
        a = &pe->choice.application;
        a->app_Header.identification = 900 + broken;
        a->loadBlock = calloc(1, sizeof(*a->loadBlock));
        assert_non_null(a->loadBlock);
        pv_set_hex(&a->loadBlock->loadPackageAID, broken ? "F045535602" : "F045535601");
        pv_set_octets(&a->loadBlock->loadBlockObject, b.p, b.n);
        p.pe = realloc(p.pe, (p.count + 1) * sizeof(*p.pe));
        assert_non_null(p.pe);
        memmove(&p.pe[end + 1], &p.pe[end], (p.count - (size_t)end) * sizeof(*p.pe));
        p.pe[end] = pe;
        p.count++;
        app = end;
        r = pv_verify(&p, ESV_POLICY_TEST);
        f = find_on(r, broken ? "PROF-137" : "PROF-139", app);
        if (f == NULL)
            pv_assert_fires(r, broken ? "PROF-137" : "PROF-139", app);
        assert_int_equal(esv_finding_severity(f), broken ? ESV_SEV_ERROR : ESV_SEV_INFO);
        assert_non_null(strstr(esv_finding_message(f),
                               broken ? "load package F045535602: not a well-formed CAP load file: Header "
                                        "component: magic 00CAFFED, not DECAFFED (byte 3 of the load block)"
                                      : "load package F045535601: package F045535601 version 1.0"));
        pv_assert_quiet(r, "PROF-138");
        if (broken) /* the first one, still there, is still read */
            assert_int_equal(count_of(r, "PROF-139"), 1);
        else
            pv_assert_quiet(r, "PROF-137");
        esv_report_free(r);
    }
    pv_free(&p);
    free(b.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder_round_trip),
        cmocka_unit_test(test_classification),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_disagreements),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_profile_with_applet),
        cmocka_unit_test(test_extended_format),
        cmocka_unit_test(test_quiet_on_samples_and_ts48),
        cmocka_unit_test(test_ts48_variant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
