/*
 * html.c - the HTML page of a run (esv/document.h): one self-contained
 * file, inline CSS, no script; the sections written as reports are added,
 * the summary table last in the markup and first on screen.
 *
 * Every string that comes from an input (its name, finding messages and
 * paths, decoded values) goes through esv_buf_html: the terminal escaping
 * first (controls and bidirectional characters visible as \xNN /
 * \u{XXXX}), then &, <, >, " and ' as character references. The strings
 * esv itself writes (rule ids, titles, clauses) go through it too.
 */
#include "doc_internal.h"
#include "../profile/show_html.h"
#include "../report/report_internal.h"
#include "esv/version.h"

#include <stdlib.h>
#include <string.h>

/* The page's style: the summary (last in the markup) is shown first. */
static const char page_css[] =
    "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 40px;"
    "color:#1d1d1f;display:flex;flex-direction:column}"
    "header{order:-2}#summary{order:-1}"
    "h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;margin:26px 0 6px}"
    "h3{font-size:15px;margin:14px 0 6px}h4{font-size:14px;margin:10px 0 4px}"
    "table{border-collapse:collapse;width:100%;margin:4px 0 10px}"
    "th,td{border:1px solid #d0d0d5;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#f2f2f5}td.n{text-align:right}"
    ".verdict{display:inline-block;padding:0 8px;border-radius:4px;color:#fff;font-weight:600}"
    ".verdict.pass,tr.pass .verdict{background:#2e7d32}.verdict.fail,tr.fail .verdict{background:#c62828}"
    "section.input{border-top:2px solid #d0d0d5;margin-top:18px}"
    ".meta,.note{color:#555}.name{font-family:ui-monospace,monospace;word-break:break-all}"
    "tr.sev-error td:nth-child(2){color:#c62828;font-weight:600}"
    "tr.sev-warning td:nth-child(2){color:#b26a00;font-weight:600}"
    "tr.sev-info td:nth-child(2){color:#1565c0}"
    "td.rule,td.ref{white-space:nowrap}td.ref{white-space:normal;color:#444;font-size:12px}"
    "td.msg,td.where{word-break:break-word}"
    ".tree,.tree ul{list-style:none;padding-left:18px;margin:0}"
    ".tree{font-family:ui-monospace,monospace;font-size:12.5px;padding-left:0}"
    ".tree .k{color:#6a1b9a}.tree .v{color:#1d1d1f;word-break:break-all}"
    "li.pe{margin:2px 0}li.pe summary{cursor:pointer}"
    "li.pe.hit>details>summary,li.pe.hit>.line{background:#fff3cd;border-left:4px solid #c62828;"
    "padding-left:4px}"
    "li.pe.bad>.line{color:#c62828}li.fhit>.k{background:#ffe0b2;outline:1px solid #c62828}"
    ".marks a{margin-left:6px;font-size:11.5px;padding:0 4px;border-radius:3px;text-decoration:none;"
    "color:#fff;background:#1565c0}.marks a.sev-error{background:#c62828}"
    ".marks a.sev-warning{background:#b26a00}"
    ":target{outline:3px solid #1565c0;outline-offset:1px}"
    "p.cap{margin:2px 0 4px 18px;color:#444}";

void doc_html_head(esv_doc *d)
{
    esv_buf *b = &d->o.b;
    esv_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    /* nothing loads, nothing runs: not even text that
                     * escaped its escaping could fetch or execute */
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>esv report</title>\n<style>");
    esv_buf_puts(b, page_css);
    esv_buf_puts(b, "</style>\n</head>\n<body>\n<header><h1>esv report</h1><p class=\"meta\">esv ");
    esv_buf_html(b, esv_version(), strlen(esv_version()), 0);
    esv_buf_puts(b, ": every finding names its rule and the clause it enforces.</p></header>\n"
                    "<main id=\"inputs\">\n");
}

/* The rule areas, in the order the sections show them. */
static const struct {
    const char *prefix; /* "PROF" for PROF-nnn; NULL: any other */
    const char *title;
} areas[] = {
    {"DER", "DER: encoding"},
    {"PROF", "PROF: profile package"},
    {"PKI", "PKI: certificates and chains"},
    {"RSP", "RSP: remote provisioning messages"},
    {NULL, "other rules"},
};
#define NAREAS (sizeof(areas) / sizeof(areas[0]))

/* The area of a rule id: the index in areas[]. */
static size_t area_of(const char *id)
{
    size_t a, n;
    for (a = 0; a + 1 < NAREAS; a++) {
        n = strlen(areas[a].prefix);
        if (strncmp(id, areas[a].prefix, n) == 0 && id[n] == '-')
            return a;
    }
    return NAREAS - 1;
}

