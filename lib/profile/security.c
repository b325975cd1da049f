/*
 * security.c - PINs, PUKs and ADM codes (PE-PINCodes, PE-PUKCodes: TCA
 * SAIP v2.3.1 / v3.3.1 8.4; coding and key references from ETSI TS 102
 * 221 9.5), network authentication parameters (PE-AKAParameter: TCA SAIP
 * 8.6; Milenage 3GPP TS 35.206, TUAK 3GPP TS 35.231, the USIM test
 * algorithm 3GPP TS 34.108 8.1.2) and publicly known secret values
 * (known_values.c; GSMA TS.48 v7.0).
 *
 * Secrets are never printed: a finding names the known-value entry or the
 * kind of weakness that matched, and where it is.
 */
#include "checks.h"
#include "../core/buf.h"
#include "known_values.h"
#include "pins.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../crypto/crypto.h"

/* ETSI TS 102 221 9.5.1 (table 9.3) key references, as SAIP's
 * PINKeyReferenceValue / PUKKeyReferenceValue name them. */
typedef enum ref_class {
    REF_INVALID,
    REF_GLOBAL_PIN, /* '01'..'08' pinAppl1..8 */
    REF_LOCAL_PIN,  /* '81'..'88' secondPINAppl1..8 */
    REF_ADM         /* '0A'..'0E' adm1..5, '8A'..'8E' adm6..10 */
} ref_class;

static ref_class pin_ref_class(long v)
{
    if (v >= 0x01 && v <= 0x08)
        return REF_GLOBAL_PIN;
    if (v >= 0x81 && v <= 0x88)
        return REF_LOCAL_PIN;
    if ((v >= 0x0A && v <= 0x0E) || (v >= 0x8A && v <= 0x8E))
        return REF_ADM;
    return REF_INVALID;
}

static bool puk_ref_valid(long v)
{
    return (v >= 0x01 && v <= 0x08) || (v >= 0x81 && v <= 0x88);
}

/* The SAIP name of a PIN key reference ("pinAppl1", "adm2", ...). */
static const char *pin_ref_name(long v, char *buf, size_t n)
{
    switch (pin_ref_class(v)) {
    case REF_GLOBAL_PIN: snprintf(buf, n, "pinAppl%ld", v); break;
    case REF_LOCAL_PIN: snprintf(buf, n, "secondPINAppl%ld", v - 0x80); break;
    case REF_ADM: snprintf(buf, n, "adm%ld", v < 0x80 ? v - 9 : v - 0x8A + 6); break;
    default: snprintf(buf, n, "key reference %ld", v); break;
    }
    return buf;
}

static const char *puk_ref_name(long v, char *buf, size_t n)
{
    if (v >= 0x01 && v <= 0x08)
        snprintf(buf, n, "pukAppl%ld", v);
    else if (v >= 0x81 && v <= 0x88)
        snprintf(buf, n, "secondPUKAppl%ld", v - 0x80);
    else
        snprintf(buf, n, "PUK reference %ld", v);
    return buf;
}

static long int_or(const INTEGER_t *v, long dflt)
{
    long out;
    return esv_asn_long(v, &out) == 0 ? out : dflt;
}

/* ETSI TS 102 221 9.5: a PIN is 4 to 8 digits coded '30'..'39', padded
 * with 'FF' to 8 bytes. */
static bool pin_coding_ok(const OCTET_STRING_t *v)
{
    size_t i, digits = 0;
    if (v->size != 8)
        return false;
    while (digits < 8 && v->buf[digits] >= 0x30 && v->buf[digits] <= 0x39)
        digits++;
    for (i = digits; i < 8; i++)
        if (v->buf[i] != 0xFF)
            return false;
    return digits >= 4;
}

/* A PUK (UNBLOCK PIN) is 8 digits. */
static bool puk_coding_ok(const OCTET_STRING_t *v)
{
    size_t i;
    if (v->size != 8)
        return false;
    for (i = 0; i < 8; i++)
        if (v->buf[i] < 0x30 || v->buf[i] > 0x39)
            return false;
    return true;
}

/* ---------------------------------------------------------------------- */
/* PINs and PUKs                                                          */
/* ---------------------------------------------------------------------- */

typedef enum pin_ctx { CTX_UNKNOWN, CTX_MF, CTX_DF } pin_ctx;

/* What the checks of one package share, built once so that no check scans
 * the whole package again per element (a package may hold hundreds of
 * thousands of elements). */
