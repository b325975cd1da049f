/*
 * esv/policy.h - which rules apply, and how severely.
 *
 * A policy starts from a base (production, the default, or test) that
 * gives every rule its default severity, and may override single rules:
 * switch one off, or change its severity. Policies are plain values: build
 * one, hand it to a context (which copies it), free it.
 *
 * The policy file format, one setting per line:
 *
 *     # comment (also after a setting)
 *     base = production          # or test; resets earlier overrides
 *     PROF-012 = off             # off | info | warning | error
 *     PKI-003 = warning
 *
 * Blank lines and surrounding spaces are ignored. An unknown rule id, an
 * unknown severity or base, or any other line is an error naming the line:
 * a policy that silently ignored a typo would let a rule fire nowhere.
 */
#ifndef ESV_POLICY_H
#define ESV_POLICY_H

#include "esv/common.h"
#include "esv/rules.h"
#include "esv/report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esv_policy esv_policy;

/* Creates a policy with the given base and no overrides.
 * Returns ESV_OK, ESV_E_ARG (out NULL or bad base) or ESV_E_NOMEM. */
ESV_API ESV_WUR esv_status esv_policy_new(esv_policy_base base, esv_policy **out);

/* Frees a policy; NULL is allowed. */
ESV_API void esv_policy_free(esv_policy *policy);

/* A new policy equal to src. ESV_OK, ESV_E_ARG, ESV_E_NOMEM. */
ESV_API ESV_WUR esv_status esv_policy_copy(const esv_policy *src, esv_policy **out);

/* Overrides one rule's severity (ESV_SEV_OFF disables it).
 * Returns ESV_OK, ESV_E_ARG (NULL, bad severity) or ESV_E_NOTFOUND (no
 * such rule id). */
ESV_API ESV_WUR esv_status esv_policy_set(esv_policy *policy, const char *rule_id,
                                          esv_severity severity);

/* Applies a setting written as "ID=SEVERITY" (the command line's form).
 * Same returns as esv_policy_set, plus ESV_E_PARSE for a malformed text. */
ESV_API ESV_WUR esv_status esv_policy_set_text(esv_policy *policy, const char *setting);

/* Where a policy text failed to parse. */
typedef struct esv_policy_error {
    size_t line;        /* 1-based line number, 0 when not line-related */
    char message[160];  /* NUL-terminated English description */
} esv_policy_error;

/* Applies the policy text (the format above; need not be NUL-terminated)
 * on top of the policy. On any error the policy is left unchanged and err
 * (if not NULL) says where. Returns ESV_OK, ESV_E_ARG, ESV_E_NOMEM or
 * ESV_E_PARSE. */
ESV_API ESV_WUR esv_status esv_policy_parse(esv_policy *policy, const char *text,
                                            size_t len, esv_policy_error *err);

/* The base the policy currently has. */
ESV_API esv_policy_base esv_policy_get_base(const esv_policy *policy);

/* "production" or "test". */
ESV_API const char *esv_policy_base_name(esv_policy_base base);

/* The severity the rule has under this policy (base default or override).
 * ESV_SEV_OFF for a NULL argument. */
ESV_API esv_severity esv_policy_severity(const esv_policy *policy,
                                         const esv_rule *rule);

/*
 * Writes the rule catalogue with each rule's severity under policy (NULL:
 * production defaults) through write: ESV_FORMAT_JSON, one array
 * [{id, severity, title, reference, defaults: {production, test}}] and a
 * newline; ESV_FORMAT_TEXT, two lines per rule (id, severity, title; the
 * reference in brackets). Returns ESV_OK, ESV_E_ARG (write NULL or another
 * format), ESV_E_NOMEM or ESV_E_IO.
 */
ESV_API ESV_WUR esv_status esv_rules_write(const esv_policy *policy, esv_format format,
                                           esv_write_fn write, void *opaque);

#ifdef __cplusplus
}
#endif
#endif
