/*
 * bpp.c - the BoundProfilePackage check and unwrapping (see bpp.h).
 *
 * Two passes over the input, both linear: the structure (every TLV through
 * the strict DER reader, segments recorded as offsets), then, with keys,
 * the BSP along the MAC chain. Every allocation is bounded by the input:
 * the segment table by its element count, each plaintext buffer by the
 * bytes of the segments it comes from.
 */
#include "bpp.h"

#include <stdlib.h>
#include <string.h>

#include "../check/der_check.h"
#include "../check/sink.h"
#include "../der/der.h"

#define AT(off) (&ESV_LOC_AT(off))

/* One expected member of a constructed value, in schema order. */
typedef struct member_spec {
    uint8_t cls;
    bool constructed;
    uint32_t tag;
    bool optional;
    const char *name;
} member_spec;

/* One segment element: where it is, and what the MAC covers. */
typedef struct segment {
    size_t off, size;         /* the element TLV in the input */
    size_t hdr_off, hdr_len;  /* the segment header the MAC covers */
    size_t data_off, data_len; /* its data without the MAC (ciphertext or plaintext) */
} segment;

/* One of A0..A3. */
typedef struct seg_seq {
    const der_tlv *tlv; /* NULL when absent */
    uint8_t seg_tag;    /* 0x87, 0x88 or 0x86 */
    const char *name;
    segment *segs;
    size_t n;
    size_t data_total; /* sum of data_len */
} seg_seq;

enum { M_ISC, M_A0, M_A1, M_A2, M_A3, M__COUNT };

static const member_spec bpp_members[M__COUNT] = {
    {DER_CLASS_CONTEXT, true, 35, false, "initialiseSecureChannelRequest (BF23)"},
    {DER_CLASS_CONTEXT, true, 0, false, "firstSequenceOf87 (A0)"},
    {DER_CLASS_CONTEXT, true, 1, false, "sequenceOf88 (A1)"},
    {DER_CLASS_CONTEXT, true, 2, true, "secondSequenceOf87 (A2)"},
    {DER_CLASS_CONTEXT, true, 3, false, "sequenceOf86 (A3)"},
};

enum { I_OPID, I_TID, I_CRT, I_OTPK, I_SIGN, I__COUNT };

static const member_spec isc_members[I__COUNT] = {
    {DER_CLASS_CONTEXT, false, 2, false, "remoteOpId (82)"},
    {DER_CLASS_CONTEXT, false, 0, false, "transactionId (80)"},
    {DER_CLASS_CONTEXT, true, 6, false, "controlRefTemplate (A6)"},
    {DER_CLASS_APPLICATION, false, 73, false, "smdpOtpk (5F49)"},
    {DER_CLASS_APPLICATION, false, 55, false, "smdpSign (5F37)"},
};

enum { C_TYPE, C_LEN, C_HOST, C__COUNT };

static const member_spec crt_members[C__COUNT] = {
    {DER_CLASS_CONTEXT, false, 0, false, "keyType (80)"},
    {DER_CLASS_CONTEXT, false, 1, false, "keyLen (81)"},
    {DER_CLASS_CONTEXT, false, 4, false, "hostId (84)"},
};

/* The identifier octets of a TLV as hex (at most 5 octets: tags fit 32
 * bits), for messages. */
static const char *tag_hex(const uint8_t *in, const der_tlv *t, char buf[11])
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 1, i;
    const uint8_t *p = in + t->off;
    if ((p[0] & 0x1F) == 0x1F)
        while (n < 5 && n < t->hdr_len && (p[n] & 0x80))
            n++;
    if ((p[0] & 0x1F) == 0x1F && n < 5 && n < t->hdr_len)
        n++;
    for (i = 0; i < n; i++) {
        buf[2 * i] = hex[p[i] >> 4];
        buf[2 * i + 1] = hex[p[i] & 0xF];
    }
    buf[2 * n] = '\0';
    return buf;
}

static void set_tlv(esv_bpp_tlv *o, const der_tlv *t)
{
    o->present = 1;
    o->off = t->off;
    o->len = der_tlv_size(t);
    o->val_off = t->off + t->hdr_len;
    o->val_len = t->len;
}

