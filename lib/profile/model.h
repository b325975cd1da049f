/*
 * model.h - a profile package as the checks see it: the elements in order,
 * each with its span in the input, its type and identification, and its
 * decoded value, plus an index by element type. Built once per
 * verification (decode.c); the rules only read it.
 *
 * Memory is bounded by the input, whatever its shape. Each record is 32
 * bytes, allocated once for the counted elements. Decoded values cost
 * about 1.8 KiB plus 10 to 25 bytes per input byte (asn1c's
 * ProfileElement_t alone is 1,792 bytes, so a million two-byte elements
 * would take 1.8 GB). They are decoded into one arena per package
 * (lib/asn1/arena.h), block after block with no per-block heap
 * allocation, and stay resident while their total is within a budget of
 * ESV_PE_BUDGET_RATIO times the input plus ESV_PE_BUDGET_FLOOR: every real
 * profile (TS.48's decode to ~22x in a few hundred KiB) stays resident and
 * is decoded once. Past the budget an element is decoded, checked against
 * the schema's constraints and given back at load (the arena rewinds over
 * it), and decoded again, into one of a few scratch slots with an arena
 * each, whenever a check reads it (esv_pe_value): time stays linear (each
 * check group reads each element a bounded number of times) and memory
 * stays a small multiple of the input.
 */
#ifndef ESV_PROFILE_MODEL_H
#define ESV_PROFILE_MODEL_H

#include <stdbool.h>

#include "../asn1/saip.h"
#include "../report/report_internal.h"

#define ESV_PE_TYPES (ProfileElement_PR_opt_iot + 1)

/* The resident budget: ratio x input bytes + floor. */
#define ESV_PE_BUDGET_RATIO 8u
#define ESV_PE_BUDGET_FLOOR (1024u * 1024u)
/* Scratch slots for values not resident, replaced in turn. An element
 * evicted at load goes into one, and a read of an element a slot still
 * holds is not decoded again: a large element read by several checks in
 * a row is decoded once. */
#define ESV_PE_SLOTS 4u

enum {
    ESV_PE_DECODES = 1, /* the element decoded at load: it has a value */
    ESV_PE_HAS_ID = 2,  /* it has a PEHeader with an identification in 0..32767 */
    ESV_PE_WIDE_ID = 4  /* it has one outside that range (DER-023) */
};

typedef struct esv_pe {
    ProfileElement_t *pe; /* the resident value, or NULL: read esv_pe_value */
    size_t off;           /* the element's TLV in the input */
    uint32_t len;
    uint32_t index;       /* position in the package, 0-based */
    uint32_t tag;         /* outer tag number */
    uint16_t id;          /* PEHeader identification, when ESV_PE_HAS_ID */
    uint8_t type;         /* ProfileElement_PR (NOTHING when it did not decode) */
    uint8_t flags;
} esv_pe;

/* Values decoded again after eviction (mutable through a const model). */
typedef struct esv_pe_scratch {
    ProfileElement_t *slot[ESV_PE_SLOTS];
    size_t owner[ESV_PE_SLOTS]; /* the index of the element whose value
                                 * each slot holds (SIZE_MAX: none) */
    size_t next, nslots;
    bool failed; /* a decode again failed (out of memory): verify says so */
} esv_pe_scratch;

/* An identification outside UInt15 (DER-023), kept with its element so
 * that the uniqueness check needs no decoding again. */
typedef struct esv_wide_id {
    long value;
    uint32_t index;
} esv_wide_id;

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
    const ProfileHeader_t *header; /* the first header element (always
                                    * resident), or NULL */
    size_t budget, resident;       /* bytes of resident values */
    esv_arena *arena;              /* where the resident values live */
    size_t evicted;                /* elements decoded again on each read */
    esv_pe_scratch *scratch;
    esv_wide_id *wide;             /* the ESV_PE_WIDE_ID elements, in order */
    size_t n_wide, cap_wide;
} esv_profile;

/* Splits and decodes data into p, adding DER- and PROF- findings for what
 * cannot be split or decoded. The budget and slots are the defaults above
 * unless the context's test hook (esv_ctx_test_pe_budget) set others.
 * Returns ESV_OK or ESV_E_NOMEM. */
esv_status esv_profile_load(esv_profile *p, esv_report *r, const esv_ctx *ctx,
                            const uint8_t *data, size_t len);
void esv_profile_release(esv_profile *p);

/* The decoded value of e, or NULL when it did not decode (or, rarely, when
 * decoding it again ran out of memory: p->scratch->failed is then set and
 * the verification ends in ESV_E_NOMEM, never in a verdict). The contract
 * the checks are written to: the value is valid until the next read of
 * another element (the header's value, always resident, stays valid).
 * Tests hold every check to it with one slot and nothing resident
 * (tests/support/profile_variant.c). */
const ProfileElement_t *esv_pe_value(const esv_profile *p, const esv_pe *e);

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
