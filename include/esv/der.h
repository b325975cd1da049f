/*
 * esv/der.h - strict DER well-formedness of any input.
 *
 * esv_der_verify() checks that bytes are strict DER (ITU-T X.690 clause 10
 * and 11 on top of 8): definite minimal lengths, valid tags, every value
 * inside its parent, nothing trailing, universal types in their DER form
 * and with valid contents, within the context's limits. It knows no schema:
 * the profile, certificate and message verifiers run it first and then
 * check what the bytes mean. PEM text (RFC 7468) where DER is expected gets
 * one finding that says so (DER-022) instead of findings about base64 read
 * as TLVs.
 */
#ifndef ESV_DER_PUBLIC_H
#define ESV_DER_PUBLIC_H

#include "esv/common.h"
#include "esv/context.h"
#include "esv/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags for esv_der_verify. */
#define ESV_DER_SEQUENCE_OF_VALUES 0x1u /* input is a concatenation of DER
                                         * values (like a profile package);
                                         * each is walked, DER-007 unused */

/*
 * Verifies data[0..len) and returns a new report (kind "der") in *out, to be
 * freed with esv_report_free. The input is not retained.
 * Returns ESV_OK (see the report's verdict), ESV_E_ARG (ctx or out NULL, or
 * data NULL with len > 0), ESV_E_NOMEM (*out NULL), or ESV_E_LIMIT (*out
 * holds the report with the limit finding).
 */
ESV_API ESV_WUR esv_status esv_der_verify(const esv_ctx *ctx, const uint8_t *data,
                                          size_t len, unsigned flags,
                                          esv_report **out);

/*
 * Writes the DER tree of data[0..len) (one value, or with
 * ESV_DER_SEQUENCE_OF_VALUES a concatenation of values) through write:
 * ESV_FORMAT_TEXT, an indented tree (offset, class and tag, length, and for
 * primitives the contents: strings as escaped text, OIDs dotted, other
 * contents in hex cut after 64 bytes), or ESV_FORMAT_JSON, one object
 * {input, values: [{offset, class, tag, constructed, length, children |
 * hex | text}]} with whole values. input_name (may be NULL) heads the
 * output. Input-derived text is escaped as in the reports: no control or
 * bidirectional character of the input reaches a terminal.
 * Only input that is strict DER within ctx's limits is shown.
 * Returns ESV_OK, ESV_E_ARG (ctx or write NULL, data NULL with len > 0,
 * a format other than TEXT or JSON), ESV_E_PARSE (not strict DER, or
 * empty: nothing written; esv_der_verify says why), ESV_E_LIMIT (over a
 * limit: nothing written), ESV_E_NOMEM or ESV_E_IO (write returned
 * non-zero). The output is written as it is made, in pieces of about
 * 64 KiB; after ESV_E_NOMEM or ESV_E_IO what was written is incomplete.
 */
ESV_API ESV_WUR esv_status esv_der_show(const esv_ctx *ctx, const uint8_t *data, size_t len,
                                        unsigned flags, esv_format format,
                                        const char *input_name, esv_write_fn write,
                                        void *opaque);

#ifdef __cplusplus
}
#endif
#endif
