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
 * Important caveats:
 *  - This release checks the package's DER structure element by element.
 *    Decoding each element against the SAIP schema and the PROF- rules are
 *    built on top of this split.
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

#ifdef __cplusplus
}
#endif
#endif
