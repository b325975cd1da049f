/*
 * test_prof_files.c - PROF-043..051 (file definitions, FCP coding, fills):
 * each fires on a variant of a real TS.48 profile derived at test time,
 * in template files and in PE-GenericFileManagement, and all stay quiet on
 * every real TS.48 profile under both policies.
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

#define V7 "profiles/ts48/TS48v7_SAIP2.3_BERTLV_SUCI.der"

#define LOAD(p)                                                                   \
    do {                                                                          \
        if (pv_load(V7, (p)) != 0) {                                              \
            print_message("skipped: ../shared/testdata not present\n");           \
            skip();                                                               \
        }                                                                         \
    } while (0)

static const char *const files_rules[] = {
    "PROF-043", "PROF-044", "PROF-045", "PROF-046", "PROF-047",
    "PROF-048", "PROF-049", "PROF-050", "PROF-051",
};


/* --- helpers ------------------------------------------------------------ */

static long usim_index(const pv_profile *p)
{
    long u = pv_find(p, ProfileElement_PR_usim, 0);
    assert_true(u > 0);
    return u;
}

/* The Fcp of a file (the test fails when there is none). */
static Fcp_t *fcp_of(File_t *f)
{
    for (int i = 0; i < f->list.count; i++)
        if (f->list.array[i]->present == File__Member_PR_fileDescriptor)
            return &f->list.array[i]->choice.fileDescriptor;
    fail_msg("file has no fileDescriptor");
    return NULL;
}

/* Sets an OPTIONAL OCTET STRING of an Fcp, allocating it when absent. */
static void set_opt(OCTET_STRING_t **os, const char *hex)
{
    if (*os == NULL)
        *os = calloc(1, sizeof(**os));
    assert_non_null(*os);
    pv_set_hex(*os, hex);
}

/* Appends a new item of the given kind to a file. */
static struct File__Member *append_item(File_t *f, File__Member_PR kind)
{
    struct File__Member *m = calloc(1, sizeof(*m));
    assert_non_null(m);
    m->present = kind;
    assert_int_equal(ASN_SEQUENCE_ADD(&f->list, m), 0);
    return m;
}

static size_t fill_total(const File_t *f)
{
    size_t n = 0;
    for (int i = 0; i < f->list.count; i++)
        if (f->list.array[i]->present == File__Member_PR_fillFileContent)
            n += (size_t)f->list.array[i]->choice.fillFileContent.size;
    return n;
}

static void expect(const pv_profile *p, const char *rule, long element)
{
    esv_report *r = pv_verify(p, ESV_POLICY_TEST);
    pv_assert_fires(r, rule, element);
    esv_report_free(r);
}

static void expect_quiet(const pv_profile *p, const char *rule)
{
    esv_report *r = pv_verify(p, ESV_POLICY_PRODUCTION);
    pv_assert_quiet(r, rule);
    esv_report_free(r);
}

/* --- tests -------------------------------------------------------------- */

static void test_quiet_on_all_ts48(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        for (int pol = 0; pol < 2; pol++) {
            esv_report *r =
                pv_verify_ts48(tu_ts48_files[i], pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
            pv_assert_quiet_all(r, files_rules, sizeof(files_rules) / sizeof(files_rules[0]));
            esv_report_free(r);
        }
    }
}

static void test_do_not_create_alone(void **state)
{
    pv_profile p;
    long u;
    File_t *spn;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    spn = &p.pe[u]->choice.usim.ef_spn;
    assert_true(spn->list.count >= 1);
    append_item(spn, File__Member_PR_doNotCreate);
    expect(&p, "PROF-043", u);
    pv_free(&p);
}

static void test_descriptor_once_and_first(void **state)
{
    pv_profile p;
    long u;
    File_t *imsi;
    struct File__Member *t;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    imsi = &p.pe[u]->choice.usim.ef_imsi;
    assert_int_equal(imsi->list.array[0]->present, File__Member_PR_fileDescriptor);
    assert_int_equal(imsi->list.array[1]->present, File__Member_PR_fillFileContent);
    /* content first, then the descriptor */
    t = imsi->list.array[0];
    imsi->list.array[0] = imsi->list.array[1];
    imsi->list.array[1] = t;
    expect(&p, "PROF-044", u);
    imsi->list.array[1] = imsi->list.array[0];
    imsi->list.array[0] = t;
    expect_quiet(&p, "PROF-044");
    /* a second (empty) descriptor */
    append_item(imsi, File__Member_PR_fileDescriptor);
    expect(&p, "PROF-044", u);
    pv_free(&p);
}

