/*
 * der.c - the strict DER reader. See der.h for the invariant and the rules.
 */
#include "der.h"

#include <string.h>

void der_limits_default(der_limits *lim)
{
    lim->max_input = (size_t)16 * 1024 * 1024;
    lim->max_depth = 64;
    lim->max_elements = 1000000;
}

void der_cursor_init(der_cursor *c, const uint8_t *buf, size_t len, size_t origin_off)
{
    c->p = buf;
    /* An empty span may come as (NULL, 0), e.g. an empty asn1c OCTET
     * STRING: no pointer arithmetic on NULL. */
    c->end = len ? buf + len : buf;
    c->origin_off = origin_off;
}

void der_cursor_enter(der_cursor *c, const der_tlv *t)
{
    der_cursor_init(c, t->val, t->len, t->off + t->hdr_len);
}

/*
 * Parses the identifier and length octets at p (which has `avail` bytes) and
 * checks that the contents fit. X.690 8.1.2 (identifier), 8.1.3 and 10.1
 * (definite length, minimal octets).
 */
static der_err parse_header(const uint8_t *p, size_t avail, size_t origin,
                            der_tlv *t, size_t *err_off)
{
    size_t i = 1;
    uint32_t tag;
    size_t len;

    if (avail == 0) {
        *err_off = origin;
        return DER_E_EMPTY;
    }
    t->off = origin;
    t->cls = (uint8_t)(p[0] >> 6);
    t->constructed = (p[0] & 0x20u) != 0;
    tag = p[0] & 0x1fu;
    if (tag == 0x1fu) {
        /* X.690 8.1.2.4.2: subsequent octets, bit 8 set on all but the last;
         * the first subsequent octet shall not be 0x80 (c). */
        if (i >= avail) {
            *err_off = origin + i;
            return DER_E_TRUNCATED;
        }
        if (p[i] == 0x80u) {
            *err_off = origin + i;
            return DER_E_TAG;
        }
        tag = 0;
        for (;;) {
            uint8_t b;
            if (i >= avail) {
                *err_off = origin + i;
                return DER_E_TRUNCATED;
            }
            b = p[i];
            if (tag > (UINT32_MAX >> 7)) {
                *err_off = origin + i;
                return DER_E_TAG;
            }
            tag = (tag << 7) | (b & 0x7fu);
            i++;
            if (!(b & 0x80u))
                break;
        }
        /* 8.1.2.4.1 / 8.1.2.2: numbers 0..30 use the low tag form. */
        if (tag < 31u) {
            *err_off = origin + 1;
            return DER_E_TAG;
        }
    }
    t->tag = tag;
    if (t->cls == DER_CLASS_UNIVERSAL && tag == 0) {
        /* 8.1.5: end-of-contents only closes an indefinite length. */
        *err_off = origin;
        return DER_E_EOC;
    }
    if (i >= avail) {
        *err_off = origin + i;
        return DER_E_TRUNCATED;
    }
    if (p[i] < 0x80u) {
        len = p[i];
        i++;
    } else if (p[i] == 0x80u) {
        *err_off = origin + i; /* 10.1: definite form only */
        return DER_E_INDEFINITE;
    } else if (p[i] == 0xffu) {
        *err_off = origin + i; /* 8.1.3.5 c): reserved */
        return DER_E_LEN_OVERFLOW;
    } else {
        size_t n = p[i] & 0x7fu, k;
        size_t lenpos = i;
        i++;
        if (avail - i < n) {
            *err_off = origin + lenpos;
            return DER_E_TRUNCATED;
        }
        if (p[i] == 0) {
            *err_off = origin + i; /* 10.1: no leading zero octets */
            return DER_E_LEN_NONMINIMAL;
        }
        if (n > sizeof(size_t)) {
            *err_off = origin + lenpos;
            return DER_E_LEN_OVERFLOW;
        }
        len = 0;
        for (k = 0; k < n; k++)
            len = (len << 8) | p[i + k];
        i += n;
        if (len < 0x80u) {
            *err_off = origin + lenpos; /* 10.1: short form below 128 */
            return DER_E_LEN_NONMINIMAL;
        }
    }
    if (len > avail - i) {
        *err_off = origin + i;
        return DER_E_TRUNCATED;
    }
    t->hdr_len = i;
    t->len = len;
    t->val = p + i;
    return DER_OK;
}

