/*
 * sink.h - how every check (profile, pki, and the message checks to come)
 * adds findings: one macro that adds a finding at a location and returns
 * on failure, one that propagates a status. Each area supplies only its
 * location (an element and field path, a certificate and offset) through
 * a thin wrapper.
 */
#ifndef ESV_CHECK_SINK_H
#define ESV_CHECK_SINK_H

#include "../report/report_internal.h"

/* Adds a finding of rule (an esv_rule_idx) at *locp with a printf-style
 * message; returns the status from the enclosing function on failure
 * (ESV_E_NOMEM). */
#define ESV_FIND(r, rule, locp, ...)                                           \
    do {                                                                       \
        esv_status st_ = esv_report_add((r), (rule), (locp), __VA_ARGS__);    \
        if (st_ != ESV_OK)                                                     \
            return st_;                                                        \
    } while (0)

/* Returns a non-OK status from the enclosing function. */
#define ESV_GUARD(call)                                                        \
    do {                                                                       \
        esv_status st_ = (call);                                               \
        if (st_ != ESV_OK)                                                     \
            return st_;                                                        \
    } while (0)

#endif
