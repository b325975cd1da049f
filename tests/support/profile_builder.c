/*
 * profile_builder.c - see profile_builder.h. Element shapes follow TCA
 * SAIP v2.3.1 / v3.3.1 clause 8; file contents follow 3GPP TS 31.102
 * (EF.IMSI 4.2.2, EF.AD 4.2.18, EF.ACC 4.2.15, EF.SPN 4.2.12, EF.EHPLMN
 * 4.2.84) and ETSI TS 102 221 (EF.ICCID 13.2, EF.DIR 13.1). Every value
 * comes from the options; DEFAULT components equal to their default are
 * left absent, as DER requires (X.690 11.5).
 */
#include "profile_builder.h"

#include "crypto/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static void oom(void)
{
    fputs("profile_builder: out of memory\n", stderr);
    abort();
}

static void *xcalloc(size_t size)
{
    void *p = calloc(1, size);
    if (p == NULL)
        oom();
    return p;
}

static void set_os(OCTET_STRING_t *os, const void *bytes, size_t len)
{
    if (OCTET_STRING_fromBuf(os, (const char *)bytes, (int)len) != 0)
        oom();
}

static OCTET_STRING_t *new_os(const void *bytes, size_t len)
{
    OCTET_STRING_t *os = xcalloc(sizeof(*os));
    set_os(os, bytes, len);
    return os;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Hex constants written in this file (always well formed, < 128 bytes). */
static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (hex[0] && hex[1] && n < cap) {
        out[n++] = (uint8_t)(hexval(hex[0]) << 4 | hexval(hex[1]));
        hex += 2;
    }
    return n;
}

static void set_hex(OCTET_STRING_t *os, const char *hex)
{
    uint8_t b[128];
    set_os(os, b, unhex(hex, b, sizeof(b)));
}

static OCTET_STRING_t *new_hex(const char *hex)
{
    uint8_t b[128];
    return new_os(b, unhex(hex, b, sizeof(b)));
}

static void set_int(INTEGER_t *v, long x)
{
    if (asn_long2INTEGER(v, x) != 0)
        oom();
}

static NULL_t *new_null(void)
{
    return xcalloc(sizeof(NULL_t));
}

static void add_member(void *list, void *member)
{
    if (ASN_SEQUENCE_ADD(list, member) != 0)
        oom();
}

/* Template OIDs: 2.23.143.1.2.n (TCA SAIP 9, "templates"). */
enum {
    TPL_MF = 1,
    TPL_TELECOM = 3,
    TPL_USIM = 4,
    TPL_OPT_USIM = 5,
    TPL_ISIM = 8,
    TPL_DF_5GS = 13
};

static void set_template(OBJECT_IDENTIFIER_t *oid, unsigned long n)
{
    unsigned long arcs[6] = {2, 23, 143, 1, 2, 0};
    arcs[5] = n;
    if (OBJECT_IDENTIFIER_set_arcs(oid, arcs, sizeof(arcs[0]), 6) != 0)
        oom();
}

static void pe_header(PEHeader_t *h, long *next_id)
{
    h->mandated = new_null();
    h->identification = (*next_id)++;
}

/* ------------------------------------------------------------- files */

static struct File__Member *file_step(File_t *f, File__Member_PR kind)
{
    struct File__Member *m = xcalloc(sizeof(*m));
    m->present = kind;
    add_member(&f->list, m);
    return m;
}

static void file_fill(File_t *f, const void *bytes, size_t len)
{
    set_os(&file_step(f, File__Member_PR_fillFileContent)->choice.fillFileContent, bytes, len);
}

static void file_offset(File_t *f, long off)
{
    file_step(f, File__Member_PR_fillFileOffset)->choice.fillFileOffset = off;
}

/* An FCP overriding the template: descriptor, size (hex or NULL). */
static void file_fcp(File_t *f, const char *descriptor, const char *size)
{
    Fcp_t *c = &file_step(f, File__Member_PR_fileDescriptor)->choice.fileDescriptor;
    if (descriptor)
        c->fileDescriptor = new_hex(descriptor);
    if (size)
        c->efFileSize = new_hex(size);
}

/* The PIN status template of every directory the builder creates
 * (TCA SAIP 8.3.2: the bare key references, not the 'C6' object): PIN1
 * (global '01') and ADM1 ('0A'), which build_codes defines in the MF. */
#define PIN_STATUS "010A"

/* An ADF's FCP: temporary file ID, AID and PIN status template (TCA SAIP
 * 8.3, adf-usim). */
static void file_adf(File_t *f, const char *fid, const uint8_t *aid, size_t aid_len)
{
    Fcp_t *c = &file_step(f, File__Member_PR_fileDescriptor)->choice.fileDescriptor;
    c->fileID = new_hex(fid);
    c->dfName = new_os(aid, aid_len);
    c->pinStatusTemplateDO = new_hex(PIN_STATUS);
}