der_err der_peek_tlv(const der_cursor *c, der_tlv *out, size_t *err_off)
{
    size_t dummy;
    return parse_header(c->p, (size_t)(c->end - c->p), c->origin_off, out,
                        err_off ? err_off : &dummy);
}

der_err der_read_tlv(der_cursor *c, der_tlv *out, size_t *err_off)
{
    der_err e = der_peek_tlv(c, out, err_off);
    if (e != DER_OK)
        return e;
    c->p = out->val + out->len;
    c->origin_off = out->off + der_tlv_size(out);
    return DER_OK;
}

/* X.690 10.2 (strings primitive in DER), 8.9.1/8.11.1 (SEQUENCE/SET
 * constructed), 8.2 ... 8.19 (the other primitive types). */
static der_err check_form(const der_tlv *t)
{
    if (t->cls != DER_CLASS_UNIVERSAL)
        return DER_OK;
    switch (t->tag) {
    case 8: case 11: case 29: /* EXTERNAL, EMBEDDED PDV, CHARACTER STRING */
    case DER_TAG_SEQUENCE: case DER_TAG_SET:
        return t->constructed ? DER_OK : DER_E_FORM;
    case 15:
        return DER_OK; /* reserved */
    default:
        if (t->tag <= 36u)
            return t->constructed ? DER_E_FORM : DER_OK;
        return DER_OK;
    }
}

static der_err oid_check(const uint8_t *v, size_t len)
{
    size_t i;
    if (len == 0 || (v[len - 1] & 0x80u))
        return DER_E_OID;
    /* 8.19.2: each subidentifier in the fewest octets: no leading 0x80. */
    for (i = 0; i < len; i++) {
        if (v[i] == 0x80u && (i == 0 || !(v[i - 1] & 0x80u)))
            return DER_E_OID;
    }
    return DER_OK;
}

der_err der_check_universal(const der_tlv *t, size_t *err_off)
{
    der_err e = DER_OK;
    der_time tm;
    bool b;
    const uint8_t *bits;
    size_t nbits;

    *err_off = t->off + t->hdr_len;
    if (t->cls != DER_CLASS_UNIVERSAL || t->constructed)
        return DER_OK;
    switch (t->tag) {
    case DER_TAG_BOOLEAN: e = der_bool(t->val, t->len, &b); break;
    case DER_TAG_INTEGER:
    case DER_TAG_ENUMERATED: e = der_int_check(t->val, t->len); break;
    case DER_TAG_BIT_STRING: e = der_bitstring(t->val, t->len, &bits, &nbits); break;
    case DER_TAG_NULL: e = t->len == 0 ? DER_OK : DER_E_NULL; break;
    case DER_TAG_OID: e = oid_check(t->val, t->len); break;
    case DER_TAG_UTC_TIME: e = der_utctime(t->val, t->len, &tm); break;
    case DER_TAG_GENERALIZED_TIME: e = der_gentime(t->val, t->len, &tm); break;
    case DER_TAG_PRINTABLE_STRING: e = der_printable_check(t->val, t->len); break;
    case DER_TAG_IA5_STRING: e = der_ia5_check(t->val, t->len); break;
    case DER_TAG_UTF8_STRING: e = der_utf8_check(t->val, t->len); break;
    case DER_TAG_NUMERIC_STRING: e = der_numeric_check(t->val, t->len); break;
    case DER_TAG_VISIBLE_STRING: e = der_visible_check(t->val, t->len); break;
    case DER_TAG_BMP_STRING: e = der_bmp_check(t->val, t->len); break;
    case DER_TAG_UNIVERSAL_STRING: e = der_universal_check(t->val, t->len); break;
    default: break;
    }
    return e;
}

/* Reads the TLV at p within [p, end), applies the form, limit and content
 * checks, and counts it. */
static der_err walk_one(const uint8_t *p, const uint8_t *end, size_t origin,
                        const uint8_t *base, unsigned level,
                        const der_limits *lim, unsigned flags, der_result *res,
                        der_tlv *t)
{
    size_t off = origin + (size_t)(p - base);
    der_err e = parse_header(p, (size_t)(end - p), off, t, &res->off);
    if (e != DER_OK)
        return e;
    if (res->elements >= lim->max_elements) {
        res->off = off;
        return DER_E_COUNT;
    }
    res->elements++;
    if (level > lim->max_depth) {
        res->off = off;
        return DER_E_DEPTH;
    }
    if (level > res->max_depth)
        res->max_depth = level;
    if ((e = check_form(t)) != DER_OK) {
        res->off = off;
        return e;
    }
    if (!t->constructed)
        res->contents += t->len;
    if ((flags & DER_WALK_CONTENTS) && !t->constructed)
        return der_check_universal(t, &res->off);
    return DER_OK;
}

