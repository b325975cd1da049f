/*
 * structure.c - ordering, cardinality, dependencies and services of the
 * profile elements (TCA SAIP v2.3.1 / v3.3.1 clause 8).
 */
#include "checks.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../der/der.h"
#include "repeats.h"

typedef ProfileElement_PR pe_t;

/* Element types and the element each one extends. */
static const struct {
    pe_t child, parent;
} parents[] = {
    {ProfileElement_PR_opt_usim, ProfileElement_PR_usim},
    {ProfileElement_PR_gsm_access, ProfileElement_PR_usim},
    {ProfileElement_PR_df_5gs, ProfileElement_PR_usim},
    {ProfileElement_PR_df_saip, ProfileElement_PR_usim},
    {ProfileElement_PR_df_snpn, ProfileElement_PR_usim},
    {ProfileElement_PR_df_5gprose, ProfileElement_PR_usim},
    {ProfileElement_PR_opt_isim, ProfileElement_PR_isim},
    {ProfileElement_PR_opt_csim, ProfileElement_PR_csim},
    /* TCA SAIP 8.3 (PE-PHONEBOOK): DF.PHONEBOOK under ADF.USIM, the
     * local phonebook (the global one is part of PE-TELECOM) */
    {ProfileElement_PR_phonebook, ProfileElement_PR_usim},
    {ProfileElement_PR_opt_iot, ProfileElement_PR_iot},
};

static pe_t parent_of(pe_t t)
{
    size_t i;
    for (i = 0; i < sizeof(parents) / sizeof(parents[0]); i++)
        if (parents[i].child == t)
            return parents[i].parent;
    return ProfileElement_PR_NOTHING;
}

/* TCA SAIP v3.4.1 8.1.3, 8.3.4: the element types that belong to one
 * NAA (the optional templates of a USIM, ISIM or CSIM, and a CSIM's
 * PE-CDMAParameter) and are counted per NAA context, not per package. */
static bool per_naa(pe_t t)
{
    bool opens;
    esv_naa f = esv_tpl_naa(t, &opens);
    return t == ProfileElement_PR_cdmaParameter || (f != ESV_NAA_NONE && f != ESV_NAA_IOT && !opens);
}

/* An NAA: an element that starts an NAA context (TCA SAIP v3.4.1 8.1.3).
 * PE-SSIM (v3.4) would start one too; esv does not decode it yet. */
static bool is_naa(pe_t t)
{
    return t == ProfileElement_PR_usim || t == ProfileElement_PR_isim || t == ProfileElement_PR_csim;
}

/* How many elements of type t (not a per_naa one) the header's services
 * allow in the package. */
static size_t max_count(const ServicesList_t *sv, pe_t t)
{
    switch (t) {
    case ProfileElement_PR_mf:
    case ProfileElement_PR_iot:      /* SAIP v3.4.1 8.1 */
    case ProfileElement_PR_opt_iot:
    case ProfileElement_PR_pukCodes: /* SAIP v3.4.1 8.5.2 */
    case ProfileElement_PR_cd:
    case ProfileElement_PR_telecom:
    case ProfileElement_PR_end:
    case ProfileElement_PR_header:
        return 1;
    case ProfileElement_PR_usim:
        return sv && sv->multiple_usim ? SIZE_MAX : 1;
    case ProfileElement_PR_isim:
        return sv && sv->multiple_isim ? SIZE_MAX : 1;
    case ProfileElement_PR_csim:
        return sv && sv->multiple_csim ? SIZE_MAX : 1;
    default:
        return SIZE_MAX; /* GFM, PIN, AKA, SD, RFM, applications, ... */
    }
}

/* Does a PE-GenericFileManagement create the MF (TCA SAIP 8.4: a
 * createFCP with fileID '3F00' selected from no filePath)? Its index, or
 * -1. */
static long gfm_creating_mf(const esv_profile *p)
{
    size_t i;
    int k, j;
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        const PE_GenericFileManagement_t *g;
        if (e->type != ProfileElement_PR_genericFileManagement || (v = esv_pe_value(p, e)) == NULL)
            continue;
        g = &v->choice.genericFileManagement;
        for (k = 0; k < g->fileManagementCMD.list.count; k++) {
            const FileManagement_t *fm = g->fileManagementCMD.list.array[k];
            for (j = 0; fm && j < fm->list.count; j++) {
                const struct FileManagement__Member *c = fm->list.array[j];
                if (c == NULL || c->present != FileManagement__Member_PR_createFCP)
                    continue;
                if (c->choice.createFCP.fileID && c->choice.createFCP.fileID->size == 2 &&
                    c->choice.createFCP.fileID->buf[0] == 0x3F && c->choice.createFCP.fileID->buf[1] == 0x00)
                    return (long)e->index;
            }
        }
    }
    return -1;
}

