/*
 * walk.c - generic walk over asn1c 0.9.28 values (see walk.h).
 *
 * How a descriptor's kind is recognised, and why this way.
 *
 * asn1c 0.9.28 gives every type assignment of the schema its own
 * descriptor. For a type derived from a primitive (UInt8 ::= INTEGER
 * (0..255), ApplicationIdentifier ::= OCTET STRING (SIZE(5..16)),
 * PINKeyReferenceValue ::= INTEGER {...}, UICCCapability ::= BIT STRING
 * {...}) the descriptor starts out with per-type wrapper functions
 * (UInt8_free, UInt8_decode_ber, ...); the first call of any wrapper runs
 * *_inherit_TYPE_descriptor, which overwrites the descriptor's function
 * pointers, elements and specifics with the base type's (a lazy copy done
 * without synchronisation: a known data race of this runtime when threads
 * decode concurrently). So a derived descriptor is never pointer-equal to
 * &asn_DEF_INTEGER and its function pointers depend on whether and when a
 * wrapper ran. The walker therefore only reads, and prefers what the
 * inherit never writes:
 *
 *  1. identity with a base descriptor (&asn_DEF_OCTET_STRING, ...): members
 *     of plain primitive types point at these directly;
 *  2. the type's tag list (td->all_tags, a const array the inherit never
 *     touches): its innermost tag is the universal tag of the underlying
 *     type (for IMPLICIT- and EXPLICIT-tagged types asn1c lists the
 *     universal tag last), which decides BOOLEAN, BIT STRING, OCTET STRING,
 *     NULL, OBJECT IDENTIFIER and the 8-bit string types, whose C layout
 *     does not depend on the representation chosen;
 *  3. INTEGER and ENUMERATED are the one ambiguity: asn1c stores them as a
 *     native long (NativeInteger / NativeEnumerated, for constrained types)
 *     or as INTEGER_t bytes. For a derived type this is read from
 *     td->ber_decoder, compared with the base decoders. That field is
 *     settled once the value was decoded through td: the decoder called
 *     td->ber_decoder (the wrapper ran the inherit, in this thread, before
 *     the value existed) - so for every decoded value the comparison is
 *     exact and the read adds no write. A value that never went through the
 *     decoder (built by hand) may still see the wrapper: it is reported as
 *     ESV_ASN_UNSUPPORTED rather than guessed;
 *  4. constructed types (SEQUENCE, CHOICE, SEQUENCE OF / SET OF) by their
 *     free_struct function, which the generated descriptors of directly
 *     defined constructed types initialise statically and nothing writes.
 *
 * Recursion is bounded by the schema's nesting (a decoded value mirrors the
 * schema) and, for safety, by ESV_ASN_WALK_MAX_DEPTH.
 */
#include "walk.h"

#include <string.h>

#include "BIT_STRING.h"
#include "BOOLEAN.h"
#include "INTEGER.h"
#include "NULL.h"
#include "NativeEnumerated.h"
#include "NativeInteger.h"
#include "OBJECT_IDENTIFIER.h"
#include "OCTET_STRING.h"
#include "UTF8String.h"
#include "asn_SET_OF.h"
#include "constr_CHOICE.h"
#include "constr_SEQUENCE.h"
#include "constr_SET_OF.h"

/* Internal classification: the leaf kinds plus the C representation of
 * integers. */
typedef enum rep {
    REP_NONE = 0,
    REP_NATIVE, /* long */
    REP_WIDE    /* INTEGER_t */
} rep;

