/*
 * test_prof_files.c - PROF-043..051 (file definitions, FCP coding, fills):
 * each fires on a variant of a real TS.48 profile derived at test time,
 * in template files and in PE-GenericFileManagement, and all stay quiet on
 * every real TS.48 profile under both policies.
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
    "PROF-048", "PROF-049", "PROF-050", "PROF-051", "PROF-160", "PROF-161",
    "PROF-162", "PROF-163", "PROF-164", "PROF-165", "PROF-166", "PROF-167", "PROF-169", "PROF-170",
    "PROF-171",
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

/* Removes (and frees) every item of a file. */
static void clear_file(File_t *f)
{
    while (f->list.count > 0) {
        struct File__Member *m = f->list.array[f->list.count - 1];
        asn_sequence_del(&f->list, f->list.count - 1, 0);
        ASN_STRUCT_FREE(*asn_DEF_File.elements[0].type, m);
    }
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

/* Asserts a finding of rule on element (under the test policy) with the
 * given severity and a message holding each of the NULL-terminated
 * substrings, and, when path is not NULL, that field path. */
static void expect_msg(const pv_profile *p, const char *rule, long element, esv_severity sev, const char *path,
                       ...)
{
    esv_report *r = pv_verify(p, ESV_POLICY_TEST);
    size_t i, hits = 0;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        va_list ap;
        const char *sub;
        bool all = true;
        if (strcmp(esv_finding_rule_id(f), rule) != 0 || esv_finding_element(f) != element)
            continue;
        if (path != NULL && (esv_finding_path(f) == NULL || strcmp(esv_finding_path(f), path) != 0))
            continue;
        va_start(ap, path);
        while ((sub = va_arg(ap, const char *)) != NULL)
            if (strstr(esv_finding_message(f), sub) == NULL)
                all = false;
        va_end(ap);
        if (all) {
            assert_int_equal(esv_finding_severity(f), sev);
            hits++;
        }
    }
    if (hits == 0) {
        pv_assert_fires(r, rule, element); /* prints the findings */
        fail_msg("%s on element %ld: no finding with the expected path and message", rule, element);
    }
    esv_report_free(r);
}

/* The n-th createFCP of the first GFM element, and the GFM's index. */
static Fcp_t *gfm_create(pv_profile *p, long *g, int nth)
{
    PE_GenericFileManagement_t *gfm;
    *g = pv_find(p, ProfileElement_PR_genericFileManagement, 0);
    assert_true(*g > 0);
    gfm = &p->pe[*g]->choice.genericFileManagement;
    for (int i = 0; i < gfm->fileManagementCMD.list.count; i++) {
        FileManagement_t *fm = gfm->fileManagementCMD.list.array[i];
        for (int j = 0; j < fm->list.count; j++)
            if (fm->list.array[j]->present == FileManagement__Member_PR_createFCP && nth-- == 0)
                return &fm->list.array[j]->choice.createFCP;
    }
    fail_msg("no createFCP %d", nth);
    return NULL;
}

/* --- tests -------------------------------------------------------------- */

static void test_quiet_on_all_ts48(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    pv_assert_quiet_ts48(files_rules, sizeof(files_rules) / sizeof(files_rules[0]));
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

/* PROF-160: parameters a kind of file must not carry, by template member. */
static void test_forbidden_parameters(void **state)
{
    pv_profile p;
    long u;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    set_opt(&fcp->pinStatusTemplateDO, "01");
    expect_msg(&p, "PROF-160", u, ESV_SEV_ERROR, "usim/ef-imsi", "an EF", "pinStatusTemplateDO", NULL);
    pv_free(&p);

    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.adf_usim);
    set_opt(&fcp->efFileSize, "10");
    set_opt(&fcp->shortEFID, "");
    expect_msg(&p, "PROF-160", u, ESV_SEV_ERROR, "usim/adf-usim", "an ADF", "shortEFID, efFileSize", NULL);
    pv_free(&p);

    LOAD(&p);
    u = pv_find(&p, ProfileElement_PR_telecom, 0);
    assert_true(u > 0);
    fcp = fcp_of(&p.pe[u]->choice.telecom.df_telecom);
    set_opt(&fcp->dfName, "A0000000871002");
    expect_msg(&p, "PROF-160", u, ESV_SEV_ERROR, "telecom/df-telecom", "a DF", "dfName", NULL);
    pv_free(&p);
}