/* A DF's (or the MF's) FCP: the PIN status template only, the rest from
 * the template (TCA SAIP v3.4.1 8.3.3 note 4: the template leaves it to
 * the profile). */
static void file_dir(File_t *f)
{
    file_step(f, File__Member_PR_fileDescriptor)->choice.fileDescriptor.pinStatusTemplateDO = new_hex(PIN_STATUS);
}

static File_t *new_file(void)
{
    return xcalloc(sizeof(File_t));
}

/* ------------------------------------------------------------ values */

static int all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int pb_luhn_digit(const char *digits)
{
    size_t n = strlen(digits);
    int sum = 0;
    if (n == 0 || !all_digits(digits, 1, (size_t)-1))
        return -1;
    /* Double every second digit from the right, starting with the last. */
    for (size_t i = 0; i < n; i++) {
        int d = digits[n - 1 - i] - '0';
        if (i % 2 == 0) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return '0' + (10 - sum % 10) % 10;
}

static int luhn_ok(const char *iccid)
{
    char body[21];
    size_t n = strlen(iccid);
    if (n < 2 || n > 20)
        return 0;
    memcpy(body, iccid, n - 1);
    body[n - 1] = 0;
    return pb_luhn_digit(body) == iccid[n - 1];
}

/* Digits as BCD, 'F'-padded to out_len bytes; swapped: low nibble first
 * (the SIM file coding), else high nibble first (E.118 / header). */
static void bcd(const char *digits, uint8_t *out, size_t out_len, int swapped)
{
    size_t n = strlen(digits);
    for (size_t i = 0; i < out_len; i++) {
        unsigned first = 2 * i < n ? (unsigned)(digits[2 * i] - '0') : 0xF;
        unsigned second = 2 * i + 1 < n ? (unsigned)(digits[2 * i + 1] - '0') : 0xF;
        out[i] = (uint8_t)(swapped ? second << 4 | first : first << 4 | second);
    }
}

/* EF.IMSI (TS 31.102 4.2.2): length of IMSI in bytes, then the digits in
 * swapped BCD behind the parity nibble ('9' odd, '1' even: type IMSI). */
static size_t imsi_file(const char *imsi, uint8_t out[9])
{
    size_t n = strlen(imsi);
    char d[17];
    memset(out, 0xFF, 9);
    /* the first "digit" is the parity / type nibble */
    d[0] = (char)((n % 2) ? 9 : 1);
    for (size_t i = 0; i < n; i++)
        d[i + 1] = (char)(imsi[i] - '0');
    out[0] = (uint8_t)((n + 2) / 2);
    for (size_t i = 0; i < n + 1; i++) {
        if (i % 2 == 0)
            out[1 + i / 2] = (uint8_t)(0xF0 | d[i]);
        else
            out[1 + i / 2] = (uint8_t)((out[1 + i / 2] & 0x0F) | d[i] << 4);
    }
    return 9;
}

/* PLMN (TS 24.008 10.5.1.13): MCC2 MCC1, MNC3 MCC3, MNC2 MNC1. */
static void plmn(const char *imsi, unsigned mnc_len, uint8_t out[3])
{
    int m3 = mnc_len == 3 ? imsi[5] - '0' : 0xF;
    out[0] = (uint8_t)((imsi[1] - '0') << 4 | (imsi[0] - '0'));
    out[1] = (uint8_t)(m3 << 4 | (imsi[2] - '0'));
    out[2] = (uint8_t)((imsi[4] - '0') << 4 | (imsi[3] - '0'));
}

/* The PIN/PUK value: ASCII, 'FF'-padded to 8 bytes (TS 102 221 9.5.1). */
static void pin_value(OCTET_STRING_t *os, const char *pin)
{
    uint8_t b[8];
    size_t n = strlen(pin);
    memset(b, 0xFF, sizeof(b));
    memcpy(b, pin, n > 8 ? 8 : n);
    set_os(os, b, sizeof(b));
}

/* AIDs of the sample applications (ETSI TS 101 220 annex E: RID
 * A000000087, application code 1002 USIM / 1004 ISIM; the country and
 * provider fields are invented). */
static const uint8_t usim_aid[] = {0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02, 0xFF,
                                   0x44, 0xFF, 0x92, 0x01};
static const uint8_t isim_aid[] = {0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x04, 0xFF,
                                   0x44, 0xFF, 0x92, 0x01};

/* ----------------------------------------------------------- options */

void pb_options_sample(pb_options *o)
{
    /* Invented once for esv: an ICCID in a UK-issuer-like range (89 44)
     * that is not the GSMA test ICCID; an IMSI with MCC 234 and an
     * invented MNC/MSIN; K, OPc and SD keys drawn once from /dev/urandom. */
    static const uint8_t k[16] = {0x70, 0x5b, 0xcb, 0x7b, 0x67, 0x41, 0x90, 0xb0,
                                  0x3e, 0xde, 0x35, 0x7b, 0x13, 0x1e, 0xc1, 0x8c};
    static const uint8_t opc[16] = {0xd6, 0x80, 0x19, 0x7e, 0x99, 0xd7, 0x26, 0x76,
                                    0xa5, 0xfb, 0x06, 0x59, 0x44, 0xa0, 0x8f, 0xb8};
    static const uint8_t sd[3][16] = {
        {0x94, 0xc6, 0x35, 0x68, 0xaf, 0xc4, 0x7d, 0x6e, 0xf3, 0x9c, 0x72, 0xeb, 0xa7, 0x7d,
         0xd9, 0x36},
        {0x8c, 0xc2, 0x09, 0x90, 0x1b, 0x1d, 0x23, 0x59, 0x71, 0x25, 0xe2, 0x95, 0x7a, 0xbd,
         0xdf, 0x16},
        {0x3b, 0x74, 0x9e, 0xe6, 0xb3, 0xdb, 0xd2, 0x89, 0xd0, 0x30, 0x4c, 0xcb, 0xb5, 0x01,
         0xb7, 0xbc},
    };
    char body[20] = "8944920100583423557";
    memset(o, 0, sizeof(*o));
    snprintf(o->iccid, sizeof(o->iccid), "%s%c", body, pb_luhn_digit(body));
    snprintf(o->imsi, sizeof(o->imsi), "%s", "234926823390247");
    o->mnc_len = 2;
    o->major_version = 2;
    o->minor_version = 3;
    snprintf(o->profile_type, sizeof(o->profile_type), "%s", "esv sample operational profile");
    o->algorithm = PB_ALG_MILENAGE;
    memcpy(o->k, k, sizeof(k));
    o->k_len = sizeof(k);
    memcpy(o->opc, opc, sizeof(opc));
    o->opc_len = sizeof(opc);
    snprintf(o->pin1, sizeof(o->pin1), "%s", "2632");
    snprintf(o->puk1, sizeof(o->puk1), "%s", "33160495");
    snprintf(o->adm1, sizeof(o->adm1), "%s", "25294319");
    o->telecom = true;
    o->opt_usim = true;
    o->security_domain = true;
    o->sd_kvn = 0x01;
    memcpy(o->sd_keys, sd, sizeof(sd));
}

void pb_options_test(pb_options *o)
{
    pb_options_sample(o);
    /* The publicly known test conventions (GSMA TS.48, 3GPP TS 34.108
     * 8.1.2): K 000102..0F, OPc zero, PIN1 0000, PUK1 11111111, ADM1
     * 55555555, the same key for every SD key. */
    for (size_t i = 0; i < 16; i++) {
        o->k[i] = (uint8_t)i;
        o->opc[i] = 0;
        for (size_t j = 0; j < 3; j++)
            o->sd_keys[j][i] = (uint8_t)i;
    }
    o->k_len = o->opc_len = 16;
    o->algorithm = PB_ALG_TEST;
    snprintf(o->pin1, sizeof(o->pin1), "%s", "0000");
    snprintf(o->puk1, sizeof(o->puk1), "%s", "11111111");
    snprintf(o->adm1, sizeof(o->adm1), "%s", "55555555");
    /* Declares itself a test profile the way GSMA TS.48 profiles do (the
     * profileType names a "Test Profile"), without the GSMA string. */
    snprintf(o->profile_type, sizeof(o->profile_type), "%s", "esv sample Test Profile");
    o->sd_ram = true;
    o->rfm = true;
    o->rfm_tar[0] = 0xB0;
    o->rfm_tar[1] = 0x00;
    o->rfm_tar[2] = 0x10;
    /* SPI first octet (ETSI TS 102 225 5.1.1): cryptographic checksum,
     * ciphering, counter higher than the card's ('16'): the demonstration
     * is about RFM/RAM being open at all, not about a weak level. */
    o->rfm_msl = 0x16;
}

static int options_valid(const pb_options *o)
{
    size_t n = strlen(o->iccid);
    if (!all_digits(o->iccid, 19, 20) || !luhn_ok(o->iccid) || n > 20)
        return 0;
    if (!all_digits(o->imsi, 6, 15) || (o->mnc_len != 2 && o->mnc_len != 3))
        return 0;
    if (!all_digits(o->pin1, 4, 8) || !all_digits(o->puk1, 8, 8) || strlen(o->adm1) < 1)
        return 0;
    if (o->application && (o->app_cap == NULL || o->app_cap_len == 0 || !o->app_package[0] ||
                           !o->app_class[0] || !o->app_instance[0]))
        return 0;
    switch (o->algorithm) {
    case PB_ALG_MILENAGE:
        return o->k_len == 16 && o->opc_len == 16;
    case PB_ALG_TUAK:
        return (o->k_len == 16 || o->k_len == 32) && o->opc_len == 32;
    case PB_ALG_TEST:
        return o->k_len == 16 && o->opc_len == 16;
    }
    return 0;
}

/* ---------------------------------------------------------- elements */

typedef struct pb_list {
    ProfileElement_t **pe;
    size_t count, cap;
    long next_id;
} pb_list;

static ProfileElement_t *push(pb_list *l, ProfileElement_PR type)
{
    ProfileElement_t *pe = xcalloc(sizeof(*pe));
    if (l->count == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        ProfileElement_t **np = realloc(l->pe, ncap * sizeof(*np));
        if (np == NULL)
            oom();
        l->pe = np;
        l->cap = ncap;
    }
    pe->present = type;
    l->pe[l->count++] = pe;
    return pe;
}

/* TCA SAIP 8.2.1: services and templates derived from what is built. */
static void build_header(ProfileHeader_t *h, const pb_options *o, const char *iccid, bool usim)
{
    static const unsigned long all_tpl[] = {TPL_MF, TPL_TELECOM, TPL_USIM, TPL_OPT_USIM,
                                            TPL_ISIM, TPL_DF_5GS};
    uint8_t b[10];
    ServicesList_t *sv = &h->eUICC_Mandatory_services;

    h->major_version = o ? o->major_version : 2;
    h->minor_version = o ? o->minor_version : 3;
    if (o && o->profile_type[0]) {
        h->profileType = xcalloc(sizeof(*h->profileType));
        set_os(h->profileType, o->profile_type, strlen(o->profile_type));
    }
    bcd(iccid, b, sizeof(b), 0);
    set_os(&h->iccid, b, sizeof(b));
    if (o && usim) {
        sv->usim = new_null();
        if (o->isim)
            sv->isim = new_null();
        if (o->algorithm == PB_ALG_MILENAGE)
            sv->milenage = new_null();
        else if (o->algorithm == PB_ALG_TUAK && o->k_len == 32)
            sv->tuak256 = new_null();
        else if (o->algorithm == PB_ALG_TUAK)
            sv->tuak128 = new_null();
        else
            sv->usim_test_algorithm = new_null();
        if (o->application)
            sv->javacard = new_null();
    }
    for (size_t i = 0; i < sizeof(all_tpl) / sizeof(all_tpl[0]); i++) {
        bool used = all_tpl[i] == TPL_MF ||
                    (o && ((all_tpl[i] == TPL_TELECOM && o->telecom) ||
                           (all_tpl[i] == TPL_USIM && usim) ||
                           (all_tpl[i] == TPL_OPT_USIM && o->opt_usim) ||
                           (all_tpl[i] == TPL_ISIM && o->isim) ||
                           (all_tpl[i] == TPL_DF_5GS && o->df_5gs)));
        if (used) {
            OBJECT_IDENTIFIER_t *oid = xcalloc(sizeof(*oid));
            set_template(oid, all_tpl[i]);
            add_member(&h->eUICC_Mandatory_GFSTEList.list, oid);
        }
    }
}

/* EF.DIR record (TS 102 221 13.1): 61 L 4F L AID 50 L label. */
static size_t dir_record(uint8_t *out, const uint8_t *aid, size_t aid_len, const char *label)
{
    size_t ll = strlen(label), n = 0;
    out[n++] = 0x61;
    out[n++] = (uint8_t)(2 + aid_len + 2 + ll);
    out[n++] = 0x4F;
    out[n++] = (uint8_t)aid_len;
    memcpy(out + n, aid, aid_len);
    n += aid_len;
    out[n++] = 0x50;
    out[n++] = (uint8_t)ll;
    memcpy(out + n, label, ll);
    return n + ll;
}

#define DIR_RECORD_LEN 32

static void build_mf(PE_MF_t *mf, long *next_id, const char *iccid, bool usim, bool isim)
{
    uint8_t b[DIR_RECORD_LEN];
    size_t n;

    pe_header(&mf->mf_header, next_id);
    set_template(&mf->templateID, TPL_MF);
    file_dir(&mf->mf);
    /* EF.ICCID (TS 102 221 13.2): the ICCID in swapped BCD. */
    bcd(iccid, b, 10, 1);
    file_fill(&mf->ef_iccid, b, 10);
    /* EF.DIR: one 32-byte record per application, two records. */
    if (usim) {
        file_fcp(&mf->ef_dir, "42210020", "40"); /* linear fixed, 2 x 32 */
        n = dir_record(b, usim_aid, sizeof(usim_aid), "USIM");
        file_fill(&mf->ef_dir, b, n);
        if (isim) {
            file_offset(&mf->ef_dir, (long)(DIR_RECORD_LEN - n));
            n = dir_record(b, isim_aid, sizeof(isim_aid), "ISIM");
            file_fill(&mf->ef_dir, b, n);
        }
    }
}

static void build_codes(pb_list *l, const pb_options *o)
{
    ProfileElement_t *pe;
    PUKConfiguration_t *puk;
    PINConfiguration_t *pin;

    /* PUK1 (TS 102 221 9.5.2), the default 10 attempts (170 = 'AA'). */
    pe = push(l, ProfileElement_PR_pukCodes);
    pe_header(&pe->choice.pukCodes.puk_Header, &l->next_id);
    puk = xcalloc(sizeof(*puk));
    set_int(&puk->keyReference, PUKKeyReferenceValue_pukAppl1);
    pin_value(&puk->pukValue, o->puk1);
    add_member(&pe->choice.pukCodes.pukCodes.list, puk);

    /* PIN1, unblocked by PUK1, and ADM1 (TS 102 221 9.5.1). */
    pe = push(l, ProfileElement_PR_pinCodes);
    pe_header(&pe->choice.pinCodes.pin_Header, &l->next_id);
    pe->choice.pinCodes.pinCodes.present = PE_PINCodes__pinCodes_PR_pinconfig;
    pin = xcalloc(sizeof(*pin));
    set_int(&pin->keyReference, PINKeyReferenceValue_pinAppl1);
    pin_value(&pin->pinValue, o->pin1);
    pin->unblockingPINReference = xcalloc(sizeof(*pin->unblockingPINReference));
    set_int(pin->unblockingPINReference, PUKKeyReferenceValue_pukAppl1);
    pin->pinAttributes = xcalloc(sizeof(*pin->pinAttributes));
    *pin->pinAttributes = 6;
    add_member(&pe->choice.pinCodes.pinCodes.choice.pinconfig.list, pin);
    pin = xcalloc(sizeof(*pin));
    set_int(&pin->keyReference, PINKeyReferenceValue_adm1);
    pin_value(&pin->pinValue, o->adm1);
    pin->pinAttributes = xcalloc(sizeof(*pin->pinAttributes));
    *pin->pinAttributes = 3;
    pin->maxNumOfAttemps_retryNumLeft = xcalloc(sizeof(*pin->maxNumOfAttemps_retryNumLeft));
    *pin->maxNumOfAttemps_retryNumLeft = 170;
    add_member(&pe->choice.pinCodes.pinCodes.choice.pinconfig.list, pin);
}

static void build_usim(PE_USIM_t *u, long *next_id, const pb_options *o)
{
    uint8_t b[9];
    unsigned cls = (unsigned)(o->imsi[strlen(o->imsi) - 1] - '0');
    static const char spn[] = "\x01" "esv sample";

    pe_header(&u->usim_header, next_id);
    set_template(&u->templateID, TPL_USIM);
    file_adf(&u->adf_usim, "7FD0", usim_aid, sizeof(usim_aid));
    file_fill(&u->ef_imsi, b, imsi_file(o->imsi, b));
    /* EF.ACC (TS 31.102 4.2.15, TS 22.011 4.2): one class 0..9, here the
     * last IMSI digit; byte 1 holds classes 15..8, byte 2 classes 7..0. */
    b[0] = (uint8_t)(cls >= 8 ? 1u << (cls - 8) : 0);
    b[1] = (uint8_t)(cls < 8 ? 1u << cls : 0);
    file_fill(&u->ef_acc, b, 2);
    /* EF.SPN: display condition, then the name (rest of the file 'FF'). */
    file_fill(&u->ef_spn, spn, sizeof(spn) - 1);
    /* EF.AD: normal operation, no ciphering indicator, MNC length. */
    u->ef_ad = new_file();
    b[0] = 0x00;
    b[1] = 0x00;
    b[2] = 0x00;
    b[3] = (uint8_t)o->mnc_len;
    file_fill(u->ef_ad, b, 4);
    /* ef-arr, ef-ust, ef-est, ef-ecc: the template's defaults. */
}

static void build_aka(PE_AKAParameter_t *a, long *next_id, const pb_options *o)
{
    AlgoParameter_t *ap = &a->algoConfiguration.choice.algoParameter;
    pe_header(&a->aka_header, next_id);
    a->algoConfiguration.present = PE_AKAParameter__algoConfiguration_PR_algoParameter;
    set_int(&ap->algorithmID, (long)o->algorithm);
    /* algorithmOptions as in operational Milenage/TUAK profiles. */
    set_hex(&ap->algorithmOptions, "02");
    set_os(&ap->key, o->k, o->k_len);
    set_os(&ap->opc, o->opc, o->opc_len);
    /* Rotation and XOR constants, SQN parameters: the defaults (the
     * standard Milenage constants of TS 35.206 4.1). */
}

static void build_sd(PE_SecurityDomain_t *sd, long *next_id, const pb_options *o)
{
    ApplicationInstance_t *in = &sd->instance;
    /* Key usage qualifiers (GP CS v2.3.1 11.1.9): C-ENC (KIc / ENC), C-MAC
     * (KID / MAC), sensitive data decryption (DEK). */
    static const char *usage[3] = {"18", "14", "48"};

    pe_header(&sd->sd_Header, next_id);
    /* GlobalPlatform SD package/class AIDs; the instance AID is the
     * MNO-SD AID of SGP.02/SGP.22 (A000000151000000). */
    set_hex(&in->applicationLoadPackageAID, "A0000001515350");
    set_hex(&in->classAID, "A000000151535041");
    set_hex(&in->instanceAID, "A000000151000000");
    /* Security Domain privilege only (GP CS v2.3.1 11.1.2: b8 of byte 1),
     * selectable. */
    set_hex(&in->applicationPrivileges, "800000");
    in->lifeCycleState = new_hex("0F"); /* SECURED (personalized) */
    /* C9: SCP80-capable SD parameters: none beyond the empty set. */
    set_hex(&in->applicationSpecificParametersC9, "");
    if (o->sd_ram) {
        /* ETSI TS 102 226 8.2.1.3.2.2.1 UICC toolkit parameters: priority
         * 01, no timers, no text, no menu entries, no channels; a Minimum
         * Security Level field of 2 bytes (MSL parameter '01': the data is
         * an SPI first octet, 8.2.1.3.2.4) requiring a cryptographic
         * checksum, ciphering and a counter ('16'); one TAR (B20100, in the
         * RAM range of TS 101 220 annex D); no services. */
        in->applicationParameters = xcalloc(sizeof(*in->applicationParameters));
        in->applicationParameters->uiccToolkitApplicationSpecificParametersField =
            new_hex("01000000" "00" "020116" "03B20100" "00");
    }
    sd->keyList = xcalloc(sizeof(*sd->keyList));
    for (int i = 0; i < 3; i++) {
        KeyObject_t *key = xcalloc(sizeof(*key));
        struct KeyObject__keyCompontents__Member *kc = xcalloc(sizeof(*kc));
        uint8_t id = (uint8_t)(i + 1);
        set_hex(&key->keyUsageQualifier, usage[i]);
        set_os(&key->keyIdentifier, &id, 1);
        set_os(&key->keyVersionNumber, &o->sd_kvn, 1);
        set_hex(&kc->keyType, "88"); /* AES (GP CS 11.1.8) */
        set_os(&kc->keyData, o->sd_keys[i], 16);
        add_member(&key->keyCompontents.list, kc);
        add_member(&sd->keyList->list, key);
    }
}

static void build_rfm(PE_RFM_t *rfm, long *next_id, const pb_options *o)
{
    pe_header(&rfm->rfm_header, next_id);
    /* ETSI TS 102 226 RFM application instance for the UICC file system. */
    set_hex(&rfm->instanceAID, "A00000055910100001");
    rfm->tarList = xcalloc(sizeof(*rfm->tarList));
    add_member(&rfm->tarList->list, new_os(o->rfm_tar, 3));
    set_os(&rfm->minimumSecurityLevel, &o->rfm_msl, 1);
    /* Access domain '00': full access (TS 102 226 8.2.1.3.2.3). */
    set_hex(&rfm->uiccAccessDomain, "00");
    set_hex(&rfm->uiccAdminAccessDomain, "00");
}

static void build_application(PE_Application_t *a, long *next_id, const pb_options *o)
{
    ApplicationLoadPackage_t *lb = xcalloc(sizeof(*lb));
    ApplicationInstance_t *in = xcalloc(sizeof(*in));
    uint8_t hash[ESV_SHA256_LEN];

    pe_header(&a->app_Header, next_id);
    set_hex(&lb->loadPackageAID, o->app_package);
    set_os(&lb->loadBlockObject, o->app_cap, o->app_cap_len);
    /* GP CS v2.3.1 11.5.2.3.1: the Load File Data Block hash */
    if (esv_sha256(o->app_cap, o->app_cap_len, hash) != ESV_CRYPTO_OK)
        oom();
    lb->hashValue = new_os(hash, sizeof(hash));
    a->loadBlock = lb;
    set_hex(&in->applicationLoadPackageAID, o->app_package);
    set_hex(&in->classAID, o->app_class);
    set_hex(&in->instanceAID, o->app_instance);
    set_hex(&in->applicationPrivileges, "000000");
    /* lifeCycleState: the default '07' (SELECTABLE), left absent */
    set_hex(&in->applicationSpecificParametersC9, "");
    a->instanceList = xcalloc(sizeof(*a->instanceList));
    add_member(&a->instanceList->list, in);
}

int pb_build_elements(const pb_options *o, ProfileElement_t ***pes, size_t *count)
{
    pb_list l = {NULL, 0, 0, 1};
    ProfileElement_t *pe;

    *pes = NULL;
    *count = 0;
    if (!options_valid(o))
        return -1;
    pe = push(&l, ProfileElement_PR_header);
    build_header(&pe->choice.header, o, o->iccid, true);
    pe = push(&l, ProfileElement_PR_mf);
    build_mf(&pe->choice.mf, &l.next_id, o->iccid, true, o->isim);
    build_codes(&l, o);
    if (o->telecom) {
        pe = push(&l, ProfileElement_PR_telecom);
        pe_header(&pe->choice.telecom.telecom_header, &l.next_id);
        set_template(&pe->choice.telecom.templateID, TPL_TELECOM);
        /* df-telecom: the template's defaults, but for the PIN status */
        file_dir(&pe->choice.telecom.df_telecom);
    }
    pe = push(&l, ProfileElement_PR_usim);
    build_usim(&pe->choice.usim, &l.next_id, o);
    if (o->opt_usim) {
        uint8_t p[3];
        pe = push(&l, ProfileElement_PR_opt_usim);
        pe_header(&pe->choice.opt_usim.optusim_header, &l.next_id);
        set_template(&pe->choice.opt_usim.templateID, TPL_OPT_USIM);
        /* EF.EHPLMN (TS 31.102 4.2.84): the home PLMN. */
        plmn(o->imsi, o->mnc_len, p);
        pe->choice.opt_usim.ef_ehplmn = new_file();
        file_fill(pe->choice.opt_usim.ef_ehplmn, p, 3);
    }
    pe = push(&l, ProfileElement_PR_akaParameter);
    build_aka(&pe->choice.akaParameter, &l.next_id, o);
    if (o->df_5gs) {
        pe = push(&l, ProfileElement_PR_df_5gs);
        pe_header(&pe->choice.df_5gs.df_5gs_header, &l.next_id);
        set_template(&pe->choice.df_5gs.templateID, TPL_DF_5GS);
    }
    if (o->isim) {
        static const char domain[] = "\x80\x13" "ims.esv.example.org";
        pe = push(&l, ProfileElement_PR_isim);
        pe_header(&pe->choice.isim.isim_header, &l.next_id);
        set_template(&pe->choice.isim.templateID, TPL_ISIM);
        file_adf(&pe->choice.isim.adf_isim, "7FB0", isim_aid, sizeof(isim_aid));
        /* EF.DOMAIN (TS 31.103 4.2.3): a URI TLV, tag '80'. */
        file_fill(&pe->choice.isim.ef_domain, domain, sizeof(domain) - 1);
        pe = push(&l, ProfileElement_PR_akaParameter);
        build_aka(&pe->choice.akaParameter, &l.next_id, o);
    }
    if (o->security_domain) {
        pe = push(&l, ProfileElement_PR_securityDomain);
        build_sd(&pe->choice.securityDomain, &l.next_id, o);
    }
    if (o->rfm) {
        pe = push(&l, ProfileElement_PR_rfm);
        build_rfm(&pe->choice.rfm, &l.next_id, o);
    }
    if (o->application) {
        pe = push(&l, ProfileElement_PR_application);
        build_application(&pe->choice.application, &l.next_id, o);
    }
    pe = push(&l, ProfileElement_PR_end);
    pe_header(&pe->choice.end.end_header, &l.next_id);
    *pes = l.pe;
    *count = l.count;
    return 0;
}

void pb_free_elements(ProfileElement_t **pes, size_t count)
{
    for (size_t i = 0; i < count; i++)
        esv_saip_free(pes[i]);
    free(pes);
}

int pb_encode_elements(ProfileElement_t *const *pes, size_t count, uint8_t **out, size_t *len)
{
    uint8_t *all = NULL;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        uint8_t *der, *na;
        size_t dl;
        if (esv_saip_encode(pes[i], &der, &dl) != 0) {
            free(all);
            return -1;
        }
        na = realloc(all, n + dl);
        if (na == NULL)
            oom();
        all = na;
        memcpy(all + n, der, dl);
        n += dl;
        free(der);
    }
    *out = all;
    *len = n;
    return 0;
}

