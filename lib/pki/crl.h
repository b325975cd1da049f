/*
 * crl.h - certificate revocation lists (RFC 5280 5.1) as the trust keeps
 * them, and the trust's internals shared by trust.c and verify.c.
 */
#ifndef ESV_PKI_CRL_H
#define ESV_PKI_CRL_H

#include <stdatomic.h>

#include "pki.h"

typedef struct pki_crl {
    uint8_t *der; /* owned */
    size_t len;
    pki_span tbs, sigalg, sig;
    pki_name issuer;
    der_time this_t, next_t;
    int64_t this_update, next_update; /* next_update: INT64_MAX when absent */
    bool has_next;
    pki_span aki;     /* len 0: absent */
    pki_span revoked; /* contents of revokedCertificates (len 0: none) */
    /* Signature verdict against a trusted CI, computed once:
     * 0 unknown, 1 verified, 2 failed. */
    atomic_int verdict;
} pki_crl;

/* Parses der[0..len) (already through the strict DER walk). 0 or -1. */
int pki_crl_parse(pki_crl *crl, uint8_t *der, size_t len);

/* Is the serial (INTEGER contents) listed? */
bool pki_crl_lists(const pki_crl *crl, const pki_span *serial);

/* A CI held by the trust. */
typedef struct pki_anchor {
    uint8_t *der; /* owned */
    size_t len;
    pki_cert c;
    esv_crypto_rc selfsig; /* its self-signature, checked when added */
    uint8_t hash[ESV_SHA256_LEN];
} pki_anchor;

struct esv_trust {
    pki_anchor *cis;
    size_t n_ci, cap_ci;
    pki_crl *crls;
    size_t n_crl, cap_crl;
    pki_cache *cache;
};

#endif
