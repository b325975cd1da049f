#ifndef ESV_CONTEXT_INTERNAL_H
#define ESV_CONTEXT_INTERNAL_H

#include "esv/context.h"
#include "../der/der.h"

#define ESV_LIMIT__COUNT 4

struct esv_ctx {
    esv_policy *policy;
    uint64_t limits[ESV_LIMIT__COUNT];
    int64_t time;
    int time_set;
};

/* The DER reader's limits from the context's. */
void esv_ctx_der_limits(const esv_ctx *ctx, der_limits *out);

#endif
