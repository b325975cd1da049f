/*
 * cache.c - the verified-intermediate cache: a bounded set of 64-byte
 * keys (SHA-256 of an intermediate's DER || SHA-256 of its issuer's DER),
 * each meaning "this exact certificate's signature verified under this
 * exact issuer".
 *
 * Four-way set-associative: a key lives in one set of four slots chosen
 * by its first bytes (already uniformly distributed: they are a hash);
 * a full set replaces its oldest entry. Lookups and inserts take one
 * mutex: they cost well under a microsecond next to the ECDSA
 * verification (about a millisecond) they save, so a finer scheme would
 * buy nothing measurable.
 *
 * An entry also holds the intermediate's key (esv_pubkey, a counted
 * reference), when the verifier had made it: the key is a function of the
 * certificate's DER alone, so a later verification that meets the same
 * certificate (same SHA-256) as an issuer takes it instead of making it
 * again (pki_cache_key).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "pki.h"

#define WAYS 4u

typedef struct slot {
    uint8_t key[64];
    bool used;
    esv_pubkey *pk; /* the certificate's key, or NULL */
} slot;

struct pki_cache {
    pthread_mutex_t lock;
    size_t nsets;
    slot *slots;        /* nsets * WAYS */
    uint8_t *next;      /* per set: the way to replace next */
    atomic_uint_fast64_t hits, misses;
};

pki_cache *pki_cache_new(size_t entries)
{
    pki_cache *c;
    if (entries == 0)
        return NULL;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    c->nsets = (entries + WAYS - 1) / WAYS;
    c->slots = calloc(c->nsets * WAYS, sizeof(slot));
    c->next = calloc(c->nsets, 1);
    if (c->slots == NULL || c->next == NULL || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c->slots);
        free(c->next);
        free(c);
        return NULL;
    }
    atomic_init(&c->hits, 0);
    atomic_init(&c->misses, 0);
    return c;
}

void pki_cache_free(pki_cache *c)
{
    if (c == NULL)
        return;
    pthread_mutex_destroy(&c->lock);
    for (size_t i = 0; i < c->nsets * WAYS; i++)
        esv_pubkey_free(c->slots[i].pk);
    free(c->slots);
    free(c->next);
    free(c);
}

static size_t set_of(const pki_cache *c, const uint8_t *key) /* reads 8 bytes */
{
    uint64_t h = 0;
    int i;
    for (i = 0; i < 8; i++)
        h = (h << 8) | key[i];
    return (size_t)(h % c->nsets);
}

bool pki_cache_lookup(pki_cache *c, const uint8_t key[64])
{
    size_t s = set_of(c, key), w;
    bool found = false;
    pthread_mutex_lock(&c->lock);
    for (w = 0; w < WAYS && !found; w++) {
        const slot *sl = &c->slots[s * WAYS + w];
        found = sl->used && memcmp(sl->key, key, 64) == 0;
    }
    pthread_mutex_unlock(&c->lock);
    atomic_fetch_add(found ? &c->hits : &c->misses, 1);
    return found;
}

void pki_cache_insert(pki_cache *c, const uint8_t key[64], esv_pubkey *pk)
{
    size_t s = set_of(c, key), w;
    slot *sl;
    pthread_mutex_lock(&c->lock);
    for (w = 0; w < WAYS; w++) {
        sl = &c->slots[s * WAYS + w];
        if (sl->used && memcmp(sl->key, key, 64) == 0) {
            /* another thread got there first */
            if (sl->pk == NULL && pk != NULL)
                sl->pk = esv_pubkey_ref(pk);
            goto out;
        }
    }
    w = c->next[s];
    sl = &c->slots[s * WAYS + w];
    esv_pubkey_free(sl->pk); /* the replaced entry's: its users hold their own */
    memcpy(sl->key, key, 64);
    sl->used = true;
    sl->pk = pk != NULL ? esv_pubkey_ref(pk) : NULL;
    c->next[s] = (uint8_t)((w + 1) % WAYS);
out:
    pthread_mutex_unlock(&c->lock);
}

esv_pubkey *pki_cache_key(pki_cache *c, const uint8_t cert_hash[32])
{
    /* The set is chosen by the key's first bytes: the certificate's hash. */
    size_t s = set_of(c, cert_hash), w;
    esv_pubkey *pk = NULL;
    pthread_mutex_lock(&c->lock);
    for (w = 0; w < WAYS && pk == NULL; w++) {
        const slot *sl = &c->slots[s * WAYS + w];
        if (sl->used && sl->pk != NULL && memcmp(sl->key, cert_hash, 32) == 0)
            pk = esv_pubkey_ref(sl->pk);
    }
    pthread_mutex_unlock(&c->lock);
    return pk;
}

void pki_cache_stats(const pki_cache *c, uint64_t *hits, uint64_t *misses)
{
    pki_cache *m = (pki_cache *)(uintptr_t)c; /* atomics: loads do not modify */
    if (hits)
        *hits = c ? atomic_load(&m->hits) : 0;
    if (misses)
        *misses = c ? atomic_load(&m->misses) : 0;
}
