/*
 * buf.c - growable output buffer.
 */
#include "buf.h"
#include "esv/common.h"
#include "../der/der.h"
#include "../crypto/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void esv_buf_init(esv_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void esv_buf_free(esv_buf *b)
{
    /* Buffers hold rendered output (show prints keys and PINs in hex):
     * zeroed before they go back to the allocator. */
    if (b->data != NULL)
        esv_memzero(b->data, b->cap);
    free(b->data);
    memset(b, 0, sizeof(*b));
}

static int reserve(esv_buf *b, size_t extra)
{
    size_t need, ncap;
    char *nd;
    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = 1;
        return -1;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    ncap = b->cap ? b->cap : 256;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    /* not realloc: a moved buffer would leave its old copy, secrets
     * included, in freed memory */
    nd = malloc(ncap);
    if (nd == NULL) {
        b->failed = 1;
        return -1;
    }
    if (b->data != NULL) {
        memcpy(nd, b->data, b->len + 1);
        esv_memzero(b->data, b->cap);
        free(b->data);
    }
    b->data = nd;
    b->cap = ncap;
    return 0;
}

void esv_out_init(esv_out *o, esv_out_write_fn write, void *opaque)
{
    esv_buf_init(&o->b);
    o->write = write;
    o->opaque = opaque;
    o->status = ESV_OK;
}

int esv_out_flush(esv_out *o, int final)
{
    if (o->status != ESV_OK)
        return o->status;
    if (o->b.failed) {
        o->status = ESV_E_NOMEM;
        return o->status;
    }
    if (o->b.len == 0 || (!final && o->b.len < ESV_OUT_CHUNK))
        return ESV_OK;
    if (o->write(o->opaque, o->b.data, o->b.len) != 0)
        o->status = ESV_E_IO;
    /* The text may hold secrets (show prints keys): wiped as it is reused. */
    esv_memzero(o->b.data, o->b.len);
    o->b.len = 0;
    return o->status;
}

int esv_out_finish(esv_out *o)
{
    int st = esv_out_flush(o, 1);
    esv_buf_free(&o->b);
    return st;
}

void esv_buf_der_tlv(esv_buf *b, unsigned tag, const void *content, size_t n)
{
    uint8_t h[DER_HEADER_MAX];
    esv_buf_append(b, h, der_write_header(h, tag, n));
    if (n > 0)
        esv_buf_append(b, content, n);
}