typedef struct sec_state {
    pin_ctx dir;             /* the directory the current element is sent in */
    esv_pin_map map;         /* the PIN contexts (pins.c) */
    uint8_t puk_refs[32];    /* bit v: some PE-PUKCodes defines reference v */
    bool naa_built;          /* naa below is filled (on first use) */
    struct naa_aid *naa;     /* every NAA ADF's AID, copied, sorted (naa_cmp) */
    size_t n_naa;
    uint32_t *naa_min;       /* segment tree over naa: least element index */
    long naa_unknown;        /* the first ADF whose AID cannot be told, or -1 */
} sec_state;

/* Records every PUK reference (0..255) some PE-PUKCodes defines. */
static void collect_puks(const esv_profile *p, sec_state *s)
{
    size_t i;
    int k;
    for (i = 0; i < p->count; i++) {
        const ProfileElement_t *v;
        const PE_PUKCodes_t *pc;
        if (p->pes[i].type != ProfileElement_PR_pukCodes || (v = esv_pe_value(p, &p->pes[i])) == NULL)
            continue;
        pc = &v->choice.pukCodes;
        for (k = 0; k < pc->pukCodes.list.count; k++) {
            long ref = pc->pukCodes.list.array[k] ? int_or(&pc->pukCodes.list.array[k]->keyReference, -1) : -1;
            if (ref >= 0 && ref <= 255)
                s->puk_refs[ref >> 3] |= (uint8_t)(1u << (ref & 7));
        }
    }
}

/* Whether any PE-PUKCodes of the package defines PUK reference ref. */
static bool puk_defined(const sec_state *s, long ref)
{
    return ref >= 0 && ref <= 255 && (s->puk_refs[ref >> 3] >> (ref & 7)) & 1u;
}

/* TCA SAIP 8.4 (maxNumOfAttemps-retryNumLeft: high nibble maximum, low
 * nibble attempts left); ETSI TS 102 221 11.1.9, 11.1.13 (initial values
 * 3 for a PIN, 10 for an UNBLOCK PIN). who: the key's name; std: the
 * TS 102 221 initial value, 0 when it does not apply (ADM). */
static esv_status check_counter(esv_report *r, const esv_pe *e, const char *path, const char *who,
                                long value, long std)
{
    long max = (value >> 4) & 0xF, left = value & 0xF;
    if (value < 0 || value > 255) {
        PROF_FIND(r, ESV_R_PROF_075, e, path, "%s: maxNumOfAttemps-retryNumLeft %ld is not one byte",
                  who, value);
        return ESV_OK;
    }
    if (max == 0)
        PROF_FIND(r, ESV_R_PROF_075, e, path,
                  "%s: maximum number of attempts is 0 (value '%02lX'): it can never be presented",
                  who, value);
    else if (left > max)
        PROF_FIND(r, ESV_R_PROF_075, e, path,
                  "%s: %ld attempts left exceeds the maximum of %ld (value '%02lX')", who, left,
                  max, value);
    else if (left == 0)
        PROF_FIND(r, ESV_R_PROF_076, e, path,
                  "%s: no attempts left (value '%02lX'): delivered blocked", who, value);
    else if (std != 0 && max != std)
        PROF_FIND(r, ESV_R_PROF_076, e, path,
                  "%s: maximum number of attempts %ld differs from the ETSI TS 102 221 value %ld",
                  who, max, std);
    return ESV_OK;
}

