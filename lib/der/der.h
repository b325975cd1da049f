/*
 * der.h - the strict DER reader (internal).
 *
 * Everything untrusted enters esv through this layer. It knows nothing of
 * eSIM: it validates that bytes are a well-formed DER TLV tree and offers
 * strict readers for the primitive universal types that later checks use.
 *
 * Invariant of a cursor: base <= p <= end, and every byte in [p, end) is
 * inside the caller's buffer. Every read checks the bytes it needs are in
 * [p, end) before touching them and advances p only past bytes it consumed.
 * Offsets reported in errors are from the start of the outermost input
 * (the cursor's origin), so a finding can point at the exact byte.
 *
 * What "strict" means here (ITU-T X.690, clause 10 and 11 on top of 8):
 *  - definite lengths only, in the minimal form (short form below 128, no
 *    leading zero octets in the long form, 0xFF reserved);
 *  - high tag numbers only for numbers >= 31, without leading 0x80 octets,
 *    fitting 32 bits;
 *  - every value fits inside its parent; nothing trails the outermost value;
 *  - universal types in the form DER requires (strings primitive,
 *    SEQUENCE/SET constructed) and, when asked, their contents valid
 *    (INTEGER minimal, BOOLEAN 00/FF, BIT STRING padding, OID arcs,
 *    UTCTime/GeneralizedTime in their DER forms, string alphabets);
 *  - explicit limits on input size, depth and total element count.
 * Not checked: the ordering of SET OF components (X.690 11.6), which needs
 * the schema; callers that care compare the encodings themselves.
 */
#ifndef ESV_DER_H
#define ESV_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Error codes, one per way DER can be broken. Stable: the report layer maps
 * each to a DER- rule. */
typedef enum der_err {
    DER_OK = 0,
    DER_E_EMPTY,          /* no bytes where a value was expected */
    DER_E_TRUNCATED,      /* header or contents run past the end */
    DER_E_INDEFINITE,     /* length octet 0x80 */
    DER_E_LEN_NONMINIMAL, /* long form < 128, or leading zero octet */
    DER_E_LEN_OVERFLOW,   /* length does not fit in size_t, or 0xFF */
    DER_E_TAG,            /* malformed high tag number form */
    DER_E_TRAILING,       /* bytes after the outermost value */
    DER_E_FORM,           /* primitive/constructed wrong for the universal type */
    DER_E_INTEGER,        /* INTEGER/ENUMERATED empty or not minimal */
    DER_E_BOOLEAN,        /* BOOLEAN not one octet 00 or FF */
    DER_E_BITSTRING,      /* BIT STRING unused bits > 7, non-zero padding */
    DER_E_OID,            /* OBJECT IDENTIFIER empty, non-minimal, truncated */
    DER_E_UTCTIME,        /* UTCTime not YYMMDDHHMMSSZ or out of range */
    DER_E_GENTIME,        /* GeneralizedTime not in its DER form */
    DER_E_STRING,         /* a character outside the string type's set */
    DER_E_NULL,           /* NULL with contents */
    DER_E_EOC,            /* universal tag 0 (end-of-contents) as a value */
    DER_E_SIZE,           /* input larger than the size limit */
    DER_E_DEPTH,          /* nesting deeper than the depth limit */
    DER_E_COUNT,          /* more TLVs than the element limit */
    DER_E__COUNT
} der_err;

/* Hard caps on the limits (a caller cannot configure more). */
#define DER_DEPTH_CAP 256u

typedef struct der_limits {
    size_t max_input;    /* bytes in the whole input */
    unsigned max_depth;  /* constructed nesting; 1 = outermost value only */
    size_t max_elements; /* TLVs in the whole input, all levels */
} der_limits;

/* Default limits: 16 MiB, depth 64, 1,000,000 elements. */
void der_limits_default(der_limits *lim);

#define DER_CLASS_UNIVERSAL 0u
#define DER_CLASS_APPLICATION 1u
#define DER_CLASS_CONTEXT 2u
#define DER_CLASS_PRIVATE 3u

