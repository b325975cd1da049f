/*
 * gp_util.c - install parameter readers (see gp_util.h).
 */
#include "gp_util.h"

#include "../der/der.h"

/* ETSI TS 102 226 8.2.1.3.2.2.1, UICC toolkit application specific
 * parameters, in order:
 *   priority level (1), maximum number of timers (1), maximum text length
 *   for a menu entry (1), maximum number of menu entries n (1),
 *   n x (position, identifier) (2n), maximum number of channels (1),
 *   length of the Minimum Security Level field (1), MSL (that length),
 *   length of the TAR value(s) field (1), TAR values (3 each),
 *   then optional fields (maximum number of services, ...) not read here. */
int esv_gp_toolkit_read(const uint8_t *v, size_t len, esv_gp_toolkit *out, const char **why)
{
    size_t pos = 0, n;

    out->msl_len = 0;
    out->msl = NULL;
    out->n_tars = 0;
    out->tars = NULL;
    if (len < 4) {
        *why = "shorter than the four leading octets (priority, timers, text length, menu entries)";
        return -1;
    }
    n = v[3];
    pos = 4;
    if (len - pos < 2 * n) {
        *why = "the menu entry list runs past the end";
        return -1;
    }
    pos += 2 * n;
    if (len - pos < 2) {
        *why = "no maximum-channels / Minimum Security Level length octets";
        return -1;
    }
    pos++; /* maximum number of channels */
    n = v[pos++];
    if (len - pos < n) {
        *why = "the Minimum Security Level field runs past the end";
        return -1;
    }
    out->msl_len = n;
    out->msl = v + pos;
    pos += n;
    if (len - pos < 1) {
        *why = "no TAR length octet";
        return -1;
    }
    n = v[pos++];
    if (len - pos < n) {
        *why = "the TAR field runs past the end";
        return -1;
    }
    if (n % 3 != 0) {
        *why = "the TAR field length is not a multiple of 3";
        return -1;
    }
    out->n_tars = n / 3;
    out->tars = n ? v + pos : NULL;
    return 0;
}

int esv_gp_msl_spi1(const esv_gp_toolkit *tk)
{
    if (tk->msl_len == 2 && tk->msl[0] == 0x01)
        return tk->msl[1];
    return -1;
}

int esv_gp_tlv_list_check(const uint8_t *v, size_t len, const char **why, size_t *off)
{
    der_cursor c;
    der_tlv t;
    der_err e;

    der_cursor_init(&c, v, len, 0);
    while (!der_cursor_done(&c)) {
        size_t at = 0;
        e = der_read_tlv(&c, &t, &at);
        if (e != DER_OK) {
            *why = der_err_str(e);
            *off = at;
            return -1;
        }
    }
    return 0;
}

int esv_gp_tlv_find(const uint8_t *v, size_t len, uint8_t cls, uint32_t tag, const uint8_t **val,
                    size_t *vlen)
{
    der_cursor c;
    der_tlv t;

    der_cursor_init(&c, v, len, 0);
    while (!der_cursor_done(&c)) {
        if (der_read_tlv(&c, &t, NULL) != DER_OK)
            return -1;
        if (t.cls == cls && t.tag == tag) {
            *val = t.val;
            *vlen = t.len;
            return 0;
        }
    }
    return -1;
}

int esv_gp_access_domain(const uint8_t *v, size_t len, const char **why)
{
    if (len == 0) {
        *why = "empty (no Access Domain Parameter)";
        return -1;
    }
    switch (v[0]) {
    case ESV_GP_ADP_FULL:
    case ESV_GP_ADP_NONE:
        if (len != 1) {
            *why = v[0] == ESV_GP_ADP_FULL ? "ADP '00' (full access) followed by access domain data it does not take"
                                           : "ADP 'FF' (no access) followed by access domain data it does not take";
            return -1;
        }
        return v[0];
    case ESV_GP_ADP_UICC:
        if (len < 2) {
            *why = "ADP '02' (UICC access mechanism) without its access domain data";
            return -1;
        }
        return v[0];
    default:
        *why = "an Access Domain Parameter other than '00', '02' or 'FF' (reserved or RFU)";
        return -1;
    }
}

/* One length-prefixed field at *pos; 0, or -1 when it runs past len. */
static int lv(const uint8_t *v, size_t len, size_t *pos, const uint8_t **val, size_t *vlen)
{
    size_t n;
    if (*pos >= len)
        return -1;
    n = v[(*pos)++];
    if (len - *pos < n)
        return -1;
    *val = v + *pos;
    *vlen = n;
    *pos += n;
    return 0;
}

int esv_gp_access_next(const uint8_t *v, size_t len, size_t *pos, esv_gp_access *out, const char **why)
{
    if (*pos >= len)
        return 0;
    if (lv(v, len, pos, &out->aid, &out->aid_len) != 0) {
        *why = "the file system AID runs past the end";
        return -1;
    }
    if (lv(v, len, pos, &out->domain, &out->domain_len) != 0) {
        *why = "the access domain runs past the end";
        return -1;
    }
    if (lv(v, len, pos, &out->dap, &out->dap_len) != 0) {
        *why = "the Access Domain DAP runs past the end";
        return -1;
    }
    return 1;
}