/* One PE-PINCodes: TCA SAIP 8.4 and ETSI TS 102 221 9.5. */
static esv_status check_pin_codes(const sec_state *s, esv_report *r, const esv_pe *e,
                                  const ProfileElement_t *v)
{
    const PE_PINCodes_t *pc = &v->choice.pinCodes;
    pin_ctx ctx = s->dir;
    int first[256]; /* pinconfig index of the first entry of each reference */
    int i;

    if (pc->pinCodes.present != PE_PINCodes__pinCodes_PR_pinconfig)
        return ESV_OK; /* filePath: shares the PINs of another DF */
    memset(first, 0xff, sizeof(first));
    for (i = 0; i < pc->pinCodes.choice.pinconfig.list.count; i++) {
        const PINConfiguration_t *c = pc->pinCodes.choice.pinconfig.list.array[i];
        char path[96], vpath[96], name[32];
        long ref, counter;
        ref_class cls;
        const esv_known_value *kv;
        const char *weak;

        if (c == NULL)
            continue;
        ref = int_or(&c->keyReference, -1);
        cls = pin_ref_class(ref);
        pin_ref_name(ref, name, sizeof(name));
        snprintf(path, sizeof(path), "pinCodes/pinconfig[%d]", i);
        snprintf(vpath, sizeof(vpath), "pinCodes/pinconfig[%d]/pinValue", i);

        /* TS 102 221 9.5.1 table 9.3 / SAIP PINKeyReferenceValue */
        if (cls == REF_INVALID) {
            PROF_FIND(r, ESV_R_PROF_070, e, path,
                      "PIN key reference %ld ('%02lX') is not a SAIP PINKeyReferenceValue "
                      "('01'-'08', '0A'-'0E', '81'-'88', '8A'-'8E')",
                      ref, ref & 0xFF);
            continue;
        }
        /* SAIP 8.4: "only one entry per PINKeyReferenceValue per
         * PE-PINCodes" (a valid reference is one byte) */
        if (first[ref] >= 0)
            PROF_FIND(r, ESV_R_PROF_071, e, path,
                      "%s is defined again (first as pinconfig[%d]) in the same PE-PINCodes",
                      name, first[ref]);
        else
            first[ref] = i;
        /* SAIP 8.4: global PIN references in the MF's PE-PINCodes, local
         * ones (secondPINAppl1..8) in an ADF/DF */
        if (ctx == CTX_MF && cls == REF_LOCAL_PIN)
            PROF_FIND(r, ESV_R_PROF_077, e, path,
                      "local PIN %s in the PE-PINCodes of the MF (only global PIN references belong there)",
                      name);
        else if (ctx == CTX_DF && cls == REF_GLOBAL_PIN)
            PROF_FIND(r, ESV_R_PROF_077, e, path,
                      "global PIN %s in the PE-PINCodes of an ADF/DF (only secondPINAppl1..8 belong there)",
                      name);
        /* SAIP 8.4: the unblocking PUK shall exist in PE-PUKCodes */
        if (c->unblockingPINReference) {
            long puk = int_or(c->unblockingPINReference, -1);
            char pname[32];
            if (!puk_ref_valid(puk))
                PROF_FIND(r, ESV_R_PROF_070, e, path,
                          "%s: unblockingPINReference %ld is not a SAIP PUKKeyReferenceValue", name,
                          puk);
            else if (!puk_defined(s, puk))
                PROF_FIND(r, ESV_R_PROF_072, e, path,
                          "%s is unblocked by %s, which no PE-PUKCodes defines", name,
                          puk_ref_name(puk, pname, sizeof(pname)));
        }
        counter = c->maxNumOfAttemps_retryNumLeft ? *c->maxNumOfAttemps_retryNumLeft : 51;
        ESV_GUARD(check_counter(r, e, path, name, counter, cls == REF_ADM ? 0 : 3));

        if (cls == REF_ADM) {
            /* ADM codes are administrative keys: any 8 bytes, but not a
             * published or trivially guessable one */
            kv = esv_kv_lookup(ESV_KV_ADM, c->pinValue.buf, (size_t)c->pinValue.size);
            weak = kv ? NULL : esv_kv_weakness(c->pinValue.buf, (size_t)c->pinValue.size);
            if (kv)
                PROF_FIND(r, ESV_R_PROF_080, e, vpath, "%s is a publicly known value (%s)", name,
                          kv->source);
            else if (weak)
                PROF_FIND(r, ESV_R_PROF_080, e, vpath, "%s is %s", name, weak);
            continue;
        }
        /* TS 102 221 9.5: 4..8 digits padded with 'FF' */
        if (!pin_coding_ok(&c->pinValue)) {
            PROF_FIND(r, ESV_R_PROF_073, e, vpath,
                      "%s value (%zu bytes) is not 4 to 8 digits '30'-'39' padded with 'FF' to 8 bytes",
                      name, (size_t)c->pinValue.size);
            continue;
        }
        kv = esv_kv_lookup(ESV_KV_PIN, c->pinValue.buf, (size_t)c->pinValue.size);
        if (kv)
            PROF_FIND(r, ESV_R_PROF_078, e, vpath, "%s is a publicly known default (%s)", name,
                      kv->source);
    }
    return ESV_OK;
}

