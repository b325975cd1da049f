/*
 * buf.h - a growable output buffer with a sticky error flag, so writers
 * append without checking each call and test the flag once at the end.
 */
#ifndef ESV_BUF_H
#define ESV_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct esv_buf {
    char *data;
    size_t len, cap;
    int failed; /* an allocation failed: contents are incomplete */
} esv_buf;

void esv_buf_init(esv_buf *b);
void esv_buf_free(esv_buf *b);
void esv_buf_append(esv_buf *b, const void *data, size_t len);
void esv_buf_puts(esv_buf *b, const char *s);
void esv_buf_putc(esv_buf *b, char c);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
void esv_buf_printf(esv_buf *b, const char *fmt, ...);

/*
 * Output written in pieces: the views (esv show, --tlv) hand the buffer to
 * the caller's write function whenever it holds ESV_OUT_CHUNK bytes, so
 * their memory does not grow with the input. On a failure the output
 * written so far is incomplete and every later flush does nothing.
 */
#define ESV_OUT_CHUNK (64u * 1024u)

typedef int (*esv_out_write_fn)(void *opaque, const void *data, size_t len);

typedef struct esv_out {
    esv_buf b;
    esv_out_write_fn write;
    void *opaque;
    int status; /* 0 (ESV_OK), or the first failure: ESV_E_NOMEM or ESV_E_IO */
} esv_out;

void esv_out_init(esv_out *o, esv_out_write_fn write, void *opaque);
/* Writes the buffer out when it holds ESV_OUT_CHUNK bytes or more, or
 * whatever it holds when final is set. Returns o->status. */
int esv_out_flush(esv_out *o, int final);
/* Flushes what is left and frees the buffer; returns o->status. */
int esv_out_finish(esv_out *o);
/* Appends a DER TLV: tag (one or two octets, as written: 0x80, 0xbf25),
 * the definite length in its shortest form, then n bytes of content. */
void esv_buf_der_tlv(esv_buf *b, unsigned tag, const void *content, size_t n);

/* Bytes of a value the text views (esv show, --tlv) print in hex before
 * they cut it; JSON shows whole values. */
#define ESV_SHOW_HEX_MAX 64

/* Appends v as lowercase hex, at most max bytes of it; a longer value ends
 * in "... (N bytes)". */
void esv_buf_hex(esv_buf *b, const uint8_t *v, size_t len, size_t max);

/* Writes v as uppercase hex into out (cap bytes, NUL-terminated), at most
 * 32 bytes of it; a longer value (or one that does not fit) ends in "..".
 * Returns out. For finding messages. */
const char *esv_hex_text(char *out, size_t cap, const uint8_t *v, size_t len);

/* t (seconds since 1970) as RFC 3339 UTC, "2030-01-01T00:00:00Z", into
 * out[32]; a time outside years 0000..9999 as "@" and the seconds. */
const char *esv_time_rfc3339(char out[32], int64_t t);

/* Appends s as a JSON string literal (quotes included): escapes quotes,
 * backslashes and control characters, replaces invalid UTF-8 with U+FFFD. */
void esv_buf_json_string(esv_buf *b, const char *s, size_t len);
/* Appends s with invalid UTF-8 sequences replaced by U+FFFD (for CBOR text
 * strings: data, not a terminal). */
void esv_buf_utf8_sanitized(esv_buf *b, const char *s, size_t len);

/*
 * Text for a terminal or a log: the one escaping every text writer (report,
 * show, rules) applies to input-derived strings, so the input cannot forge
 * lines, move the cursor or reorder what is shown. Escaped: C0 controls
 * (NUL, ESC, CR, LF, ...), DEL, C1 controls, the bidirectional marks,
 * embeddings, overrides and isolates, the line and paragraph separators,
 * the BOM (as \u{XXXX}), a byte that is not valid UTF-8 (as \xNN), and
 * the backslash itself (so the escaping is unambiguous); with `quote`, the
 * double quote too and the whole in double quotes.
 */
#define ESV_TEXT_QUOTE 1u          /* in double quotes, '"' escaped */
#define ESV_TEXT_KEEP_BACKSLASH 2u /* a backslash as it is: for text already
                                    * escaped where it embeds input (finding
                                    * messages), so escapes are not doubled */
void esv_buf_text(esv_buf *b, const char *s, size_t len, unsigned flags);
/* Text for HTML: the same escaping as esv_buf_text (so a control or
 * bidirectional character shows as \xNN or \u{XXXX}, visibly, and never
 * reorders the page), then &, <, >, " and ' as character references. Safe
 * in element content and in a quoted attribute value. */
void esv_buf_html(esv_buf *b, const char *s, size_t len, unsigned flags);
/* The same (flags 0) into out (cap bytes, NUL-terminated unless cap is 0),
 * without allocating, cut on a character boundary to fit, with "..." when
 * ellipsis is set. Returns the length of the whole escaped text. */
size_t esv_text_escape_into(char *out, size_t cap, const void *s, size_t len, int ellipsis);
/* esv_text_escape_into with "...": for input-derived text inside a finding
 * message. Returns out. */
const char *esv_text_escaped(char *out, size_t cap, const void *s, size_t len);

#endif
