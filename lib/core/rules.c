/*
 * rules.c - the compiled rule catalogue (constant data, no state).
 */
#include "rules_internal.h"

#include <string.h>

#define OFF ESV_SEV_OFF
#define INFO ESV_SEV_INFO
#define WARNING ESV_SEV_WARNING
#define ERROR ESV_SEV_ERROR

static const struct esv_rule catalogue[ESV_R__COUNT] = {
#define RULE(sym, id, prod, test, title, ref) {id, title, ref, {prod, test}},
#include "../rules.def"
#undef RULE
};

/* SGP.22 status codes, for the rules that have one. */
static const struct {
    esv_rule_idx rule;
    const char *subject, *reason;
} status_codes[] = {
#define STATUS(sym, subject, reason) {ESV_R_##sym, subject, reason},
#include "../rules/rsp_status.def"
#undef STATUS
};

int esv_rule_status_code(const esv_rule *rule, const char **subject, const char **reason)
{
    size_t i;
    if (subject)
        *subject = NULL;
    if (reason)
        *reason = NULL;
    if (rule == NULL)
        return 0;
    for (i = 0; i < sizeof(status_codes) / sizeof(status_codes[0]); i++)
        if (&catalogue[status_codes[i].rule] == rule) {
            if (subject)
                *subject = status_codes[i].subject;
            if (reason)
                *reason = status_codes[i].reason;
            return 1;
        }
    return 0;
}

const esv_rule *esv_rule_by_idx(esv_rule_idx idx)
{
    return &catalogue[idx];
}

esv_rule_idx esv_rule_idx_of(const esv_rule *rule)
{
    return (esv_rule_idx)(rule - catalogue);
}

size_t esv_rule_count(void)
{
    return ESV_R__COUNT;
}

const esv_rule *esv_rule_at(size_t i)
{
    return i < ESV_R__COUNT ? &catalogue[i] : NULL;
}

const esv_rule *esv_rule_find(const char *id)
{
    size_t i;
    if (id == NULL)
        return NULL;
    for (i = 0; i < ESV_R__COUNT; i++)
        if (strcmp(catalogue[i].id, id) == 0)
            return &catalogue[i];
    return NULL;
}

const char *esv_rule_id(const esv_rule *rule) { return rule ? rule->id : NULL; }
const char *esv_rule_title(const esv_rule *rule) { return rule ? rule->title : NULL; }
const char *esv_rule_reference(const esv_rule *rule) { return rule ? rule->reference : NULL; }

esv_severity esv_rule_default_severity(const esv_rule *rule, esv_policy_base base)
{
    if (rule == NULL || (base != ESV_POLICY_PRODUCTION && base != ESV_POLICY_TEST))
        return ESV_SEV_OFF;
    return rule->severity[base];
}
