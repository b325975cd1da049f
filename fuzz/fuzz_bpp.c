/*
 * fuzz_bpp.c - one BoundProfilePackage (SGP.22 v2.5 2.5.4).
 * Target functions: esv_rsp_bpp_check without keys (the strict DER reads,
 * BF23 and its controlRefTemplate, the segment sequences, the double-wrap
 * detection, the StoreMetadata data), with the fixed session keys the
 * seeds are built with (bb_fixed_keys: the MAC chain, decryption, padding,
 * ReplaceSessionKeys and the switch to its PPKs), and with caller PPKs.
 * Seeds: build/tools/build_bpp --seeds, made at build time by the
 * project's BPP builder (tests/support/bpp_builder.c).
 * Checks beyond "no crash": status OK (or NOMEM); without keys RSP-076 is
 * reported and nothing is handed back; a recovered UPP only with every MAC
 * verified, and never longer than the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../tests/support/bpp_builder.h"
#include "core/context_internal.h"
#include "esv/esv.h"
#include "report/report_internal.h"
#include "rsp/bpp.h"

static void run(esv_ctx *ctx, const uint8_t *data, size_t size, const esv_bsp_keys *keys,
                const esv_bsp_keys *ppk)
{
    esv_report *r = esv_report_create(ctx, "rsp");
    esv_bpp_info info;
    uint8_t *upp = NULL;
    size_t upp_len = 0;
    esv_status st;
    if (r == NULL)
        return;
    st = esv_rsp_bpp_check(r, data, size, keys, ppk, &upp, &upp_len, &info);
    if (st != ESV_OK && st != ESV_E_NOMEM)
        abort();
    if (st == ESV_OK) {
        if (keys == NULL && (upp != NULL || esv_report_find(r, "RSP-076") == NULL))
            abort();
        if (upp != NULL && (!info.macs_verified || upp_len > size))
            abort();
        if (info.store_metadata_len > size || info.configure_isdp_len > size)
            abort();
    }
    esv_rsp_upp_free(upp, upp_len);
    esv_bpp_info_free(&info);
    esv_report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    esv_ctx *ctx = NULL;
    esv_bsp_keys keys, ppk;
    if (esv_ctx_new(&ctx) != ESV_OK)
        return 0;
    if (esv_ctx_set_limit(ctx, ESV_LIMIT_FINDINGS, 64) != ESV_OK)
        abort();
    bb_fixed_keys(&keys, &ppk);
    run(ctx, data, size, NULL, NULL);
    run(ctx, data, size, &keys, NULL);
    run(ctx, data, size, &keys, &ppk);
    esv_ctx_free(ctx);
    return 0;
}