/* Universal tag numbers used by the content checks. */
enum {
    DER_TAG_BOOLEAN = 1, DER_TAG_INTEGER = 2, DER_TAG_BIT_STRING = 3,
    DER_TAG_OCTET_STRING = 4, DER_TAG_NULL = 5, DER_TAG_OID = 6,
    DER_TAG_ENUMERATED = 10, DER_TAG_UTF8_STRING = 12, DER_TAG_SEQUENCE = 16,
    DER_TAG_SET = 17, DER_TAG_NUMERIC_STRING = 18,
    DER_TAG_PRINTABLE_STRING = 19, DER_TAG_IA5_STRING = 22,
    DER_TAG_UTC_TIME = 23, DER_TAG_GENERALIZED_TIME = 24,
    DER_TAG_VISIBLE_STRING = 26, DER_TAG_UNIVERSAL_STRING = 28,
    DER_TAG_BMP_STRING = 30
};

/* One decoded TLV header. val points into the caller's buffer. */
typedef struct der_tlv {
    uint8_t cls;        /* DER_CLASS_* */
    bool constructed;
    uint32_t tag;       /* tag number */
    size_t off;         /* offset of the identifier octet from the origin */
    size_t hdr_len;     /* identifier + length octets */
    size_t len;         /* contents length */
    const uint8_t *val; /* contents */
} der_tlv;

/* Writes a DER header into out: the identifier octets as written (tag
 * 0x80 is one octet, 0xbf25 two) and the definite length of len in its
 * shortest form (X.690 8.1.3, 10.1). Returns the header's size (at most
 * DER_HEADER_MAX). The one header writer of the library, its builders and
 * tools. */
#define DER_HEADER_MAX 12
size_t der_write_header(uint8_t out[DER_HEADER_MAX], unsigned tag, size_t len);

/* Writes the DER ECDSA-Sig-Value SEQUENCE { r INTEGER, s INTEGER } (RFC
 * 5480 / X9.62) of r and s, each 32 bytes unsigned big-endian, in minimal
 * form. Returns its size (at most DER_ECDSA_SIG_MAX). */
#define DER_ECDSA_SIG_MAX (2 + 2 * 35)
size_t der_write_ecdsa_sig(uint8_t out[DER_ECDSA_SIG_MAX], const uint8_t r[32], const uint8_t s[32]);

/* Total encoded size of a TLV (header + contents). */
static inline size_t der_tlv_size(const der_tlv *t) { return t->hdr_len + t->len; }

/* A bounded cursor over a span. origin_off is the offset of p from the start
 * of the outermost input, used only for reporting. */
typedef struct der_cursor {
    const uint8_t *p;
    const uint8_t *end;
    size_t origin_off;
} der_cursor;

void der_cursor_init(der_cursor *c, const uint8_t *buf, size_t len, size_t origin_off);

/* Cursor over the contents of a TLV read from a cursor with the same origin. */
void der_cursor_enter(der_cursor *c, const der_tlv *t);

static inline bool der_cursor_done(const der_cursor *c) { return c->p == c->end; }
static inline size_t der_cursor_remaining(const der_cursor *c) { return (size_t)(c->end - c->p); }
static inline size_t der_cursor_offset(const der_cursor *c) { return c->origin_off; }

/* Reads one TLV header at the cursor, checks its contents lie within the
 * cursor, and advances past the whole TLV. On error the cursor is unchanged
 * and *err_off (if not NULL) gets the offset of the offending byte. */
der_err der_read_tlv(der_cursor *c, der_tlv *out, size_t *err_off);

/* Like der_read_tlv but leaves the cursor where it is. */
der_err der_peek_tlv(const der_cursor *c, der_tlv *out, size_t *err_off);

/* Result of a whole-tree walk. */
typedef struct der_result {
    der_err err;
    size_t off;          /* offset of the offending byte (when err != OK) */
    size_t elements;     /* TLVs seen */
    size_t contents;     /* contents octets of the primitive TLVs seen */
    unsigned max_depth;  /* deepest nesting seen */
} der_result;

/* Walk flags. */
#define DER_WALK_CONTENTS 0x1u /* also validate universal primitive contents */

/* Validates that [buf, buf+len) is exactly one well-formed DER value
 * (nothing trailing), walking every constructed value down to its leaves.
 * origin_off is added to reported offsets. Iterative: the depth limit bounds
 * memory, not the C stack. res->elements counts every TLV in the tree. */