/* Reads the next TLV at c; a DER defect is a finding and ends the level
 * (*got = 0), as does the end of the value. */
static esv_status next_tlv(esv_report *r, der_cursor *c, der_tlv *t, int *got)
{
    size_t eoff = der_cursor_offset(c);
    der_err e;
    *got = 0;
    if (der_cursor_done(c))
        return ESV_OK;
    e = der_read_tlv(c, t, &eoff);
    if (e != DER_OK) {
        ESV_FIND(r, esv_der_rule(e), AT(eoff), "%s", der_err_str(e));
        return ESV_OK;
    }
    *got = 1;
    return ESV_OK;
}

/*
 * Reads the members of the constructed value t against spec (schema
 * order): an unknown tag, a member in the wrong form, a repeated one, one
 * out of order and a missing mandatory one are each a finding of rule.
 * found[i] gets the member accepted for spec[i]; *clean says there was
 * nothing to report.
 */
static esv_status read_members(esv_report *r, const uint8_t *in, const der_tlv *t,
                               const member_spec *spec, size_t nspec, esv_rule_idx rule,
                               const char *container, der_tlv *found, bool *present, bool *clean)
{
    der_cursor c;
    der_tlv m;
    size_t next = 0, i;
    bool seen[8] = {false}; /* nspec <= 8 */
    int got;
    char tb[11];

    *clean = true;
    for (i = 0; i < nspec; i++)
        present[i] = false;
    der_cursor_init(&c, t->val, t->len, t->off + t->hdr_len);
    for (;;) {
        size_t k;
        ESV_GUARD(next_tlv(r, &c, &m, &got));
        if (!got)
            break;
        for (k = 0; k < nspec; k++)
            if (spec[k].cls == m.cls && spec[k].tag == m.tag)
                break;
        if (k == nspec) {
            *clean = false;
            ESV_FIND(r, rule, AT(m.off), "%s: unexpected member with tag %s", container,
                     tag_hex(in, &m, tb));
            continue;
        }
        if (seen[k]) {
            *clean = false;
            ESV_FIND(r, rule, AT(m.off), "%s: %s repeated", container, spec[k].name);
            continue;
        }
        seen[k] = true; /* whatever follows, not also "missing" */
        if (spec[k].constructed != m.constructed) {
            *clean = false;
            ESV_FIND(r, rule, AT(m.off), "%s: %s is %s, the schema says %s", container,
                     spec[k].name, m.constructed ? "constructed" : "primitive",
                     spec[k].constructed ? "constructed" : "primitive");
            continue;
        }
        if (k < next) {
            *clean = false;
            ESV_FIND(r, rule, AT(m.off), "%s: %s out of order (after %s)", container,
                     spec[k].name, spec[next - 1].name);
            continue;
        }
        /* Accepted: only members in schema order and form are used. */
        found[k] = m;
        present[k] = true;
        next = k + 1;
    }
    if (!der_cursor_done(&c))
        *clean = false; /* a DER defect stopped the level (already reported) */
    for (i = 0; i < nspec; i++)
        if (!seen[i] && !spec[i].optional) {
            *clean = false;
            ESV_FIND(r, rule, AT(t->off), "%s: %s missing", container, spec[i].name);
        }
    return ESV_OK;
}

/* Is the point valid on one of the curves SGP.22 allows and esv supports? */
static int otpk_valid(const uint8_t *p, size_t n)
{
    return esv_ec_pubkey_check(ESV_CURVE_P256, p, n) == ESV_CRYPTO_OK ||
           esv_ec_pubkey_check(ESV_CURVE_BP256R1, p, n) == ESV_CRYPTO_OK;
}

