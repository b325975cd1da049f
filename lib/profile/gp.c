/*
 * gp.c - GlobalPlatform content of a profile package: the markers of a
 * GSMA TS.48 test profile, remote management (RFM, RAM) and the security
 * of the OTA access it opens, security domain keys and privileges,
 * application load blocks and instances (TCA SAIP v2.3.1 / v3.3.1 8.7,
 * 8.8, 8.9; GlobalPlatform Card Specification v2.3.1; ETSI TS 102 225 /
 * 102 226).
 *
 * What marks remote management as open, from the GSMA TS.48 v7.0 profiles
 * (the RAM/RFM and NoRAMRFM variants differ exactly in this): PE-RFM
 * elements (RFM), and a security domain whose UICC toolkit parameters give
 * it TAR values (RAM: the SD is addressable by OTA command packets). The
 * NoRAMRFM variants keep the same SD install parameters 'C9' (which
 * declare SCP80 support) but have no toolkit parameters and no PE-RFM.
 */
#include "checks.h"
#include "../core/buf.h"
#include "known_values.h"
#include "gp_util.h"
#include "../crypto/crypto.h"
#include "../der/der.h"
#include "repeats.h"
#include "cap.h"
#include "ADFRFMAccess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static const char *os_hex(char *out, size_t cap, const OCTET_STRING_t *os)
{
    return esv_hex_text(out, cap, os->buf, (size_t)os->size);
}

static int os_byte(const OCTET_STRING_t *os)
{
    return os && os->size >= 1 ? os->buf[0] : -1;
}

/* ------------------------------------------------------- test profile */

/* GSMA TS.48 Generic eUICC Test Profile ICCIDs (header iccid, E.118
 * digit order): 89000123456789012341 (every version), and
 * 89000123456789012358 (the v2 SAIP 2.1 NoBERTLV variant). */
static const uint8_t test_iccids[][10] = {
    {0x89, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0x01, 0x23, 0x41},
    {0x89, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0x01, 0x23, 0x58},
};

typedef struct test_marks {
    bool type, iccid, version;
    const esv_pe *version_pe;
    char version_text[24]; /* "7.0.0" when the file content is readable */
} test_marks;