/* One PE-PUKCodes: TCA SAIP 8.4 and ETSI TS 102 221 9.5. */
static esv_status check_puk_codes(esv_report *r, const esv_pe *e, const ProfileElement_t *v)
{
    const PE_PUKCodes_t *pc = &v->choice.pukCodes;
    int first[256]; /* pukCodes index of the first entry of each reference */
    int i;
    memset(first, 0xff, sizeof(first));
    for (i = 0; i < pc->pukCodes.list.count; i++) {
        const PUKConfiguration_t *c = pc->pukCodes.list.array[i];
        char path[96], vpath[96], name[32];
        long ref;
        const esv_known_value *kv;
        const char *weak;
        if (c == NULL)
            continue;
        ref = int_or(&c->keyReference, -1);
        puk_ref_name(ref, name, sizeof(name));
        snprintf(path, sizeof(path), "pukCodes[%d]", i);
        snprintf(vpath, sizeof(vpath), "pukCodes[%d]/pukValue", i);
        if (!puk_ref_valid(ref)) {
            PROF_FIND(r, ESV_R_PROF_070, e, path,
                      "PUK key reference %ld ('%02lX') is not a SAIP PUKKeyReferenceValue "
                      "('01'-'08', '81'-'88')",
                      ref, ref & 0xFF);
            continue;
        }
        /* SAIP 8.4: "Any PUKKeyReferenceValue shall only be defined once
         * within PE-PUKCodes" (a valid reference is one byte) */
        if (first[ref] >= 0)
            PROF_FIND(r, ESV_R_PROF_071, e, path,
                      "%s is defined again (first as pukCodes[%d]) in the same PE-PUKCodes", name,
                      first[ref]);
        else
            first[ref] = i;
        ESV_GUARD(check_counter(r, e, path, name,
                                 c->maxNumOfAttemps_retryNumLeft ? *c->maxNumOfAttemps_retryNumLeft : 170,
                                 10));
        if (!puk_coding_ok(&c->pukValue)) {
            PROF_FIND(r, ESV_R_PROF_074, e, vpath, "%s value (%zu bytes) is not 8 digits '30'-'39'",
                      name, (size_t)c->pukValue.size);
            continue;
        }
        kv = esv_kv_lookup(ESV_KV_PUK, c->pukValue.buf, (size_t)c->pukValue.size);
        weak = kv ? NULL : esv_kv_weakness(c->pukValue.buf, (size_t)c->pukValue.size);
        if (kv)
            PROF_FIND(r, ESV_R_PROF_079, e, vpath, "%s is a publicly known value (%s)", name,
                      kv->source);
        else if (weak)
            PROF_FIND(r, ESV_R_PROF_079, e, vpath, "%s is %s", name, weak);
    }
    return ESV_OK;
}

/* ---------------------------------------------------------------------- */
/* AKA parameters                                                         */
/* ---------------------------------------------------------------------- */

static const uint8_t std_rotation[5] = {0x40, 0x00, 0x20, 0x40, 0x60};

/* c1..c5 of 3GPP TS 35.206 4.1: 0, 1, 2, 4, 8 in the last byte of each
 * 128-bit constant. */
static bool std_xoring(const OCTET_STRING_t *x)
{
    static const uint8_t last[5] = {0, 1, 2, 4, 8};
    size_t i, k;
    if (x->size != 80)
        return false;
    for (i = 0; i < 5; i++)
        for (k = 0; k < 16; k++)
            if (x->buf[i * 16 + k] != (k == 15 ? last[i] : 0))
                return false;
    return true;
}

/* The largest value SAIP allows for sqnDelta, sqnAgeLimit and each sqnInit
 * entry is '07FFFFFFFFFF'H (43-bit SQN without IND). A value of another
 * size than the schema's SIZE (6) is DER-023 and not read here. */
static bool sqn_too_large(const OCTET_STRING_t *s)
{
    return s && s->size == 6 && s->buf[0] > 0x07;
}

static esv_status check_sqn(esv_report *r, const esv_pe *e, const PE_AKAParameter_t *aka)
{
    int i;
    if (sqn_too_large(aka->sqnDelta))
        PROF_FIND(r, ESV_R_PROF_090, e, "akaParameter/sqnDelta",
                  "sqnDelta exceeds the maximum '07FFFFFFFFFF'H (first byte '%02X')",
                  aka->sqnDelta->buf[0]);
    if (sqn_too_large(aka->sqnAgeLimit))
        PROF_FIND(r, ESV_R_PROF_090, e, "akaParameter/sqnAgeLimit",
                  "sqnAgeLimit exceeds the maximum '07FFFFFFFFFF'H (first byte '%02X')",
                  aka->sqnAgeLimit->buf[0]);
    if (aka->sqnInit) {
        for (i = 0; i < aka->sqnInit->list.count; i++) {
            if (sqn_too_large(aka->sqnInit->list.array[i])) {
                char path[64];
                snprintf(path, sizeof(path), "akaParameter/sqnInit[%d]", i);
                PROF_FIND(r, ESV_R_PROF_090, e, path,
                          "sqnInit[%d] exceeds the maximum '07FFFFFFFFFF'H", i);
                break;
            }
        }
    }
    return ESV_OK;
}

/* The dfName of the ADF a template file creates, or NULL. */
static const OCTET_STRING_t *file_df_name(const File_t *f)
{
    int i;
    if (f == NULL)
        return NULL;
    for (i = 0; i < f->list.count; i++)
        if (f->list.array[i] && f->list.array[i]->present == File__Member_PR_fileDescriptor)
            return f->list.array[i]->choice.fileDescriptor.dfName;
    return NULL;
}

/* An ADF's AID, copied out of its element (which may be freed before the
 * AKA check reads the index: model.h). An AID is 5..16 bytes (ETSI TS
 * 101 220 4); a longer one (DER-023) is kept cut to 16 and marks the
 * index as unable to say "absent". */
