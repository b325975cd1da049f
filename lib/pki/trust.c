/*
 * trust.c - esv_trust: the CIs and CRLs a caller trusts, and the cache.
 * Built single-threaded, then read-only, save for three thread-safe
 * things: the cache's contents, each CRL's memoised verdict, and which
 * cache is current (esv_trust_set_cache may swap it while others verify;
 * the caches it replaces are freed by esv_trust_free only).
 */
#include <stdlib.h>
#include <string.h>

#include "../check/der_check.h"
#include "crl.h"

esv_status esv_trust_new(esv_trust **out)
{
    esv_trust *t;
    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    t = calloc(1, sizeof(*t));
    if (t == NULL)
        return ESV_E_NOMEM;
    atomic_init(&t->cache, NULL);
    if (pthread_mutex_init(&t->cache_lock, NULL) != 0) {
        free(t);
        return ESV_E_NOMEM;
    }
    *out = t;
    return ESV_OK;
}

void esv_trust_free(esv_trust *t)
{
    size_t i;
    if (t == NULL)
        return;
    for (i = 0; i < t->n_ci; i++) {
        free(t->cis[i].der);
        esv_pubkey_free(t->cis[i].key);
    }
    for (i = 0; i < t->n_crl; i++)
        free(t->crls[i].der);
    free(t->cis);
    free(t->crls);
    /* No verification runs any more (the caller's contract): every cache,
     * current or retired, can go. */
    pki_cache_free(atomic_load(&t->cache));
    while (t->retired != NULL) {
        pki_retired *next = t->retired->next;
        pki_cache_free(t->retired->cache);
        free(t->retired);
        t->retired = next;
    }
    pthread_mutex_destroy(&t->cache_lock);
    free(t);
}

pki_cache *pki_trust_cache(const esv_trust *t)
{
    return atomic_load(&t->cache);
}

/* Room for `more` elements of size `size` in *arr (capacity *cap). */
static int reserve(void **arr, size_t *cap, size_t used, size_t more, size_t size)
{
    void *a;
    if (used + more <= *cap)
        return 0;
    a = realloc(*arr, (used + more) * 2 * size);
    if (a == NULL)
        return -1;
    *arr = a;
    *cap = (used + more) * 2;
    return 0;
}

/* Frees the keys of the first n anchors of a (not yet counted in n_ci). */
static void free_keys(pki_anchor *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        esv_pubkey_free(a[i].key);
        a[i].key = NULL;
    }
}

esv_status esv_trust_add_ci(esv_trust *t, const uint8_t *data, size_t len)
{
    pki_ders col;
    esv_status st;
    size_t i;
    if (t == NULL || (data == NULL && len > 0))
        return ESV_E_ARG;
    st = pki_split_input(data, len, "CERTIFICATE", &col);
    if (st != ESV_OK)
        return st;
    if (reserve((void **)&t->cis, &t->cap_ci, t->n_ci, col.n, sizeof(*t->cis))) {
        pki_ders_free(&col);
        return ESV_E_NOMEM;
    }
    /* All or nothing: each certificate is parsed into the free slots past
     * n_ci, which counts them only once every one has parsed. */
    for (i = 0; i < col.n; i++) {
        pki_parse_err err;
        if (!pki_der_one_value(col.ders[i], col.lens[i]) ||
            pki_cert_parse(&t->cis[t->n_ci + i].c, col.ders[i], col.lens[i], -1, &err) != 0) {
            free_keys(t->cis + t->n_ci, i);
            pki_ders_free(&col);
            return ESV_E_PARSE;
        }
        /* The hash names the anchor in the cache's keys: a backend whose
         * SHA-256 can fail (OpenSSL, out of memory) fails the call. */
        if (esv_sha256(col.ders[i], col.lens[i], t->cis[t->n_ci + i].hash) != ESV_CRYPTO_OK) {
            free_keys(t->cis + t->n_ci, i);
            pki_ders_free(&col);
            return ESV_E_NOMEM;
        }
        /* Its key, made once for every chain it anchors (the trust has
         * no context: made without precomputed curves, once per CI). */
        if (pki_key_of(&t->cis[t->n_ci + i].c, NULL, &t->cis[t->n_ci + i].key) != ESV_CRYPTO_OK) {
            free_keys(t->cis + t->n_ci, i);
            pki_ders_free(&col);
            return ESV_E_NOMEM;
        }
    }
    for (i = 0; i < col.n; i++) {
        pki_anchor *a = &t->cis[t->n_ci++];
        a->der = col.ders[i];
        a->len = col.lens[i];
        col.ders[i] = NULL;
        /* The self-signature, once: a CI anchors chains by its key. */
        a->selfsig = a->c.curve == ESV_CURVE_NONE ? ESV_CRYPTO_BAD_KEY
                                                   : pki_verify_signature(&a->c, &a->c, a->key);
    }
    pki_ders_free(&col);
    return ESV_OK;
}