der_err der_walk(const uint8_t *buf, size_t len, size_t origin_off,
                 const der_limits *lim, unsigned flags, der_result *res)
{
    const uint8_t *ends[DER_DEPTH_CAP + 1];
    unsigned depth = 0; /* open constructed values around p */
    unsigned max_depth = lim->max_depth;
    der_limits l = *lim;
    const uint8_t *p = buf;
    der_tlv t;
    der_err e;

    memset(res, 0, sizeof(*res));
    if (max_depth > DER_DEPTH_CAP)
        max_depth = DER_DEPTH_CAP;
    l.max_depth = max_depth;
    if (len > lim->max_input) {
        res->off = origin_off + lim->max_input;
        return res->err = DER_E_SIZE;
    }
    if (len == 0 || buf == NULL) {
        res->off = origin_off;
        return res->err = DER_E_EMPTY;
    }
    ends[0] = buf + len;
    e = walk_one(p, ends[0], origin_off, buf, 1, &l, flags, res, &t);
    if (e != DER_OK)
        return res->err = e;
    if (t.val + t.len != ends[0]) {
        /* X.690 8.1.1: the input is one value; nothing may follow it. */
        res->off = origin_off + (size_t)(t.val + t.len - buf);
        return res->err = DER_E_TRAILING;
    }
    if (!t.constructed)
        return res->err = DER_OK;
    depth = 1;
    ends[1] = t.val + t.len;
    p = t.val;
    while (depth > 0) {
        if (p == ends[depth]) {
            depth--;
            continue;
        }
        e = walk_one(p, ends[depth], origin_off, buf, depth + 1, &l, flags,
                     res, &t);
        if (e != DER_OK)
            return res->err = e;
        if (t.constructed && t.len > 0) {
            depth++; /* walk_one checked depth + 1 <= max_depth <= CAP */
            ends[depth] = t.val + t.len;
            p = t.val;
        } else {
            p = t.val + t.len;
        }
    }
    return res->err = DER_OK;
}

/* --- primitives --- */

der_err der_int_check(const uint8_t *v, size_t len)
{
    /* X.690 8.3.2: the first nine bits are not all ones nor all zeros. */
    if (len == 0)
        return DER_E_INTEGER;
    if (len > 1 && ((v[0] == 0x00 && !(v[1] & 0x80u)) ||
                    (v[0] == 0xff && (v[1] & 0x80u))))
        return DER_E_INTEGER;
    return DER_OK;
}

der_err der_int_to_i64(const uint8_t *v, size_t len, int64_t *out)
{
    uint64_t u;
    size_t i;
    if (der_int_check(v, len) != DER_OK || len > 8)
        return DER_E_INTEGER;
    u = (v[0] & 0x80u) ? UINT64_MAX : 0;
    for (i = 0; i < len; i++)
        u = (u << 8) | v[i];
    memcpy(out, &u, sizeof(u)); /* two's complement, no UB on negatives */
    return DER_OK;
}

der_err der_int_to_u64(const uint8_t *v, size_t len, uint64_t *out)
{
    uint64_t u = 0;
    size_t i;
    if (der_int_check(v, len) != DER_OK || (v[0] & 0x80u))
        return DER_E_INTEGER;
    if (len > 9 || (len == 9 && v[0] != 0))
        return DER_E_INTEGER;
    for (i = 0; i < len; i++)
        u = (u << 8) | v[i];
    *out = u;
    return DER_OK;
}

der_err der_bool(const uint8_t *v, size_t len, bool *out)
{
    if (len != 1 || (v[0] != 0x00 && v[0] != 0xff))
        return DER_E_BOOLEAN;
    *out = v[0] == 0xff;
    return DER_OK;
}

