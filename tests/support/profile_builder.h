/*
 * profile_builder.h - builds complete, well-formed SAIP profile packages
 * from scratch with the asn1c-generated types, for the sample data in
 * examples/data/, the fuzz seed corpus and the tests. Nothing is taken from
 * third-party profiles: every value comes from the options below.
 *
 * The package follows TCA SAIP v2.3.1 / v3.3.1 clause 8.1: ProfileHeader
 * first, PE-MF second, then PUK and PIN codes, the optional telecom
 * template, the USIM (and opt-usim, df-5gs), its AKA parameters, the
 * optional ISIM with its AKA parameters, the optional security domain and
 * RFM elements, PE-End last. PE identification values are 1, 2, 3, ... in
 * package order. The header's mandatory services and template list are
 * derived from the elements actually built.
 *
 * Not thread-hostile, no globals; on out of memory the builder aborts (it
 * is a test and build tool, not library code).
 */
#ifndef ESV_PROFILE_BUILDER_H
#define ESV_PROFILE_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asn1/saip.h"

typedef enum pb_algorithm {
    PB_ALG_MILENAGE = 1, /* AlgoParameter algorithmID values */
    PB_ALG_TUAK = 2,
    PB_ALG_TEST = 3      /* usim-test-algorithm (3GPP TS 34.108 8.1.2) */
} pb_algorithm;

typedef struct pb_options {
    /* Identity. iccid: 19 or 20 decimal digits including the Luhn check
     * digit (pb_luhn_digit); imsi: 6..15 digits, MCC first; mnc_len 2 or
     * 3 (written to EF.AD). */
    char iccid[21];
    char imsi[16];
    unsigned mnc_len;
    /* Header. */
    long major_version, minor_version;
    char profile_type[101]; /* empty: no profileType */
    /* Authentication (PE-AKAParameter). Milenage: 16-byte K and OPc;
     * TUAK: 16- or 32-byte K (tuak128 / tuak256 service) and 32-byte TOPc;
     * test algorithm: any 16-byte K, OPc unused by the algorithm. */
    pb_algorithm algorithm;
    uint8_t k[32], opc[32];
    size_t k_len, opc_len;
    /* PIN1 (4..8 ASCII digits), PUK1 (8 digits), ADM1 (8 characters).
     * Stored as the PIN value: ASCII, padded with 'FF' to 8 bytes. */
    char pin1[9], puk1[9], adm1[9];
    /* Optional elements. */
    bool telecom, opt_usim, df_5gs, isim;
    /* An MNO security domain with one keyset of three AES keys (KVN
     * sd_kvn, identifiers 1..3), each sd_keys[i] 16 bytes. sd_ram adds
     * the UICC toolkit parameters with a RAM TAR, making the SD reachable
     * over the air (ETSI TS 102 226). */
    bool security_domain, sd_ram;
    uint8_t sd_kvn;
    uint8_t sd_keys[3][16];
    /* One RFM element for the MF (ETSI TS 102 226 RFM, TAR rfm_tar). */
    bool rfm;
    uint8_t rfm_tar[3];
    uint8_t rfm_msl; /* minimum security level, coded as SPI byte 1 */
    /* A PE-Application after the security domain and RFM elements (TCA
     * SAIP v3.4.1 8.7): a load block of load package app_package (hex
     * AID) whose loadBlockObject is the app_cap_len bytes at app_cap
     * (a Java Card load file, e.g. from cap_builder; the caller keeps
     * them), with its SHA-256 as hashValue, and one instance app_instance
     * of class app_class (selectable, no privileges). The header then
     * names the javacard service. */
    bool application;
    const uint8_t *app_cap;
    size_t app_cap_len;
    char app_package[33], app_class[33], app_instance[33];
} pb_options;

/* The clean production sample: invented identity and keys, milenage,
 * telecom, opt-usim, an MNO-SD with random keys, no RFM. */
void pb_options_sample(pb_options *o);
/* A test-style profile: the sample's shape with publicly known test values
 * (usim-test-algorithm, K 000102..0F, PIN 0000, ADM1 35..35), an SD
 * reachable by RAM and an RFM element. Values are written here from the
 * published conventions, not copied from any file. */
void pb_options_test(pb_options *o);

/* The Luhn check digit ('0'..'9') for the decimal string digits, or -1
 * when digits is empty or holds a non-digit. */
int pb_luhn_digit(const char *digits);

/* Builds the decoded elements: a new array of *count values (free with
 * pb_free_elements). Returns 0, or -1 when the options are invalid (bad
 * digits, lengths). */
int pb_build_elements(const pb_options *o, ProfileElement_t ***pes, size_t *count);
void pb_free_elements(ProfileElement_t **pes, size_t count);

/* Builds and DER-encodes the package (*out: new buffer, free()). Returns
 * 0, or -1 on invalid options or an encoding failure. */
int pb_build(const pb_options *o, uint8_t **out, size_t *len);

/* Encodes an element list as a package (*out: new buffer, free()). */
int pb_encode_elements(ProfileElement_t *const *pes, size_t count, uint8_t **out, size_t *len);

/* The minimal well-formed package: header (no services; the MF template in
 * the template list), PE-MF with EF.ICCID, the PUK and PIN codes its PIN
 * status template names, PE-End. */
int pb_build_minimal(const char *iccid, uint8_t **out, size_t *len);

/* Large packages (issue 9: the shapes that once made a check quadratic),
 * for bench/bench_scale.c and fuzz-smoke's timeout seeds. n elements:
 *   PB_SCALE_PE_END   header, PE-MF, n PE-End with distinct
 *                     identifications and no "mandated" (9 bytes, 3 TLVs
 *                     each: 250,000 fit the default limits);
 *   PB_SCALE_PIN      header, PE-MF, n copies of the sample's PE-PINCodes
 *                     (PIN1 unblocked by PUK1, ADM1), distinct
 *                     identifications, PE-End;
 *   PB_SCALE_SD_KEYS  the sample profile with n (>= 3) keys in its
 *                     security domain: distinct non-trivial AES values,
 *                     KVN/KID pairs distinct up to 57,344 keys, repeating
 *                     after;
 *   PB_SCALE_RFM_TARS the sample profile with one PE-RFM listing n (>= 1)
 *                     TARs 'B00000', 'B00001', ... (repeating after
 *                     65,536).
 * Returns 0, or -1 for an n the shape cannot hold. */
typedef enum pb_scale_shape {
    PB_SCALE_PE_END,
    PB_SCALE_PIN,
    PB_SCALE_SD_KEYS,
    PB_SCALE_RFM_TARS
} pb_scale_shape;
int pb_build_scale(pb_scale_shape shape, size_t n, uint8_t **out, size_t *len);

#endif
