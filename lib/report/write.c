/*
 * write.c - the report writers: text, JSON Lines, CBOR (libcbor).
 *
 * All three carry the same content; the JSON and CBOR forms have the same
 * keys so a pipeline can switch between them. Output is built in memory and
 * handed to the caller's write function in one call, so a failed write never
 * leaves half a JSON line behind from our side.
 */
#include "report_internal.h"
#include "../core/buf.h"

#include <cbor.h>
#include <stdlib.h>
#include <string.h>

/* --- text --- */

static void text_location(esv_buf *b, const esv_finding *f)
{
    int any = 0;
    if (f->element >= 0) {
        esv_buf_printf(b, "element %ld", f->element);
        any = 1;
    }
    if (f->cert >= 0) {
        esv_buf_printf(b, "%scert %ld", any ? ", " : "", f->cert);
        any = 1;
    }
    if (f->path) {
        esv_buf_puts(b, any ? ", " : "");
        esv_buf_text(b, f->path, strlen(f->path), 0);
        any = 1;
    }
    if (f->offset >= 0) {
        esv_buf_printf(b, "%sbyte %lld", any ? ", " : "", (long long)f->offset);
        any = 1;
    }
    if (any)
        esv_buf_puts(b, ": ");
}

static void write_text(esv_buf *b, const esv_report *r, const char *name)
{
    size_t i;
    esv_verdict v = esv_report_verdict(r);
    /* the input's name and every input-derived string go through the one
     * terminal escaping: no control character from the input reaches the
     * terminal, so no input can forge a verdict line */
    esv_buf_text(b, name, strlen(name), 0);
    esv_buf_printf(b, ": %s (%s, policy %s", v == ESV_VERDICT_PASS ? "PASS" : "FAIL",
                   r->kind, esv_policy_base_name(r->base));
    if (r->status != ESV_OK)
        esv_buf_printf(b, ", status: %s", esv_status_str(r->status));
    {
        char t[32];
        esv_buf_printf(b, ", time %s",
                       r->time_set ? esv_time_rfc3339(t, r->time) : "not set");
    }
    esv_buf_printf(b, "; %zu error%s, %zu warning%s, %zu info)\n",
                   esv_report_count_severity(r, ESV_SEV_ERROR),
                   esv_report_count_severity(r, ESV_SEV_ERROR) == 1 ? "" : "s",
                   esv_report_count_severity(r, ESV_SEV_WARNING),
                   esv_report_count_severity(r, ESV_SEV_WARNING) == 1 ? "" : "s",
                   esv_report_count_severity(r, ESV_SEV_INFO));
    for (i = 0; i < r->count; i++) {
        const esv_finding *f = &r->findings[i];
        esv_buf_printf(b, "  %-7s %-9s ", esv_severity_str(f->severity), f->rule->id);
        text_location(b, f);
        esv_buf_text(b, f->message, strlen(f->message), ESV_TEXT_KEEP_BACKSLASH);
        {
            const char *subject, *reason;
            if (esv_rule_status_code(f->rule, &subject, &reason))
                esv_buf_printf(b, " (status code %s / %s)", subject, reason);
        }
        esv_buf_printf(b, " [%s]\n", f->rule->reference);
    }
    if (r->dropped)
        esv_buf_printf(b, "  (%zu more findings not kept: finding limit reached)\n",
                       r->dropped);
}

/* --- JSON Lines --- */

static void json_key_str(esv_buf *b, const char *key, const char *val, int comma)
{
    esv_buf_printf(b, "%s\"%s\":", comma ? "," : "", key);
    esv_buf_json_string(b, val, strlen(val));
}

static void write_json(esv_buf *b, const esv_report *r, const char *name)
{
    size_t i;
    esv_buf_putc(b, '{');
    if (name)
        json_key_str(b, "input", name, 0);
    else
        esv_buf_puts(b, "\"input\":null");
    json_key_str(b, "kind", r->kind, 1);
    json_key_str(b, "policy", esv_policy_base_name(r->base), 1);
    json_key_str(b, "status", esv_status_str(r->status), 1);
    json_key_str(b, "verdict", esv_verdict_str(esv_report_verdict(r)), 1);
    if (r->time_set) {
        char t[32];
        json_key_str(b, "time", esv_time_rfc3339(t, r->time), 1);
    } else {
        esv_buf_puts(b, ",\"time\":null");
    }
    esv_buf_puts(b, ",\"findings\":[");
    for (i = 0; i < r->count; i++) {
        const esv_finding *f = &r->findings[i];
        int comma = 0;
        esv_buf_puts(b, i ? ",{" : "{");
        json_key_str(b, "id", f->rule->id, 0);
        json_key_str(b, "severity", esv_severity_str(f->severity), 1);
        json_key_str(b, "message", f->message, 1);
        json_key_str(b, "reference", f->rule->reference, 1);
        {
            const char *subject, *reason;
            if (esv_rule_status_code(f->rule, &subject, &reason)) {
                esv_buf_puts(b, ",\"status_code\":{");
                json_key_str(b, "subject", subject, 0);
                json_key_str(b, "reason", reason, 1);
                esv_buf_putc(b, '}');
            }
        }
        esv_buf_puts(b, ",\"location\":{");
        if (f->element >= 0) {
            esv_buf_printf(b, "\"element\":%ld", f->element);
            comma = 1;
        }
        if (f->cert >= 0) {
            esv_buf_printf(b, "%s\"cert\":%ld", comma ? "," : "", f->cert);
            comma = 1;
        }
        if (f->path) {
            json_key_str(b, "path", f->path, comma);
            comma = 1;
        }
        if (f->offset >= 0)
            esv_buf_printf(b, "%s\"offset\":%lld", comma ? "," : "", (long long)f->offset);
        esv_buf_puts(b, "}}");
    }
    esv_buf_printf(b, "],\"dropped\":%zu}\n", r->dropped);
}