der_err der_walk(const uint8_t *buf, size_t len, size_t origin_off,
                 const der_limits *lim, unsigned flags, der_result *res);

/* Checks the contents of one universal primitive value against its type
 * (INTEGER, BOOLEAN, BIT STRING, NULL, OID, times, strings). Other tags:
 * DER_OK. *err_off gets the offset of the value's first contents octet. */
der_err der_check_universal(const der_tlv *t, size_t *err_off);

/* --- strict primitive readers (contents only, no header) --- */

/* INTEGER contents: non-empty and minimal (X.690 8.3.2). */
der_err der_int_check(const uint8_t *v, size_t len);
/* Minimal INTEGER to int64 (DER_E_INTEGER also when it does not fit). */
der_err der_int_to_i64(const uint8_t *v, size_t len, int64_t *out);
/* Minimal non-negative INTEGER to uint64. */
der_err der_int_to_u64(const uint8_t *v, size_t len, uint64_t *out);

/* BOOLEAN contents: exactly 0x00 or 0xFF (X.690 11.1). */
der_err der_bool(const uint8_t *v, size_t len, bool *out);

/* BIT STRING contents: first octet = unused bits 0..7, 0 when empty, unused
 * bits zero (X.690 11.2.1). Gives the bit octets and the bit count. */
der_err der_bitstring(const uint8_t *v, size_t len, const uint8_t **bits,
                      size_t *nbits);

/* OBJECT IDENTIFIER contents to dotted text, arcs of any size (X.690 8.19).
 * Writes at most cap bytes including the NUL; *needed (if not NULL) gets the
 * size needed including the NUL (exact, except for a DER_E_SIZE caused by
 * an arc longer than 240 octets, where it is an upper bound). Returns
 * DER_E_OID on malformed contents; DER_E_SIZE when the text does not fit in
 * cap (the buffer's contents are then undefined). The work is bounded by
 * cap: pass a bounded buffer for untrusted input. */
der_err der_oid_to_text(const uint8_t *v, size_t len, char *out, size_t cap,
                        size_t *needed);

/* A calendar time read from UTCTime / GeneralizedTime, always UTC. */
typedef struct der_time {
    int year, month, day, hour, minute, second;
    bool fraction; /* a GeneralizedTime with fractional seconds (RFC 5280
                    * forbids them in certificates and CRLs) */
} der_time;

/* UTCTime "YYMMDDHHMMSSZ" (X.690 11.8; RFC 5280 4.1.2.5.1: YY >= 50 is
 * 19YY, else 20YY). */
der_err der_utctime(const uint8_t *v, size_t len, der_time *out);
/* GeneralizedTime "YYYYMMDDHHMMSS[.f]Z" (X.690 11.7: Z, seconds present,
 * fraction without trailing zeros); includes 99991231235959Z. */
der_err der_gentime(const uint8_t *v, size_t len, der_time *out);
/* Seconds since 1970-01-01T00:00:00Z (proleptic Gregorian). */
int64_t der_time_to_unix(const der_time *t);

/* Alphabet checks. */
der_err der_printable_check(const uint8_t *v, size_t len);
der_err der_ia5_check(const uint8_t *v, size_t len);
der_err der_utf8_check(const uint8_t *v, size_t len);
/* The one UTF-8 decoder (RFC 3629: shortest form, no surrogates, at most
 * U+10FFFF): the length of the valid sequence at s[0..avail) with its code
 * point in *cp, or 0 when the bytes there are not one. */
size_t der_utf8_decode(const uint8_t *s, size_t avail, uint32_t *cp);
der_err der_numeric_check(const uint8_t *v, size_t len);
der_err der_visible_check(const uint8_t *v, size_t len);
/* BMPString: UCS-2, two octets a character, no surrogate code unit
 * (X.680 41.16, ISO/IEC 10646: D800..DFFF are not characters). */
der_err der_bmp_check(const uint8_t *v, size_t len);
/* UniversalString: UCS-4, four octets a character, each at most U+10FFFF
 * and not a surrogate (X.680 41.16, ISO/IEC 10646). */
der_err der_universal_check(const uint8_t *v, size_t len);

/* Short English description of an error code. */
const char *der_err_str(der_err e);

#endif
