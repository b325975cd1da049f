/*
 * testutil.h - helpers shared by the unit tests.
 */
#ifndef ESV_TESTUTIL_H
#define ESV_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Decodes hex (spaces allowed) into a new buffer; *len gets its size.
 * Aborts the test on malformed hex. */
uint8_t *tu_hex(const char *hex, size_t *len);
/* Value of one hex digit, -1 for anything else. */
int tu_hexval(char c);

/* The shared test data folder ($ESV_TESTDATA, default ../shared/testdata),
 * or NULL when it is not there (a user's clone): tests then skip. */
const char *tu_testdata(void);

/* Reads testdata-relative path into a new buffer, or NULL if absent. */
uint8_t *tu_read_testdata(const char *relpath, size_t *len);

/* The 18 GSMA TS.48 profiles in ../shared/testdata/profiles/ts48/, v1 to v7
 * (file names only; read them with tu_read_testdata). */
#define TU_TS48_COUNT 18
extern const char *const tu_ts48_files[TU_TS48_COUNT];

/* Reads a file into a new buffer, or NULL. */
uint8_t *tu_read_file(const char *path, size_t *len);

#endif