/* An IoT Minimal package (TCA SAIP v3.3 8.1, 8.3.x PE-IoT): the header's
 * iotOptions, or a PE-IoT in place of PE-MF and PE-USIM. */
static bool iot_minimal(const esv_profile *p)
{
    return (p->header != NULL && p->header->iotOptions != NULL) || p->n_of[ProfileElement_PR_iot] > 0;
}

/* TCA SAIP 8.1: header first, end last, each exactly once; the element
 * that creates the MF second: PE-MF in a Full package, PE-IoT in an IoT
 * Minimal one, or a PE-GenericFileManagement creating it ('3F00'), which
 * SAIP also allows. An element that did not decode (already a DER-
 * finding) may be the one "missing": absence and position are then not
 * judged, to avoid a cascade of findings from one defect. */
static esv_status check_order(const esv_profile *p, esv_report *r)
{
    const esv_pe *first = &p->pes[0], *last = &p->pes[p->count - 1];
    size_t i;

    if (p->undecoded > 0)
        goto repeats;
    if (first->type != ProfileElement_PR_header) {
        if (p->n_of[ProfileElement_PR_header] == 0)
            PROF_FIND(r, ESV_R_PROF_002, first, NULL, "the package has no ProfileHeader element");
        else
            PROF_FIND(r, ESV_R_PROF_002, first, NULL,
                      "the first element is %s, not the ProfileHeader (found as element %ld)",
                      esv_pe_name(first->type), p->first_of[ProfileElement_PR_header]);
    }
    if (last->type != ProfileElement_PR_end) {
        if (p->n_of[ProfileElement_PR_end] == 0)
            PROF_FIND(r, ESV_R_PROF_004, last, NULL, "the package has no PE-End element");
        else
            PROF_FIND(r, ESV_R_PROF_004, last, NULL,
                      "the last element is %s; PE-End is element %ld and must be last",
                      esv_pe_name(last->type), p->first_of[ProfileElement_PR_end]);
    }
    {
        bool iot = iot_minimal(p);
        bool iot_options = p->header != NULL && p->header->iotOptions != NULL;
        long mf = p->first_of[ProfileElement_PR_mf], gfm_mf = gfm_creating_mf(p);
        const char *what = "PE-MF";
        /* SAIP v3.4.1 7.4, 7.5, 8.1.3: the package type */
        if (iot_options && p->n_of[ProfileElement_PR_mf] > 0)
            PROF_FIND(r, ESV_R_PROF_128, &p->pes[mf], NULL,
                      "PE-MF in an IoT Minimal package (the header has iotOptions)");
        else if (!iot_options && p->header != NULL &&
                 p->n_of[ProfileElement_PR_iot] + p->n_of[ProfileElement_PR_opt_iot] > 0)
            PROF_FIND(r, ESV_R_PROF_128,
                      &p->pes[p->n_of[ProfileElement_PR_iot] ? p->first_of[ProfileElement_PR_iot]
                                                              : p->first_of[ProfileElement_PR_opt_iot]],
                      NULL, "%s in a package whose header has no iotOptions (a Full package)",
                      p->n_of[ProfileElement_PR_iot] ? "PE-IoT" : "PE-OPT-IoT");
        /* SAIP v3.4.1 8.1.3, 8.3.5: the MF made once */
        if (mf >= 0 && gfm_mf >= 0)
            PROF_FIND(r, ESV_R_PROF_008, &p->pes[gfm_mf], NULL,
                      "the MF is created twice: by PE-MF (element %ld) and by this generic file management ('3F00')",
                      mf);
        if (mf < 0 && iot) {
            mf = p->first_of[ProfileElement_PR_iot];
            what = "PE-IoT";
        }
        if (mf < 0) {
            mf = gfm_mf;
            what = "the PE-GenericFileManagement creating the MF";
        }
        if (mf < 0) {
            PROF_FIND(r, ESV_R_PROF_006, first, NULL,
                      iot ? "no PE-IoT in an IoT Minimal package"
                          : "no PE-MF, and no PE-GenericFileManagement creates the MF");
        } else if (iot) {
            /* SAIP v3.4.1 8.1.3: PE-IoT is the first file-system PE (the
             * PUK codes come before it, 8.5.2) */
            for (i = 1; i < (size_t)mf; i++) {
                ProfileElement_PR t = p->pes[i].type;
                if (t == ProfileElement_PR_genericFileManagement || t >= ProfileElement_PR_mf) {
                    PROF_FIND(r, ESV_R_PROF_007, &p->pes[mf], NULL,
                              "PE-IoT is element %ld, after the file-system element %zu (%s); it must be the first",
                              mf, i, esv_pe_name(t));
                    break;
                }
            }
        } else if (mf != 1) {
            const esv_pe *e = &p->pes[mf];
            PROF_FIND(r, ESV_R_PROF_007, e, NULL, "%s is element %zu; it must directly follow the ProfileHeader",
                      what, (size_t)e->index);
        }
        /* SAIP v3.4.1 8.5.2: PE-PUKCodes right after PE-MF, or right
         * after the header in an IoT Minimal package */
        if (p->n_of[ProfileElement_PR_pukCodes] > 0 && (iot || mf >= 0)) {
            long want = iot ? 1 : mf + 1, at = p->first_of[ProfileElement_PR_pukCodes];
            if (at != want)
                PROF_FIND(r, ESV_R_PROF_129, &p->pes[at], NULL,
                          "PE-PUKCodes is element %ld; it must directly follow %s (element %ld)", at,
                          iot ? "the ProfileHeader" : what, want - 1);
        }
    }
repeats:
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        if (e->type == ProfileElement_PR_header && (long)i != p->first_of[e->type])
            PROF_FIND(r, ESV_R_PROF_003, e, NULL, "second ProfileHeader (the first is element %ld)",
                      p->first_of[e->type]);
        if (e->type == ProfileElement_PR_end && (long)i != p->first_of[e->type])
            PROF_FIND(r, ESV_R_PROF_005, e, NULL, "second PE-End (the first is element %ld)",
                      p->first_of[e->type]);
    }
    return ESV_OK;
}

