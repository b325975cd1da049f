/*
 * esv/context.h - the verification context.
 *
 * A context holds what a verification needs from the caller: the policy,
 * the limits on untrusted input and the time to check validity against.
 * esv has no global state: everything lives in contexts and reports the
 * caller creates and frees.
 *
 * Threads: configure a context from one thread, then use it from as many
 * threads as you like; verifications only read it. Changing a context while
 * another thread verifies with it is a data race. Each verification creates
 * its own report.
 *
 * Important caveats:
 *  - The time is the caller's: esv never reads the clock. A context starts
 *    with time 0 (1970) and a "time not set" flag; checks that need the
 *    time report that it was not set rather than guess.
 *  - Limits bound what one input may cost. Input beyond a limit yields a
 *    DER-018/019/020 finding, a fail verdict and ESV_E_LIMIT as the
 *    report's status.
 */
#ifndef ESV_CONTEXT_H
#define ESV_CONTEXT_H

#include "esv/common.h"
#include "esv/policy.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esv_ctx esv_ctx;

typedef enum esv_limit {
    ESV_LIMIT_INPUT_BYTES = 0, /* bytes in one input; default 16 MiB */
    ESV_LIMIT_DEPTH = 1,       /* DER nesting; default 64, at most 256 */
    ESV_LIMIT_ELEMENTS = 2,    /* DER TLVs in one input; default 1,000,000 */
    ESV_LIMIT_FINDINGS = 3     /* findings kept per report; default 1000;
                                * more are counted, not kept */
} esv_limit;

/* Creates a context with the production policy and the default limits.
 * Returns ESV_OK, ESV_E_ARG (out NULL) or ESV_E_NOMEM. */
ESV_API ESV_WUR esv_status esv_ctx_new(esv_ctx **out);

/* Frees a context; NULL is allowed. */
ESV_API void esv_ctx_free(esv_ctx *ctx);

/* Replaces the context's policy with a copy of policy.
 * Returns ESV_OK, ESV_E_ARG or ESV_E_NOMEM (the old policy is kept). */
ESV_API ESV_WUR esv_status esv_ctx_set_policy(esv_ctx *ctx, const esv_policy *policy);

/* The context's policy (owned by the context). */
ESV_API const esv_policy *esv_ctx_policy(const esv_ctx *ctx);

/* Sets a limit. Returns ESV_OK, or ESV_E_ARG for a NULL context, an unknown
 * limit, zero, or a value above the limit's cap (depth: 256). */
ESV_API ESV_WUR esv_status esv_ctx_set_limit(esv_ctx *ctx, esv_limit which, uint64_t value);

/* The limit's current value (0 for a NULL context or unknown limit). */
ESV_API uint64_t esv_ctx_limit(const esv_ctx *ctx, esv_limit which);

/* Sets the verification time, in seconds since 1970-01-01T00:00:00Z. */
ESV_API ESV_WUR esv_status esv_ctx_set_time(esv_ctx *ctx, int64_t unix_seconds);

/* The verification time; *is_set (if not NULL) says whether it was set. */
ESV_API int64_t esv_ctx_time(const esv_ctx *ctx, int *is_set);

#ifdef __cplusplus
}
#endif
#endif
