/*
 * test_policy.c - the rule catalogue and policies: defaults, overrides,
 * the policy file format and its errors.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "esv/esv.h"

static void test_catalogue_ids_unique_and_well_formed(void **state)
{
    size_t n = esv_rule_count(), i, j;
    (void)state;
    assert_true(n >= 20);
    for (i = 0; i < n; i++) {
        const esv_rule *r = esv_rule_at(i);
        const char *id = esv_rule_id(r);
        const char *dash = strchr(id, '-');
        assert_non_null(dash);
        /* AREA-NNN with a known area and three digits */
        assert_true(!strncmp(id, "DER-", 4) || !strncmp(id, "PROF-", 5) ||
                    !strncmp(id, "PKI-", 4) || !strncmp(id, "RSP-", 4));
        assert_int_equal(strlen(dash + 1), 3);
        assert_true(strspn(dash + 1, "0123456789") == 3);
        assert_true(strlen(esv_rule_title(r)) > 5);
        assert_true(strlen(esv_rule_reference(r)) > 3);
        assert_ptr_equal(esv_rule_find(id), r);
        for (j = i + 1; j < n; j++)
            assert_string_not_equal(id, esv_rule_id(esv_rule_at(j)));
    }
    assert_null(esv_rule_at(n));
    assert_null(esv_rule_find("DER-999"));
    assert_null(esv_rule_find(NULL));
}

static void test_defaults_and_overrides(void **state)
{
    esv_policy *p = NULL;
    const esv_rule *r = esv_rule_find("DER-003");
    (void)state;
    assert_int_equal(esv_policy_new(ESV_POLICY_PRODUCTION, &p), ESV_OK);
    assert_int_equal(esv_policy_severity(p, r), ESV_SEV_ERROR);
    assert_int_equal(esv_policy_set(p, "DER-003", ESV_SEV_WARNING), ESV_OK);
    assert_int_equal(esv_policy_severity(p, r), ESV_SEV_WARNING);
    assert_int_equal(esv_policy_set(p, "DER-003", ESV_SEV_OFF), ESV_OK);
    assert_int_equal(esv_policy_severity(p, r), ESV_SEV_OFF);
    assert_int_equal(esv_policy_set(p, "DER-1234", ESV_SEV_OFF), ESV_E_NOTFOUND);
    assert_int_equal(esv_policy_set(p, "DER-003", (esv_severity)7), ESV_E_ARG);
    assert_int_equal(esv_policy_set_text(p, "DER-003=info"), ESV_OK);
    assert_int_equal(esv_policy_severity(p, r), ESV_SEV_INFO);
    assert_int_equal(esv_policy_set_text(p, " DER-003 = Error "), ESV_OK);
    assert_int_equal(esv_policy_severity(p, r), ESV_SEV_ERROR);
    assert_int_equal(esv_policy_set_text(p, "NOPE-001=off"), ESV_E_NOTFOUND);
    assert_int_equal(esv_policy_set_text(p, "DER-003"), ESV_E_PARSE);
    assert_int_equal(esv_policy_set_text(p, "DER-003=loud"), ESV_E_PARSE);
    esv_policy_free(p);
    assert_int_equal(esv_policy_new((esv_policy_base)9, &p), ESV_E_ARG);
    assert_null(p);
}

static void test_policy_file(void **state)
{
    static const char text[] =
        "# lab policy\n"
        "base = test\n"
        "\n"
        "DER-003 = warning   # indefinite lengths tolerated here\n"
        "  DER-007=off\r\n";
    esv_policy *p = NULL;
    esv_policy_error err;
    (void)state;
    assert_int_equal(esv_policy_new(ESV_POLICY_PRODUCTION, &p), ESV_OK);
    assert_int_equal(esv_policy_parse(p, text, strlen(text), &err), ESV_OK);
    assert_int_equal(esv_policy_get_base(p), ESV_POLICY_TEST);
    assert_int_equal(esv_policy_severity(p, esv_rule_find("DER-003")), ESV_SEV_WARNING);
    assert_int_equal(esv_policy_severity(p, esv_rule_find("DER-007")), ESV_SEV_OFF);
    assert_int_equal(esv_policy_severity(p, esv_rule_find("DER-002")), ESV_SEV_ERROR);
    esv_policy_free(p);
}

