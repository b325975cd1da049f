/*
 * dirs.c - file identifiers against a directory model of the package
 * (TCA SAIP v3.4.1 8.3, 8.3.5; ETSI TS 102 221 8.2, 11.1.1.4.8):
 * PROF-164, a file ID or SFI given twice in one directory.
 *
 * The model. A directory is the path of file IDs from the MF ('3F00' not
 * written), at most DIR_DEPTH deep; an ADF is a directory of its own at
 * the top, named by its temporary file ID, which is the first FID of the
 * paths that reach into it (SAIP 8.3.5 filePath), so an ADF's temporary
 * FID shares the namespace of the MF's children.
 *  - Template elements. The element's first directory member (mf, df-*,
 *    adf-*) is created in the directory its template belongs to: the MF
 *    for PE-MF (the MF itself), PE-CD and PE-TELECOM; the top for an
 *    ADF; the ADF of the nearest preceding PE-USIM for the templates that
 *    extend it (PE-PHONEBOOK, PE-GSM-ACCESS, PE-DF-5GS, PE-DF-SAIP,
 *    PE-DF-SNPN, PE-DF-5GPROSE; SAIP clause 9, DF PHONEBOOK and the
 *    others under ADF USIM); PE-EAP's DF under the nearest preceding
 *    ADF. Every later directory member of the element (DF GRAPHICS, DF
 *    PHONEBOOK, ... of PE-TELECOM) is a child of that first one, and each
 *    EF member belongs to the directory member before it. The optional
 *    templates without a directory member (PE-OPT-USIM/ISIM/CSIM,
 *    PE-OPT-IoT) add EFs to the ADF of their NAA.
 *  - Generic file management. filePath selects a directory (empty: the
 *    MF); createFCP creates a file in the current directory, and a
 *    directory created becomes the current one (TS 102 222 CREATE FILE
 *    selects the file it creates); an ADF (dfName) at the top. Before
 *    the first filePath the current directory is not known.
 * Only identifiers the package writes are compared: a template file whose
 * FCP leaves fileID or shortEFID to the template, and a file in a
 * directory whose own FID the package does not give, are not checked
 * (esv does not carry the templates' tables). One pass over the elements,
 * one sort: O(n log n) in files.
 */
#include "checks.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR_DEPTH 4
/* More identifiers than this are not compared (PROF-126 says so). Each
 * takes at least 4 bytes of input. */
#define MAX_IDS (1u << 20)

typedef struct dir_key {
    uint16_t fid[DIR_DEPTH];
    uint8_t depth; /* DIR_DEPTH + 1: not known */
} dir_key;

#define DIR_UNKNOWN (DIR_DEPTH + 1)

typedef struct id_entry {
    dir_key dir;
    uint16_t id;
    uint8_t sfi;       /* 1: an SFI, 0: a file ID */
    uint32_t element;  /* p->pes index */
    uint32_t seq;      /* order of appearance */
    const char *member; /* template member name (static), or NULL */
    int gi, gj;        /* GFM command and item, when member is NULL */
} id_entry;

typedef struct id_set {
    id_entry *v;
    size_t n, cap;
    size_t dropped;
    const esv_pe *first_dropped;
} id_set;

static const dir_key k_unknown = {{0, 0, 0, 0}, DIR_UNKNOWN};
static const dir_key k_mf = {{0, 0, 0, 0}, 0};

static dir_key dir_child(dir_key d, unsigned fid)
{
    if (d.depth >= DIR_DEPTH)
        return k_unknown;
    d.fid[d.depth++] = (uint16_t)fid;
    return d;
}

static int fid_of(const OCTET_STRING_t *os)
{
    if (os == NULL || os->size != 2)
        return -1;
    return (os->buf[0] << 8) | os->buf[1];
}