static void put_counts(esv_buf *b, const doc_row *row)
{
    esv_buf_printf(b, "%zu error%s, %zu warning%s, %zu info", row->errors, row->errors == 1 ? "" : "s",
                   row->warnings, row->warnings == 1 ? "" : "s", row->infos);
}

static void put_time(esv_buf *b, const doc_row *row)
{
    char t[32];
    if (row->time_set)
        esv_buf_puts(b, esv_time_rfc3339(t, row->time));
    else
        esv_buf_puts(b, "not set");
}

/* One finding's row; the element linked when the tree is on the page. */
static void finding_row(esv_buf *b, const esv_finding *f, size_t k, size_t n, int linked)
{
    const esv_rule *rule = esv_finding_rule(f);
    const char *s;
    const char *subject, *reason;
    int any = 0;
    const char *sev = esv_severity_str(esv_finding_severity(f));

    esv_buf_printf(b, "<tr class=\"sev-%s\" id=\"in%zu-f%zu\"><td class=\"n\">%zu</td><td>%s</td>"
                      "<td class=\"rule\" title=\"",
                   sev, n, k, k, sev);
    s = esv_rule_title(rule);
    esv_buf_html(b, s, strlen(s), 0);
    esv_buf_puts(b, "\">");
    s = esv_finding_rule_id(f);
    esv_buf_html(b, s, strlen(s), 0);
    esv_buf_puts(b, "</td><td class=\"where\">");
    if (esv_finding_element(f) >= 0) {
        if (linked)
            esv_buf_printf(b, "<a class=\"el\" href=\"#in%zu-e%ld\">element %ld</a>", n, esv_finding_element(f),
                           esv_finding_element(f));
        else
            esv_buf_printf(b, "element %ld", esv_finding_element(f));
        any = 1;
    }
    if (esv_finding_cert(f) >= 0) {
        esv_buf_printf(b, "%scert %ld", any ? ", " : "", esv_finding_cert(f));
        any = 1;
    }
    if ((s = esv_finding_path(f)) != NULL) {
        esv_buf_puts(b, any ? ", " : "");
        esv_buf_html(b, s, strlen(s), 0);
        any = 1;
    }
    if (esv_finding_offset(f) >= 0)
        esv_buf_printf(b, "%sbyte %lld", any ? ", " : "", (long long)esv_finding_offset(f));
    esv_buf_puts(b, "</td><td class=\"msg\">");
    s = esv_finding_message(f);
    /* messages embed input text already escaped for a terminal: their
     * backslashes are kept, as the text writer keeps them */
    esv_buf_html(b, s, strlen(s), ESV_TEXT_KEEP_BACKSLASH);
    if (esv_rule_status_code(rule, &subject, &reason))
        esv_buf_printf(b, " (status code %s / %s)", subject, reason);
    esv_buf_puts(b, "</td><td class=\"ref\">");
    s = esv_rule_reference(rule);
    esv_buf_html(b, s, strlen(s), 0);
    esv_buf_puts(b, "</td></tr>\n");
}

/* The findings, grouped by rule area in catalogue order of areas, each
 * group in the order found. */
static void findings_by_area(esv_buf *b, const esv_report *r, size_t n, int linked)
{
    size_t a, i, count = esv_report_finding_count(r);
    size_t per[NAREAS] = {0};
    for (i = 0; i < count; i++)
        per[area_of(esv_finding_rule_id(esv_report_finding(r, i)))]++;
    for (a = 0; a < NAREAS; a++) {
        if (per[a] == 0)
            continue;
        esv_buf_printf(b, "<section class=\"area\" id=\"in%zu-%s\"><h4>%s (%zu)</h4>\n", n,
                       areas[a].prefix ? areas[a].prefix : "other", areas[a].title, per[a]);
        esv_buf_puts(b, "<table class=\"findings\"><thead><tr><th>#</th><th>severity</th><th>rule</th>"
                        "<th>where</th><th>message</th><th>clause</th></tr></thead><tbody>\n");
        for (i = 0; i < count; i++) {
            const esv_finding *f = esv_report_finding(r, i);
            if (area_of(esv_finding_rule_id(f)) == a)
                finding_row(b, f, i, n, linked);
        }
        esv_buf_puts(b, "</tbody></table></section>\n");
    }
}

typedef struct mark {
    long element;
    size_t index;
} mark;