/* TCA SAIP v3.4.1 8.1.3, 8.3.4: one element per template unless the
 * header allows more (usim, isim, csim); an NAA's optional templates and
 * PE-CDMAParameter once per NAA context, the context of an element being
 * the nearest USIM/ISIM/CSIM before it (with the multiple-* services
 * there are several contexts, each still holding one of each); optional
 * templates after the template they extend. One pass: for each per-NAA
 * type, the context in which it was last seen. */
static esv_status check_cardinality(const esv_profile *p, esv_report *r)
{
    const ServicesList_t *sv = p->header ? &p->header->eUICC_Mandatory_services : NULL;
    size_t seen[ESV_PE_TYPES] = {0};
    long ctx_of[ESV_PE_TYPES], last_in[ESV_PE_TYPES]; /* per_naa: context, element */
    long naa = -1; /* the current NAA element */
    size_t i;

    for (i = 0; i < ESV_PE_TYPES; i++)
        ctx_of[i] = last_in[i] = -2;
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        pe_t parent;
        if (e->type == ProfileElement_PR_NOTHING)
            continue;
        if (is_naa(e->type))
            naa = (long)i;
        seen[e->type]++;
        if (per_naa(e->type)) {
            if (ctx_of[e->type] == naa) {
                if (naa >= 0)
                    PROF_FIND(r, ESV_R_PROF_008, e, NULL,
                              "%s appears again in the context of %s (element %ld): the first is element %ld",
                              esv_pe_name(e->type), esv_pe_name(p->pes[naa].type), naa, last_in[e->type]);
                else
                    PROF_FIND(r, ESV_R_PROF_008, e, NULL,
                              "%s appears again before any usim, isim or csim: the first is element %ld",
                              esv_pe_name(e->type), last_in[e->type]);
            }
            ctx_of[e->type] = naa;
            last_in[e->type] = (long)i;
        } else if (e->type != ProfileElement_PR_header && e->type != ProfileElement_PR_end &&
                   seen[e->type] == max_count(sv, e->type) + 1) {
            PROF_FIND(r, ESV_R_PROF_008, e, NULL,
                      "%s appears again (element %zu); only one is allowed%s", esv_pe_name(e->type),
                      (size_t)e->index,
                      is_naa(e->type) ? " without the multiple-usim/isim/csim service" : "");
        }
        parent = parent_of(e->type);
        if (parent == ProfileElement_PR_NOTHING)
            continue;
        if (p->n_of[parent] == 0 && p->undecoded == 0)
            PROF_FIND(r, ESV_R_PROF_009, e, NULL, "%s without %s", esv_pe_name(e->type),
                      esv_pe_name(parent));
        else if (p->first_of[parent] > (long)e->index)
            PROF_FIND(r, ESV_R_PROF_010, e, NULL, "%s (element %zu) before %s (element %ld)",
                      esv_pe_name(e->type), (size_t)e->index, esv_pe_name(parent), p->first_of[parent]);
    }
    return ESV_OK;
}

