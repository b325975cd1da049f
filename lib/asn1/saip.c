/*
 * saip.c - thin glue over the asn1c-generated ProfileElement type.
 */
#include "saip.h"
#include "arena.h"
#include "walk.h"
#include "rsp_types.h"
#include "../crypto/crypto.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* See saip.h. The generated descriptors, listed at build time from the
 * generated headers (build/asn1-src/esv_descriptors.inc). */
#define ESV_ASN1_TYPE(name) extern asn_TYPE_descriptor_t asn_DEF_##name;
#include "esv_descriptors.inc"
#undef ESV_ASN1_TYPE
#define ESV_ASN1_TYPE(name) &asn_DEF_##name,
static asn_TYPE_descriptor_t *const all_types[] = {
#include "esv_descriptors.inc"
};
#undef ESV_ASN1_TYPE

/* What *_inherit_TYPE_descriptor writes: the fixed point is reached when a
 * pass over every descriptor changes none of these. */
typedef struct td_view {
    const void *fn[9];
    const void *elements, *specifics, *per;
    int count;
} td_view;

static void td_look(const asn_TYPE_descriptor_t *td, td_view *v)
{
    memset(v, 0, sizeof(*v));
    v->fn[0] = (const void *)(uintptr_t)td->free_struct;
    v->fn[1] = (const void *)(uintptr_t)td->print_struct;
    v->fn[2] = (const void *)(uintptr_t)td->check_constraints;
    v->fn[3] = (const void *)(uintptr_t)td->ber_decoder;
    v->fn[4] = (const void *)(uintptr_t)td->der_encoder;
    v->fn[5] = (const void *)(uintptr_t)td->xer_decoder;
    v->fn[6] = (const void *)(uintptr_t)td->xer_encoder;
    v->fn[7] = (const void *)(uintptr_t)td->uper_decoder;
    v->fn[8] = (const void *)(uintptr_t)td->uper_encoder;
    v->elements = td->elements;
    v->specifics = td->specifics;
    v->per = td->per_constraints;
    v->count = td->elements_count;
}

static pthread_once_t prepared = PTHREAD_ONCE_INIT;
static int prepare_passes;

/* Every derived type's wrappers first copy the base type's function
 * pointers into the descriptor (asn1c 0.9.28, *_inherit_TYPE_descriptor),
 * lazily, on the first call: a write to shared memory that races with
 * another thread's first call (ThreadSanitizer reports it). Calling each
 * descriptor's free_struct on NULL, which every runtime free function
 * returns from at once, runs those writes; a derived type of a derived
 * type may need a second pass, so passes repeat until one changes nothing.
 * After that no call of the generated code writes to a descriptor, and
 * the generated code needs no lock. Runs once per process. */
static void prepare(void)
{
    size_t i, n = sizeof(all_types) / sizeof(all_types[0]);
    int changed = 1;
    while (changed && prepare_passes < 16) {
        changed = 0;
        prepare_passes++;
        for (i = 0; i < n; i++) {
            asn_TYPE_descriptor_t *td = all_types[i];
            td_view before, after;
            td_look(td, &before);
            td->free_struct(td, NULL, 0);
            td_look(td, &after);
            if (memcmp(&before, &after, sizeof(before)) != 0)
                changed = 1;
        }
    }
}

void esv_asn1_ready(void)
{
    (void)pthread_once(&prepared, prepare);
}

int esv_asn1_ready_passes(void)
{
    esv_asn1_ready();
    return prepare_passes;
}

uint64_t esv_asn1_descriptor_state(void)
{
    size_t i, k, n = sizeof(all_types) / sizeof(all_types[0]);
    uint64_t h = 1469598103934665603u; /* FNV-1a over every view */
    for (i = 0; i < n; i++) {
        td_view v;
        const unsigned char *b = (const unsigned char *)&v;
        td_look(all_types[i], &v);
        for (k = 0; k < sizeof(v); k++)
            h = (h ^ b[k]) * 1099511628211u;
    }
    return h;
}

int esv_saip_decode(const uint8_t *der, size_t len, ProfileElement_t **out, size_t *fail_off)
{
    void *v = NULL;
    int rc = esv_asn1_decode_heap(&asn_DEF_ProfileElement, der, len, &v, fail_off);
    *out = v;
    return rc;
}

int esv_saip_load(const uint8_t *der, size_t len, ProfileElement_t **out, size_t *fail_off)
{
    void *v = NULL;
    int rc = esv_rsp_decode(&asn_DEF_ProfileElement, der, len, &v, fail_off);
    *out = v;
    return rc;
}

