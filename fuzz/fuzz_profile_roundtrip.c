/*
 * fuzz_profile_roundtrip.c - every element of a profile package that
 * passes the strict DER walk and decodes (as lib/profile/decode.c takes
 * them: a constructed context-specific TLV, der_walk, esv_saip_decode) is
 * encoded again with asn1c's DER encoder (esv_saip_encode), and the
 * encoding must be the element's bytes.
 * Target functions: der_walk, esv_saip_decode (asn1c's BER decoder on the
 * SAIP schema), asn1c's DER encoder (der_encode, as esv_saip_encode
 * calls it), esv_saip_free.
 * Checks beyond "no crash": byte identity, or a difference of a known
 * class below; abort() on any other.
 *
 * Known differences, each with its predicate (fuzz/README.md,
 * "Differential targets"; an input of each in fuzz/regressions/
 * fuzz_profile_roundtrip/):
 *
 *  R1  What the decoder skips is not encoded again: components of a
 *      later schema version (SAIP 8.1, EXTENSIBILITY IMPLIED) and values
 *      equal to their DEFAULT (X.690 11.5: DER leaves them out; the
 *      strict walk cannot know the schema). esv reports both as PROF-127
 *      (decode.c compares the encoded length). Predicate: the encoding is
 *      shorter, it is the element with whole TLVs taken out of
 *      constructed values and nothing else changed (same tags, same
 *      primitive contents, same order), and it encodes to itself again.
 *  R2  An INTEGER or ENUMERATED under an IMPLICIT tag in more octets than
 *      X.690 8.3.2 allows (leading 00 or FF): the walk sees only a
 *      context tag, asn1c decodes the value and encodes it minimal.
 *      esv reports it through the length check (PROF-127), whose text
 *      then names the wrong cause (fuzz/README.md).
 *  R3  A BOOLEAN under an IMPLICIT tag with TRUE other than FF (X.690
 *      11.1): asn1c writes FF. Same length, so esv says nothing.
 *  R5  An INTEGER under an IMPLICIT tag with no contents octets (X.690
 *      8.3.1 wants one at least): asn1c takes it as 0 and writes 00.
 *      esv says nothing unless the length change meets R1 (then
 *      PROF-127).
 *  R6  A NULL under an IMPLICIT tag with contents (X.690 8.8.2 wants
 *      none): asn1c ignores them and writes it empty. Shorter: PROF-127.
 *  R7  A SEQUENCE, SET or CHOICE under an IMPLICIT tag in primitive form:
 *      asn1c's BER decoder does not look at the constructed bit and reads
 *      the contents as TLVs; its encoder writes the constructed form. The
 *      strict walk took those contents as opaque bytes, so they reached
 *      asn1c without being walked (fuzz/README.md: an open issue).
 *  R8  An OCTET STRING (or other string) under an IMPLICIT tag in
 *      constructed form, a BER constructed string (X.690 8.7.3; DER 10.2
 *      forbids it): asn1c joins its segments and writes it primitive. esv
 *      does not report it yet (an open issue: fuzz/README.md).
 *  Predicate of R1 to R7 together: the encoding is the element with
 *      whole TLVs taken out of constructed values (R1), primitive
 *      contents turned into their minimal INTEGER form (R2), FF for a
 *      non-zero one-octet value (R3), 00 for empty contents (R5) or empty
 *      (R6), a primitive TLV turned constructed with its contents read as
 *      TLVs under the same rules (R7), and nothing else (same tags, order
 *      and other contents); and the encoding encodes to itself again.
 *  R4  An alternative of a later version in an extensible CHOICE inside
 *      the element (a File's CHOICE, say): asn1c decodes it as no
 *      alternative and its encoder then refuses the value. esv reports
 *      the element as not checked (PROF-127; it said nothing until this
 *      target found it). Predicate: the encoder fails, and esv's own
 *      verification of the element reports that PROF-127.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/saip.h"
#include "der/der.h"
#include "esv/esv.h"

#define USED_R1 1u
#define USED_R2 2u
#define USED_R3 4u
#define USED_R5 8u
#define USED_R6 16u
#define USED_R7 32u
#define USED_R8 64u

/* R2: is out the minimal two's complement form of the INTEGER contents
 * in (in longer, by leading 00 or FF octets that X.690 8.3.2 forbids)? */
