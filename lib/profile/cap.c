/*
 * cap.c - see cap.h. Structures from the Java Card Virtual Machine
 * Specification (Classic Edition) chapter 6, sections as numbered in
 * versions 2.2.2 and 3.0.5 (in 3.1 each is one higher: Header 6.4, ...):
 * 6.1 component model (tags), 6.1.2 custom components, 6.2 installation
 * (the components a load file carries), 6.3 Header, 6.4 Directory,
 * 6.5 Applet, 6.6 Import.
 */
#include "cap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ cursor */

/* A bounded cursor: base <= p <= end; every read checks what it needs. */
typedef struct cap_cur {
    const uint8_t *base, *p, *end;
} cap_cur;

static size_t cur_left(const cap_cur *c)
{
    return (size_t)(c->end - c->p);
}

static size_t cur_off(const cap_cur *c)
{
    return (size_t)(c->p - c->base);
}

static bool rd_u1(cap_cur *c, uint8_t *v)
{
    if (cur_left(c) < 1)
        return false;
    *v = c->p[0];
    c->p += 1;
    return true;
}

static bool rd_u2(cap_cur *c, uint16_t *v)
{
    if (cur_left(c) < 2)
        return false;
    *v = (uint16_t)((unsigned)c->p[0] << 8 | c->p[1]);
    c->p += 2;
    return true;
}

static bool rd_u4(cap_cur *c, uint32_t *v)
{
    if (cur_left(c) < 4)
        return false;
    *v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
    c->p += 4;
    return true;
}

static bool rd_bytes(cap_cur *c, uint8_t *out, size_t n)
{
    if (cur_left(c) < n)
        return false;
    memcpy(out, c->p, n);
    c->p += n;
    return true;
}

/* A sub-cursor over the next n bytes (which the caller checked exist). */
static cap_cur cur_sub(const cap_cur *c, size_t n)
{
    cap_cur s = {c->base, c->p, c->p + n};
    return s;
}

/* ------------------------------------------------------------ results */

static const char *const comp_names[] = {
    "?", "Header", "Directory", "Applet", "Import", "ConstantPool", "Class", "Method",
    "StaticField", "ReferenceLocation", "Export", "Descriptor", "Debug", "StaticResource",
};

static const char *comp_name(unsigned tag)
{
    return tag >= 1 && tag <= CAP_STATIC_RESOURCE ? comp_names[tag] : "custom";
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
static void fail(cap_result *r, size_t off, const char *fmt, ...)
{
    va_list ap;
    if (r->status != CAP_OK)
        return; /* the first error stays */
    r->status = CAP_E_FORMAT;
    r->err_off = off;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof(r->err), fmt, ap);
    va_end(ap);
}

