/*
 * context.c - the caller-owned verification context.
 */
#include "context_internal.h"

#include <stdlib.h>

static const uint64_t limit_default[ESV_LIMIT__COUNT] = {
    16u * 1024u * 1024u, /* ESV_LIMIT_INPUT_BYTES */
    64,                  /* ESV_LIMIT_DEPTH */
    1000000,             /* ESV_LIMIT_ELEMENTS */
    1000                 /* ESV_LIMIT_FINDINGS */
};

static const uint64_t limit_cap[ESV_LIMIT__COUNT] = {
    SIZE_MAX,          /* bytes: whatever the platform can address */
    DER_DEPTH_CAP,     /* the walker's fixed stack */
    SIZE_MAX,
    SIZE_MAX
};

esv_status esv_ctx_new(esv_ctx **out)
{
    esv_ctx *ctx;
    esv_status st;
    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return ESV_E_NOMEM;
    st = esv_policy_new(ESV_POLICY_PRODUCTION, &ctx->policy);
    if (st != ESV_OK) {
        free(ctx);
        return st;
    }
    for (size_t i = 0; i < ESV_LIMIT__COUNT; i++)
        ctx->limits[i] = limit_default[i];
    if (esv_crypto_env_new(&ctx->crypto) != ESV_CRYPTO_OK) {
        esv_policy_free(ctx->policy);
        free(ctx);
        return ESV_E_NOMEM;
    }
    *out = ctx;
    return ESV_OK;
}

void esv_ctx_test_pe_budget(esv_ctx *ctx, size_t budget, unsigned slots)
{
    ctx->pe_budget_set = 1;
    ctx->pe_budget = budget;
    ctx->pe_slots = slots;
}

void esv_ctx_free(esv_ctx *ctx)
{
    if (ctx == NULL)
        return;
    esv_policy_free(ctx->policy);
    esv_crypto_env_free(ctx->crypto);
    free(ctx);
}

esv_status esv_ctx_set_policy(esv_ctx *ctx, const esv_policy *policy)
{
    esv_policy *copy;
    esv_status st;
    if (ctx == NULL || policy == NULL)
        return ESV_E_ARG;
    st = esv_policy_copy(policy, &copy);
    if (st != ESV_OK)
        return st;
    esv_policy_free(ctx->policy);
    ctx->policy = copy;
    return ESV_OK;
}

const esv_policy *esv_ctx_policy(const esv_ctx *ctx)
{
    return ctx ? ctx->policy : NULL;
}

esv_status esv_ctx_set_limit(esv_ctx *ctx, esv_limit which, uint64_t value)
{
    if (ctx == NULL || (unsigned)which >= ESV_LIMIT__COUNT || value == 0 ||
        value > limit_cap[which])
        return ESV_E_ARG;
    ctx->limits[which] = value;
    return ESV_OK;
}

uint64_t esv_ctx_limit(const esv_ctx *ctx, esv_limit which)
{
    if (ctx == NULL || (unsigned)which >= ESV_LIMIT__COUNT)
        return 0;
    return ctx->limits[which];
}

esv_status esv_ctx_set_time(esv_ctx *ctx, int64_t unix_seconds)
{
    if (ctx == NULL)
        return ESV_E_ARG;
    ctx->time = unix_seconds;
    ctx->time_set = 1;
    return ESV_OK;
}

int64_t esv_ctx_time(const esv_ctx *ctx, int *is_set)
{
    if (is_set)
        *is_set = ctx ? ctx->time_set : 0;
    return ctx ? ctx->time : 0;
}

void esv_ctx_der_limits(const esv_ctx *ctx, der_limits *out)
{
    out->max_input = (size_t)ctx->limits[ESV_LIMIT_INPUT_BYTES];
    out->max_depth = (unsigned)ctx->limits[ESV_LIMIT_DEPTH];
    out->max_elements = (size_t)ctx->limits[ESV_LIMIT_ELEMENTS];
}
