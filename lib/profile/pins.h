/*
 * pins.h - PIN contexts (TCA SAIP v3.4.1 8.1, 8.5.1): the MF or the DF/ADF
 * a PE-PINCodes defines its PINs for, worked out in one pass over the
 * elements, and the checks that need it: one PE-PINCodes per context,
 * local and global references not mixed, ADM codes with the MF
 * (PROF-151..153), and the FCPs' pinStatusTemplateDO against the PINs
 * defined (PROF-154..156).
 *
 * The model (what it covers):
 *  - PE-MF, PE-IoT (which creates the MF of an IoT Minimal package, with
 *    its ADF.USIM), and a PE-GenericFileManagement creating '3F00' or
 *    ending with the MF selected, give the MF context;
 *  - PE-TELECOM, PE-CD, PE-EAP, PE-USIM, PE-ISIM and PE-CSIM each open a
 *    context of their own (the DF or ADF they create);
 *  - an NAA's optional templates (PE-OPT-USIM, GSM-ACCESS, PHONEBOOK,
 *    DF-5GS, DF-SAIP, DF-SNPN, DF-5GPROSE; PE-OPT-ISIM; PE-OPT-CSIM;
 *    PE-OPT-IoT) stay in the context of the element they extend: their DFs
 *    belong to that application (ETSI TS 102 221 9.4.2);
 *  - a PE-GenericFileManagement gives the context of the DF/ADF it last
 *    selects (filePath) or creates (createFCP of a DF), found by its path
 *    from the MF: the templates register theirs (DF.TELECOM's FID, an
 *    ADF's temporary FID), other paths open a context of their own;
 *  - every other element keeps the context of the file-system element
 *    before it; before any there is none.
 * PE-SSIM (v3.4) is not decoded yet: it would open a context like
 * PE-USIM. A PE-PINCodes with filePath (the PINs of another DF) is not
 * followed: its context counts as defining every PIN.
 */
#ifndef ESV_PROFILE_PINS_H
#define ESV_PROFILE_PINS_H

#include "model.h"
#include "tpl.h"

#define ESV_PIN_NONE UINT32_MAX

typedef struct esv_pin_ctx {
    long origin;         /* the element that opened it */
    long pins_at;        /* its first PE-PINCodes, or -1 */
    bool mf;             /* the MF context */
    bool shares;         /* a PE-PINCodes filePath: not followed */
    uint8_t defined[32]; /* bit v: a PE-PINCodes of it defines reference v */
} esv_pin_ctx;

struct esv_pin_dir;

typedef struct esv_pin_map {
    uint32_t *ctx_of;    /* per element: its context, or ESV_PIN_NONE */
    esv_pin_ctx *ctx;
    size_t n_ctx, cap_ctx;
    uint32_t mf;         /* the MF context, or ESV_PIN_NONE */
    uint32_t cur;        /* the context after the last element stepped */
    uint32_t naa[ESV_NAA_COUNT]; /* the last context of each NAA family (tpl.h) */
    struct esv_pin_dir *dirs; /* path from the MF -> context (hash) */
    size_t n_dirs, cap_dirs;
} esv_pin_map;

/* Prepares m for a package of count elements (ESV_OK or ESV_E_NOMEM; m
 * is to be freed either way). */
esv_status esv_pin_map_init(esv_pin_map *m, size_t count);
/* Steps over element i, in package order from 0: records its context in
 * m->ctx_of[i] and, for a PE-PINCodes, what it defines, adding its
 * PROF-151..153 findings. v: the element's value when the caller has just
 * read it (model.h: still valid), else NULL and it is read here when
 * needed. Returns ESV_OK or ESV_E_NOMEM. */
esv_status esv_pin_map_step(const esv_profile *p, esv_report *r, esv_pin_map *m, size_t i,
                            const ProfileElement_t *v);
void esv_pin_map_free(esv_pin_map *m);

/* PROF-154..156: every pinStatusTemplateDO of the templates' FCPs and of
 * the generic file managements' createFCPs. */
esv_status esv_pin_check_templates(const esv_profile *p, const esv_pin_map *m, esv_report *r);

#endif