/* PROF-161: a Full package's ADF without its temporary FID / AID / PIN
 * status template, a DF or the MF without its PIN status template. */
static void test_directory_parameters(void **state)
{
    pv_profile p;
    long u, mf;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.adf_usim);
    ASN_STRUCT_FREE(asn_DEF_OCTET_STRING, fcp->pinStatusTemplateDO);
    fcp->pinStatusTemplateDO = NULL;
    ASN_STRUCT_FREE(asn_DEF_OCTET_STRING, fcp->fileID);
    fcp->fileID = NULL;
    expect_msg(&p, "PROF-161", u, ESV_SEV_ERROR, "usim/adf-usim", "an ADF has no fileID (temporary FID), pinStatusTemplateDO",
               NULL);
    pv_free(&p);

    LOAD(&p);
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    fcp = fcp_of(&p.pe[mf]->choice.mf.mf);
    ASN_STRUCT_FREE(asn_DEF_OCTET_STRING, fcp->pinStatusTemplateDO);
    fcp->pinStatusTemplateDO = NULL;
    expect_msg(&p, "PROF-161", mf, ESV_SEV_ERROR, "mf/mf", "the MF has no pinStatusTemplateDO", NULL);
    pv_free(&p);
}

/* PROF-162: generic file creation parameter sets. */
static void test_gfm_create_parameters(void **state)
{
    pv_profile p;
    long g;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    fcp = gfm_create(&p, &g, 0);
    ASN_STRUCT_FREE(asn_DEF_OCTET_STRING, fcp->securityAttributesReferenced);
    fcp->securityAttributesReferenced = NULL;
    expect_msg(&p, "PROF-162", g, ESV_SEV_ERROR, NULL, "without securityAttributesReferenced", NULL);
    pv_free(&p);

    LOAD(&p);
    fcp = gfm_create(&p, &g, 0);
    set_opt(&fcp->dfName, "A0000000871002FF");
    expect_msg(&p, "PROF-162", g, ESV_SEV_ERROR, NULL, "of an ADF (dfName)", "pinStatusTemplateDO", NULL);
    expect_msg(&p, "PROF-162", g, ESV_SEV_ERROR, NULL, "createFCP of an ADF (dfName) carries efFileSize", NULL);
    pv_free(&p);

    LOAD(&p);
    fcp = gfm_create(&p, &g, 0);
    set_opt(&fcp->pinStatusTemplateDO, "01");
    expect_msg(&p, "PROF-162", g, ESV_SEV_ERROR, NULL, "createFCP of an EF (efFileSize) carries pinStatusTemplateDO",
               NULL);
    pv_free(&p);
}

/* PROF-163: a BER-TLV EF (created by GFM in TS.48 v7) with an offset, a
 * pattern, or content that is no list of data objects. */
static Fcp_t *gfm_bertlv(pv_profile *p, long *g, FileManagement_t **fm_out, int *at)
{
    PE_GenericFileManagement_t *gfm;
    *g = pv_find(p, ProfileElement_PR_genericFileManagement, 0);
    assert_true(*g > 0);
    gfm = &p->pe[*g]->choice.genericFileManagement;
    for (int i = 0; i < gfm->fileManagementCMD.list.count; i++) {
        FileManagement_t *fm = gfm->fileManagementCMD.list.array[i];
        for (int j = 0; j < fm->list.count; j++) {
            Fcp_t *c = &fm->list.array[j]->choice.createFCP;
            if (fm->list.array[j]->present == FileManagement__Member_PR_createFCP && c->fileDescriptor != NULL &&
                c->fileDescriptor->buf[0] == 0x79) {
                *fm_out = fm;
                *at = j;
                return c;
            }
        }
    }
    fail_msg("no BER-TLV createFCP");
    return NULL;
}

static void insert_gfm_item(FileManagement_t *fm, int at, struct FileManagement__Member *m)
{
    assert_int_equal(ASN_SEQUENCE_ADD(&fm->list, m), 0);
    for (int k = fm->list.count - 1; k > at; k--)
        fm->list.array[k] = fm->list.array[k - 1];
    fm->list.array[at] = m;
}

