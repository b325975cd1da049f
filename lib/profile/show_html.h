/*
 * show_html.h - the decoded profile package as HTML, for the report
 * document (lib/doc/doc.c): the same split, decode and walk as
 * esv_profile_show, with each element an anchor its findings link to.
 */
#ifndef ESV_PROFILE_SHOW_HTML_H
#define ESV_PROFILE_SHOW_HTML_H

#include "esv/report.h"
#include "esv/context.h"
#include "../core/buf.h"

/*
 * Appends to o (flushed in pieces) an <ol class="tree"> with one <li> per
 * element, id "<prefix>e<index>": its summary line, then its fields as
 * nested lists (values as `esv show` prints them, HTML-escaped). marks
 * holds the indices in report r of the findings on an element, sorted by
 * element (nmarks of them): such an element gets class "hit", is shown
 * open, and links to each of its findings (id "<prefix>f<k>"); a field
 * whose path a finding names (the path as the checks write it, with or
 * without the element's type first) gets class "fhit" and links to it
 * too (a path that names no field of the tree marks the element only); an element
 * a finding names beyond the last one split gets an entry of its own, so
 * that every link has its target. Returns ESV_OK, ESV_E_NOMEM or ESV_E_IO
 * (o's status); a package that does not decode is shown as far as it
 * goes, as esv_profile_show does.
 */
esv_status esv_profile_show_html(const esv_ctx *ctx, const uint8_t *data, size_t len,
                                 const esv_report *r, const size_t *marks, size_t nmarks,
                                 const char *prefix, esv_out *o);

#endif
