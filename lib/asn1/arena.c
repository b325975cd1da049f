/*
 * arena.c - one region of memory per decoded value (arena.h).
 */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

#include "../crypto/crypto.h"
#include "asn_application.h"
#include "constr_CHOICE.h"
#include "constr_SEQUENCE.h"
#include "constr_SET_OF.h"

#if defined(__SANITIZE_ADDRESS__)
#define ESV_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ESV_ARENA_ASAN 1
#endif
#endif
#ifdef ESV_ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* The strictest alignment of what the generated code stores. */
typedef union esv_arena_align {
    void *p;
    long l;
    long long ll;
    double d;
    size_t z;
} esv_arena_align;
#define ALIGN _Alignof(esv_arena_align)
#define ROUND(n) (((n) + (ALIGN - 1)) & ~(size_t)(ALIGN - 1))
/* Each block is preceded by its size (for realloc). */
#define HDR ROUND(sizeof(size_t))
#define MAGIC 0x65737661726e6131ull /* "esvarna1" */

typedef struct chunk {
    struct chunk *next; /* the chunk made before this one */
    uint8_t *data;
    size_t size, used;
} chunk;

struct esv_arena {
    uint64_t magic;
    chunk *cur;  /* the newest chunk: blocks are cut from it */
    size_t held; /* bytes of every chunk, headers included */
    size_t used; /* bytes given to blocks, headers included */
    size_t next; /* the size of the next chunk, when set */
    chunk *oldest; /* free and realloc look for a block from cur back to
                    * this chunk: the decode in progress allocated only
                    * there (esv_arena_decode_in); NULL: every chunk */
    bool failed;
    chunk first; /* its data follows this struct, in the same allocation */
};
#define ARENA_HDR ROUND(sizeof(struct esv_arena))
#define CHUNK_HDR ROUND(sizeof(chunk))

/* The largest chunk made by growth (a block larger gets its own). */
#define ESV_ARENA_CHUNK_MAX (64u * 1024u)

static _Thread_local esv_arena *current;

/* The four functions the generated code's calloc, malloc, realloc and free
 * were renamed to (asn1/build.mk). Only those objects call them. */
void *esv_asn1_malloc(size_t n);
void *esv_asn1_calloc(size_t n, size_t m);
void *esv_asn1_realloc(void *p, size_t n);
void esv_asn1_free(void *p);

esv_arena *esv_arena_new(size_t first_bytes)
{
    esv_arena *a;
    first_bytes = ROUND(first_bytes);
    if (first_bytes > SIZE_MAX - ARENA_HDR)
        return NULL;
    a = malloc(ARENA_HDR + first_bytes);
    if (a == NULL)
        return NULL;
    memset(a, 0, sizeof(*a));
    a->magic = MAGIC;
    a->first.data = (uint8_t *)a + ARENA_HDR;
    a->first.size = first_bytes;
    a->cur = &a->first;
    a->held = ARENA_HDR + first_bytes;
    POISON(a->first.data, first_bytes);
    return a;
}

void esv_arena_free(esv_arena *a, bool wipe)
{
    chunk *c, *next;
    if (a == NULL)
        return;
    for (c = a->cur; c != NULL; c = next) {
        next = c->next;
        UNPOISON(c->data, c->size);
        if (wipe)
            esv_memzero(c->data, c->used);
        if (c != &a->first)
            free(c);
    }
    a->magic = 0;
    free(a);
}

size_t esv_arena_bytes(const esv_arena *a)
{
    return a != NULL ? a->held : 0;
}

void esv_arena_reserve(esv_arena *a, size_t bytes)
{
    a->next = bytes <= SIZE_MAX / 2 ? ROUND(bytes) : 0;
}

size_t esv_arena_used(const esv_arena *a)
{
    return a != NULL ? a->used : 0;
}

bool esv_arena_failed(const esv_arena *a)
{
    return a != NULL && a->failed;
}

esv_arena *esv_arena_enter(esv_arena *a)
{
    esv_arena *prev = current;
    current = a;
    return prev;
}

void esv_arena_leave(esv_arena *previous)
{
    current = previous;
}

static size_t block_size(const uint8_t *p)
{
    size_t n;
    UNPOISON(p - HDR, HDR);
    memcpy(&n, p - HDR, sizeof(n));
    POISON(p - HDR, HDR);
    return n;
}

static void set_block_size(uint8_t *p, size_t n)
{
    UNPOISON(p - HDR, HDR);
    memcpy(p - HDR, &n, sizeof(n));
    POISON(p - HDR, HDR);
}