static void test_bertlv_files(void **state)
{
    pv_profile p;
    long g;
    FileManagement_t *fm;
    int at;
    struct FileManagement__Member *m;
    Fcp_t *fcp;
    (void)state;

    /* Two whole data objects: quiet. */
    LOAD(&p);
    gfm_bertlv(&p, &g, &fm, &at);
    m = calloc(1, sizeof(*m));
    m->present = FileManagement__Member_PR_fillFileContent;
    pv_set_hex(&m->choice.fillFileContent, "8001AA9F7F020102");
    insert_gfm_item(fm, at + 1, m);
    expect_quiet(&p, "PROF-163");
    pv_free(&p);

    /* The last one cut short. */
    LOAD(&p);
    gfm_bertlv(&p, &g, &fm, &at);
    m = calloc(1, sizeof(*m));
    m->present = FileManagement__Member_PR_fillFileContent;
    pv_set_hex(&m->choice.fillFileContent, "8001AA9F7F0301");
    insert_gfm_item(fm, at + 1, m);
    expect_msg(&p, "PROF-163", g, ESV_SEV_ERROR, NULL, "ends inside a data object", NULL);
    pv_free(&p);

    /* Padding where a tag belongs. */
    LOAD(&p);
    gfm_bertlv(&p, &g, &fm, &at);
    m = calloc(1, sizeof(*m));
    m->present = FileManagement__Member_PR_fillFileContent;
    pv_set_hex(&m->choice.fillFileContent, "8001AAFFFF");
    insert_gfm_item(fm, at + 1, m);
    expect_msg(&p, "PROF-163", g, ESV_SEV_ERROR, NULL, "a tag byte '00' or 'FF' at byte 3", NULL);
    pv_free(&p);

    /* An offset. */
    LOAD(&p);
    gfm_bertlv(&p, &g, &fm, &at);
    m = calloc(1, sizeof(*m));
    m->present = FileManagement__Member_PR_fillFileOffset;
    m->choice.fillFileOffset = 2;
    insert_gfm_item(fm, at + 1, m);
    expect_msg(&p, "PROF-163", g, ESV_SEV_ERROR, NULL, "filled with fillFileOffset", NULL);
    pv_free(&p);

    /* A fill pattern. */
    LOAD(&p);
    fcp = gfm_bertlv(&p, &g, &fm, &at);
    assert_non_null(fcp->proprietaryEFInfo);
    set_opt(&fcp->proprietaryEFInfo->fillPattern, "FF");
    expect_msg(&p, "PROF-163", g, ESV_SEV_ERROR, NULL, "a BER-TLV EF with a fillPattern", NULL);
    pv_free(&p);
}

/* PROF-165 and PROF-166: proprietary information, references, links. */
static void test_fcp_consistency(void **state)
{
    pv_profile p;
    long u;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    assert_non_null(fcp->proprietaryEFInfo);
    set_opt(&fcp->proprietaryEFInfo->fillPattern, "FF");
    set_opt(&fcp->proprietaryEFInfo->repeatPattern, "00");
    expect_msg(&p, "PROF-165", u, ESV_SEV_ERROR, "usim/ef-imsi", "both a fillPattern and a repeatPattern", NULL);
    pv_free(&p);

    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    set_opt(&fcp->proprietaryEFInfo->specialFileInformation, "41");
    expect_msg(&p, "PROF-165", u, ESV_SEV_ERROR, "usim/ef-imsi", "specialFileInformation '41'", NULL);
    pv_free(&p);

    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    set_opt(&fcp->securityAttributesReferenced, "6F06");
    expect_msg(&p, "PROF-165", u, ESV_SEV_ERROR, "usim/ef-imsi", "'6F06' is 2 bytes", NULL);
    pv_free(&p);

    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.adf_usim);
    set_opt(&fcp->linkPath, "7F10");
    expect_msg(&p, "PROF-165", u, ESV_SEV_ERROR, "usim/adf-usim", "an ADF with a linkPath", NULL);
    pv_free(&p);

    /* ef-fdn made a link (to DF.TELECOM's EF.FDN, as TS.48's opt-csim
     * does) with a size of its own, and with content. */
    LOAD(&p);
    u = usim_index(&p);
    assert_non_null(p.pe[u]->choice.usim.ef_fdn);
    fcp = fcp_of(p.pe[u]->choice.usim.ef_fdn);
    set_opt(&fcp->linkPath, "7F106F3B");
    set_opt(&fcp->efFileSize, "1C");
    expect_msg(&p, "PROF-165", u, ESV_SEV_ERROR, "usim/ef-fdn", "a link (linkPath) with its own efFileSize", NULL);
    pv_free(&p);
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(p.pe[u]->choice.usim.ef_fdn);
    ASN_STRUCT_FREE(asn_DEF_OCTET_STRING, fcp->efFileSize);
    fcp->efFileSize = NULL;
    set_opt(&fcp->linkPath, "7F106F3B");
    pv_set_hex(&append_item(p.pe[u]->choice.usim.ef_fdn, File__Member_PR_fillFileContent)->choice.fillFileContent,
               "FF");
    expect_msg(&p, "PROF-165", u, ESV_SEV_ERROR, "usim/ef-fdn", "with content of its own", NULL);
    pv_free(&p);

    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    set_opt(&fcp->efFileSize, "0009");
    expect_msg(&p, "PROF-166", u, ESV_SEV_WARNING, "usim/ef-imsi", "efFileSize has a leading '00' octet (2 bytes)",
               NULL);
    pv_free(&p);
}