/* SGP.22 v2.5 5.5.1: the InitialiseSecureChannelRequest. */
static esv_status check_isc(esv_report *r, const uint8_t *in, const der_tlv *isc,
                            esv_bpp_info *info)
{
    der_tlv f[I__COUNT], cf[C__COUNT];
    bool have[I__COUNT], chave[C__COUNT], clean;
    memset(f, 0, sizeof(f));
    memset(cf, 0, sizeof(cf));

    set_tlv(&info->isc, isc);
    ESV_GUARD(read_members(r, in, isc, isc_members, I__COUNT, ESV_R_RSP_064,
                           "InitialiseSecureChannelRequest", f, have, &clean));
    if (have[I_OPID]) {
        int64_t v;
        set_tlv(&info->remote_op_id, &f[I_OPID]);
        /* RemoteOpId ::= [2] INTEGER {installBoundProfilePackage(1)} */
        if (der_int_to_i64(f[I_OPID].val, f[I_OPID].len, &v) != DER_OK)
            ESV_FIND(r, ESV_R_RSP_065, AT(f[I_OPID].off),
                     "remoteOpId is not a minimal INTEGER (%zu bytes)", f[I_OPID].len);
        else if (v != 1)
            ESV_FIND(r, ESV_R_RSP_065, AT(f[I_OPID].off), "remoteOpId is %lld, not 1",
                     (long long)v);
    }
    if (have[I_TID]) {
        set_tlv(&info->transaction_id, &f[I_TID]);
        /* TransactionId ::= OCTET STRING (SIZE(1..16)) */
        if (f[I_TID].len < 1 || f[I_TID].len > 16)
            ESV_FIND(r, ESV_R_RSP_066, AT(f[I_TID].off), "transactionId is %zu bytes",
                     f[I_TID].len);
    }
    if (have[I_CRT]) {
        set_tlv(&info->crt, &f[I_CRT]);
        ESV_GUARD(read_members(r, in, &f[I_CRT], crt_members, C__COUNT, ESV_R_RSP_067,
                               "controlRefTemplate", cf, chave, &clean));
        /* keyType Octet1 '88' (AES), keyLen Octet1 '10', hostId OctetTo16 */
        if (chave[C_TYPE]) {
            set_tlv(&info->key_type, &cf[C_TYPE]);
            if (cf[C_TYPE].len != 1 || cf[C_TYPE].val[0] != ESV_BSP_KEY_TYPE_AES)
                ESV_FIND(r, ESV_R_RSP_068, AT(cf[C_TYPE].off),
                         "keyType is %zu bytes%s%02X, not one byte '88'", cf[C_TYPE].len,
                         cf[C_TYPE].len ? " starting " : "",
                         cf[C_TYPE].len ? cf[C_TYPE].val[0] : 0);
        }
        if (chave[C_LEN]) {
            set_tlv(&info->key_len, &cf[C_LEN]);
            if (cf[C_LEN].len != 1 || cf[C_LEN].val[0] != ESV_BSP_KEY_LEN)
                ESV_FIND(r, ESV_R_RSP_069, AT(cf[C_LEN].off),
                         "keyLen is %zu bytes%s%02X, not one byte '10'", cf[C_LEN].len,
                         cf[C_LEN].len ? " starting " : "", cf[C_LEN].len ? cf[C_LEN].val[0] : 0);
        }
        if (chave[C_HOST]) {
            set_tlv(&info->host_id, &cf[C_HOST]);
            if (cf[C_HOST].len < 1 || cf[C_HOST].len > 16)
                ESV_FIND(r, ESV_R_RSP_070, AT(cf[C_HOST].off), "hostId is %zu bytes",
                         cf[C_HOST].len);
        }
    }
    if (have[I_OTPK]) {
        set_tlv(&info->smdp_otpk, &f[I_OTPK]);
        if (f[I_OTPK].len != 65 || f[I_OTPK].val[0] != 0x04)
            ESV_FIND(r, ESV_R_RSP_071, AT(f[I_OTPK].off),
                     "smdpOtpk is %zu bytes%s, not an uncompressed point of 65 bytes",
                     f[I_OTPK].len,
                     f[I_OTPK].len && f[I_OTPK].val[0] != 0x04 ? " without the '04' prefix" : "");
        else if (!otpk_valid(f[I_OTPK].val, f[I_OTPK].len))
            ESV_FIND(r, ESV_R_RSP_071, AT(f[I_OTPK].off),
                     "smdpOtpk is not a point on NIST P-256 or brainpoolP256r1");
    }
    if (have[I_SIGN]) {
        set_tlv(&info->smdp_sign, &f[I_SIGN]);
        if (f[I_SIGN].len != 64)
            ESV_FIND(r, ESV_R_RSP_072, AT(f[I_SIGN].off), "smdpSign is %zu bytes, not 64",
                     f[I_SIGN].len);
    }
    /* The signed data: the four TLVs as received, contiguous (5.5.1). */
    if (have[I_OPID] && have[I_TID] && have[I_CRT] && have[I_OTPK] &&
        f[I_TID].off == f[I_OPID].off + der_tlv_size(&f[I_OPID]) &&
        f[I_CRT].off == f[I_TID].off + der_tlv_size(&f[I_TID]) &&
        f[I_OTPK].off == f[I_CRT].off + der_tlv_size(&f[I_CRT])) {
        info->signed_part.present = 1;
        info->signed_part.off = info->signed_part.val_off = f[I_OPID].off;
        info->signed_part.len = info->signed_part.val_len =
            f[I_OTPK].off + der_tlv_size(&f[I_OTPK]) - f[I_OPID].off;
    }
    return ESV_OK;
}

