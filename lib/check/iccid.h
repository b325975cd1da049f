/*
 * iccid.h - an ICCID's digits (ITU-T E.118) as BCD text, for the profile
 * checks (the header's and EF.ICCID's) and the RSP metadata check (SGP.22
 * Iccid, swapped like EF.ICCID): one reading of the nibbles, one Luhn
 * check.
 */
#ifndef ESV_CHECK_ICCID_H
#define ESV_CHECK_ICCID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* b[0..n) as text, two characters a byte: the high nibble first, or the
 * low one when swapped (EF.ICCID, ETSI TS 102 221 13.2); 0-9 as digits,
 * 'F' as 'F', other nibbles as '?'. out holds cap bytes, NUL-terminated. */
void esv_bcd_text(const uint8_t *b, size_t n, bool swapped, char *out, size_t cap);

/* The leading decimal digits of such a text (*ndigits), and whether only
 * 'F' fillers follow them. */
bool esv_iccid_digits(const char *txt, size_t *ndigits);

/* The Luhn check (ISO/IEC 7812-1 annex B) of n decimal digits, the last
 * being the check digit. */
bool esv_luhn_ok(const char *digits, size_t n);

#endif
