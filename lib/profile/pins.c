/*
 * pins.c - PIN contexts and the PIN references of the file system (TCA
 * SAIP v3.4.1 8.1, 8.3.2, 8.5.1; ETSI TS 102 221 9.5.1): see pins.h for
 * the context model.
 *
 * Two passes over the elements, each reading every value it needs once:
 * the first works out the contexts and what each PE-PINCodes defines, the
 * second reads the FCPs' pinStatusTemplateDO against it. Paths are looked
 * up in a hash table: linear in the elements overall.
 */
#include "pins.h"
#include "checks.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_BYTES 16

struct esv_pin_dir {
    uint8_t used, len;
    uint8_t b[PATH_MAX_BYTES];
    uint32_t ctx;
};

typedef struct dir_path {
    uint8_t len;
    uint8_t b[PATH_MAX_BYTES];
} dir_path;

/* ETSI TS 102 221 9.5.1 table 9.3. */
enum ref_kind { RK_INVALID, RK_GLOBAL, RK_LOCAL, RK_ADM, RK_UNIVERSAL };

static enum ref_kind ref_kind(unsigned v)
{
    if (v >= 0x01 && v <= 0x08)
        return RK_GLOBAL;
    if (v >= 0x81 && v <= 0x88)
        return RK_LOCAL;
    if ((v >= 0x0A && v <= 0x0E) || (v >= 0x8A && v <= 0x8E))
        return RK_ADM;
    if (v == 0x11)
        return RK_UNIVERSAL;
    return RK_INVALID;
}

/* ---------------------------------------------------------------------- */
/* Paths -> contexts                                                      */

static size_t path_hash(const dir_path *d)
{
    size_t h = 2166136261u, i;
    for (i = 0; i < d->len; i++)
        h = (h ^ d->b[i]) * 16777619u;
    return h ^ d->len;
}

static struct esv_pin_dir *dir_slot(const esv_pin_map *m, const dir_path *d)
{
    size_t mask = m->cap_dirs - 1, i = path_hash(d) & mask;
    for (;;) {
        struct esv_pin_dir *s = &m->dirs[i];
        if (!s->used || (s->len == d->len && memcmp(s->b, d->b, d->len) == 0))
            return s;
        i = (i + 1) & mask;
    }
}

/* The context registered at path d, or ESV_PIN_NONE. */
static uint32_t dir_find(const esv_pin_map *m, const dir_path *d)
{
    const struct esv_pin_dir *s;
    if (m->cap_dirs == 0)
        return ESV_PIN_NONE;
    s = dir_slot(m, d);
    return s->used ? s->ctx : ESV_PIN_NONE;
}

/* Registers path d for context c unless the path has one (the first
 * wins). */
static esv_status dir_add(esv_pin_map *m, const dir_path *d, uint32_t c)
{
    struct esv_pin_dir *s;
    if (2 * (m->n_dirs + 1) > m->cap_dirs) {
        size_t nc = m->cap_dirs ? m->cap_dirs * 2 : 64, i;
        struct esv_pin_dir *old = m->dirs, *nd = calloc(nc, sizeof(*nd));
        size_t oc = m->cap_dirs;
        if (nd == NULL)
            return ESV_E_NOMEM;
        m->dirs = nd;
        m->cap_dirs = nc;
        for (i = 0; i < oc; i++) {
            if (old[i].used) {
                dir_path k;
                k.len = old[i].len;
                memcpy(k.b, old[i].b, k.len);
                *dir_slot(m, &k) = old[i];
            }
        }
        free(old);
    }
    s = dir_slot(m, d);
    if (s->used)
        return ESV_OK;
    s->used = 1;
    s->len = d->len;
    memcpy(s->b, d->b, d->len);
    s->ctx = c;
    m->n_dirs++;
    return ESV_OK;
}