/* TCA SAIP v3.4.1 8.4.1, 8.4.2: each USIM and ISIM is configured by a
 * PE-AKAParameter (its own algorithm, or a mapping to another NAA's)
 * placed after it and before the next NAA. A CSIM authenticates with
 * CAVE (PE-CDMAParameter) and is not held to it. One pass; an element
 * that did not decode may be the missing one, so then nothing is said. */
static esv_status check_naa_aka(const esv_profile *p, esv_report *r)
{
    long pending = -1; /* a USIM/ISIM still waiting for its AKA element */
    size_t i;
    if (p->undecoded > 0)
        return ESV_OK;
    for (i = 0; i <= p->count; i++) {
        pe_t t = i < p->count ? p->pes[i].type : ProfileElement_PR_NOTHING;
        if (t == ProfileElement_PR_akaParameter) {
            pending = -1;
            continue;
        }
        if (i < p->count && !is_naa(t))
            continue;
        if (pending >= 0)
            PROF_FIND(r, ESV_R_PROF_150, &p->pes[pending], NULL,
                      "%s (element %ld) has no PE-AKAParameter before %s", esv_pe_name(p->pes[pending].type),
                      pending, i < p->count ? "the next NAA" : "the end of the package");
        pending = i < p->count && t != ProfileElement_PR_csim ? (long)i : -1;
    }
    return ESV_OK;
}

/* The first element before e (by index) with e's identification, or
 * ESV_REP_NONE. */
typedef struct id_scan {
    uint32_t *first;    /* by_value: per UInt15 value, the first element
                         * using it; otherwise per element (by index) with
                         * a UInt15 identification, the first element
                         * using it; UINT32_MAX: none */
    bool by_value;
    size_t *wide_prior; /* per element with a wide identification (its
                         * position among them): the earlier one */
    size_t n_wide;
} id_scan;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The UInt15 identifications, kept in the records at load. A large
 * package gets a table of the first user of each of the 32,768 values
 * (128 KiB, filled as the check goes); a smaller one, (identification,
 * index) pairs sorted, each run of one value naming its first element
 * (12 bytes per element): O(n log n) time, and never more memory than
 * min(12 n, 128 KiB). */
#define ID_VALUES 32768u
static esv_status short_ids(const esv_profile *p, id_scan *sc)
{
    uint64_t *key;
    size_t i, n = 0, run = 0;
    if (p->count * (sizeof(*sc->first) + sizeof(*key)) > ID_VALUES * sizeof(*sc->first)) {
        sc->by_value = true;
        sc->first = malloc(ID_VALUES * sizeof(*sc->first));
        if (sc->first == NULL)
            return ESV_E_NOMEM;
        memset(sc->first, 0xff, ID_VALUES * sizeof(*sc->first));
        return ESV_OK;
    }
    sc->first = malloc(p->count * sizeof(*sc->first));
    key = malloc(p->count * sizeof(*key));
    if (sc->first == NULL || key == NULL) {
        free(key);
        return ESV_E_NOMEM;
    }
    for (i = 0; i < p->count; i++) {
        sc->first[i] = UINT32_MAX;
        if (p->pes[i].flags & ESV_PE_HAS_ID)
            key[n++] = (uint64_t)p->pes[i].id << 32 | i;
    }
    qsort(key, n, sizeof(*key), cmp_u64);
    for (i = 1; i < n; i++) {
        if (key[i] >> 32 != key[run] >> 32)
            run = i;
        else
            sc->first[(uint32_t)key[i]] = (uint32_t)key[run];
    }
    free(key);
    return ESV_OK;
}

