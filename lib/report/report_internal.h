/*
 * report_internal.h - how checks add findings to a report.
 */
#ifndef ESV_REPORT_INTERNAL_H
#define ESV_REPORT_INTERNAL_H

#include "esv/report.h"
#include "esv/context.h"
#include "../core/rules_internal.h"

/* Where a finding is. -1 / NULL for "not known". */
typedef struct esv_loc {
    long element;
    long cert;
    int64_t offset;
    const char *path; /* copied into the report */
} esv_loc;

#define ESV_LOC_NONE ((esv_loc){-1, -1, -1, NULL})
#define ESV_LOC_AT(off) ((esv_loc){-1, -1, (int64_t)(off), NULL})

struct esv_finding {
    const esv_rule *rule;
    esv_severity severity;
    char *message;
    char *path;
    long element;
    long cert;
    int64_t offset;
};

struct esv_report {
    const char *kind;          /* static string */
    const esv_policy *policy;  /* the context's, valid during verification only */
    esv_policy_base base;
    esv_status status;
    int64_t time;              /* the context's verification time ... */
    int time_set;              /* ... when it was set (the verdict is for it) */
    int has_error;             /* an error finding was added (kept or not) */
    size_t cap;                /* findings kept at most */
    size_t count, alloc, dropped;
    struct esv_finding *findings;
};

/* A new, empty report for ctx (kind is a static string). NULL on ENOMEM. */
esv_report *esv_report_create(const esv_ctx *ctx, const char *kind);

/*
 * Adds a finding of the rule at loc, with a printf-style message, at the
 * severity the policy gives the rule (nothing when it is off). Returns
 * ESV_OK or ESV_E_NOMEM (the report is then unusable: free it).
 */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5), warn_unused_result))
#endif
esv_status esv_report_add(esv_report *r, esv_rule_idx rule, const esv_loc *loc,
                          const char *fmt, ...);

/* Adds every finding of src to dst (each at dst's policy severity), its
 * path after prefix ("prefix/path", or prefix alone), its offset plus
 * base when keep_offset is set (otherwise none); src's dropped findings
 * are counted in dst. Returns ESV_OK or ESV_E_NOMEM. */
esv_status esv_report_merge(esv_report *dst, const esv_report *src, const char *prefix,
                            int keep_offset, int64_t base);

/* Records that verification stopped with this status (first one wins). */
void esv_report_set_status(esv_report *r, esv_status st);

/* Called when the verification returns: drops the pointer to the context's
 * policy so the report stands alone. */
void esv_report_finish(esv_report *r);

#endif