int pb_build(const pb_options *o, uint8_t **out, size_t *len)
{
    ProfileElement_t **pes;
    size_t count;
    int rc;
    *out = NULL;
    *len = 0;
    if (pb_build_elements(o, &pes, &count) != 0)
        return -1;
    rc = pb_encode_elements(pes, count, out, len);
    pb_free_elements(pes, count);
    return rc;
}

int pb_build_minimal(const char *iccid, uint8_t **out, size_t *len)
{
    pb_list l = {NULL, 0, 0, 1};
    pb_options o;
    ProfileElement_t *pe;
    int rc;

    *out = NULL;
    *len = 0;
    if (!all_digits(iccid, 19, 20) || !luhn_ok(iccid))
        return -1;
    /* The PIN1/PUK1/ADM1 values of the sample: the MF's PIN status
     * template names PIN1 and ADM1, so its PIN context defines them. */
    pb_options_sample(&o);
    pe = push(&l, ProfileElement_PR_header);
    build_header(&pe->choice.header, NULL, iccid, false);
    pe = push(&l, ProfileElement_PR_mf);
    build_mf(&pe->choice.mf, &l.next_id, iccid, false, false);
    build_codes(&l, &o);
    pe = push(&l, ProfileElement_PR_end);
    pe_header(&pe->choice.end.end_header, &l.next_id);
    rc = pb_encode_elements(l.pe, l.count, out, len);
    pb_free_elements(l.pe, l.count);
    return rc;
}

