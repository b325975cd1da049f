/*
 * fuzz_show.c - the views of arbitrary bytes that reach a person's
 * terminal.
 * Target functions: esv_der_show (text and JSON, one value and a sequence
 * of values: strict DER check, tree rendering, escaping) and
 * esv_text_escape (the terminal escaping itself).
 * Checks beyond "no crash": what esv_der_show writes in text holds no raw
 * control byte but the line feeds, and its JSON no raw control byte at
 * all; esv_text_escape's output holds no control byte, is as long as it
 * says, and a cut one is a prefix of the whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esv/esv.h"

typedef struct sink {
    int json;
} sink;

static int check_out(void *opaque, const void *data, size_t len)
{
    const sink *s = opaque;
    const unsigned char *p = data;
    size_t i;
    for (i = 0; i < len; i++)
        if ((p[i] < 0x20 && !(p[i] == '\n' && (!s->json || i + 1 == len))) || p[i] == 0x7f)
            abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    esv_ctx *ctx = NULL;
    char small[24], *whole;
    size_t n, i;
    unsigned flags;

    /* the escaping, whole and cut */
    n = esv_text_escape(NULL, 0, (const char *)data, size);
    whole = malloc(n + 1);
    if (whole == NULL)
        return 0;
    if (esv_text_escape(whole, n + 1, (const char *)data, size) != n || strlen(whole) != n)
        abort();
    for (i = 0; i < n; i++)
        if ((unsigned char)whole[i] < 0x20 || whole[i] == 0x7f)
            abort();
    (void)esv_text_escape(small, sizeof(small), (const char *)data, size);
    if (strncmp(small, whole, strlen(small)) != 0)
        abort();
    free(whole);

    if (esv_ctx_new(&ctx) != ESV_OK)
        return 0;
    for (flags = 0; flags <= ESV_DER_SEQUENCE_OF_VALUES; flags += ESV_DER_SEQUENCE_OF_VALUES) {
        sink t = {0}, j = {1};
        esv_status st = esv_der_show(ctx, data, size, flags, ESV_FORMAT_TEXT, "in", check_out, &t);
        if (st != ESV_OK && st != ESV_E_PARSE && st != ESV_E_LIMIT && st != ESV_E_NOMEM)
            abort();
        st = esv_der_show(ctx, data, size, flags, ESV_FORMAT_JSON, "in", check_out, &j);
        if (st != ESV_OK && st != ESV_E_PARSE && st != ESV_E_LIMIT && st != ESV_E_NOMEM)
            abort();
    }
    esv_ctx_free(ctx);
    return 0;
}
