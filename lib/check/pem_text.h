/*
 * pem_text.h - recognising PEM text (RFC 7468) without decoding it.
 *
 * esv reads DER. Certificates and CRLs may also come as PEM text (decoded
 * by lib/pki/pem.c), and the DER check says "this is PEM, not DER"
 * (DER-022) instead of reporting base64 read as TLVs. Both ask this one
 * recogniser, so "is PEM" means the same everywhere, and it is a property
 * of the whole input: PEM text somewhere inside other bytes is not PEM.
 *
 * PEM text is RFC 7468 read strictly where the RFC lets a parser choose:
 *  - text only: printable ASCII, HT, LF, CR; no NUL, no other control or
 *    8-bit byte anywhere;
 *  - one or more blocks: a "-----BEGIN LABEL-----" line, the base64 text,
 *    an "-----END LABEL-----" line with the same label (section 2 lets a
 *    parser ignore the END label; esv does not). Boundaries start their
 *    line and only spaces or tabs follow them;
 *  - inside a block only base64 characters, spaces, tabs and line breaks;
 *    '=' padding only at the end; whole 4-character groups, at least one;
 *    the unused bits before the padding zero (RFC 4648 3.5). Section 2
 *    says parsers SHOULD ignore other characters; esv refuses them (that
 *    also refuses RFC 1421 headers, which section 2 does not permit);
 *  - explanatory text (section 5.2) only outside blocks, and none of its
 *    lines may start like a boundary ("-----BEGIN ", "-----END ") without
 *    being one, since parsers would disagree on where a block begins.
 * Line breaks are CRLF, LF or CR (section 3, eol).
 */
#ifndef ESV_PEM_TEXT_H
#define ESV_PEM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One block: spans into the caller's text. */
typedef struct esv_pem_block {
    const uint8_t *label; /* between "-----BEGIN " and "-----" */
    size_t label_len;
    const uint8_t *body;  /* the lines between the two boundaries */
    size_t body_len;
    size_t chars;         /* base64 characters in body, '=' included (a multiple of 4) */
    unsigned pad;         /* '=' characters at the end (0..2) */
    size_t off;           /* offset of the BEGIN line in the text */
} esv_pem_block;

/* Reads blocks in order. Invariant: base <= p <= end; p is at the start of
 * a line outside any block. */
typedef struct esv_pem_cursor {
    const uint8_t *base, *p, *end;
} esv_pem_cursor;

void esv_pem_init(esv_pem_cursor *c, const uint8_t *text, size_t len);

/* The next block into *b: 1; 0 when only explanatory text is left; -1 when
 * the text is not PEM text as defined above (stop reading then). */
int esv_pem_next(esv_pem_cursor *c, esv_pem_block *b);

/* The number of blocks when all of text[0..len) is PEM text, else 0.
 * *first (if not NULL) gets the first block. */
size_t esv_pem_blocks(const uint8_t *text, size_t len, esv_pem_block *first);

#endif
