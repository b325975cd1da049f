/*
 * profile_variant.h - derive broken variants of a real profile at test
 * time: decode every element of a package, let the test change one decoded
 * value (or drop / reorder / insert elements), re-encode with the generated
 * DER encoder, and verify the result. The third-party files are only read.
 */
#ifndef ESV_PROFILE_VARIANT_H
#define ESV_PROFILE_VARIANT_H

#include <stddef.h>
#include <stdint.h>

#include "esv/esv.h"
#include "asn1/saip.h"

typedef struct pv_profile {
    ProfileElement_t **pe; /* decoded elements, in order */
    size_t count;
} pv_profile;

/* Decodes a package (aborts the test on failure). */
void pv_decode(const uint8_t *data, size_t len, pv_profile *out);
/* Loads ../shared/testdata/<rel> and decodes it; returns 0, or -1 when the
 * test data is absent (the caller skips). */
int pv_load(const char *rel, pv_profile *out);
void pv_free(pv_profile *p);

/* Index of the n-th (0-based) element of the given type, or -1. */
long pv_find(const pv_profile *p, ProfileElement_PR type, size_t nth);

/* Removes element i (freeing it). */
void pv_remove(pv_profile *p, size_t i);
/* Moves element from index `from` to index `to`. */
void pv_move(pv_profile *p, size_t from, size_t to);
/* Inserts a decoded copy of element `src` at index `to`. */
void pv_duplicate(pv_profile *p, size_t src, size_t to);

/* Re-encodes the whole package into a new buffer (free()). */
uint8_t *pv_encode(const pv_profile *p, size_t *len);

/* Sets an OCTET STRING's contents (copying bytes). */
void pv_set_octets(OCTET_STRING_t *os, const void *bytes, size_t len);
/* Sets an OCTET STRING from hex. */
void pv_set_hex(OCTET_STRING_t *os, const char *hex);
/* Sets an INTEGER_t. */
void pv_set_int(INTEGER_t *v, long value);

/* Encodes the package and verifies it under the given base policy; the
 * report is returned (free it). */
esv_report *pv_verify(const pv_profile *p, esv_policy_base base);
/* Verifies raw bytes under a base policy. */
esv_report *pv_verify_bytes(const uint8_t *data, size_t len, esv_policy_base base);

/* Reads the real TS.48 profile `name` (a tu_ts48_files entry) and verifies
 * it under a base policy; the report is returned (free it). The caller has
 * checked tu_testdata(). */
esv_report *pv_verify_ts48(const char *name, esv_policy_base base);

/* Asserts none of the n rule ids has a finding in the report. */
void pv_assert_quiet_all(const esv_report *r, const char *const *rule_ids, size_t n);
/* The same on every real TS.48 profile, under the test and the
 * production policy. The caller has checked tu_testdata(). */
void pv_assert_quiet_ts48(const char *const *rule_ids, size_t n);

/* Asserts the report has a finding of rule_id (on element `element` when
 * element >= 0), printing the findings otherwise. */
void pv_assert_fires(const esv_report *r, const char *rule_id, long element);
/* Asserts the report has no finding of rule_id. */
void pv_assert_quiet(const esv_report *r, const char *rule_id);

#endif
