#include "testutil.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

int tu_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

uint8_t *tu_hex(const char *hex, size_t *len)
{
    size_t n = strlen(hex), o = 0;
    uint8_t *buf = malloc(n / 2 + 1);
    int hi = -1;
    assert_non_null(buf);
    for (size_t i = 0; i < n; i++) {
        int v;
        if (hex[i] == ' ' || hex[i] == '\n')
            continue;
        v = tu_hexval(hex[i]);
        assert_true(v >= 0);
        if (hi < 0) {
            hi = v;
        } else {
            buf[o++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    assert_true(hi < 0);
    *len = o;
    return buf;
}

const char *tu_testdata(void)
{
    static char path[4096]; /* test-only helper, single-threaded */
    const char *env = getenv("ESV_TESTDATA");
    struct stat st;
    snprintf(path, sizeof(path), "%s", env && *env ? env : "../shared/testdata");
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    return path;
}

uint8_t *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

uint8_t *tu_read_testdata(const char *relpath, size_t *len)
{
    char path[4096];
    const char *root = tu_testdata();
    if (root == NULL)
        return NULL;
    snprintf(path, sizeof(path), "%s/%s", root, relpath);
    return tu_read_file(path, len);
}

const char *const tu_ts48_files[TU_TS48_COUNT] = {
    "TS48v1_A.der",
    "TS48v1_B.der",
    "TS48v2_SAIP2.1_BERTLV.der",
    "TS48v2_SAIP2.1_NoBERTLV.der",
    "TS48v2_SAIP2.3_BERTLV.der",
    "TS48v2_SAIP2.3_NoBERTLV.der",
    "TS48v3_SAIP2.1_BERTLV.der",
    "TS48v3_SAIP2.1_NoBERTLV.der",
    "TS48v3_SAIP2.3_BERTLV.der",
    "TS48v3_SAIP2.3_NoBERTLV.der",
    "TS48v5_SAIP2.1A_NoBERTLV.der",
    "TS48v5_SAIP2.1B_NoBERTLV.der",
    "TS48v5_SAIP2.3_BERTLV_SUCI.der",
    "TS48v5_SAIP2.3_NoBERTLV.der",
    "TS48v7_SAIP2.3_BERTLV_SUCI.der",
    "TS48v7_SAIP2.3_BERTLV_SUCI_NoRAMRFM.der",
    "TS48v7_SAIP2.3_NoBERTLV.der",
    "TS48v7_SAIP2.3_NoBERTLV_NoRAMRFM.der",
};