/* Case-sensitive substring search in a UTF8String of bounded size. */
static bool contains(const uint8_t *s, size_t n, const char *needle)
{
    size_t k = strlen(needle), i;
    for (i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return true;
    return false;
}

/* The TS.48 version file content: A0 { 80 <OID contents> 81 <major minor
 * revision> ... } (GSMA's own encoding, seen in the v7.0 profiles). Reads
 * the version through the strict DER reader; leaves text empty when the
 * content has another shape. */
static void version_text(const OCTET_STRING_t *content, char *text, size_t cap)
{
    der_cursor c;
    der_tlv t;
    const uint8_t *v;
    size_t vl;

    text[0] = '\0';
    if (content == NULL)
        return;
    der_cursor_init(&c, content->buf, (size_t)content->size, 0);
    if (der_read_tlv(&c, &t, NULL) != DER_OK || t.cls != DER_CLASS_CONTEXT || t.tag != 0 ||
        !t.constructed)
        return;
    if (esv_gp_tlv_find(t.val, t.len, DER_CLASS_CONTEXT, 1, &v, &vl) == 0 && vl == 3)
        snprintf(text, cap, "%u.%u.%u", v[0], v[1], v[2]);
}

/* Finds EF 6FAB created in DF 7F26 (under the MF) by a PE-GenericFile
 * Management command sequence. The sequence's filePath selects the
 * current DF (a path from the MF, '' = MF); a created DF becomes the
 * current DF (ETSI TS 102 222 CREATE FILE), an EF does not. */
static void find_version_file(const esv_profile *p, test_marks *m)
{
    size_t i;
    int k, j;
    for (i = 0; i < p->count && !m->version; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        const PE_GenericFileManagement_t *g;
        if (e->type != ProfileElement_PR_genericFileManagement || (v = esv_pe_value(p, e)) == NULL)
            continue;
        g = &v->choice.genericFileManagement;
        for (k = 0; k < g->fileManagementCMD.list.count && !m->version; k++) {
            const FileManagement_t *fm = g->fileManagementCMD.list.array[k];
            uint8_t cur[8];
            size_t curlen = 0;
            const OCTET_STRING_t *content = NULL;
            bool in_file = false;
            for (j = 0; fm && j < fm->list.count; j++) {
                const struct FileManagement__Member *c = fm->list.array[j];
                switch (c->present) {
                case FileManagement__Member_PR_filePath: {
                    const OCTET_STRING_t *fp = &c->choice.filePath;
                    size_t off = 0;
                    if (in_file)
                        goto done;
                    if (fp->size >= 2 && fp->buf[0] == 0x3F && fp->buf[1] == 0x00)
                        off = 2;
                    curlen = (size_t)fp->size - off <= sizeof(cur) ? (size_t)fp->size - off : 0;
                    if (curlen)
                        memcpy(cur, fp->buf + off, curlen);
                    break;
                }
                case FileManagement__Member_PR_createFCP: {
                    const Fcp_t *fcp = &c->choice.createFCP;
                    bool df = fcp->fileDescriptor && fcp->fileDescriptor->size >= 1 &&
                              (fcp->fileDescriptor->buf[0] & 0x38) == 0x38;
                    if (in_file)
                        goto done;
                    if (fcp->fileID == NULL || fcp->fileID->size != 2)
                        break; /* other sizes: DER-023 */
                    if (df) {
                        if (curlen + 2 <= sizeof(cur)) {
                            memcpy(cur + curlen, fcp->fileID->buf, 2);
                            curlen += 2;
                        }
                    } else if (fcp->fileID->buf[0] == 0x6F && fcp->fileID->buf[1] == 0xAB &&
                               curlen == 2 && cur[0] == 0x7F && cur[1] == 0x26) {
                        in_file = true;
                        if (fcp->proprietaryEFInfo && fcp->proprietaryEFInfo->fillPattern)
                            content = fcp->proprietaryEFInfo->fillPattern;
                    }
                    break;
                }
                case FileManagement__Member_PR_fillFileContent:
                    if (in_file && content == NULL)
                        content = &c->choice.fillFileContent;
                    break;
                default:
                    break;
                }
            }
        done:
            if (in_file) {
                m->version = true;
                m->version_pe = e;
                version_text(content, m->version_text, sizeof(m->version_text));
            }
        }
    }
}

static void find_test_marks(const esv_profile *p, test_marks *m)
{
    const ProfileHeader_t *h = p->header;
    size_t i;
    memset(m, 0, sizeof(*m));
    if (h) {
        /* "GSMA Generic eUICC Test Profile", or another "... Test Profile" */
        if (h->profileType && contains(h->profileType->buf, (size_t)h->profileType->size, "Test Profile"))
            m->type = true;
        /* an iccid of another size than SIZE (10) is none of them, and
         * fails the profile by itself (DER-023) */
        for (i = 0; i < sizeof(test_iccids) / sizeof(test_iccids[0]); i++)
            if (h->iccid.size == 10 && memcmp(h->iccid.buf, test_iccids[i], 10) == 0)
                m->iccid = true;
    }
    find_version_file(p, m);
}

bool esv_prof_is_test(const esv_profile *p)
{
    test_marks m;
    find_test_marks(p, &m);
    return m.type || m.iccid || m.version;
}

/* GSMA TS.48 v7.0: a test profile is recognised by its profileType, its
 * ICCID or its version file. Production policy: none may reach a
 * production eUICC; test policy: expected. */
static esv_status check_test_marks(const esv_profile *p, esv_report *r, const test_marks *m)
{
    const esv_pe *he = p->header ? &p->pes[p->first_of[ProfileElement_PR_header]] : NULL;
    char buf[24];
    if (he && m->type) {
        const UTF8String_t *t = p->header->profileType;
        char text[128]; /* input text, escaped: a NUL or ESC in it stays visible */
        PROF_FIND(r, ESV_R_PROF_100, he, "header/profileType",
                  "profileType \"%s\" is a GSMA TS.48 test profile",
                  esv_text_escaped(text, sizeof(text), t->buf, (size_t)t->size));
    }
    if (he && m->iccid)
        PROF_FIND(r, ESV_R_PROF_101, he, "header/iccid",
                  "ICCID %s is a GSMA TS.48 Generic eUICC Test Profile ICCID",
                  os_hex(buf, sizeof(buf), &p->header->iccid));
    if (m->version)
        PROF_FIND(r, ESV_R_PROF_102, m->version_pe, "genericFileManagement/7F26/6FAB",
                  "element %zu creates EF 6FAB in DF 7F26, the GSMA TS.48 test profile version file%s%s",
                  (size_t)m->version_pe->index, m->version_text[0] ? ", version " : "", m->version_text);
    return ESV_OK;
}

/* ------------------------------------------------- TARs and security */

/* The TARs of the whole package, each with its element, for the overlap
 * check (PROF-111). A toolkit TAR is 3 bytes of an OCTET STRING, with no
 * allocation of the decoder's, but about 56 bytes here (the set and the
 * overlap check's sorted copy): uncapped, a 16 MiB package of toolkit TARs
 * would make this check allocate some 250 MB. Capped at 1,000 times what a
 * real profile holds (4 MB at most); past the cap PROF-126 says which TARs
 * were not compared. Every TAR, capped or not, still gets the checks of its
 * own list (PROF-110, PROF-112). */
#define MAX_TARS 65536

typedef struct tar_use {
    uint8_t tar[3];
    bool derived; /* a PE-RFM's TAR taken from its instanceAID (no tarList) */
    const esv_pe *e;
} tar_use;

typedef struct tar_set {
    tar_use *u;
    size_t n, alloc;
    size_t dropped;          /* TARs past MAX_TARS */
    const esv_pe *first_dropped;
    uint8_t first_dropped_tar[3];
} tar_set;

static const char *tar_hex(char out[7], const uint8_t *t)
{
    return esv_hex_text(out, 7, t, 3);
}

/* ETSI TS 102 225 5.1.1 (SPI first octet) against the minimum security
 * level an OTA entity requires (ETSI TS 102 226 8.2.1.3.2.4; PE-RFM
 * minimumSecurityLevel is that octet). */
static esv_status check_spi1(esv_report *r, const esv_pe *e, const char *path, const char *who,
                             int spi1, bool absent)
{
    static const char *const integrity[] = {"no RC, CC or DS", "a redundancy check only",
                                            "a cryptographic checksum", "a digital signature"};
    static const char *const counter[] = {"no counter", "a counter without replay checking",
                                          "a higher counter", "a counter one higher"};
    unsigned v = (unsigned)spi1;
    char msl[40];

    if (absent)
        snprintf(msl, sizeof(msl), "no minimum security level (field empty)");
    else
        snprintf(msl, sizeof(msl), "minimum security level '%02X'", v);
    if ((v & ESV_SPI1_INTEGRITY_MASK) != ESV_SPI1_CC && (v & ESV_SPI1_INTEGRITY_MASK) != ESV_SPI1_DS)
        PROF_FIND(r, ESV_R_PROF_107, e, path,
                  "%s: %s requires %s: OTA commands are accepted without cryptographic integrity",
                  who, msl, integrity[v & ESV_SPI1_INTEGRITY_MASK]);
    if (!(v & ESV_SPI1_CIPHER))
        PROF_FIND(r, ESV_R_PROF_108, e, path, "%s: %s does not require ciphering (SPI b3 = 0)", who,
                  msl);
    if ((v & ESV_SPI1_COUNTER_MASK) < ESV_SPI1_COUNTER_HIGHER)
        PROF_FIND(r, ESV_R_PROF_109, e, path,
                  "%s: %s requires %s (SPI b5-b4 = %u%u): commands can be replayed", who, msl,
                  counter[(v & ESV_SPI1_COUNTER_MASK) >> 3], (v >> 4) & 1, (v >> 3) & 1);
    return ESV_OK;
}

static esv_status tar_add(tar_set *s, const uint8_t *t, const esv_pe *e, bool derived)
{
    if (s->n == MAX_TARS) {
        if (s->dropped++ == 0) {
            s->first_dropped = e;
            memcpy(s->first_dropped_tar, t, 3);
        }
        return ESV_OK;
    }
    if (s->n == s->alloc) {
        size_t na = s->alloc ? s->alloc * 2 : 16;
        tar_use *nu = realloc(s->u, na * sizeof(*nu));
        if (nu == NULL)
            return ESV_E_NOMEM;
        s->u = nu;
        s->alloc = na;
    }
    memcpy(s->u[s->n].tar, t, 3);
    s->u[s->n].derived = derived;
    s->u[s->n].e = e;
    s->n++;
    return ESV_OK;
}

static uint64_t tar_key(const uint8_t *t)
{
    return ((uint64_t)t[0] << 16) | ((uint64_t)t[1] << 8) | t[2];
}

/* ETSI TS 101 220 Annex D: 'B00000'-'B0FFFF' RFM, 'B20000'-'B2FFFF'
 * RAM; '000000' the (issuer) security domain. */
static bool tar_in_range(const uint8_t *t, bool rfm)
{
    if (rfm)
        return t[0] == 0xB0;
    return t[0] == 0xB2 || (t[0] == 0 && t[1] == 0 && t[2] == 0);
}

/* A list of 3-byte TARs: duplicates (PROF-110) and ranges (PROF-112).
 * Repeats are found by sorting (an RFM tarList has no size limit).
 * derived: the one TAR of a PE-RFM without tarList, from its AID. */
static esv_status check_tar_list(esv_report *r, const esv_pe *e, const char *path, const char *who,
                                 const uint8_t *tars, size_t n, bool rfm, bool ranges, bool derived, tar_set *s)
{
    esv_rep local[32], *v = local;
    size_t local_prior[32], *prior = local_prior, i;
    esv_status st = ESV_OK;
    char a[7];

    if (n > 32 && (v = esv_rep_alloc(n, &prior)) == NULL)
        return ESV_E_NOMEM;
    for (i = 0; i < n; i++) {
        v[i].key = tar_key(tars + 3 * i);
        v[i].digest = NULL;
        v[i].owner = i;
        v[i].pos = i;
    }
    esv_rep_mark(v, n, prior);
    for (i = 0; i < n && st == ESV_OK; i++) {
        const uint8_t *t = tars + 3 * i;
        esv_loc loc = esv_pe_loc(e, path);
        if (prior[i] != ESV_REP_NONE) {
            st = esv_report_add(r, ESV_R_PROF_110, &loc, "%s lists TAR '%s' twice (entries %zu and %zu)",
                                who, tar_hex(a, t), prior[i], i);
            continue;
        }
        if (ranges && !tar_in_range(t, rfm))
            st = esv_report_add(r, ESV_R_PROF_112, &loc, "%s: TAR '%s'%s is outside the %s", who,
                                tar_hex(a, t), derived ? " (derived from instanceAID bytes 13 to 15, no tarList)" : "",
                                rfm ? "RFM range 'B00000'-'B0FFFF'"
                                    : "security domain TARs ('000000', RAM 'B20000'-'B2FFFF')");
        if (st == ESV_OK)
            st = tar_add(s, t, e, derived);
    }
    if (v != local)
        free(v);
    return st;
}

/* ETSI TS 102 225 5.1.1: the TAR addresses one receiving entity; two
 * entities of the package with the same TAR make the target ambiguous.
 * Reported on the later of the two elements, naming the first other
 * element with that TAR. TARs past the set's cap: PROF-126. */
static esv_status check_tar_overlap(esv_report *r, const tar_set *s)
{
    esv_rep *v;
    size_t *prior, i;
    esv_status st = ESV_OK;
    char a[7];

    if (s->dropped > 0)
        PROF_FIND(r, ESV_R_PROF_126, s->first_dropped, NULL,
                  "the package has more TARs than esv's cap of %d: %zu TAR(s), from TAR '%s' of %s "
                  "(element %zu) on, are not checked against the other elements' TARs (PROF-111)",
                  MAX_TARS, s->dropped, tar_hex(a, s->first_dropped_tar),
                  esv_pe_name(s->first_dropped->type), (size_t)s->first_dropped->index);
    if (s->n < 2)
        return ESV_OK;
    v = esv_rep_alloc(s->n, &prior);
    if (v == NULL)
        return ESV_E_NOMEM;
    for (i = 0; i < s->n; i++) {
        v[i].key = tar_key(s->u[i].tar);
        v[i].digest = NULL;
        v[i].owner = s->u[i].e->index;
        v[i].pos = i;
    }
    esv_rep_mark(v, s->n, prior);
    for (i = 0; i < s->n && st == ESV_OK; i++) {
        const tar_use *u = &s->u[i], *o;
        const esv_pe *later, *earlier;
        esv_loc loc;
        if (prior[i] == ESV_REP_NONE)
            continue;
        o = &s->u[prior[i]];
        later = u->e->index > o->e->index ? u->e : o->e;
        earlier = later == u->e ? o->e : u->e;
        loc = esv_pe_loc(later, NULL);
        {
            bool ld = later == u->e ? u->derived : o->derived, ed = later == u->e ? o->derived : u->derived;
            static const char from_aid[] = ", derived from its instanceAID (no tarList)";
            st = esv_report_add(r, ESV_R_PROF_111, &loc,
                                "TAR '%s' of %s (element %zu%s) is already the TAR of %s (element %zu%s)",
                                tar_hex(a, u->tar), esv_pe_name(later->type), (size_t)later->index,
                                ld ? from_aid : "", esv_pe_name(earlier->type), (size_t)earlier->index,
                                ed ? from_aid : "");
        }
    }
    free(v);
    return st;
}

/* ---------------------------------------------------------------- RFM */

/* Names of the fields found granting full access, for one PROF-147. */
typedef struct full_list {
    char text[400];
    size_t o;
} full_list;

static void full_add(full_list *l, const char *what)
{
    if (l->o + 8 >= sizeof(l->text))
        return;
    if (l->o + strlen(what) + 3 >= sizeof(l->text)) {
        snprintf(l->text + l->o, sizeof(l->text) - l->o, "%s...", l->o ? ", " : "");
        l->o = sizeof(l->text); /* full: nothing more is added */
        return;
    }
    l->o += (size_t)snprintf(l->text + l->o, sizeof(l->text) - l->o, "%s%s", l->o ? ", " : "", what);
}

/* ETSI TS 102 226 8.2.1.3.2.5: an access domain (ADP, data). Undefined
 * codings: PROF-146; full access ('00') is collected for one PROF-147 per
 * element, naming the domains. */
static esv_status check_domain(esv_report *r, const esv_pe *e, const char *path, const char *who, const char *field,
                               const uint8_t *v, size_t len, full_list *full, const char *full_name)
{
    const char *why = NULL;
    int adp = esv_gp_access_domain(v, len, &why);
    char h[72];
    if (adp < 0)
        PROF_FIND(r, ESV_R_PROF_146, e, path, "%s: %s '%s' is not an access domain TS 102 226 defines: %s", who, field,
                  esv_hex_text(h, sizeof(h), v, len), why);
    else if (adp == ESV_GP_ADP_FULL)
        full_add(full, full_name);
    return ESV_OK;
}

/* SAIP v3.4.1 8.8: a PE-RFM's access domains for the UICC file system and
 * for its ADF (adfRFMAccess), each for access and administration. */
static esv_status check_rfm_domains(esv_report *r, const esv_pe *e, const PE_RFM_t *f, const char *aid)
{
    full_list full = {{0}, 0};
    char who[96], adf[40], name[96];
    snprintf(who, sizeof(who), "PE-RFM instance %s", aid);
    ESV_GUARD(check_domain(r, e, "rfm/uiccAccessDomain", who, "uiccAccessDomain", f->uiccAccessDomain.buf,
                           (size_t)f->uiccAccessDomain.size, &full, "uiccAccessDomain (UICC file system)"));
    ESV_GUARD(check_domain(r, e, "rfm/uiccAdminAccessDomain", who, "uiccAdminAccessDomain",
                           f->uiccAdminAccessDomain.buf, (size_t)f->uiccAdminAccessDomain.size, &full,
                           "uiccAdminAccessDomain (UICC file system administration)"));
    if (f->adfRFMAccess) {
        os_hex(adf, sizeof(adf), &f->adfRFMAccess->adfAID);
        snprintf(name, sizeof(name), "adfAccessDomain (ADF %s)", adf);
        ESV_GUARD(check_domain(r, e, "rfm/adfRFMAccess/adfAccessDomain", who, "adfAccessDomain",
                               f->adfRFMAccess->adfAccessDomain.buf, (size_t)f->adfRFMAccess->adfAccessDomain.size,
                               &full, name));
        snprintf(name, sizeof(name), "adfAdminAccessDomain (ADF %s administration)", adf);
        ESV_GUARD(check_domain(r, e, "rfm/adfRFMAccess/adfAdminAccessDomain", who, "adfAdminAccessDomain",
                               f->adfRFMAccess->adfAdminAccessDomain.buf,
                               (size_t)f->adfRFMAccess->adfAdminAccessDomain.size, &full, name));
    }
    if (full.o)
        PROF_FIND(r, ESV_R_PROF_147, e, "rfm", "%s grants full access ('00') in %s", who, full.text);
    return ESV_OK;
}

/* TCA SAIP 8.8 (PE-RFM); GSMA TS.48 v7.0 (RAM/RFM closed in test
 * profiles). */
static esv_status check_rfm(const esv_profile *p, esv_report *r, bool test, tar_set *s)
{
    size_t i;
    int k;
    char aid[72], tars[64], a[7];

    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        const PE_RFM_t *f;
        size_t o = 0;
        uint8_t *flat;
        size_t n = 0;
        esv_status st;
        if (e->type != ProfileElement_PR_rfm || (v = esv_pe_value(p, e)) == NULL)
            continue;
        f = &v->choice.rfm;
        os_hex(aid, sizeof(aid), &f->instanceAID);
        tars[0] = '\0';
        if (f->tarList == NULL && f->instanceAID.size >= 15)
            snprintf(tars, sizeof(tars), "'%s' from its AID", tar_hex(a, f->instanceAID.buf + 12));
        for (k = 0; f->tarList && k < f->tarList->list.count; k++) {
            const OCTET_STRING_t *t = f->tarList->list.array[k];
            if (t->size == 3 && o + 8 < sizeof(tars))
                o += (size_t)snprintf(tars + o, sizeof(tars) - o, "%s'%s'", o ? ", " : "",
                                      tar_hex(a, t->buf));
        }
        if (test)
            PROF_FIND(r, ESV_R_PROF_103, e, "rfm",
                      "PE-RFM instance %s (TAR %s) leaves remote file management open in a test profile",
                      aid, tars[0] ? tars : "none listed");
        else
            PROF_FIND(r, ESV_R_PROF_104, e, "rfm", "PE-RFM instance %s enables remote file management (TAR %s)",
                      aid, tars[0] ? tars : "none listed");
        {
            int msl = os_byte(&f->minimumSecurityLevel);
            ESV_GUARD(check_spi1(r, e, "rfm/minimumSecurityLevel", "PE-RFM", msl < 0 ? 0 : msl, msl < 0));
        }
        ESV_GUARD(check_rfm_domains(r, e, f, aid));
        if (f->tarList == NULL) {
            /* SAIP v3.4.1 8.8: the TAR is then bytes 13..15 of the AID;
             * it is checked as the tarList's would be (PROF-111, 112) */
            if (f->instanceAID.size < 15)
                PROF_FIND(r, ESV_R_PROF_133, e, "rfm/instanceAID",
                          "PE-RFM instance %s has no tarList and an AID of %d bytes: no TAR in bytes 13 to 15", aid,
                          (int)f->instanceAID.size);
            else
                ESV_GUARD(check_tar_list(r, e, "rfm/instanceAID", "PE-RFM", f->instanceAID.buf + 12, 1, true, true,
                                         true, s));
            continue;
        }
        if (f->tarList->list.count == 0)
            PROF_FIND(r, ESV_R_PROF_110, e, "rfm/tarList", "PE-RFM instance %s has an empty tarList", aid);
        for (k = 0; k < f->tarList->list.count; k++) {
            const OCTET_STRING_t *t = f->tarList->list.array[k];
            if (t->size != 3)
                PROF_FIND(r, ESV_R_PROF_110, e, "rfm/tarList",
                          "PE-RFM instance %s: tarList entry %d is %d bytes, not 3", aid, k, (int)t->size);
            else
                n++;
        }
        /* every TAR of the list is checked, however long the list */
        flat = malloc(n ? 3 * n : 1);
        if (flat == NULL)
            return ESV_E_NOMEM;
        for (k = 0, n = 0; k < f->tarList->list.count; k++)
            if (f->tarList->list.array[k]->size == 3)
                memcpy(flat + 3 * n++, f->tarList->list.array[k]->buf, 3);
        st = check_tar_list(r, e, "rfm/tarList", "PE-RFM", flat, n, true, true, false, s);
        free(flat);
        if (st != ESV_OK)
            return st;
    }
    return ESV_OK;
}

