/*
 * rsp_builder.c - a signed SGP.22 session from the test PKI (rsp_builder.h).
 * The messages follow asn1/RSPDefinitions.asn; the signatures cover the
 * signed data objects as SGP.22 3.1.2 and 3.1.3 say.
 */
#include "rsp_builder.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "der/der.h"
#include "pki/pki.h"

const char *const rb_file_name[RB_COUNT] = {
    "initiate-response.der", "auth-server-response.der", "authenticate-response.der",
    "prepare-download-response.der", "pending-notification.der",
};

/* The library's growable buffer (its failed flag latches an allocation
 * failure) and its DER TLV writer. */
typedef esv_buf bb;
#define BP(b) ((const uint8_t *)(b).data)

static void put(bb *b, const void *d, size_t n)
{
    esv_buf_append(b, d, n);
}

static void tlv(bb *b, unsigned tag, const void *c, size_t n)
{
    esv_buf_der_tlv(b, tag, c, n);
}

/* Wraps b's content in a TLV (b becomes tag || len || old content). */
static void wrap(bb *b, unsigned tag)
{
    bb o;
    esv_buf_init(&o);
    tlv(&o, tag, b->data, b->len);
    o.failed |= b->failed;
    esv_buf_free(b);
    *b = o;
}

static void bb_free(bb *b)
{
    esv_buf_free(b);
}

/* Signs data with k and appends the '5F37' data object. */
static int sign_obj(bb *out, const pb_key *k, const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    uint8_t sig[64];
    uint8_t *both = malloc(an + bn + 1);
    int rc;
    if (both == NULL)
        return -1;
    memcpy(both, a, an);
    if (bn)
        memcpy(both + an, b, bn);
    rc = pb_key_sign_raw(k, both, an + bn, sig);
    free(both);
    if (rc == 0)
        tlv(out, 0x5f37, sig, 64);
    return rc;
}

/* ICCID 8949000000000000018 (Luhn check digit 8), swapped-nibble BCD */
static const uint8_t iccid[10] = {0x98, 0x94, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xf8};

/* A PprIds BIT STRING with its trailing zero bits cut (X.690 11.2.2). */
static void ppr_bits(bb *b, unsigned tag, uint8_t bits)
{
    uint8_t v[2];
    unsigned unused = 0;
    while (unused < 8 && !(bits >> unused & 1u))
        unused++;
    v[0] = (uint8_t)unused;
    v[1] = bits;
    tlv(b, tag, v, 2);
}

rb_session *rb_session_build(pb_curve curve)
{
    rb_options none = {0, 0};
    return rb_session_build_ex(curve, &none);
}