/* Opens a new context for element origin; *out: its id. */
static esv_status ctx_new(esv_pin_map *m, long origin, bool mf, uint32_t *out)
{
    esv_pin_ctx *c;
    if (m->n_ctx == m->cap_ctx) {
        size_t nc = m->cap_ctx ? m->cap_ctx * 2 : 16;
        esv_pin_ctx *n = realloc(m->ctx, nc * sizeof(*n));
        if (n == NULL)
            return ESV_E_NOMEM;
        m->ctx = n;
        m->cap_ctx = nc;
    }
    c = &m->ctx[m->n_ctx];
    memset(c, 0, sizeof(*c));
    c->origin = origin;
    c->pins_at = -1;
    c->mf = mf;
    *out = (uint32_t)m->n_ctx++;
    return ESV_OK;
}

/* The MF context, opened by element origin if there is none yet. */
static esv_status ctx_mf(esv_pin_map *m, long origin, uint32_t *out)
{
    static const dir_path root = {0, {0}};
    if (m->mf == ESV_PIN_NONE) {
        ESV_GUARD(ctx_new(m, origin, true, &m->mf));
        ESV_GUARD(dir_add(m, &root, m->mf));
    }
    *out = m->mf;
    return ESV_OK;
}

/* A path as SAIP writes it (filePath: FIDs from the MF, the MF itself
 * left out; an ADF by its temporary FID), with a leading '3F00' dropped.
 * False when it is not a whole number of FIDs or too long. */
static bool path_from(const uint8_t *b, size_t n, dir_path *out)
{
    if (n >= 2 && b[0] == 0x3F && b[1] == 0x00) {
        b += 2;
        n -= 2;
    }
    if (n % 2 != 0 || n > PATH_MAX_BYTES)
        return false;
    out->len = (uint8_t)n;
    if (n > 0)
        memcpy(out->b, b, n);
    return true;
}

/* Whether an Fcp creates a DF or ADF: its descriptor says so ('38' /
 * '78', TS 102 221 table 11.5), or, without one, it carries what only a
 * DF has (dfName, pinStatusTemplateDO). */
static bool fcp_is_df(const Fcp_t *f)
{
    if (f->fileDescriptor != NULL && f->fileDescriptor->size >= 1)
        return (f->fileDescriptor->buf[0] & 0xBF) == 0x38;
    return f->dfName != NULL || f->pinStatusTemplateDO != NULL;
}

static bool fcp_fid(const Fcp_t *f, uint8_t fid[2])
{
    if (f->fileID == NULL || f->fileID->size != 2)
        return false;
    fid[0] = f->fileID->buf[0];
    fid[1] = f->fileID->buf[1];
    return true;
}

/* The path of a DF created by f with the current selection sel (NULL:
 * none): an ADF is addressed by its temporary FID, a DF under the
 * selected DF. False when it cannot be told. */
static bool created_path(const Fcp_t *f, const dir_path *sel, dir_path *out)
{
    uint8_t fid[2];
    if (!fcp_fid(f, fid))
        return false;
    if (fid[0] == 0x3F && fid[1] == 0x00) {
        out->len = 0;
        return true;
    }
    if (f->dfName != NULL) {
        out->len = 2;
        memcpy(out->b, fid, 2);
        return true;
    }
    if (sel == NULL || sel->len + 2 > PATH_MAX_BYTES)
        return false;
    *out = *sel;
    memcpy(out->b + out->len, fid, 2);
    out->len = (uint8_t)(out->len + 2);
    return true;
}


/* The first Fcp of a File, or NULL. */
static const Fcp_t *file_fcp(const File_t *f)
{
    int i;
    for (i = 0; i < f->list.count; i++)
        if (f->list.array[i] && f->list.array[i]->present == File__Member_PR_fileDescriptor)
            return &f->list.array[i]->choice.fileDescriptor;
    return NULL;
}

/* The path a template registers for its context: its first file's FID
 * (DF.TELECOM, DF.CD under the MF; an ADF's temporary FID). */
static bool template_path(const ProfileElement_t *v, dir_path *out)
{
    esv_tpl_iter it;
    const char *name;
    const File_t *f = NULL;
    const Fcp_t *fcp;
    uint8_t fid[2];
    esv_tpl_begin(&it, v);
    if (!esv_tpl_next(&it, &name, &f))
        f = NULL;
    if (f == NULL || (fcp = file_fcp(f)) == NULL || !fcp_fid(fcp, fid))
        return false;
    out->len = 2;
    memcpy(out->b, fid, 2);
    return true;
}

