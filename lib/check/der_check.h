/*
 * der_check.h - turning the strict DER reader's verdicts into findings.
 * Shared by every verifier: they all start by running their input through
 * it.
 */
#ifndef ESV_DER_CHECK_H
#define ESV_DER_CHECK_H

#include "../der/der.h"
#include "../report/report_internal.h"

/* The rule that reports a DER error. */
esv_rule_idx esv_der_rule(der_err e);

/* Is this error a configured limit (size, depth, element count)? */
int esv_der_is_limit(der_err e);

/* One top-level value found by esv_der_check_values. */
typedef struct esv_der_value {
    size_t index;      /* 0-based position in the input */
    der_tlv tlv;       /* its header; tlv.off is its offset in the input */
    int well_formed;   /* its whole tree passed */
    size_t tlvs;       /* when well_formed: the TLVs in its tree */
} esv_der_value;

/* Called for each top-level value; return non-zero to stop. */
typedef int (*esv_der_value_fn)(void *opaque, const esv_der_value *v);

/*
 * Checks data[0..len) as one DER value (multi = 0) or as a concatenation
 * of values (multi = 1), walking each tree with the context's limits (the
 * element limit covers the whole input). Adds a finding per defect, with the
 * value's index as the element when element_locs is set, and `cert` as
 * the certificate index (-1: none). A value whose tree
 * is malformed but whose outer length is intact does not stop the walk of
 * the values after it. PEM text (pem_text.h) that is not clean DER gets
 * DER-022 alone, and no value is walked or passed to fn. Calls fn (if not NULL) for each value whose header
 * was read. Sets the report status to ESV_E_LIMIT on a limit.
 * Returns ESV_OK or ESV_E_NOMEM.
 */
esv_status esv_der_check_values(esv_report *r, const esv_ctx *ctx, const uint8_t *data,
                                size_t len, int multi, int element_locs, long cert,
                                esv_der_value_fn fn, void *opaque);

#endif