static esv_asn_kind classify(const asn_TYPE_descriptor_t *td, rep *r)
{
    *r = REP_NONE;
    /* 1. the base descriptors themselves */
    if (td == &asn_DEF_INTEGER) {
        *r = REP_WIDE;
        return ESV_ASN_INTEGER;
    }
    if (td == &asn_DEF_NativeInteger) {
        *r = REP_NATIVE;
        return ESV_ASN_INTEGER;
    }
    if (td == &asn_DEF_NativeEnumerated) {
        *r = REP_NATIVE;
        return ESV_ASN_ENUMERATED;
    }
    if (td == &asn_DEF_OCTET_STRING)
        return ESV_ASN_OCTETS;
    if (td == &asn_DEF_UTF8String)
        return ESV_ASN_STRING;
    if (td == &asn_DEF_BIT_STRING)
        return ESV_ASN_BITS;
    if (td == &asn_DEF_BOOLEAN)
        return ESV_ASN_BOOLEAN;
    if (td == &asn_DEF_NULL)
        return ESV_ASN_NULL;
    if (td == &asn_DEF_OBJECT_IDENTIFIER)
        return ESV_ASN_OID;

    /* 2. the innermost (universal) tag of a derived type */
    if (td->all_tags_count > 0 && td->all_tags != NULL) {
        ber_tlv_tag_t t = td->all_tags[td->all_tags_count - 1];
        if (BER_TAG_CLASS(t) == ASN_TAG_CLASS_UNIVERSAL) {
            switch (BER_TAG_VALUE(t)) {
            case 1: return ESV_ASN_BOOLEAN;
            case 3: return ESV_ASN_BITS;
            case 4: return ESV_ASN_OCTETS;
            case 5: return ESV_ASN_NULL;
            case 6: return ESV_ASN_OID;
            case 12: /* UTF8String */
            case 18: /* NumericString */
            case 19: /* PrintableString */
            case 22: /* IA5String */
            case 26: /* VisibleString */
                return ESV_ASN_STRING;
            case 2:
            case 10:
                /* 3. native or INTEGER_t: settled by the decode (above) */
                if (td->ber_decoder == asn_DEF_NativeInteger.ber_decoder)
                    *r = REP_NATIVE;
                else if (td->ber_decoder == asn_DEF_INTEGER.ber_decoder)
                    *r = REP_WIDE;
                else
                    return ESV_ASN_UNSUPPORTED;
                return BER_TAG_VALUE(t) == 2 ? ESV_ASN_INTEGER : ESV_ASN_ENUMERATED;
            case 16:
            case 17:
                break; /* constructed: below */
            default:
                return ESV_ASN_UNSUPPORTED;
            }
        }
    }

    /* 4. constructed types */
    if (td->free_struct == SEQUENCE_free)
        return ESV_ASN_SEQUENCE;
    if (td->free_struct == CHOICE_free)
        return ESV_ASN_CHOICE;
    if (td->free_struct == SET_OF_free) /* also SEQUENCE_OF_free */
        return ESV_ASN_SEQUENCE_OF;
    return ESV_ASN_UNSUPPORTED;
}

esv_asn_kind esv_asn_kind_of(const asn_TYPE_descriptor_t *td)
{
    rep r;
    return td ? classify(td, &r) : ESV_ASN_UNSUPPORTED;
}

/* The value of member m inside the structure at sptr, or NULL when an
 * OPTIONAL (pointer) member is absent. */
static const void *member_value(const void *sptr, const asn_TYPE_member_t *m)
{
    const char *p = (const char *)sptr + m->memb_offset;
    if (m->flags & ATF_POINTER) {
        const void *target;
        memcpy(&target, p, sizeof(target));
        return target;
    }
    return p;
}

static int choice_present(const asn_TYPE_descriptor_t *td, const void *sptr)
{
    const asn_CHOICE_specifics_t *spec = td->specifics;
    const char *p;
    if (spec == NULL)
        return 0;
    p = (const char *)sptr + spec->pres_offset;
    switch (spec->pres_size) {
    case sizeof(int): { int v; memcpy(&v, p, sizeof(v)); return v; }
    case sizeof(short): { short v; memcpy(&v, p, sizeof(v)); return v; }
    case sizeof(char): { signed char v; memcpy(&v, p, sizeof(v)); return v; }
    default: return 0;
    }
}

int esv_asn_choice_alt(const asn_TYPE_descriptor_t *td, const void *value,
                       const asn_TYPE_member_t **m, const void **alt)
{
    int present;
    rep r;
    *m = NULL;
    *alt = NULL;
    if (td == NULL || value == NULL || classify(td, &r) != ESV_ASN_CHOICE)
        return -1;
    present = choice_present(td, value);
    if (present < 1 || present > td->elements_count)
        return -1;
    *m = &td->elements[present - 1];
    *alt = member_value(value, *m);
    return *alt ? 0 : -1;
}

/* Two's complement big-endian contents as int64, when they fit. */
static int int_bytes(const uint8_t *b, size_t len, int64_t *out)
{
    uint64_t u;
    size_t i;
    if (len == 0) {
        *out = 0; /* X.690 forbids it; the DER reader rejects it first */
        return 1;
    }
    if (len > 8)
        return 0;
    u = (b[0] & 0x80u) ? UINT64_MAX : 0;
    for (i = 0; i < len; i++)
        u = (u << 8) | b[i];
    *out = (int64_t)u;
    return 1;
}

static void prim_bytes(esv_asn_node *n, const uint8_t *buf, int size)
{
    n->bytes = buf;
    n->len = (buf != NULL && size > 0) ? (size_t)size : 0;
}

