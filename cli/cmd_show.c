/*
 * cmd_show.c - esv show: the DER structure of a file as an indented tree
 * (text) or nested JSON. The input goes through the strict DER reader first;
 * a malformed file is reported like `esv der` would, and not shown.
 */
#include "cli.h"
#include "../lib/core/buf.h"
#include "../lib/der/der.h"

#include <stdlib.h>
#include <string.h>

static const char show_help[] =
    "usage: esv show [OPTIONS] FILE...\n"
    "\n"
    "Prints the DER tree of each file (a single value or a sequence of values,\n"
    "such as a profile package): offset, tag, length and, for primitive\n"
    "values, the contents (strings as text, OIDs dotted, times as written,\n"
    "other contents in hex, cut after 64 bytes). --format json prints one\n"
    "JSON object per file: {input, values: [{offset, class, tag,\n"
    "constructed, length, children | hex | text}]}.\n\n";

#define SHOW_HEX_MAX 64

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

static void hex(esv_buf *b, const uint8_t *v, size_t len)
{
    size_t i, n = len > SHOW_HEX_MAX ? SHOW_HEX_MAX : len;
    for (i = 0; i < n; i++)
        esv_buf_printf(b, "%02x", v[i]);
    if (n < len)
        esv_buf_printf(b, "...(%zu bytes)", len);
}

/* Writes the value of a primitive: OID text, string text or hex. */
static void primitive_value(esv_buf *b, const der_tlv *t, int json)
{
    char oid[256];
    if (t->cls == DER_CLASS_UNIVERSAL && t->tag == DER_TAG_OID &&
        der_oid_to_text(t->val, t->len, oid, sizeof(oid), NULL) == DER_OK) {
        if (json)
            esv_buf_puts(b, ",\"text\":");
        json ? esv_buf_json_string(b, oid, strlen(oid)) : esv_buf_puts(b, oid);
    } else if (is_text_type(t)) {
        if (json) {
            esv_buf_puts(b, ",\"text\":");
            esv_buf_json_string(b, (const char *)t->val, t->len);
        } else {
            esv_buf_putc(b, '"');
            esv_buf_utf8_sanitized(b, (const char *)t->val, t->len);
            esv_buf_putc(b, '"');
        }
    } else {
        if (json)
            esv_buf_puts(b, ",\"hex\":\"");
        hex(b, t->val, t->len);
        if (json)
            esv_buf_putc(b, '"');
    }
}

/* Recursion is bounded: the file passed der_walk with the depth limit. */
static void show_values(esv_buf *b, der_cursor *c, int depth, int json)
{
    int first = 1;
    while (!der_cursor_done(c)) {
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
            show_values(b, &inner, depth + 1, json);
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

int cmd_show(int argc, char **argv)
{
    cli_opts opts;
    int exit_code = EXIT_PASS, i;

    if (cli_parse(argc, argv, "show", show_help, &opts, &exit_code))
        return exit_code;
    if (opts.ninputs == 0) {
        fprintf(stderr, "esv show: no input files\nTry 'esv show --help'.\n");
        cli_opts_free(&opts);
        return EXIT_USAGE;
    }
    for (i = 0; i < opts.ninputs; i++) {
        const char *name = opts.inputs[i];
        unsigned char *data;
        size_t len;
        esv_report *report = NULL;
        esv_status st;

        if (cli_read_file(name, (size_t)esv_ctx_limit(opts.ctx, ESV_LIMIT_INPUT_BYTES),
                          &data, &len)) {
            exit_code = EXIT_USAGE;
            continue;
        }
        st = esv_der_verify(opts.ctx, data, len, ESV_DER_SEQUENCE_OF_VALUES, &report);
        if (report == NULL) {
            fprintf(stderr, "esv show: %s: %s\n", name, esv_status_str(st));
            free(data);
            exit_code = EXIT_USAGE;
            continue;
        }
        if (esv_report_verdict(report) == ESV_VERDICT_FAIL) {
            /* Not well-formed: say why instead of showing a partial tree. */
            if (cli_write_report(&opts, report, name))
                exit_code = EXIT_USAGE;
            if (exit_code == EXIT_PASS)
                exit_code = EXIT_FAIL;
        } else if (!opts.quiet) {
            esv_buf b;
            der_cursor c;
            esv_buf_init(&b);
            der_cursor_init(&c, data, len, 0);
            if (opts.format == ESV_FORMAT_JSON) {
                esv_buf_puts(&b, "{\"input\":");
                esv_buf_json_string(&b, name, strlen(name));
                esv_buf_puts(&b, ",\"values\":[");
                show_values(&b, &c, 0, 1);
                esv_buf_puts(&b, "]}\n");
            } else {
                esv_buf_printf(&b, "%s: %zu bytes\n", name, len);
                show_values(&b, &c, 0, 0);
            }
            if (b.failed || fwrite(b.data, 1, b.len, stdout) != b.len) {
                fprintf(stderr, "esv show: %s: cannot write output\n", name);
                exit_code = EXIT_USAGE;
            }
            esv_buf_free(&b);
        }
        esv_report_free(report);
        free(data);
    }
    cli_opts_free(&opts);
    return exit_code;
}