void *esv_arena_alloc(esv_arena *a, size_t n)
{
    chunk *c = a->cur;
    size_t need;
    uint8_t *p;
    if (n > SIZE_MAX / 2 - HDR - ALIGN) {
        a->failed = true;
        return NULL;
    }
    need = HDR + ROUND(n);
    if (c->size - c->used < need) {
        /* A new chunk, twice the last up to ESV_ARENA_CHUNK_MAX (what
         * the last chunk leaves unused stays small), at least this
         * block. */
        size_t size = c->size <= SIZE_MAX / 4 ? c->size * 2 : c->size;
        if (size > ESV_ARENA_CHUNK_MAX)
            size = ESV_ARENA_CHUNK_MAX;
        if (a->next > 0) {
            size = a->next;
            a->next = 0;
        }
        chunk *nc;
        if (size < need)
            size = need;
        nc = malloc(CHUNK_HDR + size);
        if (nc == NULL) {
            a->failed = true;
            return NULL;
        }
        nc->next = c;
        nc->data = (uint8_t *)nc + CHUNK_HDR;
        nc->size = size;
        nc->used = 0;
        POISON(nc->data, size);
        a->cur = c = nc;
        a->held += CHUNK_HDR + size;
    }
    p = c->data + c->used + HDR;
    c->used += need;
    a->used += need;
    set_block_size(p, n);
    UNPOISON(p, n);
    return p;
}

/* The chunk of a that holds block p, or NULL when p is not a's. */
static chunk *owner(const esv_arena *a, const void *p)
{
    const uint8_t *b = p;
    chunk *c;
    for (c = a->cur; c != NULL; c = c->next) {
        if (b >= c->data && b < c->data + c->used)
            return c;
        if (c == a->oldest)
            break;
    }
    return NULL;
}

/* Gives block p of chunk c back: its space is reused when it is the last
 * block cut from the newest chunk; otherwise it stays, poisoned. */
static void release(esv_arena *a, chunk *c, uint8_t *p)
{
    size_t n = block_size(p);
    if (c == a->cur && p + ROUND(n) == c->data + c->used) {
        c->used = (size_t)(p - HDR - c->data);
        a->used -= HDR + ROUND(n);
    }
    POISON(p, ROUND(n));
}

void *esv_asn1_malloc(size_t n)
{
    return current != NULL ? esv_arena_alloc(current, n) : malloc(n);
}

void *esv_asn1_calloc(size_t n, size_t m)
{
    void *p;
    if (current == NULL)
        return calloc(n, m);
    if (m != 0 && n > SIZE_MAX / m) {
        current->failed = true;
        return NULL;
    }
    p = esv_arena_alloc(current, n * m);
    if (p != NULL)
        memset(p, 0, n * m);
    return p;
}

void *esv_asn1_realloc(void *p, size_t n)
{
    esv_arena *a = current;
    chunk *c;
    uint8_t *b = p, *np;
    size_t old;
    if (a == NULL || p == NULL)
        return a == NULL ? realloc(p, n) : esv_arena_alloc(a, n);
    c = owner(a, p);
    if (c == NULL)
        return realloc(p, n); /* not the arena's: the heap's own */
    old = block_size(b);
    if (c == a->cur && b + ROUND(old) == c->data + c->used && n <= SIZE_MAX / 2 &&
        (ROUND(n) <= ROUND(old) || ROUND(n) - ROUND(old) <= c->size - c->used)) {
        /* The last block grows (or shrinks) where it is. */
        a->used = a->used - ROUND(old) + ROUND(n);
        c->used = (size_t)(b - c->data) + ROUND(n);
        POISON(b, ROUND(old));
        set_block_size(b, n);
        UNPOISON(b, n);
        return b;
    }
    np = esv_arena_alloc(a, n);
    if (np == NULL)
        return NULL; /* p stays valid, as realloc leaves it */
    memcpy(np, b, old < n ? old : n);
    release(a, c, b);
    return np;
}

void esv_asn1_free(void *p)
{
    esv_arena *a = current;
    chunk *c;
    if (p == NULL)
        return;
    if (a != NULL && (c = owner(a, p)) != NULL) {
        release(a, c, p);
        return;
    }
    free(p);
}

void esv_arena_mark(const esv_arena *a, esv_arena_pos *m)
{
    m->chunk = a->cur;
    m->chunk_used = a->cur->used;
    m->used = a->used;
    m->held = a->held;
}

void esv_arena_rewind(esv_arena *a, const esv_arena_pos *m)
{
    chunk *c = a->cur, *next;
    /* Chunks made since the mark go back to the heap, zeroed. */
    while (c != m->chunk) {
        next = c->next;
        UNPOISON(c->data, c->size);
        esv_memzero(c->data, c->used);
        free(c); /* never the first: the mark's chunk is older */
        c = next;
    }
    UNPOISON(c->data + m->chunk_used, c->used - m->chunk_used);
    esv_memzero(c->data + m->chunk_used, c->used - m->chunk_used);
    POISON(c->data + m->chunk_used, c->size - m->chunk_used);
    c->used = m->chunk_used;
    a->cur = c;
    a->used = m->used;
    a->held = m->held;
}

