/*
 * esv/esv.h - umbrella header for libesv, the eSIM provisioning security
 * verifier.
 *
 * libesv verifies eSIM provisioning artefacts against security
 * requirements: profile packages (SAIP), GSMA RSP certificates and chains,
 * and remote provisioning messages. Every finding names a stable rule id
 * (see esv/rules.h) and the clause it enforces.
 *
 * Shape of the API:
 *  - create an esv_ctx (esv/context.h), give it a policy, limits and time;
 *  - call a verifier (esv_profile_verify, esv_der_verify, ...), which
 *    returns a status and a new esv_report;
 *  - read the verdict and findings, or write the report as text, JSON or
 *    CBOR (esv/report.h); free the report;
 *  - or gather the reports of a run into one document, an HTML page or a
 *    SARIF 2.1.0 log (esv/document.h).
 *
 * Important caveats:
 *  - No global state: contexts, policies and reports are the caller's.
 *    A configured context may be shared by threads; see esv/context.h.
 *  - Every input is untrusted: it goes through the strict DER reader first,
 *    with limits on size, depth and element count.
 *  - Functions marked warn_unused_result return a status you must check.
 */
#ifndef ESV_ESV_H
#define ESV_ESV_H

#include "esv/common.h"
#include "esv/version.h"
#include "esv/rules.h"
#include "esv/policy.h"
#include "esv/context.h"
#include "esv/report.h"
#include "esv/der.h"
#include "esv/profile.h"
#include "esv/cert.h"
#include "esv/rsp.h"
#include "esv/document.h"
#include "esv/verdict.h"

#endif
