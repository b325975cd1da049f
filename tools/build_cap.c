/*
 * build_cap.c - writes the fuzz seeds of fuzz/fuzz_cap.c (Java Card load
 * files) and one of fuzz/fuzz_profile.c (the sample package with a
 * PE-Application carrying one), made by the project's CAP and profile
 * builders (tests/support/cap_builder.h, profile_builder.h); nothing is
 * taken from third-party data.
 *
 *   build_cap --seeds CORPUSDIR   writes CORPUSDIR/fuzz_cap/NAME.cap and
 *                                 CORPUSDIR/fuzz_profile/application.der
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

#include "cap_builder.h"
#include "profile_builder.h"

static int write_file(const char *dir, const char *name, const uint8_t *d, size_t n)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(d, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "build_cap: cannot write %s\n", path);
        if (f)
            fclose(f);
        return -1;
    }
    return 0;
}

static int mkdirs(const char *base, const char *sub, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", base, sub);
    if (mkdir(base, 0777) != 0 && errno != EEXIST)
        return -1;
    if (mkdir(out, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    char dir[4096], pdir[4096];
    cb_options o;
    pb_options po;
    uint8_t *d, *p;
    size_t len, plen;
    int rc = 0;

    if (argc != 3 || strcmp(argv[1], "--seeds") != 0) {
        fprintf(stderr, "usage: build_cap --seeds CORPUSDIR\n");
        return 2;
    }
    if (mkdirs(argv[2], "fuzz_cap", dir, sizeof(dir)) != 0 ||
        mkdirs(argv[2], "fuzz_profile", pdir, sizeof(pdir)) != 0)
        return 1;

    /* every CAP format version, raw and in 'C4' */
    for (unsigned minor = 1; minor <= 3; minor++)
        for (int wrap = 0; wrap < 2; wrap++) {
            char name[32];
            cb_options_sample(&o);
            o.cap_minor = (uint8_t)minor;
            o.wrap_c4 = wrap;
            if (cb_build(&o, &d, &len) != 0)
                return 1;
            snprintf(name, sizeof(name), "cap2%u%s.cap", minor, wrap ? "-c4" : "");
            rc |= write_file(dir, name, d, len);
            free(d);
        }
    /* a library package: no applet, an Export and a Descriptor component */
    cb_options_sample(&o);
    o.n_applets = 0;
    o.export_component = true;
    o.descriptor = true;
    if (cb_build(&o, &d, &len) != 0)
        return 1;
    rc |= write_file(dir, "library.cap", d, len);
    free(d);
    /* three applets, two custom components the Directory lists */
    cb_options_sample(&o);
    o.n_applets = 3;
    snprintf(o.applets[1], sizeof(o.applets[1]), "F04553560102");
    snprintf(o.applets[2], sizeof(o.applets[2]), "F0455356010300112233445566778899");
    o.n_custom = 2;
    o.custom_tag[0] = 0x80;
    o.custom_tag[1] = 0xFF;
    snprintf(o.custom_aid[0], sizeof(o.custom_aid[0]), "F0455356FF");
    snprintf(o.custom_aid[1], sizeof(o.custom_aid[1]), "F0455356FE01");
    if (cb_build(&o, &d, &len) != 0)
        return 1;
    rc |= write_file(dir, "custom.cap", d, len);
    free(d);

    /* the sample package with a PE-Application loading the sample CAP */
    cb_options_sample(&o);
    if (cb_build(&o, &d, &len) != 0)
        return 1;
    pb_options_sample(&po);
    po.application = true;
    po.app_cap = d;
    po.app_cap_len = len;
    snprintf(po.app_package, sizeof(po.app_package), "F045535601");
    snprintf(po.app_class, sizeof(po.app_class), "F04553560101");
    snprintf(po.app_instance, sizeof(po.app_instance), "F04553560101");
    if (pb_build(&po, &p, &plen) != 0)
        return 1;
    rc |= write_file(pdir, "application.der", p, plen);
    free(p);
    free(d);
    return rc == 0 ? 0 : 1;
}
