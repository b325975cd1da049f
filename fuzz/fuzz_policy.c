/*
 * fuzz_policy.c - the policy file parser (policy files travel between labs
 * and pipelines, so they are input too).
 * Target functions: esv_policy_parse, esv_policy_set_text.
 * Checks beyond "no crash": a failed parse leaves the policy unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esv/esv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    esv_policy *p = NULL, *before = NULL;
    esv_policy_error err;
    char *text;

    if (esv_policy_new(ESV_POLICY_PRODUCTION, &p) != ESV_OK)
        return 0;
    if (esv_policy_set(p, "DER-003", ESV_SEV_WARNING) != ESV_OK ||
        esv_policy_copy(p, &before) != ESV_OK) {
        esv_policy_free(p);
        return 0;
    }
    if (esv_policy_parse(p, (const char *)data, size, &err) != ESV_OK) {
        for (size_t i = 0; i < esv_rule_count(); i++)
            if (esv_policy_severity(p, esv_rule_at(i)) !=
                esv_policy_severity(before, esv_rule_at(i)))
                abort();
        if (strlen(err.message) == 0 || err.line == 0)
            abort();
    }
    text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
        esv_status st = esv_policy_set_text(p, text);
        if (st != ESV_OK && st != ESV_E_PARSE && st != ESV_E_NOTFOUND)
            abort();
        free(text);
    }
    esv_policy_free(before);
    esv_policy_free(p);
    return 0;
}
