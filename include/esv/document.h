/*
 * esv/document.h - one document over the reports of a run: an HTML page
 * or a SARIF 2.1.0 log.
 *
 * Text, JSON and CBOR are written report by report (esv_report_write). An
 * HTML page and a SARIF log describe a run: the page opens with a summary
 * of every input, the log carries one rule catalogue and one artifact list.
 * An esv_doc gathers them: esv_doc_begin, then esv_doc_add for each
 * report in the order wanted, then esv_doc_finish, then esv_doc_free. A
 * server can keep one open per batch it verifies.
 *
 * HTML (ESV_FORMAT_HTML): one self-contained page, inline CSS, no script,
 * no external resource (a Content-Security-Policy forbids them, so the
 * page loads nothing, even if its text were to try). A summary table
 * (input, kind, verdict, errors, warnings, info, policy, the time the
 * verdict is for), then per input its findings grouped by rule area (DER,
 * PROF, PKI, RSP) with their clause; for a profile package whose bytes
 * are given, the decoded element tree (as esv_profile_show prints it),
 * each element an anchor (id "in<N>-e<I>") that its findings (id
 * "in<N>-f<K>") link to and that links back to them, highlighted, as is
 * the field a finding's path names where the tree has it. Every
 * input-derived string (input names, messages, values) is escaped for
 * HTML, its control and bidirectional characters shown as \xNN or
 * \u{XXXX}. The summary comes last in the markup and first on screen
 * (CSS order), so that the sections can be written as they are added.
 *
 * SARIF (ESV_FORMAT_SARIF): one run. tool.driver.rules is the whole
 * catalogue (id, name, shortDescription: the title, help: the clause,
 * defaultConfiguration.level from ctx's policy: error / warning / note,
 * "none" and not enabled for a rule set off); each finding a result
 * (ruleId, ruleIndex, level, message.text, a location whose
 * artifactLocation is the input (uri: its name, percent-encoded; index
 * into artifacts) with region.byteOffset when the offset is known, and a
 * logical location naming the element, certificate and field path, also
 * in the result's properties); one artifact per input added (its verdict,
 * kind, policy and time in properties); one invocation, successful when
 * every report's status was ESV_OK (a report's status or dropped findings
 * are also a toolExecutionNotification). Built with jansson.
 *
 * Memory: a document keeps one summary row per input added (its name,
 * counts and verdict; for SARIF its artifact entry); findings and trees
 * are written when their report is added and not kept. The output goes
 * through write(opaque, ...) in pieces of about 64 KiB and at the end of
 * each esv_doc_add, so a consumer sees each input's part as it is added.
 *
 * Important caveats:
 *  - The element tree shows the package as it is, keys and PINs
 *    included (as esv_profile_show does): pass the input bytes only when
 *    the page's reader may see them.
 *  - A document is used from one thread at a time; reports added may
 *    come from any thread.
 *  - Once a write fails, every later call returns ESV_E_IO and writes
 *    nothing more: the output is then incomplete.
 */
#ifndef ESV_DOCUMENT_H
#define ESV_DOCUMENT_H

#include "esv/common.h"
#include "esv/context.h"
#include "esv/report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esv_doc esv_doc;

/*
 * Starts a document in format (ESV_FORMAT_HTML or ESV_FORMAT_SARIF) that
 * writes through write(opaque, ...). ctx gives the policy the SARIF rule
 * levels come from and the limits the element tree is read under; it is
 * read, not copied, and must outlive the document. Nothing is written yet.
 * Returns ESV_OK (*out set), ESV_E_ARG (ctx, write or out NULL, another
 * format) or ESV_E_NOMEM.
 */
ESV_API ESV_WUR esv_status esv_doc_begin(const esv_ctx *ctx, esv_format format,
                                         esv_write_fn write, void *opaque, esv_doc **out);

/*
 * Adds report, for the input named input_name (may be NULL: "(input)"),
 * and writes its part. input[0..input_len) are the input's bytes (may be
 * NULL): for a profile report in HTML, the element tree is made from them
 * (they must be the bytes the report is for); otherwise they are not
 * read. Neither the report nor the input is retained.
 * Returns ESV_OK, ESV_E_ARG (doc or report NULL, input NULL with
 * input_len > 0, or the document already finished), ESV_E_NOMEM or
 * ESV_E_IO.
 */
ESV_API ESV_WUR esv_status esv_doc_add(esv_doc *doc, const esv_report *report,
                                       const char *input_name, const uint8_t *input,
                                       size_t input_len);

/*
 * Writes the rest of the document (HTML: the summary table; SARIF: the
 * artifacts and the invocation) and closes it; a document with no report
 * added is still a whole one. Returns ESV_OK, ESV_E_ARG (NULL, or
 * finished already), ESV_E_NOMEM or ESV_E_IO.
 */
ESV_API ESV_WUR esv_status esv_doc_finish(esv_doc *doc);

/* The number of reports added so far (0 for NULL). */
ESV_API size_t esv_doc_count(const esv_doc *doc);

/* Frees a document, finished or not (an unfinished one is left
 * incomplete: nothing more is written); NULL is allowed. */
ESV_API void esv_doc_free(esv_doc *doc);

#ifdef __cplusplus
}
#endif
#endif