/* The context after a generic file management: the DF/ADF it last
 * selects or creates, or cur when it does neither. */
static esv_status gfm_context(esv_pin_map *m, const esv_pe *e, const ProfileElement_t *v, uint32_t cur,
                              uint32_t *out)
{
    const PE_GenericFileManagement_t *g = &v->choice.genericFileManagement;
    dir_path sel, last;
    bool have_sel = false, have_last = false;
    int i, j;
    uint32_t c;

    for (i = 0; i < g->fileManagementCMD.list.count; i++) {
        const FileManagement_t *fm = g->fileManagementCMD.list.array[i];
        for (j = 0; fm && j < fm->list.count; j++) {
            const struct FileManagement__Member *mm = fm->list.array[j];
            if (mm == NULL)
                continue;
            if (mm->present == FileManagement__Member_PR_filePath) {
                have_sel = path_from(mm->choice.filePath.buf, (size_t)mm->choice.filePath.size, &sel);
                if (have_sel) {
                    last = sel;
                    have_last = true;
                }
            } else if (mm->present == FileManagement__Member_PR_createFCP &&
                       fcp_is_df(&mm->choice.createFCP)) {
                dir_path np;
                if (created_path(&mm->choice.createFCP, have_sel ? &sel : NULL, &np)) {
                    sel = last = np;
                    have_sel = have_last = true;
                } else {
                    have_sel = false; /* a DF whose path cannot be told */
                }
            }
        }
    }
    if (!have_last) {
        *out = cur;
        return ESV_OK;
    }
    if (last.len == 0)
        return ctx_mf(m, (long)e->index, out);
    if ((c = dir_find(m, &last)) == ESV_PIN_NONE) {
        ESV_GUARD(ctx_new(m, (long)e->index, false, &c));
        ESV_GUARD(dir_add(m, &last, c));
    }
    *out = c;
    return ESV_OK;
}

/* How a context is named in a message. */
static void ctx_text(const esv_profile *p, const esv_pin_map *m, uint32_t c, char *out, size_t cap)
{
    const esv_pin_ctx *x = &m->ctx[c];
    if (x->mf)
        snprintf(out, cap, "the MF");
    else
        snprintf(out, cap, "the DF/ADF of %s (element %ld)", esv_pe_name(p->pes[x->origin].type), x->origin);
}

/* One PE-PINCodes in context c: records what it defines and adds the
 * PROF-151..153 findings. PROF-077 (security.c) already reports a local
 * PIN with the MF and a global PIN in a DF/ADF: PROF-152 is left to the
 * mixes it does not name. */