void esv_buf_append(esv_buf *b, const void *data, size_t len)
{
    if (reserve(b, len))
        return;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void esv_buf_puts(esv_buf *b, const char *s)
{
    esv_buf_append(b, s, strlen(s));
}

void esv_buf_putc(esv_buf *b, char c)
{
    esv_buf_append(b, &c, 1);
}

void esv_buf_printf(esv_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void esv_buf_hex(esv_buf *b, const uint8_t *v, size_t len, size_t max)
{
    size_t i, n = len > max ? max : len;
    for (i = 0; i < n; i++)
        esv_buf_printf(b, "%02x", v[i]);
    if (n < len)
        esv_buf_printf(b, "... (%zu bytes)", len);
}

const char *esv_hex_text(char *out, size_t cap, const uint8_t *v, size_t len)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t i, o = 0;
    if (cap == 0)
        return out;
    for (i = 0; i < len && o + 2 < cap && i < 32; i++) {
        out[o++] = digits[v[i] >> 4];
        out[o++] = digits[v[i] & 15];
    }
    if (i < len && o + 2 < cap) {
        out[o++] = '.';
        out[o++] = '.';
    }
    out[o] = '\0';
    return out;
}

/* Length of the valid UTF-8 sequence at s (RFC 3629), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    uint32_t cp;
    return der_utf8_decode(s, avail, &cp);
}

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

void esv_buf_utf8_sanitized(esv_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (n == 0) {
            esv_buf_append(b, replacement, 3);
            i++;
        } else {
            esv_buf_append(b, p + i, n);
            i += n;
        }
    }
}

void esv_buf_json_string(esv_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    esv_buf_putc(b, '"');
    while (i < len) {
        unsigned char c = p[i];
        size_t n;
        if (c == '"' || c == '\\') {
            esv_buf_putc(b, '\\');
            esv_buf_putc(b, (char)c);
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': esv_buf_puts(b, "\\n"); break;
            case '\r': esv_buf_puts(b, "\\r"); break;
            case '\t': esv_buf_puts(b, "\\t"); break;
            default: esv_buf_printf(b, "\\u%04x", c); break;
            }
            i++;
            continue;
        }
        n = utf8_seq(p + i, len - i);
        if (n == 0) {
            esv_buf_append(b, replacement, 3);
            i++;
        } else {
            esv_buf_append(b, p + i, n);
            i += n;
        }
    }
    esv_buf_putc(b, '"');
}

/* Code points that must not reach a terminal as they are. */
static int text_escapes(uint32_t c)
{
    return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x061c || c == 0x200e || c == 0x200f ||
           (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

/* One character of the escaped text into piece[16] (NUL-terminated):
 * returns its length and advances *i past the input it stands for. */
static size_t escape_one(const uint8_t *p, size_t len, size_t *i, unsigned flags,
                         char piece[16])
{
    uint32_t cp;
    size_t n = der_utf8_decode(p + *i, len - *i, &cp), k;
    if (n == 0) {
        snprintf(piece, 16, "\\x%02x", p[*i]);
        n = 1;
    } else if ((cp == '\\' && !(flags & ESV_TEXT_KEEP_BACKSLASH)) ||
               (cp == '"' && (flags & ESV_TEXT_QUOTE))) {
        piece[0] = '\\';
        piece[1] = (char)cp;
        piece[2] = '\0';
    } else if (text_escapes(cp)) {
        if (cp < 0x80)
            snprintf(piece, 16, "\\x%02x", (unsigned)cp);
        else
            snprintf(piece, 16, "\\u{%04x}", (unsigned)cp);
    } else {
        for (k = 0; k < n; k++)
            piece[k] = (char)p[*i + k];
        piece[n] = '\0';
    }
    *i += n;
    return strlen(piece);
}

void esv_buf_text(esv_buf *b, const char *s, size_t len, unsigned flags)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    if (flags & ESV_TEXT_QUOTE)
        esv_buf_putc(b, '"');
    while (i < len) {
        char piece[16];
        size_t n = escape_one(p, len, &i, flags, piece);
        esv_buf_append(b, piece, n);
    }
    if (flags & ESV_TEXT_QUOTE)
        esv_buf_putc(b, '"');
}

void esv_buf_html(esv_buf *b, const char *s, size_t len, unsigned flags)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0, k;
    if (flags & ESV_TEXT_QUOTE)
        esv_buf_puts(b, "&quot;");
    while (i < len) {
        char piece[16];
        size_t n = escape_one(p, len, &i, flags, piece);
        for (k = 0; k < n; k++) {
            switch (piece[k]) {
            case '&': esv_buf_puts(b, "&amp;"); break;
            case '<': esv_buf_puts(b, "&lt;"); break;
            case '>': esv_buf_puts(b, "&gt;"); break;
            case '"': esv_buf_puts(b, "&quot;"); break;
            case '\'': esv_buf_puts(b, "&#39;"); break;
            default: esv_buf_putc(b, piece[k]); break;
            }
        }
    }
    if (flags & ESV_TEXT_QUOTE)
        esv_buf_puts(b, "&quot;");
}

size_t esv_text_escape_into(char *out, size_t cap, const void *s, size_t len, int ellipsis)
{
    /* No allocation: a finding message must not degrade silently when
     * memory is short. */
    const uint8_t *p = s;
    size_t i = 0, o = 0, total = 0;
    int full = cap == 0;
    while (i < len) {
        char piece[16];
        size_t n = escape_one(p, len, &i, 0, piece);
        total += n;
        if (full)
            continue;
        /* room for the piece, the NUL and, while more follows, "..." */
        if (o + n + (ellipsis && i < len ? 3 : 0) < cap) {
            memcpy(out + o, piece, n);
            o += n;
        } else {
            /* cut here, on a character boundary (no later, shorter piece
             * is written: the result stays a prefix) */
            size_t e = cap - 1 - o < 3 ? cap - 1 - o : 3;
            full = 1;
            if (ellipsis) {
                memcpy(out + o, "...", e);
                o += e;
            }
        }
    }
    if (cap)
        out[o] = '\0';
    return total;
}

const char *esv_text_escaped(char *out, size_t cap, const void *s, size_t len)
{
    (void)esv_text_escape_into(out, cap, s, len, 1);
    return out;
}

const char *esv_time_rfc3339(char out[32], int64_t t)
{
    /* civil from days (proleptic Gregorian), era-based */
    int64_t days = t / 86400, secs = t % 86400, z, era, doe, yoe, y, doy, mp, d, m;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999 || t < INT64_MIN / 2 || t > INT64_MAX / 2)
        snprintf(out, 32, "@%lld", (long long)t);
    else
        snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d,
                 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    return out;
}