typedef struct naa_aid {
    uint8_t n;
    uint8_t b[16];
    uint32_t at; /* the element that creates the ADF */
} naa_aid;

/* AIDs in byte order, a prefix before its extensions: the AIDs that
 * start with a given partial AID are then one run, beginning at the first
 * AID not below it. */
static int naa_cmp(const naa_aid *a, const uint8_t *b, size_t bn)
{
    size_t an = a->n, common = an < bn ? an : bn;
    int c = common ? memcmp(a->b, b, common) : 0;
    if (c != 0 || an == bn)
        return c;
    return an < bn ? -1 : 1;
}

static int naa_sort_cmp(const void *pa, const void *pb)
{
    const naa_aid *b = pb;
    return naa_cmp(pa, b->b, b->n);
}

/* Adds an ADF's AID (NULL: a template ADF without dfName, whose AID
 * cannot be told) to the index, growing it as needed. */
static esv_status naa_add(sec_state *s, size_t *alloc, const OCTET_STRING_t *name, uint32_t at)
{
    naa_aid *a;
    if (name == NULL || name->size > (int)sizeof(a->b)) {
        if (s->naa_unknown < 0)
            s->naa_unknown = (long)at;
        if (name == NULL)
            return ESV_OK;
    }
    if (s->n_naa == *alloc) {
        size_t na = *alloc ? *alloc * 2 : 8;
        naa_aid *nn = realloc(s->naa, na * sizeof(*nn));
        if (nn == NULL)
            return ESV_E_NOMEM;
        s->naa = nn;
        *alloc = na;
    }
    a = &s->naa[s->n_naa++];
    a->at = at;
    a->n = (uint8_t)(name->size > (int)sizeof(a->b) ? sizeof(a->b) : (size_t)(name->size > 0 ? name->size : 0));
    if (a->n > 0)
        memcpy(a->b, name->buf, a->n);
    return ESV_OK;
}

/* Indexes the AID of every NAA ADF: usim, isim, csim, iot usim, and every
 * ADF a generic file management creates. */
static esv_status naa_build(const esv_profile *p, sec_state *s)
{
    size_t i, alloc = 0;
    s->naa_built = true;
    for (i = 0; i < p->count; i++) {
        const ProfileElement_t *pe;
        const File_t *adf = NULL;
        switch (p->pes[i].type) {
        case ProfileElement_PR_usim:
        case ProfileElement_PR_isim:
        case ProfileElement_PR_csim:
        case ProfileElement_PR_iot:
        case ProfileElement_PR_genericFileManagement: break;
        default: continue;
        }
        if ((pe = esv_pe_value(p, &p->pes[i])) == NULL)
            continue;
        switch (p->pes[i].type) {
        case ProfileElement_PR_usim: adf = &pe->choice.usim.adf_usim; break;
        case ProfileElement_PR_isim: adf = &pe->choice.isim.adf_isim; break;
        case ProfileElement_PR_csim: adf = &pe->choice.csim.adf_csim; break;
        case ProfileElement_PR_iot: adf = pe->choice.iot.adf_usim; break;
        case ProfileElement_PR_genericFileManagement: {
            const PE_GenericFileManagement_t *g = &pe->choice.genericFileManagement;
            int k, m;
            for (k = 0; k < g->fileManagementCMD.list.count; k++) {
                const FileManagement_t *fm = g->fileManagementCMD.list.array[k];
                for (m = 0; fm && m < fm->list.count; m++)
                    if (fm->list.array[m] &&
                        fm->list.array[m]->present == FileManagement__Member_PR_createFCP &&
                        fm->list.array[m]->choice.createFCP.dfName)
                        ESV_GUARD(naa_add(s, &alloc, fm->list.array[m]->choice.createFCP.dfName, (uint32_t)i));
            }
            continue;
        }
        default:
            continue;
        }
        if (adf != NULL)
            ESV_GUARD(naa_add(s, &alloc, file_df_name(adf), (uint32_t)i));
    }
    if (s->n_naa > 1)
        qsort(s->naa, s->n_naa, sizeof(*s->naa), naa_sort_cmp);
    /* the least creating element of any run of AIDs, in O(log n): a
     * segment tree, leaves at n..2n-1 */
    if (s->n_naa > 0) {
        size_t k, n = s->n_naa;
        s->naa_min = malloc(2 * n * sizeof(*s->naa_min));
        if (s->naa_min == NULL)
            return ESV_E_NOMEM;
        for (k = 0; k < n; k++)
            s->naa_min[n + k] = s->naa[k].at;
        for (k = n - 1; k >= 1; k--)
            s->naa_min[k] = s->naa_min[2 * k] < s->naa_min[2 * k + 1] ? s->naa_min[2 * k] : s->naa_min[2 * k + 1];
    }
    return ESV_OK;
}

