/*
 * constraints.c - the schema's subtype constraints on decoded values (see
 * constraints.h).
 *
 * Why not asn_check_constraints(). asn1c 0.9.28's checker is unusable for
 * a verifier, for three reasons found on the generated code:
 *  1. it stops at the first violation and names a type ("OCTET STRING:
 *     constraint failed"), not the field: a lab wants every violation with
 *     its path;
 *  2. it loses the constraint of a named constrained type (UInt8 ::=
 *     INTEGER (0..255), ApplicationIdentifier ::= OCTET STRING (SIZE
 *     (5..16))) once any value of that type was decoded: the decoder's
 *     wrapper runs *_inherit_TYPE_descriptor, which overwrites the
 *     descriptor's check_constraints with the base type's (which checks
 *     nothing). A 4-byte AID fails the check before the first decode and
 *     passes it after;
 *  3. it never generates the SIZE of a named SEQUENCE OF type:
 *     FileManagement ::= SEQUENCE (SIZE (1..MAX)) OF ... gets the plain
 *     SEQUENCE_OF_constraint, so an empty one passes.
 * The runtime is not edited. esv walks the value itself (walk.c) and
 * checks each node against two sources, both generated from the schema:
 *  a. asn1c's PER constraint tables (the build runs asn1c with -gen-PER for
 *     them): every PER-visible constraint as data, on the member (a
 *     constraint written on the member, or on a SEQUENCE OF's items) and
 *     on the type (a named type's own; the inherit keeps a type's table).
 *     That is every SIZE of an OCTET STRING, BIT STRING, SEQUENCE OF or
 *     8-bit string and every INTEGER range: the constraint and its bounds
 *     go into the finding;
 *  b. for leaf values, the generated check of the member, or of the type:
 *     what X.691 does not make PER-visible (the SIZE of a UTF8String, in
 *     characters; a permitted alphabet; the UTF-8 encoding itself). The
 *     finding then says what the value is, without bounds. Called on leaves
 *     only, where a check never recurses; not for a node already outside a
 *     PER bound (one finding per node), nor under an extensible one (the
 *     generated check treats the root as closed).
 * Constructed nodes other than SEQUENCE OF carry no subtype constraint in
 * this runtime; ENUMERATED and CHOICE tables hold PER index ranges, not
 * constraints of the value, and are not read.
 */
#include "constraints.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "UTF8String.h"
#include "per_support.h"
#include "walk.h"

/* One step of the path: a member name, or an item index. */
typedef struct step {
    const char *name;
    long item;
} step;

typedef struct check_state {
    esv_asn_violation_fn on_violation;
    void *opaque;
    /* The steps from the root to the current node, by depth (the walk is
     * depth first, so entering a node at depth d ends every deeper step).
     * The text is only made for a violation: most values have none, and
     * formatting a path per node would cost as much as the rest. */
    step steps[ESV_ASN_WALK_MAX_DEPTH + 2];
    char path[ESV_ASN_PATH_MAX];
    size_t headers; /* TLV headers the value's DER encoding has */
} check_state;

/* The TLV headers asn1c's DER encoder writes for node n (der_write_tags:
 * the type's own tags, and the tag of the member it is reached through,
 * which an IMPLICIT tag puts in place of the outermost one and an
 * EXPLICIT tag adds). */
static size_t node_headers(const esv_asn_node *n)
{
    int tc = n->td != NULL ? n->td->tags_count : 0;
    const asn_TYPE_member_t *m = n->member;
    if (m != NULL && m->tag_mode != 0)
        tc = tc + 1 - (m->tag_mode == -1 && tc > 0);
    return tc > 0 ? (size_t)tc : 0;
}

static void set_step(check_state *s, const esv_asn_node *n)
{
    if (n->depth >= 0 && n->depth < (int)(sizeof(s->steps) / sizeof(s->steps[0]))) {
        s->steps[n->depth].name = n->name;
        s->steps[n->depth].item = n->item;
    }
}

/* The path of the node at depth: "/name" per member, "[i]" per item,
 * nothing for the root. One that does not fit is cut and ends in "...". */
static void make_path(check_state *s, int depth)
{
    size_t len = 0, room;
    int d, w;
    s->path[0] = '\0';
    for (d = 0; d <= depth && d < (int)(sizeof(s->steps) / sizeof(s->steps[0])); d++) {
        room = sizeof(s->path) - len;
        if (s->steps[d].name != NULL)
            w = snprintf(s->path + len, room, "%s%s", len > 0 ? "/" : "", s->steps[d].name);
        else if (s->steps[d].item >= 0)
            w = snprintf(s->path + len, room, "[%ld]", s->steps[d].item);
        else
            continue;
        if (w < 0 || (size_t)w >= room) {
            len = sizeof(s->path) - 1;
            memcpy(s->path + len - 3, "...", 3);
            s->path[len] = '\0';
            return;
        }
        len += (size_t)w;
    }
}

/* Whether v is outside constraint c. An extensible one ("(0..7, ...)")
 * lets any value through: a value outside its root may be an extension
 * addition a later version of the schema defines. */
