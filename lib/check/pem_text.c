/*
 * pem_text.c - the RFC 7468 recogniser (see pem_text.h for what it
 * accepts). It reads line by line and never decodes: lib/pki/pem.c hands
 * the base64 of the blocks it wants to mbedTLS.
 */
#include <string.h>

#include "pem_text.h"

static const char BEGIN[] = "-----BEGIN ";
static const char END[] = "-----END ";
#define DASHES "-----"

/* Text inside a line: printable ASCII or HT (CR and LF end lines). */
static bool is_text(uint8_t ch)
{
    return (ch >= 0x20 && ch <= 0x7e) || ch == '\t';
}

static bool is_wsp(uint8_t ch)
{
    return ch == ' ' || ch == '\t';
}

/* RFC 4648 4: the value of a base64 character, -1 for any other byte. */
static int b64_digit(uint8_t ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

/* RFC 7468 3: labelchar = %x21-2C / %x2E-7E (printable, not '-'). */
static bool is_labelchar(uint8_t ch)
{
    return ch >= 0x21 && ch <= 0x7e && ch != '-';
}

static bool starts_with(const uint8_t *line, size_t n, const char *s)
{
    size_t k = strlen(s);
    return n >= k && memcmp(line, s, k) == 0;
}

/* The line at c->p into [*line, *line + *n) without its eol, and c->p past
 * the eol (RFC 7468 3: eol = CRLF / CR / LF; the last line may lack one).
 * false when the line holds a byte that is not text. */
static bool next_line(esv_pem_cursor *c, const uint8_t **line, size_t *n)
{
    const uint8_t *p = c->p;
    while (p < c->end && *p != '\r' && *p != '\n') {
        if (!is_text(*p))
            return false;
        p++;
    }
    *line = c->p;
    *n = (size_t)(p - c->p);
    if (p < c->end && *p == '\r')
        p++;
    if (p < c->end && *p == '\n') /* LF, or the LF of CRLF */
        p++;
    c->p = p;
    return true;
}

/* RFC 7468 3: preeb = "-----BEGIN " label "-----", posteb = "-----END "
 * label "-----", label = [ labelchar *( ["-" / SP] labelchar ) ]; then
 * only WSP up to the eol (textualmsg allows *WSP there). The label span,
 * or false when the line is not that boundary. */
static bool boundary(const uint8_t *line, size_t n, const char *kw, const uint8_t **label,
                     size_t *label_len)
{
    size_t k = strlen(kw), i, ll;
    const uint8_t *lab;
    if (!starts_with(line, n, kw))
        return false;
    while (n > k && is_wsp(line[n - 1]))
        n--;
    if (n < k + 5 || memcmp(line + n - 5, DASHES, 5) != 0)
        return false;
    lab = line + k;
    ll = n - k - 5;
    for (i = 0; i < ll; i++) {
        if (is_labelchar(lab[i]))
            continue;
        /* one '-' or SP between two labelchars */
        if ((lab[i] != '-' && lab[i] != ' ') || i == 0 || i + 1 == ll ||
            !is_labelchar(lab[i + 1]))
            return false;
    }
    *label = lab;
    *label_len = ll;
    return true;
}

void esv_pem_init(esv_pem_cursor *c, const uint8_t *text, size_t len)
{
    c->base = text;
    c->p = text;
    c->end = text ? text + len : text;
}

int esv_pem_next(esv_pem_cursor *c, esv_pem_block *b)
{
    const uint8_t *line, *label;
    size_t n, label_len;
    int last = 0;

    memset(b, 0, sizeof(*b));
    /* RFC 7468 5.2: explanatory text before the BEGIN line. */
    for (;;) {
        size_t off = (size_t)(c->p - c->base);
        if (c->p == c->end)
            return 0;
        if (!next_line(c, &line, &n))
            return -1;
        if (boundary(line, n, BEGIN, &b->label, &b->label_len)) {
            b->off = off;
            break;
        }
        /* A stray END, or a BEGIN line that is not well-formed: another
         * parser may see a block here, so this is not text esv reads. */
        if (starts_with(line, n, BEGIN) || starts_with(line, n, END))
            return -1;
    }
    b->body = c->p;
    for (;;) {
        const uint8_t *line_start = c->p;
        size_t i;
        if (c->p == c->end)
            return -1; /* RFC 7468 2: a block ends with its END line */
        if (!next_line(c, &line, &n))
            return -1;
        if (starts_with(line, n, DASHES)) {
            /* RFC 7468 2: the END label is the BEGIN label (esv does not
             * take the permission to ignore it). */
            if (!boundary(line, n, END, &label, &label_len) || label_len != b->label_len ||
                memcmp(label, b->label, label_len) != 0)
                return -1;
            b->body_len = (size_t)(line_start - b->body);
            break;
        }
        /* RFC 7468 2 / RFC 4648 4: base64 characters and white space only,
         * '=' only at the end. */
        for (i = 0; i < n; i++) {
            int v;
            if (is_wsp(line[i]))
                continue;
            if (line[i] == '=') {
                if (++b->pad > 2)
                    return -1;
            } else {
                if (b->pad > 0 || (v = b64_digit(line[i])) < 0)
                    return -1;
                last = v;
            }
            b->chars++;
        }
    }
    /* RFC 4648 4: whole groups of four; 3.5: the bits the padding leaves
     * unused are zero (else two texts decode to one value). An empty block
     * carries no value. */
    if (b->chars == 0 || b->chars % 4 != 0)
        return -1;
    if ((b->pad == 1 && (last & 0x3) != 0) || (b->pad == 2 && (last & 0xf) != 0))
        return -1;
    return 1;
}

size_t esv_pem_blocks(const uint8_t *text, size_t len, esv_pem_block *first)
{
    esv_pem_cursor c;
    esv_pem_block b;
    size_t count = 0;
    int rc;
    if (text == NULL)
        return 0;
    esv_pem_init(&c, text, len);
    while ((rc = esv_pem_next(&c, &b)) == 1) {
        if (count++ == 0 && first != NULL)
            *first = b;
    }
    return rc == 0 ? count : 0;
}
