/*
 * test_wipe.c - decoded secrets are wiped before they are freed (issue 9,
 * item 9): esv_saip_wipe_secrets, which esv_saip_free calls first, zeroes
 * every byte string of the elements that carry PINs, PUKs, ADM values, K,
 * OPc and SD keys, and leaves the others alone. The elements are decoded
 * from a built package, exactly as the verifier decodes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "asn1/saip.h"
#include "profile_builder.h"

static int all_zero(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

static void test_secrets_wiped(void **state)
{
    pb_options o;
    ProfileElement_t **built = NULL;
    size_t count = 0, i, seen = 0;
    (void)state;
    pb_options_sample(&o);
    assert_int_equal(pb_build_elements(&o, &built, &count), 0);
    for (i = 0; i < count; i++) {
        uint8_t *der = NULL;
        size_t len = 0;
        ProfileElement_t *pe = NULL;
        assert_int_equal(esv_saip_encode(built[i], &der, &len), 0);
        assert_int_equal(esv_saip_decode(der, len, &pe, NULL), 0);
        free(der);
        switch (pe->present) {
        case ProfileElement_PR_akaParameter: {
            AlgoParameter_t *ap =
                &pe->choice.akaParameter.algoConfiguration.choice.algoParameter;
            assert_false(all_zero(ap->key.buf, (size_t)ap->key.size));
            assert_false(all_zero(ap->opc.buf, (size_t)ap->opc.size));
            esv_saip_wipe_secrets(pe);
            assert_int_equal(ap->key.size, 16);
            assert_true(all_zero(ap->key.buf, (size_t)ap->key.size));
            assert_true(all_zero(ap->opc.buf, (size_t)ap->opc.size));
            seen |= 1;
            break;
        }
        case ProfileElement_PR_pinCodes: {
            const PINConfiguration_t *pin =
                pe->choice.pinCodes.pinCodes.choice.pinconfig.list.array[1]; /* ADM1 */
            assert_false(all_zero(pin->pinValue.buf, (size_t)pin->pinValue.size));
            esv_saip_wipe_secrets(pe);
            assert_true(all_zero(pin->pinValue.buf, (size_t)pin->pinValue.size));
            seen |= 2;
            break;
        }
        case ProfileElement_PR_pukCodes: {
            const PUKConfiguration_t *puk = pe->choice.pukCodes.pukCodes.list.array[0];
            assert_false(all_zero(puk->pukValue.buf, (size_t)puk->pukValue.size));
            esv_saip_wipe_secrets(pe);
            assert_true(all_zero(puk->pukValue.buf, (size_t)puk->pukValue.size));
            seen |= 4;
            break;
        }
        case ProfileElement_PR_securityDomain: {
            const KeyObject_t *key = pe->choice.securityDomain.keyList->list.array[0];
            const OCTET_STRING_t *kd = &key->keyCompontents.list.array[0]->keyData;
            assert_false(all_zero(kd->buf, (size_t)kd->size));
            esv_saip_wipe_secrets(pe);
            assert_true(all_zero(kd->buf, (size_t)kd->size));
            seen |= 8;
            break;
        }
        case ProfileElement_PR_header: {
            /* not a secret: left as it is */
            uint8_t iccid[10];
            memcpy(iccid, pe->choice.header.iccid.buf, 10);
            esv_saip_wipe_secrets(pe);
            assert_memory_equal(pe->choice.header.iccid.buf, iccid, 10);
            seen |= 16;
            break;
        }
        default:
            break;
        }
        esv_saip_free(pe);
    }
    assert_int_equal(seen, 31); /* every kind was met */
    pb_free_elements(built, count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secrets_wiped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
