/*
 * saip.h - the asn1 layer for profile packages: decode one ProfileElement
 * from a span the strict DER reader has already validated, free it, encode
 * it back (for tests and the profile builder).
 *
 * asn1c 0.9.28's BER decoder has known defects on malformed input (it
 * loops forever on some indefinite-length nestings): only bytes that passed
 * der_walk() may reach esv_saip_decode. The generated code lives in
 * build/asn1-src/ and is never edited. The verifier's values live in arenas
 * (arena.h: esv_saip_load, esv_saip_load_in); the tests' values, which they
 * change, are the heap's (esv_saip_decode, esv_saip_free).
 */
#ifndef ESV_SAIP_H
#define ESV_SAIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ProfileElement.h"
#include "arena.h"
#include "constraints.h"
/* asn1c runs with -fno-include-deps: the member types the checks read are
 * included here once. */
#include "AlgoParameter.h"
#include "ApplicationInstance.h"
#include "ApplicationLoadPackage.h"
#include "ApplicationSystemParameters.h"
#include "Fcp.h"
#include "File.h"
#include "FileManagement.h"
#include "KeyObject.h"
#include "MappingParameter.h"
#include "PINConfiguration.h"
#include "PUKConfiguration.h"
#include "ProprietaryInfo.h"
#include "UICCApplicationParameters.h"

/*
 * asn1c 0.9.28's generated code writes into its global type descriptors
 * (each derived type's *_inherit_TYPE_descriptor copies the base type's
 * function pointers into it, lazily, on the first call of each wrapper):
 * a data race between threads (ThreadSanitizer reports it) even though
 * the values written are always the same. Generated code is never edited,
 * so esv runs those writes once, for every descriptor, before any use
 * (saip.c): every entry point into the generated code (decode, encode,
 * free, the value walker, the constraint checks) calls esv_asn1_ready()
 * first, and after it the generated code only reads its descriptors, on
 * as many threads as call it. This replaced a process-wide lock around
 * every use, which held 74% of a profile verification.
 */
void esv_asn1_ready(void);
/* For the tests: the passes the preparation took, and a digest of what
 * every descriptor holds (the same before and after any use of the
 * generated code once esv_asn1_ready has run). */
int esv_asn1_ready_passes(void);
uint64_t esv_asn1_descriptor_state(void);

/* Bound on the generated decoder's stack use (bytes). */
#define ESV_ASN1_MAX_STACK (64 * 1024)

/* Decodes exactly one ProfileElement from der[0..len). Returns 0 and a new
 * value in *out, or -1 (*out NULL, *fail_off the decoder's consumed count)
 * when the bytes do not decode against the schema or leave bytes over. */
int esv_saip_decode(const uint8_t *der, size_t len, ProfileElement_t **out, size_t *fail_off);
/* That decode, as the verifier makes it: the value lives in an arena of
 * its own (arena.h), is read only, and is freed with esv_saip_unload,
 * which zeroes the arena first when the element carries secrets. Returns
 * 0, -1 as esv_saip_decode, or -2 when memory ran out. A value of
 * esv_saip_decode (heap blocks, changed by the tests' variants and freed
 * with esv_saip_free) and one of esv_saip_load are never mixed. */
int esv_saip_load(const uint8_t *der, size_t len, ProfileElement_t **out, size_t *fail_off);
void esv_saip_unload(ProfileElement_t *pe);
/* The same decode into an arena shared with other values (the resident
 * elements of a package: decode.c), freed with the arena; on failure the
 * arena is as it was. */
int esv_saip_load_in(esv_arena *a, const uint8_t *der, size_t len, ProfileElement_t **out,
                     size_t *fail_off);
/* The heap bytes behind a value of esv_saip_load. */
size_t esv_saip_load_bytes(const ProfileElement_t *pe);

/* Checks every subtype constraint of the schema on a decoded value
 * (lib/asn1/constraints.h), under the asn1c lock; on_violation gets each
 * node outside one, with its path ("header/iccid") and what is wrong
 * ("SIZE (10) but 9 octets"), and must not use asn1c itself. Returns 0,
 * or the first non-zero result of on_violation. shape (may be NULL):
 * see esv_asn_check_constraints. */
int esv_saip_check_constraints(const ProfileElement_t *pe, esv_asn_violation_fn on_violation,
                               void *opaque, esv_asn_shape *shape);

/* The size of pe's DER encoding as the schema writes it (under the
 * lock; nothing is written), or -1. A decoded element whose input was
 * longer held components the decoder skipped (the schema's extension
 * marker) or a value equal to its DEFAULT. */
long esv_saip_encoded_len(const ProfileElement_t *pe);

/* Frees a decoded or built value; NULL is allowed. */
void esv_saip_free(ProfileElement_t *pe);
/* Zeroes, in place, every byte string of an element that carries secrets
 * (pinCodes, pukCodes, akaParameter, cdmaParameter, securityDomain: PINs,
 * PUKs, ADM values, K, OPc, SD keys); any other element, and NULL, are
 * left alone. esv_saip_free calls it first, and esv_profile_release on
 * each resident value, so no decoded secret outlives the element in freed
 * memory. */
void esv_saip_wipe_secrets(ProfileElement_t *pe);

/* DER-encodes pe into a new buffer (*out, *len; free with free()).
 * Returns 0, or -1 on an encoding failure or out of memory. */
int esv_saip_encode(const ProfileElement_t *pe, uint8_t **out, size_t *len);

/* The specification's name of a ProfileElement alternative ("header",
 * "opt-usim", ...), or "unknown". */
const char *esv_saip_pe_name(ProfileElement_PR present);



/* An INTEGER_t as a long; -1 when it does not fit (never for our ranges). */
int esv_asn_long(const INTEGER_t *v, long *out);
#endif