static void test_fill_beyond_size(void **state)
{
    pv_profile p;
    long u;
    File_t *ust;
    Fcp_t *fcp;
    char hex[8];
    size_t n;
    struct File__Member *off;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    ust = &p.pe[u]->choice.usim.ef_ust;
    fcp = fcp_of(ust);
    assert_non_null(fcp->efFileSize);
    n = fill_total(ust);
    assert_true(n > 1 && n < 256);
    /* one byte less than the content written */
    snprintf(hex, sizeof(hex), "%02zX", n - 1);
    pv_set_hex(fcp->efFileSize, hex);
    expect(&p, "PROF-045", u);
    /* the exact size is fine; an offset past the end after it is not */
    snprintf(hex, sizeof(hex), "%02zX", n);
    pv_set_hex(fcp->efFileSize, hex);
    expect_quiet(&p, "PROF-045");
    off = append_item(ust, File__Member_PR_fillFileOffset);
    off->choice.fillFileOffset = 1;
    expect(&p, "PROF-045", u);
    pv_free(&p);
}

static void test_fill_beyond_size_gfm(void **state)
{
    pv_profile p;
    long g = -1;
    int done = 0;
    (void)state;
    LOAD(&p);
    /* the first createFCP with efFileSize and a record length that is
     * followed by more content than one record: shrink it to one record */
    for (size_t nth = 0; !done && (g = pv_find(&p, ProfileElement_PR_genericFileManagement, nth)) >= 0; nth++) {
        PE_GenericFileManagement_t *gfm = &p.pe[g]->choice.genericFileManagement;
        for (int i = 0; !done && i < gfm->fileManagementCMD.list.count; i++) {
            FileManagement_t *fm = gfm->fileManagementCMD.list.array[i];
            for (int j = 0; !done && j + 1 < fm->list.count; j++) {
                Fcp_t *fcp;
                size_t content = 0, rec;
                char hex[8];
                if (fm->list.array[j]->present != FileManagement__Member_PR_createFCP)
                    continue;
                fcp = &fm->list.array[j]->choice.createFCP;
                if (fcp->efFileSize == NULL || fcp->fileDescriptor == NULL || fcp->fileDescriptor->size != 4)
                    continue;
                rec = fcp->fileDescriptor->buf[3];
                for (int k = j + 1; k < fm->list.count &&
                                    fm->list.array[k]->present == FileManagement__Member_PR_fillFileContent;
                     k++)
                    content += (size_t)fm->list.array[k]->choice.fillFileContent.size;
                if (rec == 0 || content <= rec)
                    continue;
                snprintf(hex, sizeof(hex), "%02zX", rec);
                pv_set_hex(fcp->efFileSize, hex);
                done = 1;
            }
        }
    }
    assert_true(done);
    expect(&p, "PROF-045", g);
    pv_free(&p);
}

static void test_descriptor_coding(void **state)
{
    static const char *bad[] = {
        "4021",     /* EF with structure 000 */
        "4321",     /* EF with structure 011 (RFU) */
        "5121",     /* b6..b4 = 010 (RFU) */
        "C121",     /* b8 set */
        "7A21",     /* DF type with structure 010 */
        "4122",     /* data coding byte not '21' */
        "4221",     /* linear fixed without a record length */
        "41210009", /* transparent with a record length */
        "42210000", /* record length 0 */
        "42210100", /* record length 256 */
    };
    pv_profile p;
    long u;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        pv_set_hex(fcp->fileDescriptor, bad[i]);
        expect(&p, "PROF-046", u);
    }
    /* internal / non-shareable variants are valid codings */
    pv_set_hex(fcp->fileDescriptor, "0921");
    expect_quiet(&p, "PROF-046");
    pv_free(&p);
}

static void test_record_size(void **state)
{
    pv_profile p;
    long u;
    Fcp_t *fcp;
    size_t rec, size;
    char hex[8];
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_arr);
    assert_int_equal(fcp->fileDescriptor->size, 4);
    rec = ((size_t)fcp->fileDescriptor->buf[2] << 8) | fcp->fileDescriptor->buf[3];
    assert_non_null(fcp->efFileSize);
    size = fcp->efFileSize->size == 2 ? ((size_t)fcp->efFileSize->buf[0] << 8) | fcp->efFileSize->buf[1]
                                      : fcp->efFileSize->buf[0];
    assert_true(rec > 0 && size % rec == 0);
    snprintf(hex, sizeof(hex), "%04zX", size + 1);
    pv_set_hex(fcp->efFileSize, hex);
    expect(&p, "PROF-047", u);
    /* 255 records of 4 bytes */
    pv_set_hex(fcp->fileDescriptor, "42210004");
    pv_set_hex(fcp->efFileSize, "03FC");
    expect(&p, "PROF-047", u);
    pv_set_hex(fcp->efFileSize, "03F8"); /* 254 records */
    expect_quiet(&p, "PROF-047");
    pv_free(&p);
}

