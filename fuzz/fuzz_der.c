/*
 * fuzz_der.c - the strict DER reader on arbitrary bytes.
 * Target functions: der_walk (one value and, per top-level TLV, a
 * sequence), der_read_tlv / der_peek_tlv, and every primitive reader on the
 * contents of each primitive TLV.
 * Checks beyond "no crash": a successful walk's element count is at least
 * one, and primitive readers that succeed give consistent results.
 */
#include <stdint.h>
#include <stdlib.h>

#include "der/der.h"

static void primitives(const der_tlv *t)
{
    char oid[128];
    der_time tm;
    int64_t i64;
    uint64_t u64;
    bool b;
    const uint8_t *bits;
    size_t nbits, needed;
    der_err e;

    (void)der_int_to_i64(t->val, t->len, &i64);
    (void)der_int_to_u64(t->val, t->len, &u64);
    (void)der_bool(t->val, t->len, &b);
    if (der_bitstring(t->val, t->len, &bits, &nbits) == DER_OK && nbits > t->len * 8)
        abort();
    e = der_oid_to_text(t->val, t->len, oid, sizeof(oid), &needed);
    if (e == DER_OK && (needed == 0 || needed > sizeof(oid) || oid[needed - 1] != '\0'))
        abort();
    if (der_utctime(t->val, t->len, &tm) == DER_OK && (tm.year < 1950 || tm.year > 2049))
        abort();
    if (der_gentime(t->val, t->len, &tm) == DER_OK)
        (void)der_time_to_unix(&tm);
    (void)der_printable_check(t->val, t->len);
    (void)der_utf8_check(t->val, t->len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    der_limits lim;
    der_result res;
    der_cursor c;
    der_tlv t;
    size_t off;
    unsigned n = 0;

    der_limits_default(&lim);
    lim.max_depth = 32;
    if (der_walk(data, size, 0, &lim, DER_WALK_CONTENTS, &res) == DER_OK && res.elements == 0)
        abort();
    /* As a sequence of values: walk each, and read primitives shallowly. */
    der_cursor_init(&c, data, size, 0);
    while (!der_cursor_done(&c) && n++ < 64) {
        if (der_peek_tlv(&c, &t, &off) != DER_OK)
            break;
        if (der_read_tlv(&c, &t, &off) != DER_OK)
            abort(); /* peek succeeded, read must too */
        (void)der_walk(data + t.off, der_tlv_size(&t), t.off, &lim, DER_WALK_CONTENTS, &res);
        if (!t.constructed) {
            primitives(&t);
        } else {
            der_cursor in;
            der_tlv child;
            der_cursor_enter(&in, &t);
            while (der_read_tlv(&in, &child, &off) == DER_OK)
                if (!child.constructed)
                    primitives(&child);
        }
    }
    return 0;
}