/* ------------------------------------------------------------- scale */

typedef struct grow_buf {
    uint8_t *p;
    size_t len, cap;
} grow_buf;

/* Appends pe's DER (doubling, so that 250,000 elements cost linear time). */
static void put_element(grow_buf *b, const ProfileElement_t *pe)
{
    uint8_t *der;
    size_t n;
    if (esv_saip_encode(pe, &der, &n) != 0)
        oom();
    if (b->len + n > b->cap) {
        size_t nc = (b->len + n) * 2;
        uint8_t *np = realloc(b->p, nc);
        if (np == NULL)
            oom();
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, der, n);
    b->len += n;
    free(der);
}

static long *identification_of(ProfileElement_t *pe)
{
    switch (pe->present) {
    case ProfileElement_PR_end: return &pe->choice.end.end_header.identification;
    case ProfileElement_PR_pinCodes: return &pe->choice.pinCodes.pin_Header.identification;
    default: return NULL;
    }
}

static size_t find_type(ProfileElement_t **pes, size_t count, ProfileElement_PR type)
{
    size_t i;
    for (i = 0; i < count && pes[i]->present != type; i++)
        ;
    return i;
}

/* splitmix64: an invented, non-trivial 16-byte value per key number. */
static void key_value(size_t number, uint8_t out[16])
{
    for (size_t k = 0; k < 16; k += 8) {
        uint64_t z = (uint64_t)number * 2 + k / 8 + 0x9e3779b97f4a7c15u;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        z ^= z >> 31;
        memcpy(out + k, &z, 8);
    }
}