static esv_status pin_codes(const esv_profile *p, esv_pin_map *m, esv_report *r, const esv_pe *e,
                            const ProfileElement_t *v, uint32_t c)
{
    const PE_PINCodes_t *pc = &v->choice.pinCodes;
    esv_pin_ctx *x = c == ESV_PIN_NONE ? NULL : &m->ctx[c];
    int i, first_local = -1, first_global = -1, first_adm = -1;
    char where[96];

    if (x != NULL) {
        ctx_text(p, m, c, where, sizeof(where));
        if (x->pins_at >= 0)
            PROF_FIND(r, ESV_R_PROF_151, e, NULL,
                      "second PE-PINCodes in the PIN context of %s: the first is element %ld", where, x->pins_at);
        else
            x->pins_at = (long)e->index;
    }
    if (pc->pinCodes.present == PE_PINCodes__pinCodes_PR_filePath) {
        if (x != NULL)
            x->shares = true;
        return ESV_OK;
    }
    if (pc->pinCodes.present != PE_PINCodes__pinCodes_PR_pinconfig)
        return ESV_OK;
    for (i = 0; i < pc->pinCodes.choice.pinconfig.list.count; i++) {
        const PINConfiguration_t *cf = pc->pinCodes.choice.pinconfig.list.array[i];
        long ref;
        if (cf == NULL || esv_asn_long(&cf->keyReference, &ref) != 0 || ref < 0 || ref > 255)
            continue;
        switch (ref_kind((unsigned)ref)) {
        case RK_GLOBAL: if (first_global < 0) first_global = i; break;
        case RK_LOCAL: if (first_local < 0) first_local = i; break;
        case RK_ADM: if (first_adm < 0) first_adm = i; break;
        default: continue; /* PROF-070 */
        }
        if (x != NULL)
            x->defined[ref >> 3] |= (uint8_t)(1u << (ref & 7));
    }
    if (first_local >= 0 && (first_global >= 0 || first_adm >= 0) &&
        (x == NULL || (!x->mf && first_global < 0))) {
        char path[64];
        int other = first_global >= 0 ? first_global : first_adm;
        snprintf(path, sizeof(path), "pinCodes/pinconfig[%d]", other);
        PROF_FIND(r, ESV_R_PROF_152, e, path,
                  "local PIN (pinconfig[%d]) and %s (pinconfig[%d]) in one PE-PINCodes", first_local,
                  first_global >= 0 ? "global PIN" : "ADM code", other);
        return ESV_OK;
    }
    if (x != NULL && !x->mf && first_adm >= 0) {
        char path[64];
        snprintf(path, sizeof(path), "pinCodes/pinconfig[%d]", first_adm);
        PROF_FIND(r, ESV_R_PROF_153, e, path,
                  "ADM code in the PE-PINCodes of %s; ADM codes are defined with the MF", where);
    }
    return ESV_OK;
}

esv_status esv_pin_map_init(esv_pin_map *m, size_t count)
{
    memset(m, 0, sizeof(*m));
    m->mf = m->cur = ESV_PIN_NONE;
    m->naa[0] = m->naa[1] = m->naa[2] = m->naa[3] = ESV_PIN_NONE;
    if (count == 0)
        return ESV_OK;
    m->ctx_of = malloc(count * sizeof(*m->ctx_of));
    return m->ctx_of != NULL ? ESV_OK : ESV_E_NOMEM;
}

esv_status esv_pin_map_step(const esv_profile *p, esv_report *r, esv_pin_map *m, size_t i,
                            const ProfileElement_t *v)
{
    const esv_pe *e = &p->pes[i];
    bool opens;
    int fam = (int)esv_tpl_naa(e->type, &opens);
    uint32_t *naa = m->naa;
    if (fam >= 0 && !opens) {
        /* an NAA's optional template: the NAA's context (none to extend,
         * PROF-009: a context of its own) */
        if (naa[fam] == ESV_PIN_NONE)
            ESV_GUARD(ctx_new(m, (long)i, false, &naa[fam]));
        m->cur = naa[fam];
    } else if (fam >= 0 || e->type == ProfileElement_PR_telecom || e->type == ProfileElement_PR_cd ||
               e->type == ProfileElement_PR_eap) {
        dir_path d;
        /* PE-IoT creates the MF (and ADF.USIM with it) as the first
         * file-system element of an IoT Minimal package: the MF's
         * context, as after PE-MF */
        if (e->type == ProfileElement_PR_iot)
            ESV_GUARD(ctx_mf(m, (long)i, &m->cur));
        else
            ESV_GUARD(ctx_new(m, (long)i, false, &m->cur));
        if (fam >= 0)
            naa[fam] = m->cur;
        /* DF.TELECOM, DF.CD by FID, an ADF by its temporary FID */
        if (e->type != ProfileElement_PR_iot && e->type != ProfileElement_PR_eap &&
            (v != NULL || (v = esv_pe_value(p, e)) != NULL) && template_path(v, &d))
            ESV_GUARD(dir_add(m, &d, m->cur));
    } else {
        switch (e->type) {
        case ProfileElement_PR_mf:
            ESV_GUARD(ctx_mf(m, (long)i, &m->cur));
            break;
        case ProfileElement_PR_genericFileManagement:
            if (v != NULL || (v = esv_pe_value(p, e)) != NULL)
                ESV_GUARD(gfm_context(m, e, v, m->cur, &m->cur));
            break;
        case ProfileElement_PR_pinCodes:
            if (v != NULL || (v = esv_pe_value(p, e)) != NULL)
                ESV_GUARD(pin_codes(p, m, r, e, v, m->cur));
            break;
        default:
            /* the other elements create no file: the context stays (a
             * file-system element esv does not know, past opt-iot, would
             * not decode) */
            break;
        }
    }
    m->ctx_of[i] = m->cur;
    return ESV_OK;
}

