/*
 * pki_check.h - test helpers for esv_cert_verify: run a verification over
 * builder certificates or files, assert findings by rule id and
 * certificate index.
 */
#ifndef ESV_TEST_PKI_CHECK_H
#define ESV_TEST_PKI_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "esv/esv.h"
#include "pki_builder.h"

/* 2030-01-01T00:00:00Z: inside the builder's default validity. */
#define PC_T_2030 INT64_C(1893456000)

/* A trust holding the given CI certificates (DER) and CRLs; fails the
 * test on error. cache: entries (0 = off). */
esv_trust *pc_trust(const pb_cert *const *cis, size_t n_ci, const uint8_t *const *crls,
                    const size_t *crl_lens, size_t n_crl, size_t cache);

/* Verifies the blobs at time `at` (under the production policy unless
 * policy_test) and returns the report; fails the test unless the call
 * returns ESV_OK. */
esv_report *pc_verify_blobs(const esv_trust *trust, int64_t at, esv_cert_role role,
                            const esv_blob *blobs, size_t n);
/* Same over builder certificates. */
esv_report *pc_verify(const esv_trust *trust, int64_t at, esv_cert_role role,
                      const pb_cert *const *certs, size_t n);

/* The rule fired (on certificate `cert`, or anywhere when cert < 0). */
void pc_assert_fires(const esv_report *r, const char *rule_id, long cert);
/* The rule did not fire. */
void pc_assert_quiet(const esv_report *r, const char *rule_id);
/* No finding but the "not performed" notices: PKI-062 (no trusted CI)
 * and PKI-067 (revocation not checked), at info severity. */
void pc_assert_clean(const esv_report *r);
/* The notice rule_id (PKI-062 or PKI-067) is on certificate `cert`, at
 * info severity. */
void pc_assert_notice(const esv_report *r, const char *rule_id, long cert);
/* Prints the findings (for failing tests). */
void pc_print(const esv_report *r);

#endif