/* The least element index among naa[lo..hi). */
static uint32_t naa_range_min(const sec_state *s, size_t lo, size_t hi)
{
    uint32_t best = UINT32_MAX;
    size_t n = s->n_naa;
    for (lo += n, hi += n; lo < hi; lo >>= 1, hi >>= 1) {
        if (lo & 1) {
            if (s->naa_min[lo] < best)
                best = s->naa_min[lo];
            lo++;
        }
        if (hi & 1) {
            hi--;
            if (s->naa_min[hi] < best)
                best = s->naa_min[hi];
        }
    }
    return best;
}

typedef enum aid_lookup { AID_FOUND, AID_LATER, AID_ABSENT, AID_UNKNOWN } aid_lookup;

static bool naa_has_prefix(const naa_aid *a, const uint8_t *src, size_t n)
{
    return (size_t)a->n >= n && memcmp(a->b, src, n) == 0;
}

/* Whether an NAA ADF (usim, isim, csim, iot usim, or an ADF created by
 * generic file management) created before element `before` has the AID
 * src, given as the full AID or a right-truncated one of at least 5 bytes
 * (ETSI TS 102 221 8.3 partial AID). AID_LATER: only ADFs created after
 * it (*first: the earliest); AID_UNKNOWN when an ADF before it has an AID
 * that cannot be told (template ADF without dfName). Binary searches for
 * the run of AIDs starting with src in the index naa_build made, and the
 * least creating element of the run from its segment tree. */