static int outside(const asn_per_constraint_t *c, int64_t v)
{
    if (c->flags & APC_EXTENSIBLE)
        return 0;
    if (c->flags & APC_CONSTRAINED)
        return v < c->lower_bound || v > c->upper_bound;
    if (c->flags & APC_SEMI_CONSTRAINED)
        return v < c->lower_bound;
    return 0;
}

/* Whether an INTEGER node is outside c. One wider than 64 bits is beyond
 * any bound a long holds: above them when positive, below when negative. */
static int int_outside(const asn_per_constraint_t *c, const esv_asn_node *n)
{
    if (n->fits)
        return outside(c, n->ival);
    if (c->flags & APC_EXTENSIBLE)
        return 0;
    if (c->flags & APC_CONSTRAINED)
        return 1;
    if (c->flags & APC_SEMI_CONSTRAINED)
        return n->len > 0 && (n->bytes[0] & 0x80) != 0;
    return 0;
}

/* "SIZE (10)", "SIZE (1..MAX)", "(0..255)": the constraint as the schema
 * would write it. */
static void bounds_text(char *out, size_t cap, const asn_per_constraint_t *c, int size)
{
    const char *pre = size ? "SIZE (" : "(";
    if (!(c->flags & APC_CONSTRAINED))
        snprintf(out, cap, "%s%ld..MAX)", pre, c->lower_bound);
    else if (c->lower_bound == c->upper_bound)
        snprintf(out, cap, "%s%ld)", pre, c->lower_bound);
    else
        snprintf(out, cap, "%s%ld..%ld)", pre, c->lower_bound, c->upper_bound);
}

/* Whether td is a UTF8String: [UNIVERSAL 12] among its tags. Not only the
 * innermost one: asn1c lists a UTF8String's tags as [UNIVERSAL 12] then
 * OCTET STRING, its C representation. */
static int is_utf8(const asn_TYPE_descriptor_t *td)
{
    int i;
    for (i = 0; td->all_tags != NULL && i < td->all_tags_count; i++)
        if (BER_TAG_CLASS(td->all_tags[i]) == ASN_TAG_CLASS_UNIVERSAL &&
            BER_TAG_VALUE(td->all_tags[i]) == 12)
            return 1;
    return 0;
}

/* The size a SIZE constraint counts for a node (X.680 51.5): octets, bits,
 * characters (UTF-8 decoded for a UTF8String; one octet each for the 8-bit
 * string types), items. -1 when there is none (or no valid UTF-8). */
static int node_size(const esv_asn_node *n, int64_t *size, const char **unit)
{
    size_t v;
    switch (n->kind) {
    case ESV_ASN_OCTETS: v = n->len; *unit = "octet"; break;
    case ESV_ASN_STRING:
        if (is_utf8(n->td)) {
            ssize_t chars = UTF8String_length(n->value);
            if (chars < 0)
                return -1;
            v = (size_t)chars;
        } else {
            v = n->len;
        }
        *unit = "character";
        break;
    case ESV_ASN_SEQUENCE_OF: v = n->count; *unit = "item"; break;
    case ESV_ASN_BITS:
        if (n->len > (size_t)INT64_MAX / 8)
            return -1;
        v = n->len * 8 - (size_t)n->bits_unused;
        *unit = "bit";
        break;
    default:
        return -1;
    }
    *size = v > (size_t)INT64_MAX ? INT64_MAX : (int64_t)v;
    return 0;
}

static int report(check_state *s, const esv_asn_node *n, const char *what)
{
    make_path(s, n->depth);
    return s->on_violation(s->opaque, s->path, what);
}

/* What the PER tables said about a node. */
typedef struct table_verdict {
    int hit;        /* outside a bound: reported */
    int extensible; /* a bound that applies has an extension marker */
} table_verdict;

/* Checks n against one PER table. */
static int check_table(check_state *s, const esv_asn_node *n, const asn_per_constraints_t *pc,
                       table_verdict *tv)
{
    char bounds[64], what[160];
    int64_t size;
    const char *unit;
    int sized;

    if (pc == NULL || tv->hit)
        return 0;
    sized = node_size(n, &size, &unit) == 0;
    if ((sized && (pc->size.flags & APC_EXTENSIBLE)) ||
        (n->kind == ESV_ASN_INTEGER && (pc->value.flags & APC_EXTENSIBLE)))
        tv->extensible = 1;
    if (sized && outside(&pc->size, size)) {
        bounds_text(bounds, sizeof(bounds), &pc->size, 1);
        snprintf(what, sizeof(what), "%s but %lld %s%s", bounds, (long long)size, unit,
                 size == 1 ? "" : "s");
        tv->hit = 1;
        return report(s, n, what);
    }
    if (n->kind == ESV_ASN_INTEGER && int_outside(&pc->value, n)) {
        bounds_text(bounds, sizeof(bounds), &pc->value, 0);
        if (n->fits)
            snprintf(what, sizeof(what), "%s but the value is %lld", bounds, (long long)n->ival);
        else
            snprintf(what, sizeof(what), "%s but the value takes %zu octets", bounds, n->len);
        tv->hit = 1;
        return report(s, n, what);
    }
    return 0;
}

