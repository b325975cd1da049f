/*
 * buf.c - growable output buffer.
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void esv_buf_init(esv_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void esv_buf_free(esv_buf *b)
{
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
    nd = realloc(b->data, ncap);
    if (nd == NULL) {
        b->failed = 1;
        return -1;
    }
    b->data = nd;
    b->cap = ncap;
    return 0;
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
    unsigned char c = s[0];
    size_t n, k;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2; cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3; cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4; cp = c & 0x07u;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (k = 1; k < n; k++) {
        if ((s[k] & 0xc0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return n;
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
