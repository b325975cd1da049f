/*
 * arr.c - PROF-171: a file's access rules point at a record its EF.ARR
 * does not have (checklist F10; ETSI TS 102 221 9.2.7, 11.1.1.4.7.2).
 *
 * securityAttributesReferenced in its 3-byte form is the file ID of an
 * EF.ARR and a record number in it: the file's access conditions are that
 * record. A record the EF.ARR does not have leaves the file's access
 * rules undefined, so whatever the card does with it was not what the
 * profile creator wrote. The EF.ARR the package creates, in the templates
 * this check resolves:
 *  - '2F06', the MF's EF.ARR (PE-MF ef-arr), from any element;
 *  - '6F06' from an element of an ADF: the EF.ARR of the ADF of the
 *    nearest preceding PE-USIM (PE-USIM, PE-OPT-USIM, PE-PHONEBOOK,
 *    PE-GSM-ACCESS, PE-DF-5GS, PE-DF-SAIP, PE-DF-SNPN, PE-DF-5GPROSE),
 *    PE-ISIM (PE-ISIM, PE-OPT-ISIM) or PE-CSIM (PE-CSIM, PE-OPT-CSIM);
 *  - '6F06' from PE-TELECOM: DF TELECOM's own EF.ARR.
 * The number of records is the EF.ARR's efFileSize over its record
 * length, both as the package writes them; an EF.ARR whose FCP leaves
 * either to the template, a 1-byte reference, another file ID and
 * generic file management are not resolved (not checked).
 */
#include "checks.h"
#include "tpl.h"

#include <stdio.h>
#include <string.h>

/* Records of an EF.ARR as its FCP gives them, or -1. */
static long arr_records(const File_t *f)
{
    int i;
    if (f == NULL)
        return -1;
    for (i = 0; i < f->list.count; i++) {
        const struct File__Member *m = f->list.array[i];
        const Fcp_t *c;
        long size = 0, rec;
        int k;
        if (m == NULL)
            continue;
        if (m->present == File__Member_PR_doNotCreate)
            return -1;
        if (m->present != File__Member_PR_fileDescriptor)
            continue;
        c = &m->choice.fileDescriptor;
        if (c->fileDescriptor == NULL || c->fileDescriptor->size != 4 || c->efFileSize == NULL ||
            c->efFileSize->size < 1 || c->efFileSize->size > 3)
            return -1;
        rec = ((long)c->fileDescriptor->buf[2] << 8) | c->fileDescriptor->buf[3];
        for (k = 0; k < c->efFileSize->size; k++)
            size = (size << 8) | c->efFileSize->buf[k];
        return rec > 0 ? size / rec : -1;
    }
    return -1;
}

typedef struct arr_ctx {
    long mf, naa[ESV_NAA_COUNT], own; /* records, or -1 when not known */
} arr_ctx;

/* The EF.ARR an element's '6F06' reaches: records, or -1. */
static long local_arr(const arr_ctx *c, ProfileElement_PR t)
{
    bool opens;
    esv_naa f = esv_tpl_naa(t, &opens);
    if (t == ProfileElement_PR_telecom || (f != ESV_NAA_NONE && opens && f != ESV_NAA_IOT))
        return c->own;
    return f != ESV_NAA_NONE && f != ESV_NAA_IOT ? c->naa[f] : -1;
}

static esv_status check_element(const esv_pe *e, const ProfileElement_t *v, arr_ctx *c, esv_report *r)
{
    esv_tpl_iter it;
    const char *name;
    const File_t *f;
    bool opens;
    esv_naa family = esv_tpl_naa(e->type, &opens);

    /* The element's own EF.ARR first (its files may come before it). */
    c->own = arr_records(esv_tpl_file(v, "ef-arr"));
    if (e->type == ProfileElement_PR_mf)
        c->mf = c->own;
    else if (family != ESV_NAA_NONE && opens)
        c->naa[family] = c->own;

    esv_tpl_begin(&it, v);
    while (esv_tpl_next(&it, &name, &f)) {
        int i;
        for (i = 0; i < f->list.count; i++) {
            const struct File__Member *fm = f->list.array[i];
            const OCTET_STRING_t *sa;
            unsigned fid, rec;
            long n;
            if (fm == NULL || fm->present != File__Member_PR_fileDescriptor)
                continue;
            sa = fm->choice.fileDescriptor.securityAttributesReferenced;
            if (sa == NULL || sa->size != 3)
                break;
            fid = ((unsigned)sa->buf[0] << 8) | sa->buf[1];
            rec = sa->buf[2];
            n = fid == 0x2F06 ? c->mf : fid == 0x6F06 ? local_arr(c, e->type) : -1;
            if (n >= 0 && (rec == 0 || (long)rec > n)) {
                char path[96];
                snprintf(path, sizeof(path), "%s/%s", esv_pe_name(e->type), name);
                PROF_FIND(r, ESV_R_PROF_171, e, path,
                          "securityAttributesReferenced '%04X%02X' names record %u of EF.ARR '%04X', which has %ld "
                          "record(s)%s",
                          fid, rec, rec, fid, n, rec == 0 ? " (records are numbered from 1)" : "");
            }
            break; /* the file's first FCP is the one that counts */
        }
    }
    return ESV_OK;
}

esv_status esv_prof_check_arr(const esv_profile *p, esv_report *r)
{
    arr_ctx c = {-1, {-1, -1, -1, -1}, -1};
    size_t i;
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        if (e->type < ProfileElement_PR_mf || (v = esv_pe_value(p, e)) == NULL)
            continue;
        ESV_GUARD(check_element(e, v, &c, r));
    }
    return ESV_OK;
}
