/*
 * esv/common.h - definitions shared by every public header: the export
 * macro, the status codes and the severities.
 *
 * Two channels carry results. A status (esv_status) says whether a call could
 * do its work at all: the arguments were usable, memory was available, the
 * input stayed within the configured limits. Findings (see esv/report.h) say
 * what is wrong with the input itself. Malformed input is a finding and a
 * "fail" verdict, never a crash and never a silent pass.
 */
#ifndef ESV_COMMON_H
#define ESV_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ESV_API __attribute__((visibility("default")))
#define ESV_WUR __attribute__((warn_unused_result))
#else
#define ESV_API
#define ESV_WUR
#endif

typedef enum esv_status {
    ESV_OK = 0,          /* the call did its work */
    ESV_E_ARG = 1,       /* a NULL or otherwise unusable argument */
    ESV_E_NOMEM = 2,     /* an allocation failed; nothing was leaked */
    ESV_E_LIMIT = 3,     /* the input exceeded a configured limit (size,
                          * depth, element count); a finding says which */
    ESV_E_PARSE = 4,     /* something could not be parsed: a policy text, or
                          * (esv_profile_show) an input whose elements do
                          * not all decode */
    ESV_E_NOTFOUND = 5,  /* a named item (rule id, ...) does not exist */
    ESV_E_IO = 6,        /* an output callback reported failure */
    ESV_E_INTERNAL = 7,  /* a bug in esv: please report it */
    ESV_E_UNSUPPORTED = 8 /* well-formed, but of a kind esv does not handle
                           * (a signing key not on P-256) */
} esv_status;

/* A short English name for a status ("ok", "bad argument", ...). Never NULL. */
ESV_API const char *esv_status_str(esv_status status);

/* Severity of a finding. ESV_SEV_OFF only appears in policies: a rule set to
 * off produces no finding. */
typedef enum esv_severity {
    ESV_SEV_OFF = 0,
    ESV_SEV_INFO = 1,
    ESV_SEV_WARNING = 2,
    ESV_SEV_ERROR = 3
} esv_severity;

/* "off", "info", "warning", "error". Never NULL ("?" for a bad value). */
ESV_API const char *esv_severity_str(esv_severity sev);

/* Parses "off", "info", "warning" or "error" (case-insensitive).
 * Returns ESV_OK, ESV_E_ARG (NULL argument) or ESV_E_PARSE. */
ESV_API ESV_WUR esv_status esv_severity_parse(const char *text, esv_severity *out);

#ifdef __cplusplus
}
#endif
#endif
