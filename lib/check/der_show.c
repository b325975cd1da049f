/*
 * der_show.c - esv_der_show: the DER tree of any strict-DER input, as an
 * indented text tree or nested JSON, for people and pipelines (`esv show
 * --tlv`). Input-derived text goes through the one escaping of the text
 * writers (esv_buf_text) or the JSON string writer.
 */
#include "esv/der.h"
#include "der_check.h"
#include "../core/buf.h"

#include <string.h>


static const char *class_name(uint8_t cls)
{
    static const char *names[4] = {"universal", "application", "context", "private"};
    return names[cls & 3u];
}

static int is_text_type(const der_tlv *t)
{
    if (t->cls != DER_CLASS_UNIVERSAL || t->constructed)
        return 0;
    switch (t->tag) {
    case DER_TAG_UTF8_STRING: case DER_TAG_NUMERIC_STRING: case DER_TAG_PRINTABLE_STRING:
    case DER_TAG_IA5_STRING: case DER_TAG_UTC_TIME: case DER_TAG_GENERALIZED_TIME:
    case DER_TAG_VISIBLE_STRING:
        return 1;
    default:
        return 0;
    }
}

/* The value of a primitive: OID text, string text or hex. */
static void primitive_value(esv_buf *b, const der_tlv *t, int json)
{
    char oid[256];
    if (t->cls == DER_CLASS_UNIVERSAL && t->tag == DER_TAG_OID &&
        der_oid_to_text(t->val, t->len, oid, sizeof(oid), NULL) == DER_OK) {
        if (json) {
            esv_buf_puts(b, ",\"text\":");
            esv_buf_json_string(b, oid, strlen(oid));
        } else {
            esv_buf_puts(b, oid);
        }
    } else if (is_text_type(t)) {
        if (json) {
            esv_buf_puts(b, ",\"text\":");
            esv_buf_json_string(b, (const char *)t->val, t->len);
        } else {
            esv_buf_text(b, (const char *)t->val, t->len, ESV_TEXT_QUOTE);
        }
    } else {
        if (json)
            esv_buf_puts(b, ",\"hex\":\"");
        esv_buf_hex(b, t->val, t->len, json ? t->len : ESV_SHOW_HEX_MAX);
        if (json)
            esv_buf_putc(b, '"');
    }
}

/* Recursion is bounded: the input passed the walk with the depth limit.
 * The output goes out in pieces as it grows (a TLV of two bytes prints
 * about 40). */
static void show_values(esv_out *o, der_cursor *c, int depth, int json)
{
    esv_buf *b = &o->b;
    int first = 1;
    while (!der_cursor_done(c) && esv_out_flush(o, 0) == ESV_OK) {
        der_tlv t;
        if (der_read_tlv(c, &t, NULL) != DER_OK)
            return; /* not reached: validated before */
        if (json) {
            esv_buf_printf(b, "%s{\"offset\":%zu,\"class\":\"%s\",\"tag\":%u,"
                              "\"constructed\":%s,\"length\":%zu",
                           first ? "" : ",", t.off, class_name(t.cls), (unsigned)t.tag,
                           t.constructed ? "true" : "false", t.len);
        } else {
            esv_buf_printf(b, "%6zu %*s[%s %u]%s len %zu", t.off, depth * 2, "",
                           class_name(t.cls), (unsigned)t.tag, t.constructed ? " cons" : "",
                           t.len);
        }
        if (t.constructed) {
            der_cursor inner;
            der_cursor_enter(&inner, &t);
            esv_buf_puts(b, json ? ",\"children\":[" : "\n");
            show_values(o, &inner, depth + 1, json);
            if (json)
                esv_buf_puts(b, "]}");
        } else {
            if (!json)
                esv_buf_puts(b, ": ");
            primitive_value(b, &t, json);
            esv_buf_puts(b, json ? "}" : "\n");
        }
        first = 0;
    }
}

/* esv_der_check_values reports each value's verdict here. */
static int note_value(void *opaque, const esv_der_value *v)
{
    int *all = opaque;
    if (!v->well_formed)
        *all = 0;
    return 0;
}

esv_status esv_der_show(const esv_ctx *ctx, const uint8_t *data, size_t len, unsigned flags,
                        esv_format format, const char *input_name, esv_write_fn write,
                        void *opaque)
{
    esv_report *r;
    esv_status st;
    int multi = (flags & ESV_DER_SEQUENCE_OF_VALUES) != 0, all_ok = 1;
    esv_out o;
    esv_buf *b = &o.b;
    der_cursor c;

    if (ctx == NULL || write == NULL || (data == NULL && len > 0) ||
        (format != ESV_FORMAT_TEXT && format != ESV_FORMAT_JSON))
        return ESV_E_ARG;
    /* Well-formed within the context's limits first, whatever the policy
     * says of the DER rules: nothing of a malformed input is shown. */
    r = esv_report_create(ctx, "der");
    if (r == NULL)
        return ESV_E_NOMEM;
    st = esv_der_check_values(r, ctx, data, len, multi, multi, -1, note_value, &all_ok);
    if (st == ESV_OK && esv_report_status(r) != ESV_OK)
        st = esv_report_status(r);
    if (st == ESV_OK && (!all_ok || len == 0 || r->has_error))
        st = ESV_E_PARSE;
    esv_report_free(r);
    if (st != ESV_OK)
        return st;

    esv_out_init(&o, write, opaque);
    der_cursor_init(&c, data, len, 0);
    if (format == ESV_FORMAT_JSON) {
        esv_buf_puts(b, "{\"input\":");
        if (input_name)
            esv_buf_json_string(b, input_name, strlen(input_name));
        else
            esv_buf_puts(b, "null");
        esv_buf_puts(b, ",\"values\":[");
        show_values(&o, &c, 0, 1);
        esv_buf_puts(b, "]}\n");
    } else {
        if (input_name) {
            esv_buf_text(b, input_name, strlen(input_name), 0);
            esv_buf_puts(b, ": ");
        }
        esv_buf_printf(b, "%zu bytes\n", len);
        show_values(&o, &c, 0, 0);
    }
    st = (esv_status)esv_out_finish(&o);
    return st;
}
