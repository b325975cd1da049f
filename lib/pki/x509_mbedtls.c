/*
 * x509_mbedtls.c - the second parser: mbedTLS's X.509 reader must accept
 * every certificate esv accepts (PKI-002). Two independent parsers agreeing
 * is the point; esv's own model (cert.c) is what the rules read.
 *
 * Debian's mbedTLS 2.28 rejects a certificate with an extension it does
 * not handle marked critical, and the GSMA certificates carry critical
 * certificatePolicies with RSP OIDs, critical nameConstraints and (v3)
 * permittedEins. The callback tells mbedTLS that esv handles every
 * extension it does not: unknown critical extensions are reported by esv
 * itself (PKI-015). mbedTLS does not enforce name constraints; esv applies
 * the GSMA EID prefix rule (chain.c).
 *
 * CRLs go through mbedTLS's CRL parser the same way, except that 2.28 has
 * no extension callback for CRLs: it refuses any critical crlExtension
 * (an issuingDistributionPoint, which RFC 5280 5.2.5 makes critical,
 * included) and does not look at entry extensions. A refusal over the
 * extensions alone is left to esv's own classification (crl.c); any other
 * refusal refuses the CRL.
 */
#include <mbedtls/error.h>
#include <mbedtls/x509_crl.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>

#include "crl.h"

static int ext_cb(void *ctx, mbedtls_x509_crt const *crt, mbedtls_x509_buf const *oid,
                  int critical, const unsigned char *p, const unsigned char *end)
{
    (void)ctx;
    (void)crt;
    (void)oid;
    (void)critical;
    (void)p;
    (void)end;
    return 0;
}

int pki_x509_gate(const uint8_t *der, size_t len, char *msg, size_t cap)
{
    mbedtls_x509_crt crt;
    int rc;
    mbedtls_x509_crt_init(&crt);
    /* make_copy = 0: mbedTLS reads the caller's buffer in place. */
    rc = mbedtls_x509_crt_parse_der_with_ext_cb(&crt, der, len, 0, ext_cb, NULL);
    mbedtls_x509_crt_free(&crt);
    if (rc != 0 && msg != NULL && cap > 0) {
        char text[96];
        mbedtls_strerror(rc, text, sizeof(text));
        snprintf(msg, cap, "-0x%04X %s", (unsigned)-rc, text);
    }
    return rc;
}

esv_status pki_x509_crl_gate(const uint8_t *der, size_t len)
{
    mbedtls_x509_crl crl;
    int rc, high;
    mbedtls_x509_crl_init(&crl);
    rc = mbedtls_x509_crl_parse_der(&crl, der, len);
    mbedtls_x509_crl_free(&crl);
    if (rc == 0)
        return ESV_OK;
    /* An mbedTLS code is -(high-level part + low-level part); the X.509
     * part is bits 7..14, the ASN.1 part bits 0..6. */
    high = (-rc) & 0x7F80;
    if (high == -MBEDTLS_ERR_X509_ALLOC_FAILED || ((-rc) & 0x7F) == -MBEDTLS_ERR_ASN1_ALLOC_FAILED)
        return ESV_E_NOMEM;
    /* INVALID_EXTENSIONS is a refusal while reading crlExtensions, which
     * mbedTLS reads after every other field of the TBSCertList; what it
     * then skips (signature algorithm equality, the signature's form) esv
     * checks itself (crl.c). */
    if (high == -MBEDTLS_ERR_X509_INVALID_EXTENSIONS)
        return ESV_OK;
    return ESV_E_PARSE;
}