/*
 * Reads one segment sequence into q->segs (allocated for its element
 * count). Each element must be the primitive segment tag; its value is
 * checked for a length the protection allows (2.6.4.3/4) and, failing
 * that, for the double-wrapped form. *usable is cleared when a segment
 * cannot take part in the MAC chain.
 */
static esv_status read_segments(esv_report *r, const uint8_t *in, seg_seq *q, bool *usable)
{
    der_cursor c;
    der_tlv t;
    size_t count = 0;
    int got;
    char tb[11];
    bool enc = q->seg_tag != ESV_BSP_TAG_MAC_ONLY;

    /* Count first (a well-formed element takes at least 2 bytes, so the
     * table is bounded by the input), then read with findings. */
    der_cursor_init(&c, q->tlv->val, q->tlv->len, q->tlv->off + q->tlv->hdr_len);
    while (!der_cursor_done(&c) && der_read_tlv(&c, &t, NULL) == DER_OK)
        count++;
    if (count > 0) {
        q->segs = calloc(count, sizeof(*q->segs));
        if (q->segs == NULL)
            return ESV_E_NOMEM;
    }
    der_cursor_init(&c, q->tlv->val, q->tlv->len, q->tlv->off + q->tlv->hdr_len);
    for (;;) {
        const uint8_t *v;
        size_t vlen, hdr_off, hdr_len;
        ESV_GUARD(next_tlv(r, &c, &t, &got));
        if (!got)
            break;
        if (t.cls != DER_CLASS_CONTEXT || t.constructed || t.tag != (uint32_t)(q->seg_tag & 0x1F)) {
            *usable = false;
            ESV_FIND(r, ESV_R_RSP_063, AT(t.off), "%s holds tag %s, not '%02X'", q->name,
                     tag_hex(in, &t, tb), q->seg_tag);
            continue;
        }
        /* SGP.22 v2.5 2.5.3: at most 1020 bytes with tag, length and MAC. */
        if (der_tlv_size(&t) > ESV_BSP_SEGMENT_MAX)
            ESV_FIND(r, ESV_R_RSP_075, AT(t.off), "'%02X' segment %zu of %s is %zu bytes",
                     q->seg_tag, q->n, q->name, der_tlv_size(&t));
        v = t.val;
        vlen = t.len;
        hdr_off = t.off;
        hdr_len = t.hdr_len;
        /* The element is the segment TLV itself (2.5.4). An encoder that
         * wraps the whole protected TLV once more ("87 1A 87 18 ...")
         * gives a value of 16k + 10..12 bytes for an encrypted segment
         * (never 16k + 8), and one starting with '88' for a MAC-only one
         * (its data is a StoreMetadataRequest, 'BF25'). */
        if (enc ? vlen % ESV_AES_BLOCK_LEN != ESV_BSP_MAC_LEN : (vlen > 0 && v[0] == q->seg_tag)) {
            der_cursor ic;
            der_tlv it;
            der_cursor_init(&ic, v, vlen, t.off + t.hdr_len);
            if (der_read_tlv(&ic, &it, NULL) == DER_OK && der_cursor_done(&ic) &&
                it.cls == t.cls && !it.constructed && it.tag == t.tag &&
                (enc ? it.len % ESV_AES_BLOCK_LEN == ESV_BSP_MAC_LEN
                     : it.len >= ESV_BSP_MAC_LEN)) {
                ESV_FIND(r, ESV_R_RSP_074, AT(t.off),
                         "'%02X' segment %zu of %s wraps a complete '%02X' TLV of %zu bytes",
                         q->seg_tag, q->n, q->name, q->seg_tag, der_tlv_size(&it));
                v = it.val;
                vlen = it.len;
                hdr_off = it.off;
                hdr_len = it.hdr_len;
            }
        }
        if (enc ? vlen < ESV_AES_BLOCK_LEN + ESV_BSP_MAC_LEN ||
                      (vlen - ESV_BSP_MAC_LEN) % ESV_AES_BLOCK_LEN != 0
                : vlen < ESV_BSP_MAC_LEN) {
            *usable = false;
            ESV_FIND(r, ESV_R_RSP_073, AT(t.off), "'%02X' segment %zu of %s has %zu bytes of %s",
                     q->seg_tag, q->n, q->name, vlen,
                     enc ? "ciphertext and MAC (needs 16k + 8, k >= 1)"
                         : "data and MAC (needs at least 8)");
            continue;
        }
        q->segs[q->n].off = t.off;
        q->segs[q->n].size = der_tlv_size(&t);
        q->segs[q->n].hdr_off = hdr_off;
        q->segs[q->n].hdr_len = hdr_len;
        q->segs[q->n].data_off = (size_t)(v - in);
        q->segs[q->n].data_len = vlen - ESV_BSP_MAC_LEN;
        q->data_total += vlen - ESV_BSP_MAC_LEN;
        q->n++;
    }
    if (!der_cursor_done(&c))
        *usable = false;
    if (q->n == 0 && *usable) {
        *usable = false;
        ESV_FIND(r, ESV_R_RSP_063, AT(q->tlv->off), "%s has no '%02X' segment", q->name,
                 q->seg_tag);
    }
    return ESV_OK;
}

