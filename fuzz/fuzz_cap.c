/*
 * fuzz_cap.c - the Java Card CAP reader of PE-Application load blocks
 * (lib/profile/cap.c) on arbitrary bytes.
 * Target functions: cap_parse, then, on a load file it reads, the summary
 * writers (text and JSON) and cap_classify on every import.
 * Checks beyond "no crash": the result keeps its bounds (counts within the
 * caps, AIDs of 5 to 16 bytes, an error offset inside the input, a reason
 * for every status but CAP_OK, none for CAP_OK).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile/cap.h"

static void check_aid(const cap_aid *a)
{
    if (a->len < CAP_AID_MIN || a->len > CAP_AID_MAX)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cap_result *r = malloc(sizeof(*r));
    size_t i;

    if (r == NULL)
        return 0;
    cap_parse(data, size, r);
    if (r->n_applets > CAP_MAX_APPLETS || r->n_imports > CAP_MAX_IMPORTS || r->n_custom > CAP_MAX_CUSTOM ||
        r->n_components > CAP_MAX_COMPONENTS || r->n_warnings > CAP_MAX_WARNINGS ||
        memchr(r->err, '\0', sizeof(r->err)) == NULL || memchr(r->package_name, '\0', sizeof(r->package_name)) == NULL)
        abort();
    for (i = 0; i < r->n_warnings; i++)
        if (r->warnings[i].off > size || r->warnings[i].text[0] == '\0')
            abort();
    if (r->status != CAP_OK) {
        if (r->err[0] == '\0' || (r->status != CAP_E_LIMIT && r->err_off > size))
            abort();
    } else {
        esv_buf b;
        const char *name;
        if (r->err[0] != '\0' || !r->have_header || !r->have_package)
            abort();
        check_aid(&r->package.aid);
        for (i = 0; i < r->n_applets; i++)
            check_aid(&r->applets[i].aid);
        for (i = 0; i < r->n_imports; i++) {
            check_aid(&r->imports[i].aid);
            (void)cap_classify(&r->imports[i].aid, &name);
        }
        for (i = 0; i < r->n_custom; i++)
            check_aid(&r->custom[i].aid);
        esv_buf_init(&b);
        cap_summary_text(&b, r);
        cap_summary_json(&b, r);
        if (!b.failed && (b.data == NULL || b.len == 0))
            abort();
        esv_buf_free(&b);
    }
    free(r);
    return 0;
}
