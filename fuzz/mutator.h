/*
 * mutator.h - a structure-aware libFuzzer mutator for DER inputs.
 *
 * fuzz/mutator.c reads an input as a DER tree (one or more top-level
 * TLVs, as a profile package is), changes the tree in one way (fm_kind),
 * and writes it back with every length above the change recomputed, so a
 * mutation reaches the code behind the strict DER reader instead of
 * being rejected by it. An input that is not DER, or that exceeds the
 * bounds below, goes to libFuzzer's own LLVMFuzzerMutate.
 *
 * The parser is the mutator's own and deliberately small: definite
 * lengths in the minimal form, minimal high tag numbers, every value
 * inside its parent, nothing trailing (X.690 DER framing); it does not
 * check contents. A primitive OCTET STRING whose contents are themselves
 * one or more TLVs (an X.509 extnValue, a BPP segment) is read as a node
 * with children, and written back as a primitive OCTET STRING.
 *
 * Deterministic: the same input, size bound and seed give the same
 * output. No global state but the buffer the entry points keep between
 * calls (libFuzzer calls them from one thread).
 *
 * Important caveats:
 *  - FM_LENGTH makes the one length it changes wrong on purpose (that is
 *    its job); every other kind writes well-formed DER framing.
 *  - contents are not kept valid: FM_INTERESTING writes a non-minimal
 *    INTEGER or a bad time on purpose.
 */
#ifndef ESV_FUZZ_MUTATOR_H
#define ESV_FUZZ_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

#define FM_MAX_NODES 2048   /* TLVs a parsed input may hold */
#define FM_NODE_CAP 4096    /* room for the copies mutations make */
#define FM_MAX_DEPTH 24     /* nesting a parsed input may have */
#define FM_ARENA 16384      /* bytes for contents the mutations write */
#define FM_ID_MAX 6         /* identifier octets: tag numbers up to 2^28 */

/* The ways a tree is changed. */
typedef enum fm_kind {
    FM_TAG,         /* another tag for one TLV, same form (primitive or constructed) */
    FM_LENGTH,      /* one TLV's length written 1 more or 1 less than its contents */
    FM_OID_ARC,     /* one arc of an OBJECT IDENTIFIER changed, added or removed */
    FM_SWAP,        /* two siblings exchanged */
    FM_DUPLICATE,   /* a subtree repeated right after itself */
    FM_TRUNCATE,    /* a primitive's contents cut, or a constructed's last children dropped */
    FM_DELETE,      /* a subtree removed */
    FM_INTERESTING, /* a primitive's contents replaced by a value chosen by its tag */
    FM_CONTENT,     /* a primitive's contents mutated by LLVMFuzzerMutate */
    FM_SPLICE,      /* a subtree replaced by one of another input (cross-over) */
    FM_KIND_COUNT,
    FM_ANY = FM_KIND_COUNT
} fm_kind;

typedef struct fm_node {
    int32_t first;        /* first child, -1 when none */
    int32_t next;         /* next sibling, -1 when none */
    const uint8_t *val;   /* a leaf's contents (the input, the arena or a constant) */
    size_t len;           /* a leaf's contents length */
    size_t clen;          /* contents size (set by fm_encoded_size) */
    size_t enc;           /* encoded size (set by fm_encoded_size) */
    int len_skew;         /* added to the length written (FM_LENGTH) */
    uint8_t id[FM_ID_MAX];
    uint8_t id_len;
    uint8_t leaf;         /* 1: contents are val/len; 0: contents are the children */
} fm_node;

/* Node 0 is the root: not encoded, its children are the top-level TLVs. */
typedef struct fm_tree {
    fm_node node[FM_NODE_CAP];
    size_t n;
    uint8_t arena[FM_ARENA];
    size_t arena_used;
} fm_tree;

typedef struct fm_rng {
    uint64_t s;
} fm_rng;

void fm_rng_seed(fm_rng *r, uint64_t seed);
uint64_t fm_rng_next(fm_rng *r);

/* Reads buf as one or more DER TLVs into t. Returns 0, or -1 when buf is
 * empty, is not DER framing, or exceeds FM_MAX_NODES / FM_MAX_DEPTH. The
 * tree points into buf: keep buf until the tree is encoded. */
int fm_parse(fm_tree *t, const uint8_t *buf, size_t len);

/* The size fm_encode will write (also sets every node's enc). */
size_t fm_encoded_size(fm_tree *t);

/* Writes the tree into out (cap bytes). Returns the size written, or 0
 * when it does not fit. */
size_t fm_encode(fm_tree *t, uint8_t *out, size_t cap);

/* Applies one mutation of the given kind (FM_SPLICE takes its subtree
 * from other, which may be t itself). Returns 0, or -1 when the kind
 * cannot apply to this tree or the tree is full. */
int fm_mutate(fm_tree *t, fm_kind kind, fm_rng *rng, const fm_tree *other);

/* One mutation of data[0..size) in place, at most max_size bytes out, as
 * LLVMFuzzerCustomMutator does with kind FM_ANY; a given kind forces that
 * kind (for tests). Returns the new size. Falls back to LLVMFuzzerMutate
 * when data is not DER or no mutation fits in max_size. */
size_t fm_mutate_input(fm_tree *t, uint8_t *data, size_t size, size_t max_size, unsigned int seed,
                       fm_kind kind);

/* The framing of fuzz_chain: parts, each a 2-byte big-endian length and
 * that many bytes (a short last part takes what is left), at most
 * FM_MAX_PARTS of them. fm_mutate_framed mutates one part that is DER as
 * fm_mutate_input does and rewrites its length, leaving the other parts as
 * they were; no part DER: LLVMFuzzerMutate on the whole input. */
#define FM_MAX_PARTS 10
size_t fm_mutate_framed(fm_tree *t, uint8_t *data, size_t size, size_t max_size, unsigned int seed,
                        fm_kind kind);

/* Cross-over of two inputs into out: a subtree of the first replaced by
 * one of the second. Returns the size, 0 when either is not DER or the
 * result does not fit. */
size_t fm_cross_over(fm_tree *a, fm_tree *b, const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
                     uint8_t *out, size_t max_out, unsigned int seed);

/* libFuzzer's: mutates data in place with its built-in mutators. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

#endif