static int int_canonical(const der_tlv *in, const der_tlv *out)
{
    size_t k = 0;
    while (k + 1 < in->len && ((in->val[k] == 0x00 && !(in->val[k + 1] & 0x80)) ||
                               (in->val[k] == 0xFF && (in->val[k + 1] & 0x80))))
        k++;
    return k > 0 && in->len - k == out->len && memcmp(in->val + k, out->val, out->len) == 0;
}

/* R3: a BOOLEAN TRUE other than FF (X.690 11.1), written FF. */
static int bool_canonical(const der_tlv *in, const der_tlv *out)
{
    return in->len == 1 && out->len == 1 && in->val[0] != 0x00 && in->val[0] != 0xFF && out->val[0] == 0xFF;
}

/* R8: the primitive contents inside the constructed TLV in, in order,
 * are want[*pos..] (a BER constructed string, read by asn1c as the
 * concatenation of its segments). */
static int segments_are(const der_tlv *in, const uint8_t *want, size_t len, size_t *pos)
{
    der_cursor c;
    der_tlv t;
    der_cursor_enter(&c, in);
    while (!der_cursor_done(&c)) {
        if (der_read_tlv(&c, &t, NULL) != DER_OK)
            return 0;
        if (t.constructed) {
            if (!segments_are(&t, want, len, pos))
                return 0;
        } else {
            if (t.len > len - *pos || (t.len > 0 && memcmp(t.val, want + *pos, t.len) != 0))
                return 0;
            *pos += t.len;
        }
    }
    return 1;
}

/* Is out the TLV in with zero or more whole child TLVs taken out of its
 * constructed values (at any depth: R1), and primitive contents changed
 * only into their canonical INTEGER (R2) or BOOLEAN (R3) form? *used
 * gets the classes the difference needed. */
static int subsequence(const der_tlv *in, const der_tlv *out, unsigned *used)
{
    der_cursor ci, co;
    der_tlv a, b;
    if (in->cls != out->cls || in->tag != out->tag)
        return 0;
    if (in->constructed != out->constructed) {
        if (in->constructed) {
            size_t pos = 0;
            if (!segments_are(in, out->val, out->len, &pos) || pos != out->len)
                return 0;
            *used |= USED_R8; /* a constructed string, written primitive */
            return 1;
        }
        *used |= USED_R7; /* primitive in, read by asn1c as constructed */
    } else if (!in->constructed) {
        if (in->len == out->len && (in->len == 0 || memcmp(in->val, out->val, in->len) == 0))
            return 1;
        if (int_canonical(in, out)) {
            *used |= USED_R2;
            return 1;
        }
        if (bool_canonical(in, out)) {
            *used |= USED_R3;
            return 1;
        }
        if (in->len == 0 && out->len == 1 && out->val[0] == 0x00) {
            *used |= USED_R5; /* an INTEGER without contents, taken as 0 */
            return 1;
        }
        if (in->len > 0 && out->len == 0) {
            *used |= USED_R6; /* a NULL with contents, written empty */
            return 1;
        }
        return 0;
    }
    der_cursor_enter(&ci, in);
    der_cursor_enter(&co, out);
    while (!der_cursor_done(&co)) {
        if (der_read_tlv(&co, &b, NULL) != DER_OK)
            return 0;
        for (;;) {
            if (der_read_tlv(&ci, &a, NULL) != DER_OK)
                return 0; /* out has a child in does not */
            if (subsequence(&a, &b, used))
                break;
            *used |= USED_R1; /* a skipped child of in is one taken out */
        }
    }
    if (!der_cursor_done(&ci))
        *used |= USED_R1;
    return 1;
}