/* Identifications outside UInt15 (each already DER-023) are still
 * compared, by sorting the values the loader kept (p->wide, in element
 * order); nothing is decoded again. */
static esv_status wide_ids(const esv_profile *p, id_scan *sc)
{
    esv_rep *v;
    size_t i, k = p->n_wide, *prior;
    sc->n_wide = k;
    if (k == 0)
        return ESV_OK;
    v = esv_rep_alloc(k, &prior);
    if (v == NULL)
        return ESV_E_NOMEM;
    for (i = 0; i < k; i++) {
        v[i].key = (uint64_t)p->wide[i].value;
        v[i].digest = NULL;
        v[i].owner = i;
        v[i].pos = i;
        prior[i] = ESV_REP_NONE;
    }
    esv_rep_mark(v, k, prior);
    /* positions among the wide ones -> element indexes */
    sc->wide_prior = malloc(k * sizeof(*sc->wide_prior));
    if (sc->wide_prior != NULL)
        for (i = 0; i < k; i++)
            sc->wide_prior[i] = prior[i] == ESV_REP_NONE ? ESV_REP_NONE : p->wide[prior[i]].index;
    free(v); /* and prior, in the same allocation */
    return sc->wide_prior != NULL ? ESV_OK : ESV_E_NOMEM;
}

/* TCA SAIP v3.4.1 8.4.1, 8.4.3, 8.6.2, 8.7.1, 8.8: an element that
 * configures what an earlier one created comes after it: PE-AKAParameter
 * after some NAA (USIM, ISIM, CSIM, or an IoT Minimal package's PE-IoT),
 * PE-CDMAParameter after a CSIM, PE-RFM and PE-Application after the
 * first PE-SecurityDomain (the MNO-SD). An absent prerequisite is judged
 * too (an element with nothing to configure); an element that did not
 * decode may be the missing one, so then nothing is said. */
static esv_status check_dependencies(const esv_profile *p, esv_report *r)
{
    static const struct {
        pe_t t;
        pe_t after[4];
        const char *what;
    } deps[] = {
        {ProfileElement_PR_akaParameter,
         {ProfileElement_PR_usim, ProfileElement_PR_isim, ProfileElement_PR_csim, ProfileElement_PR_iot},
         "a usim, isim, csim or PE-IoT"},
        {ProfileElement_PR_cdmaParameter, {ProfileElement_PR_csim}, "a csim"},
        {ProfileElement_PR_rfm, {ProfileElement_PR_securityDomain}, "the first security domain"},
        {ProfileElement_PR_application, {ProfileElement_PR_securityDomain}, "the first security domain"},
    };
    size_t d, k;
    if (p->undecoded > 0)
        return ESV_OK;
    for (d = 0; d < sizeof(deps) / sizeof(deps[0]); d++) {
        long at = p->first_of[deps[d].t], earliest = -1;
        if (at < 0)
            continue;
        for (k = 0; k < 4 && deps[d].after[k] != ProfileElement_PR_NOTHING; k++) {
            long f = p->first_of[deps[d].after[k]];
            if (f >= 0 && (earliest < 0 || f < earliest))
                earliest = f;
        }
        if (earliest < 0 || earliest > at)
            PROF_FIND(r, ESV_R_PROF_134, &p->pes[at], NULL, "%s (element %ld) comes before %s%s",
                      esv_pe_name(deps[d].t), at, deps[d].what,
                      earliest < 0 ? ", which the package does not have" : "");
    }
    return ESV_OK;
}

/* TCA SAIP 8.2.2: identification unique within the package. Each repeat
 * is reported on the later element, naming the first element with that
 * identification. */
