/*
 * common.c - version, status and severity names.
 */
#include "esv/common.h"
#include "esv/version.h"

#include <strings.h>

const char *esv_version(void)
{
    return ESV_VERSION_STRING;
}

const char *esv_status_str(esv_status status)
{
    switch (status) {
    case ESV_OK: return "ok";
    case ESV_E_ARG: return "bad argument";
    case ESV_E_NOMEM: return "out of memory";
    case ESV_E_LIMIT: return "limit reached";
    case ESV_E_PARSE: return "parse error";
    case ESV_E_NOTFOUND: return "not found";
    case ESV_E_IO: return "output error";
    case ESV_E_INTERNAL: return "internal error";
    case ESV_E_UNSUPPORTED: return "unsupported";
    }
    return "unknown status";
}

const char *esv_severity_str(esv_severity sev)
{
    switch (sev) {
    case ESV_SEV_OFF: return "off";
    case ESV_SEV_INFO: return "info";
    case ESV_SEV_WARNING: return "warning";
    case ESV_SEV_ERROR: return "error";
    }
    return "?";
}

esv_status esv_severity_parse(const char *text, esv_severity *out)
{
    static const esv_severity all[] = {ESV_SEV_OFF, ESV_SEV_INFO,
                                       ESV_SEV_WARNING, ESV_SEV_ERROR};
    size_t i;
    if (text == NULL || out == NULL)
        return ESV_E_ARG;
    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (strcasecmp(text, esv_severity_str(all[i])) == 0) {
            *out = all[i];
            return ESV_OK;
        }
    }
    return ESV_E_PARSE;
}
