/*
 * mutator.c - the structure-aware DER mutator (see mutator.h), and
 * libFuzzer's LLVMFuzzerCustomMutator / LLVMFuzzerCustomCrossOver entry
 * points over it. Built with FM_FRAMED, the entry point mutates one part of
 * fuzz_chain's framed input (fm_mutate_framed) and there is no cross-over.
 * Linked into the DER targets only; compiled without
 * coverage instrumentation, so the mutator's own branches are not
 * mistaken for the target's.
 */
#include "mutator.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ random */

void fm_rng_seed(fm_rng *r, uint64_t seed)
{
    r->s = seed ^ 0x9e3779b97f4a7c15u;
}

/* splitmix64 */
uint64_t fm_rng_next(fm_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static size_t pick(fm_rng *r, size_t n)
{
    return n ? (size_t)(fm_rng_next(r) % n) : 0;
}

/* ------------------------------------------------------------ parse */

static int new_node(fm_tree *t, size_t limit)
{
    fm_node *x;
    if (t->n >= limit)
        return -1;
    x = &t->node[t->n];
    memset(x, 0, sizeof(*x));
    x->first = x->next = -1;
    x->leaf = 1;
    return (int)t->n++;
}

/* One DER header at buf[*off..len): identifier octets into x, the
 * contents length into *clen. 0 or -1 (not DER framing). */
static int read_header(const uint8_t *buf, size_t len, size_t *off, fm_node *x, size_t *clen)
{
    size_t p = *off, n, i;
    if (p >= len)
        return -1;
    x->id[0] = buf[p++];
    x->id_len = 1;
    if ((x->id[0] & 0x1f) == 0x1f) {
        /* high tag number: no leading 0x80, at least 31, at most FM_ID_MAX octets */
        if (p >= len || buf[p] == 0x80)
            return -1;
        for (;;) {
            if (p >= len || x->id_len >= FM_ID_MAX)
                return -1;
            x->id[x->id_len++] = buf[p];
            if (!(buf[p++] & 0x80))
                break;
        }
        if (x->id_len == 2 && x->id[1] < 31)
            return -1;
    }
    if (p >= len)
        return -1;
    if (buf[p] < 0x80) {
        *clen = buf[p++];
    } else {
        n = buf[p++] & 0x7fu;
        if (n == 0 || n > 4 || n > len - p || buf[p] == 0)
            return -1; /* indefinite, too long for us, truncated, leading zero */
        *clen = 0;
        for (i = 0; i < n; i++)
            *clen = (*clen << 8) | buf[p++];
        if (*clen < 0x80)
            return -1; /* not the shortest form */
    }
    if (*clen > len - p)
        return -1;
    *off = p;
    return 0;
}

static int parse_list(fm_tree *t, int parent, const uint8_t *buf, size_t len, unsigned depth);

/* Whether a primitive OCTET STRING holds TLVs: tried, and undone if not. */
static void try_encapsulated(fm_tree *t, int x, unsigned depth)
{
    size_t saved = t->n;
    fm_node *nd = &t->node[x];
    if (nd->id_len != 1 || nd->id[0] != 0x04 || nd->len < 2)
        return;
    if (parse_list(t, x, nd->val, nd->len, depth + 1) == 0) {
        t->node[x].leaf = 0;
        return;
    }
    t->n = saved;
    t->node[x].first = -1;
}

static int parse_list(fm_tree *t, int parent, const uint8_t *buf, size_t len, unsigned depth)
{
    size_t off = 0;
    int prev = -1;
    if (depth > FM_MAX_DEPTH)
        return -1; /* the contents of a value at level FM_MAX_DEPTH + 1 */
    while (off < len) {
        size_t clen;
        int x = new_node(t, FM_MAX_NODES);
        fm_node *nd;
        if (x < 0)
            return -1;
        nd = &t->node[x];
        if (read_header(buf, len, &off, nd, &clen) != 0)
            return -1;
        nd->val = buf + off;
        nd->len = clen;
        if (prev < 0)
            t->node[parent].first = x;
        else
            t->node[prev].next = x;
        prev = x;
        if (nd->id[0] & 0x20) {
            nd->leaf = 0;
            nd->val = NULL;
            nd->len = 0;
            if (parse_list(t, x, buf + off, clen, depth + 1) != 0)
                return -1;
        } else {
            try_encapsulated(t, x, depth);
        }
        off += clen;
    }
    return 0;
}

int fm_parse(fm_tree *t, const uint8_t *buf, size_t len)
{
    t->n = 0;
    t->arena_used = 0;
    (void)new_node(t, FM_MAX_NODES);
    t->node[0].leaf = 0;
    if (len == 0 || parse_list(t, 0, buf, len, 0) != 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------ encode */

static size_t len_octets(size_t l)
{
    size_t n = 1;
    if (l < 0x80)
        return 1;
    while (l) {
        n++;
        l >>= 8;
    }
    return n;
}

/* The length octets written for x: its contents size, skewed by FM_LENGTH. */
static size_t written_len(const fm_node *x)
{
    if (x->len_skew < 0 && x->clen > 0)
        return x->clen - 1;
    return x->len_skew > 0 ? x->clen + 1 : x->clen;
}

static size_t size_of(fm_tree *t, int x)
{
    fm_node *nd = &t->node[x];
    size_t content = 0;
    if (nd->leaf) {
        content = nd->len;
    } else {
        int c;
        for (c = nd->first; c >= 0; c = t->node[c].next)
            content += size_of(t, c);
    }
    nd->clen = content;
    nd->enc = x == 0 ? content : nd->id_len + len_octets(written_len(nd)) + content;
    return nd->enc;
}

size_t fm_encoded_size(fm_tree *t)
{
    return size_of(t, 0);
}

/* Writes x (sizes from size_of) at p; returns the end. */
static uint8_t *write_node(const fm_tree *t, int x, uint8_t *p)
{
    const fm_node *nd = &t->node[x];
    if (x != 0) {
        size_t l = written_len(nd), n, k;
        memcpy(p, nd->id, nd->id_len);
        p += nd->id_len;
        if (l < 0x80) {
            *p++ = (uint8_t)l;
        } else {
            n = len_octets(l) - 1;
            *p++ = (uint8_t)(0x80 | n);
            for (k = n; k-- > 0;)
                *p++ = (uint8_t)(l >> (8 * k));
        }
    }
    if (nd->leaf) {
        if (nd->len)
            memcpy(p, nd->val, nd->len);
        return p + nd->len;
    }
    for (int c = nd->first; c >= 0; c = t->node[c].next)
        p = write_node(t, c, p);
    return p;
}

size_t fm_encode(fm_tree *t, uint8_t *out, size_t cap)
{
    size_t n = fm_encoded_size(t);
    if (n > cap || n == 0)
        return 0;
    return (size_t)(write_node(t, 0, out) - out) == n ? n : 0;
}

/* ------------------------------------------------------------ helpers */

/* The parent of x and the sibling before it (-1 when x is first). */
static int find_link(const fm_tree *t, int x, int *parent, int *prev)
{
    size_t i;
    for (i = 0; i < t->n; i++) {
        int c, p = -1;
        if (t->node[i].leaf)
            continue;
        for (c = t->node[i].first; c >= 0; p = c, c = t->node[c].next)
            if (c == x) {
                *parent = (int)i;
                *prev = p;
                return 0;
            }
    }
    return -1;
}

/* A random live non-root node satisfying want (NULL: any), or -1. */
static int pick_node(const fm_tree *t, fm_rng *r, int (*want)(const fm_tree *, int))
{
    int cand[FM_NODE_CAP];
    size_t n = 0, i;
    /* the live nodes, in tree order, by an explicit stack */
    int stack[FM_NODE_CAP];
    size_t sp = 0;
    if (t->node[0].first >= 0)
        stack[sp++] = t->node[0].first;
    while (sp > 0) {
        int x = stack[--sp];
        if (want == NULL || want(t, x))
            cand[n++] = x;
        if (t->node[x].next >= 0 && sp < FM_NODE_CAP)
            stack[sp++] = t->node[x].next;
        if (!t->node[x].leaf && t->node[x].first >= 0 && sp < FM_NODE_CAP)
            stack[sp++] = t->node[x].first;
    }
    if (n == 0)
        return -1;
    i = pick(r, n);
    return cand[i];
}

static int is_leaf(const fm_tree *t, int x)
{
    return t->node[x].leaf;
}

static int is_oid(const fm_tree *t, int x)
{
    return t->node[x].leaf && t->node[x].id_len == 1 && t->node[x].id[0] == 0x06 && t->node[x].len > 0;
}

static int child_count(const fm_tree *t, int x)
{
    int c, n = 0;
    for (c = t->node[x].first; c >= 0; c = t->node[c].next)
        n++;
    return n;
}

static int has_two_children(const fm_tree *t, int x)
{
    return !t->node[x].leaf && child_count(t, x) >= 2;
}

static int truncatable(const fm_tree *t, int x)
{
    return t->node[x].leaf ? t->node[x].len > 0 : t->node[x].first >= 0;
}

static uint8_t *arena_take(fm_tree *t, size_t n)
{
    uint8_t *p;
    if (n > FM_ARENA - t->arena_used)
        return NULL;
    p = t->arena + t->arena_used;
    t->arena_used += n;
    return p;
}

/* Copies the subtree at x of src into t (src may be t); returns the copy
 * (its next is -1), or -1 when t is full. */
static int copy_subtree(fm_tree *t, const fm_tree *src, int x, unsigned depth)
{
    int y, c, prev = -1;
    fm_node keep;
    if (depth > FM_MAX_DEPTH)
        return -1;
    keep = src->node[x];
    if ((y = new_node(t, FM_NODE_CAP)) < 0)
        return -1;
    t->node[y] = keep;
    t->node[y].first = t->node[y].next = -1;
    if (keep.leaf)
        return y;
    for (c = keep.first; c >= 0; c = src->node[c].next) {
        int cc = copy_subtree(t, src, c, depth + 1);
        if (cc < 0)
            return -1;
        if (prev < 0)
            t->node[y].first = cc;
        else
            t->node[prev].next = cc;
        prev = cc;
    }
    return y;
}

/* ------------------------------------------------------------ kinds */

/* Writes tag number num with class cls and constructed bit con. */
static void set_tag(fm_node *x, unsigned cls, unsigned con, uint32_t num)
{
    uint8_t lead = (uint8_t)((cls << 6) | (con ? 0x20 : 0));
    if (num < 31) {
        x->id[0] = (uint8_t)(lead | num);
        x->id_len = 1;
        return;
    }
    {
        uint8_t tmp[FM_ID_MAX];
        size_t n = 0, i;
        do {
            tmp[n++] = (uint8_t)(num & 0x7f);
            num >>= 7;
        } while (num && n < FM_ID_MAX - 1);
        x->id[0] = (uint8_t)(lead | 0x1f);
        for (i = 0; i < n; i++)
            x->id[1 + i] = (uint8_t)(tmp[n - 1 - i] | (i + 1 < n ? 0x80 : 0));
        x->id_len = (uint8_t)(n + 1);
    }
}

static int mut_tag(fm_tree *t, fm_rng *r)
{
    /* universal tags DER allows in each form (X.690 8.1.2, 10.2) */
    static const uint8_t prim_universal[] = {1, 2, 3, 4, 5, 6, 10, 12, 18, 19, 20, 22, 23, 24, 26, 28, 30};
    static const uint8_t cons_universal[] = {16, 17};
    int x = pick_node(t, r, NULL);
    fm_node *nd;
    unsigned con, how;
    uint8_t old[FM_ID_MAX], old_len;
    if (x < 0)
        return -1;
    nd = &t->node[x];
    con = nd->id[0] & 0x20;
    memcpy(old, nd->id, sizeof(old));
    old_len = nd->id_len;
    how = (unsigned)pick(r, 4);
    if (how == 0) { /* the tag of another node of the same form */
        int y = pick_node(t, r, NULL);
        if (y >= 0 && (t->node[y].id[0] & 0x20) == con) {
            memcpy(nd->id, t->node[y].id, FM_ID_MAX);
            nd->id_len = t->node[y].id_len;
        } else {
            how = 1;
        }
    }
    if (how == 2 && (nd->id[0] >> 6) == 0)
        how = 1; /* a universal number moved by one may need the other form */
    if (how == 1) { /* a universal tag of this form */
        if (con)
            set_tag(nd, 0, 1, cons_universal[pick(r, sizeof(cons_universal))]);
        else
            set_tag(nd, 0, 0, prim_universal[pick(r, sizeof(prim_universal))]);
    } else if (how == 2) { /* the same class, the number moved by one */
        uint32_t num = nd->id[0] & 0x1fu;
        size_t i;
        if (num == 0x1f)
            for (num = 0, i = 1; i < nd->id_len; i++)
                num = (num << 7) | (nd->id[i] & 0x7fu);
        num = pick(r, 2) || num == 0 ? num + 1 : num - 1;
        if (num >= (1u << 28))
            num = 0;
        set_tag(nd, nd->id[0] >> 6, con, num);
    } else if (how == 3) { /* a context, application or private tag, low or high form */
        static const uint32_t nums[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 30, 31, 32, 33, 34, 35, 37, 39, 45, 55,
                                        56, 57, 59, 65, 127, 128, 16383, 16384};
        set_tag(nd, 1 + (unsigned)pick(r, 3), con, nums[pick(r, sizeof(nums) / sizeof(nums[0]))]);
    }
    if (nd->id_len == old_len && memcmp(nd->id, old, old_len) == 0)
        set_tag(nd, 2, con, (nd->id[0] & 0x1f) == 9 ? 10 : 9);
    /* an encapsulating OCTET STRING given another tag stays a node with
     * children, written as a primitive of that tag: still well-formed */
    return 0;
}

static int mut_length(fm_tree *t, fm_rng *r)
{
    int x = pick_node(t, r, NULL);
    if (x < 0)
        return -1;
    size_of(t, 0);
    /* a zero-length value can only grow */
    t->node[x].len_skew = (pick(r, 2) || t->node[x].clen == 0) ? 1 : -1;
    return 0;
}

static int mut_oid(fm_tree *t, fm_rng *r)
{
    uint64_t arcs[64];
    size_t n = 0, i, k;
    int x = pick_node(t, r, is_oid);
    fm_node *nd;
    uint64_t v = 0;
    uint8_t *out;
    size_t out_len = 0;
    if (x < 0)
        return -1;
    nd = &t->node[x];
    /* the encoded subidentifiers (the first holds two arcs, X.690 8.19.4) */
    for (i = 0; i < nd->len; i++) {
        if (v >> 56)
            return -1;
        v = (v << 7) | (nd->val[i] & 0x7fu);
        if (!(nd->val[i] & 0x80)) {
            if (n == 64)
                return -1;
            arcs[n++] = v;
            v = 0;
        }
    }
    if (n == 0 || (nd->val[nd->len - 1] & 0x80))
        return -1;
    k = pick(r, n);
    switch (pick(r, 6)) {
    case 0: arcs[k]++; break;
    case 1: arcs[k] = arcs[k] ? arcs[k] - 1 : 1; break;
    case 2: { static const uint64_t vals[] = {0, 1, 2, 127, 128, 255, 256, 16383, 16384, 0xffffffffu, 0x100000000u};
              arcs[k] = vals[pick(r, sizeof(vals) / sizeof(vals[0]))]; break; }
    case 3: if (n < 64) { arcs[n] = pick(r, 4); n++; } break;               /* one more arc */
    case 4: if (n > 1) n--; else arcs[0] ^= 1; break;                         /* one fewer */
    default: if (n > 1) { uint64_t s = arcs[k]; arcs[k] = arcs[n - 1]; arcs[n - 1] = s; } /* two swapped */
        else arcs[0]++;
    }
    if ((out = arena_take(t, n * 10)) == NULL)
        return -1;
encode:
    out_len = 0;
    for (i = 0; i < n; i++) {
        uint8_t tmp[10];
        size_t m = 0;
        v = arcs[i];
        do {
            tmp[m++] = (uint8_t)(v & 0x7f);
            v >>= 7;
        } while (v);
        while (m-- > 0)
            out[out_len++] = (uint8_t)(tmp[m] | (m ? 0x80 : 0));
    }
    if (out_len == nd->len && memcmp(out, nd->val, out_len) == 0) {
        arcs[n - 1]++; /* the change gave the same OID back (two equal arcs swapped, ...) */
        goto encode;
    }
    t->arena_used -= n * 10 - out_len;
    nd->val = out;
    nd->len = out_len;
    return 0;
}

static int mut_swap(fm_tree *t, fm_rng *r)
{
    int p = pick_node(t, r, has_two_children), a, b, i, cnt, rest, s;
    int kids[64];
    /* the top-level values too (the order of a profile's elements) */
    if (has_two_children(t, 0) && (p < 0 || pick(r, 3) == 0))
        p = 0;
    if (p < 0)
        return -1;
    cnt = 0;
    for (i = t->node[p].first; i >= 0 && cnt < 64; i = t->node[i].next)
        kids[cnt++] = i;
    rest = t->node[kids[cnt - 1]].next; /* the children past the first 64 stay */
    a = (int)pick(r, (size_t)cnt);
    b = (int)pick(r, (size_t)cnt - 1);
    if (b >= a)
        b++;
    s = kids[a];
    kids[a] = kids[b];
    kids[b] = s;
    t->node[p].first = kids[0];
    for (i = 0; i + 1 < cnt; i++)
        t->node[kids[i]].next = kids[i + 1];
    t->node[kids[cnt - 1]].next = rest;
    return 0;
}

static int mut_duplicate(fm_tree *t, fm_rng *r)
{
    int x = pick_node(t, r, NULL), y;
    if (x < 0 || (y = copy_subtree(t, t, x, 0)) < 0)
        return -1;
    t->node[y].next = t->node[x].next;
    t->node[x].next = y;
    return 0;
}

static int mut_truncate(fm_tree *t, fm_rng *r)
{
    int x = pick_node(t, r, truncatable);
    fm_node *nd;
    if (x < 0)
        return -1;
    nd = &t->node[x];
    if (nd->leaf) {
        nd->len = pick(r, nd->len);
    } else {
        int keep = (int)pick(r, (size_t)child_count(t, x)), c = nd->first, i;
        if (keep == 0) {
            nd->first = -1;
        } else {
            for (i = 1; i < keep; i++)
                c = t->node[c].next;
            t->node[c].next = -1;
        }
    }
    return 0;
}

static int mut_delete(fm_tree *t, fm_rng *r)
{
    int x = pick_node(t, r, NULL), parent, prev;
    if (x < 0 || find_link(t, x, &parent, &prev) != 0)
        return -1;
    if (parent == 0 && prev < 0 && t->node[x].next < 0)
        return -1; /* the only top-level value: nothing would be left */
    if (prev < 0)
        t->node[parent].first = t->node[x].next;
    else
        t->node[prev].next = t->node[x].next;
    return 0;
}

/* Values chosen by tag: edges of what the readers accept or refuse. */
static int mut_interesting(fm_tree *t, fm_rng *r)
{
    static const struct val {
        uint8_t tag; /* 0: any tag */
        uint8_t len;
        const char *bytes;
    } vals[] = {
        {0x02, 1, "\x00"}, {0x02, 1, "\x7f"}, {0x02, 2, "\x00\x80"}, {0x02, 1, "\x80"}, {0x02, 2, "\x00\x7f"},
        {0x02, 1, "\xff"}, {0x02, 2, "\xff\x80"}, {0x02, 0, ""}, {0x02, 9, "\x00\xff\xff\xff\xff\xff\xff\xff\xff"},
        {0x02, 8, "\x7f\xff\xff\xff\xff\xff\xff\xff"}, {0x02, 21, "\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"},
        {0x01, 1, "\x00"}, {0x01, 1, "\xff"}, {0x01, 1, "\x01"}, {0x01, 0, ""},
        {0x03, 1, "\x00"}, {0x03, 2, "\x07\x80"}, {0x03, 2, "\x07\x81"}, {0x03, 1, "\x08"}, {0x03, 0, ""},
        {0x03, 2, "\x00\xff"}, {0x03, 2, "\x01\xfe"},
        {0x05, 0, ""}, {0x05, 1, "\x00"},
        {0x06, 0, ""}, {0x06, 1, "\x80"}, {0x06, 2, "\x80\x01"}, {0x06, 1, "\x7f"}, {0x06, 3, "\x2a\x86\x48"},
        {0x0a, 1, "\x00"}, {0x0a, 1, "\x7f"}, {0x0a, 2, "\x00\x01"},
        {0x17, 13, "491231235959Z"}, {0x17, 13, "500101000000Z"}, {0x17, 13, "991231235960Z"},
        {0x17, 11, "4912312359Z"}, {0x17, 17, "491231235959+0000"},
        {0x18, 15, "99991231235959Z"}, {0x18, 15, "20491231235959Z"}, {0x18, 17, "20500101000000.5Z"},
        {0x18, 18, "20500101000000.50Z"}, {0x18, 14, "2050010100000Z"},
        {0x13, 1, "*"}, {0x13, 2, "a\x00"}, {0x16, 1, "\x80"}, {0x0c, 2, "\xc0\x80"}, {0x0c, 3, "\xed\xa0\x80"},
        {0x0c, 4, "\xf4\x90\x80\x80"}, {0x12, 2, "1a"},
        {0, 0, ""}, {0, 1, "\x00"}, {0, 1, "\xff"}, {0, 2, "\x00\x00"}, {0, 16, "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"},
        {0, 17, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"}, {0, 2, "\x30\x00"},
        {0, 2, "\x04\x00"}, {0, 3, "\x02\x01\x00"},
    };
    const struct val *cand[sizeof(vals) / sizeof(vals[0])];
    size_t n = 0, i;
    int x = pick_node(t, r, is_leaf);
    fm_node *nd;
    if (x < 0)
        return -1;
    nd = &t->node[x];
    for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
        if (vals[i].tag == 0 || (nd->id_len == 1 && vals[i].tag == nd->id[0]))
            cand[n++] = &vals[i];
    i = pick(r, n);
    if (cand[i]->tag == 0 && pick(r, 4) == 0) {
        /* the contents doubled in length, or one byte longer */
        size_t want = pick(r, 2) ? nd->len * 2 + 1 : nd->len + 1;
        uint8_t *p = arena_take(t, want);
        if (p == NULL)
            return -1;
        memset(p, 0, want);
        if (nd->len)
            memcpy(p, nd->val, nd->len);
        nd->val = p;
        nd->len = want;
        return 0;
    }
    nd->val = (const uint8_t *)cand[i]->bytes;
    nd->len = cand[i]->len;
    return 0;
}

static int mut_content(fm_tree *t, fm_rng *r)
{
    int x = pick_node(t, r, is_leaf);
    fm_node *nd;
    size_t room, n;
    uint8_t *p;
    if (x < 0)
        return -1;
    nd = &t->node[x];
    room = nd->len * 2 + 16;
    if (room > FM_ARENA - t->arena_used)
        return -1;
    p = arena_take(t, room);
    if (nd->len)
        memcpy(p, nd->val, nd->len);
    n = LLVMFuzzerMutate(p, nd->len, room);
    if (n > room)
        return -1;
    nd->val = p;
    nd->len = n;
    return 0;
}

static int mut_splice(fm_tree *t, fm_rng *r, const fm_tree *other)
{
    int x = pick_node(t, r, NULL), y, c, parent, prev;
    if (other == NULL || x < 0 || (c = pick_node(other, r, NULL)) < 0)
        return -1;
    if ((y = copy_subtree(t, other, c, 0)) < 0 || find_link(t, x, &parent, &prev) != 0)
        return -1;
    t->node[y].next = t->node[x].next;
    if (prev < 0)
        t->node[parent].first = y;
    else
        t->node[prev].next = y;
    return 0;
}

int fm_mutate(fm_tree *t, fm_kind kind, fm_rng *rng, const fm_tree *other)
{
    switch (kind) {
    case FM_TAG: return mut_tag(t, rng);
    case FM_LENGTH: return mut_length(t, rng);
    case FM_OID_ARC: return mut_oid(t, rng);
    case FM_SWAP: return mut_swap(t, rng);
    case FM_DUPLICATE: return mut_duplicate(t, rng);
    case FM_TRUNCATE: return mut_truncate(t, rng);
    case FM_DELETE: return mut_delete(t, rng);
    case FM_INTERESTING: return mut_interesting(t, rng);
    case FM_CONTENT: return mut_content(t, rng);
    case FM_SPLICE: return mut_splice(t, rng, other);
    default: return -1;
    }
}

/* ------------------------------------------------------------ entry points */

/* How often each kind is drawn (FM_LENGTH less: its output is refused at
 * the first read, which byte-level mutations already reach). */
static const uint8_t kind_weight[FM_KIND_COUNT] = {
    [FM_TAG] = 3, [FM_LENGTH] = 1, [FM_OID_ARC] = 2, [FM_SWAP] = 2, [FM_DUPLICATE] = 2,
    [FM_TRUNCATE] = 2, [FM_DELETE] = 2, [FM_INTERESTING] = 4, [FM_CONTENT] = 4, [FM_SPLICE] = 2,
};

static fm_kind draw_kind(fm_rng *r)
{
    unsigned total = 0, k, at;
    for (k = 0; k < FM_KIND_COUNT; k++)
        total += kind_weight[k];
    at = (unsigned)pick(r, total);
    for (k = 0; k < FM_KIND_COUNT; k++) {
        if (at < kind_weight[k])
            return (fm_kind)k;
        at -= kind_weight[k];
    }
    return FM_CONTENT;
}

size_t fm_mutate_input(fm_tree *t, uint8_t *data, size_t size, size_t max_size, unsigned int seed,
                       fm_kind kind)
{
    fm_rng rng;
    uint8_t *copy;
    int attempt;
    size_t out = 0;

    fm_rng_seed(&rng, seed);
    /* some byte-level mutations still, for what a tree cannot express */
    if (kind == FM_ANY && pick(&rng, 8) == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    if (size == 0 || (copy = malloc(size)) == NULL)
        return LLVMFuzzerMutate(data, size, max_size);
    /* the tree points into its own copy: data is the output */
    memcpy(copy, data, size);
    for (attempt = 0; attempt < 8 && out == 0; attempt++) {
        fm_kind k = kind == FM_ANY ? draw_kind(&rng) : kind;
        size_t n;
        if (fm_parse(t, copy, size) != 0)
            break;
        if (fm_mutate(t, k, &rng, t) != 0)
            continue;
        n = fm_encoded_size(t);
        if (n == 0 || n > max_size)
            continue;
        out = fm_encode(t, data, max_size);
    }
    free(copy);
    return out ? out : LLVMFuzzerMutate(data, size, max_size);
}

size_t fm_cross_over(fm_tree *a, fm_tree *b, const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
                     uint8_t *out, size_t max_out, unsigned int seed)
{
    fm_rng rng;
    int attempt;
    fm_rng_seed(&rng, seed);
    if (fm_parse(b, d2, s2) != 0)
        return 0;
    for (attempt = 0; attempt < 4; attempt++) {
        size_t n;
        if (fm_parse(a, d1, s1) != 0 || mut_splice(a, &rng, b) != 0)
            return 0;
        n = fm_encoded_size(a);
        if (n > 0 && n <= max_out)
            return fm_encode(a, out, max_out);
    }
    return 0;
}

/* One part of a framed input: its 2-byte length at hdr (or none: a
 * last part shorter than 2 bytes), its bytes at off. */
typedef struct fm_part {
    size_t hdr, off, len;
    int has_hdr;
} fm_part;

static size_t split_frames(const uint8_t *data, size_t size, fm_part *parts, size_t max_parts)
{
    size_t n = 0, off = 0;
    while (off < size && n < max_parts) {
        fm_part *p = &parts[n++];
        p->hdr = off;
        p->has_hdr = size - off >= 2;
        p->len = 0;
        if (p->has_hdr) {
            p->len = ((size_t)data[off] << 8) | data[off + 1];
            off += 2;
        }
        if (p->len > size - off)
            p->len = size - off;
        p->off = off;
        off += p->len;
    }
    return n;
}

size_t fm_mutate_framed(fm_tree *t, uint8_t *data, size_t size, size_t max_size, unsigned int seed, fm_kind kind)
{
    fm_part parts[FM_MAX_PARTS];
    size_t n = split_frames(data, size, parts, FM_MAX_PARTS), tries, i, rest, room, m;
    fm_rng rng;
    uint8_t *buf;
    fm_rng_seed(&rng, seed);
    if (kind == FM_ANY && pick(&rng, 8) == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    /* a part that is DER, from a random start */
    for (tries = 0, i = pick(&rng, n ? n : 1); tries < n; tries++, i = (i + 1) % n)
        if (parts[i].has_hdr && parts[i].len > 0 && fm_parse(t, data + parts[i].off, parts[i].len) == 0)
            break;
    if (tries == n || size > max_size)
        return LLVMFuzzerMutate(data, size, max_size);
    rest = size - parts[i].len;
    room = max_size - rest < 0xffff ? max_size - rest : 0xffff;
    if (room == 0 || (buf = malloc(room > parts[i].len ? room : parts[i].len)) == NULL)
        return LLVMFuzzerMutate(data, size, max_size);
    memcpy(buf, data + parts[i].off, parts[i].len);
    m = fm_mutate_input(t, buf, parts[i].len, room, (unsigned)fm_rng_next(&rng), kind);
    if (m > room) {
        free(buf);
        return LLVMFuzzerMutate(data, size, max_size);
    }
    /* the parts after it move; its length says the new size */
    memmove(data + parts[i].off + m, data + parts[i].off + parts[i].len, size - parts[i].off - parts[i].len);
    memcpy(data + parts[i].off, buf, m);
    data[parts[i].hdr] = (uint8_t)(m >> 8);
    data[parts[i].hdr + 1] = (uint8_t)m;
    free(buf);
    return rest + m;
}

static fm_tree *fuzz_trees[2];

static int trees_ready(void)
{
    if (fuzz_trees[0] == NULL)
        fuzz_trees[0] = malloc(sizeof(fm_tree));
    if (fuzz_trees[1] == NULL)
        fuzz_trees[1] = malloc(sizeof(fm_tree));
    return fuzz_trees[0] != NULL && fuzz_trees[1] != NULL;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
#ifndef FM_FRAMED
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                                 uint8_t *out, size_t max_out_size, unsigned int seed);
#endif

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (!trees_ready())
        return LLVMFuzzerMutate(data, size, max_size);
#ifdef FM_FRAMED
    return fm_mutate_framed(fuzz_trees[0], data, size, max_size, seed, FM_ANY);
#else
    return fm_mutate_input(fuzz_trees[0], data, size, max_size, seed, FM_ANY);
#endif
}

/* Framed inputs have no cross-over of their own: libFuzzer's default
 * one cuts across frames no worse than a tree splice would. */
#ifndef FM_FRAMED
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                                 uint8_t *out, size_t max_out_size, unsigned int seed)
{
    if (!trees_ready())
        return 0;
    return fm_cross_over(fuzz_trees[0], fuzz_trees[1], data1, size1, data2, size2, out, max_out_size, seed);
}
#endif
