/*
 * templates.c - PROF-170: a template element's templateID is one of the
 * OIDs TCA SAIP Annex B assigns to that element's template (checklist S7).
 *
 * Annex B assigns each file-system template an arc under
 * 2.23.143.1.2 (id-templates), and a later version of a template the
 * next arc below it (2.23.143.1.2.4.2 is the second USIM template). An
 * OID outside 2.23.143.1.2 is PROF-019's (warning: it may be an
 * operator's own template); under the arc, an OID Annex B does not
 * assign, or assigns to another element, is an error: no eUICC knows the
 * template, or it builds another file system than the element describes.
 * Which SAIP version introduced which template version is not checked
 * (esv has no source for that binding).
 */
#include "checks.h"
#include "tpl.h"
#include "../der/der.h"

#include <stdio.h>
#include <string.h>

/* The templates and their versions, as the last arcs after
 * 2.23.143.1.2: {n, v} is 2.23.143.1.2.n (v == 0) or 2.23.143.1.2.n.v. */
static const struct tpl {
    ProfileElement_PR type;
    uint8_t n, v;
} tpls[] = {
    {ProfileElement_PR_mf, 1, 0},          {ProfileElement_PR_cd, 2, 0},
    {ProfileElement_PR_telecom, 3, 0},     {ProfileElement_PR_telecom, 3, 2},
    {ProfileElement_PR_usim, 4, 0},        {ProfileElement_PR_usim, 4, 2},
    {ProfileElement_PR_opt_usim, 5, 0},    {ProfileElement_PR_opt_usim, 5, 2},
    {ProfileElement_PR_opt_usim, 5, 3},    {ProfileElement_PR_phonebook, 6, 0},
    {ProfileElement_PR_gsm_access, 7, 0},  {ProfileElement_PR_isim, 8, 0},
    {ProfileElement_PR_opt_isim, 9, 0},    {ProfileElement_PR_opt_isim, 9, 2},
    {ProfileElement_PR_csim, 10, 0},       {ProfileElement_PR_csim, 10, 2},
    {ProfileElement_PR_opt_csim, 11, 0},   {ProfileElement_PR_opt_csim, 11, 2},
    {ProfileElement_PR_eap, 12, 0},        {ProfileElement_PR_df_5gs, 13, 0},
    {ProfileElement_PR_df_5gs, 13, 2},     {ProfileElement_PR_df_5gs, 13, 3},
    {ProfileElement_PR_df_5gs, 13, 4},     {ProfileElement_PR_df_saip, 14, 0},
    {ProfileElement_PR_df_snpn, 15, 0},    {ProfileElement_PR_df_5gprose, 16, 0},
    {ProfileElement_PR_iot, 17, 0},        {ProfileElement_PR_opt_iot, 18, 0},
};

/* 2.23.143.1.2 as DER content: 67 81 0F 01 02. */
static const uint8_t tca_arc[] = {0x67, 0x81, 0x0f, 0x01, 0x02};

/* The Annex B entry an OID's content is, or NULL. The arcs after the
 * prefix are single bytes (n, v < 128). */
static const struct tpl *tpl_find(const uint8_t *b, size_t len)
{
    size_t i, rest = len - sizeof(tca_arc);
    for (i = 0; i < sizeof(tpls) / sizeof(tpls[0]); i++) {
        const struct tpl *t = &tpls[i];
        if ((t->v == 0 && rest == 1 && b[5] == t->n) || (t->v != 0 && rest == 2 && b[5] == t->n && b[6] == t->v))
            return t;
    }
    return NULL;
}

/* The OIDs Annex B assigns to type, as text, into buf. */
static const char *tpl_list(ProfileElement_PR type, char *buf, size_t cap)
{
    size_t i, at = 0;
    buf[0] = '\0';
    for (i = 0; i < sizeof(tpls) / sizeof(tpls[0]) && at < cap; i++) {
        const struct tpl *t = &tpls[i];
        int n;
        if (t->type != type)
            continue;
        n = t->v ? snprintf(buf + at, cap - at, "%s2.23.143.1.2.%u.%u", at ? ", " : "", t->n, t->v)
                 : snprintf(buf + at, cap - at, "%s2.23.143.1.2.%u", at ? ", " : "", t->n);
        if (n < 0)
            break;
        at += (size_t)n;
    }
    return buf;
}

esv_status esv_prof_check_templates(const esv_profile *p, esv_report *r)
{
    size_t i;
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        const OBJECT_IDENTIFIER_t *o;
        const struct tpl *t;
        char text[96], want[160];
        if (e->type < ProfileElement_PR_mf || (v = esv_pe_value(p, e)) == NULL ||
            (o = esv_tpl_oid(v)) == NULL || o->size <= (int)sizeof(tca_arc) ||
            memcmp(o->buf, tca_arc, sizeof(tca_arc)) != 0)
            continue; /* outside the arc: PROF-019 */
        t = tpl_find(o->buf, (size_t)o->size);
        if (t != NULL && t->type == e->type)
            continue;
        if (der_oid_to_text(o->buf, (size_t)o->size, text, sizeof(text), NULL) != DER_OK)
            snprintf(text, sizeof(text), "(malformed OID)");
        tpl_list(e->type, want, sizeof(want));
        if (t == NULL)
            PROF_FIND(r, ESV_R_PROF_170, e, "templateID",
                      "%s templateID %s is not a template SAIP Annex B assigns (%s: %s)", esv_pe_name(e->type), text,
                      esv_pe_name(e->type), want[0] ? want : "none");
        else
            PROF_FIND(r, ESV_R_PROF_170, e, "templateID",
                      "%s templateID %s is Annex B's %s template (%s: %s)", esv_pe_name(e->type), text,
                      esv_pe_name(t->type), esv_pe_name(e->type), want[0] ? want : "none");
    }
    return ESV_OK;
}
