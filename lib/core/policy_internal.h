#ifndef ESV_POLICY_INTERNAL_H
#define ESV_POLICY_INTERNAL_H

#include "esv/policy.h"
#include "rules_internal.h"

#define ESV_POLICY_NO_OVERRIDE 0xffu

struct esv_policy {
    esv_policy_base base;
    uint8_t override[ESV_R__COUNT]; /* esv_severity or ESV_POLICY_NO_OVERRIDE */
};

/* Severity of a rule by index; the hot path of every finding. */
static inline esv_severity esv_policy_severity_idx(const esv_policy *p, esv_rule_idx idx)
{
    uint8_t o = p->override[idx];
    return o != ESV_POLICY_NO_OVERRIDE ? (esv_severity)o
                                       : esv_rule_by_idx(idx)->severity[p->base];
}

#endif
