/*
 * fuzz_verdict.c - signed verdicts (COSE_Sign1, esv/verdict.h): what
 * `esv verdict verify` reads from a file, item after item.
 * Target functions: esv_verdict_verify and the esv_signed_verdict
 * accessors.
 * Checks beyond "no crash": every item takes at least one byte and no
 * more than is left; an item that is not valid hands out no payload, no
 * field and no count; a valid one's payload lies inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esv/esv.h"

/* The public half of a P-256 key made once for these seeds (its private
 * half was not kept): the seed fuzz/corpus/fuzz_verdict/valid-ram.cose
 * verifies with it, so the fuzzer starts from a valid signature. */
static const char pub_pem[] = "-----BEGIN PUBLIC KEY-----\n"
                              "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBQlpn2dv+04zUn3lKyqF1FWWxyBM\n"
                              "pYsqQDU/58dhCbSZJp3uJ9FrflRiNIFZK9JxtvX9PMzqJdLCq1ISI1q/DQ==\n"
                              "-----END PUBLIC KEY-----\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    esv_verifier *key = NULL;
    size_t off = 0;
    if (esv_verifier_new((const uint8_t *)pub_pem, sizeof(pub_pem) - 1, &key) != ESV_OK)
        abort();
    while (off < size) {
        esv_signed_verdict *v = NULL;
        size_t used = 0, plen = 0;
        const uint8_t *payload;
        esv_status st = esv_verdict_verify(key, data + off, size - off, &used, &v);
        if (st == ESV_E_NOMEM)
            break;
        if (st != ESV_OK || v == NULL || used == 0 || used > size - off)
            abort();
        payload = esv_signed_verdict_payload(v, &plen);
        if (esv_signed_verdict_check(v) == ESV_SIGNATURE_VALID) {
            if (payload == NULL || plen == 0 || esv_signed_verdict_field(v, "nonsense") != NULL)
                abort();
        } else if (payload != NULL || plen != 0 || esv_signed_verdict_field(v, "kind") != NULL ||
                   esv_signed_verdict_count(v, ESV_SEV_ERROR) != 0 ||
                   esv_signed_verdict_verdict(v) != ESV_VERDICT_FAIL) {
            abort();
        }
        esv_signed_verdict_free(v);
        off += used;
    }
    esv_verifier_free(key);
    return 0;
}