/* a. the PER-visible constraints of the member and of the type. */
static int check_tables(check_state *s, const esv_asn_node *n, table_verdict *tv)
{
    int rc;
    if (n->member != NULL && (rc = check_table(s, n, n->member->per_constraints, tv)) != 0)
        return rc;
    return check_table(s, n, n->td->per_constraints, tv);
}

typedef struct ct_key {
    const void *value;
    int failed;
} ct_key;

/* asn1c's failure callback: only a failure of the node itself counts (a
 * check that looked inside would report an inner node, which the walk
 * reaches and checks on its own). The message is asn1c's, without the
 * field: not used. */
static void ct_failed(void *app_key, asn_TYPE_descriptor_t *td, const void *sptr, const char *fmt,
                      ...)
{
    ct_key *k = app_key;
    (void)td;
    (void)fmt;
    if (sptr == k->value)
        k->failed = 1;
}

/* b. the generated check of a leaf: what is not in the PER tables. */
static int check_generated(check_state *s, const esv_asn_node *n)
{
    asn_constr_check_f *check;
    asn_TYPE_descriptor_t *td;
    ct_key key = {n->value, 0};
    char measure[64], what[200];

    check = n->member != NULL && n->member->memb_constraints != NULL
                ? n->member->memb_constraints
                : n->td->check_constraints;
    if (check == NULL || n->value == NULL)
        return 0;
    /* asn1c's check takes a mutable descriptor (the lazy inherit). */
    memcpy(&td, &n->td, sizeof(td));
    if (check(td, n->value, ct_failed, &key) == 0 || !key.failed)
        return 0;
    switch (n->kind) {
    case ESV_ASN_STRING:
        if (is_utf8(n->td)) {
            ssize_t chars = UTF8String_length(n->value);
            if (chars < 0)
                snprintf(measure, sizeof(measure), "%zu octets that are not UTF-8", n->len);
            else
                snprintf(measure, sizeof(measure), "%zd character%s", chars, chars == 1 ? "" : "s");
        } else {
            snprintf(measure, sizeof(measure), "%zu character%s", n->len, n->len == 1 ? "" : "s");
        }
        break;
    case ESV_ASN_OCTETS:
        snprintf(measure, sizeof(measure), "%zu octet%s", n->len, n->len == 1 ? "" : "s");
        break;
    case ESV_ASN_INTEGER:
    case ESV_ASN_ENUMERATED:
        if (n->fits) {
            snprintf(measure, sizeof(measure), "the value is %lld", (long long)n->ival);
            break;
        }
        /* fall through */
    default:
        snprintf(measure, sizeof(measure), "the %s value fails it", n->type_name);
        break;
    }
    /* X.691 does not make these PER-visible, so there are no bounds to
     * quote: the constraint is named by its kind. */
    snprintf(what, sizeof(what), "%s of the schema (asn1c's generated check) but %s",
             n->kind == ESV_ASN_STRING ? "SIZE in characters or alphabet" : "constraint", measure);
    return report(s, n, what);
}

static int on_enter(void *opaque, const esv_asn_node *n)
{
    check_state *s = opaque;
    table_verdict tv = {0, 0};
    s->headers += node_headers(n);
    set_step(s, n);
    return n->kind == ESV_ASN_SEQUENCE_OF ? check_tables(s, n, &tv) : 0;
}

static int on_leave(void *opaque, const esv_asn_node *n)
{
    (void)opaque;
    (void)n;
    return 0;
}

static int on_leaf(void *opaque, const esv_asn_node *n)
{
    check_state *s = opaque;
    table_verdict tv = {0, 0};
    int rc;

    s->headers += node_headers(n);
    if (n->kind == ESV_ASN_TOO_DEEP)
        return 0; /* nothing decoded is that deep: the schema is shallower */
    set_step(s, n);
    rc = check_tables(s, n, &tv);
    /* asn1c's generated check applies an extensible constraint's root as
     * if it were closed: where the tables say "...", it is not asked. */
    if (rc == 0 && !tv.hit && !tv.extensible)
        rc = check_generated(s, n);
    return rc;
}

int esv_asn_check_constraints(const asn_TYPE_descriptor_t *td, const void *value,
                              esv_asn_violation_fn on_violation, void *opaque, size_t *headers)
{
    static const esv_asn_visitor visitor = {on_enter, on_leave, on_leaf};
    check_state s;
    int rc;

    if (td == NULL || value == NULL || on_violation == NULL)
        return -1;
    memset(&s, 0, sizeof(s));
    s.on_violation = on_violation;
    s.opaque = opaque;
    rc = esv_asn_walk(td, value, NULL, &visitor, &s);
    if (headers != NULL)
        *headers = rc == 0 ? s.headers : 0;
    return rc;
}
