/*
 * sarif.c - the SARIF 2.1.0 log of a run (esv/document.h; OASIS SARIF
 * v2.1.0): one run, the rule catalogue as tool.driver.rules, a result per
 * finding, an artifact per input, one invocation.
 *
 * Every object is built with jansson and dumped by it; only the run's
 * frame is joined here, so that results are written as their report is
 * added and never held: "results" comes before "artifacts" and
 * "invocations" in the run object, which keeps those two (one entry per
 * input) until esv_doc_finish.
 */
#include "doc_internal.h"
#include "../report/report_internal.h"
#include "esv/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The schema of SARIF 2.1.0 as OASIS publishes it (errata 01). */
#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* A JSON string of s (NULL on ENOMEM); invalid UTF-8 replaced, as jansson
 * takes only UTF-8 (an input's name is any bytes). */
static json_t *jstr(const char *s)
{
    esv_buf t;
    json_t *j;
    esv_buf_init(&t);
    esv_buf_utf8_sanitized(&t, s, strlen(s));
    j = t.failed ? NULL : json_stringn(t.data ? t.data : "", t.len);
    esv_buf_free(&t);
    return j;
}

/* obj[key] = v (v's reference taken); sets *fail when v is NULL or the
 * set fails. */
static void jset(json_t *obj, const char *key, json_t *v, int *fail)
{
    /* json_object_set_new takes v's reference even when it fails */
    if (obj == NULL)
        json_decref(v);
    if (v == NULL || obj == NULL || json_object_set_new(obj, key, v) != 0)
        *fail = 1;
}

static void jpush(json_t *arr, json_t *v, int *fail)
{
    if (arr == NULL)
        json_decref(v);
    if (v == NULL || arr == NULL || json_array_append_new(arr, v) != 0)
        *fail = 1;
}

/* A message object {"text": s}. */
static json_t *jmsg(const char *s, int *fail)
{
    json_t *m = json_object();
    jset(m, "text", jstr(s), fail);
    return m;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    esv_buf *b = data;
    esv_buf_append(b, buffer, size);
    return b->failed ? -1 : 0;
}

/* Appends j's compact text to the output and releases j. */
static esv_status dump(esv_doc *d, json_t *j, int fail)
{
    int rc = fail || j == NULL ? -1 : json_dump_callback(j, dump_cb, &d->o.b, JSON_COMPACT);
    json_decref(j);
    return rc != 0 || d->o.b.failed ? ESV_E_NOMEM : ESV_OK;
}

/* SARIF level of a severity (3.27.10: error, warning, note, none). */
static const char *level_of(esv_severity sev)
{
    switch (sev) {
    case ESV_SEV_ERROR: return "error";
    case ESV_SEV_WARNING: return "warning";
    case ESV_SEV_INFO: return "note";
    default: return "none";
    }
}

/* A relative reference for an input's name (RFC 3986 4.2): unreserved
 * characters and '/' as they are, every other byte percent-encoded (a ':'
 * too, so that no name reads as a scheme). */
static json_t *juri(const char *name)
{
    static const char hexd[] = "0123456789ABCDEF";
    esv_buf t;
    json_t *j;
    const unsigned char *p;
    esv_buf_init(&t);
    for (p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '.' || *p == '_' || *p == '~' || *p == '/') {
            esv_buf_putc(&t, (char)*p);
        } else {
            char pct[3] = {'%', hexd[*p >> 4], hexd[*p & 15]};
            esv_buf_append(&t, pct, 3);
        }
    }
    j = t.failed ? NULL : json_stringn(t.data ? t.data : "", t.len);
    esv_buf_free(&t);
    return j;
}

