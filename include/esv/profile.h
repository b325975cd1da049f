/*
 * esv/profile.h - profile packages (TCA eUICC Profile Package:
 * Interoperable Format, "SAIP"): a concatenation of DER ProfileElement
 * values.
 *
 * esv_profile_verify() splits the package into its elements with the strict
 * DER reader, checking each element's whole TLV tree, and reports every
 * defect with the element index and byte offset. A malformed element does
 * not stop the others from being checked as long as its outer length is
 * intact.
 *
 * Each element that is well-formed DER is decoded against the SAIP schema
 * (DER-021 when it does not decode), and every decoded value is checked
 * against the schema's subtype constraints: each value outside a SIZE,
 * a value range or an alphabet is an error (DER-023) with the element
 * index and the field path ("header/iccid"). The PROF- rules run on the
 * decoded elements.
 *
 * Important caveats:
 *  - This release checks the package's DER structure element by element.
 *    Decoding each element against the SAIP schema and the PROF- rules are
 *    built on top of this split.
 *  - A PROF- rule that needs a field of a fixed size (the 10-octet iccid,
 *    a 2-octet fileID) does not read one of another size: DER-023 is the
 *    finding then, not the rule's.
 */
#ifndef ESV_PROFILE_H
#define ESV_PROFILE_H

#include "esv/common.h"
#include "esv/context.h"
#include "esv/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Verifies the profile package data[0..len) under ctx's policy and limits
 * and returns a new report (kind "profile") in *out; free it with
 * esv_report_free. The input is not retained and may be freed on return.
 * Returns ESV_OK (read the verdict), ESV_E_ARG (ctx or out NULL, data NULL
 * with len > 0), ESV_E_NOMEM (*out NULL), ESV_E_LIMIT (*out holds the
 * report, whose findings name the limit).
 */
ESV_API ESV_WUR esv_status esv_profile_verify(const esv_ctx *ctx, const uint8_t *data,
                                              size_t len, esv_report **out);

/*
 * Writes the decoded profile package data[0..len) through write(opaque,
 * ...), in one call. The package is split and decoded exactly as
 * esv_profile_verify does (same DER reader, same limits from ctx); no rule
 * is checked.
 *
 * ESV_FORMAT_TEXT: a summary line, then per element a line such as
 * "[3] usim (id 5, offset 1234, 2380 bytes)" followed by its fields, one
 * per line, indented two spaces per level: "name: value". OCTET STRINGs in
 * hex (cut after 64 bytes: "... (N bytes)"), INTEGERs in decimal, NULL as
 * "present", OIDs dotted, strings quoted with non-printable characters
 * escaped; a CHOICE's alternative on the same line as its label
 * ("algoConfiguration algoParameter:"), SEQUENCE OF items as "[i]".
 *
 * ESV_FORMAT_JSON: one object and a newline:
 *   {"elements":[{"index":N,"offset":N,"length":N,"tag":N,"type":"usim",
 *                 "identification":N,"value":{...}}, ...],
 *    "complete":true|false}
 * "identification" is absent for elements without a PEHeader (header).
 * Values: SEQUENCE as an object of its present members, CHOICE as
 * {"alternative": value}, SEQUENCE OF as an array, OCTET STRING as a hex
 * string (whole), INTEGER as a number (a hex string of its two's
 * complement octets when it does not fit in 64 bits), BOOLEAN as
 * true/false, NULL as null, OID as a dotted string, BIT STRING as a string
 * of '0'/'1', UTF8String as a string. An element of an alternative this
 * version does not know has "type":"unknown" and "value":null; one that
 * does not decode has "type":null and "error". "complete" is false when
 * not every element was split and decoded. A value outside a constraint
 * of the schema (a 9-octet iccid) is shown as it is: esv_profile_verify
 * reports it (DER-023).
 *
 * The output contains the package's secrets (keys, PINs) as they are: it
 * is meant for the person who holds the package.
 *
 * The output is written as it is made, in pieces of about 64 KiB (the
 * call's memory does not grow with the size of the text); on ESV_E_NOMEM
 * or ESV_E_IO what was written is incomplete.
 *
 * Returns ESV_OK (every element decoded), ESV_E_PARSE (output written, but
 * the package is not well-formed or some element does not decode: it is
 * marked "does not decode: see esv profile"; esv_profile_verify says why),
 * ESV_E_LIMIT (output written for what was read within ctx's limits),
 * ESV_E_ARG (ctx or write NULL, data NULL with len > 0, or a format other
 * than TEXT and JSON: ESV_FORMAT_CBOR is not supported), ESV_E_NOMEM or
 * ESV_E_IO (write returned non-zero).
 */
ESV_API ESV_WUR esv_status esv_profile_show(const esv_ctx *ctx, const uint8_t *data, size_t len,
                                            esv_format format, esv_write_fn write,
                                            void *opaque);

#ifdef __cplusplus
}
#endif
#endif
