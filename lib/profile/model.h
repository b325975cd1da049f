/*
 * model.h - a profile package as the checks see it: the elements in order,
 * each with its span in the input and its decoded value, plus an index by
 * element type. Built once per verification (decode.c); the rules only
 * read it.
 */
#ifndef ESV_PROFILE_MODEL_H
#define ESV_PROFILE_MODEL_H

#include <stdbool.h>

#include "../asn1/saip.h"
#include "../report/report_internal.h"

#define ESV_PE_TYPES (ProfileElement_PR_opt_iot + 1)

typedef struct esv_pe {
    size_t index;          /* position in the package, 0-based */
    size_t off, len;       /* the element's TLV in the input */
    uint32_t tag;          /* outer tag number */
    ProfileElement_t *pe;  /* decoded value; NULL when it did not decode */
    ProfileElement_PR type;/* pe->present, or NOTHING */
} esv_pe;

typedef struct esv_profile {
    const uint8_t *data;
    size_t len;
    esv_pe *pes;
    size_t count, alloc;
    bool complete;          /* every element's header was read (no
                             * unrecoverable DER error in the split) */
    size_t undecoded;       /* elements that did not decode */
    size_t n_of[ESV_PE_TYPES];     /* elements per type */
    long first_of[ESV_PE_TYPES];   /* index of the first of each type, -1 */
    const ProfileHeader_t *header; /* the first header element, or NULL */
} esv_profile;

/* Splits and decodes data into p, adding DER- and PROF- findings for what
 * cannot be split or decoded. Returns ESV_OK or ESV_E_NOMEM. */
esv_status esv_profile_load(esv_profile *p, esv_report *r, const esv_ctx *ctx,
                            const uint8_t *data, size_t len);
void esv_profile_release(esv_profile *p);

/* A location for a finding on element pe (path may be NULL). */
static inline esv_loc esv_pe_loc(const esv_pe *pe, const char *path)
{
    esv_loc l = {(long)pe->index, -1, (int64_t)pe->off, path};
    return l;
}

/* The spec name of an element type ("usim", "opt-usim", ...). */
static inline const char *esv_pe_name(ProfileElement_PR t)
{
    return esv_saip_pe_name(t);
}

/* The PEHeader of a decoded element, or NULL (header and types without
 * one). */
const PEHeader_t *esv_pe_header(const ProfileElement_t *pe);

#endif