/* tool.driver: esv and the whole catalogue, at ctx's policy. */
static json_t *tool_object(const esv_ctx *ctx, int *fail)
{
    const esv_policy *policy = esv_ctx_policy(ctx);
    json_t *tool = json_object(), *driver = json_object(), *rules = json_array();
    size_t i, n = esv_rule_count();
    char text[1024];

    jset(driver, "name", json_string("esv"), fail);
    jset(driver, "fullName", json_string("esv, the eSIM provisioning security verifier"), fail);
    jset(driver, "version", json_string(esv_version()), fail);
    jset(driver, "semanticVersion", json_string(esv_version()), fail);
    for (i = 0; i < n && !*fail; i++) {
        const esv_rule *r = esv_rule_at(i);
        json_t *o = json_object(), *cfg = json_object(), *props = json_object();
        esv_severity sev = esv_policy_severity(policy, r);
        const char *subject, *reason;
        jset(o, "id", jstr(esv_rule_id(r)), fail);
        jset(o, "name", jstr(esv_rule_id(r)), fail);
        jset(o, "shortDescription", jmsg(esv_rule_title(r), fail), fail);
        snprintf(text, sizeof(text), "%s. Enforces: %s", esv_rule_title(r), esv_rule_reference(r));
        jset(o, "fullDescription", jmsg(text, fail), fail);
        snprintf(text, sizeof(text), "Clause: %s", esv_rule_reference(r));
        jset(o, "help", jmsg(text, fail), fail);
        jset(cfg, "level", json_string(level_of(sev)), fail);
        if (sev == ESV_SEV_OFF)
            jset(cfg, "enabled", json_false(), fail);
        jset(o, "defaultConfiguration", cfg, fail);
        jset(props, "reference", jstr(esv_rule_reference(r)), fail);
        if (esv_rule_status_code(r, &subject, &reason)) {
            snprintf(text, sizeof(text), "%s / %s", subject, reason);
            jset(props, "statusCode", jstr(text), fail);
        }
        jset(o, "properties", props, fail);
        jpush(rules, o, fail);
    }
    jset(driver, "rules", rules, fail);
    jset(tool, "driver", driver, fail);
    return tool;
}