static void set_status(cap_result *r, cap_status st, size_t off, const char *text)
{
    if (r->status != CAP_OK)
        return;
    r->status = st;
    r->err_off = off;
    snprintf(r->err, sizeof(r->err), "%s", text);
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
static void warn(cap_result *r, size_t off, const char *fmt, ...)
{
    va_list ap;
    cap_warning *w;
    if (r->n_warnings == CAP_MAX_WARNINGS) {
        r->warnings_dropped++;
        return;
    }
    w = &r->warnings[r->n_warnings++];
    w->off = off;
    va_start(ap, fmt);
    vsnprintf(w->text, sizeof(w->text), fmt, ap);
    va_end(ap);
}

/* An AID: u1 length (5..16, ISO/IEC 7816-5) and the bytes. */
static bool rd_aid(cap_cur *c, cap_result *r, cap_aid *a, const char *what)
{
    size_t at = cur_off(c);
    uint8_t n;
    if (!rd_u1(c, &n)) {
        fail(r, at, "%s: AID length missing", what);
        return false;
    }
    if (n < CAP_AID_MIN || n > CAP_AID_MAX) {
        fail(r, at, "%s: AID length %u (5 to 16)", what, n);
        return false;
    }
    a->len = n;
    if (!rd_bytes(c, a->b, n)) {
        fail(r, at + 1, "%s: AID of %u bytes runs past the component's end", what, n);
        return false;
    }
    return true;
}

/* package_info: u1 minor, u1 major, AID. */
static bool rd_package(cap_cur *c, cap_result *r, cap_package *pk, const char *what)
{
    size_t at = cur_off(c);
    if (!rd_u1(c, &pk->minor) || !rd_u1(c, &pk->major)) {
        fail(r, at, "%s: package version runs past the component's end", what);
        return false;
    }
    return rd_aid(c, r, &pk->aid, what);
}

/* Nothing may follow a component's last item inside its size. */
static bool at_end(const cap_cur *c, cap_result *r, unsigned tag)
{
    if (cur_left(c) == 0)
        return true;
    fail(r, cur_off(c), "%s component: %zu byte(s) after its last item", comp_name(tag), cur_left(c));
    return false;
}

/* ------------------------------------------------------------ components */

typedef struct comp {
    uint8_t tag;
    size_t off;   /* of the tag byte */
    size_t info;  /* of the info bytes */
    uint32_t size;
} comp;

/* JCVM 6.3: magic, CAP format version, flags, package_info, and (since
 * CAP 2.2) package_name_info. Returns false on an error or a format not
 * read (status set). */
static bool read_header(cap_cur c, cap_result *r)
{
    uint32_t magic;
    size_t at = cur_off(&c);
    uint8_t name_len;

    if (!rd_u4(&c, &magic)) {
        fail(r, at, "Header component: shorter than its magic");
        return false;
    }
    if (magic != 0xDECAFFEDu) {
        fail(r, at, "Header component: magic %08X, not DECAFFED", (unsigned)magic);
        return false;
    }
    at = cur_off(&c);
    if (!rd_u1(&c, &r->cap_minor) || !rd_u1(&c, &r->cap_major) || !rd_u1(&c, &r->flags)) {
        fail(r, at, "Header component: CAP format version and flags run past its end");
        return false;
    }
    r->have_header = true;
    if (r->cap_major != 2 || r->cap_minor == 0) {
        fail(r, at, "Header component: CAP format version %u.%u (2.1, 2.2 or 2.3)", r->cap_major, r->cap_minor);
        return false;
    }
    if (r->cap_minor > 3) {
        set_status(r, CAP_UNSUPPORTED, at, "a CAP format version after 2.3");
        return false;
    }
    if (r->cap_minor == 3 && (r->flags & CAP_ACC_EXTENDED)) {
        set_status(r, CAP_UNSUPPORTED, at + 2, "the extended CAP format (ACC_EXTENDED)");
        return false;
    }
    if (r->flags & ~(unsigned)(r->cap_minor == 3 ? 0x0Fu : 0x07u)) {
        fail(r, at + 2, "Header component: flags '%02X' set undefined bits", r->flags);
        return false;
    }
    if (!rd_package(&c, r, &r->package, "Header component package"))
        return false;
    r->have_package = true;
    if (r->cap_minor >= 2) {
        at = cur_off(&c);
        if (!rd_u1(&c, &name_len)) {
            fail(r, at, "Header component: package_name_info missing (CAP %u.%u)", r->cap_major, r->cap_minor);
            return false;
        }
        if (cur_left(&c) < name_len) {
            fail(r, at, "Header component: package name of %u bytes runs past its end", name_len);
            return false;
        }
        memcpy(r->package_name, c.p, name_len < CAP_NAME_MAX ? name_len : CAP_NAME_MAX);
        r->package_name[name_len < CAP_NAME_MAX ? name_len : CAP_NAME_MAX] = '\0';
        c.p += name_len;
    }
    return at_end(&c, r, CAP_HEADER);
}

/* JCVM 6.6: u1 count (0..128), package_info packages[count]. */
static void read_import(cap_cur c, cap_result *r)
{
    uint8_t n;
    size_t at = cur_off(&c);
    if (!rd_u1(&c, &n)) {
        fail(r, at, "Import component: empty");
        return;
    }
    if (n > CAP_MAX_IMPORTS) {
        fail(r, at, "Import component: count %u (at most 128)", n);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        char what[40];
        snprintf(what, sizeof(what), "Import component package %u", i);
        if (!rd_package(&c, r, &r->imports[i], what))
            return;
        r->n_imports = i + 1;
    }
    (void)at_end(&c, r, CAP_IMPORT);
}

/* JCVM 6.5: u1 count (> 0), per applet AID and u2 install_method_offset. */
static void read_applet(cap_cur c, cap_result *r)
{
    uint8_t n;
    size_t at = cur_off(&c);
    if (!rd_u1(&c, &n)) {
        fail(r, at, "Applet component: empty");
        return;
    }
    if (n == 0) {
        fail(r, at, "Applet component: count 0");
        return;
    }
    if (n > CAP_MAX_APPLETS) {
        set_status(r, CAP_E_LIMIT, at, "more applets than esv's cap");
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        char what[40];
        snprintf(what, sizeof(what), "Applet component applet %u", i);
        if (!rd_aid(&c, r, &r->applets[i].aid, what))
            return;
        at = cur_off(&c);
        if (!rd_u2(&c, &r->applets[i].install_method_offset)) {
            fail(r, at, "Applet component applet %u: install_method_offset runs past its end", i);
            return;
        }
        r->n_applets = i + 1;
    }
    (void)at_end(&c, r, CAP_APPLET);
}

typedef struct directory {
    uint32_t sizes[CAP_STATIC_RESOURCE + 1]; /* by tag; 0 unused */
    unsigned n_sizes;                        /* entries for this version */
    uint8_t import_count, applet_count;
    size_t off;
} directory;

/* JCVM 6.4: component_sizes (11 u2 in CAP 2.1, 12 in 2.2, 12 u2 and the
 * Static Resource's u4 in 2.3), static_field_size_info (3 u2), import,
 * applet and custom counts, custom_component_info[custom_count]. */
static bool read_directory(cap_cur c, cap_result *r, directory *d)
{
    size_t at = cur_off(&c);
    uint16_t v;
    uint8_t custom_count;
    unsigned t;

    d->off = at;
    d->n_sizes = r->cap_minor == 1 ? 11u : r->cap_minor == 2 ? 12u : 13u;
    for (t = 1; t <= d->n_sizes; t++) {
        bool ok;
        if (t == CAP_STATIC_RESOURCE) {
            ok = rd_u4(&c, &d->sizes[t]);
        } else {
            ok = rd_u2(&c, &v);
            d->sizes[t] = v;
        }
        if (!ok) {
            fail(r, cur_off(&c), "Directory component: component_sizes run past its end (CAP %u.%u: %u entries)",
                 r->cap_major, r->cap_minor, d->n_sizes);
            return false;
        }
    }
    at = cur_off(&c);
    for (t = 0; t < 3; t++)
        if (!rd_u2(&c, &v)) {
            fail(r, at, "Directory component: static_field_size_info runs past its end");
            return false;
        }
    at = cur_off(&c);
    if (!rd_u1(&c, &d->import_count) || !rd_u1(&c, &d->applet_count) || !rd_u1(&c, &custom_count)) {
        fail(r, at, "Directory component: import, applet and custom counts run past its end");
        return false;
    }
    if (custom_count > CAP_MAX_CUSTOM) {
        set_status(r, CAP_E_LIMIT, at + 2, "more custom components than esv's cap");
        return false;
    }
    for (unsigned i = 0; i < custom_count; i++) {
        cap_custom *cc = &r->custom[i];
        char what[48];
        at = cur_off(&c);
        if (!rd_u1(&c, &cc->tag) || !rd_u2(&c, &v)) {
            fail(r, at, "Directory component: custom component %u runs past its end", i);
            return false;
        }
        cc->size = v;
        if (cc->tag < 128) {
            fail(r, at, "Directory component: custom component tag %u (128 to 255)", cc->tag);
            return false;
        }
        for (unsigned k = 0; k < i; k++)
            if (r->custom[k].tag == cc->tag) {
                fail(r, at, "Directory component: custom component tag %u listed twice", cc->tag);
                return false;
            }
        snprintf(what, sizeof(what), "Directory component custom component %u", i);
        if (!rd_aid(&c, r, &cc->aid, what))
            return false;
        r->n_custom = i + 1;
    }
    return at_end(&c, r, CAP_DIRECTORY);
}

/* Whether the load file may leave a component out though the Directory
 * gives it a size: JCVM 6.2, the Descriptor is loaded optionally and the
 * Debug component is never downloaded. */
static bool may_be_left_out(unsigned tag)
{
    return tag == CAP_DESCRIPTOR || tag == CAP_DEBUG;
}

/* The Directory against the components present (PROF-138). */
static void compare_directory(cap_result *r, const directory *d, const comp *cs, size_t n,
                              const long *where)
{
    unsigned t;
    for (t = 1; t <= d->n_sizes; t++) {
        if (where[t] >= 0) {
            const comp *k = &cs[where[t]];
            if (k->size != d->sizes[t])
                warn(r, d->off, "the Directory gives the %s component %u bytes, the component has %u",
                     comp_name(t), (unsigned)d->sizes[t], (unsigned)k->size);
        } else if (d->sizes[t] != 0 && !may_be_left_out(t)) {
            warn(r, d->off, "the Directory gives the %s component %u bytes, the load file has none",
                 comp_name(t), (unsigned)d->sizes[t]);
        }
    }
    if (d->import_count != r->n_imports)
        warn(r, d->off, "the Directory's import_count is %u, the Import component lists %zu",
             d->import_count, r->n_imports);
    if (d->applet_count != r->n_applets)
        warn(r, d->off, "the Directory's applet_count is %u, the load file has %zu applet(s)",
             d->applet_count, r->n_applets);
    for (size_t i = 0; i < r->n_custom; i++) {
        const cap_custom *cc = &r->custom[i];
        const comp *k = NULL;
        for (size_t j = 0; j < n; j++)
            if (cs[j].tag == cc->tag)
                k = &cs[j];
        if (k == NULL) {
            warn(r, d->off, "the Directory lists custom component %u, the load file has none", cc->tag);
            continue;
        }
        if (k->size != cc->size)
            warn(r, d->off, "the Directory gives custom component %u %u bytes, the component has %u",
                 cc->tag, (unsigned)cc->size, (unsigned)k->size);
    }
}

/* ------------------------------------------------------------ parse */

/* A BER length (GP CS: 'C4' with a length of up to 4 octets). Returns
 * the header size, or 0 when it is malformed. */
static size_t ber_length(const uint8_t *p, size_t n, size_t *len)
{
    size_t k, i, v = 0;
    if (n < 1)
        return 0;
    if (p[0] < 0x80) {
        *len = p[0];
        return 1;
    }
    k = p[0] & 0x7Fu;
    if (k == 0 || k > 4 || n < 1 + k)
        return 0;
    for (i = 0; i < k; i++)
        v = v << 8 | p[1 + i];
    *len = v;
    return 1 + k;
}

void cap_parse(const uint8_t *data, size_t len, cap_result *r)
{
    comp cs[CAP_MAX_COMPONENTS];
    long where[CAP_STATIC_RESOURCE + 1]; /* index in cs by standard tag, -1 */
    directory d;
    cap_cur c;
    size_t n = 0, i;
    unsigned t;
    static const uint8_t required[] = {CAP_HEADER, CAP_DIRECTORY, CAP_IMPORT, CAP_CONSTANT_POOL,
                                       CAP_CLASS, CAP_METHOD, CAP_STATIC_FIELD,
                                       CAP_REFERENCE_LOCATION};

    memset(r, 0, sizeof(*r));
    memset(&d, 0, sizeof(d));
    for (t = 0; t <= CAP_STATIC_RESOURCE; t++)
        where[t] = -1;
    if (len > CAP_MAX_LOAD_BLOCK) {
        set_status(r, CAP_E_LIMIT, 0, "a load block larger than esv's cap");
        return;
    }
    if (data == NULL || len == 0) {
        fail(r, 0, "empty load block");
        return;
    }
    c.base = data;
    c.p = data;
    c.end = data + len;

    /* GP CS 11.6.2.3: the Load File Data Block in tag 'C4' (a DAP block,
     * 'E2', comes before it only in a LOAD command, not here). */
    if (data[0] == 0xC4) {
        size_t body, hl = ber_length(data + 1, len - 1, &body);
        r->wrapped = true;
        if (hl == 0) {
            fail(r, 1, "tag 'C4' with a malformed length");
            return;
        }
        if (body != len - 1 - hl) {
            fail(r, 1, "tag 'C4' length %zu does not cover the load block (%zu bytes after its header)",
                 body, len - 1 - hl);
            return;
        }
        c.p += 1 + hl;
        if (cur_left(&c) == 0) {
            fail(r, cur_off(&c), "tag 'C4' is empty");
            return;
        }
    }

    /* Split: u1 tag, u2 size (u4 for the 2.3 Static Resource), info. */
    while (cur_left(&c) > 0) {
        comp *k;
        size_t at = cur_off(&c), left;
        uint8_t tag;
        uint16_t s2;
        uint32_t size;

        if (n > 0 && cur_left(&c) < 3) {
            fail(r, at, "%zu trailing byte(s) after the last component", cur_left(&c));
            return;
        }
        (void)rd_u1(&c, &tag);
        if (tag == CAP_STATIC_RESOURCE && r->have_header && r->cap_minor >= 3) {
            if (!rd_u4(&c, &size)) {
                fail(r, at, "component tag %u: its size runs past the end", tag);
                return;
            }
        } else {
            if (!rd_u2(&c, &s2)) {
                fail(r, at, "component tag %u: truncated (no size)", tag);
                return;
            }
            size = s2;
        }
        if (n == 0 && tag != CAP_HEADER) {
            fail(r, at, "the first component has tag %u, not the Header (1)", tag);
            return;
        }
        left = cur_left(&c);
        if (size > left) {
            fail(r, at, "%s component (tag %u): size %u runs past the end of the load block (%zu bytes left)",
                 comp_name(tag), tag, (unsigned)size, left);
            return;
        }
        if (tag == 0 || (tag > CAP_DEBUG && tag < 128 &&
                         !(tag == CAP_STATIC_RESOURCE && r->cap_minor >= 3)) ||
            (tag == CAP_DEBUG && r->cap_minor < 2)) {
            fail(r, at, "component tag %u is not defined for CAP %u.%u", tag, r->cap_major, r->cap_minor);
            return;
        }
        if (tag <= CAP_STATIC_RESOURCE) {
            if (where[tag] >= 0) {
                fail(r, at, "a second %s component (tag %u)", comp_name(tag), tag);
                return;
            }
        } else {
            for (i = 0; i < n; i++)
                if (cs[i].tag == tag) {
                    fail(r, at, "a second custom component of tag %u", tag);
                    return;
                }
        }
        if (size == 0) {
            fail(r, at, "%s component (tag %u): size 0", comp_name(tag), tag);
            return;
        }
        if (n == CAP_MAX_COMPONENTS) {
            set_status(r, CAP_E_LIMIT, at, "more components than esv's cap");
            return;
        }
        k = &cs[n];
        k->tag = tag;
        k->off = at;
        k->info = cur_off(&c);
        k->size = size;
        if (tag <= CAP_STATIC_RESOURCE)
            where[tag] = (long)n;
        n++;
        r->n_components = n;
        if (tag == CAP_HEADER && !read_header(cur_sub(&c, size), r))
            return;
        c.p += size;
    }

    for (i = 0; i < sizeof(required); i++)
        if (where[required[i]] < 0) {
            fail(r, len, "no %s component (tag %u), which every load file carries", comp_name(required[i]),
                 required[i]);
            return;
        }

    /* Directory, Import, Applet. */
    c.p = data + cs[where[CAP_DIRECTORY]].info;
    if (!read_directory(cur_sub(&c, cs[where[CAP_DIRECTORY]].size), r, &d))
        return;
    c.p = data + cs[where[CAP_IMPORT]].info;
    read_import(cur_sub(&c, cs[where[CAP_IMPORT]].size), r);
    if (r->status != CAP_OK)
        return;
    if (where[CAP_APPLET] >= 0) {
        c.p = data + cs[where[CAP_APPLET]].info;
        read_applet(cur_sub(&c, cs[where[CAP_APPLET]].size), r);
        if (r->status != CAP_OK)
            return;
    }

    /* JCVM 6.3: ACC_APPLET and ACC_EXPORT say whether the Applet and
     * Export components are in the CAP file. */
    if (!(r->flags & CAP_ACC_APPLET) != (where[CAP_APPLET] < 0)) {
        fail(r, cs[where[CAP_HEADER]].info + 6, "Header flag ACC_APPLET is %s, the load file has %s Applet component",
             r->flags & CAP_ACC_APPLET ? "set" : "clear", where[CAP_APPLET] < 0 ? "no" : "an");
        return;
    }
    if (!(r->flags & CAP_ACC_EXPORT) != (where[CAP_EXPORT] < 0)) {
        fail(r, cs[where[CAP_HEADER]].info + 6, "Header flag ACC_EXPORT is %s, the load file has %s Export component",
             r->flags & CAP_ACC_EXPORT ? "set" : "clear", where[CAP_EXPORT] < 0 ? "no" : "an");
        return;
    }

    /* JCVM 6.1.2: a custom component is listed in the Directory. */
    for (i = 0; i < n; i++) {
        size_t j;
        if (cs[i].tag < 128)
            continue;
        for (j = 0; j < r->n_custom && r->custom[j].tag != cs[i].tag; j++)
            ;
        if (j == r->n_custom) {
            fail(r, cs[i].off, "custom component tag %u is not listed in the Directory", cs[i].tag);
            return;
        }
        r->custom[j].present = true;
    }
    compare_directory(r, &d, cs, n, where);
    for (i = 0; i < r->n_custom; i++) {
        char aid[2 * CAP_AID_MAX + 3];
        if (!r->custom[i].present)
            continue;
        warn(r, d.off, "custom component tag %u (AID %s), %u bytes: not defined by the JCVM specification",
             r->custom[i].tag, esv_hex_text(aid, sizeof(aid), r->custom[i].aid.b, r->custom[i].aid.len),
             (unsigned)r->custom[i].size);
    }
}

/* ------------------------------------------------------------ classes */

/* Package AIDs the specifications assign. Exact AIDs first; then the
 * registered application provider identifiers (RID, ISO/IEC 7816-5) whose
 * other packages get their owner's class. */
typedef struct known_pkg {
    const char *hex;
    const char *name;
    cap_class cls;
} known_pkg;

static const known_pkg known_pkgs[] = {
    /* Java Card Platform API Specification (Classic Edition; the AIDs
     * are the package AIDs of its export files) */
    {"A0000000620001", "java.lang", CAP_CLASS_JC_CORE},
    {"A0000000620002", "java.io", CAP_CLASS_JC_CORE},
    {"A0000000620003", "java.rmi", CAP_CLASS_JC_CORE},
    {"A0000000620101", "javacard.framework", CAP_CLASS_JC_CORE},
    {"A000000062010101", "javacard.framework.service", CAP_CLASS_JC_CORE},
    {"A0000000620102", "javacard.security", CAP_CLASS_JC_CRYPTO},
    {"A0000000620201", "javacardx.crypto", CAP_CLASS_JC_CRYPTO},
    /* 3GPP TS 43.019 (SIM API for Java Card, was GSM 03.19) */
    {"A0000000090003FFFFFFFF8910710001", "sim.access", CAP_CLASS_TOOLKIT},
    {"A0000000090003FFFFFFFF8910710002", "sim.toolkit", CAP_CLASS_TOOLKIT},
    /* ETSI TS 102 241 (UICC API for Java Card), annex on package AIDs */
    {"A0000000090005FFFFFFFF8911000000", "uicc.access", CAP_CLASS_TOOLKIT},
    {"A0000000090005FFFFFFFF8911010000", "uicc.access.fileadministration", CAP_CLASS_TOOLKIT},
    {"A0000000090005FFFFFFFF8912000000", "uicc.toolkit", CAP_CLASS_TOOLKIT},
    {"A0000000090005FFFFFFFF8913000000", "uicc.system", CAP_CLASS_TOOLKIT},
    /* 3GPP TS 31.130 ((U)SIM API for Java Card) */
    {"A0000000871005FFFFFFFF8913100000", "uicc.usim.access", CAP_CLASS_TOOLKIT},
    {"A0000000871005FFFFFFFF8913200000", "uicc.usim.toolkit", CAP_CLASS_TOOLKIT},
    /* GlobalPlatform Card Specification (org.globalplatform, the GP
     * Java Card API) */
    {"A00000015100", "org.globalplatform", CAP_CLASS_GP},
};

/* RIDs (ISO/IEC 7816-5 registration): Sun/Oracle Java Card, ETSI, 3GPP,
 * GlobalPlatform. */
static const known_pkg known_rids[] = {
    {"A000000062", NULL, CAP_CLASS_JC_OTHER},
    {"A000000009", NULL, CAP_CLASS_TOOLKIT},
    {"A000000087", NULL, CAP_CLASS_TOOLKIT},
    {"A000000151", NULL, CAP_CLASS_GP},
};

static int hexv(char ch)
{
    return ch <= '9' ? ch - '0' : ch - 'A' + 10;
}

/* Whether hex (uppercase, from the tables) equals the first strlen/2
 * bytes of aid, and (exact) covers all of it. */
static bool hex_match(const char *hex, const cap_aid *aid, bool exact)
{
    size_t n = strlen(hex) / 2, i;
    if (n > aid->len || (exact && n != aid->len))
        return false;
    for (i = 0; i < n; i++)
        if (aid->b[i] != (uint8_t)(hexv(hex[2 * i]) << 4 | hexv(hex[2 * i + 1])))
            return false;
    return true;
}

cap_class cap_classify(const cap_aid *aid, const char **name)
{
    size_t i;
    *name = NULL;
    for (i = 0; i < sizeof(known_pkgs) / sizeof(known_pkgs[0]); i++)
        if (hex_match(known_pkgs[i].hex, aid, true)) {
            *name = known_pkgs[i].name;
            return known_pkgs[i].cls;
        }
    for (i = 0; i < sizeof(known_rids) / sizeof(known_rids[0]); i++)
        if (hex_match(known_rids[i].hex, aid, false))
            return known_rids[i].cls;
    return CAP_CLASS_PROPRIETARY;
}

const char *cap_class_name(cap_class c)
{
    switch (c) {
    case CAP_CLASS_JC_CORE:
        return "Java Card framework/lang";
    case CAP_CLASS_JC_CRYPTO:
        return "javacard.security/javacardx.crypto";
    case CAP_CLASS_JC_OTHER:
        return "Java Card API (other package)";
    case CAP_CLASS_TOOLKIT:
        return "UICC/SIM toolkit";
    case CAP_CLASS_GP:
        return "GlobalPlatform";
    case CAP_CLASS_PROPRIETARY:
    default:
        return "proprietary";
    }
}

/* ------------------------------------------------------------ summary */

static void put_aid(esv_buf *b, const cap_aid *a)
{
    static const char digits[] = "0123456789ABCDEF";
    for (size_t i = 0; i < a->len; i++) {
        esv_buf_putc(b, digits[a->b[i] >> 4]);
        esv_buf_putc(b, digits[a->b[i] & 15]);
    }
}

void cap_summary_text(esv_buf *b, const cap_result *r)
{
    size_t i;
    esv_buf_puts(b, "package ");
    put_aid(b, &r->package.aid);
    esv_buf_printf(b, " version %u.%u", r->package.major, r->package.minor);
    if (r->package_name[0]) {
        esv_buf_puts(b, " (");
        esv_buf_text(b, r->package_name, strlen(r->package_name), 0);
        esv_buf_putc(b, ')');
    }
    esv_buf_printf(b, ", CAP format %u.%u%s; ", r->cap_major, r->cap_minor, r->wrapped ? " in 'C4'" : "");
    if (r->n_applets == 0)
        esv_buf_puts(b, "no applets");
    for (i = 0; i < r->n_applets; i++) {
        esv_buf_puts(b, i ? ", " : "applet(s) ");
        put_aid(b, &r->applets[i].aid);
    }
    esv_buf_puts(b, "; ");
    if (r->n_imports == 0)
        esv_buf_puts(b, "no imports");
    for (i = 0; i < r->n_imports; i++) {
        const char *name;
        cap_class c = cap_classify(&r->imports[i].aid, &name);
        esv_buf_puts(b, i ? ", " : "imports ");
        put_aid(b, &r->imports[i].aid);
        esv_buf_printf(b, " %u.%u (%s%s%s)", r->imports[i].major, r->imports[i].minor, name ? name : "",
                       name ? ": " : "", cap_class_name(c));
    }
}

static void json_aid(esv_buf *b, const cap_aid *a)
{
    esv_buf_putc(b, '"');
    put_aid(b, a);
    esv_buf_putc(b, '"');
}

void cap_summary_json(esv_buf *b, const cap_result *r)
{
    size_t i;
    esv_buf_puts(b, "{\"package\":");
    json_aid(b, &r->package.aid);
    esv_buf_printf(b, ",\"version\":\"%u.%u\",\"name\":", r->package.major, r->package.minor);
    esv_buf_json_string(b, r->package_name, strlen(r->package_name));
    esv_buf_printf(b, ",\"capFormat\":\"%u.%u\",\"wrapped\":%s,\"applets\":[", r->cap_major, r->cap_minor,
                   r->wrapped ? "true" : "false");
    for (i = 0; i < r->n_applets; i++) {
        if (i)
            esv_buf_putc(b, ',');
        json_aid(b, &r->applets[i].aid);
    }
    esv_buf_puts(b, "],\"imports\":[");
    for (i = 0; i < r->n_imports; i++) {
        const char *name;
        cap_class c = cap_classify(&r->imports[i].aid, &name);
        if (i)
            esv_buf_putc(b, ',');
        esv_buf_puts(b, "{\"aid\":");
        json_aid(b, &r->imports[i].aid);
        esv_buf_printf(b, ",\"version\":\"%u.%u\",\"name\":", r->imports[i].major, r->imports[i].minor);
        if (name)
            esv_buf_json_string(b, name, strlen(name));
        else
            esv_buf_puts(b, "null");
        esv_buf_puts(b, ",\"class\":");
        esv_buf_json_string(b, cap_class_name(c), strlen(cap_class_name(c)));
        esv_buf_putc(b, '}');
    }
    esv_buf_puts(b, "]}");
}