der_err der_bitstring(const uint8_t *v, size_t len, const uint8_t **bits,
                      size_t *nbits)
{
    unsigned unused;
    if (len == 0)
        return DER_E_BITSTRING;
    unused = v[0];
    if (unused > 7 || (len == 1 && unused != 0))
        return DER_E_BITSTRING;
    /* X.690 11.2.1: each unused bit is zero. */
    if (unused && (v[len - 1] & ((1u << unused) - 1u)))
        return DER_E_BITSTRING;
    *bits = v + 1;
    *nbits = (len - 1) * 8 - unused;
    return DER_OK;
}

/*
 * Writes the decimal value of the base-128 subidentifier v[0..n) minus
 * `minus` (0 or 40 or 80, already known not to underflow) at out, which has
 * room for the upper bound of digits. Returns the number of digits written.
 * Little-endian digit arithmetic in place, then reversed.
 */
static size_t arc_to_decimal(const uint8_t *v, size_t n, unsigned minus, char *out)
{
    size_t nd = 1, i, k;
    out[0] = 0;
    for (k = 0; k < n; k++) {
        unsigned carry = v[k] & 0x7fu;
        for (i = 0; i < nd; i++) {
            unsigned x = (unsigned)out[i] * 128u + carry;
            out[i] = (char)(x % 10u);
            carry = x / 10u;
        }
        while (carry) {
            out[nd++] = (char)(carry % 10u);
            carry /= 10u;
        }
    }
    /* subtract `minus` with borrow */
    {
        unsigned borrow = minus;
        for (i = 0; i < nd && borrow; i++) {
            unsigned sub = borrow % 10u;
            int d = out[i] - (int)sub;
            borrow /= 10u;
            if (d < 0) {
                d += 10;
                borrow += 1;
            }
            out[i] = (char)d;
        }
    }
    while (nd > 1 && out[nd - 1] == 0)
        nd--;
    for (i = 0; i < nd / 2; i++) {
        char tmp = out[i];
        out[i] = out[nd - 1 - i];
        out[nd - 1 - i] = tmp;
    }
    for (i = 0; i < nd; i++)
        out[i] = (char)('0' + out[i]);
    return nd;
}

/* Arcs up to this many octets are converted in a local scratch buffer, so
 * the exact text length is known whatever the caller's capacity. */
#define OID_ARC_SCRATCH_OCTETS 240
#define OID_ARC_SCRATCH_DIGITS ((211 * OID_ARC_SCRATCH_OCTETS) / 100 + 2)

der_err der_oid_to_text(const uint8_t *v, size_t len, char *out, size_t cap,
                        size_t *needed)
{
    char scratch[OID_ARC_SCRATCH_DIGITS];
    size_t i, pos = 0, s;
    bool fits = true;

    if (oid_check(v, len) != DER_OK)
        return DER_E_OID;
    for (s = 0; s < len; s = i) {
        size_t n, nd;
        unsigned x = 0;
        char *dst;
        i = s;
        while (v[i] & 0x80u)
            i++;
        i++;
        n = i - s;
        if (s == 0) {
            /* 8.19.4: first subidentifier = X*40 + Y, X in 0..2; for X = 2,
             * Y may be any value >= 40. */
            x = n > 1 ? 2 : v[s] < 40 ? 0 : v[s] < 80 ? 1 : 2;
            if (fits && pos + 2 < cap) {
                out[pos] = (char)('0' + x);
                out[pos + 1] = '.';
            } else {
                fits = false;
            }
            pos += 2;
        } else {
            if (fits && pos + 1 < cap)
                out[pos] = '.';
            else
                fits = false;
            pos += 1;
        }
        if (n <= OID_ARC_SCRATCH_OCTETS) {
            nd = arc_to_decimal(v + s, n, x * 40u, scratch);
            if (fits && pos + nd < cap)
                memcpy(out + pos, scratch, nd);
            else
                fits = false;
        } else {
            /* A huge arc: convert in place when the upper bound fits,
             * otherwise report the bound (the exact size is not computed). */
            size_t bound = (211 * n) / 100 + 2;
            if (!fits || pos + bound >= cap) {
                if (needed)
                    *needed = pos + bound + (len - i) * 3 + 1;
                return DER_E_SIZE;
            }
            dst = out + pos;
            nd = arc_to_decimal(v + s, n, x * 40u, dst);
        }
        pos += nd;
    }
    if (needed)
        *needed = pos + 1;
    if (!fits || pos >= cap)
        return DER_E_SIZE;
    out[pos] = '\0';
    return DER_OK;
}