esv_status esv_trust_add_crl(esv_trust *t, const uint8_t *data, size_t len)
{
    pki_ders col;
    esv_status st;
    size_t i;
    if (t == NULL || (data == NULL && len > 0))
        return ESV_E_ARG;
    st = pki_split_input(data, len, "X509 CRL", &col);
    if (st != ESV_OK)
        return st;
    if (reserve((void **)&t->crls, &t->cap_crl, t->n_crl, col.n, sizeof(*t->crls))) {
        pki_ders_free(&col);
        return ESV_E_NOMEM;
    }
    for (i = 0; i < col.n; i++) {
        esv_status gate;
        if (!pki_der_one_value(col.ders[i], col.lens[i]) ||
            pki_crl_parse(&t->crls[t->n_crl + i], col.ders[i], col.lens[i])) {
            pki_ders_free(&col);
            return ESV_E_PARSE;
        }
        /* Two parsers must read the CRL, as for certificates (PKI-002);
         * a CRL esv parses but does not apply is kept, and reported when
         * it would have been used (PKI-063). */
        if ((gate = pki_x509_crl_gate(col.ders[i], col.lens[i])) != ESV_OK) {
            pki_ders_free(&col);
            return gate;
        }
    }
    for (i = 0; i < col.n; i++) {
        col.ders[i] = NULL; /* owned by crls[] now (crl->der) */
        t->n_crl++;
    }
    pki_ders_free(&col);
    return ESV_OK;
}

esv_status esv_trust_set_cache(esv_trust *t, size_t entries)
{
    pki_cache *c = NULL, *old;
    pki_retired *node;
    if (t == NULL || entries > 1000000)
        return ESV_E_ARG;
    if (entries > 0 && (c = pki_cache_new(entries)) == NULL)
        return ESV_E_NOMEM;
    /* Allocated before the swap, so that nothing can fail after it: the
     * old cache is never freed here, whoever may still be reading it. */
    node = malloc(sizeof(*node));
    if (node == NULL) {
        pki_cache_free(c);
        return ESV_E_NOMEM;
    }
    pthread_mutex_lock(&t->cache_lock);
    /* The new cache is complete before it is published: readers load
     * the pointer (sequentially consistent) and see it whole. */
    old = atomic_exchange(&t->cache, c);
    if (old != NULL) {
        node->cache = old;
        node->next = t->retired;
        t->retired = node;
        node = NULL;
    }
    pthread_mutex_unlock(&t->cache_lock);
    free(node);
    return ESV_OK;
}

void esv_trust_cache_stats(const esv_trust *t, uint64_t *hits, uint64_t *misses)
{
    pki_cache_stats(t ? pki_trust_cache(t) : NULL, hits, misses);
}

size_t esv_trust_ci_count(const esv_trust *t)
{
    return t ? t->n_ci : 0;
}

size_t esv_trust_crl_count(const esv_trust *t)
{
    return t ? t->n_crl : 0;
}
