/*
 * walk.h - a generic, read-only walk over a value decoded by the asn1c
 * 0.9.28 runtime, driven by its type descriptor (asn_TYPE_descriptor_t):
 * SEQUENCE members in schema order (absent OPTIONAL members skipped),
 * the present CHOICE alternative, SEQUENCE OF / SET OF items, and the
 * primitive leaves as plain C values. A visitor turns the walk into text,
 * JSON or anything else (lib/profile/show.c).
 *
 * The walker never calls a descriptor's function pointers and never writes
 * to a descriptor (see walk.c for how primitive kinds are recognised
 * despite asn1c's lazily "inherited" descriptors).
 */
#ifndef ESV_ASN1_WALK_H
#define ESV_ASN1_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "asn_application.h" /* asn_system.h first, then constr_TYPE.h */

/* Deeper than any schema esv compiles (PEDefinitions nests < 16 levels);
 * a value deeper than this is reported as ESV_ASN_TOO_DEEP, not walked. */
#define ESV_ASN_WALK_MAX_DEPTH 64

typedef enum esv_asn_kind {
    ESV_ASN_UNSUPPORTED = 0, /* a type the walker does not know (type_name) */
    ESV_ASN_TOO_DEEP,        /* nesting beyond ESV_ASN_WALK_MAX_DEPTH */
    ESV_ASN_SEQUENCE,        /* constructed: members follow */
    ESV_ASN_CHOICE,          /* constructed: the alternative follows (none
                              * when present is an unknown extension) */
    ESV_ASN_SEQUENCE_OF,     /* constructed: count items follow (also SET OF) */
    ESV_ASN_INTEGER,         /* ival when fits, else bytes (two's complement) */
    ESV_ASN_ENUMERATED,      /* ival */
    ESV_ASN_BOOLEAN,         /* ival 0 / 1 */
    ESV_ASN_NULL,
    ESV_ASN_OCTETS,          /* bytes */
    ESV_ASN_BITS,            /* bytes, bits_unused */
    ESV_ASN_OID,             /* bytes: the DER contents octets */
    ESV_ASN_STRING           /* bytes: UTF8String (or an 8-bit string type) */
} esv_asn_kind;

typedef struct esv_asn_node {
    esv_asn_kind kind;
    const char *name;      /* member / alternative name; NULL for the root
                            * and for SEQUENCE OF items */
    long item;             /* index in the enclosing SEQUENCE OF, or -1 */
    int depth;             /* 0 for the root */
    const char *type_name; /* the descriptor's ASN.1 type name */
    int64_t ival;          /* INTEGER, ENUMERATED, BOOLEAN */
    int fits;              /* INTEGER: ival is valid (else see bytes) */
    int native;            /* INTEGER, ENUMERATED: held as a C long (no
                            * bytes: the decoder kept only the value) */
    const uint8_t *bytes;  /* contents of string-like values */
    size_t len;
    int bits_unused;       /* BIT STRING: unused bits in the last octet */
    size_t count;          /* SEQUENCE OF: number of items */
    int has_alt;           /* CHOICE: an alternative follows */
    /* Where the node comes from, for visitors that read the schema's
     * tables (lib/asn1/constraints.c): its type, the member / alternative
     * / item descriptor it was reached through (NULL for the root), and
     * its value as the runtime holds it. */
    const asn_TYPE_descriptor_t *td;
    const asn_TYPE_member_t *member;
    const void *value;
} esv_asn_node;

/* Callbacks; each returns 0 to go on, non-zero to stop the walk. leave is
 * called for every node enter was called for (SEQUENCE, CHOICE, SEQUENCE
 * OF), leaf for every other node. */
typedef struct esv_asn_visitor {
    int (*enter)(void *opaque, const esv_asn_node *n);
    int (*leave)(void *opaque, const esv_asn_node *n);
    int (*leaf)(void *opaque, const esv_asn_node *n);
} esv_asn_visitor;

/*
 * Walks value (of type td, as produced by the asn1c BER decoder or built
 * with the generated types) depth first. name labels the root node (may be
 * NULL). Returns 0, or the first non-zero visitor result.
 */
int esv_asn_walk(const asn_TYPE_descriptor_t *td, const void *value, const char *name,
                 const esv_asn_visitor *v, void *opaque);

/*
 * The present alternative of a CHOICE value: its member (*m) and value
 * (*alt). Returns 0, or -1 when td is not a CHOICE or no known alternative
 * is present (an unknown extension, or nothing).
 */
int esv_asn_choice_alt(const asn_TYPE_descriptor_t *td, const void *value,
                       const asn_TYPE_member_t **m, const void **alt);

/* The kind the walker assigns to td (leaf kinds, or the constructed ones). */
esv_asn_kind esv_asn_kind_of(const asn_TYPE_descriptor_t *td);

#endif