/* asn1c's DER encoder into a new buffer (esv_saip_encode takes a const
 * value). */
static int encode(ProfileElement_t *v, uint8_t **out, size_t *len)
{
    return esv_saip_encode(v, out, len);
}

static int encodes_to_itself(const uint8_t *enc, size_t len)
{
    ProfileElement_t *v = NULL;
    uint8_t *again = NULL;
    size_t fail_off, again_len = 0;
    int same;
    if (esv_saip_decode(enc, len, &v, &fail_off) != 0)
        return 0;
    same = encode(v, &again, &again_len) == 0 && again_len == len && memcmp(again, enc, len) == 0;
    free(again);
    esv_saip_free(v);
    return same;
}

/* Is the difference one of the known classes? */
static int known_difference(const uint8_t *el, size_t el_len, const uint8_t *enc, size_t enc_len)
{
    der_cursor ci, co;
    der_tlv a, b;
    unsigned used = 0;
    der_cursor_init(&ci, el, el_len, 0);
    der_cursor_init(&co, enc, enc_len, 0);
    if (der_read_tlv(&ci, &a, NULL) != DER_OK || der_read_tlv(&co, &b, NULL) != DER_OK ||
        !der_cursor_done(&co) || !subsequence(&a, &b, &used))
        return 0;
    return used != 0 && encodes_to_itself(enc, enc_len);
}

/* R4: does esv's loader say the element was not checked? */
static int r4_reported(const uint8_t *el, size_t len)
{
    esv_ctx *ctx = NULL;
    esv_report *r = NULL;
    const esv_finding *f;
    int said = 0;
    if (esv_ctx_new(&ctx) != ESV_OK)
        return 1; /* out of memory: nothing to compare */
    if (esv_profile_verify(ctx, el, len, &r) == ESV_OK && (f = esv_report_find(r, "PROF-127")) != NULL)
        said = strstr(esv_finding_message(f), "CHOICE alternative") != NULL;
    esv_report_free(r);
    esv_ctx_free(ctx);
    return said;
}

static void roundtrip(const uint8_t *el, size_t len, size_t index)
{
    der_limits lim;
    der_result res;
    ProfileElement_t *v = NULL;
    uint8_t *enc = NULL;
    size_t fail_off, enc_len = 0;

    der_limits_default(&lim);
    if (der_walk(el, len, 0, &lim, DER_WALK_CONTENTS, &res) != DER_OK)
        return;
    if (esv_saip_decode(el, len, &v, &fail_off) != 0)
        return;
    if (v->present == ProfileElement_PR_NOTHING) {
        esv_saip_free(v); /* an alternative the schema does not know: PROF-001 */
        return;
    }
    if (encode(v, &enc, &enc_len) != 0) {
        if (!r4_reported(el, len)) {
            fprintf(stderr, "fuzz_profile_roundtrip: element %zu decodes but does not encode\n", index);
            abort();
        }
        esv_saip_free(v);
        return;
    }
    if ((enc_len != len || memcmp(enc, el, len) != 0) && !known_difference(el, len, enc, enc_len)) {
        size_t k = 0;
        while (k < len && k < enc_len && el[k] == enc[k])
            k++;
        fprintf(stderr,
                "fuzz_profile_roundtrip: element %zu (%s, %zu bytes) encodes to %zu bytes, "
                "first difference at byte %zu\n",
                index, esv_saip_pe_name(v->present), len, enc_len, k);
        abort();
    }
    free(enc);
    esv_saip_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    der_cursor c;
    der_tlv t;
    size_t index = 0;
    der_cursor_init(&c, data, size, 0);
    while (!der_cursor_done(&c) && der_read_tlv(&c, &t, NULL) == DER_OK) {
        /* SAIP 8.1: a ProfileElement is a constructed context-specific
         * TLV (decode.c refuses anything else before decoding) */
        if (t.cls == DER_CLASS_CONTEXT && t.constructed)
            roundtrip(data + t.off, der_tlv_size(&t), index);
        index++;
    }
    return 0;
}
