/*
 * repeats.h - finding repeated values in a list in O(n log n): the one way
 * the profile checks look for "this value was already used" (PE
 * identifications, KVN/KID pairs, TARs, key values). A package is hostile
 * input: a check comparing every value with every earlier one costs
 * minutes of CPU on a 2.5 MB package of 250,000 elements, so none does.
 *
 * The caller fills one esv_rep per value, in list order; esv_rep_mark sorts
 * a copy of the order by value, marks each value's earliest repeat, and
 * leaves the array in list order again. The findings are then emitted in
 * list order, exactly as a pairwise scan would emit them.
 */
#ifndef ESV_PROFILE_REPEATS_H
#define ESV_PROFILE_REPEATS_H

#include <stddef.h>
#include <stdint.h>

#define ESV_REP_NONE SIZE_MAX

typedef struct esv_rep {
    /* The value: equal values have equal key, len and bytes[0..len) (bytes
     * may be NULL when len is 0). */
    uint64_t key;
    const uint8_t *bytes;
    size_t len;
    /* Values of the same owner (the same element, the same key of one
     * security domain) are not repeats of each other. Give every value its
     * own owner (e.g. its pos) to find every repeat. */
    uint64_t owner;
    size_t pos;   /* position in the list: unique, ascending as filled */
    size_t prior; /* set by esv_rep_mark */
} esv_rep;

/* For each v[i]: prior = the pos of the earliest value before it that is
 * equal and has another owner, or ESV_REP_NONE. v must be in pos order on
 * entry and is in pos order on return. O(n log n), no allocation. */
void esv_rep_mark(esv_rep *v, size_t n);

#endif
