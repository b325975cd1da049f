/*
 * saip.c - thin glue over the asn1c-generated ProfileElement type.
 */
#include "saip.h"
#include "walk.h"
#include "rsp_types.h"
#include "../crypto/crypto.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* See saip.h: the only static state in libesv, a lock around asn1c's
 * self-modifying descriptors. */
static pthread_mutex_t asn1_lock = PTHREAD_MUTEX_INITIALIZER;

void esv_asn1_lock(void)
{
    (void)pthread_mutex_lock(&asn1_lock);
}

void esv_asn1_unlock(void)
{
    (void)pthread_mutex_unlock(&asn1_lock);
}

int esv_saip_decode(const uint8_t *der, size_t len, ProfileElement_t **out, size_t *fail_off)
{
    void *v = NULL;
    int rc = esv_rsp_decode(&asn_DEF_ProfileElement, der, len, &v, fail_off);
    *out = v;
    return rc;
}

long esv_saip_encoded_len(const ProfileElement_t *pe)
{
    asn_enc_rval_t er;
    esv_asn1_lock();
    er = der_encode(&asn_DEF_ProfileElement, (void *)(uintptr_t)pe, NULL, NULL);
    esv_asn1_unlock();
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
    if (pe == NULL)
        return;
    switch (pe->present) {
    case ProfileElement_PR_pinCodes:
    case ProfileElement_PR_pukCodes:
    case ProfileElement_PR_akaParameter:
    case ProfileElement_PR_cdmaParameter:
    case ProfileElement_PR_securityDomain:
        (void)esv_asn_walk(&asn_DEF_ProfileElement, pe, NULL, &wipe, NULL);
        break;
    default:
        break;
    }
}

int esv_saip_check_constraints(const ProfileElement_t *pe, esv_asn_violation_fn on_violation,
                               void *opaque)
{
    int rc;
    esv_asn1_lock();
    rc = esv_asn_check_constraints(&asn_DEF_ProfileElement, pe, on_violation, opaque);
    esv_asn1_unlock();
    return rc;
}

void esv_saip_free(ProfileElement_t *pe)
{
    if (pe == NULL)
        return;
    esv_saip_wipe_secrets(pe);
    esv_asn1_lock();
    ASN_STRUCT_FREE(asn_DEF_ProfileElement, pe);
    esv_asn1_unlock();
}

typedef struct grow {
    uint8_t *p;
    size_t len, cap;
    int failed;
} grow;

static int grow_cb(const void *data, size_t size, void *key)
{
    grow *g = key;
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
    esv_asn1_lock();
    er = der_encode(&asn_DEF_ProfileElement, value, grow_cb, &g);
    esv_asn1_unlock();
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
