/*
 * repeats.h - finding repeated values in a list in O(n log n): the one way
 * the profile checks look for "this value was already used" (PE
 * identifications, KVN/KID pairs, TARs, key values). A package is hostile
 * input: a check comparing every value with every earlier one costs
 * minutes of CPU on a 2.5 MB package of 250,000 elements, so none does.
 * Sorting, not hashing: the values are the attacker's, and a sort has no
 * worst case a chosen input can reach.
 *
 * The caller fills one esv_rep per value (any order) and gets, for each
 * value's position, the position of its earliest repeat; the findings are
 * then emitted in list order, exactly as a pairwise scan would emit them.
 */
#ifndef ESV_PROFILE_REPEATS_H
#define ESV_PROFILE_REPEATS_H

#include <stddef.h>
#include <stdint.h>

#define ESV_REP_NONE SIZE_MAX
#define ESV_REP_DIGEST_LEN 32

typedef struct esv_rep {
    /* The value: equal values have equal key and equal digest (NULL, or
     * ESV_REP_DIGEST_LEN bytes compared after the key). */
    uint64_t key;
    const uint8_t *digest;
    /* Values of the same owner (the same element, the same key of one
     * security domain) are not repeats of each other. Give every value its
     * own owner (e.g. its pos) to find every repeat. */
    uint64_t owner;
    size_t pos; /* position in the list: unique */
} esv_rep;

/* For each v[i]: prior[v[i].pos] = the pos of the earliest value before it
 * (smaller pos) that is equal and has another owner, or ESV_REP_NONE.
 * prior has room for every pos of v; its other entries are not touched.
 * Sorts v (by value). O(n log n), no allocation. */
void esv_rep_mark(esv_rep *v, size_t n, size_t *prior);

/* n values and n priors in one allocation (*prior points into it; free
 * with free(v)); NULL when out of memory. */
esv_rep *esv_rep_alloc(size_t n, size_t **prior);

#endif