/* PROF-167: descriptor against member; PROF-169: doNotCreate on the MF. */
static void test_descriptor_member_and_mf(void **state)
{
    pv_profile p;
    long u, mf;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.ef_imsi);
    set_opt(&fcp->fileDescriptor, "7821");
    expect_msg(&p, "PROF-167", u, ESV_SEV_ERROR, "usim/ef-imsi", "'78' (DF/ADF) for an EF", NULL);
    pv_free(&p);

    LOAD(&p);
    u = usim_index(&p);
    fcp = fcp_of(&p.pe[u]->choice.usim.adf_usim);
    set_opt(&fcp->fileDescriptor, "4121");
    expect_msg(&p, "PROF-167", u, ESV_SEV_ERROR, "usim/adf-usim", "'41' (transparent EF) for an ADF", NULL);
    pv_free(&p);

    LOAD(&p);
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    assert_non_null(p.pe[mf]->choice.mf.ef_pl);
    {
        File_t *pl = p.pe[mf]->choice.mf.ef_pl;
        clear_file(pl);
        append_item(pl, File__Member_PR_doNotCreate);
    }
    expect_msg(&p, "PROF-169", mf, ESV_SEV_WARNING, "mf/ef-pl", "doNotCreate on a file of the MF template", NULL);
    pv_free(&p);

    LOAD(&p);
    u = pv_find(&p, ProfileElement_PR_opt_usim, 0);
    {
        File_t *li = p.pe[u]->choice.opt_usim.ef_li;
        assert_non_null(li);
        clear_file(li);
        append_item(li, File__Member_PR_doNotCreate);
    }
    expect_msg(&p, "PROF-169", u, ESV_SEV_WARNING, "opt-usim/ef-li", "doNotCreate in opt-usim", NULL);
    pv_free(&p);
}

/* The createFCP at item j of command i of the GFM element g. */
static Fcp_t *gfm_item(pv_profile *p, long g, int i, int j)
{
    FileManagement_t *fm = p->pe[g]->choice.genericFileManagement.fileManagementCMD.list.array[i];
    assert_true(j < fm->list.count);
    assert_int_equal(fm->list.array[j]->present, FileManagement__Member_PR_createFCP);
    return &fm->list.array[j]->choice.createFCP;
}

/* PROF-164 over the directory model: TS.48 v7 gives every file ID, the
 * USIM ADF is '7FD0', and its second GFM (element 22) creates DF '5F50'
 * (item 1) and its EFs under '7FD0' and EF '6FFE' directly under it
 * (item 16). */
