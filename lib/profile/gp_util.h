/*
 * gp_util.h - readers for the GlobalPlatform / ETSI install parameters a
 * profile element carries as opaque octet strings: the BER-TLV list of
 * applicationSpecificParametersC9 (read with the strict DER cursor) and the
 * fixed-layout UICC toolkit application specific parameters of ETSI TS
 * 102 226 (TARs, minimum security level). Both only read inside the span
 * they are given; a value they cannot read is reported as such by the
 * caller, never guessed.
 */
#ifndef ESV_PROFILE_GP_UTIL_H
#define ESV_PROFILE_GP_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The fields of UICC toolkit application specific parameters that matter
 * for remote management (ETSI TS 102 226 8.2.1.3.2.2.1). */
typedef struct esv_gp_toolkit {
    size_t msl_len;        /* length of the Minimum Security Level field */
    const uint8_t *msl;    /* its bytes (msl_len of them) */
    size_t n_tars;         /* TAR values */
    const uint8_t *tars;   /* 3 * n_tars bytes, into the input */
} esv_gp_toolkit;

/* Reads the toolkit parameters v[0..len). Returns 0, or -1 with *why (a
 * static text) when a length runs past the end or the TAR field is not a
 * whole number of 3-byte TARs. */
int esv_gp_toolkit_read(const uint8_t *v, size_t len, esv_gp_toolkit *out, const char **why);

/* The SPI first octet an MSL field requires (ETSI TS 102 226 8.2.1.3.2.4:
 * MSL parameter '01', MSL data coded as the first octet of the SPI), or -1
 * when the field uses another coding. msl_len must be > 0. */
int esv_gp_msl_spi1(const esv_gp_toolkit *tk);

/* Checks that v[0..len) is a list of BER-TLV data objects the strict DER
 * reader accepts (GlobalPlatform install parameters, tag 'C9' contents).
 * Returns 0, or -1 with *why (a static text) and *off (offset in v). */
int esv_gp_tlv_list_check(const uint8_t *v, size_t len, const char **why, size_t *off);

/* The first data object with this class and tag number in a TLV list that
 * passed esv_gp_tlv_list_check; 0 and *val / *vlen, or -1 when absent. */
int esv_gp_tlv_find(const uint8_t *v, size_t len, uint8_t cls, uint32_t tag, const uint8_t **val,
                    size_t *vlen);

/* An access domain (ETSI TS 102 226 8.2.1.3.2.5): the Access Domain
 * Parameter (ADP) and its Access Domain Data. */
#define ESV_GP_ADP_FULL 0x00 /* full access to the file system, no data */
#define ESV_GP_ADP_UICC 0x02 /* UICC access mechanism, with data */
#define ESV_GP_ADP_NONE 0xFF /* no access to the file system, no data */

/* The ADP of an access domain v[0..len), or -1 with *why (a static text)
 * when it is not coded as TS 102 226 defines: empty, an ADP other than
 * '00', '02' or 'FF', data after '00' or 'FF', or '02' without data. */
int esv_gp_access_domain(const uint8_t *v, size_t len, const char **why);

/* One entry of UICC (administrative) access application specific
 * parameters (ETSI TS 102 226 8.2.1.3.2.2.2, 8.2.1.3.2.3): length and
 * file system AID (empty: the UICC file system), length and access
 * domain, length and Access Domain DAP. Pointers into the input. */
typedef struct esv_gp_access {
    const uint8_t *aid, *domain, *dap;
    size_t aid_len, domain_len, dap_len;
} esv_gp_access;

/* Reads the entry at *pos of v[0..len) and moves *pos past it. Returns 1
 * (an entry), 0 (the end) or -1 with *why (a static text) when a length
 * runs past the end. */
int esv_gp_access_next(const uint8_t *v, size_t len, size_t *pos, esv_gp_access *out, const char **why);

/* SPI first octet (ETSI TS 102 225 5.1.1). */
#define ESV_SPI1_INTEGRITY_MASK 0x03u /* b2-b1: 00 none, 01 RC, 10 CC, 11 DS */
#define ESV_SPI1_CC 0x02u
#define ESV_SPI1_DS 0x03u
#define ESV_SPI1_CIPHER 0x04u       /* b3 */
#define ESV_SPI1_COUNTER_MASK 0x18u /* b5-b4 */
#define ESV_SPI1_COUNTER_HIGHER 0x10u /* 10: process if higher */

#endif
