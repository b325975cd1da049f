/*
 * crl.h - certificate revocation lists (RFC 5280 5.1) as the trust keeps
 * them, and the trust's internals shared by trust.c and verify.c.
 */
#ifndef ESV_PKI_CRL_H
#define ESV_PKI_CRL_H

#include <pthread.h>
#include <stdatomic.h>

#include "pki.h"

/* The certificates of its issuer a CRL speaks for (RFC 5280 5.2.5). */
typedef enum pki_crl_scope {
    PKI_CRL_ALL = 0, /* every certificate (no issuingDistributionPoint) */
    PKI_CRL_USER,    /* onlyContainsUserCerts: those that are not CAs */
    PKI_CRL_CA       /* onlyContainsCACerts: CAs (basicConstraints cA TRUE) */
} pki_crl_scope;

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
    /* NULL: a complete CRL of its issuer (RFC 5280 6.3.3), applied to the
     * certificates in `scope`. Otherwise why esv does not apply it (a
     * delta, partitioned or indirect CRL, an extension esv does not
     * process marked critical...): static text, PKI-063. */
    const char *not_applied;
    pki_crl_scope scope;
    /* Signature verdict against a trusted CI, computed once:
     * 0 unknown, 1 verified, 2 failed. */
    atomic_int verdict;
} pki_crl;

/* Parses der[0..len) (already through the strict DER walk). 0, or -1 when
 * it is not a CertificateList esv can read (the trust refuses it). A CRL
 * that parses may still be one esv does not apply: see not_applied. */
int pki_crl_parse(pki_crl *crl, uint8_t *der, size_t len);

/* Is the serial (INTEGER contents) listed? */
bool pki_crl_lists(const pki_crl *crl, const pki_span *serial);

/* Is c within the CRL's scope (its issuingDistributionPoint)? */
bool pki_crl_covers(const pki_crl *crl, const pki_cert *c);

/* mbedTLS's CRL parser must accept the CRL too (as pki_x509_gate for
 * certificates). ESV_OK when it does, or when it refuses only over the
 * CRL's extensions (mbedTLS 2.28 refuses every critical crlExtension: esv
 * classifies them itself, above); ESV_E_NOMEM when mbedTLS ran out of
 * memory; ESV_E_PARSE for any other refusal. */
esv_status pki_x509_crl_gate(const uint8_t *der, size_t len);

/* A CI held by the trust. */
typedef struct pki_anchor {
    uint8_t *der; /* owned */
    size_t len;
    pki_cert c;
    esv_crypto_rc selfsig; /* its self-signature, checked when added */
    esv_pubkey *key;       /* its key, made when added (NULL: invalid, or
                            * out of memory); owned, only read after */
    uint8_t hash[ESV_SHA256_LEN];
} pki_anchor;

/* A cache that esv_trust_set_cache replaced: a verification on another
 * thread may still hold it, and nothing says when it lets go, so it is
 * kept until esv_trust_free. */
typedef struct pki_retired {
    pki_cache *cache;
    struct pki_retired *next;
} pki_retired;

struct esv_trust {
    pki_anchor *cis;
    size_t n_ci, cap_ci;
    pki_crl *crls;
    size_t n_crl, cap_crl;
    /* The current cache (NULL: off). esv_trust_set_cache swaps it while
     * other threads verify: read it through pki_trust_cache, once per use,
     * and use what was read throughout. */
    _Atomic(pki_cache *) cache;
    pthread_mutex_t cache_lock; /* serialises esv_trust_set_cache */
    pki_retired *retired;       /* under cache_lock */
};

/* The trust's current cache (NULL: off); stays valid until esv_trust_free
 * even if esv_trust_set_cache replaces it meanwhile. */
pki_cache *pki_trust_cache(const esv_trust *t);

#endif