static esv_status id_add(id_set *s, const esv_pe *e, dir_key dir, unsigned id, int sfi, const char *member,
                         int gi, int gj)
{
    id_entry *x;
    if (dir.depth == DIR_UNKNOWN)
        return ESV_OK;
    if (s->n == MAX_IDS) {
        if (s->dropped++ == 0)
            s->first_dropped = e;
        return ESV_OK;
    }
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 256;
        id_entry *nv;
        if (nc > MAX_IDS)
            nc = MAX_IDS;
        nv = realloc(s->v, nc * sizeof(*nv));
        if (nv == NULL)
            return ESV_E_NOMEM;
        s->v = nv;
        s->cap = nc;
    }
    x = &s->v[s->n];
    memset(x, 0, sizeof(*x));
    x->dir = dir;
    x->id = (uint16_t)id;
    x->sfi = (uint8_t)sfi;
    x->element = e->index;
    x->seq = (uint32_t)s->n;
    x->member = member;
    x->gi = gi;
    x->gj = gj;
    s->n++;
    return ESV_OK;
}

/* The file ID and SFI an FCP gives, in directory dir. */
static esv_status add_fcp(id_set *s, const esv_pe *e, dir_key dir, const Fcp_t *fcp, const char *member, int gi,
                          int gj)
{
    int fid = fid_of(fcp->fileID);
    if (fid >= 0)
        ESV_GUARD(id_add(s, e, dir, (unsigned)fid, 0, member, gi, gj));
    if (fcp->shortEFID != NULL && fcp->shortEFID->size == 1 && (fcp->shortEFID->buf[0] >> 3) != 0)
        ESV_GUARD(id_add(s, e, dir, fcp->shortEFID->buf[0] >> 3, 1, member, gi, gj));
    return ESV_OK;
}

/* The FCP a File gives (its first fileDescriptor), NULL when the file is
 * not created (doNotCreate) or leaves everything to the template. */
static const Fcp_t *file_fcp(const File_t *f, bool *created)
{
    const Fcp_t *fcp = NULL;
    int i;
    *created = true;
    for (i = 0; i < f->list.count; i++) {
        const struct File__Member *m = f->list.array[i];
        if (m == NULL)
            continue;
        if (m->present == File__Member_PR_doNotCreate)
            *created = false;
        else if (m->present == File__Member_PR_fileDescriptor && fcp == NULL)
            fcp = &m->choice.fileDescriptor;
    }
    return *created ? fcp : NULL;
}

/* The ADF of each NAA family, which the later templates extend, and the
 * last ADF created. */
typedef struct naa_dirs {
    dir_key naa[ESV_NAA_COUNT], any_adf;
} naa_dirs;

/* Where a template element's first directory member is created, or
 * where its EFs go when it has none. */
static dir_key template_parent(ProfileElement_PR t, const naa_dirs *nd)
{
    bool opens;
    esv_naa f = esv_tpl_naa(t, &opens);
    if (f != ESV_NAA_NONE && !opens)
        return nd->naa[f];
    switch (t) {
    case ProfileElement_PR_mf:
    case ProfileElement_PR_cd:
    case ProfileElement_PR_telecom:
    case ProfileElement_PR_iot:
        return k_mf;
    case ProfileElement_PR_eap:
        return nd->any_adf;
    default:
        return k_unknown;
    }
}