void esv_pin_map_free(esv_pin_map *m)
{
    free(m->ctx_of);
    free(m->ctx);
    free(m->dirs);
    memset(m, 0, sizeof(*m));
}

/* ---------------------------------------------------------------------- */
/* pinStatusTemplateDO                                                    */

static bool ctx_defines(const esv_pin_map *m, uint32_t c, unsigned ref)
{
    const esv_pin_ctx *x;
    if (c == ESV_PIN_NONE)
        return false;
    x = &m->ctx[c];
    return x->shares || ((x->defined[ref >> 3] >> (ref & 7)) & 1u);
}

/* Where the FCP sits, for the local references: the template's context,
 * or a created DF's path (the DF itself and its parents are looked up). */
typedef struct fcp_place {
    uint32_t ctx;      /* a template's context, or ESV_PIN_NONE */
    bool has_path;
    dir_path path;     /* a createFCP's DF */
} fcp_place;

static bool local_defined(const esv_pin_map *m, const fcp_place *pl, unsigned ref)
{
    if (!pl->has_path)
        return ctx_defines(m, pl->ctx, ref);
    {
        dir_path d = pl->path;
        for (;;) {
            uint32_t c = dir_find(m, &d);
            if (c != ESV_PIN_NONE && !m->ctx[c].mf && ctx_defines(m, c, ref))
                return true;
            if (d.len < 2)
                return false;
            d.len = (uint8_t)(d.len - 2);
        }
    }
}

/* Whether the place can be judged at all: a template in a context, or a
 * created DF whose path is known. */
static bool place_known(const fcp_place *pl)
{
    return pl->has_path || pl->ctx != ESV_PIN_NONE;
}

/* TCA SAIP v3.4.1 8.3.2: pinStatusTemplateDO is the list of the key
 * references of the DF's PS_DO, one byte each; the eUICC builds the 'C6'
 * data object ('90' PS_DO, '83' key references, ETSI TS 102 221 9.5.2).
 * A value starting with 'C6' or '90' (neither a key reference) is that
 * data object. One starting with '83' is not told apart: '83' is
 * secondPINAppl3. */
static esv_status check_psdo(const esv_pin_map *m, esv_report *r, const esv_pe *e, const char *path,
                             const OCTET_STRING_t *ps, const fcp_place *pl)
{
    size_t i, n = (size_t)ps->size;
    if (n == 0)
        return ESV_OK;
    if (ps->buf[0] == 0xC6 || ps->buf[0] == 0x90) {
        PROF_FIND(r, ESV_R_PROF_154, e, path,
                  "pinStatusTemplateDO starts with '%02X': it is the %s, not the bare list of key references",
                  ps->buf[0], ps->buf[0] == 0xC6 ? "'C6' PIN status template DO" : "'90' PS_DO TLV");
        return ESV_OK;
    }
    for (i = 0; i < n; i++) {
        unsigned ref = ps->buf[i];
        enum ref_kind k = ref_kind(ref);
        if (k == RK_INVALID) {
            PROF_FIND(r, ESV_R_PROF_155, e, path,
                      "byte %zu '%02X' is not a TS 102 221 PIN key reference ('01'-'08', '0A'-'0E', '11', "
                      "'81'-'88', '8A'-'8E')",
                      i, ref);
            continue;
        }
        if (k == RK_UNIVERSAL) /* the card's, not the profile's */
            continue;
        if (k == RK_LOCAL) {
            if (place_known(pl) && !local_defined(m, pl, ref))
                PROF_FIND(r, ESV_R_PROF_156, e, path,
                          "local PIN '%02X' (secondPINAppl%u) is defined by no PE-PINCodes of this DF/ADF's "
                          "context or a parent's",
                          ref, ref - 0x80);
        } else if (!ctx_defines(m, m->mf, ref)) {
            PROF_FIND(r, ESV_R_PROF_156, e, path, "%s '%02X' is defined by no PE-PINCodes of the MF context",
                      k == RK_ADM ? "ADM code" : "global PIN", ref);
        }
    }
    return ESV_OK;
}

