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
#include "../der/der.h"

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

/* Adds key -> value to map, taking ownership of value (which may be NULL
 * after a failed build). Returns 0 on success. */
static int cbor_put(cbor_item_t *map, const char *key, cbor_item_t *value)
{
    cbor_item_t *k;
    bool ok;
    if (value == NULL)
        return -1;
    k = cbor_build_string(key);
    if (k == NULL) {
        cbor_decref(&value);
        return -1;
    }
    ok = cbor_map_add(map, (struct cbor_pair){.key = k, .value = value});
    cbor_decref(&k);
    cbor_decref(&value);
    return ok ? 0 : -1;
}

/* A CBOR text string holding s with invalid UTF-8 replaced. */
static cbor_item_t *cbor_text(const char *s)
{
    esv_buf t;
    cbor_item_t *item;
    esv_buf_init(&t);
    esv_buf_utf8_sanitized(&t, s, strlen(s));
    item = t.failed ? NULL : cbor_build_stringn(t.data ? t.data : "", t.len);
    esv_buf_free(&t);
    return item;
}

static cbor_item_t *cbor_int(int64_t v)
{
    return v >= 0 ? cbor_build_uint64((uint64_t)v) : cbor_build_negint64((uint64_t)(-(v + 1)));
}

static cbor_item_t *cbor_finding(const esv_finding *f)
{
    size_t nloc = (f->element >= 0) + (f->cert >= 0) + (f->path != NULL) + (f->offset >= 0);
    cbor_item_t *m = cbor_new_definite_map(5), *loc;
    if (m == NULL)
        return NULL;
    loc = cbor_new_definite_map(nloc);
    if (cbor_put(m, "id", cbor_text(f->rule->id)) ||
        cbor_put(m, "severity", cbor_text(esv_severity_str(f->severity))) ||
        cbor_put(m, "message", cbor_text(f->message)) ||
        cbor_put(m, "reference", cbor_text(f->rule->reference)) || loc == NULL ||
        (f->element >= 0 && cbor_put(loc, "element", cbor_int(f->element))) ||
        (f->cert >= 0 && cbor_put(loc, "cert", cbor_int(f->cert))) ||
        (f->path && cbor_put(loc, "path", cbor_text(f->path))) ||
        (f->offset >= 0 && cbor_put(loc, "offset", cbor_int(f->offset)))) {
        if (loc)
            cbor_decref(&loc);
        cbor_decref(&m);
        return NULL;
    }
    if (cbor_put(m, "location", loc)) {
        cbor_decref(&m);
        return NULL;
    }
    return m;
}

static esv_status write_cbor(esv_buf *b, const esv_report *r, const char *name)
{
    cbor_item_t *m = cbor_new_definite_map(8), *arr;
    unsigned char *out = NULL;
    size_t out_cap = 0, n, i;
    char tbuf[32];
    if (m == NULL)
        return ESV_E_NOMEM;
    arr = cbor_new_definite_array(r->count);
    if (cbor_put(m, "input", name ? cbor_text(name) : cbor_new_null()) ||
        cbor_put(m, "kind", cbor_text(r->kind)) ||
        cbor_put(m, "policy", cbor_text(esv_policy_base_name(r->base))) ||
        cbor_put(m, "status", cbor_text(esv_status_str(r->status))) ||
        cbor_put(m, "verdict", cbor_text(esv_verdict_str(esv_report_verdict(r)))) ||
        cbor_put(m, "time", r->time_set ? cbor_text(esv_time_rfc3339(tbuf, r->time))
                                        : cbor_new_null()) ||
        arr == NULL)
        goto nomem;
    for (i = 0; i < r->count; i++) {
        cbor_item_t *f = cbor_finding(&r->findings[i]);
        bool ok = f != NULL && cbor_array_push(arr, f);
        if (f)
            cbor_decref(&f);
        if (!ok)
            goto nomem;
    }
    if (cbor_put(m, "findings", arr)) {
        arr = NULL;
        goto nomem;
    }
    arr = NULL;
    if (cbor_put(m, "dropped", cbor_build_uint64(r->dropped)))
        goto nomem;
    n = cbor_serialize_alloc(m, &out, &out_cap);
    cbor_decref(&m);
    if (n == 0) {
        free(out);
        return ESV_E_NOMEM;
    }
    esv_buf_append(b, out, n);
    free(out);
    return ESV_OK;
nomem:
    if (arr)
        cbor_decref(&arr);
    cbor_decref(&m);
    return ESV_E_NOMEM;
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
    esv_buf b;
    size_t n = 0;
    esv_buf_init(&b);
    if (s != NULL)
        esv_buf_text(&b, s, len, 0);
    if (b.failed) {
        esv_buf_free(&b);
        if (cap)
            out[0] = '\0';
        return 0;
    }
    if (cap) {
        /* cut on a character boundary of the (ASCII-escaped) text */
        size_t keep = 0;
        while (keep < b.len) {
            uint32_t cp;
            size_t k = der_utf8_decode((const uint8_t *)b.data + keep, b.len - keep, &cp);
            if (k == 0 || keep + k > cap - 1)
                break;
            keep += k;
        }
        memcpy(out, b.data, keep);
        out[keep] = '\0';
    }
    n = b.len;
    esv_buf_free(&b);
    return n;
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
            esv_buf_printf(&b, ",\"defaults\":{\"production\":\"%s\",\"test\":\"%s\"}}",
                           esv_severity_str(esv_rule_default_severity(r, ESV_POLICY_PRODUCTION)),
                           esv_severity_str(esv_rule_default_severity(r, ESV_POLICY_TEST)));
        } else {
            esv_buf_printf(&b, "%-9s %-7s ", esv_rule_id(r), sev);
            esv_buf_text(&b, esv_rule_title(r), strlen(esv_rule_title(r)), 0);
            esv_buf_puts(&b, "\n          [");
            esv_buf_text(&b, esv_rule_reference(r), strlen(esv_rule_reference(r)), 0);
            esv_buf_puts(&b, "]\n");
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