/* --- CBOR --- */

/* Written as it goes with libcbor's encoders (no item tree: a report of a
 * million findings costs its output, not a million allocated items). The
 * encoders write a head into a small buffer, appended to b. */
static void cb_head(esv_buf *b, size_t (*enc)(uint64_t, unsigned char *, size_t), uint64_t v)
{
    unsigned char h[9];
    size_t n = enc(v, h, sizeof(h));
    if (n == 0)
        b->failed = 1;
    else
        esv_buf_append(b, h, n);
}

static size_t enc_map(uint64_t n, unsigned char *o, size_t c) { return cbor_encode_map_start((size_t)n, o, c); }
static size_t enc_array(uint64_t n, unsigned char *o, size_t c) { return cbor_encode_array_start((size_t)n, o, c); }
static size_t enc_text(uint64_t n, unsigned char *o, size_t c) { return cbor_encode_string_start((size_t)n, o, c); }
static size_t enc_uint(uint64_t v, unsigned char *o, size_t c) { return cbor_encode_uint(v, o, c); }

/* A text string holding s with invalid UTF-8 replaced (RFC 8949 3.1: text
 * strings are UTF-8). */
static void cb_text(esv_buf *b, const char *s)
{
    esv_buf t;
    esv_buf_init(&t);
    esv_buf_utf8_sanitized(&t, s, strlen(s));
    if (t.failed)
        b->failed = 1;
    cb_head(b, enc_text, t.len);
    esv_buf_append(b, t.data ? t.data : "", t.len);
    esv_buf_free(&t);
}

static void cb_null(esv_buf *b)
{
    unsigned char h[1];
    if (cbor_encode_null(h, sizeof(h)) != 1)
        b->failed = 1;
    else
        esv_buf_append(b, h, 1);
}

static void cb_key(esv_buf *b, const char *key)
{
    cb_text(b, key);
}

static void cbor_finding(esv_buf *b, const esv_finding *f)
{
    size_t nloc = (f->element >= 0) + (f->cert >= 0) + (f->path != NULL) + (f->offset >= 0);
    const char *subject, *reason;
    int has_code = esv_rule_status_code(f->rule, &subject, &reason);
    cb_head(b, enc_map, 5u + (unsigned)has_code);
    cb_key(b, "id");
    cb_text(b, f->rule->id);
    cb_key(b, "severity");
    cb_text(b, esv_severity_str(f->severity));
    cb_key(b, "message");
    cb_text(b, f->message);
    cb_key(b, "reference");
    cb_text(b, f->rule->reference);
    if (has_code) {
        cb_key(b, "status_code");
        cb_head(b, enc_map, 2);
        cb_key(b, "subject");
        cb_text(b, subject);
        cb_key(b, "reason");
        cb_text(b, reason);
    }
    cb_key(b, "location");
    cb_head(b, enc_map, nloc);
    /* every location member is >= 0 when present */
    if (f->element >= 0) {
        cb_key(b, "element");
        cb_head(b, enc_uint, (uint64_t)f->element);
    }
    if (f->cert >= 0) {
        cb_key(b, "cert");
        cb_head(b, enc_uint, (uint64_t)f->cert);
    }
    if (f->path) {
        cb_key(b, "path");
        cb_text(b, f->path);
    }
    if (f->offset >= 0) {
        cb_key(b, "offset");
        cb_head(b, enc_uint, (uint64_t)f->offset);
    }
}