int pb_build_scale(pb_scale_shape shape, size_t n, uint8_t **out, size_t *len)
{
    pb_options o;
    ProfileElement_t **pes;
    size_t count, i, t;
    grow_buf b = {NULL, 0, 0};

    *out = NULL;
    *len = 0;
    if ((shape == PB_SCALE_SD_KEYS && n < 3) || (shape == PB_SCALE_RFM_TARS && n < 1))
        return -1;
    pb_options_sample(&o);
    o.rfm = shape == PB_SCALE_RFM_TARS;
    o.rfm_tar[0] = 0xB0;
    o.rfm_msl = 0x16;
    if (pb_build_elements(&o, &pes, &count) != 0)
        return -1;
    switch (shape) {
    case PB_SCALE_PE_END:
    case PB_SCALE_PIN:
        t = find_type(pes, count, shape == PB_SCALE_PE_END ? ProfileElement_PR_end : ProfileElement_PR_pinCodes);
        if (shape == PB_SCALE_PE_END) {
            ASN_STRUCT_FREE(asn_DEF_NULL, pes[t]->choice.end.end_header.mandated);
            pes[t]->choice.end.end_header.mandated = NULL;
        }
        put_element(&b, pes[0]);
        put_element(&b, pes[1]);
        for (i = 0; i < n; i++) {
            *identification_of(pes[t]) = 100 + (long)i;
            put_element(&b, pes[t]);
        }
        if (shape != PB_SCALE_PE_END)
            put_element(&b, pes[count - 1]);
        break;
    case PB_SCALE_SD_KEYS: {
        PE_SecurityDomain_t *sd = &pes[find_type(pes, count, ProfileElement_PR_securityDomain)]->choice.securityDomain;
        for (i = (size_t)sd->keyList->list.count; i < n; i++) {
            KeyObject_t *key = xcalloc(sizeof(*key));
            struct KeyObject__keyCompontents__Member *kc = xcalloc(sizeof(*kc));
            uint8_t kvn = (uint8_t)(0x20 + (i >> 8)), kid = (uint8_t)i, v[16];
            key_value(i, v);
            set_hex(&key->keyUsageQualifier, "18");
            set_os(&key->keyIdentifier, &kid, 1);
            set_os(&key->keyVersionNumber, &kvn, 1);
            set_hex(&kc->keyType, "88");
            set_os(&kc->keyData, v, 16);
            add_member(&key->keyCompontents.list, kc);
            add_member(&sd->keyList->list, key);
        }
        for (i = 0; i < count; i++)
            put_element(&b, pes[i]);
        break;
    }
    case PB_SCALE_RFM_TARS: {
        PE_RFM_t *f = &pes[find_type(pes, count, ProfileElement_PR_rfm)]->choice.rfm;
        for (i = 1; i < n; i++) {
            uint8_t tar[3] = {0xB0, (uint8_t)(i >> 8), (uint8_t)i};
            add_member(&f->tarList->list, new_os(tar, 3));
        }
        for (i = 0; i < count; i++)
            put_element(&b, pes[i]);
        break;
    }
    }
    pb_free_elements(pes, count);
    *out = b.p;
    *len = b.len;
    return 0;
}
