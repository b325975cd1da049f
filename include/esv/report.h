/*
 * esv/report.h - the result of one verification.
 *
 * A report has a status (could the verification run: see esv_status), a
 * kind ("profile", "cert", "rsp", "der"), a verdict and the findings. Each
 * finding names a rule of the catalogue, carries the severity the policy
 * gave it, a message and a location: the profile element index and a field
 * path, the certificate index, and the byte offset in the input where
 * known.
 *
 * The verdict is "fail" when any finding is an error, and also when the
 * status is not ESV_OK (a verification that could not finish never
 * passes). Findings are collected up to the context's ESV_LIMIT_FINDINGS;
 * beyond it they are counted (esv_report_dropped) and still decide the
 * verdict, but not kept.
 *
 * A report is immutable once returned and may be read from several
 * threads. The pointers it hands out live as long as the report.
 */
#ifndef ESV_REPORT_H
#define ESV_REPORT_H

#include "esv/common.h"
#include "esv/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esv_report esv_report;
typedef struct esv_finding esv_finding;

typedef enum esv_verdict {
    ESV_VERDICT_PASS = 0,
    ESV_VERDICT_FAIL = 1
} esv_verdict;

/* Frees a report; NULL is allowed. */
ESV_API void esv_report_free(esv_report *report);

ESV_API esv_status esv_report_status(const esv_report *report);
ESV_API esv_verdict esv_report_verdict(const esv_report *report);
/* "pass" or "fail". */
ESV_API const char *esv_verdict_str(esv_verdict verdict);
/* What was verified: "profile", "cert", "rsp" or "der". */
ESV_API const char *esv_report_kind(const esv_report *report);
/* Name of the base policy the report was made under. */
ESV_API const char *esv_report_policy(const esv_report *report);
/* The time the verdict is for: the context's verification time when the
 * report was made (seconds since 1970-01-01T00:00:00Z); *is_set (if not
 * NULL) 0 when the context had none (esv never reads the clock: checks
 * that need the time then say they were not performed). */
ESV_API int64_t esv_report_time(const esv_report *report, int *is_set);

/* Findings kept, and findings counted beyond the cap. */
ESV_API size_t esv_report_finding_count(const esv_report *report);
ESV_API size_t esv_report_dropped(const esv_report *report);
/* Number of kept findings with this severity. */
ESV_API size_t esv_report_count_severity(const esv_report *report, esv_severity sev);

/* The i-th finding in the order found, or NULL when out of range. */
ESV_API const esv_finding *esv_report_finding(const esv_report *report, size_t i);

/* The first kept finding of the rule with this id, or NULL. */
ESV_API const esv_finding *esv_report_find(const esv_report *report, const char *rule_id);

ESV_API const esv_rule *esv_finding_rule(const esv_finding *f);
ESV_API const char *esv_finding_rule_id(const esv_finding *f);
ESV_API esv_severity esv_finding_severity(const esv_finding *f);
ESV_API const char *esv_finding_message(const esv_finding *f);
/* Byte offset from the start of the input, or -1 when not known. */
ESV_API int64_t esv_finding_offset(const esv_finding *f);
/* Index of the profile element (0-based), or -1. */
ESV_API long esv_finding_element(const esv_finding *f);
/* Index of the certificate in the input set (0-based), or -1. */
ESV_API long esv_finding_cert(const esv_finding *f);
/* Field path ("usim/ef-imsi/fillFileContent"), or NULL. */
ESV_API const char *esv_finding_path(const esv_finding *f);

/* --- writing a report --- */

typedef enum esv_format {
    ESV_FORMAT_TEXT = 0, /* human-readable lines */
    ESV_FORMAT_JSON = 1, /* one JSON object and a newline (JSON Lines) */
    ESV_FORMAT_CBOR = 2, /* one CBOR map (RFC 8949), same content as JSON */
    ESV_FORMAT_HTML = 3, /* one HTML page over many reports: esv/document.h */
    ESV_FORMAT_SARIF = 4 /* one SARIF 2.1.0 log over many reports: esv/document.h */
} esv_format;

/* Receives output. Returns 0 on success, anything else to abort. */
typedef int (*esv_write_fn)(void *opaque, const void *data, size_t len);

/*
 * Writes the report for the input named input_name (a file name; may be
 * NULL) in the given format through write(opaque, ...). The JSON and CBOR
 * forms hold: input, kind, policy, status, verdict, time (RFC 3339 UTC, or
 * null when the context had no time), findings (each with id,
 * severity, message, reference and location {element, cert, path, offset},
 * absent members omitted) and dropped.
 * ESV_FORMAT_HTML and ESV_FORMAT_SARIF describe a whole run (a summary
 * over every input, one rule catalogue): they are written through an
 * esv_doc (esv/document.h), and here they are ESV_E_ARG.
 * Returns ESV_OK, ESV_E_ARG, ESV_E_NOMEM or ESV_E_IO (write failed).
 */
ESV_API ESV_WUR esv_status esv_report_write(const esv_report *report, esv_format format,
                                            const char *input_name, esv_write_fn write,
                                            void *opaque);

/*
 * The escaping the text writers apply to input-derived strings, for a
 * caller that writes its own lines around esv's output (a file name, a log
 * line): C0 controls, DEL, C1 controls, the bidirectional marks,
 * embeddings, overrides and isolates, the line/paragraph separators and the
 * BOM become \xNN or \u{XXXX}, a byte that is not UTF-8 \xNN, a backslash
 * "\\". Writes at most cap - 1 bytes and a NUL to out (cap 0: nothing;
 * a longer result is cut on a character boundary) and returns the length
 * of the whole escaped text, as snprintf does.
 */
ESV_API size_t esv_text_escape(char *out, size_t cap, const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