static esv_status check_identification(const esv_profile *p, esv_report *r)
{
    id_scan sc;
    size_t i, w = 0;
    esv_status st;

    if (p->count < 2)
        return ESV_OK;
    memset(&sc, 0, sizeof(sc));
    st = short_ids(p, &sc);
    if (st == ESV_OK)
        st = wide_ids(p, &sc);
    for (i = 0; i < p->count && st == ESV_OK; i++) {
        const esv_pe *e = &p->pes[i];
        esv_loc loc;
        size_t prior;
        if (e->flags & ESV_PE_HAS_ID) {
            prior = sc.first[sc.by_value ? e->id : i];
            if (prior == UINT32_MAX) {
                if (sc.by_value)
                    sc.first[e->id] = (uint32_t)i;
                continue;
            }
        } else if (e->flags & ESV_PE_WIDE_ID) {
            if ((prior = sc.wide_prior[w++]) == ESV_REP_NONE)
                continue;
        } else {
            continue;
        }
        loc = esv_pe_loc(e, NULL);
        st = esv_report_add(r, ESV_R_PROF_011, &loc,
                            "identification %ld of %s (element %zu) is already used by %s (element %zu)",
                            e->flags & ESV_PE_HAS_ID ? (long)e->id : p->wide[w - 1].value, esv_pe_name(e->type),
                            i, esv_pe_name(p->pes[prior].type), prior);
    }
    free(sc.first);
    free(sc.wide_prior);
    return st;
}

/* The algorithm of an AKA parameter element, or -1 (mapping parameter, or
 * an algorithm outside 0..31). */
static long aka_algorithm(const ProfileElement_t *v)
{
    const PE_AKAParameter_t *aka = &v->choice.akaParameter;
    long id;
    if (aka->algoConfiguration.present != PE_AKAParameter__algoConfiguration_PR_algoParameter)
        return -1;
    if (esv_asn_long(&aka->algoConfiguration.choice.algoParameter.algorithmID, &id) != 0)
        return -1;
    return id;
}

/* TCA SAIP 8.2.1: the header's version and its mandatory services against
 * the elements present. A PE whose optional support service (cave, gba,
 * ...) is not listed is legitimate (the eUICC may skip it: GSMA's TS.48
 * profiles carry PE-CDMAParameter without "cave"), so only the
 * application templates usim/isim/csim are matched both ways. */
