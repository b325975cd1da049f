/*
 * show.c - esv_profile_show: a decoded profile package as a readable tree
 * (text) or as JSON.
 *
 * The package goes through the same split and decode as
 * esv_profile_verify (esv_profile_load); each decoded element is then
 * printed by the generic asn1c walker (lib/asn1/walk.h) with a text or a
 * JSON visitor. Elements that do not decode are marked, not skipped, and
 * the call says so with its status.
 */
#include "esv/profile.h"
#include "model.h"
#include "cap.h"
#include "show_html.h"
#include "../asn1/walk.h"
#include "../core/buf.h"
#include "../der/der.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Text: octet strings are cut after this many bytes, bit strings after
 * 8 times as many bits. JSON always holds the whole value. */
#define SHOW_LABEL_MAX 256
#define SHOW_PATH_MAX 1024

/* A finding on a field of the element shown: its path and its index. */
typedef struct field_mark {
    const char *path;
    size_t k;
} field_mark;

typedef struct show_state {
    esv_buf *b;
    int json;
    /* text */
    int indent;                  /* current indentation level */
    char pending[SHOW_LABEL_MAX]; /* label of the enclosing CHOICE(s) */
    int has_pending;
    /* json */
    int need_comma;
    int nomem; /* an element decoded again ran out of memory */
    /* html: values go through text into scratch, then escaped into b */
    int html;
    esv_buf scratch;
    /* html: the field path of the node walked, as the checks write it
     * (lib/profile/show_html.h), and the current element's findings that
     * name a path, sorted by it */
    char path[SHOW_PATH_MAX];
    size_t plen;
    int path_cut;                /* the path did not fit: matches nothing */
    size_t saved[ESV_ASN_WALK_MAX_DEPTH + 2];
    const char *pe_name;
    const struct field_mark *fmarks;
    size_t nfmarks;
    const esv_report *r;
    const char *prefix;
} show_state;

/* ------------------------------------------------------------ values */

static void put_bits(esv_buf *b, const esv_asn_node *n, size_t max_bits)
{
    size_t nbits = n->len * 8 - (size_t)n->bits_unused, i;
    size_t shown = nbits > max_bits ? max_bits : nbits;
    for (i = 0; i < shown; i++)
        esv_buf_putc(b, (n->bytes[i / 8] >> (7 - i % 8)) & 1u ? '1' : '0');
    if (shown < nbits)
        esv_buf_printf(b, "... (%zu bits)", nbits);
}

/* OID contents as dotted text; hex when they are not a valid OID. */
static void put_oid(esv_buf *b, const esv_asn_node *n, int json)
{
    char small[128];
    char *text = small;
    size_t needed = 0;
    der_err e = der_oid_to_text(n->bytes, n->len, small, sizeof(small), &needed);

    if (e == DER_E_SIZE && needed > sizeof(small) && (text = malloc(needed)) != NULL)
        e = der_oid_to_text(n->bytes, n->len, text, needed, NULL);
    if (e == DER_OK) {
        if (json)
            esv_buf_json_string(b, text, strlen(text));
        else
            esv_buf_puts(b, text);
    } else {
        /* Not reached for decoded values (the DER reader checked them). */
        esv_buf_puts(b, json ? "\"" : "(not an OID) ");
        esv_buf_hex(b, n->bytes, n->len, json ? n->len : ESV_SHOW_HEX_MAX);
        if (json)
            esv_buf_putc(b, '"');
    }
    if (text != small)
        free(text);
}