/* Is buf[0..n) exactly one TLV with this context/constructed tag? */
static bool one_tlv(const uint8_t *buf, size_t n, uint32_t tag, der_tlv *t)
{
    der_cursor c;
    der_cursor_init(&c, buf, n, 0);
    return der_read_tlv(&c, t, NULL) == DER_OK && der_cursor_done(&c) &&
           t->cls == DER_CLASS_CONTEXT && t->constructed && t->tag == tag;
}

/*
 * MAC-checks (and with out, decrypts or copies) the segments of q along
 * the chain in st. out has room for q->data_total more bytes at *out_len.
 * *ok is cleared at the first MAC or padding failure (a finding).
 */
static esv_status bsp_sequence(esv_report *r, const uint8_t *in, const seg_seq *q, esv_bsp *st,
                               uint8_t *out, size_t *out_len, bool *ok)
{
    size_t i;
    bool enc = q->seg_tag != ESV_BSP_TAG_MAC_ONLY;
    for (i = 0; i < q->n; i++) {
        const segment *s = &q->segs[i];
        esv_bsp_rc rc = esv_bsp_verify(st, in + s->hdr_off, s->hdr_len, in + s->data_off,
                                       s->data_len, in + s->data_off + s->data_len);
        if (rc == ESV_BSP_NOMEM)
            return ESV_E_NOMEM;
        if (rc != ESV_BSP_OK) {
            *ok = false;
            ESV_FIND(r, ESV_R_RSP_077, AT(s->off),
                     "MAC of '%02X' segment %zu of %s does not verify; the segments after it "
                     "were not checked",
                     q->seg_tag, i, q->name);
            return ESV_OK;
        }
        if (enc) {
            size_t n = 0;
            rc = esv_bsp_decrypt(st, in + s->data_off, s->data_len, out + *out_len, &n);
            if (rc == ESV_BSP_NOMEM)
                return ESV_E_NOMEM;
            if (rc != ESV_BSP_OK) {
                *ok = false;
                ESV_FIND(r, ESV_R_RSP_078, AT(s->off),
                         "'%02X' segment %zu of %s: %s; the segments after it were not decrypted",
                         q->seg_tag, i, q->name,
                         rc == ESV_BSP_BAD_PADDING ? "padding is not '80' then '00's"
                                                   : "ciphertext could not be decrypted");
                return ESV_OK;
            }
            *out_len += n;
        } else {
            esv_bsp_count_mac_only(st);
        }
    }
    return ESV_OK;
}

