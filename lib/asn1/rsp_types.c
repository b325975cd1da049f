/*
 * rsp_types.c - decode, check and free RSP message values (rsp_types.h).
 */
#include "rsp_types.h"
#include "arena.h"
#include "saip.h"

#include <string.h>

int esv_rsp_decode(const asn_TYPE_descriptor_t *td, const uint8_t *der, size_t len, void **out,
                   size_t *fail_off)
{
    esv_asn1_ready();
    return esv_arena_decode(td, der, len, ESV_ASN1_MAX_STACK, out, fail_off);
}

int esv_asn1_decode_heap(const asn_TYPE_descriptor_t *td, const uint8_t *der, size_t len,
                         void **out, size_t *fail_off)
{
    asn_codec_ctx_t opt;
    void *v = NULL;
    asn_dec_rval_t rv;

    memset(&opt, 0, sizeof(opt));
    opt.max_stack_size = ESV_ASN1_MAX_STACK;
    *out = NULL;
    esv_asn1_ready();
    rv = ber_decode(&opt, (asn_TYPE_descriptor_t *)(uintptr_t)td, &v, der, len);
    if (rv.code != RC_OK || rv.consumed != len) {
        if (fail_off)
            *fail_off = rv.consumed;
        if (v != NULL)
            td->free_struct((asn_TYPE_descriptor_t *)(uintptr_t)td, v, 0);
        return -1;
    }
    *out = v;
    return 0;
}

int esv_rsp_check_constraints(const asn_TYPE_descriptor_t *td, const void *value,
                              esv_asn_violation_fn on_violation, void *opaque)
{
    int rc;
    esv_asn1_ready();
    rc = esv_asn_check_constraints(td, value, on_violation, opaque, NULL);
    return rc;
}

void esv_rsp_free(const asn_TYPE_descriptor_t *td, void *value)
{
    (void)td;
    esv_arena_value_free(value, false);
}
