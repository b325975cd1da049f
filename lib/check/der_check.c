/*
 * der_check.c - DER well-formedness as findings.
 */
#include "der_check.h"
#include "pem_text.h"
#include "../core/context_internal.h"

esv_rule_idx esv_der_rule(der_err e)
{
    switch (e) {
    case DER_E_EMPTY: return ESV_R_DER_001;
    case DER_E_TRUNCATED: return ESV_R_DER_002;
    case DER_E_INDEFINITE: return ESV_R_DER_003;
    case DER_E_LEN_NONMINIMAL: return ESV_R_DER_004;
    case DER_E_LEN_OVERFLOW: return ESV_R_DER_005;
    case DER_E_TAG: return ESV_R_DER_006;
    case DER_E_TRAILING: return ESV_R_DER_007;
    case DER_E_FORM: return ESV_R_DER_008;
    case DER_E_INTEGER: return ESV_R_DER_009;
    case DER_E_BOOLEAN: return ESV_R_DER_010;
    case DER_E_BITSTRING: return ESV_R_DER_011;
    case DER_E_OID: return ESV_R_DER_012;
    case DER_E_UTCTIME: return ESV_R_DER_013;
    case DER_E_GENTIME: return ESV_R_DER_014;
    case DER_E_STRING: return ESV_R_DER_015;
    case DER_E_NULL: return ESV_R_DER_016;
    case DER_E_EOC: return ESV_R_DER_017;
    case DER_E_SIZE: return ESV_R_DER_018;
    case DER_E_DEPTH: return ESV_R_DER_019;
    case DER_E_COUNT: return ESV_R_DER_020;
    case DER_OK:
    case DER_E__COUNT:
        break;
    }
    return ESV_R_DER_002; /* not reached for a real error */
}

int esv_der_is_limit(der_err e)
{
    return e == DER_E_SIZE || e == DER_E_DEPTH || e == DER_E_COUNT;
}

static esv_status add_der(esv_report *r, der_err e, size_t off, long element, long cert)
{
    esv_loc loc = ESV_LOC_AT(off);
    loc.element = element;
    loc.cert = cert;
    if (esv_der_is_limit(e))
        esv_report_set_status(r, ESV_E_LIMIT);
    return esv_report_add(r, esv_der_rule(e), &loc, "%s", der_err_str(e));
}

/* Is data clean DER of the shape asked for (one value, or a concatenation
 * of values within one element budget)? Silent: no findings. */
static bool der_clean(const uint8_t *data, size_t len, int multi, const der_limits *lim)
{
    der_cursor c;
    der_result res;
    size_t used = 0;
    if (!multi)
        return der_walk(data, len, 0, lim, DER_WALK_CONTENTS, &res) == DER_OK;
    der_cursor_init(&c, data, len, 0);
    while (!der_cursor_done(&c)) {
        der_tlv tlv;
        der_limits vlim = *lim;
        if (der_read_tlv(&c, &tlv, NULL) != DER_OK)
            return false;
        vlim.max_elements = lim->max_elements - used;
        if (der_walk(data + tlv.off, der_tlv_size(&tlv), tlv.off, &vlim, DER_WALK_CONTENTS,
                     &res) != DER_OK)
            return false;
        used += res.elements;
    }
    return true;
}

esv_status esv_der_check_values(esv_report *r, const esv_ctx *ctx, const uint8_t *data,
                                size_t len, int multi, int element_locs, long cert,
                                esv_der_value_fn fn, void *opaque)
{
    der_limits lim;
    der_cursor c;
    esv_pem_block first;
    size_t used = 0, index = 0;

    esv_ctx_der_limits(ctx, &lim);
    if (len > lim.max_input)
        return add_der(r, DER_E_SIZE, lim.max_input, -1, cert);
    if (len == 0)
        return add_der(r, DER_E_EMPTY, 0, -1, cert);
    /* RFC 7468 2: PEM text carries DER as base64 between BEGIN and END
     * lines. Walked as TLVs it gives findings about bytes that mean
     * nothing (and a profile's values would go on to the schema), so it
     * gets the one finding that says what it is. Text that happens to be
     * clean DER is DER (X.690 8.1.1), as for certificate inputs. */
    if (esv_pem_blocks(data, len, &first) > 0 && !der_clean(data, len, multi, &lim)) {
        esv_loc loc = ESV_LOC_AT(0);
        loc.cert = cert;
        return esv_report_add(r, ESV_R_DER_022, &loc,
                              "PEM text, not DER: the first block is \"%.*s\" "
                              "(base64-decode it to get the DER)",
                              (int)(first.label_len > 40 ? 40 : first.label_len),
                              (const char *)first.label);
    }
    der_cursor_init(&c, data, len, 0);
    while (!der_cursor_done(&c)) {
        esv_der_value v;
        der_result res;
        der_limits vlim = lim;
        size_t err_off;
        long element = element_locs ? (long)index : -1;
        der_err e = der_read_tlv(&c, &v.tlv, &err_off);
        if (e != DER_OK) /* the outer header is broken: cannot resync */
            return add_der(r, e, err_off, element, cert);
        if (!multi && !der_cursor_done(&c))
            return add_der(r, DER_E_TRAILING, der_cursor_offset(&c), -1, cert);
        vlim.max_elements = lim.max_elements - used;
        e = der_walk(data + v.tlv.off, der_tlv_size(&v.tlv), v.tlv.off, &vlim,
                     DER_WALK_CONTENTS, &res);
        used += res.elements;
        v.index = index;
        v.well_formed = e == DER_OK;
        v.tlvs = res.elements;
        if (e != DER_OK) {
            esv_status st = add_der(r, e, res.off, element, cert);
            if (st != ESV_OK || e == DER_E_COUNT)
                return st;
        }
        if (fn && fn(opaque, &v))
            break;
        index++;
    }
    return ESV_OK;
}