/* SGP.22 v2.5 5.5.4: ReplaceSessionKeysRequest ::= [38] SEQUENCE {
 * initialMacChainingValue OCTET STRING, ppkEnc OCTET STRING, ppkCmac
 * OCTET STRING } ('BF26' with 80, 81, 82 of 16 bytes each). */
static bool parse_rsk(const uint8_t *buf, size_t n, esv_bsp_keys *ppk)
{
    der_tlv t, k[3];
    der_cursor c;
    int i;
    if (!one_tlv(buf, n, 38, &t))
        return false;
    der_cursor_init(&c, t.val, t.len, 0);
    for (i = 0; i < 3; i++)
        if (der_read_tlv(&c, &k[i], NULL) != DER_OK || k[i].cls != DER_CLASS_CONTEXT ||
            k[i].constructed || k[i].tag != (uint32_t)i || k[i].len != ESV_BSP_KEY_LEN)
            return false;
    if (!der_cursor_done(&c))
        return false;
    memcpy(ppk->icv, k[0].val, ESV_BSP_KEY_LEN);
    memcpy(ppk->s_enc, k[1].val, ESV_BSP_KEY_LEN);
    memcpy(ppk->s_mac, k[2].val, ESV_BSP_KEY_LEN);
    return true;
}

void esv_bpp_info_init(esv_bpp_info *info)
{
    memset(info, 0, sizeof(*info));
}

void esv_bpp_info_free(esv_bpp_info *info)
{
    if (info == NULL)
        return;
    free(info->store_metadata);
    if (info->configure_isdp != NULL)
        esv_memzero(info->configure_isdp, info->configure_isdp_len);
    free(info->configure_isdp);
    esv_bpp_info_init(info);
}

void esv_rsp_upp_free(uint8_t *upp, size_t upp_len)
{
    if (upp == NULL)
        return;
    esv_memzero(upp, upp_len);
    free(upp);
}

/* The keyed pass: A0, A1, A2 under the session keys, A3 under the PPKs
 * when A2 carried them (or the caller's), all along one MAC chain per key
 * set. The UPP goes to *upp only when everything verified. */