static void put_value(show_state *st, const esv_asn_node *n)
{
    esv_buf *b = st->b;
    int json = st->json;
    switch (n->kind) {
    case ESV_ASN_INTEGER:
    case ESV_ASN_ENUMERATED:
        if (n->fits) {
            esv_buf_printf(b, "%" PRId64, n->ival);
        } else if (json) {
            esv_buf_putc(b, '"');
            esv_buf_hex(b, n->bytes, n->len, n->len);
            esv_buf_putc(b, '"');
        } else {
            esv_buf_puts(b, "0x");
            esv_buf_hex(b, n->bytes, n->len, n->len);
        }
        break;
    case ESV_ASN_BOOLEAN:
        esv_buf_puts(b, n->ival ? "true" : "false");
        break;
    case ESV_ASN_NULL:
        esv_buf_puts(b, json ? "null" : "present");
        break;
    case ESV_ASN_OCTETS:
        if (json) {
            esv_buf_putc(b, '"');
            esv_buf_hex(b, n->bytes, n->len, n->len);
            esv_buf_putc(b, '"');
        } else if (n->len == 0) {
            esv_buf_puts(b, "(empty)");
        } else {
            esv_buf_hex(b, n->bytes, n->len, ESV_SHOW_HEX_MAX);
        }
        break;
    case ESV_ASN_BITS:
        if (json) {
            esv_buf_putc(b, '"');
            put_bits(b, n, (size_t)-1);
            esv_buf_putc(b, '"');
        } else if (n->len == 0) {
            esv_buf_puts(b, "(empty)");
        } else {
            put_bits(b, n, ESV_SHOW_HEX_MAX * 8);
            esv_buf_puts(b, " (bits)");
        }
        break;
    case ESV_ASN_OID:
        put_oid(b, n, json);
        break;
    case ESV_ASN_STRING:
        if (json)
            esv_buf_json_string(b, (const char *)n->bytes, n->len);
        else
            esv_buf_text(b, (const char *)n->bytes, n->len, ESV_TEXT_QUOTE);
        break;
    case ESV_ASN_TOO_DEEP:
        esv_buf_puts(b, json ? "null" : "(nested too deeply to show)");
        break;
    case ESV_ASN_UNSUPPORTED:
    default:
        if (json) {
            esv_buf_puts(b, "null");
        } else {
            esv_buf_puts(b, "(a value of type ");
            esv_buf_puts(b, n->type_name ? n->type_name : "?");
            esv_buf_puts(b, ", not shown)");
        }
        break;
    }
}

/* ------------------------------------------------------------ text */

/* Appends s to out[0..pos) within cap (truncating); returns the new end. */
static size_t label_cat(char *out, size_t cap, size_t pos, const char *s)
{
    while (*s && pos + 1 < cap)
        out[pos++] = *s++;
    out[pos] = '\0';
    return pos;
}

/* The label of node n: the enclosing CHOICEs' label, then the member
 * name or "[item]". Consumes the pending label. */
static void text_label(show_state *st, const esv_asn_node *n, char *out, size_t cap)
{
    char own[32];
    const char *name = n->name;
    size_t pos;
    if (name == NULL && n->item >= 0) {
        snprintf(own, sizeof(own), "[%ld]", n->item);
        name = own;
    }
    out[0] = '\0';
    pos = 0;
    if (st->has_pending)
        pos = label_cat(out, cap, pos, st->pending);
    if (pos > 0 && name)
        pos = label_cat(out, cap, pos, " ");
    if (name)
        (void)label_cat(out, cap, pos, name);
    st->has_pending = 0;
}

static void text_line_start(show_state *st, const char *label)
{
    esv_buf_printf(st->b, "%*s", st->indent * 2, "");
    if (label[0]) {
        esv_buf_puts(st->b, label);
        esv_buf_putc(st->b, ':');
    }
}

static int text_enter(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    char label[SHOW_LABEL_MAX];
    text_label(st, n, label, sizeof(label));
    if (n->kind == ESV_ASN_CHOICE) {
        /* The alternative is printed on the CHOICE's line, as in value
         * notation ("algoConfiguration algoParameter:"). */
        if (!n->has_alt) {
            text_line_start(st, label);
            esv_buf_puts(st->b, label[0] ? " (unknown alternative)\n" : "(unknown alternative)\n");
            return 0;
        }
        memcpy(st->pending, label, sizeof(label));
        st->has_pending = 1;
        return 0;
    }
    if (n->depth > 0) {
        text_line_start(st, label);
        if (n->kind == ESV_ASN_SEQUENCE_OF && n->count == 0)
            esv_buf_puts(st->b, label[0] ? " (none)" : "(none)");
        esv_buf_putc(st->b, '\n');
        st->indent++;
    }
    return 0;
}