typedef struct tpl_walk {
    const esv_profile *p;
    const esv_pin_map *m;
    esv_report *r;
    const esv_pe *e;
    fcp_place pl;
} tpl_walk;

static esv_status tpl_psdo(tpl_walk *w, const ProfileElement_t *v)
{
    esv_tpl_iter it;
    const char *name;
    const File_t *f;
    esv_tpl_begin(&it, v);
    while (esv_tpl_next(&it, &name, &f)) {
        const Fcp_t *fcp = file_fcp(f);
        char path[96];
        if (fcp == NULL || fcp->pinStatusTemplateDO == NULL)
            continue;
        snprintf(path, sizeof(path), "%s/%s/pinStatusTemplateDO", esv_pe_name(w->e->type), name);
        ESV_GUARD(check_psdo(w->m, w->r, w->e, path, fcp->pinStatusTemplateDO, &w->pl));
    }
    return ESV_OK;
}

static esv_status gfm_psdo(const esv_pin_map *m, esv_report *r, const esv_pe *e, const ProfileElement_t *v)
{
    const PE_GenericFileManagement_t *g = &v->choice.genericFileManagement;
    dir_path sel;
    bool have_sel = false;
    int i, j;
    for (i = 0; i < g->fileManagementCMD.list.count; i++) {
        const FileManagement_t *fm = g->fileManagementCMD.list.array[i];
        for (j = 0; fm && j < fm->list.count; j++) {
            const struct FileManagement__Member *mm = fm->list.array[j];
            const Fcp_t *f;
            fcp_place pl;
            char path[96];
            if (mm == NULL)
                continue;
            if (mm->present == FileManagement__Member_PR_filePath) {
                have_sel = path_from(mm->choice.filePath.buf, (size_t)mm->choice.filePath.size, &sel);
                continue;
            }
            if (mm->present != FileManagement__Member_PR_createFCP)
                continue;
            f = &mm->choice.createFCP;
            memset(&pl, 0, sizeof(pl));
            pl.ctx = ESV_PIN_NONE;
            pl.has_path = created_path(f, have_sel ? &sel : NULL, &pl.path);
            if (f->pinStatusTemplateDO != NULL) {
                snprintf(path, sizeof(path), "genericFileManagement/fileManagementCMD[%d][%d]/createFCP/pinStatusTemplateDO",
                         i, j);
                ESV_GUARD(check_psdo(m, r, e, path, f->pinStatusTemplateDO, &pl));
            }
            if (fcp_is_df(f)) {
                have_sel = pl.has_path;
                if (have_sel)
                    sel = pl.path;
            }
        }
    }
    return ESV_OK;
}

esv_status esv_pin_check_templates(const esv_profile *p, const esv_pin_map *m, esv_report *r)
{
    size_t i;
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        if ((e->type != ProfileElement_PR_genericFileManagement && e->type < ProfileElement_PR_mf) ||
            (v = esv_pe_value(p, e)) == NULL)
            continue;
        if (e->type == ProfileElement_PR_genericFileManagement) {
            ESV_GUARD(gfm_psdo(m, r, e, v));
        } else {
            tpl_walk w;
            memset(&w, 0, sizeof(w));
            w.p = p;
            w.m = m;
            w.r = r;
            w.e = e;
            w.pl.ctx = m->ctx_of[i];
            ESV_GUARD(tpl_psdo(&w, v));
        }
    }
    return ESV_OK;
}
