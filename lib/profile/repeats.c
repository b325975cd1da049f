/*
 * repeats.c - repeated values by sorting (see repeats.h).
 */
#include "repeats.h"

#include <stdlib.h>
#include <string.h>

static int cmp_value_pos(const void *pa, const void *pb)
{
    const esv_rep *a = pa, *b = pb;
    int c;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    if (a->len > 0 && (c = memcmp(a->bytes, b->bytes, a->len)) != 0)
        return c;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static int cmp_pos(const void *pa, const void *pb)
{
    const esv_rep *a = pa, *b = pb;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static int same_value(const esv_rep *a, const esv_rep *b)
{
    return a->key == b->key && a->len == b->len &&
           (a->len == 0 || memcmp(a->bytes, b->bytes, a->len) == 0);
}

void esv_rep_mark(esv_rep *v, size_t n)
{
    size_t a = 0, b, k;

    if (n < 2) {
        if (n == 1)
            v[0].prior = ESV_REP_NONE;
        return;
    }
    qsort(v, n, sizeof(*v), cmp_value_pos);
    /* One run of equal values, in pos order: its first value is the
     * earliest; the earliest with another owner than the first is the one
     * the first's own-owner values repeat. */
    while (a < n) {
        size_t other = ESV_REP_NONE; /* pos of the first of another owner */
        for (b = a + 1; b < n && same_value(&v[a], &v[b]); b++)
            if (other == ESV_REP_NONE && v[b].owner != v[a].owner)
                other = v[b].pos;
        v[a].prior = ESV_REP_NONE;
        for (k = a + 1; k < b; k++) {
            if (v[k].owner != v[a].owner)
                v[k].prior = v[a].pos;
            else
                v[k].prior = other != ESV_REP_NONE && other < v[k].pos ? other : ESV_REP_NONE;
        }
        a = b;
    }
    qsort(v, n, sizeof(*v), cmp_pos);
}