static aid_lookup find_naa(const sec_state *s, const OCTET_STRING_t *src, uint32_t before, uint32_t *first)
{
    size_t lo = 0, hi = s->n_naa, n = (size_t)src->size, end;
    uint32_t at = UINT32_MAX;
    if (n >= 5) {
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (naa_cmp(&s->naa[mid], src->buf, n) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        end = s->n_naa;
        hi = lo;
        while (hi < end) { /* the first AID past the run */
            size_t mid = hi + (end - hi) / 2;
            if (naa_has_prefix(&s->naa[mid], src->buf, n))
                hi = mid + 1;
            else
                end = mid;
        }
        if (hi > lo)
            at = naa_range_min(s, lo, hi);
    }
    if (at < before)
        return AID_FOUND;
    if (s->naa_unknown >= 0 && s->naa_unknown < (long)before)
        return AID_UNKNOWN;
    *first = at;
    return at != UINT32_MAX ? AID_LATER : AID_ABSENT;
}

static const char *algo_name(long id)
{
    switch (id) {
    case AlgoParameter__algorithmID_milenage: return "milenage";
    case AlgoParameter__algorithmID_tuak: return "tuak";
    case AlgoParameter__algorithmID_usim_test_algorithm: return "usim-test-algorithm";
    default: return "unknown";
    }
}

/* One PE-AKAParameter: TCA SAIP 8.6. */
static esv_status check_aka(const esv_profile *p, const sec_state *s, esv_report *r,
                            const esv_pe *e, const ProfileElement_t *v)
{
    const PE_AKAParameter_t *aka = &v->choice.akaParameter;
    const AlgoParameter_t *a;
    const esv_known_value *kv;
    const char *weak;
    long id;
    bool milenage, tuak, test;

    if (aka->algoConfiguration.present == PE_AKAParameter__algoConfiguration_PR_mappingParameter) {
        const MappingParameter_t *m = &aka->algoConfiguration.choice.mappingParameter;
        uint32_t first = 0;
        aid_lookup found = find_naa(s, &m->mappingSource, e->index, &first);
        if (found == AID_ABSENT || found == AID_LATER) {
            char hex[40];
            esv_hex_text(hex, sizeof(hex), m->mappingSource.buf, (size_t)m->mappingSource.size);
            /* SAIP v3.4.1 8.4.2: the NAA mapped exists already */
            if (found == AID_LATER)
                PROF_FIND(r, ESV_R_PROF_091, e, "akaParameter/algoConfiguration/mappingParameter/mappingSource",
                          "mappingSource %s is the AID of the ADF that element %u creates, after this "
                          "PE-AKAParameter: the mapped NAA must be created before",
                          hex, first);
            else
                PROF_FIND(r, ESV_R_PROF_091, e, "akaParameter/algoConfiguration/mappingParameter/mappingSource",
                          "mappingSource %s is the AID of no usim, isim or csim ADF in the package", hex);
        }
        return check_sqn(r, e, aka);
    }
    if (aka->algoConfiguration.present != PE_AKAParameter__algoConfiguration_PR_algoParameter)
        return ESV_OK;
    a = &aka->algoConfiguration.choice.algoParameter;
    id = int_or(&a->algorithmID, -1);
    milenage = id == AlgoParameter__algorithmID_milenage;
    tuak = id == AlgoParameter__algorithmID_tuak;
    test = id == AlgoParameter__algorithmID_usim_test_algorithm;

    if (!milenage && !tuak && !test)
        PROF_FIND(r, ESV_R_PROF_081, e, "akaParameter/algoParameter/algorithmID",
                  "algorithmID %ld is none of milenage (1), tuak (2), usim-test-algorithm (3)", id);
    if (test)
        PROF_FIND(r, ESV_R_PROF_082, e, "akaParameter/algoParameter/algorithmID",
                  "the NAA authenticates with usim-test-algorithm (3GPP TS 34.108 8.1.2 XOR test "
                  "algorithm), which gives no security");

    /* key length: Milenage and the test algorithm 128 bits (TS 35.206,
     * TS 34.108), TUAK 128 or 256 bits (TS 35.231) */
    if (((milenage || test) && a->key.size != 16) ||
        (tuak && a->key.size != 16 && a->key.size != 32))
        PROF_FIND(r, ESV_R_PROF_083, e, "akaParameter/algoParameter/key",
                  "%s key is %zu bytes; expected %s", algo_name(id), (size_t)a->key.size,
                  tuak ? "16 or 32" : "16");
    /* SAIP 8.2.1: tuak128 / tuak256 declare which TUAK key size the eUICC
     * must support */
    if (tuak && p->header && (a->key.size == 16 || a->key.size == 32)) {
        const ServicesList_t *sv = &p->header->eUICC_Mandatory_services;
        bool declared = a->key.size == 16 ? sv->tuak128 != NULL : sv->tuak256 != NULL;
        if (!declared)
            PROF_FIND(r, ESV_R_PROF_083, e, "akaParameter/algoParameter/key",
                      "TUAK key is %zu bytes but the header does not declare service %s",
                      (size_t)a->key.size, a->key.size == 16 ? "tuak128" : "tuak256");
    }
    /* OPc 128 bits (Milenage), TOPc 256 bits (TUAK); ignored by the test
     * algorithm (SAIP 8.6) */
    if ((milenage && a->opc.size != 16) || (tuak && a->opc.size != 32))
        PROF_FIND(r, ESV_R_PROF_084, e, "akaParameter/algoParameter/opc",
                  "%s %s is %zu bytes; expected %d", algo_name(id), tuak ? "TOPc" : "OPc",
                  (size_t)a->opc.size, tuak ? 32 : 16);

    kv = esv_kv_lookup(ESV_KV_K, a->key.buf, (size_t)a->key.size);
    weak = kv ? NULL : esv_kv_weakness(a->key.buf, (size_t)a->key.size);
    if (kv)
        PROF_FIND(r, ESV_R_PROF_085, e, "akaParameter/algoParameter/key",
                  "K is a publicly known value (%s)", kv->source);
    else if (weak)
        PROF_FIND(r, ESV_R_PROF_085, e, "akaParameter/algoParameter/key", "K is %s", weak);

    if (milenage || tuak) {
        const char *what = tuak ? "TOPc" : "OPc";
        kv = esv_kv_lookup(ESV_KV_OPC, a->opc.buf, (size_t)a->opc.size);
        weak = kv ? NULL : esv_kv_weakness(a->opc.buf, (size_t)a->opc.size);
        if (kv)
            PROF_FIND(r, ESV_R_PROF_086, e, "akaParameter/algoParameter/opc",
                      "%s is a publicly known value (%s)", what, kv->source);
        else if (weak)
            PROF_FIND(r, ESV_R_PROF_086, e, "akaParameter/algoParameter/opc", "%s is %s", what,
                      weak);
        if (a->opc.size == a->key.size && a->key.size > 0 &&
            esv_ct_equal(a->opc.buf, a->key.buf, (size_t)a->key.size))
            PROF_FIND(r, ESV_R_PROF_087, e, "akaParameter/algoParameter/opc",
                      "%s equals K", what);
    }

    /* TS 35.206 4.1: r1..r5 = 64, 0, 32, 64, 96; c1..c5 = 0, 1, 2, 4, 8.
     * Other constants are allowed (the operator may choose them) but must
     * be agreed with the AuC; SAIP applies them to Milenage only. */
    if (milenage && a->rotationConstants &&
        (a->rotationConstants->size != 5 ||
         memcmp(a->rotationConstants->buf, std_rotation, sizeof(std_rotation)) != 0)) {
        bool range = a->rotationConstants->size == 5;
        size_t k;
        for (k = 0; range && k < 5; k++)
            range = a->rotationConstants->buf[k] < 128;
        PROF_FIND(r, ESV_R_PROF_088, e, "akaParameter/algoParameter/rotationConstants",
                  "Milenage rotation constants r1..r5 differ from the TS 35.206 values '4000204060'%s",
                  range ? "" : " (and are not all within 0..127)");
    }
    if (milenage && a->xoringConstants && !std_xoring(a->xoringConstants))
        PROF_FIND(r, ESV_R_PROF_088, e, "akaParameter/algoParameter/xoringConstants",
                  "Milenage XOR constants c1..c5 differ from the TS 35.206 values (0, 1, 2, 4, 8)");

    /* TS 35.231 7.2: at least one Keccak iteration */
    if (tuak && a->numberOfKeccak && *a->numberOfKeccak < 1)
        PROF_FIND(r, ESV_R_PROF_089, e, "akaParameter/algoParameter/numberOfKeccak",
                  "numberOfKeccak %ld; TUAK needs at least 1 Keccak-f[1600] iteration",
                  *a->numberOfKeccak);

    if (!test) /* SQN parameters are ignored with the test algorithm */
        ESV_GUARD(check_sqn(r, e, aka));
    return ESV_OK;
}

/* TCA SAIP v3.4.1 8.4.3: PE-CDMAParameter's optional authentication data
 * (SSD, HRPD access, simple IP, mobile IP) is given with its data or left
 * out; an empty one configures nothing. (The schema's SIZE constraints
 * make it DER-023 as well; this says what it means.) */
static esv_status check_cdma(esv_report *r, const esv_pe *e, const ProfileElement_t *v)
{
    const PE_CDMAParameter_t *c = &v->choice.cdmaParameter;
    const struct {
        const OCTET_STRING_t *f;
        const char *name;
    } opt[] = {
        {c->ssd, "ssd"},
        {c->hrpdAccessAuthenticationData, "hrpdAccessAuthenticationData"},
        {c->simpleIPAuthenticationData, "simpleIPAuthenticationData"},
        {c->mobileIPAuthenticationData, "mobileIPAuthenticationData"},
    };
    size_t k;
    for (k = 0; k < sizeof(opt) / sizeof(opt[0]); k++) {
        char path[64];
        if (opt[k].f == NULL || opt[k].f->size > 0)
            continue;
        snprintf(path, sizeof(path), "cdmaParameter/%s", opt[k].name);
        PROF_FIND(r, ESV_R_PROF_157, e, path, "%s is present but empty: leave it out or give its data",
                  opt[k].name);
    }
    return ESV_OK;
}

esv_status esv_prof_check_security(const esv_profile *p, esv_report *r)
{
    sec_state s;
    esv_status st = ESV_OK;
    size_t i;

    memset(&s, 0, sizeof(s));
    s.dir = CTX_UNKNOWN;
    s.naa_unknown = -1;
    collect_puks(p, &s);
    st = esv_pin_map_init(&s.map, p->count);
    for (i = 0; i < p->count && st == ESV_OK; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v = NULL;
        uint32_t c;
        /* the PIN context (pins.c: PROF-151..153 on a PE-PINCodes), with
         * the PE-PINCodes value read once for both */
        if (e->type == ProfileElement_PR_pinCodes)
            v = esv_pe_value(p, e);
        if ((st = esv_pin_map_step(p, r, &s.map, i, v)) != ESV_OK)
            break;
        c = s.map.ctx_of[i];
        s.dir = c == ESV_PIN_NONE ? CTX_UNKNOWN : s.map.ctx[c].mf ? CTX_MF : CTX_DF;
        switch (e->type) {
        case ProfileElement_PR_pinCodes:
            if (v != NULL)
                st = check_pin_codes(&s, r, e, v);
            break;
        case ProfileElement_PR_pukCodes:
            if ((v = esv_pe_value(p, e)) != NULL)
                st = check_puk_codes(r, e, v);
            break;
        case ProfileElement_PR_akaParameter:
            /* The AID index for mapping parameters (PROF-091), built
             * before the AKA value is read: naa_build reads other
             * elements, which could evict it (model.h). */
            if (!s.naa_built && (st = naa_build(p, &s)) != ESV_OK)
                break;
            if ((v = esv_pe_value(p, e)) != NULL)
                st = check_aka(p, &s, r, e, v);
            break;
        case ProfileElement_PR_cdmaParameter:
            if ((v = esv_pe_value(p, e)) != NULL)
                st = check_cdma(r, e, v);
            break;
        default: break;
        }
    }
    /* PROF-154..156: the FCPs' PIN references against the contexts */
    if (st == ESV_OK)
        st = esv_pin_check_templates(p, &s.map, r);
    esv_pin_map_free(&s.map);
    free(s.naa);
    free(s.naa_min);
    return st;
}