/* The size of the C structure a constructed type decodes into, or 0 when
 * td is not one (asn1c 0.9.28: SEQUENCE, SET OF and CHOICE specifics all
 * begin with it). */
static size_t struct_size(const asn_TYPE_descriptor_t *td)
{
    int n = 0;
    if (td->specifics == NULL)
        return 0;
    if (td->free_struct == SEQUENCE_free)
        n = ((const asn_SEQUENCE_specifics_t *)td->specifics)->struct_size;
    else if (td->free_struct == CHOICE_free)
        n = ((const asn_CHOICE_specifics_t *)td->specifics)->struct_size;
    else if (td->free_struct == SET_OF_free)
        n = ((const asn_SET_OF_specifics_t *)td->specifics)->struct_size;
    return n > 0 ? (size_t)n : 0;
}

/* The arena a value of esv_arena_decode lives in: the value is the first
 * block of the arena's first chunk. */
static esv_arena *arena_of(const void *value)
{
    esv_arena *a = (esv_arena *)(uintptr_t)((const uint8_t *)value - HDR - ARENA_HDR);
    return a->magic == MAGIC ? a : NULL;
}

int esv_arena_decode_in(esv_arena *a, const asn_TYPE_descriptor_t *td, const uint8_t *der,
                        size_t len, size_t max_stack, void **out, size_t *fail_off)
{
    asn_codec_ctx_t opt;
    asn_dec_rval_t rv;
    esv_arena *prev;
    esv_arena_pos m;
    size_t top = struct_size(td);
    void *v = NULL;

    *out = NULL;
    esv_arena_mark(a, &m);
    /* The top structure first: with it the value is the first block of
     * the decode (what esv_arena_decode finds its arena by). */
    if (top > 0) {
        v = esv_arena_alloc(a, top);
        if (v == NULL) {
            esv_arena_rewind(a, &m);
            a->failed = false;
            return -2;
        }
        memset(v, 0, top);
    }
    memset(&opt, 0, sizeof(opt));
    opt.max_stack_size = max_stack;
    a->oldest = m.chunk;
    prev = esv_arena_enter(a);
    rv = ber_decode(&opt, (asn_TYPE_descriptor_t *)(uintptr_t)td, &v, der, len);
    esv_arena_leave(prev);
    a->oldest = NULL;
    if (a->failed) {
        esv_arena_rewind(a, &m);
        a->failed = false;
        return -2;
    }
    if (rv.code != RC_OK || rv.consumed != len) {
        if (fail_off != NULL)
            *fail_off = rv.consumed;
        esv_arena_rewind(a, &m);
        return -1;
    }
    if (top == 0 && (v == NULL || owner(a, v) == NULL)) {
        /* The decoder did not put the value in the arena: the generated
         * objects were linked without the renaming of asn1/build.mk (a
         * build error; test_arena fails on it). The value is the heap's. */
        if (v != NULL)
            td->free_struct((asn_TYPE_descriptor_t *)(uintptr_t)td, v, 0);
        esv_arena_rewind(a, &m);
        return -2;
    }
    *out = v;
    return 0;
}

int esv_arena_decode(const asn_TYPE_descriptor_t *td, const uint8_t *der, size_t len,
                     size_t max_stack, void **out, size_t *fail_off)
{
    esv_arena *a;
    int rc;
    *out = NULL;
    /* First chunk: the top structure and 12 bytes per input byte, a
     * little less than a TS.48 profile's elements take (10 to 25 besides
     * the top structure); the rest comes in chunks of up to 64 KiB. */
    a = esv_arena_new(HDR + ROUND(struct_size(td)) + 256 + (len < SIZE_MAX / 16 ? len * 12 : len));
    if (a == NULL)
        return -2;
    rc = esv_arena_decode_in(a, td, der, len, max_stack, out, fail_off);
    if (rc != 0 || (uint8_t *)*out != a->first.data + HDR) {
        /* (a value not at the start of the first chunk cannot find its
         * arena: only when the top structure's size is unknown and the
         * decoder's first block did not fit, which no type of ours does) */
        if (rc == 0)
            rc = -2;
        *out = NULL;
        esv_arena_free(a, true);
        return rc;
    }
    return 0;
}

size_t esv_arena_value_bytes(const void *value)
{
    return value != NULL ? esv_arena_bytes(arena_of(value)) : 0;
}

void esv_arena_value_free(void *value, bool wipe)
{
    if (value != NULL)
        esv_arena_free(arena_of(value), wipe);
}
