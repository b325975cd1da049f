/*
 * tpl.h - what the checks need to know about template elements (TCA SAIP
 * v3.4.1 8.3: PE-MF, PE-USIM, ... PE-IoT), in one place: their File
 * members, found from the generated type descriptors (a member of the
 * element's SEQUENCE whose type is File is a file of the template, named
 * as the schema names it: "mf", "df-*", "adf-*", "ef-*"), their
 * templateID, and which NAA a template opens or extends.
 */
#ifndef ESV_PROFILE_TPL_H
#define ESV_PROFILE_TPL_H

#include <stdbool.h>

#include "model.h"

/* The File members of a template element's value, in schema order;
 * absent OPTIONAL members are skipped. */
typedef struct esv_tpl_iter {
    const asn_TYPE_descriptor_t *td;
    const char *base;
    int j;
} esv_tpl_iter;

/* Starts an iteration over v's files; false (and an empty iteration) when
 * v is no template element. */
bool esv_tpl_begin(esv_tpl_iter *it, const ProfileElement_t *v);
/* The next file and its member name; false at the end. */
bool esv_tpl_next(esv_tpl_iter *it, const char **name, const File_t **file);
/* The file member `name` of v, or NULL (absent, or no such member). */
const File_t *esv_tpl_file(const ProfileElement_t *v, const char *name);
/* The templateID of a template element's value, or NULL. */
const OBJECT_IDENTIFIER_t *esv_tpl_oid(const ProfileElement_t *v);

/* The NAA families whose ADF the templates build on. */
typedef enum esv_naa {
    ESV_NAA_NONE = -1,
    ESV_NAA_USIM = 0,
    ESV_NAA_ISIM = 1,
    ESV_NAA_CSIM = 2,
    ESV_NAA_IOT = 3, /* an IoT Minimal package's ADF USIM (PE-IoT) */
    ESV_NAA_COUNT = 4
} esv_naa;

/* The NAA an element opens (PE-USIM, PE-ISIM, PE-CSIM, PE-IoT: *opens
 * true) or extends (SAIP clause 9: PE-OPT-USIM, PE-GSM-ACCESS,
 * PE-PHONEBOOK, PE-DF-5GS, PE-DF-SAIP, PE-DF-SNPN, PE-DF-5GPROSE under
 * ADF USIM; PE-OPT-ISIM; PE-OPT-CSIM; PE-OPT-IoT: *opens false), or
 * ESV_NAA_NONE. PE-SSIM (v3.4) would open one; esv does not decode it. */
esv_naa esv_tpl_naa(ProfileElement_PR t, bool *opens);

#endif
