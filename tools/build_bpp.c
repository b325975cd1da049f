/*
 * build_bpp.c - writes the fuzz seeds of fuzz/fuzz_bpp.c, made by the
 * project's BPP builder (tests/support/bpp_builder.h) with the fixed keys
 * the target uses; nothing is taken from third-party data.
 *
 *   build_bpp --seeds CORPUSDIR      writes CORPUSDIR/fuzz_bpp/NAME.der
 *
 * The output is deterministic. The Makefile runs it at build time into
 * build/seeds/ (not committed): `make check` replays them and
 * `make fuzz-smoke` starts from them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bpp_builder.h"

static int write_file(const char *dir, const char *name, const uint8_t *d, size_t n)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(d, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "build_bpp: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    char dir[4096];
    esv_bsp_keys keys, ppk;
    bb_spec spec;
    uint8_t *upp, *bpp;
    size_t upp_len, len;
    int rc = 0;

    if (argc != 3 || strcmp(argv[1], "--seeds") != 0) {
        fprintf(stderr, "usage: build_bpp --seeds CORPUSDIR\n");
        return 2;
    }
    snprintf(dir, sizeof(dir), "%s/fuzz_bpp", argv[2]);
    if (mkdir(argv[2], 0777) != 0 && errno != EEXIST)
        return 1;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return 1;

    /* one '86' segment, session keys only */
    upp = bb_synthetic_upp(200, &upp_len);
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    bpp = bb_build(&spec, &len);
    rc |= write_file(dir, "small.der", bpp, len);
    free(bpp);
    /* with ReplaceSessionKeys (A2), '86' under the PPKs */
    spec.ppk = &ppk;
    bpp = bb_build(&spec, &len);
    rc |= write_file(dir, "small-ppk.der", bpp, len);
    /* one flipped MAC byte (the last segment) */
    bpp[len - 1] ^= 0x01;
    rc |= write_file(dir, "small-ppk-badmac.der", bpp, len);
    free(bpp);
    free(upp);
    /* three segments of 1020 bytes and more, small segments */
    upp = bb_synthetic_upp(2500, &upp_len);
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    bpp = bb_build(&spec, &len);
    rc |= write_file(dir, "multi.der", bpp, len);
    free(bpp);
    spec.segment_data = 100;
    spec.ppk = &ppk;
    bpp = bb_build(&spec, &len);
    rc |= write_file(dir, "many-small-ppk.der", bpp, len);
    free(bpp);
    free(upp);
    return rc == 0 ? 0 : 1;
}