esv_status doc_sarif_head(esv_doc *d)
{
    int fail = 0;
    json_t *tool;
    esv_buf_puts(&d->o.b, "{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":");
    tool = tool_object(d->ctx, &fail);
    if (dump(d, tool, fail) != ESV_OK)
        return ESV_E_NOMEM;
    esv_buf_puts(&d->o.b, ",\"results\":[");
    return ESV_OK;
}

/* Where a finding is, as text: "element 3, usim/ef-imsi, cert 1". */
static void where_text(char *out, size_t cap, const esv_finding *f)
{
    size_t o = 0;
    out[0] = '\0';
    if (esv_finding_element(f) >= 0)
        o += (size_t)snprintf(out + o, cap - o, "element %ld", esv_finding_element(f));
    if (esv_finding_cert(f) >= 0 && o < cap)
        o += (size_t)snprintf(out + o, cap - o, "%scert %ld", o ? ", " : "", esv_finding_cert(f));
    if (esv_finding_path(f) != NULL && o < cap)
        (void)snprintf(out + o, cap - o, "%s%s", o ? ", " : "", esv_finding_path(f));
}

static json_t *result_object(const esv_finding *f, size_t artifact, const char *name, int *fail)
{
    json_t *res = json_object(), *loc = json_object(), *phys = json_object(), *art = json_object(),
           *props = json_object(), *locs = json_array();
    const esv_rule *rule = esv_finding_rule(f);
    const char *subject, *reason;
    char where[512];

    jset(res, "ruleId", jstr(esv_finding_rule_id(f)), fail);
    jset(res, "ruleIndex", json_integer((json_int_t)esv_rule_idx_of(rule)), fail);
    jset(res, "level", json_string(level_of(esv_finding_severity(f))), fail);
    jset(res, "message", jmsg(esv_finding_message(f), fail), fail);
    jset(art, "uri", juri(name), fail);
    jset(art, "index", json_integer((json_int_t)artifact), fail);
    jset(phys, "artifactLocation", art, fail);
    if (esv_finding_offset(f) >= 0) {
        json_t *region = json_object();
        jset(region, "byteOffset", json_integer((json_int_t)esv_finding_offset(f)), fail);
        jset(phys, "region", region, fail);
    }
    jset(loc, "physicalLocation", phys, fail);
    where_text(where, sizeof(where), f);
    if (where[0]) {
        /* the element, certificate and field path as one logical location */
        json_t *logical = json_object(), *arr = json_array();
        jset(logical, "fullyQualifiedName", jstr(where), fail);
        if (esv_finding_path(f) != NULL)
            jset(logical, "name", jstr(esv_finding_path(f)), fail);
        jset(logical, "kind", json_string(esv_finding_element(f) >= 0 ? "element"
                                          : esv_finding_cert(f) >= 0 ? "object" : "member"),
             fail);
        jpush(arr, logical, fail);
        jset(loc, "logicalLocations", arr, fail);
    }
    jpush(locs, loc, fail);
    jset(res, "locations", locs, fail);
    if (esv_finding_element(f) >= 0)
        jset(props, "element", json_integer(esv_finding_element(f)), fail);
    if (esv_finding_cert(f) >= 0)
        jset(props, "cert", json_integer(esv_finding_cert(f)), fail);
    if (esv_finding_path(f) != NULL)
        jset(props, "path", jstr(esv_finding_path(f)), fail);
    jset(props, "reference", jstr(esv_rule_reference(rule)), fail);
    if (esv_rule_status_code(rule, &subject, &reason)) {
        char code[64];
        snprintf(code, sizeof(code), "%s / %s", subject, reason);
        jset(props, "statusCode", jstr(code), fail);
    }
    jset(res, "properties", props, fail);
    return res;
}

/* A toolExecutionNotification about input n. */
static void notify(esv_doc *d, const char *level, const char *text, size_t n, int *fail)
{
    json_t *note = json_object(), *loc = json_object(), *phys = json_object(), *art = json_object(),
           *locs = json_array();
    jset(note, "level", json_string(level), fail);
    jset(note, "message", jmsg(text, fail), fail);
    jset(art, "uri", juri(d->rows[n].name), fail);
    jset(art, "index", json_integer((json_int_t)n), fail);
    jset(phys, "artifactLocation", art, fail);
    jset(loc, "physicalLocation", phys, fail);
    jpush(locs, loc, fail);
    jset(note, "locations", locs, fail);
    jpush(d->notifications, note, fail);
}

esv_status doc_sarif_add(esv_doc *d, size_t n, const esv_report *r)
{
    const doc_row *row = &d->rows[n];
    json_t *artifact = json_object(), *loc = json_object(), *props = json_object(), *roles = json_array();
    size_t i, count = esv_report_finding_count(r);
    int fail = 0;
    char text[128];

    /* the artifact: the input, with its verdict */
    jset(loc, "uri", juri(row->name), &fail);
    jset(artifact, "location", loc, &fail);
    jpush(roles, json_string("analysisTarget"), &fail);
    jset(artifact, "roles", roles, &fail);
    jset(props, "input", jstr(row->name), &fail);
    /* its place in the run: two inputs of the same name stay two
     * artifacts (run.artifacts is uniqueItems) */
    jset(props, "position", json_integer((json_int_t)n), &fail);
    jset(props, "kind", json_string(row->kind), &fail);
    jset(props, "verdict", json_string(esv_verdict_str(row->verdict)), &fail);
    jset(props, "status", json_string(esv_status_str(row->status)), &fail);
    jset(props, "policy", json_string(row->policy), &fail);
    if (row->time_set) {
        char t[32];
        jset(props, "time", json_string(esv_time_rfc3339(t, row->time)), &fail);
    } else {
        jset(props, "time", json_null(), &fail);
    }
    jset(props, "errors", json_integer((json_int_t)row->errors), &fail);
    jset(props, "warnings", json_integer((json_int_t)row->warnings), &fail);
    jset(props, "infos", json_integer((json_int_t)row->infos), &fail);
    jset(props, "dropped", json_integer((json_int_t)row->dropped), &fail);
    jset(artifact, "properties", props, &fail);
    jpush(d->artifacts, artifact, &fail);
    if (row->status != ESV_OK) {
        snprintf(text, sizeof(text), "the verification stopped: %s", esv_status_str(row->status));
        notify(d, "error", text, n, &fail);
    }
    if (row->dropped) {
        snprintf(text, sizeof(text), "%zu more findings not kept: finding limit reached", row->dropped);
        notify(d, "warning", text, n, &fail);
    }
    if (fail)
        return ESV_E_NOMEM;
    for (i = 0; i < count; i++) {
        json_t *res = result_object(esv_report_finding(r, i), n, row->name, &fail);
        if (d->nresults++ > 0)
            esv_buf_putc(&d->o.b, ',');
        if (dump(d, res, fail) != ESV_OK)
            return ESV_E_NOMEM;
        if (esv_out_flush(&d->o, 0) != ESV_OK)
            return (esv_status)d->o.status;
    }
    return ESV_OK;
}

esv_status doc_sarif_tail(esv_doc *d)
{
    json_t *invocations = json_array(), *inv = json_object();
    int fail = 0;

    esv_buf_puts(&d->o.b, "],\"artifacts\":");
    if (dump(d, json_incref(d->artifacts), 0) != ESV_OK)
        return ESV_E_NOMEM;
    jset(inv, "executionSuccessful", json_boolean(d->all_ok), &fail);
    if (json_array_size(d->notifications) > 0)
        jset(inv, "toolExecutionNotifications", json_incref(d->notifications), &fail);
    jpush(invocations, inv, &fail);
    esv_buf_puts(&d->o.b, ",\"invocations\":");
    if (dump(d, invocations, fail) != ESV_OK)
        return ESV_E_NOMEM;
    esv_buf_puts(&d->o.b, ",\"columnKind\":\"unicodeCodePoints\"}]}\n");
    return ESV_OK;
}