static esv_status write_cbor(esv_buf *b, const esv_report *r, const char *name)
{
    char tbuf[32];
    size_t i;
    cb_head(b, enc_map, 8);
    cb_key(b, "input");
    if (name)
        cb_text(b, name);
    else
        cb_null(b);
    cb_key(b, "kind");
    cb_text(b, r->kind);
    cb_key(b, "policy");
    cb_text(b, esv_policy_base_name(r->base));
    cb_key(b, "status");
    cb_text(b, esv_status_str(r->status));
    cb_key(b, "verdict");
    cb_text(b, esv_verdict_str(esv_report_verdict(r)));
    cb_key(b, "time");
    if (r->time_set)
        cb_text(b, esv_time_rfc3339(tbuf, r->time));
    else
        cb_null(b);
    cb_key(b, "findings");
    cb_head(b, enc_array, r->count);
    for (i = 0; i < r->count && !b->failed; i++)
        cbor_finding(b, &r->findings[i]);
    cb_key(b, "dropped");
    cb_head(b, enc_uint, r->dropped);
    return b->failed ? ESV_E_NOMEM : ESV_OK;
}

esv_status esv_report_write(const esv_report *report, esv_format format,
                            const char *input_name, esv_write_fn write, void *opaque)
{
    esv_buf b;
    esv_status st = ESV_OK;
    if (report == NULL || write == NULL)
        return ESV_E_ARG;
    esv_buf_init(&b);
    switch (format) {
    case ESV_FORMAT_TEXT:
        write_text(&b, report, input_name ? input_name : "(input)");
        break;
    case ESV_FORMAT_JSON:
        write_json(&b, report, input_name);
        break;
    case ESV_FORMAT_CBOR:
        st = write_cbor(&b, report, input_name);
        break;
    default:
        return ESV_E_ARG;
    }
    if (st == ESV_OK && b.failed)
        st = ESV_E_NOMEM;
    if (st == ESV_OK && write(opaque, b.data, b.len) != 0)
        st = ESV_E_IO;
    esv_buf_free(&b);
    return st;
}

size_t esv_text_escape(char *out, size_t cap, const char *s, size_t len)
{
    return esv_text_escape_into(out, cap, s, s ? len : 0, 0);
}

esv_status esv_rules_write(const esv_policy *policy, esv_format format, esv_write_fn write,
                           void *opaque)
{
    esv_buf b;
    size_t i, n = esv_rule_count();
    esv_status st = ESV_OK;
    esv_policy *dflt = NULL;
    if (write == NULL || (format != ESV_FORMAT_JSON && format != ESV_FORMAT_TEXT))
        return ESV_E_ARG;
    if (policy == NULL) {
        if (esv_policy_new(ESV_POLICY_PRODUCTION, &dflt) != ESV_OK)
            return ESV_E_NOMEM;
        policy = dflt;
    }
    esv_buf_init(&b);
    if (format == ESV_FORMAT_JSON)
        esv_buf_putc(&b, '[');
    for (i = 0; i < n; i++) {
        const esv_rule *r = esv_rule_at(i);
        const char *sev = esv_severity_str(esv_policy_severity(policy, r));
        if (format == ESV_FORMAT_JSON) {
            esv_buf_puts(&b, i ? ",{" : "{");
            json_key_str(&b, "id", esv_rule_id(r), 0);
            json_key_str(&b, "severity", sev, 1);
            json_key_str(&b, "title", esv_rule_title(r), 1);
            json_key_str(&b, "reference", esv_rule_reference(r), 1);
            {
                const char *subject, *reason;
                if (esv_rule_status_code(r, &subject, &reason))
                    esv_buf_printf(&b, ",\"status_code\":{\"subject\":\"%s\",\"reason\":\"%s\"}", subject,
                                   reason);
            }
            esv_buf_printf(&b, ",\"defaults\":{\"production\":\"%s\",\"test\":\"%s\"}}",
                           esv_severity_str(esv_rule_default_severity(r, ESV_POLICY_PRODUCTION)),
                           esv_severity_str(esv_rule_default_severity(r, ESV_POLICY_TEST)));
        } else {
            esv_buf_printf(&b, "%-9s %-7s ", esv_rule_id(r), sev);
            esv_buf_text(&b, esv_rule_title(r), strlen(esv_rule_title(r)), 0);
            esv_buf_puts(&b, "\n          [");
            esv_buf_text(&b, esv_rule_reference(r), strlen(esv_rule_reference(r)), 0);
            esv_buf_puts(&b, "]");
            {
                const char *subject, *reason;
                if (esv_rule_status_code(r, &subject, &reason))
                    esv_buf_printf(&b, " status code %s / %s", subject, reason);
            }
            esv_buf_putc(&b, '\n');
        }
    }
    if (format == ESV_FORMAT_JSON)
        esv_buf_puts(&b, "]\n");
    if (b.failed)
        st = ESV_E_NOMEM;
    else if (write(opaque, b.data, b.len) != 0)
        st = ESV_E_IO;
    esv_buf_free(&b);
    esv_policy_free(dflt);
    return st;
}