static int text_leave(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    if (n->kind != ESV_ASN_CHOICE && n->depth > 0)
        st->indent--;
    return 0;
}

static int text_leaf(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    char label[SHOW_LABEL_MAX];
    text_label(st, n, label, sizeof(label));
    text_line_start(st, label);
    if (label[0])
        esv_buf_putc(st->b, ' ');
    put_value(st, n);
    esv_buf_putc(st->b, '\n');
    return 0;
}

/* ------------------------------------------------------------ JSON */

static void json_prefix(show_state *st, const esv_asn_node *n)
{
    if (st->need_comma)
        esv_buf_putc(st->b, ',');
    if (n->name && n->depth > 0) {
        esv_buf_json_string(st->b, n->name, strlen(n->name));
        esv_buf_putc(st->b, ':');
    }
}

static int json_enter(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    json_prefix(st, n);
    if (n->kind == ESV_ASN_SEQUENCE_OF)
        esv_buf_putc(st->b, '[');
    else if (n->kind == ESV_ASN_SEQUENCE || n->has_alt)
        esv_buf_putc(st->b, '{'); /* a CHOICE: {"alternative": value} */
    else
        esv_buf_puts(st->b, "null"); /* a CHOICE with an unknown alternative */
    st->need_comma = 0;
    return 0;
}

static int json_leave(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    if (n->kind == ESV_ASN_SEQUENCE_OF)
        esv_buf_putc(st->b, ']');
    else if (n->kind == ESV_ASN_SEQUENCE || n->has_alt)
        esv_buf_putc(st->b, '}');
    st->need_comma = 1;
    return 0;
}

static int json_leaf(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    json_prefix(st, n);
    put_value(st, n);
    st->need_comma = 1;
    return 0;
}

static const esv_asn_visitor text_visitor = {text_enter, text_leave, text_leaf};
static const esv_asn_visitor json_visitor = {json_enter, json_leave, json_leaf};

/* ------------------------------------------------------------ HTML */

/* The field path of node n appended to st->path: a member's or an
 * alternative's name after a '/', an item's index as "[i]"; a CHOICE
 * adds nothing itself (its alternative names the step, as the checks
 * write paths: "akaParameter/algoParameter/key"). */
static void path_push(show_state *st, const esv_asn_node *n)
{
    char step[SHOW_LABEL_MAX];
    size_t len;
    int d = n->depth < 0 ? 0 : n->depth > ESV_ASN_WALK_MAX_DEPTH ? ESV_ASN_WALK_MAX_DEPTH + 1 : n->depth;
    st->saved[d] = st->plen;
    if (n->depth == 0 || n->kind == ESV_ASN_CHOICE)
        return;
    if (n->name != NULL)
        snprintf(step, sizeof(step), "/%s", n->name);
    else if (n->item >= 0)
        snprintf(step, sizeof(step), "[%ld]", n->item);
    else
        return;
    len = strlen(step);
    if (st->plen + len >= sizeof(st->path)) {
        st->path_cut++;
        return;
    }
    memcpy(st->path + st->plen, step, len + 1);
    st->plen += len;
}

static void path_pop(show_state *st, const esv_asn_node *n)
{
    int d = n->depth < 0 ? 0 : n->depth > ESV_ASN_WALK_MAX_DEPTH ? ESV_ASN_WALK_MAX_DEPTH + 1 : n->depth;
    if (st->path_cut && st->plen == st->saved[d] && n->depth > 0 && n->kind != ESV_ASN_CHOICE)
        st->path_cut--; /* the step that did not fit */
    st->plen = st->saved[d];
    st->path[st->plen] = '\0';
}