static esv_status bsp_pass(esv_report *r, const uint8_t *in, seg_seq *q, const esv_bsp_keys *keys,
                           const esv_bsp_keys *ppk, esv_bpp_info *info, uint8_t **upp,
                           size_t *upp_len)
{
    esv_bsp st;
    esv_bsp_keys rsk_keys;
    uint8_t *cfg = NULL, *rsk = NULL, *plain = NULL;
    size_t cfg_len = 0, rsk_len = 0, plain_len = 0;
    bool ok = true;
    der_tlv t;
    esv_status status = ESV_OK;

    esv_bsp_init(&st, keys);
    cfg = malloc(q[M_A0].data_total ? q[M_A0].data_total : 1);
    plain = malloc(q[M_A3].data_total ? q[M_A3].data_total : 1);
    if (cfg == NULL || plain == NULL)
        goto nomem;
    /* A0: ConfigureISDPRequest, encrypted (5.5.2). */
    if ((status = bsp_sequence(r, in, &q[M_A0], &st, cfg, &cfg_len, &ok)) != ESV_OK)
        goto out;
    if (ok && !one_tlv(cfg, cfg_len, 36, &t)) {
        status = esv_report_add(r, ESV_R_RSP_079, AT(q[M_A0].tlv->off),
                                "%zu bytes of decrypted data are not one 'BF24' TLV", cfg_len);
        if (status != ESV_OK)
            goto out;
    }
    /* A1: StoreMetadataRequest, MAC only (5.5.3). */
    if (ok && (status = bsp_sequence(r, in, &q[M_A1], &st, NULL, NULL, &ok)) != ESV_OK)
        goto out;
    /* A2: ReplaceSessionKeysRequest, encrypted (5.5.4); its keys protect A3. */
    if (ok && q[M_A2].tlv != NULL) {
        rsk = malloc(q[M_A2].data_total ? q[M_A2].data_total : 1);
        if (rsk == NULL)
            goto nomem;
        if ((status = bsp_sequence(r, in, &q[M_A2], &st, rsk, &rsk_len, &ok)) != ESV_OK)
            goto out;
        if (ok && !parse_rsk(rsk, rsk_len, &rsk_keys)) {
            ok = false;
            status = esv_report_add(r, ESV_R_RSP_081, AT(q[M_A2].tlv->off),
                                    "%zu bytes of decrypted data; the '86' segments were not "
                                    "checked",
                                    rsk_len);
            if (status != ESV_OK)
                goto out;
        }
        if (ok) {
            esv_bsp_wipe(&st);
            esv_bsp_init(&st, &rsk_keys);
        }
    } else if (ok && ppk != NULL) {
        status = esv_report_add(r, ESV_R_RSP_082, AT(q[M_A3].tlv->off),
                                "the '86' segments were checked with the caller's PPKs");
        if (status != ESV_OK)
            goto out;
        esv_bsp_wipe(&st);
        esv_bsp_init(&st, ppk);
    }
    /* A3: the profile package (5.5.5). */
    if (ok && (status = bsp_sequence(r, in, &q[M_A3], &st, plain, &plain_len, &ok)) != ESV_OK)
        goto out;
    if (ok && plain_len == 0) {
        status = esv_report_add(r, ESV_R_RSP_083, AT(q[M_A3].tlv->off),
                                "the '86' segments decrypt to no data");
        if (status != ESV_OK)
            goto out;
    }
    info->macs_verified = ok;
    if (ok) {
        info->configure_isdp = cfg;
        info->configure_isdp_len = cfg_len;
        cfg = NULL;
        if (upp != NULL) {
            *upp = plain;
            *upp_len = plain_len;
            plain = NULL;
        }
    }
    goto out;
nomem:
    status = ESV_E_NOMEM;
out:
    esv_bsp_wipe(&st);
    esv_memzero(&rsk_keys, sizeof(rsk_keys));
    if (cfg != NULL)
        esv_memzero(cfg, q[M_A0].data_total);
    if (rsk != NULL)
        esv_memzero(rsk, q[M_A2].data_total);
    if (plain != NULL)
        esv_memzero(plain, q[M_A3].data_total);
    free(cfg);
    free(rsk);
    free(plain);
    return status;
}