static int walk(const asn_TYPE_descriptor_t *td, const asn_TYPE_member_t *member,
                const void *sptr, const char *name, long item, int depth,
                const esv_asn_visitor *v, void *opaque)
{
    esv_asn_node n;
    rep r;
    int rc, i;

    memset(&n, 0, sizeof(n));
    n.name = name;
    n.item = item;
    n.depth = depth;
    n.type_name = td->name;
    n.td = td;
    n.member = member;
    n.value = sptr;
    if (depth > ESV_ASN_WALK_MAX_DEPTH) {
        n.kind = ESV_ASN_TOO_DEEP;
        return v->leaf(opaque, &n);
    }
    n.kind = classify(td, &r);
    switch (n.kind) {
    case ESV_ASN_SEQUENCE:
        if ((rc = v->enter(opaque, &n)) != 0)
            return rc;
        for (i = 0; i < td->elements_count; i++) {
            const asn_TYPE_member_t *m = &td->elements[i];
            const void *mv = member_value(sptr, m);
            if (mv == NULL)
                continue; /* absent OPTIONAL */
            if ((rc = walk(m->type, m, mv, m->name, -1, depth + 1, v, opaque)) != 0)
                return rc;
        }
        return v->leave(opaque, &n);
    case ESV_ASN_CHOICE: {
        const asn_TYPE_member_t *m;
        const void *alt;
        n.has_alt = esv_asn_choice_alt(td, sptr, &m, &alt) == 0;
        if ((rc = v->enter(opaque, &n)) != 0)
            return rc;
        if (n.has_alt && (rc = walk(m->type, m, alt, m->name, -1, depth + 1, v, opaque)) != 0)
            return rc;
        return v->leave(opaque, &n);
    }
    case ESV_ASN_SEQUENCE_OF: {
        const asn_anonymous_set_ *list = _A_CSET_FROM_VOID(sptr);
        const asn_TYPE_member_t *em = td->elements_count > 0 ? &td->elements[0] : NULL;
        const asn_TYPE_descriptor_t *et = em != NULL ? em->type : NULL;
        int count = (et != NULL && list->array != NULL && list->count > 0) ? list->count : 0;
        n.count = (size_t)count;
        if ((rc = v->enter(opaque, &n)) != 0)
            return rc;
        for (i = 0; i < count; i++) {
            /* Items are always held by pointer. */
            if (list->array[i] == NULL)
                continue;
            if ((rc = walk(et, em, list->array[i], NULL, i, depth + 1, v, opaque)) != 0)
                return rc;
        }
        return v->leave(opaque, &n);
    }
    case ESV_ASN_INTEGER:
    case ESV_ASN_ENUMERATED:
        if (r == REP_NATIVE) {
            long l;
            memcpy(&l, sptr, sizeof(l));
            n.ival = l;
            n.fits = 1;
            n.native = 1;
        } else {
            const INTEGER_t *iv = sptr;
            prim_bytes(&n, iv->buf, iv->size);
            n.fits = int_bytes(n.bytes, n.len, &n.ival);
            if (n.kind == ESV_ASN_ENUMERATED && !n.fits)
                n.kind = ESV_ASN_INTEGER; /* out of range: shown as bytes */
        }
        break;
    case ESV_ASN_BOOLEAN: {
        BOOLEAN_t b;
        memcpy(&b, sptr, sizeof(b));
        n.ival = b != 0;
        n.fits = 1;
        break;
    }
    case ESV_ASN_OCTETS:
    case ESV_ASN_STRING: {
        const OCTET_STRING_t *os = sptr;
        prim_bytes(&n, os->buf, os->size);
        break;
    }
    case ESV_ASN_BITS: {
        const BIT_STRING_t *bs = sptr;
        prim_bytes(&n, bs->buf, bs->size);
        n.bits_unused = (n.len > 0 && bs->bits_unused > 0 && bs->bits_unused < 8)
                            ? bs->bits_unused : 0;
        break;
    }
    case ESV_ASN_OID: {
        const OBJECT_IDENTIFIER_t *oid = sptr;
        prim_bytes(&n, oid->buf, oid->size);
        break;
    }
    case ESV_ASN_NULL:
    case ESV_ASN_UNSUPPORTED:
    case ESV_ASN_TOO_DEEP:
        break;
    }
    return v->leaf(opaque, &n);
}

int esv_asn_walk(const asn_TYPE_descriptor_t *td, const void *value, const char *name,
                 const esv_asn_visitor *v, void *opaque)
{
    if (td == NULL || value == NULL || v == NULL || !v->enter || !v->leave || !v->leaf)
        return -1;
    return walk(td, NULL, value, name, -1, 0, v, opaque);
}