static esv_status add_template(id_set *s, const esv_pe *e, const ProfileElement_t *v, naa_dirs *nd)
{
    dir_key parent = template_parent(e->type, nd), first = k_unknown, cur = parent;
    bool have_first = false, opens;
    esv_naa family = esv_tpl_naa(e->type, &opens);
    esv_tpl_iter it;
    const char *name;
    const File_t *f;

    esv_tpl_begin(&it, v);
    while (esv_tpl_next(&it, &name, &f)) {
        const Fcp_t *fcp;
        bool created, adf, mf, dir;
        int fid;
        adf = strncmp(name, "adf-", 4) == 0;
        mf = strcmp(name, "mf") == 0;
        dir = adf || mf || strncmp(name, "df-", 3) == 0;
        fcp = file_fcp(f, &created);
        if (!dir) {
            if (created && fcp != NULL)
                ESV_GUARD(add_fcp(s, e, cur, fcp, name, 0, 0));
            continue;
        }
        /* A directory member: where it is created, and what it is. */
        fid = fcp != NULL ? fid_of(fcp->fileID) : -1;
        if (mf) {
            cur = k_mf;
        } else if (adf) {
            /* The ADF's temporary FID, in the MF's namespace. */
            if (created && fcp != NULL)
                ESV_GUARD(add_fcp(s, e, k_mf, fcp, name, 0, 0));
            cur = created && fid >= 0 ? dir_child(k_mf, (unsigned)fid) : k_unknown;
            if (family != ESV_NAA_NONE && opens)
                nd->naa[family] = cur;
            nd->any_adf = cur;
        } else {
            dir_key in = have_first ? first : parent;
            if (created && fcp != NULL)
                ESV_GUARD(add_fcp(s, e, in, fcp, name, 0, 0));
            cur = created && fid >= 0 ? dir_child(in, (unsigned)fid) : k_unknown;
        }
        if (!have_first) {
            have_first = true;
            first = cur;
        }
    }
    return ESV_OK;
}

static esv_status add_gfm(id_set *s, const esv_pe *e, const ProfileElement_t *v, naa_dirs *nd)
{
    const PE_GenericFileManagement_t *g = &v->choice.genericFileManagement;
    int i, j;
    for (i = 0; i < g->fileManagementCMD.list.count; i++) {
        const FileManagement_t *fm = g->fileManagementCMD.list.array[i];
        dir_key cur = k_unknown;
        if (fm == NULL)
            continue;
        for (j = 0; j < fm->list.count; j++) {
            const struct FileManagement__Member *m = fm->list.array[j];
            if (m == NULL)
                continue;
            if (m->present == FileManagement__Member_PR_filePath) {
                const OCTET_STRING_t *fp = &m->choice.filePath;
                size_t k = 0;
                cur = k_mf;
                if (fp->size % 2 != 0) {
                    cur = k_unknown;
                    continue;
                }
                if (fp->size >= 2 && fp->buf[0] == 0x3F && fp->buf[1] == 0x00)
                    k = 2; /* written from the MF */
                for (; k < (size_t)fp->size; k += 2)
                    cur = dir_child(cur, ((unsigned)fp->buf[k] << 8) | fp->buf[k + 1]);
            } else if (m->present == FileManagement__Member_PR_createFCP) {
                const Fcp_t *fcp = &m->choice.createFCP;
                int fid = fid_of(fcp->fileID);
                bool is_dir = fcp->dfName != NULL ||
                              (fcp->fileDescriptor != NULL && fcp->fileDescriptor->size >= 1 &&
                               (fcp->fileDescriptor->buf[0] & 0xBF) == 0x38);
                if (fcp->dfName != NULL) {
                    ESV_GUARD(add_fcp(s, e, k_mf, fcp, NULL, i, j));
                    cur = fid >= 0 ? dir_child(k_mf, (unsigned)fid) : k_unknown;
                    nd->any_adf = cur;
                } else {
                    ESV_GUARD(add_fcp(s, e, cur, fcp, NULL, i, j));
                    if (is_dir)
                        cur = fid >= 0 && cur.depth != DIR_UNKNOWN ? dir_child(cur, (unsigned)fid) : k_unknown;
                }
            }
        }
    }
    return ESV_OK;
}

static int dir_cmp(const dir_key *a, const dir_key *b)
{
    int i;
    if (a->depth != b->depth)
        return a->depth < b->depth ? -1 : 1;
    for (i = 0; i < a->depth; i++)
        if (a->fid[i] != b->fid[i])
            return a->fid[i] < b->fid[i] ? -1 : 1;
    return 0;
}