esv_status esv_rsp_bpp_check(esv_report *r, const uint8_t *bpp, size_t len,
                             const esv_bsp_keys *keys, const esv_bsp_keys *ppk, uint8_t **upp,
                             size_t *upp_len, esv_bpp_info *info)
{
    esv_bpp_info local;
    der_cursor c;
    der_tlv outer, m[M__COUNT];
    bool have[M__COUNT], clean, usable = true;
    seg_seq q[M__COUNT];
    size_t eoff = 0, i;
    der_err e;
    esv_status st = ESV_OK;
    char tb[11];
    static const uint8_t seg_tags[M__COUNT] = {0, ESV_BSP_TAG_ENCRYPTED, ESV_BSP_TAG_MAC_ONLY,
                                               ESV_BSP_TAG_ENCRYPTED, ESV_BSP_TAG_PROFILE};

    if (r == NULL || (bpp == NULL && len > 0) || ((upp == NULL) != (upp_len == NULL)))
        return ESV_E_ARG;
    if (upp != NULL) {
        *upp = NULL;
        *upp_len = 0;
    }
    if (info == NULL)
        info = &local;
    esv_bpp_info_init(info);
    memset(q, 0, sizeof(q));
    memset(m, 0, sizeof(m));

#define FIND_OUT(rule, off, ...)                                                               \
    do {                                                                                       \
        if ((st = esv_report_add(r, (rule), AT(off), __VA_ARGS__)) != ESV_OK)                   \
            goto out;                                                                          \
    } while (0)

    /* Keys not given: say so first, whatever follows (never a silent pass). */
    if (keys == NULL)
        FIND_OUT(ESV_R_RSP_076, 0, "no session keys: the structure alone was checked");

    der_cursor_init(&c, bpp, len, 0);
    e = der_read_tlv(&c, &outer, &eoff);
    if (e != DER_OK) {
        FIND_OUT(esv_der_rule(e), eoff, "%s", der_err_str(e));
        goto out;
    }
    /* SGP.22 v2.5 2.5.4: BoundProfilePackage ::= [54] SEQUENCE ('BF36'). */
    if (outer.cls != DER_CLASS_CONTEXT || !outer.constructed || outer.tag != 54) {
        FIND_OUT(ESV_R_RSP_060, 0, "outer tag is %s", tag_hex(bpp, &outer, tb));
        goto out;
    }
    if (!der_cursor_done(&c))
        FIND_OUT(ESV_R_RSP_061, der_tlv_size(&outer), "%zu bytes follow the 'BF36' value",
                 der_cursor_remaining(&c));

    if ((st = read_members(r, bpp, &outer, bpp_members, M__COUNT, ESV_R_RSP_062,
                           "BoundProfilePackage", m, have, &clean)) != ESV_OK)
        goto out;
    if (!clean)
        usable = false;
    if (have[M_ISC] && (st = check_isc(r, bpp, &m[M_ISC], info)) != ESV_OK)
        goto out;
    for (i = M_A0; i < M__COUNT; i++) {
        q[i].seg_tag = seg_tags[i];
        q[i].name = bpp_members[i].name;
        if (!have[i])
            continue;
        q[i].tlv = &m[i];
        if ((st = read_segments(r, bpp, &q[i], &usable)) != ESV_OK)
            goto out;
    }
    info->has_replace_session_keys = have[M_A2];
    info->n_first87 = q[M_A0].n;
    info->n_88 = q[M_A1].n;
    info->n_second87 = q[M_A2].n;
    info->n_86 = q[M_A3].n;

    /* The '88' data is plaintext: the StoreMetadataRequest (5.5.3), with
     * or without keys. */
    if (have[M_A1] && q[M_A1].n > 0) {
        der_tlv t;
        info->store_metadata = malloc(q[M_A1].data_total ? q[M_A1].data_total : 1);
        if (info->store_metadata == NULL) {
            st = ESV_E_NOMEM;
            goto out;
        }
        for (i = 0; i < q[M_A1].n; i++) {
            memcpy(info->store_metadata + info->store_metadata_len,
                   bpp + q[M_A1].segs[i].data_off, q[M_A1].segs[i].data_len);
            info->store_metadata_len += q[M_A1].segs[i].data_len;
        }
        if (!one_tlv(info->store_metadata, info->store_metadata_len, 37, &t))
            FIND_OUT(ESV_R_RSP_080, m[M_A1].off, "%zu bytes of '88' data are not one 'BF25' TLV",
                     info->store_metadata_len);
    }

    if (keys != NULL && usable)
        st = bsp_pass(r, bpp, q, keys, ppk, info, upp, upp_len);
#undef FIND_OUT
out:
    for (i = 0; i < M__COUNT; i++)
        free(q[i].segs);
    if (info == &local || st != ESV_OK)
        esv_bpp_info_free(info);
    if (st != ESV_OK && upp != NULL && *upp != NULL) {
        esv_rsp_upp_free(*upp, *upp_len);
        *upp = NULL;
        *upp_len = 0;
    }
    return st;
}
