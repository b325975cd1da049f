/*
 * arena.h - one region of memory per decoded value, for asn1c's generated
 * code and runtime.
 *
 * A decoded ProfileElement is a tree of a few hundred small blocks (every
 * OCTET STRING, INTEGER and OPTIONAL member is one); with calloc and free
 * each, allocating and freeing them cost more than decoding them (issue
 * 12: malloc/free 36% of a profile's verification, freeing the tree alone
 * 18%). Here a decode runs with an arena current on its thread: every
 * block the generated code asks for is cut from the arena's chunks, and
 * the whole value is freed at once with the arena.
 *
 * How the generated code reaches it, without editing it: asn1/build.mk
 * renames, in the compiled objects of the generated code and the runtime
 * only (objcopy --redefine-sym), their references to calloc, malloc,
 * realloc and free to esv_asn1_calloc, ... below. Symbol renaming works on
 * what the compiler emitted, so it catches every call (including any the
 * compiler synthesised, such as malloc+memset turned into calloc) and
 * nothing else: no macro touches the source, and the runtime's own members
 * named free (A_SET_OF's) are left alone. Why it is safe:
 *   - with no arena current (every use outside esv_arena_enter/leave), the
 *     four functions are exactly calloc, malloc, realloc and free: heap
 *     trees (the tests' builders, asn1c's encoders) behave as before;
 *   - with one current, free and realloc of a block of that arena are
 *     handled in it (free: nothing, or the space is taken back when it is
 *     the last block; realloc: in place when it is the last block, else a
 *     copy), and of any other pointer go to free and realloc: a pointer
 *     the runtime got elsewhere stays the heap's;
 *   - an arena is current only during ber_decode (esv_arena_decode), on
 *     the calling thread (thread-local: threads never share one), and the
 *     value it returns is freed only with esv_arena_value_free, never with
 *     the runtime's free_struct (which would hand arena blocks to free).
 * Blocks are aligned for any object the generated code stores (pointers,
 * integers, double: asn1c's REAL is a double); each carries its size for
 * realloc. Under AddressSanitizer the space between and after blocks and
 * every block given back is poisoned, so the fuzz targets still catch an
 * overflow or a use after free inside one value.
 */
#ifndef ESV_ASN1_ARENA_H
#define ESV_ASN1_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asn_application.h"

typedef struct esv_arena esv_arena;

/* A new arena whose first chunk holds first_bytes; NULL when out of
 * memory. */
esv_arena *esv_arena_new(size_t first_bytes);
/* The next chunk the arena makes holds bytes (at least what the block
 * that needs it asks): an arena that may stay unused starts small, and
 * its first use gets the size the caller expects. */
void esv_arena_reserve(esv_arena *a, size_t bytes);
/* Frees every chunk; wipe: zero them first (values holding secrets). NULL
 * is allowed. */
void esv_arena_free(esv_arena *a, bool wipe);
/* Heap bytes the arena holds (its chunks), and whether an allocation in it
 * failed (out of memory). */
size_t esv_arena_bytes(const esv_arena *a);
/* Bytes of its chunks given to blocks (with their size headers). */
size_t esv_arena_used(const esv_arena *a);
bool esv_arena_failed(const esv_arena *a);

/* Makes a the current arena of this thread (NULL: none) and returns the
 * one that was current, for esv_arena_leave. */
esv_arena *esv_arena_enter(esv_arena *a);
void esv_arena_leave(esv_arena *previous);

/* Allocation in a, as the renamed runtime calls see it (tests). */
void *esv_arena_alloc(esv_arena *a, size_t n);

/* A position in an arena, to give back everything allocated after it. */
typedef struct esv_arena_pos {
    void *chunk;
    size_t chunk_used, used, held;
} esv_arena_pos;
void esv_arena_mark(const esv_arena *a, esv_arena_pos *m);
/* Frees every block allocated since m (zeroing them first); values decoded
 * since then are gone. */
void esv_arena_rewind(esv_arena *a, const esv_arena_pos *m);

/*
 * Decodes one value of type td from der[0..len) into a, with the decoder's
 * stack bounded by max_stack. Returns 0 and the value in *out; -1 when the
 * bytes do not decode or leave bytes over (*fail_off: the decoder's
 * consumed count, when not NULL); -2 when memory ran out. On failure the
 * arena is as it was. The value lives until the arena is freed or rewound
 * to a mark taken before the decode: esv_arena_used before and after gives
 * what it takes.
 */
int esv_arena_decode_in(esv_arena *a, const asn_TYPE_descriptor_t *td, const uint8_t *der,
                        size_t len, size_t max_stack, void **out, size_t *fail_off);
/*
 * The same into a new arena of the value's own (first chunk sized from
 * len): free the value with esv_arena_value_free, nothing else.
 */
int esv_arena_decode(const asn_TYPE_descriptor_t *td, const uint8_t *der, size_t len,
                     size_t max_stack, void **out, size_t *fail_off);
/* The heap bytes behind a value of esv_arena_decode. */
size_t esv_arena_value_bytes(const void *value);
/* Frees such a value (and zeroes its memory first when wipe); NULL is
 * allowed. */
void esv_arena_value_free(void *value, bool wipe);

#endif