static int two_digits(const uint8_t *v, int *out)
{
    if (v[0] < '0' || v[0] > '9' || v[1] < '0' || v[1] > '9')
        return -1;
    *out = (v[0] - '0') * 10 + (v[1] - '0');
    return 0;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Parses MMDDHHMMSS at v into t (year already set) and checks ranges. */
static int parse_mdhms(const uint8_t *v, der_time *t)
{
    if (two_digits(v, &t->month) || two_digits(v + 2, &t->day) ||
        two_digits(v + 4, &t->hour) || two_digits(v + 6, &t->minute) ||
        two_digits(v + 8, &t->second))
        return -1;
    if (t->month < 1 || t->month > 12 || t->day < 1 ||
        t->day > days_in_month(t->year, t->month) || t->hour > 23 ||
        t->minute > 59 || t->second > 59)
        return -1;
    return 0;
}

der_err der_utctime(const uint8_t *v, size_t len, der_time *out)
{
    int yy;
    der_time t;
    /* X.690 11.8: YYMMDDHHMMSSZ, seconds present, Z. */
    if (len != 13 || v[12] != 'Z' || two_digits(v, &yy))
        return DER_E_UTCTIME;
    t.year = yy >= 50 ? 1900 + yy : 2000 + yy;
    t.fraction = false;
    if (parse_mdhms(v + 2, &t))
        return DER_E_UTCTIME;
    *out = t;
    return DER_OK;
}

der_err der_gentime(const uint8_t *v, size_t len, der_time *out)
{
    int cc, yy;
    der_time t;
    /* X.690 11.7: YYYYMMDDHHMMSS[.fff]Z; no trailing zeros in the fraction,
     * no decimal point without digits. */
    if (len < 15 || v[len - 1] != 'Z' || two_digits(v, &cc) ||
        two_digits(v + 2, &yy))
        return DER_E_GENTIME;
    t.year = cc * 100 + yy;
    t.fraction = len > 15;
    if (parse_mdhms(v + 4, &t))
        return DER_E_GENTIME;
    if (len > 15) {
        size_t i;
        if (v[14] != '.' || len < 17 || v[len - 2] == '0')
            return DER_E_GENTIME;
        for (i = 15; i < len - 1; i++)
            if (v[i] < '0' || v[i] > '9')
                return DER_E_GENTIME;
    }
    *out = t;
    return DER_OK;
}

int64_t der_time_to_unix(const der_time *t)
{
    /* Days from civil (proleptic Gregorian), era-based. */
    int64_t y = t->year - (t->month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (t->month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + t->day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + t->hour * 3600 + t->minute * 60 + t->second;
}

der_err der_printable_check(const uint8_t *v, size_t len)
{
    /* X.680 41.4, table 10. */
    size_t i;
    for (i = 0; i < len; i++) {
        uint8_t c = v[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == ' ' || c == '\'' || c == '(' ||
            c == ')' || c == '+' || c == ',' || c == '-' || c == '.' ||
            c == '/' || c == ':' || c == '=' || c == '?')
            continue;
        return DER_E_STRING;
    }
    return DER_OK;
}

der_err der_ia5_check(const uint8_t *v, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (v[i] > 0x7f)
            return DER_E_STRING;
    return DER_OK;
}

der_err der_numeric_check(const uint8_t *v, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || v[i] == ' '))
            return DER_E_STRING;
    return DER_OK;
}

der_err der_visible_check(const uint8_t *v, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (v[i] < 0x20 || v[i] > 0x7e)
            return DER_E_STRING;
    return DER_OK;
}

der_err der_bmp_check(const uint8_t *v, size_t len)
{
    size_t i;
    if (len % 2 != 0)
        return DER_E_STRING;
    for (i = 0; i < len; i += 2)
        if (v[i] >= 0xd8 && v[i] <= 0xdf)
            return DER_E_STRING;
    return DER_OK;
}

der_err der_universal_check(const uint8_t *v, size_t len)
{
    size_t i;
    if (len % 4 != 0)
        return DER_E_STRING;
    for (i = 0; i < len; i += 4) {
        uint32_t c = ((uint32_t)v[i] << 24) | ((uint32_t)v[i + 1] << 16) | ((uint32_t)v[i + 2] << 8) | v[i + 3];
        if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return DER_E_STRING;
    }
    return DER_OK;
}

size_t der_utf8_decode(const uint8_t *s, size_t avail, uint32_t *cp)
{
    uint8_t c;
    uint32_t v;
    size_t n, k;
    if (avail == 0)
        return 0;
    c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        n = 2; v = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3; v = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4; v = c & 0x07u;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (k = 1; k < n; k++) {
        if ((s[k] & 0xc0u) != 0x80u)
            return 0;
        v = (v << 6) | (s[k] & 0x3fu);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || (v >= 0xd800 && v <= 0xdfff) ||
        v > 0x10ffff)
        return 0;
    *cp = v;
    return n;
}

der_err der_utf8_check(const uint8_t *v, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = der_utf8_decode(v + i, len - i, &cp);
        if (n == 0)
            return DER_E_STRING;
        i += n;
    }
    return DER_OK;
}