/* ------------------------------------------------- links between PEs */

/* The security domains (instance AID, life cycle state) and load blocks
 * (load package AID) of the package, each with its element, sorted by
 * AID, for the extradition (PROF-140, 141) and load package (PROF-148)
 * look-ups: one pass over the elements and binary searches, not pairwise
 * comparisons. About 32 bytes an AID; capped like the TARs (PROF-126):
 * past the cap, an AID not found is not reported as absent. */
#define MAX_LINK_AIDS 65536

typedef struct aid_ref {
    uint8_t aid[16], len, lcs;
    const esv_pe *e;
} aid_ref;

typedef struct links {
    aid_ref *sd, *lb;
    size_t n_sd, cap_sd, n_lb, cap_lb;
    size_t dropped;
    const esv_pe *first_dropped;
    bool mno_dap_key; /* the MNO-SD has KVN '11' KID '02' */
} links;

/* KVN and KID of the DAP verification key the MNO-SD holds for ETSI TS
 * 102 226 Access Domain DAP (checklist D6). */
#define DAP_KVN 0x11
#define DAP_KID 0x02

static esv_status ref_add(links *l, aid_ref **a, size_t *n, size_t *cap, const esv_pe *e, const OCTET_STRING_t *aid,
                          int lcs)
{
    aid_ref *x;
    if (aid->size < 1 || aid->size > 16)
        return ESV_OK; /* outside ApplicationIdentifier: DER-023 */
    if (l->n_sd + l->n_lb >= MAX_LINK_AIDS) {
        if (l->dropped++ == 0)
            l->first_dropped = e;
        return ESV_OK;
    }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        aid_ref *na = realloc(*a, nc * sizeof(*na));
        if (na == NULL)
            return ESV_E_NOMEM;
        *a = na;
        *cap = nc;
    }
    x = &(*a)[(*n)++];
    memset(x->aid, 0, sizeof(x->aid));
    memcpy(x->aid, aid->buf, (size_t)aid->size);
    x->len = (uint8_t)aid->size;
    x->lcs = (uint8_t)lcs;
    x->e = e;
    return ESV_OK;
}

static int ref_cmp_aid(const aid_ref *a, const uint8_t *aid, size_t len)
{
    if (a->len != len)
        return a->len < len ? -1 : 1;
    return memcmp(a->aid, aid, len);
}

static int ref_cmp(const void *x, const void *y)
{
    const aid_ref *a = x, *b = y;
    int c = ref_cmp_aid(a, b->aid, b->len);
    if (c)
        return c;
    return a->e->index < b->e->index ? -1 : a->e->index > b->e->index;
}

/* The first (lowest element) entry with this AID, or NULL. */
static const aid_ref *ref_find(const aid_ref *a, size_t n, const OCTET_STRING_t *aid)
{
    size_t lo = 0, hi = n;
    if (aid->size < 1 || aid->size > 16)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ref_cmp_aid(&a[mid], aid->buf, (size_t)aid->size) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ref_cmp_aid(&a[lo], aid->buf, (size_t)aid->size) == 0 ? &a[lo] : NULL;
}