static int field_mark_cmp(const void *a, const void *b)
{
    const field_mark *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

/* The first of the element's field findings on path p (the range that
 * follows shares it), or SIZE_MAX. */
static size_t field_find(const show_state *st, const char *p)
{
    size_t lo = 0, hi = st->nfmarks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(st->fmarks[mid].path, p) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < st->nfmarks && strcmp(st->fmarks[lo].path, p) == 0 ? lo : SIZE_MAX;
}

/* The findings on the node just pushed: a finding's path is the node's
 * ("header/iccid", from the element's type) or the node's without the
 * element's type ("pukCodes[0]/pukValue" in a pukCodes element).
 * Returns the first in st->fmarks, or SIZE_MAX. */
static size_t field_hits(const show_state *st)
{
    size_t i, n;
    if (st->nfmarks == 0 || st->path_cut)
        return SIZE_MAX;
    if ((i = field_find(st, st->path)) != SIZE_MAX)
        return i;
    n = strlen(st->pe_name);
    if (st->plen > n + 1 && strncmp(st->path, st->pe_name, n) == 0 && st->path[n] == '/')
        return field_find(st, st->path + n + 1);
    return SIZE_MAX;
}

/* Opens a field's <li>, highlighted when findings name it. */
static void field_open(show_state *st, size_t hit)
{
    esv_buf_puts(st->b, hit == SIZE_MAX ? "<li>" : "<li class=\"fhit\">");
}

/* The links from a field to its findings (the range from hit on). */
static void field_links(show_state *st, size_t hit)
{
    size_t i;
    if (hit == SIZE_MAX)
        return;
    esv_buf_puts(st->b, " <span class=\"marks\">");
    for (i = hit; i < st->nfmarks && strcmp(st->fmarks[i].path, st->fmarks[hit].path) == 0; i++) {
        const esv_finding *f = esv_report_finding(st->r, st->fmarks[i].k);
        esv_buf_printf(st->b, "%s<a class=\"sev-%s\" href=\"#%sf%zu\">%s</a>", i > hit ? " " : "",
                       esv_severity_str(esv_finding_severity(f)), st->prefix, st->fmarks[i].k,
                       esv_finding_rule_id(f));
    }
    esv_buf_puts(st->b, "</span>");
}

/* Appends label, escaped, as the key of a field. */
static void html_key(show_state *st, const char *label)
{
    if (label[0]) {
        esv_buf_puts(st->b, "<span class=\"k\">");
        esv_buf_html(st->b, label, strlen(label), 0);
        esv_buf_puts(st->b, "</span>");
    }
}

static int html_enter(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    char label[SHOW_LABEL_MAX];
    size_t hit;
    text_label(st, n, label, sizeof(label));
    path_push(st, n);
    if (n->kind == ESV_ASN_CHOICE) {
        if (!n->has_alt) {
            esv_buf_puts(st->b, "<li>");
            html_key(st, label);
            esv_buf_puts(st->b, " <span class=\"v\">(unknown alternative)</span></li>");
            return 0;
        }
        memcpy(st->pending, label, sizeof(label));
        st->has_pending = 1;
        return 0;
    }
    if (n->depth > 0) {
        hit = field_hits(st);
        field_open(st, hit);
        html_key(st, label);
        if (n->kind == ESV_ASN_SEQUENCE_OF && n->count == 0)
            esv_buf_puts(st->b, " <span class=\"v\">(none)</span>");
        field_links(st, hit);
        esv_buf_puts(st->b, "<ul>");
    }
    return 0;
}

static int html_leave(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    if (n->kind != ESV_ASN_CHOICE && n->depth > 0)
        esv_buf_puts(st->b, "</ul></li>");
    path_pop(st, n);
    return 0;
}

static int html_leaf(void *opaque, const esv_asn_node *n)
{
    show_state *st = opaque;
    char label[SHOW_LABEL_MAX];
    esv_buf *b = st->b;
    size_t hit;
    text_label(st, n, label, sizeof(label));
    path_push(st, n);
    hit = field_hits(st);
    field_open(st, hit);
    html_key(st, label);
    esv_buf_puts(b, " <span class=\"v\">");
    /* the value as the text view writes it (strings escaped, octets cut
     * after 64 bytes), then escaped for HTML */
    st->scratch.len = 0;
    st->b = &st->scratch;
    put_value(st, n);
    st->b = b;
    if (st->scratch.failed)
        b->failed = 1;
    else
        esv_buf_html(b, st->scratch.data ? st->scratch.data : "", st->scratch.len,
                     ESV_TEXT_KEEP_BACKSLASH);
    esv_buf_puts(b, "</span>");
    field_links(st, hit);
    esv_buf_puts(b, "</li>");
    path_pop(st, n);
    return 0;
}

static const esv_asn_visitor html_visitor = {html_enter, html_leave, html_leaf};

/* ------------------------------------------------------------ CAP */

/* The load file of a PE-Application load block, read by the CAP reader
 * (cap.h) while the element's value is current: the package, its applets
 * and imports with their class (text: one line; JSON: a "cap" member). */
static void show_cap(show_state *st, const ProfileElement_t *v)
{
    const ApplicationLoadPackage_t *lb;
    cap_result *cr;
    esv_buf *b = st->b;

    if (v == NULL || v->present != ProfileElement_PR_application ||
        (lb = v->choice.application.loadBlock) == NULL)
        return;
    if ((cr = malloc(sizeof(*cr))) == NULL) {
        st->nomem = 1;
        return;
    }
    cap_parse(lb->loadBlockObject.buf, lb->loadBlockObject.size > 0 ? (size_t)lb->loadBlockObject.size : 0, cr);
    if (st->json) {
        esv_buf_puts(b, ",\"cap\":");
        if (cr->status == CAP_OK) {
            cap_summary_json(b, cr);
        } else {
            esv_buf_puts(b, "{\"error\":");
            esv_buf_json_string(b, cr->err, strlen(cr->err));
            esv_buf_printf(b, ",\"offset\":%zu,\"supported\":%s}", cr->err_off,
                           cr->status == CAP_UNSUPPORTED ? "false" : "true");
        }
    } else {
        esv_buf_puts(b, "  load file (CAP): ");
        if (cr->status == CAP_OK)
            cap_summary_text(b, cr);
        else
            esv_buf_printf(b, "%s %s (byte %zu): see esv profile",
                           cr->status == CAP_UNSUPPORTED ? "not read:" : "not well-formed:", cr->err,
                           cr->err_off);
        esv_buf_putc(b, '\n');
    }
    free(cr);
}

/* ------------------------------------------------------------ elements */

static const char undecoded_note[] = "does not decode: see esv profile";

static void show_element(show_state *st, const esv_profile *p, const esv_pe *e)
{
    esv_buf *b = st->b;
    const ProfileElement_t *v = esv_pe_value(p, e);
    const PEHeader_t *h = esv_pe_header(v);
    const asn_TYPE_member_t *m = NULL;
    const void *alt = NULL;
    int have = v != NULL && esv_asn_choice_alt(&asn_DEF_ProfileElement, v, &m, &alt) == 0;
    /* Decoded at load, as an alternative added after the schema esv
     * knows; otherwise it did not decode (or, decoded again, ran out of
     * memory: the call then fails with ESV_E_NOMEM). */
    int unknown = (e->flags & ESV_PE_DECODES) && e->type == ProfileElement_PR_NOTHING;

    if (v == NULL && (e->flags & ESV_PE_DECODES) && !unknown)
        st->nomem = 1;
    if (st->json) {
        esv_buf_printf(b, "{\"index\":%u,\"offset\":%zu,\"length\":%u,\"tag\":%u,", (unsigned)e->index,
                       e->off, (unsigned)e->len, (unsigned)e->tag);
        if (!unknown && !have) {
            esv_buf_printf(b, "\"type\":null,\"error\":\"%s\"}", undecoded_note);
            return;
        }
        if (!have) {
            /* An alternative added after the schema esv knows. */
            esv_buf_puts(b, "\"type\":\"unknown\",\"value\":null}");
            return;
        }
        esv_buf_puts(b, "\"type\":");
        esv_buf_json_string(b, m->name, strlen(m->name));
        if (h != NULL)
            esv_buf_printf(b, ",\"identification\":%ld", h->identification);
        esv_buf_puts(b, ",\"value\":");
        st->need_comma = 0;
        esv_asn1_ready(); /* the walker reads asn1c's descriptors */
        (void)esv_asn_walk(m->type, alt, NULL, &json_visitor, st);
        show_cap(st, v);
        esv_buf_putc(b, '}');
        return;
    }

    if (!unknown && !have) {
        static const char *const cls[4] = {"universal ", "application ", "", "private "};
        unsigned c = e->off < p->len ? (unsigned)(p->data[e->off] >> 6) : 2u;
        esv_buf_printf(b, "[%u] tag [%s%u] at offset %zu, %u bytes (%s)\n", (unsigned)e->index, cls[c],
                       (unsigned)e->tag, e->off, (unsigned)e->len, undecoded_note);
        return;
    }
    if (!have) {
        esv_buf_printf(b, "[%u] unknown (tag [%u], offset %zu, %u bytes): an alternative "
                          "this version of esv does not know, not shown\n",
                       (unsigned)e->index, (unsigned)e->tag, e->off, (unsigned)e->len);
        return;
    }
    esv_buf_printf(b, "[%u] %s (", (unsigned)e->index, m->name);
    if (h != NULL)
        esv_buf_printf(b, "id %ld, ", h->identification);
    esv_buf_printf(b, "offset %zu, %u bytes)\n", e->off, (unsigned)e->len);
    st->indent = 1;
    st->has_pending = 0;
    esv_asn1_ready(); /* the walker reads asn1c's descriptors */
    (void)esv_asn_walk(m->type, alt, NULL, &text_visitor, st);
    show_cap(st, v);
}

esv_status esv_profile_show(const esv_ctx *ctx, const uint8_t *data, size_t len,
                            esv_format format, esv_write_fn write, void *opaque)
{
    esv_report *r;
    esv_profile p;
    esv_status st, result;
    esv_out o;
    esv_buf *b = &o.b;
    show_state ss;
    size_t i;

    if (ctx == NULL || write == NULL || (data == NULL && len > 0) ||
        (format != ESV_FORMAT_TEXT && format != ESV_FORMAT_JSON))
        return ESV_E_ARG;
    r = esv_report_create(ctx, "profile");
    if (r == NULL)
        return ESV_E_NOMEM;
    st = esv_profile_load(&p, r, ctx, data, len);
    if (st != ESV_OK) {
        esv_profile_release(&p);
        esv_report_free(r);
        return st;
    }
    /* The findings themselves are esv_profile_verify's business: only
     * whether the package is whole matters here. */
    result = esv_report_status(r) == ESV_E_LIMIT ? ESV_E_LIMIT
             : (!p.complete || p.undecoded > 0)  ? ESV_E_PARSE
                                                 : ESV_OK;
    esv_report_free(r);

    /* Written element by element, in pieces (esv_out): memory stays that
     * of the model, whatever the size of the text. */
    esv_out_init(&o, write, opaque);
    memset(&ss, 0, sizeof(ss));
    ss.b = b;
    ss.json = format == ESV_FORMAT_JSON;
    if (ss.json) {
        esv_buf_puts(b, "{\"elements\":[");
        for (i = 0; i < p.count && esv_out_flush(&o, 0) == ESV_OK; i++) {
            if (i)
                esv_buf_putc(b, ',');
            show_element(&ss, &p, &p.pes[i]);
        }
        esv_buf_printf(b, "],\"complete\":%s}\n", result == ESV_OK ? "true" : "false");
    } else {
        esv_buf_printf(b, "profile package, %zu element%s, %zu bytes\n", p.count,
                       p.count == 1 ? "" : "s", len);
        for (i = 0; i < p.count && esv_out_flush(&o, 0) == ESV_OK; i++)
            show_element(&ss, &p, &p.pes[i]);
        if (!p.complete)
            esv_buf_puts(b, "(the package is not well-formed or ends early: see esv profile)\n");
    }
    esv_profile_release(&p);
    st = (esv_status)esv_out_finish(&o);
    if (st == ESV_OK && ss.nomem)
        st = ESV_E_NOMEM;
    return st == ESV_OK ? result : st;
}

/* ------------------------------------------------------------ HTML tree */

/* The links from element idx to its findings: marks[*m..] while they are
 * on idx (advances *m). Returns the number of links written. */
static size_t html_marks(esv_buf *b, const esv_report *r, const size_t *marks, size_t nmarks,
                         size_t *m, size_t idx, const char *prefix)
{
    size_t n = 0;
    while (*m < nmarks) {
        const esv_finding *f = esv_report_finding(r, marks[*m]);
        if (f == NULL || esv_finding_element(f) < 0 || (size_t)esv_finding_element(f) != idx)
            break;
        esv_buf_puts(b, n ? " " : " <span class=\"marks\">");
        esv_buf_printf(b, "<a class=\"sev-%s\" href=\"#%sf%zu\">%s</a>",
                       esv_severity_str(esv_finding_severity(f)), prefix, marks[*m],
                       esv_finding_rule_id(f));
        n++;
        (*m)++;
    }
    if (n)
        esv_buf_puts(b, "</span>");
    return n;
}

/* Skips the marks of elements before idx (none are expected: marks are
 * sorted and every element is visited in order). */
static void html_skip_marks(const esv_report *r, const size_t *marks, size_t nmarks, size_t *m,
                            size_t idx)
{
    while (*m < nmarks) {
        const esv_finding *f = esv_report_finding(r, marks[*m]);
        if (f != NULL && esv_finding_element(f) >= 0 && (size_t)esv_finding_element(f) >= idx)
            break;
        (*m)++;
    }
}

/* Does marks[m] name element idx? */
static int html_is_hit(const esv_report *r, const size_t *marks, size_t nmarks, size_t m, size_t idx)
{
    const esv_finding *f = m < nmarks ? esv_report_finding(r, marks[m]) : NULL;
    return f != NULL && esv_finding_element(f) >= 0 && (size_t)esv_finding_element(f) == idx;
}

static void html_element(show_state *st, const esv_profile *p, const esv_pe *e, const esv_report *r,
                         const size_t *marks, size_t nmarks, size_t *m, const char *prefix)
{
    esv_buf *b = st->b;
    const ProfileElement_t *v = esv_pe_value(p, e);
    const PEHeader_t *h = esv_pe_header(v);
    const asn_TYPE_member_t *mem = NULL;
    const void *alt = NULL;
    int have = v != NULL && esv_asn_choice_alt(&asn_DEF_ProfileElement, v, &mem, &alt) == 0;
    int unknown = (e->flags & ESV_PE_DECODES) && e->type == ProfileElement_PR_NOTHING;
    int hit;
    size_t first;

    if (v == NULL && (e->flags & ESV_PE_DECODES) && !unknown)
        st->nomem = 1;
    html_skip_marks(r, marks, nmarks, m, e->index);
    hit = html_is_hit(r, marks, nmarks, *m, e->index);
    esv_buf_printf(b, "<li class=\"pe%s%s\" id=\"%se%u\">", hit ? " hit" : "", have ? "" : " bad", prefix,
                   (unsigned)e->index);
    if (!have) {
        esv_buf_printf(b, "<div class=\"line\">[%u] tag [%u], offset %zu, %u bytes: %s", (unsigned)e->index,
                       (unsigned)e->tag, e->off, (unsigned)e->len,
                       unknown ? "an alternative this version of esv does not know, not shown"
                               : undecoded_note);
        (void)html_marks(b, r, marks, nmarks, m, e->index, prefix);
        esv_buf_puts(b, "</div></li>");
        return;
    }
    esv_buf_printf(b, "<details%s><summary>[%u] %s (", hit ? " open" : "", (unsigned)e->index, mem->name);
    if (h != NULL)
        esv_buf_printf(b, "id %ld, ", h->identification);
    esv_buf_printf(b, "offset %zu, %u bytes)", e->off, (unsigned)e->len);
    first = *m;
    (void)html_marks(b, r, marks, nmarks, m, e->index, prefix);
    esv_buf_puts(b, "</summary><ul class=\"fields\">");
    st->has_pending = 0;
    /* the element's findings that name a field, sorted by path */
    {
        size_t i, n = 0;
        field_mark *fm = NULL;
        if (first < *m && (fm = malloc((*m - first) * sizeof(*fm))) == NULL)
            st->nomem = 1;
        for (i = first; fm != NULL && i < *m; i++) {
            const char *fp = esv_finding_path(esv_report_finding(r, marks[i]));
            if (fp != NULL) {
                fm[n].path = fp;
                fm[n++].k = marks[i];
            }
        }
        if (n > 1)
            qsort(fm, n, sizeof(*fm), field_mark_cmp);
        st->fmarks = fm;
        st->nfmarks = n;
        st->pe_name = mem->name;
        st->plen = 0;
        st->path_cut = 0;
        snprintf(st->path, sizeof(st->path), "%s", mem->name);
        st->plen = strlen(st->path);
        esv_asn1_ready(); /* the walker reads asn1c's descriptors */
        (void)esv_asn_walk(mem->type, alt, NULL, &html_visitor, st);
        st->fmarks = NULL;
        st->nfmarks = 0;
        free(fm);
    }
    esv_buf_puts(b, "</ul>");
    if (v != NULL && v->present == ProfileElement_PR_application) {
        /* the load file summary as the text view writes it, escaped */
        st->scratch.len = 0;
        st->b = &st->scratch;
        show_cap(st, v);
        st->b = b;
        if (st->scratch.len > 0) {
            size_t n = st->scratch.len;
            while (n > 0 && (st->scratch.data[n - 1] == '\n' || st->scratch.data[n - 1] == ' '))
                n--;
            esv_buf_puts(b, "<p class=\"cap\">");
            esv_buf_html(b, st->scratch.data + 2, n > 2 ? n - 2 : 0, ESV_TEXT_KEEP_BACKSLASH);
            esv_buf_puts(b, "</p>");
        }
        if (st->scratch.failed)
            b->failed = 1;
    }
    esv_buf_puts(b, "</details></li>");
}

esv_status esv_profile_show_html(const esv_ctx *ctx, const uint8_t *data, size_t len,
                                 const esv_report *r, const size_t *marks, size_t nmarks,
                                 const char *prefix, esv_out *o)
{
    esv_report *load_report;
    esv_profile p;
    esv_status st;
    show_state ss;
    size_t i, m = 0;

    if (ctx == NULL || o == NULL || r == NULL || prefix == NULL || (data == NULL && len > 0))
        return ESV_E_ARG;
    load_report = esv_report_create(ctx, "profile");
    if (load_report == NULL)
        return ESV_E_NOMEM;
    st = esv_profile_load(&p, load_report, ctx, data, len);
    esv_report_free(load_report); /* the findings are the caller's report's */
    if (st != ESV_OK) {
        esv_profile_release(&p);
        return st;
    }
    memset(&ss, 0, sizeof(ss));
    ss.b = &o->b;
    ss.html = 1;
    ss.r = r;
    ss.prefix = prefix;
    esv_buf_init(&ss.scratch);
    esv_buf_printf(&o->b, "<ol class=\"tree\" start=\"0\">");
    for (i = 0; i < p.count && esv_out_flush(o, 0) == ESV_OK; i++)
        html_element(&ss, &p, &p.pes[i], r, marks, nmarks, &m, prefix);
    /* findings on elements the split did not reach: an entry each, so
     * that every link from a finding has its target */
    html_skip_marks(r, marks, nmarks, &m, p.count);
    while (m < nmarks && o->status == ESV_OK) {
        const esv_finding *f = esv_report_finding(r, marks[m]);
        size_t idx = f != NULL ? (size_t)esv_finding_element(f) : 0;
        if (f == NULL) {
            m++;
            continue;
        }
        esv_buf_printf(&o->b, "<li class=\"pe hit bad\" id=\"%se%zu\"><div class=\"line\">[%zu] "
                              "(not split: the package is not well-formed before it)",
                       prefix, idx, idx);
        (void)html_marks(&o->b, r, marks, nmarks, &m, idx, prefix);
        esv_buf_puts(&o->b, "</div></li>");
    }
    esv_buf_puts(&o->b, "</ol>");
    if (!p.complete)
        esv_buf_puts(&o->b, "<p class=\"note\">The package is not well-formed or ends early: "
                            "the tree stops where the split did.</p>");
    esv_profile_release(&p);
    esv_buf_free(&ss.scratch);
    if (ss.nomem)
        o->b.failed = 1;
    (void)esv_out_flush(o, 0);
    if (o->b.failed && o->status == ESV_OK)
        return ESV_E_NOMEM;
    return (esv_status)o->status;
}
