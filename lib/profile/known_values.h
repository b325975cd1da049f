/*
 * known_values.h - the one table of publicly known secret values (keys,
 * OP/OPc, PINs, PUKs, ADM codes) and generic weak-value predicates.
 *
 * Every entry names its public source. A value that becomes public (a new
 * test profile, a leak) is one line in known_values.c. The compared data
 * are secrets: lookups compare every candidate entry in constant time and
 * the predicates read every byte whatever they find; findings name the
 * matching entry, never print the value.
 */
#ifndef ESV_KNOWN_VALUES_H
#define ESV_KNOWN_VALUES_H

#include <stddef.h>
#include <stdint.h>

typedef enum esv_kv_kind {
    ESV_KV_K,     /* subscriber key K (Milenage, TUAK, test algorithm) */
    ESV_KV_OPC,   /* operator variant: OP or OPc (TOP / TOPc) */
    ESV_KV_PIN,   /* application PIN (8 bytes as coded on the card) */
    ESV_KV_PUK,   /* PUK / UNBLOCK PIN (8 bytes) */
    ESV_KV_ADM,   /* ADM access code (8 bytes) */
    ESV_KV_SDKEY  /* GlobalPlatform security domain / OTA (SCP80, SCP02,
                   * SCP03) key */
} esv_kv_kind;

#define ESV_KV_MAX_LEN 32

typedef struct esv_known_value {
    esv_kv_kind kind;
    uint8_t len;
    uint8_t value[ESV_KV_MAX_LEN];
    const char *source; /* document and where, e.g. "3GPP TS 35.207 test set 1 K" */
} esv_known_value;

/* The table and its size (for tests and listings). */
extern const esv_known_value esv_known_values[];
extern const size_t esv_known_values_count;

/* The entry of this kind whose value equals data[0..len), or NULL. Every
 * entry of the kind and length is compared (constant time per entry). */
const esv_known_value *esv_kv_lookup(esv_kv_kind kind, const uint8_t *data, size_t len);

/* Generic weak-value predicates (each reads every byte). */
int esv_kv_all_zero(const uint8_t *d, size_t len);
/* All bytes the same value (zero included). */
int esv_kv_all_equal(const uint8_t *d, size_t len);
/* Each byte one more than the previous (00 01 02 .., '1' '2' '3' .., 40 41
 * ..), or each one less; len >= 4. */
int esv_kv_sequential(const uint8_t *d, size_t len);
/* Repeats a pattern of 2..4 bytes over the whole value (len >= twice the
 * period); 0 for all-equal values (period 1). */
int esv_kv_repeating(const uint8_t *d, size_t len);

/* A short description of the first weakness d has ("all zero", "all bytes
 * equal", "a sequential byte run", "a repeating 2..4-byte pattern"), or
 * NULL when none applies. */
const char *esv_kv_weakness(const uint8_t *d, size_t len);

#endif