static esv_status links_build(const esv_profile *p, links *l)
{
    size_t i;
    int j;
    esv_status st = ESV_OK;
    for (i = 0; i < p->count && st == ESV_OK; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        if ((e->type != ProfileElement_PR_securityDomain && e->type != ProfileElement_PR_application) ||
            (v = esv_pe_value(p, e)) == NULL)
            continue;
        if (e->type == ProfileElement_PR_securityDomain) {
            const PE_SecurityDomain_t *sd = &v->choice.securityDomain;
            const OCTET_STRING_t *lcs = sd->instance.lifeCycleState;
            st = ref_add(l, &l->sd, &l->n_sd, &l->cap_sd, e, &sd->instance.instanceAID,
                         lcs && lcs->size == 1 ? lcs->buf[0] : lcs ? 0 : 0x07);
            if ((long)e->index == p->first_of[ProfileElement_PR_securityDomain])
                for (j = 0; sd->keyList && j < sd->keyList->list.count; j++) {
                    const KeyObject_t *ko = sd->keyList->list.array[j];
                    if (os_byte(&ko->keyVersionNumber) == DAP_KVN && os_byte(&ko->keyIdentifier) == DAP_KID)
                        l->mno_dap_key = true;
                }
        } else if (v->choice.application.loadBlock) {
            st = ref_add(l, &l->lb, &l->n_lb, &l->cap_lb, e, &v->choice.application.loadBlock->loadPackageAID, 0);
        }
    }
    if (st != ESV_OK)
        return st;
    if (l->n_sd > 1)
        qsort(l->sd, l->n_sd, sizeof(*l->sd), ref_cmp);
    if (l->n_lb > 1)
        qsort(l->lb, l->n_lb, sizeof(*l->lb), ref_cmp);
    return ESV_OK;
}

static void links_free(links *l)
{
    free(l->sd);
    free(l->lb);
}

/* ---------------------------------------------------------- instances */

/* GlobalPlatform Card Specification v2.3.1 11.1.2, privileges. */
#define PRIV1_SD 0x80u
#define PRIV1_DAP 0x40u
#define PRIV1_DM 0x20u
#define PRIV1_MANDATED_DAP 0x01u
#define PRIV2_AM 0x40u

typedef struct inst_ctx {
    const esv_pe *e;
    const char *base; /* "securityDomain/instance", "application/instanceList[n]" */
    bool sd, test;
    const links *lk;
} inst_ctx;

static esv_status check_privileges(esv_report *r, const inst_ctx *c, const ApplicationInstance_t *in,
                                   const char *aid)
{
    const OCTET_STRING_t *pv = &in->applicationPrivileges;
    char path[96], ph[16];
    unsigned b1, b2 = 0, b3 = 0;

    snprintf(path, sizeof(path), "%s/applicationPrivileges", c->base);
    os_hex(ph, sizeof(ph), pv);
    if (pv->size != 1 && pv->size != 3) {
        PROF_FIND(r, ESV_R_PROF_119, c->e, path, "instance %s: applicationPrivileges '%s' is %d bytes, not 1 or 3",
                  aid, ph, (int)pv->size);
        return ESV_OK;
    }
    b1 = pv->buf[0];
    if (pv->size == 3) {
        b2 = pv->buf[1];
        b3 = pv->buf[2];
    }
    if (b3 & 0x0Fu)
        PROF_FIND(r, ESV_R_PROF_119, c->e, path,
                  "instance %s: applicationPrivileges '%s' sets RFU bits b4-b1 of byte 3", aid, ph);
    if ((b1 & (PRIV1_DAP | PRIV1_DM | PRIV1_MANDATED_DAP)) && !(b1 & PRIV1_SD))
        PROF_FIND(r, ESV_R_PROF_119, c->e, path,
                  "instance %s: applicationPrivileges '%s' grants a security-domain-only privilege "
                  "(DAP Verification, Delegated Management or Mandated DAP) without Security Domain",
                  aid, ph);
    else if ((b1 & PRIV1_MANDATED_DAP) && !(b1 & PRIV1_DAP))
        PROF_FIND(r, ESV_R_PROF_119, c->e, path,
                  "instance %s: applicationPrivileges '%s' sets Mandated DAP Verification without DAP Verification",
                  aid, ph);
    if (c->sd && !(b1 & PRIV1_SD))
        PROF_FIND(r, ESV_R_PROF_120, c->e, path,
                  "security domain %s: applicationPrivileges '%s' lacks the Security Domain privilege (byte 1 b8)",
                  aid, ph);
    if (!c->sd && (b1 & PRIV1_SD))
        PROF_FIND(r, ESV_R_PROF_121, c->e, path,
                  "application instance %s has the Security Domain privilege ('%s') but is installed by PE-Application",
                  aid, ph);
    if ((b2 & PRIV2_AM) || (b1 & PRIV1_DM))
        PROF_FIND(r, ESV_R_PROF_118, c->e, path, "instance %s: applicationPrivileges '%s' grant %s%s%s",
                  aid, ph, (b2 & PRIV2_AM) ? "Authorized Management" : "",
                  (b2 & PRIV2_AM) && (b1 & PRIV1_DM) ? " and " : "",
                  (b1 & PRIV1_DM) ? "Delegated Management" : "");
    return ESV_OK;
}

/* GlobalPlatform Card Specification v2.3.1 11.1.1: application life cycle
 * INSTALLED '03', SELECTABLE '07', application specific '0xxxx111';
 * security domain INSTALLED '03', SELECTABLE '07', PERSONALIZED '0F';
 * LOCKED sets b8 over the state. */
static bool lcs_valid(unsigned v, bool sd)
{
    unsigned s = v & 0x7Fu;
    if (sd)
        return s == 0x03 || s == 0x07 || s == 0x0F;
    return s == 0x03 || (s & 0x07u) == 0x07;
}

/* SAIP v3.4.1 8.7.3: an instance extradited to a security domain of the
 * package goes to one that is PERSONALIZED ('0F'; GP CS 5.3): PROF-140;
 * one the package does not create may be on the card: PROF-141. */
static esv_status check_extradition(esv_report *r, const inst_ctx *c, const ApplicationInstance_t *in,
                                    const char *aid)
{
    const aid_ref *t;
    char path[128], to[40];
    if (in->extraditeSecurityDomainAID == NULL)
        return ESV_OK;
    snprintf(path, sizeof(path), "%s/extraditeSecurityDomainAID", c->base);
    os_hex(to, sizeof(to), in->extraditeSecurityDomainAID);
    t = ref_find(c->lk->sd, c->lk->n_sd, in->extraditeSecurityDomainAID);
    if (t && t->lcs != 0x0F)
        PROF_FIND(r, ESV_R_PROF_140, c->e, path,
                  "%s %s is extradited to security domain %s (element %zu), whose lifeCycleState is '%02X', not PERSONALIZED '0F'",
                  c->sd ? "security domain" : "application", aid, to, (size_t)t->e->index, t->lcs);
    else if (t == NULL && c->lk->dropped == 0)
        PROF_FIND(r, ESV_R_PROF_141, c->e, path,
                  "%s %s is extradited to security domain %s, which the package does not create (it may exist on the card)",
                  c->sd ? "security domain" : "application", aid, to);
    return ESV_OK;
}

/* ETSI TS 102 226 8.2.1.3.2.2.2, 8.2.1.3.2.3: the UICC (administrative)
 * access parameters of an instance, a list of (file system AID, access
 * domain, Access Domain DAP). Access domains as for PE-RFM (PROF-146,
 * 147); an Access Domain DAP needs the DAP key in the MNO-SD (SAIP v3.4.1
 * 8.6.3, PROF-145); an unreadable list: PROF-113. */
static esv_status check_access_params(esv_report *r, const inst_ctx *c, const ApplicationInstance_t *in,
                                      const char *aid)
{
    static const char *const field[2] = {"uiccAccessApplicationSpecificParametersField",
                                         "uiccAdministrativeAccessApplicationSpecificParametersField"};
    const OCTET_STRING_t *fv[2];
    full_list full = {{0}, 0};
    bool dap = false;
    char who[96], path[160], first_dap[160] = "";
    int f;

    if (in->applicationParameters == NULL)
        return ESV_OK;
    fv[0] = in->applicationParameters->uiccAccessApplicationSpecificParametersField;
    fv[1] = in->applicationParameters->uiccAdministrativeAccessApplicationSpecificParametersField;
    snprintf(who, sizeof(who), "%s %s", c->sd ? "security domain" : "application", aid);
    for (f = 0; f < 2; f++) {
        size_t pos = 0;
        esv_gp_access a;
        const char *why = NULL;
        int got;
        if (fv[f] == NULL)
            continue;
        snprintf(path, sizeof(path), "%s/applicationParameters/%s", c->base, field[f]);
        while ((got = esv_gp_access_next(fv[f]->buf, (size_t)fv[f]->size, &pos, &a, &why)) == 1) {
            char name[96], fs[40];
            if (a.aid_len)
                esv_hex_text(fs, sizeof(fs), a.aid, a.aid_len);
            snprintf(name, sizeof(name), "%s (%s%s)", f ? "administrative access" : "access",
                     a.aid_len ? "ADF " : "UICC file system", a.aid_len ? fs : "");
            ESV_GUARD(check_domain(r, c->e, path, who, f ? "administrative access domain" : "access domain",
                                   a.domain, a.domain_len, &full, name));
            if (a.dap_len && !dap) {
                dap = true;
                snprintf(first_dap, sizeof(first_dap), "%s", path);
            }
        }
        if (got < 0)
            PROF_FIND(r, ESV_R_PROF_113, c->e, path, "%s: %s cannot be read (%s); its access domains are not checked",
                      who, field[f], why);
    }
    if (full.o)
        PROF_FIND(r, ESV_R_PROF_147, c->e, c->base, "%s grants full access ('00') in its %s", who, full.text);
    if (dap && !c->lk->mno_dap_key)
        PROF_FIND(r, ESV_R_PROF_145, c->e, first_dap,
                  "%s configures an Access Domain DAP, but the MNO-SD keyList has no DAP verification key (KVN '%02X' KID '%02X')",
                  who, DAP_KVN, DAP_KID);
    return ESV_OK;
}

