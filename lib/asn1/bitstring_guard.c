/*
 * bitstring_guard.c - keeps BIT STRING encodings that asn1c 0.9.28's
 * runtime mishandles away from it.
 *
 * The runtime decodes every BIT STRING with OCTET_STRING_decode_ber
 * (OCTET_STRING.c), which ends with "buf[size-1] &= 0xff << bits_unused"
 * for whatever initial octet the encoding has: an initial octet above 7
 * shifts an int by 8 or more, undefined behaviour (found by fuzz_rsp: a
 * notification's profileManagementOperation with initial octet 0x27). The
 * strict DER reader cannot see it: a BIT STRING under an IMPLICIT context
 * tag (most of SAIP's and SGP.22's) looks like any primitive value.
 *
 * Generated code and the runtime are never edited, so the symbol is
 * redirected at compile time for that one unit (asn1/build.mk compiles
 * OCTET_STRING.c with -DOCTET_STRING_decode_ber=esv_asn1c_OCTET_STRING_decode_ber),
 * and this file defines OCTET_STRING_decode_ber, which every BIT STRING
 * descriptor names (BIT_STRING.c's table, and the generated types that
 * inherit it). It refuses, as a decoding failure, the encodings DER does
 * not allow for a BIT STRING (X.690 8.6.2.2-3, 10.2): a constructed form,
 * no initial octet, an initial octet above 7, unused bits in an empty
 * string; then calls the runtime's decoder. OCTET STRING types keep the
 * runtime's decoder itself (OCTET_STRING.c's own table resolves to it
 * within the unit).
 */
#include <stdint.h>

#include "OCTET_STRING.h"
#include "ber_tlv_length.h"
#include "ber_tlv_tag.h"

asn_dec_rval_t esv_asn1c_OCTET_STRING_decode_ber(asn_codec_ctx_t *opt_codec_ctx,
                                                 asn_TYPE_descriptor_t *td, void **sptr,
                                                 const void *buf_ptr, size_t size, int tag_mode);
asn_dec_rval_t OCTET_STRING_decode_ber(asn_codec_ctx_t *opt_codec_ctx, asn_TYPE_descriptor_t *td,
                                       void **sptr, const void *buf_ptr, size_t size, int tag_mode);

/* Is the BIT STRING TLV at p (one level of explicit tag first when
 * tag_mode > 0) a DER primitive encoding with a valid initial octet? */
static int bit_string_ok(const uint8_t *p, size_t size, int tag_mode)
{
    ber_tlv_tag_t tag;
    ber_tlv_len_t len;
    ssize_t tl, ll;
    int levels = tag_mode > 0 ? 2 : 1;

    while (levels-- > 0) {
        int constructed;
        if ((tl = ber_fetch_tag(p, size, &tag)) <= 0)
            return 0;
        constructed = (p[0] & 0x20) != 0;
        if ((ll = ber_fetch_length(constructed, p + tl, size - (size_t)tl, &len)) <= 0 || len < 0 ||
            (size_t)len > size - (size_t)tl - (size_t)ll)
            return 0;
        p += tl + ll;
        size = (size_t)len;
        if (levels > 0) {
            if (!constructed)
                return 0;
            continue;
        }
        if (constructed || len < 1 || p[0] > 7 || (len == 1 && p[0] != 0))
            return 0;
    }
    return 1;
}

asn_dec_rval_t OCTET_STRING_decode_ber(asn_codec_ctx_t *opt_codec_ctx, asn_TYPE_descriptor_t *td,
                                       void **sptr, const void *buf_ptr, size_t size, int tag_mode)
{
    const asn_OCTET_STRING_specifics_t *specs = td->specifics;
    /* Only on the first call for a value (a value decoding in several
     * calls has its context's phase set). */
    int first = *sptr == NULL ||
                (specs != NULL &&
                 ((const asn_struct_ctx_t *)(const void *)((const char *)*sptr + specs->ctx_offset))->phase == 0);
    if (specs != NULL && specs->subvariant == ASN_OSUBV_BIT && first &&
        !bit_string_ok(buf_ptr, size, tag_mode)) {
        asn_dec_rval_t rv;
        rv.code = RC_FAIL;
        rv.consumed = 0;
        return rv;
    }
    return esv_asn1c_OCTET_STRING_decode_ber(opt_codec_ctx, td, sptr, buf_ptr, size, tag_mode);
}
