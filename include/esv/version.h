/*
 * esv/version.h - library version.
 *
 * The version of the headers a program was compiled against is in the
 * ESV_VERSION_* macros; the version of the library it runs against is what
 * esv_version() returns. The two differ when a program built against one
 * release is run against another: compare them if that matters to you.
 */
#ifndef ESV_VERSION_H
#define ESV_VERSION_H

#include "esv/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ESV_VERSION_MAJOR 0
#define ESV_VERSION_MINOR 1
#define ESV_VERSION_PATCH 0
#define ESV_VERSION_STRING "0.1.0"

/* The running library's version, "MAJOR.MINOR.PATCH". Never NULL; static
 * storage, do not free. */
ESV_API const char *esv_version(void);

#ifdef __cplusplus
}
#endif
#endif