static esv_status check_instance(esv_report *r, const inst_ctx *c, const ApplicationInstance_t *in,
                                 tar_set *s)
{
    char aid[72], path[128], who[96];
    const char *why = NULL;
    size_t off = 0;
    const OCTET_STRING_t *tkf;
    esv_gp_toolkit tk;
    int lcs;

    os_hex(aid, sizeof(aid), &in->instanceAID);
    ESV_GUARD(check_privileges(r, c, in, aid));
    ESV_GUARD(check_extradition(r, c, in, aid));
    ESV_GUARD(check_access_params(r, c, in, aid));

    lcs = in->lifeCycleState ? os_byte(in->lifeCycleState) : 0x07;
    if (lcs < 0 || (in->lifeCycleState && in->lifeCycleState->size != 1) || !lcs_valid((unsigned)lcs, c->sd)) {
        char lh[16];
        snprintf(path, sizeof(path), "%s/lifeCycleState", c->base);
        PROF_FIND(r, ESV_R_PROF_122, c->e, path,
                  "%s %s: lifeCycleState '%s' is not a GlobalPlatform %s life cycle state", c->sd ? "security domain" : "application",
                  aid, os_hex(lh, sizeof(lh), in->lifeCycleState), c->sd ? "security domain" : "application");
    }

    /* GlobalPlatform 11.5.2.3: the 'C9' contents are BER-TLV data
     * objects (UICC SD install parameters, application parameters). For
     * an application 'C9' is the applet's own data: not interpreted. */
    if (c->sd && esv_gp_tlv_list_check(in->applicationSpecificParametersC9.buf,
                                       (size_t)in->applicationSpecificParametersC9.size, &why, &off) != 0) {
        snprintf(path, sizeof(path), "%s/applicationSpecificParametersC9", c->base);
        PROF_FIND(r, ESV_R_PROF_113, c->e, path,
                  "security domain %s: applicationSpecificParametersC9 cannot be read as BER-TLV (%s at offset %zu)",
                  aid, why, off);
    }

    tkf = in->applicationParameters ? in->applicationParameters->uiccToolkitApplicationSpecificParametersField : NULL;
    if (tkf == NULL)
        return ESV_OK;
    snprintf(path, sizeof(path), "%s/applicationParameters/uiccToolkitApplicationSpecificParametersField", c->base);
    if (esv_gp_toolkit_read(tkf->buf, (size_t)tkf->size, &tk, &why) != 0) {
        PROF_FIND(r, ESV_R_PROF_113, c->e, path,
                  "%s %s: UICC toolkit parameters cannot be read (%s); its TARs and minimum security level are not checked",
                  c->sd ? "security domain" : "application", aid, why);
        return ESV_OK;
    }
    if (tk.n_tars == 0)
        return ESV_OK;
    {
        char tars[64], a[7];
        size_t i, o = 0;
        tars[0] = '\0';
        for (i = 0; i < tk.n_tars && o + 8 < sizeof(tars); i++)
            o += (size_t)snprintf(tars + o, sizeof(tars) - o, "%s'%s'", i ? ", " : "", tar_hex(a, tk.tars + 3 * i));
        if (c->sd && c->test)
            PROF_FIND(r, ESV_R_PROF_105, c->e, path,
                      "security domain %s has TAR %s: remote application management is open in a test profile",
                      aid, tars);
        else if (c->sd)
            PROF_FIND(r, ESV_R_PROF_106, c->e, path,
                      "security domain %s has TAR %s: remote application management is enabled", aid, tars);
    }
    snprintf(who, sizeof(who), "%s %s", c->sd ? "security domain" : "application", aid);
    if (tk.msl_len == 0) {
        ESV_GUARD(check_spi1(r, c->e, path, who, 0, true));
    } else if (esv_gp_msl_spi1(&tk) < 0) {
        char mh[24];
        PROF_FIND(r, ESV_R_PROF_113, c->e, path,
                  "%s: Minimum Security Level field '%s' is not coded as MSL parameter '01' + SPI first octet; not checked",
                  who, esv_hex_text(mh, sizeof(mh), tk.msl, tk.msl_len));
    } else {
        ESV_GUARD(check_spi1(r, c->e, path, who, esv_gp_msl_spi1(&tk), false));
    }
    return check_tar_list(r, c->e, path, who, tk.tars, tk.n_tars, false, c->sd, false, s);
}

/* ----------------------------------------------------------- SD keys */

_Static_assert(ESV_SHA256_LEN == ESV_REP_DIGEST_LEN, "key values are grouped by SHA-256 digest");

typedef struct key_ref {
    const esv_pe *e;
    int kvn, kid;
} key_ref;

/* Every security domain key value of 8 bytes or more in the package, in
 * the order check_keys meets them, for the equal-value check (PROF-116):
 * no cap, and no pairwise comparison (a keyList has no size limit). The
 * values are secrets: they are grouped by their SHA-256 digests, so no
 * comparison branches on a key byte, and the digests are wiped before
 * they are freed. */
typedef struct key_set {
    key_ref *k;
    esv_rep *rep;
    size_t *prior;       /* prior[i]: an earlier equal value of another key */
    uint8_t (*digest)[ESV_SHA256_LEN];
    size_t n, next;      /* next: the value check_keys meets next */
} key_set;

static bool key_counted(const struct KeyObject__keyCompontents__Member *kc)
{
    return kc->keyData.size >= 8;
}

/* The owner of a value: values of one key (same element, KVN and KID) are
 * not reported as equal to each other. kvn, kid are -1..255. */
static uint64_t key_owner(const esv_pe *e, int kvn, int kid)
{
    return ((uint64_t)e->index << 20) | ((uint64_t)(kvn + 1) << 10) | (uint64_t)(kid + 1);
}

static esv_status key_set_build(const esv_profile *p, key_set *ks)
{
    size_t i, n = 0;
    int j, k;

    for (i = 0; i < p->count; i++) {
        const ProfileElement_t *v;
        const PE_SecurityDomain_t *sd;
        if (p->pes[i].type != ProfileElement_PR_securityDomain || (v = esv_pe_value(p, &p->pes[i])) == NULL)
            continue;
        sd = &v->choice.securityDomain;
        for (j = 0; sd->keyList && j < sd->keyList->list.count; j++) {
            const KeyObject_t *ko = sd->keyList->list.array[j];
            for (k = 0; k < ko->keyCompontents.list.count; k++)
                n += key_counted(ko->keyCompontents.list.array[k]);
        }
    }
    if (n == 0)
        return ESV_OK;
    ks->k = malloc(n * sizeof(*ks->k));
    ks->rep = esv_rep_alloc(n, &ks->prior);
    ks->digest = malloc(n * sizeof(*ks->digest));
    if (ks->k == NULL || ks->rep == NULL || ks->digest == NULL)
        return ESV_E_NOMEM;
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        const PE_SecurityDomain_t *sd;
        if (e->type != ProfileElement_PR_securityDomain || (v = esv_pe_value(p, e)) == NULL)
            continue;
        sd = &v->choice.securityDomain;
        for (j = 0; sd->keyList && j < sd->keyList->list.count; j++) {
            const KeyObject_t *ko = sd->keyList->list.array[j];
            int kvn = os_byte(&ko->keyVersionNumber), kid = os_byte(&ko->keyIdentifier);
            for (k = 0; k < ko->keyCompontents.list.count; k++) {
                const OCTET_STRING_t *data = &ko->keyCompontents.list.array[k]->keyData;
                size_t at = ks->n;
                /* at < n: the count pass read the same values (a value
                 * decoded again that ran out of memory in the count pass
                 * only ends the verification in ESV_E_NOMEM) */
                if (!key_counted(ko->keyCompontents.list.array[k]) || at >= n)
                    continue;
                if (esv_sha256(data->buf, (size_t)data->size, ks->digest[at]) != ESV_CRYPTO_OK)
                    return ESV_E_INTERNAL;
                ks->k[at].e = e;
                ks->k[at].kvn = kvn;
                ks->k[at].kid = kid;
                /* equal values have equal digests; the digest's first 8
                 * bytes as the key keep most comparisons of the sort
                 * inside the entries */
                ks->rep[at].key = 0;
                for (size_t b = 0; b < 8; b++)
                    ks->rep[at].key = (ks->rep[at].key << 8) | ks->digest[at][b];
                ks->rep[at].digest = ks->digest[at];
                ks->rep[at].owner = key_owner(e, kvn, kid);
                ks->rep[at].pos = at;
                ks->n++;
            }
        }
    }
    esv_rep_mark(ks->rep, ks->n, ks->prior);
    return ESV_OK;
}