rb_session *rb_session_build_ex(pb_curve curve, const rb_options *o)
{
    rb_session *s = calloc(1, sizeof(*s));
    bb m[RB_COUNT] = {{0}}, t = {0}, signed1 = {0}, e1 = {0}, sm2 = {0}, e2 = {0}, pird = {0};
    uint8_t ci_id[20], otpk[65], sig1_obj[67], sig2_obj[67];
    pb_key *otk = NULL;
    pki_cert *pb = NULL;
    pki_parse_err perr;
    int i, fail = 0;

    if (s == NULL || (s->pki = pb_pki_build(curve, PB_GEN_V2, 7100)) == NULL)
        goto err;
    for (i = 0; i < 16; i++) {
        s->transaction_id[i] = (uint8_t)(0xa0 + i);
        s->euicc_challenge[i] = (uint8_t)(0x10 * (i & 0xf) + 1);
        s->server_challenge[i] = (uint8_t)(0xff - 3 * i);
    }
    s->address = "smdp.esv.example";
    fail |= pb_key_id(s->pki->ci_key, ci_id);
    otk = pb_key_new(curve, 7199);
    fail |= otk == NULL || pb_key_public(otk, otpk);
    pb = malloc(sizeof(*pb));
    fail |= pb == NULL || pki_cert_parse(pb, s->pki->dppb->der, s->pki->dppb->len, 0, &perr) != 0 || !pb->has_rid;
    if (fail)
        goto err;

    /* InitiateAuthenticationOkEs9 (SGP.22 5.6.1) */
    tlv(&signed1, 0x80, s->transaction_id, 16);
    tlv(&signed1, 0x81, s->euicc_challenge, 16);
    tlv(&signed1, 0x83, s->address, strlen(s->address));
    tlv(&signed1, 0x84, s->server_challenge, 16);
    wrap(&signed1, 0x30);
    tlv(&m[RB_INITIATE], 0x80, s->transaction_id, 16);
    put(&m[RB_INITIATE], BP(signed1), signed1.len);
    fail |= sign_obj(&m[RB_INITIATE], s->pki->dpauth_key, BP(signed1), signed1.len, NULL, 0);
    tlv(&m[RB_INITIATE], 0x04, ci_id, 20);
    put(&m[RB_INITIATE], s->pki->dpauth->der, s->pki->dpauth->len);
    wrap(&m[RB_INITIATE], 0x30);

    /* AuthenticateServerResponse (SGP.22 5.7.13): euiccSigned1 */
    tlv(&e1, 0x80, s->transaction_id, 16);
    tlv(&e1, 0x83, s->address, strlen(s->address));
    tlv(&e1, 0x84, s->server_challenge, 16);
    {
        static const uint8_t v220[] = {2, 2, 0}, v100[] = {1, 0, 0}, zero[] = {0}, caps[] = {0, 0};
        bb info = {0}, l = {0}, ctx = {0};
        tlv(&info, 0x81, v220, 3);  /* profileVersion */
        tlv(&info, 0x82, v220, 3);  /* svn */
        tlv(&info, 0x83, v100, 3);  /* euiccFirmwareVer */
        tlv(&info, 0x84, zero, 1);  /* extCardResource */
        tlv(&info, 0x85, caps, 2);  /* uiccCapability */
        tlv(&info, 0x88, caps, 2);  /* rspCapability */
        tlv(&l, 0x04, ci_id, 20);
        tlv(&info, 0xa9, BP(l), l.len); /* euiccCiPKIdListForVerification */
        tlv(&info, 0xaa, BP(l), l.len); /* euiccCiPKIdListForSigning */
        if (o->forbidden_pprs)
            ppr_bits(&info, 0x99, o->forbidden_pprs); /* forbiddenProfilePolicyRules [25] */
        tlv(&info, 0x04, v220, 3);  /* ppVersion */
        tlv(&info, 0x0c, "", 0);    /* sasAcreditationNumber */
        tlv(&e1, 0xbf22, BP(info), info.len);
        /* ctxParams1: ctxParamsForCommonAuthentication { deviceInfo { tac,
         * deviceCapabilities } } */
        {
            static const uint8_t tac[] = {0x35, 0x29, 0x06, 0x11};
            bb di = {0};
            tlv(&di, 0x80, tac, 4);
            tlv(&di, 0xa1, "", 0);
            tlv(&ctx, 0xa1, BP(di), di.len);
            bb_free(&di);
        }
        tlv(&e1, 0xa0, BP(ctx), ctx.len);
        fail |= info.failed | l.failed | ctx.failed;
        bb_free(&info);
        bb_free(&l);
        bb_free(&ctx);
    }
    wrap(&e1, 0x30);
    put(&t, BP(e1), e1.len);
    fail |= sign_obj(&t, s->pki->euicc_key, BP(e1), e1.len, NULL, 0);
    fail |= t.failed || t.len < 67;
    if (fail)
        goto err;
    memcpy(sig1_obj, BP(t) + t.len - 67, 67);
    put(&t, s->pki->euicc->der, s->pki->euicc->len);
    put(&t, s->pki->eum->der, s->pki->eum->len);
    wrap(&t, 0xa0);
    wrap(&t, 0xbf38);
    m[RB_AUTH_SERVER] = t;
    memset(&t, 0, sizeof(t));

    /* AuthenticateClientResponseEs9 (SGP.22 5.6.3) */
    tlv(&sm2, 0x80, s->transaction_id, 16);
    {
        static const uint8_t no[] = {0x00};
        tlv(&sm2, 0x01, no, 1); /* ccRequiredFlag FALSE */
    }
    wrap(&sm2, 0x30);
    tlv(&t, 0x80, s->transaction_id, 16);
    {
        bb md = {0};
        tlv(&md, 0x5a, iccid, 10);
        tlv(&md, 0x91, "esv", 3);
        tlv(&md, 0x92, "esv synthetic profile", 21);
        if (o->metadata_pprs)
            ppr_bits(&md, 0x99, o->metadata_pprs); /* profilePolicyRules [25] */
        tlv(&t, 0xbf25, BP(md), md.len);
        fail |= md.failed;
        bb_free(&md);
    }
    put(&t, BP(sm2), sm2.len);
    fail |= sign_obj(&t, s->pki->dppb_key, BP(sm2), sm2.len, sig1_obj, 67);
    fail |= t.failed || t.len < 67;
    if (fail)
        goto err;
    memcpy(sig2_obj, BP(t) + t.len - 67, 67);
    put(&t, s->pki->dppb->der, s->pki->dppb->len);
    wrap(&t, 0xa0);
    wrap(&t, 0xbf3b);
    m[RB_AUTH_CLIENT] = t;
    memset(&t, 0, sizeof(t));

    /* PrepareDownloadResponse (SGP.22 5.7.5) */
    tlv(&e2, 0x80, s->transaction_id, 16);
    tlv(&e2, 0x5f49, otpk, 65);
    wrap(&e2, 0x30);
    put(&t, BP(e2), e2.len);
    fail |= sign_obj(&t, s->pki->euicc_key, BP(e2), e2.len, sig2_obj, 67);
    wrap(&t, 0xa0);
    wrap(&t, 0xbf21);
    m[RB_PREPARE] = t;
    memset(&t, 0, sizeof(t));

    /* ProfileInstallationResult (SGP.22 5.7.6 / 5.6.4) */
    tlv(&pird, 0x80, s->transaction_id, 16);
    {
        static const uint8_t seqno[] = {0x01}, install[] = {0x07, 0x80};
        static const uint8_t aid[] = {0xa0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xff,
                                      0xff, 0xff, 0xff, 0x89, 0x00, 0x00, 0x10, 0x00};
        bb nm = {0}, fr = {0}, ok = {0};
        tlv(&nm, 0x80, seqno, 1);
        tlv(&nm, 0x81, install, 2);
        tlv(&nm, 0x0c, s->address, strlen(s->address));
        tlv(&nm, 0x5a, iccid, 10);
        tlv(&pird, 0xbf2f, BP(nm), nm.len);
        tlv(&pird, 0x06, pb->rid.p, pb->rid.len); /* the SM-DP+ OID */
        tlv(&ok, 0x4f, aid, sizeof(aid));
        tlv(&ok, 0x04, "", 0);
        tlv(&fr, 0xa0, BP(ok), ok.len);
        tlv(&pird, 0xa2, BP(fr), fr.len);
        fail |= nm.failed | fr.failed | ok.failed;
        bb_free(&nm);
        bb_free(&fr);
        bb_free(&ok);
    }
    wrap(&pird, 0xbf27);
    put(&t, BP(pird), pird.len);
    fail |= sign_obj(&t, s->pki->euicc_key, BP(pird), pird.len, NULL, 0);
    wrap(&t, 0xbf37);
    m[RB_PIR] = t;
    memset(&t, 0, sizeof(t));

    for (i = 0; i < RB_COUNT; i++) {
        fail |= m[i].failed || m[i].data == NULL;
        s->msg[i] = (uint8_t *)m[i].data; /* the session owns it now */
        s->len[i] = m[i].len;
        esv_buf_init(&m[i]);
    }
    fail |= signed1.failed | e1.failed | sm2.failed | e2.failed | pird.failed;
    bb_free(&signed1);
    bb_free(&e1);
    bb_free(&sm2);
    bb_free(&e2);
    bb_free(&pird);
    free(pb);
    pb_key_free(otk);
    if (fail) {
        rb_session_free(s);
        return NULL;
    }
    return s;
err:
    for (i = 0; i < RB_COUNT; i++)
        bb_free(&m[i]);
    bb_free(&t);
    bb_free(&signed1);
    bb_free(&e1);
    bb_free(&sm2);
    bb_free(&e2);
    bb_free(&pird);
    free(pb);
    pb_key_free(otk);
    rb_session_free(s);
    return NULL;
}

void rb_session_free(rb_session *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < RB_COUNT; i++)
        free(s->msg[i]);
    pb_pki_free(s->pki);
    free(s);
}
