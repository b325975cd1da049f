/*
 * repeats.c - repeated values by sorting (see repeats.h).
 */
#include "repeats.h"

#include <stdlib.h>
#include <string.h>

static int cmp_value(const esv_rep *a, const esv_rep *b)
{
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->digest == NULL || b->digest == NULL)
        return (a->digest != NULL) - (b->digest != NULL);
    return memcmp(a->digest, b->digest, ESV_REP_DIGEST_LEN);
}

static int cmp_value_pos(const void *pa, const void *pb)
{
    const esv_rep *a = pa, *b = pb;
    int c = cmp_value(a, b);
    if (c != 0)
        return c;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

void esv_rep_mark(esv_rep *v, size_t n, size_t *prior)
{
    size_t a = 0, b, k;

    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_value_pos);
    /* One run of equal values, in pos order: its first value is the
     * earliest; the earliest with another owner than the first is the one
     * the first's own-owner values repeat. */
    while (a < n) {
        size_t other = ESV_REP_NONE; /* pos of the first of another owner */
        for (b = a + 1; b < n && cmp_value(&v[a], &v[b]) == 0; b++)
            if (other == ESV_REP_NONE && v[b].owner != v[a].owner)
                other = v[b].pos;
        prior[v[a].pos] = ESV_REP_NONE;
        for (k = a + 1; k < b; k++) {
            if (v[k].owner != v[a].owner)
                prior[v[k].pos] = v[a].pos;
            else
                prior[v[k].pos] = other != ESV_REP_NONE && other < v[k].pos ? other : ESV_REP_NONE;
        }
        a = b;
    }
}

esv_rep *esv_rep_alloc(size_t n, size_t **prior)
{
    esv_rep *v;
    /* one byte at least, so that malloc(0) is never asked */
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / (sizeof(esv_rep) + sizeof(size_t)))
        return NULL;
    v = malloc(n * (sizeof(esv_rep) + sizeof(size_t)));
    if (v != NULL)
        *prior = (size_t *)(void *)(v + n);
    return v;
}
