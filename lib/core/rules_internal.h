/*
 * rules_internal.h - the catalogue as the checks see it: an enum with one
 * value per rule, generated from rules.def, so a check names its rule at
 * compile time and a typo is a build error.
 */
#ifndef ESV_RULES_INTERNAL_H
#define ESV_RULES_INTERNAL_H

#include "esv/rules.h"

typedef enum esv_rule_idx {
#define RULE(sym, id, prod, test, title, ref) ESV_R_##sym,
#include "../rules.def"
#undef RULE
    ESV_R__COUNT
} esv_rule_idx;

struct esv_rule {
    const char *id;
    const char *title;
    const char *reference;
    esv_severity severity[2]; /* by esv_policy_base */
};

/* The catalogue entry for a rule index (never NULL for a valid index). */
const esv_rule *esv_rule_by_idx(esv_rule_idx idx);
/* Index of a catalogue entry. */
esv_rule_idx esv_rule_idx_of(const esv_rule *rule);

#endif