static esv_status check_services(const esv_profile *p, esv_report *r)
{
    const ProfileHeader_t *h = p->header;
    const esv_pe *he;
    const ServicesList_t *sv;
    long major;
    size_t i;
    uint32_t used_algos = 0; /* bit a: an AKA element uses algorithm a */
    static const struct {
        size_t offset; /* of the NULL_t * in ServicesList_t */
        const char *service;
        pe_t element;
    } svc_pe[] = {
        {offsetof(ServicesList_t, usim), "usim", ProfileElement_PR_usim},
        {offsetof(ServicesList_t, isim), "isim", ProfileElement_PR_isim},
        {offsetof(ServicesList_t, csim), "csim", ProfileElement_PR_csim},
    };
    static const struct {
        size_t offset;
        const char *service;
        long algorithm;
    } svc_algo[] = {
        {offsetof(ServicesList_t, milenage), "milenage", AlgoParameter__algorithmID_milenage},
        {offsetof(ServicesList_t, tuak128), "tuak128", AlgoParameter__algorithmID_tuak},
        {offsetof(ServicesList_t, tuak256), "tuak256", AlgoParameter__algorithmID_tuak},
        {offsetof(ServicesList_t, usim_test_algorithm), "usim-test-algorithm",
         AlgoParameter__algorithmID_usim_test_algorithm},
    };

    if (h == NULL)
        return ESV_OK; /* PROF-002 */
    he = &p->pes[p->first_of[ProfileElement_PR_header]];
    for (i = 0; i < p->count; i++) {
        const ProfileElement_t *v;
        long a;
        if (p->pes[i].type != ProfileElement_PR_akaParameter || (v = esv_pe_value(p, &p->pes[i])) == NULL)
            continue;
        if ((a = aka_algorithm(v)) >= 0 && a < 32)
            used_algos |= 1u << a;
    }
    sv = &h->eUICC_Mandatory_services;
    major = h->major_version;
    if (major != 2 && major != 3)
        PROF_FIND(r, ESV_R_PROF_012, he, "header/major-version",
                  "major-version %ld (minor %ld); esv knows SAIP 2.x and 3.x", major, h->minor_version);
    else if (major == 3 && h->minor_version > 3)
        PROF_FIND(r, ESV_R_PROF_130, he, "header/minor-version",
                  "SAIP %ld.%ld: esv decodes with its 3.3 schema; what the newer version adds is skipped (PROF-001 "
                  "and PROF-127 say where)",
                  major, h->minor_version);
    for (i = 0; i < sizeof(svc_pe) / sizeof(svc_pe[0]); i++) {
        const NULL_t *declared = *(NULL_t *const *)(const void *)((const char *)sv + svc_pe[i].offset);
        /* PE-IoT holds ADF.USIM (SAIP v3.3): it is the usim of an IoT
         * Minimal package */
        size_t present = p->n_of[svc_pe[i].element] +
                         (svc_pe[i].element == ProfileElement_PR_usim ? p->n_of[ProfileElement_PR_iot] : 0);
        if (declared && present == 0 && p->undecoded == 0)
            PROF_FIND(r, ESV_R_PROF_013, he, "header/eUICC-Mandatory-services",
                      "service %s is mandatory but the package has no %s element", svc_pe[i].service,
                      esv_pe_name(svc_pe[i].element));
        if (!declared && p->n_of[svc_pe[i].element] > 0)
            PROF_FIND(r, ESV_R_PROF_014, &p->pes[p->first_of[svc_pe[i].element]], NULL,
                      "%s element present but service %s is not in eUICC-Mandatory-services",
                      esv_pe_name(svc_pe[i].element), svc_pe[i].service);
    }
    for (i = 0; i < sizeof(svc_algo) / sizeof(svc_algo[0]); i++) {
        const NULL_t *declared = *(NULL_t *const *)(const void *)((const char *)sv + svc_algo[i].offset);
        if (declared && !(used_algos >> svc_algo[i].algorithm & 1u) && p->undecoded == 0)
            PROF_FIND(r, ESV_R_PROF_015, he, "header/eUICC-Mandatory-services",
                      "service %s is declared but no PE-AKAParameter uses that algorithm",
                      svc_algo[i].service);
    }
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        long algo;
        const char *need = NULL;
        bool ok = true;
        if (e->type != ProfileElement_PR_akaParameter || (v = esv_pe_value(p, e)) == NULL ||
            (algo = aka_algorithm(v)) < 0)
            continue;
        switch (algo) {
        case AlgoParameter__algorithmID_milenage: ok = sv->milenage != NULL; need = "milenage"; break;
        case AlgoParameter__algorithmID_tuak: ok = sv->tuak128 || sv->tuak256; need = "tuak128 or tuak256"; break;
        case AlgoParameter__algorithmID_usim_test_algorithm: ok = sv->usim_test_algorithm != NULL; need = "usim-test-algorithm"; break;
        default: continue; /* an unknown algorithm is the AKA checks' business */
        }
        if (!ok)
            PROF_FIND(r, ESV_R_PROF_016, e, "akaParameter/algoConfiguration/algoParameter/algorithmID",
                      "algorithm %ld needs service %s in the header", algo, need);
    }
    if ((sv->profile_a_x25519 || sv->profile_b_p256 || sv->get_identity) &&
        p->n_of[ProfileElement_PR_df_5gs] == 0 && p->undecoded == 0)
        PROF_FIND(r, ESV_R_PROF_017, he, "header/eUICC-Mandatory-services",
                  "a SUCI service (%s) is declared but the package has no df-5gs element",
                  sv->profile_a_x25519 ? "profile-a-x25519" : sv->profile_b_p256 ? "profile-b-p256" : "get-identity");
    return ESV_OK;
}

/* OIDs ordered by length, then contents: an order for sorting and
 * bsearch (equal exactly when the encodings are equal). */
static int cmp_oid(const void *pa, const void *pb)
{
    const OBJECT_IDENTIFIER_t *a = *(const OBJECT_IDENTIFIER_t *const *)pa;
    const OBJECT_IDENTIFIER_t *b = *(const OBJECT_IDENTIFIER_t *const *)pb;
    if (a->size != b->size)
        return a->size < b->size ? -1 : 1;
    return a->size > 0 ? memcmp(a->buf, b->buf, (size_t)a->size) : 0;
}

static void oid_text(const OBJECT_IDENTIFIER_t *o, char *out, size_t cap)
{
    if (o->size <= 0 || der_oid_to_text(o->buf, (size_t)o->size, out, cap, NULL) != DER_OK)
        snprintf(out, cap, "(malformed OID)");
}

/* The position of o in sorted (n entries), or -1. */
static long oid_find(const OBJECT_IDENTIFIER_t *o, const OBJECT_IDENTIFIER_t **sorted, size_t n)
{
    const OBJECT_IDENTIFIER_t **hit;
    if (n == 0)
        return -1;
    hit = bsearch(&o, sorted, n, sizeof(*sorted), cmp_oid);
    return hit == NULL ? -1 : (long)(hit - sorted);
}

