/*
 * esv/rules.h - the rule catalogue.
 *
 * Every finding esv reports names a rule: a stable id "AREA-NNN" (DER-,
 * PROF-, PKI-, RSP-), a default severity under each base policy, a title
 * and the clause of the specification it enforces. The catalogue is
 * compiled into the library as constant data; these functions only read it
 * and are safe from any thread.
 */
#ifndef ESV_RULES_H
#define ESV_RULES_H

#include "esv/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esv_rule esv_rule;

/* The base policies. Each rule has a default severity under each. */
typedef enum esv_policy_base {
    ESV_POLICY_PRODUCTION = 0, /* profiles and PKI meant for real eUICCs */
    ESV_POLICY_TEST = 1        /* test profiles and test PKI, for labs */
} esv_policy_base;

/* Number of rules in the catalogue. */
ESV_API size_t esv_rule_count(void);

/* The rule at index i (0 <= i < esv_rule_count()), in catalogue order;
 * NULL when i is out of range. */
ESV_API const esv_rule *esv_rule_at(size_t i);

/* The rule with this id ("PROF-001"; exact, case-sensitive), or NULL. */
ESV_API const esv_rule *esv_rule_find(const char *id);

ESV_API const char *esv_rule_id(const esv_rule *rule);
ESV_API const char *esv_rule_title(const esv_rule *rule);
ESV_API const char *esv_rule_reference(const esv_rule *rule);
ESV_API esv_severity esv_rule_default_severity(const esv_rule *rule,
                                               esv_policy_base base);

/* The SGP.22 status code an SM-DP+ answers with when a message it received
 * fails this rule (functionExecutionStatus: subject code and reason code,
 * e.g. "8.10.1" and "3.9", TransactionId - Unknown). Returns 1 and sets
 * *subject and *reason (static strings; either pointer may be NULL), or 0
 * and NULLs for a rule without one. */
ESV_API int esv_rule_status_code(const esv_rule *rule, const char **subject,
                                 const char **reason);

#ifdef __cplusplus
}
#endif
#endif