static void key_set_free(key_set *ks)
{
    if (ks->digest)
        esv_memzero(ks->digest, ks->n * sizeof(*ks->digest));
    free(ks->digest);
    free(ks->rep); /* and prior */
    free(ks->k);
}

static bool is_des(int t)
{
    return t >= 0x80 && t <= 0x84;
}

/* GlobalPlatform Card Specification v2.3.1 11.1.8 (key type coding): NULL
 * for a key type GP defines, else what the coding is. '80' DES, '82'-'84'
 * Triple DES / DES modes, '85' TLS pre-shared key, '88' AES, '90' / '91'
 * HMAC-SHA1, 'A0'-'A8' RSA components, 'B0'-'B7' ECC components, 'F0' ECC
 * key parameters reference; '00'-'7F' private use, '81' reserved, 'FF' the
 * extended format marker of PUT KEY (not a key type), the rest RFU. */
static const char *key_type_undefined(unsigned t)
{
    if (t < 0x80)
        return "reserved for private use";
    if (t == 0x81)
        return "reserved";
    if (t == 0xFF)
        return "the PUT KEY extended-format marker, not a key type";
    if (t == 0x80 || (t >= 0x82 && t <= 0x85) || t == 0x88 || t == 0x90 || t == 0x91 ||
        (t >= 0xA0 && t <= 0xA8) || (t >= 0xB0 && t <= 0xB7) || t == 0xF0)
        return NULL;
    return "RFU";
}

/* GlobalPlatform Card Specification v2.3.1 11.1.9: the key usage qualifier
 * is one or two bytes, byte 1 fully defined (verification, computation,
 * secure messaging response / command, confidentiality, cryptographic
 * checksum, digital signature, cryptographic authorization), byte 2 b8 key
 * agreement and b7-b1 RFU; a zero qualifier allows no use. 11.1.10: key
 * access '00' (SD and associated applications), '01' (SD only), '02'
 * (associated applications only), 'FF' (not available); the rest RFU. */