/* TCA SAIP 8.2.1 / 8.3: every template element's templateID is among the
 * templates the header makes mandatory, and is a TCA template OID. The
 * header's list (input too, so possibly long) is sorted once; each
 * element's templateID is searched in it and marks the entry used. */
static esv_status check_templates(const esv_profile *p, esv_report *r)
{
    /* 2.23.143.1.2: 67 81 0F 01 02 */
    static const uint8_t tca_arc[] = {0x67, 0x81, 0x0f, 0x01, 0x02};
    const ProfileHeader_t *h = p->header;
    const OBJECT_IDENTIFIER_t **listed = NULL;
    bool *used = NULL;
    size_t i, n_listed;
    esv_status st = ESV_OK;
    char text[96];

    if (h == NULL)
        return ESV_OK;
    n_listed = h->eUICC_Mandatory_GFSTEList.list.count > 0 ? (size_t)h->eUICC_Mandatory_GFSTEList.list.count : 0;
    listed = malloc((n_listed ? n_listed : 1) * sizeof(*listed));
    used = calloc(n_listed ? n_listed : 1, sizeof(*used));
    if (listed == NULL || used == NULL) {
        st = ESV_E_NOMEM;
        goto out;
    }
    for (i = 0; i < n_listed; i++)
        listed[i] = h->eUICC_Mandatory_GFSTEList.list.array[i];
    if (n_listed > 1)
        qsort(listed, n_listed, sizeof(*listed), cmp_oid);

    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        const OBJECT_IDENTIFIER_t *tid;
        esv_loc loc = esv_pe_loc(e, "templateID");
        long at;
        if (e->type < ProfileElement_PR_mf || (v = esv_pe_value(p, e)) == NULL || (tid = esv_tpl_oid(v)) == NULL)
            continue;
        oid_text(tid, text, sizeof(text));
        if ((tid->size <= (int)sizeof(tca_arc) || memcmp(tid->buf, tca_arc, sizeof(tca_arc)) != 0) &&
            (st = esv_report_add(r, ESV_R_PROF_019, &loc, "%s templateID %s is not a TCA template",
                                 esv_pe_name(e->type), text)) != ESV_OK)
            goto out;
        if ((at = oid_find(tid, listed, n_listed)) >= 0) {
            /* Equal OIDs sit together: mark the whole run used. */
            size_t k = (size_t)at;
            while (k > 0 && cmp_oid(&listed[k - 1], &tid) == 0)
                k--;
            for (; k < n_listed && cmp_oid(&listed[k], &tid) == 0 && !used[k]; k++)
                used[k] = true;
        } else if ((st = esv_report_add(r, ESV_R_PROF_018, &loc,
                                        "%s uses template %s, which eUICC-Mandatory-GFSTEList does not list",
                                        esv_pe_name(e->type), text)) != ESV_OK) {
            goto out;
        }
    }
    /* In the header's order, as the list is written. */
    for (i = 0; i < n_listed && p->undecoded == 0; i++) {
        const OBJECT_IDENTIFIER_t *o = h->eUICC_Mandatory_GFSTEList.list.array[i];
        long at = oid_find(o, listed, n_listed);
        esv_loc loc;
        if (at >= 0 && used[at])
            continue;
        oid_text(o, text, sizeof(text));
        loc = esv_pe_loc(&p->pes[p->first_of[ProfileElement_PR_header]], "header/eUICC-Mandatory-GFSTEList");
        if ((st = esv_report_add(r, ESV_R_PROF_020, &loc, "template %s is listed but no element uses it",
                                 text)) != ESV_OK)
            goto out;
    }
out:
    free(listed);
    free(used);
    return st;
}

esv_status esv_prof_check_structure(const esv_profile *p, esv_report *r)
{
    if (p->count == 0)
        return ESV_OK;
    ESV_GUARD(check_order(p, r));
    ESV_GUARD(check_cardinality(p, r));
    ESV_GUARD(check_naa_aka(p, r));
    ESV_GUARD(check_dependencies(p, r));
    ESV_GUARD(check_identification(p, r));
    ESV_GUARD(check_templates(p, r));
    return check_services(p, r);
}