static void test_identifier_uniqueness(void **state)
{
    pv_profile p;
    long u, o, g, t;
    Fcp_t *fcp;
    (void)state;

    /* Two EFs of the USIM template with one FID. */
    LOAD(&p);
    u = usim_index(&p);
    set_opt(&fcp_of(&p.pe[u]->choice.usim.ef_spn)->fileID, "6F07");
    expect_msg(&p, "PROF-164", u, ESV_SEV_ERROR, "usim/ef-spn", "file ID '6F07' is given twice in directory 7FD0",
               "usim/ef-imsi", NULL);
    pv_free(&p);

    /* opt-usim adds to the USIM's ADF. */
    LOAD(&p);
    o = pv_find(&p, ProfileElement_PR_opt_usim, 0);
    assert_true(o > 0);
    assert_non_null(p.pe[o]->choice.opt_usim.ef_li);
    set_opt(&fcp_of(p.pe[o]->choice.opt_usim.ef_li)->fileID, "6F07");
    expect_msg(&p, "PROF-164", o, ESV_SEV_ERROR, "opt-usim/ef-li", "'6F07'", "directory 7FD0", NULL);
    pv_free(&p);

    /* A GFM creating, under '7FD0', a file the USIM template made. */
    LOAD(&p);
    g = pv_find(&p, ProfileElement_PR_genericFileManagement, 1);
    assert_int_equal(g, 22);
    fcp = gfm_item(&p, g, 0, 16);
    set_opt(&fcp->fileID, "6F07");
    expect_msg(&p, "PROF-164", g, ESV_SEV_ERROR, "genericFileManagement/fileManagementCMD[0][16]/createFCP",
               "'6F07' is given twice in directory 7FD0", "usim/ef-imsi (element 7)", NULL);
    pv_free(&p);

    /* Within the DF the GFM created and selected: '7FD0/5F50'. */
    LOAD(&p);
    g = pv_find(&p, ProfileElement_PR_genericFileManagement, 1);
    set_opt(&gfm_item(&p, g, 0, 4)->fileID, "4F81");
    expect_msg(&p, "PROF-164", g, ESV_SEV_ERROR, NULL, "'4F81' is given twice in directory 7FD0/5F50", NULL);
    pv_free(&p);

    /* The same FID in another directory is no clash: DF GRAPHICS's
     * EF.IMG given DF TELECOM's EF.ARR FID, and a file under
     * '7FD0/5F50' given the FID of one directly under '7FD0'. */
    LOAD(&p);
    t = pv_find(&p, ProfileElement_PR_telecom, 0);
    assert_non_null(p.pe[t]->choice.telecom.ef_img);
    set_opt(&fcp_of(p.pe[t]->choice.telecom.ef_img)->fileID, "6F06");
    g = pv_find(&p, ProfileElement_PR_genericFileManagement, 1);
    set_opt(&gfm_item(&p, g, 0, 4)->fileID, "6FFE");
    expect_quiet(&p, "PROF-164");
    pv_free(&p);

    /* SFIs: two USIM EFs with SFI 30. */
    LOAD(&p);
    u = usim_index(&p);
    set_opt(&fcp_of(&p.pe[u]->choice.usim.ef_imsi)->shortEFID, "F0");
    set_opt(&fcp_of(&p.pe[u]->choice.usim.ef_spn)->shortEFID, "F0");
    expect_msg(&p, "PROF-164", u, ESV_SEV_ERROR, "usim/ef-spn", "SFI 30 is given twice in directory 7FD0", NULL);
    pv_free(&p);

    /* An ADF's temporary FID is in the MF's namespace (it starts paths). */
    LOAD(&p);
    u = usim_index(&p);
    set_opt(&fcp_of(&p.pe[u]->choice.usim.adf_usim)->fileID, "7F10");
    expect_msg(&p, "PROF-164", u, ESV_SEV_ERROR, "usim/adf-usim", "'7F10' is given twice in the MF",
               "telecom/df-telecom", NULL);
    pv_free(&p);
}

/* Sets an OID's DER content bytes. */
static void set_oid(OBJECT_IDENTIFIER_t *o, const uint8_t *b, size_t n)
{
    free(o->buf);
    o->buf = malloc(n);
    assert_non_null(o->buf);
    memcpy(o->buf, b, n);
    o->size = (int)n;
}