static int entry_cmp(const void *pa, const void *pb)
{
    const id_entry *a = pa, *b = pb;
    int c = dir_cmp(&a->dir, &b->dir);
    if (c != 0)
        return c;
    if (a->sfi != b->sfi)
        return a->sfi < b->sfi ? -1 : 1;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* "MF", "MF/7F10/5F3A", "ADF 7FD0/5FC0" into buf. */
static const char *dir_text(char *buf, size_t n, const dir_key *d)
{
    size_t at;
    int i;
    if (d->depth == 0)
        return "the MF";
    at = (size_t)snprintf(buf, n, "directory %04X", d->fid[0]);
    for (i = 1; i < d->depth && at < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "/%04X", d->fid[i]);
    return buf;
}

static void where(char *buf, size_t n, const esv_profile *p, const id_entry *x)
{
    if (x->member != NULL)
        snprintf(buf, n, "%s/%s (element %u)", esv_pe_name(p->pes[x->element].type), x->member, x->element);
    else
        snprintf(buf, n, "genericFileManagement/fileManagementCMD[%d][%d] (element %u)", x->gi, x->gj,
                 x->element);
}

static esv_status report_dups(const esv_profile *p, const id_set *s, esv_report *r)
{
    size_t i;
    for (i = 1; i < s->n; i++) {
        const id_entry *a = &s->v[i - 1], *b = &s->v[i];
        char d[48], wa[96], wb[96], path[96];
        esv_loc loc;
        if (dir_cmp(&a->dir, &b->dir) != 0 || a->sfi != b->sfi || a->id != b->id)
            continue;
        where(wa, sizeof(wa), p, a);
        where(wb, sizeof(wb), p, b);
        if (b->member != NULL)
            snprintf(path, sizeof(path), "%s/%s", esv_pe_name(p->pes[b->element].type), b->member);
        else
            snprintf(path, sizeof(path), "genericFileManagement/fileManagementCMD[%d][%d]/createFCP", b->gi, b->gj);
        loc = esv_pe_loc(&p->pes[b->element], path);
        if (b->sfi)
            ESV_FIND(r, ESV_R_PROF_164, &loc, "SFI %u is given twice in %s: by %s and by %s", b->id,
                     dir_text(d, sizeof(d), &b->dir), wa, wb);
        else
            ESV_FIND(r, ESV_R_PROF_164, &loc, "file ID '%04X' is given twice in %s: by %s and by %s", b->id,
                     dir_text(d, sizeof(d), &b->dir), wa, wb);
    }
    return ESV_OK;
}

esv_status esv_prof_check_dirs(const esv_profile *p, esv_report *r)
{
    id_set s;
    naa_dirs nd;
    esv_status st = ESV_OK;
    size_t i;

    memset(&s, 0, sizeof(s));
    for (i = 0; i < ESV_NAA_COUNT; i++)
        nd.naa[i] = k_unknown;
    nd.any_adf = k_unknown;
    for (i = 0; st == ESV_OK && i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        if ((e->type != ProfileElement_PR_genericFileManagement && e->type < ProfileElement_PR_mf) ||
            (v = esv_pe_value(p, e)) == NULL)
            continue;
        if (e->type == ProfileElement_PR_genericFileManagement)
            st = add_gfm(&s, e, v, &nd);
        else
            st = add_template(&s, e, v, &nd);
    }
    if (st == ESV_OK && s.dropped > 0) {
        esv_loc loc = esv_pe_loc(s.first_dropped, NULL);
        st = esv_report_add(r, ESV_R_PROF_126, &loc,
                            "the package gives more file IDs and SFIs than esv's cap of %u: %zu of them, from "
                            "element %u on, are not checked for uniqueness (PROF-164)",
                            (unsigned)MAX_IDS, s.dropped, s.first_dropped->index);
    }
    if (st == ESV_OK && s.n > 1) {
        qsort(s.v, s.n, sizeof(*s.v), entry_cmp);
        st = report_dups(p, &s, r);
    }
    free(s.v);
    return st;
}