static esv_status check_key_usage(esv_report *r, const esv_pe *e, const char *path, const char *aid,
                                  const KeyObject_t *ko, int kvn, int kid)
{
    const OCTET_STRING_t *u = &ko->keyUsageQualifier;
    char h[16];
    if (u->size == 1 || u->size == 2) {
        if (u->buf[0] == 0 && (u->size == 1 || u->buf[1] == 0))
            PROF_FIND(r, ESV_R_PROF_142, e, path,
                      "security domain %s: key KVN '%02X' KID '%02X' has keyUsageQualifier '%s' (zero: no usage allowed)",
                      aid, (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, os_hex(h, sizeof(h), u));
        else if (u->size == 2 && (u->buf[1] & 0x7Fu))
            PROF_FIND(r, ESV_R_PROF_142, e, path,
                      "security domain %s: key KVN '%02X' KID '%02X' has keyUsageQualifier '%s', which sets RFU bits b7-b1 of byte 2",
                      aid, (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, os_hex(h, sizeof(h), u));
    }
    if (ko->keyAccess && ko->keyAccess->size == 1 && ko->keyAccess->buf[0] > 0x02 && ko->keyAccess->buf[0] != 0xFF)
        PROF_FIND(r, ESV_R_PROF_142, e, path,
                  "security domain %s: key KVN '%02X' KID '%02X' has keyAccess '%02X', an RFU value ('00', '01', '02' or 'FF' defined)",
                  aid, (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, ko->keyAccess->buf[0]);
    return ESV_OK;
}

/* Key i of a security domain's keyList. same_id: the first earlier key
 * with the same KVN and KID, or ESV_REP_NONE. */
static esv_status check_key(esv_report *r, const esv_pe *e, const char *aid, const KeyObject_t *ko, int i,
                            size_t same_id, key_set *ks)
{
    int kvn = os_byte(&ko->keyVersionNumber), kid = os_byte(&ko->keyIdentifier);
    char path[64];
    int k;

    snprintf(path, sizeof(path), "securityDomain/keyList[%d]", i);
    /* GlobalPlatform Card Specification v2.3.1 11.1.8: a key is referenced
     * by its KVN and KID, so no two keys of a domain share both */
    if (same_id != ESV_REP_NONE)
        PROF_FIND(r, ESV_R_PROF_117, e, path,
                  "security domain %s: key %d has KVN '%02X' KID '%02X', like key %zu", aid, i,
                  (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, same_id);
    ESV_GUARD(check_key_usage(r, e, path, aid, ko, kvn, kid));
    for (k = 0; k < ko->keyCompontents.list.count; k++) {
        const struct KeyObject__keyCompontents__Member *kc = ko->keyCompontents.list.array[k];
        int type = kc->keyType.size == 1 ? kc->keyType.buf[0] : -1;
        size_t len = (size_t)kc->keyData.size, prior;
        const char *undef = type < 0 ? "not one byte" : key_type_undefined((unsigned)type);
        if (undef) {
            char th[16];
            PROF_FIND(r, ESV_R_PROF_143, e, path,
                      "security domain %s: key KVN '%02X' KID '%02X' component %d has keyType '%s': %s", aid,
                      (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, k, os_hex(th, sizeof(th), &kc->keyType), undef);
        }
        if (is_des(type)) {
            PROF_FIND(r, ESV_R_PROF_114, e, path,
                      "security domain %s: key KVN '%02X' KID '%02X' is a DES / Triple DES key (type '%02X')",
                      aid, (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, (unsigned)type);
            if (len != 8 && len != 16 && len != 24)
                PROF_FIND(r, ESV_R_PROF_115, e, path,
                          "security domain %s: DES key KVN '%02X' KID '%02X' is %zu bytes (8, 16 or 24 expected)",
                          aid, (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, len);
        } else if (type == 0x88 && len != 16 && len != 24 && len != 32) {
            PROF_FIND(r, ESV_R_PROF_115, e, path,
                      "security domain %s: AES key KVN '%02X' KID '%02X' is %zu bytes (16, 24 or 32 expected)",
                      aid, (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, len);
        }
        if (!key_counted(kc))
            continue;
        /* GSMA TS.48 v7.0: the test profiles' OTA keys are public; a
         * profile carrying one (or a trivially weak key) can be
         * managed over the air by anyone. */
        {
            const esv_known_value *kv = esv_kv_lookup(ESV_KV_SDKEY, kc->keyData.buf, len);
            const char *weak = kv ? NULL : esv_kv_weakness(kc->keyData.buf, len);
            if (kv || weak)
                PROF_FIND(r, ESV_R_PROF_125, e, path,
                          "security domain %s: key KVN '%02X' KID '%02X' is %s%s", aid,
                          (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu,
                          kv ? "publicly known: " : "weak: ", kv ? kv->source : weak);
        }
        /* GlobalPlatform Card Specification v2.3.1 E.1: one value per key;
         * the first earlier equal value of another key is named */
        /* (the set holds fewer values only when a value decoded again
         * ran out of memory while it was built: the verification then
         * ends in ESV_E_NOMEM, whatever is found here) */
        prior = ks->next < ks->n ? ks->prior[ks->next++] : ESV_REP_NONE;
        if (prior != ESV_REP_NONE) {
            const key_ref *o = &ks->k[prior];
            PROF_FIND(r, ESV_R_PROF_116, e, path,
                      "security domain %s: key KVN '%02X' KID '%02X' has the same value as key KVN '%02X' KID '%02X'%s",
                      aid, (unsigned)kvn & 0xFFu, (unsigned)kid & 0xFFu, (unsigned)o->kvn & 0xFFu,
                      (unsigned)o->kid & 0xFFu, o->e != e ? " of another security domain" : "");
        }
    }
    return ESV_OK;
}

/* GlobalPlatform Card Specification v2.3.1 11.1.8 (key type coding, key
 * references KVN / KID); TCA SAIP 8.7 (keyList). */
static esv_status check_keys(esv_report *r, const esv_pe *e, const PE_SecurityDomain_t *sd, key_set *ks)
{
    esv_rep *ids;
    size_t *same_id;
    int i;
    char aid[72];
    esv_status st = ESV_OK;

    if (sd->keyList == NULL)
        return ESV_OK;
    os_hex(aid, sizeof(aid), &sd->instance.instanceAID);
    /* repeated KVN/KID pairs, by sorting */
    ids = esv_rep_alloc(sd->keyList->list.count > 0 ? (size_t)sd->keyList->list.count : 0, &same_id);
    if (ids == NULL)
        return ESV_E_NOMEM;
    for (i = 0; i < sd->keyList->list.count; i++) {
        const KeyObject_t *ko = sd->keyList->list.array[i];
        ids[i].key = key_owner(e, os_byte(&ko->keyVersionNumber), os_byte(&ko->keyIdentifier));
        ids[i].digest = NULL;
        ids[i].owner = (uint64_t)i;
        ids[i].pos = (size_t)i;
    }
    esv_rep_mark(ids, sd->keyList->list.count > 0 ? (size_t)sd->keyList->list.count : 0, same_id);
    for (i = 0; i < sd->keyList->list.count && st == ESV_OK; i++) {
        /* GP CS 11.1.8, SAIP 8.6.3: one component per key type */
        const KeyObject_t *ko = sd->keyList->list.array[i];
        uint8_t seen[32] = {0};
        int c;
        for (c = 0; c < ko->keyCompontents.list.count && st == ESV_OK; c++) {
            const OCTET_STRING_t *kt = &ko->keyCompontents.list.array[c]->keyType;
            char path[96];
            esv_loc loc;
            if (kt->size != 1)
                continue; /* other sizes: PROF-114/115 */
            if (!(seen[kt->buf[0] >> 3] >> (kt->buf[0] & 7) & 1u)) {
                seen[kt->buf[0] >> 3] |= (uint8_t)(1u << (kt->buf[0] & 7));
                continue;
            }
            snprintf(path, sizeof(path), "securityDomain/keyList[%d]/keyCompontents[%d]/keyType", i, c);
            loc = esv_pe_loc(e, path);
            st = esv_report_add(r, ESV_R_PROF_135, &loc,
                                "security domain %s: key KVN '%02X' KID '%02X' has a second component of keyType '%02X'",
                                aid, (unsigned)os_byte(&ko->keyVersionNumber) & 0xFFu,
                                (unsigned)os_byte(&ko->keyIdentifier) & 0xFFu, kt->buf[0]);
        }
        if (st == ESV_OK)
            st = check_key(r, e, aid, ko, i, same_id[i], ks);
    }
    free(ids);
    return st;
}

/* ------------------------------------------------------ applications */

/* The load file of a load block (TCA SAIP v3.4.1 8.7, loadBlockObject):
 * read by the strict CAP reader while the element's value is current; the
 * result is a copy, and the findings are added before any other element
 * is read. PROF-137 (not a CAP load file), PROF-138 (custom components,
 * Directory disagreements), PROF-139 (what it loads); esv's caps on the
 * reader: PROF-126. */
static esv_status check_load_file(esv_report *r, const esv_pe *e, const char *aid, const OCTET_STRING_t *obj)
{
    static const char path[] = "application/loadBlock/loadBlockObject";
    cap_result *cr = malloc(sizeof(*cr));
    esv_status st = ESV_OK;
    esv_loc loc = esv_pe_loc(e, path);
    esv_buf b;
    size_t i;

    if (cr == NULL)
        return ESV_E_NOMEM;
    cap_parse(obj->buf, obj->size > 0 ? (size_t)obj->size : 0, cr);
    switch (cr->status) {
    case CAP_E_FORMAT:
        st = esv_report_add(r, ESV_R_PROF_137, &loc,
                            "load package %s: not a well-formed CAP load file: %s (byte %zu of the load block)",
                            aid, cr->err, cr->err_off);
        break;
    case CAP_E_LIMIT:
        st = esv_report_add(r, ESV_R_PROF_126, &loc,
                            "load package %s: %s (byte %zu of the load block; caps: %u bytes, %u components, "
                            "%u applets, %u custom components): its load file is not checked",
                            aid, cr->err, cr->err_off, CAP_MAX_LOAD_BLOCK, CAP_MAX_COMPONENTS,
                            CAP_MAX_APPLETS, CAP_MAX_CUSTOM);
        break;
    case CAP_UNSUPPORTED:
        st = esv_report_add(r, ESV_R_PROF_139, &loc,
                            "load package %s: CAP format %u.%u, %s, which esv does not read: its load file is not checked",
                            aid, cr->cap_major, cr->cap_minor, cr->err);
        break;
    case CAP_OK:
        for (i = 0; i < cr->n_warnings && st == ESV_OK; i++)
            st = esv_report_add(r, ESV_R_PROF_138, &loc, "load package %s: %s (byte %zu of the load block)", aid,
                                cr->warnings[i].text, cr->warnings[i].off);
        if (st == ESV_OK && cr->warnings_dropped > 0)
            st = esv_report_add(r, ESV_R_PROF_138, &loc, "load package %s: %zu more disagreement(s) not listed",
                                aid, cr->warnings_dropped);
        if (st != ESV_OK)
            break;
        esv_buf_init(&b);
        cap_summary_text(&b, cr);
        st = b.failed ? ESV_E_NOMEM
                      : esv_report_add(r, ESV_R_PROF_139, &loc, "load package %s: %s", aid, b.data ? b.data : "");
        esv_buf_free(&b);
        break;
    }
    free(cr);
    return st;
}

/* TCA SAIP 8.9 (PE-Application): every load block is executable code
 * that reaches the eUICC (GSMA TS.48 v7.0: reviewed applets only). */
static esv_status check_load_block(esv_report *r, const esv_pe *e, const ApplicationLoadPackage_t *lb)
{
    char aid[72];
    os_hex(aid, sizeof(aid), &lb->loadPackageAID);
    PROF_FIND(r, ESV_R_PROF_123, e, "application/loadBlock",
              "applet loaded: load package %s, %zu bytes of load file data%s", aid,
              (size_t)lb->loadBlockObject.size, lb->hashValue ? ", with a hash" : "");
    if (lb->hashValue == NULL)
        PROF_FIND(r, ESV_R_PROF_124, e, "application/loadBlock/hashValue",
                  "load package %s (%zu bytes) has no hashValue", aid, (size_t)lb->loadBlockObject.size);
    return check_load_file(r, e, aid, &lb->loadBlockObject);
}

/* TCA SAIP v3.4.1 8.7.1, 8.7.2: an application instance's load package
 * is this PE-Application's load block or an earlier one's; a load block's
 * security domain (absent: the ISD-P / MNO-SD) is one of the package.
 * Either may already be on the card: PROF-148, info. */
static esv_status check_app_links(esv_report *r, const esv_pe *e, const PE_Application_t *a, const links *lk)
{
    char aid[40], pkg[40];
    int k;
    if (lk->dropped)
        return ESV_OK; /* past the cap an AID not found may be there */
    if (a->loadBlock && a->loadBlock->securityDomainAID &&
        ref_find(lk->sd, lk->n_sd, a->loadBlock->securityDomainAID) == NULL)
        PROF_FIND(r, ESV_R_PROF_148, e, "application/loadBlock/securityDomainAID",
                  "load package %s is associated with security domain %s, which the package does not create (it may exist on the card)",
                  os_hex(pkg, sizeof(pkg), &a->loadBlock->loadPackageAID),
                  os_hex(aid, sizeof(aid), a->loadBlock->securityDomainAID));
    for (k = 0; a->instanceList && k < a->instanceList->list.count; k++) {
        const ApplicationInstance_t *in = a->instanceList->list.array[k];
        const aid_ref *lb = ref_find(lk->lb, lk->n_lb, &in->applicationLoadPackageAID);
        char path[64];
        if (lb && lb->e->index <= e->index)
            continue;
        snprintf(path, sizeof(path), "application/instanceList[%d]/applicationLoadPackageAID", k);
        os_hex(aid, sizeof(aid), &in->instanceAID);
        os_hex(pkg, sizeof(pkg), &in->applicationLoadPackageAID);
        if (lb)
            PROF_FIND(r, ESV_R_PROF_148, e, path,
                      "application instance %s: load package %s is loaded only later, by element %zu (unless it exists on the card)",
                      aid, pkg, (size_t)lb->e->index);
        else
            PROF_FIND(r, ESV_R_PROF_148, e, path,
                      "application instance %s: load package %s is loaded by no PE-Application of the package (it may exist on the card)",
                      aid, pkg);
    }
    return ESV_OK;
}

/* ------------------------------------------------------ sdPersoData */

#define DGI_KEY_CRT 0x00B9u /* GP CS 11.11.4.2.2: key control reference template */

/* TCA SAIP v3.4.1 8.6.3, 8.6.4: each sdPersoData entry is one DGI as
 * STORE DATA sends it (GlobalPlatform Card Specification v2.3.1
 * 11.11.4.2: a 2-byte tag, a length of one byte '00'-'FE' or 'FF' and two
 * bytes, the value filling the rest). GP CS 11.11.4.2.2.1: the key control
 * reference template DGI '00B9' comes right before the DGI of the key it
 * describes, so that entry follows it. */
static esv_status check_perso(esv_report *r, const esv_pe *e, const PE_SecurityDomain_t *sd)
{
    const char *aidp;
    char aid[40], path[64];
    int i, crt = -1;

    if (sd->sdPersoData == NULL)
        return ESV_OK;
    aidp = os_hex(aid, sizeof(aid), &sd->instance.instanceAID);
    for (i = 0; i < sd->sdPersoData->list.count; i++) {
        const OCTET_STRING_t *d = sd->sdPersoData->list.array[i];
        size_t n = (size_t)d->size, hdr = 0, len = 0;
        const char *why = NULL;
        char more[64] = "";
        unsigned tag;
        snprintf(path, sizeof(path), "securityDomain/sdPersoData[%d]", i);
        if (n < 3) {
            why = "shorter than a DGI header (2-byte tag and a length)";
        } else if (d->buf[2] != 0xFF) {
            hdr = 3;
            len = d->buf[2];
        } else if (n < 5) {
            why = "its length 'FF' lacks the two length bytes";
        } else {
            hdr = 5;
            len = ((size_t)d->buf[3] << 8) | d->buf[4];
            if (len < 0xFF)
                why = "a length under 255 coded in three bytes ('FF' form)";
        }
        if (why == NULL && hdr + len > n) {
            snprintf(more, sizeof(more), "its length %zu runs past the entry (%zu value bytes)", len, n - hdr);
            why = more;
        } else if (why == NULL && hdr + len < n) {
            snprintf(more, sizeof(more), "%zu bytes follow the DGI's %zu value bytes", n - hdr - len, len);
            why = more;
        }
        if (why)
            PROF_FIND(r, ESV_R_PROF_144, e, path, "security domain %s: sdPersoData entry %d is not one well-formed DGI: %s",
                      aidp, i, why);
        tag = n >= 2 ? ((unsigned)d->buf[0] << 8) | d->buf[1] : 0;
        if (crt >= 0 && (n < 2 || tag == DGI_KEY_CRT))
            PROF_FIND(r, ESV_R_PROF_144, e, path,
                      "security domain %s: the key control reference template DGI '00B9' of entry %d is followed by %s in entry %d, not by its key's DGI",
                      aidp, crt, n < 2 ? "no DGI" : "another '00B9'", i);
        crt = n >= 2 && tag == DGI_KEY_CRT ? i : -1;
    }
    if (crt >= 0) {
        snprintf(path, sizeof(path), "securityDomain/sdPersoData[%d]", crt);
        PROF_FIND(r, ESV_R_PROF_144, e, path,
                  "security domain %s: the key control reference template DGI '00B9' is the last entry (%d): no DGI of its key follows",
                  aidp, crt);
    }
    return ESV_OK;
}

/* ------------------------------------------------------- unique AIDs */

/* One AID use: the AID with its kind, as the exact 32-byte value the
 * repeat finder compares (no hashing: AIDs are at most 16 bytes). */
typedef struct aid_use {
    uint8_t v[ESV_REP_DIGEST_LEN]; /* kind, length, AID, zero padding */
    const esv_pe *e;
} aid_use;

typedef struct aid_list {
    aid_use *u;
    size_t n, cap;
} aid_list;

static esv_status aid_add(aid_list *l, const esv_pe *e, uint8_t kind, const OCTET_STRING_t *aid)
{
    aid_use *a;
    if (aid->size < 1 || aid->size > 16)
        return ESV_OK; /* outside ApplicationIdentifier: DER-023 */
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        aid_use *nu = realloc(l->u, nc * sizeof(*nu));
        if (nu == NULL)
            return ESV_E_NOMEM;
        l->u = nu;
        l->cap = nc;
    }
    a = &l->u[l->n++];
    memset(a->v, 0, sizeof(a->v));
    a->v[0] = kind;
    a->v[1] = (uint8_t)aid->size;
    memcpy(a->v + 2, aid->buf, (size_t)aid->size);
    a->e = e;
    return ESV_OK;
}

/* TCA SAIP v3.4.1 8.6, 8.7; GP CS 9.3.3: every instance AID (security
 * domains and application instances) and every load package AID is
 * used once in the package. Sorted, not compared pairwise. */
static esv_status check_unique_aids(const esv_profile *p, esv_report *r)
{
    aid_list l = {NULL, 0, 0};
    esv_rep *v = NULL;
    size_t i, *prior = NULL;
    esv_status st = ESV_OK;
    int k;

    for (i = 0; i < p->count && st == ESV_OK; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *val;
        if ((e->type != ProfileElement_PR_securityDomain && e->type != ProfileElement_PR_application) ||
            (val = esv_pe_value(p, e)) == NULL)
            continue;
        if (e->type == ProfileElement_PR_securityDomain) {
            st = aid_add(&l, e, 0, &val->choice.securityDomain.instance.instanceAID);
            continue;
        }
        if (val->choice.application.loadBlock != NULL)
            st = aid_add(&l, e, 1, &val->choice.application.loadBlock->loadPackageAID);
        for (k = 0; st == ESV_OK && val->choice.application.instanceList &&
                    k < val->choice.application.instanceList->list.count;
             k++)
            if (val->choice.application.instanceList->list.array[k] != NULL)
                st = aid_add(&l, e, 0, &val->choice.application.instanceList->list.array[k]->instanceAID);
    }
    if (st == ESV_OK && l.n > 1) {
        if ((v = esv_rep_alloc(l.n, &prior)) == NULL) {
            st = ESV_E_NOMEM;
        } else {
            for (i = 0; i < l.n; i++) {
                v[i].key = 0;
                for (size_t b = 0; b < 8; b++)
                    v[i].key = (v[i].key << 8) | l.u[i].v[b];
                v[i].digest = l.u[i].v;
                v[i].owner = i;
                v[i].pos = i;
                prior[i] = ESV_REP_NONE;
            }
            esv_rep_mark(v, l.n, prior);
            for (i = 0; i < l.n && st == ESV_OK; i++) {
                char aid[40];
                if (prior[i] == ESV_REP_NONE)
                    continue;
                esv_loc loc = esv_pe_loc(l.u[i].e, NULL);
                esv_hex_text(aid, sizeof(aid), l.u[i].v + 2, l.u[i].v[1]);
                /* not PROF_FIND: the lists are freed below on any status */
                st = esv_report_add(r, ESV_R_PROF_131, &loc, "%s AID %s is already used by element %zu",
                                    l.u[i].v[0] ? "load package" : "instance", aid,
                                    (size_t)l.u[prior[i]].e->index);
            }
        }
    }
    free(v);
    free(l.u);
    return st;
}

/* ------------------------------------------------------------- entry */

esv_status esv_prof_check_gp(const esv_profile *p, esv_report *r)
{
    test_marks m;
    tar_set tars;
    key_set keys;
    links lk;
    esv_status st;
    bool test;
    size_t i;
    int k;

    memset(&tars, 0, sizeof(tars));
    memset(&keys, 0, sizeof(keys));
    memset(&lk, 0, sizeof(lk));
    find_test_marks(p, &m);
    test = m.type || m.iccid || m.version;
    st = check_test_marks(p, r, &m);
    if (st == ESV_OK)
        st = key_set_build(p, &keys);
    if (st == ESV_OK)
        st = links_build(p, &lk);
    if (st == ESV_OK && lk.dropped > 0) {
        esv_loc loc = esv_pe_loc(lk.first_dropped, NULL);
        st = esv_report_add(r, ESV_R_PROF_126, &loc,
                            "the package has more security domain and load package AIDs than esv's cap of %d: %zu, "
                            "from element %zu on, are not looked up, and no extradition target or load package is "
                            "reported as absent (PROF-141, PROF-148)",
                            MAX_LINK_AIDS, lk.dropped, (size_t)lk.first_dropped->index);
    }
    if (st == ESV_OK)
        st = check_rfm(p, r, test, &tars);
    for (i = 0; i < p->count && st == ESV_OK; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        if ((e->type != ProfileElement_PR_securityDomain && e->type != ProfileElement_PR_application) ||
            (v = esv_pe_value(p, e)) == NULL)
            continue;
        if (e->type == ProfileElement_PR_securityDomain) {
            const PE_SecurityDomain_t *sd = &v->choice.securityDomain;
            /* SAIP v3.4.1 8.6.2, 8.6.6, 8.6.7: the first PE-SecurityDomain
             * is the MNO-SD; only it carries openPersoData and
             * catTpParameters, and it is not extradited (8.7.3) */
            if ((long)e->index == p->first_of[ProfileElement_PR_securityDomain]) {
                if (sd->instance.extraditeSecurityDomainAID != NULL &&
                    (st = esv_report_add(r, ESV_R_PROF_132, &(esv_loc){(long)e->index, -1, (int64_t)e->off,
                                                                      "securityDomain/instance/extraditeSecurityDomainAID"},
                                         "the MNO-SD (the first security domain) is extradited")) != ESV_OK)
                    break;
            } else if ((sd->openPersoData != NULL || sd->catTpParameters != NULL) &&
                       (st = esv_report_add(r, ESV_R_PROF_132, &(esv_loc){(long)e->index, -1, (int64_t)e->off,
                                                                         "securityDomain"},
                                            "a security domain after the MNO-SD carries %s",
                                            sd->openPersoData != NULL ? "openPersoData" : "catTpParameters")) != ESV_OK) {
                break;
            }
            inst_ctx c = {e, "securityDomain/instance", true, test, &lk};
            st = check_instance(r, &c, &sd->instance, &tars);
            if (st == ESV_OK)
                st = check_keys(r, e, sd, &keys);
            if (st == ESV_OK)
                st = check_perso(r, e, sd);
        } else if (e->type == ProfileElement_PR_application) {
            const PE_Application_t *a = &v->choice.application;
            if (a->loadBlock == NULL && a->instanceList == NULL &&
                (st = esv_report_add(r, ESV_R_PROF_136, &(esv_loc){(long)e->index, -1, (int64_t)e->off, "application"},
                                     "PE-Application (element %zu) has neither a loadBlock nor an instanceList",
                                     (size_t)e->index)) != ESV_OK)
                break;
            if (a->loadBlock)
                st = check_load_block(r, e, a->loadBlock);
            if (st == ESV_OK)
                st = check_app_links(r, e, a, &lk);
            for (k = 0; st == ESV_OK && a->instanceList && k < a->instanceList->list.count; k++) {
                char base[48];
                inst_ctx c = {e, base, false, test, &lk};
                snprintf(base, sizeof(base), "application/instanceList[%d]", k);
                st = check_instance(r, &c, a->instanceList->list.array[k], &tars);
            }
        }
    }
    if (st == ESV_OK)
        st = check_tar_overlap(r, &tars);
    if (st == ESV_OK)
        st = check_unique_aids(p, r);
    key_set_free(&keys);
    links_free(&lk);
    free(tars.u);
    return st;
}
