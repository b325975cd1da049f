#ifndef ESV_CONTEXT_INTERNAL_H
#define ESV_CONTEXT_INTERNAL_H

#include "esv/context.h"
#include "../crypto/crypto.h"
#include "../der/der.h"

#define ESV_LIMIT__COUNT 4

struct esv_ctx {
    esv_policy *policy;
    uint64_t limits[ESV_LIMIT__COUNT];
    int64_t time;
    int time_set;
    /* Test hook (esv_ctx_test_pe_budget): the profile model's resident
     * budget and scratch slots instead of the defaults. */
    int pe_budget_set;
    size_t pe_budget;
    unsigned pe_slots;
    /* The crypto backend's precomputed curves (NULL: none, or they could
     * not be made; every use then takes the slower way to the same
     * result). Made with the context, only read afterwards. */
    esv_crypto_env *crypto;
};

static inline const esv_crypto_env *esv_ctx_crypto(const esv_ctx *ctx)
{
    return ctx->crypto;
}

/* For tests only: make the profile model keep at most budget bytes of
 * decoded values resident and decode the others again into slots scratch
 * slots (lib/profile/model.h), so that the re-decoding path is exercised
 * on small packages. */
void esv_ctx_test_pe_budget(esv_ctx *ctx, size_t budget, unsigned slots);

/* The DER reader's limits from the context's. */
void esv_ctx_der_limits(const esv_ctx *ctx, der_limits *out);

#endif