/* PROF-170: templateIDs against SAIP Annex B. */
static void test_template_oids(void **state)
{
    static const uint8_t usim_v3[] = {0x67, 0x81, 0x0f, 0x01, 0x02, 0x04, 0x03}; /* .4.3: not assigned */
    static const uint8_t isim[] = {0x67, 0x81, 0x0f, 0x01, 0x02, 0x08};          /* .8: the ISIM's */
    static const uint8_t usim_v2[] = {0x67, 0x81, 0x0f, 0x01, 0x02, 0x04, 0x02}; /* .4.2: USIM v2 */
    static const uint8_t other[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0x02};         /* 1.3.6.1.4.1.2 */
    pv_profile p;
    long u;
    esv_report *r;
    (void)state;

    LOAD(&p);
    u = usim_index(&p);
    set_oid(&p.pe[u]->choice.usim.templateID, usim_v3, sizeof(usim_v3));
    expect_msg(&p, "PROF-170", u, ESV_SEV_ERROR, "templateID",
               "usim templateID 2.23.143.1.2.4.3 is not a template SAIP Annex B assigns",
               "usim: 2.23.143.1.2.4, 2.23.143.1.2.4.2", NULL);
    set_oid(&p.pe[u]->choice.usim.templateID, isim, sizeof(isim));
    expect_msg(&p, "PROF-170", u, ESV_SEV_ERROR, "templateID",
               "usim templateID 2.23.143.1.2.8 is Annex B's isim template", NULL);
    /* A later version of the right template, and an operator's own
     * template outside the arc (PROF-019's): not PROF-170. */
    set_oid(&p.pe[u]->choice.usim.templateID, usim_v2, sizeof(usim_v2));
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-170");
    esv_report_free(r);
    set_oid(&p.pe[u]->choice.usim.templateID, other, sizeof(other));
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-170");
    pv_assert_fires(r, "PROF-019", u);
    esv_report_free(r);
    pv_free(&p);
}

/* PROF-171: access rules naming a record the EF.ARR does not have. In
 * TS.48 v7 the MF's EF.ARR has 15 records of 46 bytes, the USIM's 15 of
 * 54. */
static void test_arr_records(void **state)
{
    pv_profile p;
    long u, o;
    esv_report *r;
    (void)state;

    LOAD(&p);
    u = usim_index(&p);
    set_opt(&fcp_of(&p.pe[u]->choice.usim.ef_imsi)->securityAttributesReferenced, "6F0610");
    expect_msg(&p, "PROF-171", u, ESV_SEV_ERROR, "usim/ef-imsi", "'6F0610' names record 16 of EF.ARR '6F06', which has 15",
               NULL);
    /* The last record is there. */
    set_opt(&fcp_of(&p.pe[u]->choice.usim.ef_imsi)->securityAttributesReferenced, "6F060F");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-171");
    esv_report_free(r);
    /* Record 0. */
    set_opt(&fcp_of(&p.pe[u]->choice.usim.ef_imsi)->securityAttributesReferenced, "6F0600");
    expect_msg(&p, "PROF-171", u, ESV_SEV_ERROR, "usim/ef-imsi", "numbered from 1", NULL);
    pv_free(&p);

    /* opt-usim's files reach the USIM ADF's EF.ARR. */
    LOAD(&p);
    o = pv_find(&p, ProfileElement_PR_opt_usim, 0);
    set_opt(&fcp_of(p.pe[o]->choice.opt_usim.ef_li)->securityAttributesReferenced, "6F0611");
    expect_msg(&p, "PROF-171", o, ESV_SEV_ERROR, "opt-usim/ef-li", "record 17 of EF.ARR '6F06', which has 15", NULL);
    pv_free(&p);

    /* '2F06' is the MF's EF.ARR from anywhere. */
    LOAD(&p);
    u = usim_index(&p);
    set_opt(&fcp_of(&p.pe[u]->choice.usim.ef_spn)->securityAttributesReferenced, "2F0610");
    expect_msg(&p, "PROF-171", u, ESV_SEV_ERROR, "usim/ef-spn", "record 16 of EF.ARR '2F06', which has 15", NULL);
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
        cmocka_unit_test(test_forbidden_parameters),
        cmocka_unit_test(test_directory_parameters),
        cmocka_unit_test(test_gfm_create_parameters),
        cmocka_unit_test(test_bertlv_files),
        cmocka_unit_test(test_fcp_consistency),
        cmocka_unit_test(test_descriptor_member_and_mf),
        cmocka_unit_test(test_identifier_uniqueness),
        cmocka_unit_test(test_template_oids),
        cmocka_unit_test(test_arr_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