int esv_saip_load_in(esv_arena *a, const uint8_t *der, size_t len, ProfileElement_t **out,
                     size_t *fail_off)
{
    void *v = NULL;
    int rc;
    esv_asn1_ready();
    rc = esv_arena_decode_in(a, &asn_DEF_ProfileElement, der, len, ESV_ASN1_MAX_STACK, &v, fail_off);
    *out = v;
    return rc;
}

size_t esv_saip_load_bytes(const ProfileElement_t *pe)
{
    return esv_arena_value_bytes(pe);
}

/* The elements whose values carry secrets (esv_saip_wipe_secrets). */
static bool holds_secrets(const ProfileElement_t *pe)
{
    switch (pe->present) {
    case ProfileElement_PR_pinCodes:
    case ProfileElement_PR_pukCodes:
    case ProfileElement_PR_akaParameter:
    case ProfileElement_PR_cdmaParameter:
    case ProfileElement_PR_securityDomain:
        return true;
    default:
        return false;
    }
}

void esv_saip_unload(ProfileElement_t *pe)
{
    /* Every byte of the arena, not only the secrets' strings. */
    if (pe != NULL)
        esv_arena_value_free(pe, holds_secrets(pe));
}

long esv_saip_encoded_len(const ProfileElement_t *pe)
{
    asn_enc_rval_t er;
    esv_asn1_ready();
    er = der_encode(&asn_DEF_ProfileElement, (void *)(uintptr_t)pe, NULL, NULL);
    return er.encoded < 0 ? -1 : (long)er.encoded;
}

/* Walker leaf: zero the bytes (the decoded value's own buffers, about to
 * be freed: the walker hands them out const, they are not). */
static int wipe_leaf(void *opaque, const esv_asn_node *n)
{
    (void)opaque;
    if (n->bytes != NULL && n->len > 0)
        esv_memzero((void *)(uintptr_t)n->bytes, n->len);
    return 0;
}

static int wipe_pass(void *opaque, const esv_asn_node *n)
{
    (void)opaque;
    (void)n;
    return 0;
}

void esv_saip_wipe_secrets(ProfileElement_t *pe)
{
    static const esv_asn_visitor wipe = {wipe_pass, wipe_pass, wipe_leaf};
    if (pe != NULL && holds_secrets(pe))
        (void)esv_asn_walk(&asn_DEF_ProfileElement, pe, NULL, &wipe, NULL);
}

int esv_saip_check_constraints(const ProfileElement_t *pe, esv_asn_violation_fn on_violation,
                               void *opaque, esv_asn_shape *shape)
{
    int rc;
    esv_asn1_ready();
    rc = esv_asn_check_constraints(&asn_DEF_ProfileElement, pe, on_violation, opaque, shape);
    return rc;
}

void esv_saip_free(ProfileElement_t *pe)
{
    if (pe == NULL)
        return;
    esv_saip_wipe_secrets(pe);
    esv_asn1_ready();
    ASN_STRUCT_FREE(asn_DEF_ProfileElement, pe);
}

typedef struct grow {
    uint8_t *p;
    size_t len, cap;
    int failed;
} grow;

static int grow_cb(const void *data, size_t size, void *key)
{
    grow *g = key;
    if (size == 0)
        return 0; /* asn1c passes data NULL with it: no memcpy */
    if (g->len + size > g->cap) {
        size_t ncap = (g->len + size) * 2;
        uint8_t *np = realloc(g->p, ncap);
        if (np == NULL) {
            g->failed = 1;
            return -1;
        }
        g->p = np;
        g->cap = ncap;
    }
    memcpy(g->p + g->len, data, size);
    g->len += size;
    return 0;
}

int esv_saip_encode(const ProfileElement_t *pe, uint8_t **out, size_t *len)
{
    grow g = {0};
    void *value;
    asn_enc_rval_t er;
    memcpy(&value, &pe, sizeof(value)); /* der_encode takes a non-const pointer */
    esv_asn1_ready();
    er = der_encode(&asn_DEF_ProfileElement, value, grow_cb, &g);
    if (er.encoded < 0 || g.failed) {
        free(g.p);
        return -1;
    }
    *out = g.p;
    *len = g.len;
    return 0;
}

const char *esv_saip_pe_name(ProfileElement_PR present)
{
    /* The CHOICE member names from the generated descriptor: one source. */
    if (present > ProfileElement_PR_NOTHING &&
        (int)present <= asn_DEF_ProfileElement.elements_count)
        return asn_DEF_ProfileElement.elements[present - 1].name;
    return "unknown";
}

int esv_asn_long(const INTEGER_t *v, long *out)
{
    return asn_INTEGER2long(v, out) == 0 ? 0 : -1;
}