static int mark_cmp(const void *x, const void *y)
{
    const mark *a = x, *b = y;
    if (a->element != b->element)
        return a->element < b->element ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The element tree of a profile, its elements marked with their findings. */
static esv_status profile_tree(esv_doc *d, size_t n, const esv_report *r, const uint8_t *input,
                               size_t input_len)
{
    size_t count = esv_report_finding_count(r), i, nm = 0;
    mark *marks = NULL;
    size_t *idx = NULL;
    char prefix[32];
    esv_status st;

    if (count > 0) {
        marks = malloc(count * sizeof(*marks));
        idx = malloc(count * sizeof(*idx));
        if (marks == NULL || idx == NULL) {
            free(marks);
            free(idx);
            return ESV_E_NOMEM;
        }
    }
    for (i = 0; i < count; i++) {
        long e = esv_finding_element(esv_report_finding(r, i));
        if (e >= 0) {
            marks[nm].element = e;
            marks[nm++].index = i;
        }
    }
    if (nm > 1)
        qsort(marks, nm, sizeof(*marks), mark_cmp);
    for (i = 0; i < nm; i++)
        idx[i] = marks[i].index;
    free(marks);
    snprintf(prefix, sizeof(prefix), "in%zu-", n);
    esv_buf_printf(&d->o.b, "<h3>Decoded elements</h3>\n<p class=\"note\">As <code>esv show</code> prints "
                            "them (keys and PINs as they are). Elements with findings are highlighted, "
                            "open, and link to their findings.</p>\n");
    st = esv_profile_show_html(d->ctx, input, input_len, r, idx, nm, prefix, &d->o);
    free(idx);
    return st;
}

esv_status doc_html_add(esv_doc *d, size_t n, const esv_report *r, const uint8_t *input,
                        size_t input_len)
{
    esv_buf *b = &d->o.b;
    const doc_row *row = &d->rows[n];
    const char *v = row->verdict == ESV_VERDICT_PASS ? "pass" : "fail";
    int tree = input != NULL && row->kind != NULL && strcmp(row->kind, "profile") == 0;

    esv_buf_printf(b, "<section class=\"input %s\" id=\"in%zu\">\n<h2><span class=\"verdict %s\">%s</span> "
                      "<span class=\"name\">",
                   v, n, v, row->verdict == ESV_VERDICT_PASS ? "PASS" : "FAIL");
    esv_buf_html(b, row->name, strlen(row->name), 0);
    esv_buf_printf(b, "</span></h2>\n<p class=\"meta\">%s, policy %s, time ", row->kind, row->policy);
    put_time(b, row);
    esv_buf_puts(b, ": ");
    put_counts(b, row);
    if (row->status != ESV_OK)
        esv_buf_printf(b, "; status: %s", esv_status_str(row->status));
    if (row->dropped)
        esv_buf_printf(b, "; %zu more findings not kept: finding limit reached", row->dropped);
    esv_buf_puts(b, "</p>\n");
    if (esv_report_finding_count(r) == 0) {
        esv_buf_puts(b, "<p class=\"none\">No findings.</p>\n");
    } else {
        esv_buf_puts(b, "<h3>Findings</h3>\n");
        findings_by_area(b, r, n, tree);
    }
    if (tree) {
        esv_status st = profile_tree(d, n, r, input, input_len);
        if (st != ESV_OK)
            return st;
    }
    esv_buf_puts(b, "</section>\n");
    return ESV_OK;
}

void doc_html_tail(esv_doc *d)
{
    esv_buf *b = &d->o.b;
    size_t i, pass = 0;
    for (i = 0; i < d->nrows; i++)
        pass += d->rows[i].verdict == ESV_VERDICT_PASS;
    esv_buf_puts(b, "</main>\n<section id=\"summary\">\n");
    esv_buf_printf(b, "<h2>Summary: %zu input%s, %zu pass, %zu fail</h2>\n", d->nrows, d->nrows == 1 ? "" : "s",
                   pass, d->nrows - pass);
    esv_buf_puts(b, "<table id=\"summary-table\"><thead><tr><th>#</th><th>input</th><th>kind</th>"
                    "<th>verdict</th><th>errors</th><th>warnings</th><th>info</th><th>policy</th>"
                    "<th>time</th></tr></thead>\n<tbody>\n");
    for (i = 0; i < d->nrows && esv_out_flush(&d->o, 0) == ESV_OK; i++) {
        const doc_row *row = &d->rows[i];
        const char *v = row->verdict == ESV_VERDICT_PASS ? "pass" : "fail";
        esv_buf_printf(b, "<tr class=\"%s\" id=\"row%zu\"><td class=\"n\">%zu</td><td class=\"name\">"
                          "<a href=\"#in%zu\">",
                       v, i, i, i);
        esv_buf_html(b, row->name, strlen(row->name), 0);
        esv_buf_printf(b, "</a></td><td>%s</td><td><span class=\"verdict\">%s</span>%s%s</td>"
                          "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                          "<td>%s</td><td>",
                       row->kind, row->verdict == ESV_VERDICT_PASS ? "PASS" : "FAIL",
                       row->status != ESV_OK ? " " : "", row->status != ESV_OK ? esv_status_str(row->status) : "",
                       row->errors, row->warnings, row->infos, row->policy);
        put_time(b, row);
        esv_buf_puts(b, "</td></tr>\n");
    }
    esv_buf_puts(b, "</tbody></table>\n</section>\n</body>\n</html>\n");
}