const char *der_err_str(der_err e)
{
    switch (e) {
    case DER_OK: return "ok";
    case DER_E_EMPTY: return "no value where one was expected";
    case DER_E_TRUNCATED: return "truncated: the value runs past the end of its container";
    case DER_E_INDEFINITE: return "indefinite length (not allowed in DER)";
    case DER_E_LEN_NONMINIMAL: return "length not in minimal form";
    case DER_E_LEN_OVERFLOW: return "length too large or reserved length octet";
    case DER_E_TAG: return "malformed high tag number";
    case DER_E_TRAILING: return "bytes after the outermost value";
    case DER_E_FORM: return "primitive/constructed form wrong for the universal type";
    case DER_E_INTEGER: return "INTEGER empty or not in minimal form";
    case DER_E_BOOLEAN: return "BOOLEAN not a single 0x00 or 0xFF octet";
    case DER_E_BITSTRING: return "BIT STRING unused-bit count or padding invalid";
    case DER_E_OID: return "OBJECT IDENTIFIER malformed";
    case DER_E_UTCTIME: return "UTCTime not in the DER form YYMMDDHHMMSSZ";
    case DER_E_GENTIME: return "GeneralizedTime not in the DER form YYYYMMDDHHMMSS[.f]Z";
    case DER_E_STRING: return "character outside the string type's alphabet";
    case DER_E_NULL: return "NULL with contents";
    case DER_E_EOC: return "end-of-contents tag used as a value";
    case DER_E_SIZE: return "input larger than the size limit";
    case DER_E_DEPTH: return "nesting deeper than the depth limit";
    case DER_E_COUNT: return "more elements than the element limit";
    default: return "unknown DER error";
    }
}

size_t der_write_header(uint8_t out[DER_HEADER_MAX], unsigned tag, size_t len)
{
    size_t k = 0, bytes = 0, m;
    if (tag > 0xffff)
        out[k++] = (uint8_t)(tag >> 16);
    if (tag > 0xff)
        out[k++] = (uint8_t)(tag >> 8);
    out[k++] = (uint8_t)tag;
    if (len < 0x80) {
        out[k++] = (uint8_t)len;
        return k;
    }
    for (m = len; m > 0; m >>= 8)
        bytes++;
    out[k++] = (uint8_t)(0x80 | bytes);
    while (bytes-- > 0)
        out[k++] = (uint8_t)(len >> (8 * bytes));
    return k;
}

/* A 32-byte unsigned big-endian value as a minimal DER INTEGER. */
static size_t write_uint32b(uint8_t *p, const uint8_t v[32])
{
    size_t i = 0, n;
    while (i < 31 && v[i] == 0)
        i++;
    n = 32 - i;
    p[0] = 0x02;
    if (v[i] & 0x80) {
        p[1] = (uint8_t)(n + 1);
        p[2] = 0;
        memcpy(p + 3, v + i, n);
        return n + 3;
    }
    p[1] = (uint8_t)n;
    memcpy(p + 2, v + i, n);
    return n + 2;
}

size_t der_write_ecdsa_sig(uint8_t out[DER_ECDSA_SIG_MAX], const uint8_t r[32], const uint8_t s[32])
{
    size_t n = write_uint32b(out + 2, r);
    n += write_uint32b(out + 2 + n, s);
    out[0] = 0x30;
    out[1] = (uint8_t)n; /* at most 70: the short form */
    return n + 2;
}
