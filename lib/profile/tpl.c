/*
 * tpl.c - template elements (see tpl.h).
 */
#include "tpl.h"

#include <string.h>

bool esv_tpl_begin(esv_tpl_iter *it, const ProfileElement_t *v)
{
    const asn_TYPE_member_t *pm;
    it->td = NULL;
    it->base = NULL;
    it->j = 0;
    if (v == NULL || v->present < ProfileElement_PR_mf || (int)v->present > asn_DEF_ProfileElement.elements_count)
        return false;
    pm = &asn_DEF_ProfileElement.elements[v->present - 1];
    it->td = pm->type;
    it->base = (const char *)v + pm->memb_offset;
    return true;
}

bool esv_tpl_next(esv_tpl_iter *it, const char **name, const File_t **file)
{
    while (it->td != NULL && it->j < it->td->elements_count) {
        const asn_TYPE_member_t *m = &it->td->elements[it->j++];
        const File_t *f;
        if (m->type != &asn_DEF_File)
            continue;
        if (m->flags & ATF_POINTER)
            f = *(const File_t *const *)(const void *)(it->base + m->memb_offset);
        else
            f = (const File_t *)(const void *)(it->base + m->memb_offset);
        if (f == NULL)
            continue;
        *name = m->name;
        *file = f;
        return true;
    }
    return false;
}

const File_t *esv_tpl_file(const ProfileElement_t *v, const char *name)
{
    esv_tpl_iter it;
    const char *n;
    const File_t *f;
    esv_tpl_begin(&it, v);
    while (esv_tpl_next(&it, &n, &f))
        if (strcmp(n, name) == 0)
            return f;
    return NULL;
}

const OBJECT_IDENTIFIER_t *esv_tpl_oid(const ProfileElement_t *v)
{
    esv_tpl_iter it;
    int j;
    if (!esv_tpl_begin(&it, v))
        return NULL;
    for (j = 0; j < it.td->elements_count; j++) {
        const asn_TYPE_member_t *m = &it.td->elements[j];
        if (m->type == &asn_DEF_OBJECT_IDENTIFIER && strcmp(m->name, "templateID") == 0 &&
            !(m->flags & ATF_POINTER))
            return (const OBJECT_IDENTIFIER_t *)(const void *)(it.base + m->memb_offset);
    }
    return NULL;
}

esv_naa esv_tpl_naa(ProfileElement_PR t, bool *opens)
{
    *opens = true;
    switch (t) {
    case ProfileElement_PR_usim: return ESV_NAA_USIM;
    case ProfileElement_PR_isim: return ESV_NAA_ISIM;
    case ProfileElement_PR_csim: return ESV_NAA_CSIM;
    case ProfileElement_PR_iot: return ESV_NAA_IOT;
    default: break;
    }
    *opens = false;
    switch (t) {
    case ProfileElement_PR_opt_usim:
    case ProfileElement_PR_gsm_access:
    case ProfileElement_PR_phonebook:
    case ProfileElement_PR_df_5gs:
    case ProfileElement_PR_df_saip:
    case ProfileElement_PR_df_snpn:
    case ProfileElement_PR_df_5gprose: return ESV_NAA_USIM;
    case ProfileElement_PR_opt_isim: return ESV_NAA_ISIM;
    case ProfileElement_PR_opt_csim: return ESV_NAA_CSIM;
    case ProfileElement_PR_opt_iot: return ESV_NAA_IOT;
    default: return ESV_NAA_NONE;
    }
}