static void test_reserved_file_id(void **state)
{
    static const char *reserved[] = {"3F00", "3FFF", "7FFF", "FFFF"};
    pv_profile p;
    long u, mf;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
        pv_set_hex(fcp->fileID, reserved[i]);
        expect(&p, "PROF-048", u);
    }
    pv_free(&p);
    LOAD(&p);
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    fcp = fcp_of(&p.pe[mf]->choice.mf.mf);
    set_opt(&fcp->fileID, "3F00"); /* the MF's own */
    expect_quiet(&p, "PROF-048");
    set_opt(&fcp->fileID, "3F01");
    expect(&p, "PROF-048", mf);
    pv_free(&p);
}

static void test_short_ef_id(void **state)
{
    static const char *bad[] = {"11", "F8", "00", "07"};
    pv_profile p;
    long u, mf;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        set_opt(&fcp->shortEFID, bad[i]);
        expect(&p, "PROF-049", u);
    }
    set_opt(&fcp->shortEFID, "F0"); /* SFI 30 */
    expect_quiet(&p, "PROF-049");
    /* an SFI on the MF (a DF) */
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    set_opt(&fcp_of(&p.pe[mf]->choice.mf.mf)->shortEFID, "08");
    expect(&p, "PROF-049", mf);
    pv_free(&p);
}

static void test_lcsi(void **state)
{
    static const char *bad[] = {"00", "01", "03", "0C", "0F", "10", "85"};
    pv_profile p;
    long u;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        set_opt(&fcp->lcsi, bad[i]);
        expect(&p, "PROF-050", u);
    }
    set_opt(&fcp->lcsi, "04"); /* operational, deactivated */
    expect_quiet(&p, "PROF-050");
    pv_free(&p);
}

static void test_zero_size(void **state)
{
    pv_profile p;
    long u;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_acc);
    set_opt(&fcp->efFileSize, "00");
    expect(&p, "PROF-051", u);
    set_opt(&fcp->efFileSize, "0000");
    expect(&p, "PROF-051", u);
    set_opt(&fcp->efFileSize, "02");
    expect_quiet(&p, "PROF-051");
    pv_free(&p);
}

static void test_gfm_fcp(void **state)
{
    pv_profile p;
    long g;
    Fcp_t *fcp = NULL;
    PE_GenericFileManagement_t *gfm;
    (void)state;
    LOAD(&p);
    g = pv_find(&p, ProfileElement_PR_genericFileManagement, 0);
    assert_true(g > 0);
    gfm = &p.pe[g]->choice.genericFileManagement;
    for (int j = 0; fcp == NULL && j < gfm->fileManagementCMD.list.array[0]->list.count; j++)
        if (gfm->fileManagementCMD.list.array[0]->list.array[j]->present == FileManagement__Member_PR_createFCP)
            fcp = &gfm->fileManagementCMD.list.array[0]->list.array[j]->choice.createFCP;
    assert_non_null(fcp);
    set_opt(&fcp->fileID, "FFFF");
    expect(&p, "PROF-048", g);
    set_opt(&fcp->fileID, "6FFE");
    set_opt(&fcp->lcsi, "03");
    expect(&p, "PROF-050", g);
    set_opt(&fcp->lcsi, "05");
    set_opt(&fcp->fileDescriptor, "4221");
    expect(&p, "PROF-046", g);
    pv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_on_all_ts48),
        cmocka_unit_test(test_do_not_create_alone),
        cmocka_unit_test(test_descriptor_once_and_first),
        cmocka_unit_test(test_fill_beyond_size),
        cmocka_unit_test(test_fill_beyond_size_gfm),
        cmocka_unit_test(test_descriptor_coding),
        cmocka_unit_test(test_record_size),
        cmocka_unit_test(test_reserved_file_id),
        cmocka_unit_test(test_short_ef_id),
        cmocka_unit_test(test_lcsi),
        cmocka_unit_test(test_zero_size),
        cmocka_unit_test(test_gfm_fcp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
