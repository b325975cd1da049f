/*
 * cap_builder.c - see cap_builder.h. Component layouts: JCVM (Classic
 * Edition) chapter 6 - 6.3 Header, 6.4 Directory, 6.5 Applet, 6.6 Import,
 * 6.7 Constant Pool, 6.8 Class, 6.9 Method, 6.10 Static Field, 6.11
 * Reference Location, 6.12 Export, 6.13 Descriptor (2.2.2 / 3.0.5
 * numbering); components in the installation order of 6.2.
 */
#include "cap_builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Hex into out (at most 16 bytes); the byte count, or -1. */
static int unhex(const char *hex, uint8_t out[16])
{
    size_t n = strlen(hex), i;
    if (n % 2 || n / 2 > 16)
        return -1;
    for (i = 0; i < n / 2; i++) {
        int h = hexval(hex[2 * i]), l = hexval(hex[2 * i + 1]);
        if (h < 0 || l < 0)
            return -1;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return (int)(n / 2);
}

static void u1(esv_buf *b, unsigned v)
{
    esv_buf_putc(b, (char)(v & 0xFF));
}

static void u2(esv_buf *b, unsigned v)
{
    u1(b, v >> 8);
    u1(b, v);
}

static void u4(esv_buf *b, uint32_t v)
{
    u2(b, v >> 16);
    u2(b, v & 0xFFFF);
}

/* u1 AID_length, AID. */
static int aid(esv_buf *b, const char *hex)
{
    uint8_t a[16];
    int n = unhex(hex, a);
    if (n < 0)
        return -1;
    u1(b, (unsigned)n);
    esv_buf_append(b, a, (size_t)n);
    return 0;
}

static int package_info(esv_buf *b, const cb_package *p)
{
    u1(b, p->minor);
    u1(b, p->major);
    return aid(b, p->aid);
}

void cb_options_sample(cb_options *o)
{
    memset(o, 0, sizeof(*o));
    o->cap_minor = 2;
    /* 'F' first nibble: a proprietary, unregistered AID (ISO/IEC 7816-5) */
    o->package = (cb_package){0, 1, "F045535601"};
    snprintf(o->package_name, sizeof(o->package_name), "org/esv/sample");
    o->n_applets = 1;
    snprintf(o->applets[0], sizeof(o->applets[0]), "F04553560101");
    o->n_imports = 5;
    o->imports[0] = (cb_package){0, 1, "A0000000620001"};                   /* java.lang */
    o->imports[1] = (cb_package){6, 1, "A0000000620101"};                   /* javacard.framework */
    o->imports[2] = (cb_package){6, 1, "A0000000620102"};                   /* javacard.security */
    o->imports[3] = (cb_package){0, 1, "A0000000090005FFFFFFFF8912000000"}; /* uicc.toolkit */
    o->imports[4] = (cb_package){0, 1, "A00000015100"};                     /* org.globalplatform */
}

/* One component: tag, u2 size, info. */
static void component(esv_buf *out, unsigned tag, const esv_buf *info)
{
    u1(out, tag);
    u2(out, (unsigned)info->len);
    esv_buf_append(out, info->data, info->len);
}

int cb_build(const cb_options *o, uint8_t **out, size_t *len)
{
    esv_buf c[14], custom[CB_MAX_CUSTOM], all, res;
    unsigned flags = 0, n_sizes, t;
    int rc = 0;
    size_t i;
    static const unsigned order[] = {1, 2, 4, 3, 6, 7, 8, 10, 5, 9, 11};

    *out = NULL;
    *len = 0;
    if (o->cap_minor < 1 || o->cap_minor > 3 || o->n_applets > CB_MAX_APPLETS ||
        o->n_imports > CB_MAX_IMPORTS || o->n_custom > CB_MAX_CUSTOM)
        return -1;
    for (t = 0; t < 14; t++)
        esv_buf_init(&c[t]);
    for (i = 0; i < CB_MAX_CUSTOM; i++)
        esv_buf_init(&custom[i]);
    esv_buf_init(&all);
    esv_buf_init(&res);

    if (o->n_applets)
        flags |= 0x04; /* ACC_APPLET */
    if (o->export_component)
        flags |= 0x02; /* ACC_EXPORT */

    /* 6.3 Header */
    u4(&c[1], 0xDECAFFEDu);
    u1(&c[1], o->cap_minor);
    u1(&c[1], 2);
    u1(&c[1], flags);
    rc |= package_info(&c[1], &o->package);
    if (o->cap_minor >= 2) {
        u1(&c[1], (unsigned)strlen(o->package_name));
        esv_buf_puts(&c[1], o->package_name);
    }
    /* 6.5 Applet: each applet's install method is the one method */
    if (o->n_applets) {
        u1(&c[3], (unsigned)o->n_applets);
        for (i = 0; i < o->n_applets; i++) {
            rc |= aid(&c[3], o->applets[i]);
            u2(&c[3], 1); /* after handler_count in the Method info */
        }
    }
    /* 6.6 Import */
    u1(&c[4], (unsigned)o->n_imports);
    for (i = 0; i < o->n_imports; i++)
        rc |= package_info(&c[4], &o->imports[i]);
    /* 6.7 Constant Pool: count 0 */
    u2(&c[5], 0);
    /* 6.8 Class: (2.2+) an empty signature pool; one class_info: flags 0,
     * no interfaces, super class javacard.framework.Applet as an external
     * class_ref (package token 0x80 | 1, the second import: class token
     * 3), no fields, no virtual method tables; (2.3) no token mapping,
     * CAP22 inheritable public method token count 0 */
    if (o->cap_minor >= 2)
        u2(&c[6], 0);
    u1(&c[6], 0x00);
    u1(&c[6], 0x81);
    u1(&c[6], 3);
    u1(&c[6], 0);    /* declared_instance_size */
    u1(&c[6], 0xFF); /* first_reference_token: none */
    u1(&c[6], 0);    /* reference_count */
    u1(&c[6], 0);    /* public_method_table_base */
    u1(&c[6], 0);    /* public_method_table_count */
    u1(&c[6], 0);    /* package_method_table_base */
    u1(&c[6], 0);    /* package_method_table_count */
    if (o->cap_minor >= 3)
        u1(&c[6], 0);
    /* 6.9 Method: no handlers; one method (max_stack 0, nargs 3, max_locals
     * 0) whose bytecode is return (0x7A) */
    u1(&c[7], 0);
    u1(&c[7], 0x00);
    u1(&c[7], 0x30);
    u1(&c[7], 0x7A);
    /* 6.10 Static Field: image_size, reference_count, array_init_count,
     * default_value_count, non_default_value_count all 0 */
    for (t = 0; t < 5; t++)
        u2(&c[8], 0);
    /* 6.11 Reference Location: no offsets */
    u2(&c[9], 0);
    u2(&c[9], 0);
    /* 6.12 Export: no classes exported */
    if (o->export_component)
        u1(&c[10], 0);
    /* 6.13 Descriptor: no classes, an empty type table */
    if (o->descriptor) {
        u1(&c[11], 0);
        u2(&c[11], 0);
    }
    for (i = 0; i < o->n_custom; i++)
        esv_buf_puts(&custom[i], "esv custom component");

    /* 6.4 Directory: the sizes of the components written (11 entries in
     * CAP 2.1, 12 in 2.2, 12 and the Static Resource's u4 in 2.3) */
    n_sizes = o->cap_minor == 1 ? 11u : 12u;
    {
        esv_buf *d = &c[2];
        size_t dir_size = 2u * (o->cap_minor == 1 ? 11u : 12u) + (o->cap_minor >= 3 ? 4u : 0u) + 6u + 3u;
        for (i = 0; i < o->n_custom; i++) {
            uint8_t a[16];
            int n = unhex(o->custom_aid[i], a);
            dir_size += 4u + (size_t)(n < 0 ? 0 : n);
        }
        for (t = 1; t <= n_sizes; t++)
            u2(d, t == 2 ? (unsigned)dir_size : (unsigned)c[t].len);
        if (o->cap_minor >= 3)
            u4(d, 0); /* no Static Resource component */
        u2(d, 0);     /* static_field_size_info: image_size */
        u2(d, 0);     /* array_init_count */
        u2(d, 0);     /* array_init_size */
        u1(d, (unsigned)o->n_imports);
        u1(d, (unsigned)o->n_applets);
        u1(d, (unsigned)o->n_custom);
        for (i = 0; i < o->n_custom; i++) {
            u1(d, o->custom_tag[i]);
            u2(d, (unsigned)custom[i].len);
            rc |= aid(d, o->custom_aid[i]);
        }
    }

    for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (c[order[i]].len > 0)
            component(&all, order[i], &c[order[i]]);
    for (i = 0; i < o->n_custom; i++)
        component(&all, o->custom_tag[i], &custom[i]);
    if (o->wrap_c4) {
        esv_buf_der_tlv(&res, 0xC4, all.data, all.len);
    } else {
        esv_buf_append(&res, all.data, all.len);
    }
    for (t = 0; t < 14; t++) {
        rc |= c[t].failed;
        esv_buf_free(&c[t]);
    }
    for (i = 0; i < CB_MAX_CUSTOM; i++) {
        rc |= custom[i].failed;
        esv_buf_free(&custom[i]);
    }
    if (rc != 0 && rc != -1)
        rc = -1;
    if (all.failed || res.failed) {
        fputs("cap_builder: out of memory\n", stderr);
        abort();
    }
    esv_buf_free(&all);
    if (rc != 0) {
        esv_buf_free(&res);
        return -1;
    }
    *out = (uint8_t *)res.data;
    *len = res.len;
    return 0;
}

long cb_find_component(const uint8_t *cap, size_t len, uint8_t tag)
{
    size_t p = 0;
    if (len > 0 && cap[0] == 0xC4) {
        if (len < 2)
            return -1;
        p = cap[1] < 0x80 ? 2 : 2 + (size_t)(cap[1] & 0x7F);
    }
    while (p + 3 <= len) {
        size_t size = (size_t)cap[p + 1] << 8 | cap[p + 2];
        if (cap[p] == tag)
            return (long)p;
        p += 3 + size;
    }
    return -1;
}