/* Each bad text fails at the expected line, and leaves the policy as it was. */
static void test_policy_file_errors(void **state)
{
    static const struct {
        const char *text;
        size_t line;
        const char *needle;
    } cases[] = {
        {"DER-003 = warning\nDER-999 = off\n", 2, "unknown rule id 'DER-999'"},
        {"base = staging\n", 1, "unknown base policy"},
        {"\n\nDER-003 = loud\n", 3, "unknown severity 'loud'"},
        {"DER-003 warning\n", 1, "expected"},
        {"= warning\n", 1, "expected"},
        {"DER-003 =\n", 1, "expected"},
        {"der-003 = off\n", 1, "unknown rule id"}, /* ids are case-sensitive */
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        esv_policy *p = NULL;
        esv_policy_error err;
        assert_int_equal(esv_policy_new(ESV_POLICY_PRODUCTION, &p), ESV_OK);
        assert_int_equal(esv_policy_parse(p, cases[i].text, strlen(cases[i].text), &err),
                         ESV_E_PARSE);
        assert_int_equal(err.line, cases[i].line);
        if (strstr(err.message, cases[i].needle) == NULL)
            fail_msg("case %zu: message '%s' lacks '%s'", i, err.message, cases[i].needle);
        /* unchanged: the first line of case 0 must not have been applied */
        assert_int_equal(esv_policy_severity(p, esv_rule_find("DER-003")), ESV_SEV_ERROR);
        assert_int_equal(esv_policy_get_base(p), ESV_POLICY_PRODUCTION);
        esv_policy_free(p);
    }
}

static void test_policy_text_with_nul_and_no_newline(void **state)
{
    esv_policy *p = NULL;
    esv_policy_error err;
    static const char nul_text[] = "DER-003 = off\0\n";
    (void)state;
    assert_int_equal(esv_policy_new(ESV_POLICY_PRODUCTION, &p), ESV_OK);
    assert_int_equal(esv_policy_parse(p, "DER-003=off", 11, &err), ESV_OK);
    assert_int_equal(esv_policy_severity(p, esv_rule_find("DER-003")), ESV_SEV_OFF);
    assert_int_equal(esv_policy_parse(p, nul_text, sizeof(nul_text) - 1, &err), ESV_E_PARSE);
    /* a NUL in a comment or on an empty line is an error too: text tools
     * stop there, so it could hide a later setting from a reviewer */
    {
        static const char in_comment[] = "# reviewed\0 by nobody\nDER-004 = off\n";
        static const char alone[] = "DER-004 = off\n\0\n";
        assert_int_equal(esv_policy_parse(p, in_comment, sizeof(in_comment) - 1, &err),
                         ESV_E_PARSE);
        assert_int_equal(err.line, 1);
        assert_non_null(strstr(err.message, "NUL"));
        assert_int_equal(esv_policy_parse(p, alone, sizeof(alone) - 1, &err), ESV_E_PARSE);
        assert_int_equal(err.line, 2);
        /* nothing of the refused texts was applied */
        assert_int_equal(esv_policy_severity(p, esv_rule_find("DER-004")), ESV_SEV_ERROR);
    }
    assert_int_equal(esv_policy_parse(p, NULL, 0, &err), ESV_OK);
    assert_int_equal(esv_policy_parse(NULL, "x", 1, &err), ESV_E_ARG);
    esv_policy_free(p);
}

static void test_severity_names(void **state)
{
    esv_severity s;
    (void)state;
    assert_int_equal(esv_severity_parse("WARNING", &s), ESV_OK);
    assert_int_equal(s, ESV_SEV_WARNING);
    assert_int_equal(esv_severity_parse("fatal", &s), ESV_E_PARSE);
    assert_string_equal(esv_severity_str(ESV_SEV_INFO), "info");
    assert_string_equal(esv_status_str(ESV_E_LIMIT), "limit reached");
    assert_string_equal(esv_version(), ESV_VERSION_STRING);
}

static void test_context_limits(void **state)
{
    esv_ctx *ctx = NULL;
    int set = -1;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_limit(ctx, ESV_LIMIT_DEPTH), 64);
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_DEPTH, 256), ESV_OK);
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_DEPTH, 257), ESV_E_ARG);
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_INPUT_BYTES, 0), ESV_E_ARG);
    assert_int_equal(esv_ctx_set_limit(ctx, (esv_limit)42, 1), ESV_E_ARG);
    assert_int_equal(esv_ctx_limit(ctx, ESV_LIMIT_DEPTH), 256);
    assert_int_equal(esv_ctx_time(ctx, &set), 0);
    assert_int_equal(set, 0);
    assert_int_equal(esv_ctx_set_time(ctx, 1767225600), ESV_OK);
    assert_int_equal(esv_ctx_time(ctx, &set), 1767225600);
    assert_int_equal(set, 1);
    esv_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_ids_unique_and_well_formed),
        cmocka_unit_test(test_defaults_and_overrides),
        cmocka_unit_test(test_policy_file),
        cmocka_unit_test(test_policy_file_errors),
        cmocka_unit_test(test_policy_text_with_nul_and_no_newline),
        cmocka_unit_test(test_severity_names),
        cmocka_unit_test(test_context_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
