/*
 * common.c - option parsing, input reading and report output shared by the
 * subcommands.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const char cli_common_help[] =
    "Common options:\n"
    "  -f, --format FMT     text (default), json (JSON Lines: one object per\n"
    "                       input), cbor (one CBOR map per input), or one\n"
    "                       document for the whole run (profile, cert, rsp,\n"
    "                       der): html (a self-contained page: a summary of\n"
    "                       every input, findings by rule area with their\n"
    "                       clause, a profile's element tree with each\n"
    "                       finding's element highlighted; it shows keys and\n"
    "                       PINs as esv show does) or sarif (SARIF 2.1.0: the\n"
    "                       rule catalogue, a result per finding)\n"
    "  -p, --policy POLICY  production (default), test, or a policy file\n"
    "  -s, --set ID=SEV     set rule ID's severity: off|info|warning|error\n"
    "  -d, --disable ID     switch rule ID off (same as --set ID=off)\n"
    "  -q, --quiet          print nothing; the exit status tells\n"
    "      --sign KEY.pem   with --format cbor (profile, der, cert, rsp): each\n"
    "                       report as a COSE_Sign1 (RFC 9052, ES256) signed\n"
    "                       with this P-256 private key (PEM, unencrypted);\n"
    "                       check with 'esv verdict verify'\n"
    "      --max-bytes N    largest input accepted (default 16777216)\n"
    "      --max-depth N    deepest DER nesting accepted (default 64, max 256)\n"
    "      --max-elements N most DER elements in one input (default 1000000)\n"
    "      --max-findings N findings kept per input (default 1000)\n"
    "  -h, --help           this help\n"
    "FILE may be '-' for standard input.\n"
    "Exit status: 0 every input passed, 1 any input failed (malformed input\n"
    "included), 2 usage or I/O error.\n";

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int usage_error(int *exit_code, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "esv %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'esv %s --help'.\n", cmd);
    *exit_code = EXIT_USAGE;
    return -1;
}

#define POLICY_FILE_MAX (1u << 20)

static int load_policy(esv_policy **policy, const char *arg, const char *cmd, int *exit_code)
{
    esv_policy_base base;
    unsigned char *text = NULL;
    size_t len = 0;
    esv_policy_error perr;
    esv_status st;

    if (strcmp(arg, "production") == 0 || strcmp(arg, "test") == 0) {
        base = strcmp(arg, "test") == 0 ? ESV_POLICY_TEST : ESV_POLICY_PRODUCTION;
        esv_policy_free(*policy);
        *policy = NULL;
        if (esv_policy_new(base, policy) != ESV_OK) {
            *exit_code = EXIT_USAGE;
            return -1;
        }
        return 0;
    }
    if (cli_read_file(arg, POLICY_FILE_MAX, &text, &len) != 0) {
        *exit_code = EXIT_USAGE;
        return -1;
    }
    /* cli_read_file reads one byte past the limit: a longer file is an
     * error, not silently cut (a late "PROF-100 = off" would be lost). */
    if (len > POLICY_FILE_MAX) {
        fprintf(stderr, "esv %s: policy file %s is larger than %u bytes (1 MiB)\n", cmd, arg,
                POLICY_FILE_MAX);
        free(text);
        *exit_code = EXIT_USAGE;
        return -1;
    }
    st = esv_policy_parse(*policy, (const char *)text, len, &perr);
    free(text);
    if (st != ESV_OK) {
        fprintf(stderr, "esv %s: policy file %s, line %zu: %s\n", cmd, arg, perr.line,
                perr.message[0] ? perr.message : esv_status_str(st));
        *exit_code = EXIT_USAGE;
        return -1;
    }
    return 0;
}

#define KEY_FILE_MAX (64u * 1024u)

/* --sign KEY.pem: the signer for every report. */
static int load_signer(cli_opts *opts, const char *path, const char *cmd, int *exit_code)
{
    unsigned char *pem = NULL;
    size_t len = 0;
    esv_status st;
    if (cli_read_file(path, KEY_FILE_MAX, &pem, &len) != 0) {
        *exit_code = EXIT_USAGE;
        return -1;
    }
    esv_signer_free(opts->signer);
    opts->signer = NULL;
    st = len > KEY_FILE_MAX ? ESV_E_PARSE : esv_signer_new(pem, len, &opts->signer);
    cli_free_file(pem, len);
    if (st != ESV_OK)
        return usage_error(exit_code, cmd, "--sign %s: %s", path,
                           st == ESV_E_UNSUPPORTED ? "not an EC key on P-256 (ES256 needs one)"
                           : st == ESV_E_PARSE     ? "not an unencrypted PEM private key"
                                                   : esv_status_str(st));
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

/* A per-rule setting from the command line, applied in order after the
 * policy: --set ID=SEV or --disable ID (text points into argv). */
typedef struct rule_setting {
    const char *text;
    int disable;
} rule_setting;

static int apply_settings(esv_policy *policy, const rule_setting *sets, int nsets,
                          const char *cmd, int *exit_code)
{
    int i;
    for (i = 0; i < nsets; i++) {
        esv_status st = sets[i].disable ? esv_policy_set(policy, sets[i].text, ESV_SEV_OFF)
                                        : esv_policy_set_text(policy, sets[i].text);
        if (st == ESV_E_NOTFOUND)
            return usage_error(exit_code, cmd, "unknown rule id in '%s' (see 'esv rules')",
                               sets[i].text);
        if (st != ESV_OK)
            return usage_error(exit_code, cmd,
                               "bad rule setting '%s' (expected ID=off|info|warning|error)",
                               sets[i].text);
    }
    return 0;
}

/* The commands whose reports go into one document with --format html or
 * sarif. */
static int cmd_takes_doc(const char *cmd)
{
    return !strcmp(cmd, "profile") || !strcmp(cmd, "der") || !strcmp(cmd, "cert") || !strcmp(cmd, "rsp");
}

static int format_from_name(cli_opts *opts, const char *f, const char *cmd)
{
    opts->format_set = 1;
    opts->markdown = 0;
    if (!strcmp(f, "text"))
        opts->format = ESV_FORMAT_TEXT;
    else if (!strcmp(f, "json"))
        opts->format = ESV_FORMAT_JSON;
    else if (!strcmp(f, "cbor"))
        opts->format = ESV_FORMAT_CBOR;
    else if (!strcmp(f, "html") && cmd_takes_doc(cmd))
        opts->format = ESV_FORMAT_HTML;
    else if (!strcmp(f, "sarif") && cmd_takes_doc(cmd))
        opts->format = ESV_FORMAT_SARIF;
    else if (!strcmp(f, "markdown") && !strcmp(cmd, "rules"))
        opts->markdown = 1;
    else
        return -1;
    return 0;
}

int cli_parse(int argc, char **argv, const char *cmd, const char *help_text,
              cli_opts *opts, int *exit_code)
{
    esv_policy *policy = NULL;
    rule_setting *sets;
    int nsets = 0, i, only_inputs = 0, rc = -1;
    /* -j: the commands whose FILEs can be verified at once (profile, der),
     * and those that take it and ignore it (cert: one set; rsp: one
     * session, in order) */
    int jobs_ok = !strcmp(cmd, "profile") || !strcmp(cmd, "der") || !strcmp(cmd, "cert") ||
                  !strcmp(cmd, "rsp");

    memset(opts, 0, sizeof(*opts));
    opts->format = ESV_FORMAT_TEXT;
    opts->jobs = cli_default_jobs();
    *exit_code = EXIT_USAGE;
    opts->inputs = calloc((size_t)argc + 1, sizeof(char *));
    sets = calloc((size_t)argc + 1, sizeof(*sets));
    /* The library never reads the clock; the tool does, once, and every
     * report says the time its verdict is for (esv cert --at overrides). */
    if (opts->inputs == NULL || sets == NULL || esv_ctx_new(&opts->ctx) != ESV_OK ||
        esv_ctx_set_time(opts->ctx, (int64_t)time(NULL)) != ESV_OK ||
        esv_policy_new(ESV_POLICY_PRODUCTION, &policy) != ESV_OK) {
        fprintf(stderr, "esv: out of memory\n");
        goto out;
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val;
        const char *eq;
        char name[32];
        uint64_t n;

        if (only_inputs || a[0] != '-' || strcmp(a, "-") == 0) {
            opts->inputs[opts->ninputs++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_inputs = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help_text, stdout);
            fputs(cli_common_help, stdout);
            *exit_code = EXIT_PASS;
            goto out;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            opts->quiet = 1;
            continue;
        }
        /* Options with a value: "--opt VALUE", "--opt=VALUE", "-x VALUE"
         * (and "-jN", as make takes it). */
        eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (jobs_ok && a[1] == 'j' && a[2] != '\0') {
            eq = a + 1; /* the value follows the letter */
            snprintf(name, sizeof(name), "-j");
            val = a + 2;
        } else if (eq) {
            size_t nl = (size_t)(eq - a);
            if (nl >= sizeof(name))
                nl = sizeof(name) - 1;
            memcpy(name, a, nl);
            name[nl] = '\0';
            val = eq + 1;
        } else {
            snprintf(name, sizeof(name), "%s", a);
            if (i + 1 >= argc) {
                usage_error(exit_code, cmd, "option %s needs a value (or is unknown)", a);
                goto out;
            }
            val = argv[i + 1];
        }
        if (!strcmp(name, "-f") || !strcmp(name, "--format")) {
            if (format_from_name(opts, val, cmd)) {
                usage_error(exit_code, cmd, "unknown format '%s' (text, json or cbor%s)", val,
                            cmd_takes_doc(cmd) ? ", html or sarif" : "");
                goto out;
            }
        } else if (jobs_ok && (!strcmp(name, "-j") || !strcmp(name, "--jobs"))) {
            if (parse_u64(val, &n) || n < 1 || n > CLI_JOBS_MAX) {
                usage_error(exit_code, cmd, "bad job count '%s' (1 to %d)", val, CLI_JOBS_MAX);
                goto out;
            }
            opts->jobs = (int)n;
        } else if (jobs_ok && !strcmp(name, "--sign")) {
            if (load_signer(opts, val, cmd, exit_code))
                goto out;
        } else if (!strcmp(name, "-p") || !strcmp(name, "--policy")) {
            if (load_policy(&policy, val, cmd, exit_code))
                goto out;
        } else if (!strcmp(name, "-s") || !strcmp(name, "--set")) {
            sets[nsets].text = val;
            sets[nsets++].disable = 0;
        } else if (!strcmp(name, "-d") || !strcmp(name, "--disable")) {
            sets[nsets].text = val;
            sets[nsets++].disable = 1;
        } else if (!strcmp(name, "--max-bytes") || !strcmp(name, "--max-depth") ||
                   !strcmp(name, "--max-elements") || !strcmp(name, "--max-findings")) {
            esv_limit which = !strcmp(name, "--max-bytes")      ? ESV_LIMIT_INPUT_BYTES
                              : !strcmp(name, "--max-depth")    ? ESV_LIMIT_DEPTH
                              : !strcmp(name, "--max-elements") ? ESV_LIMIT_ELEMENTS
                                                                : ESV_LIMIT_FINDINGS;
            if (parse_u64(val, &n) || esv_ctx_set_limit(opts->ctx, which, n) != ESV_OK) {
                usage_error(exit_code, cmd, "bad limit value '%s'", val);
                goto out;
            }
        } else {
            usage_error(exit_code, cmd, "unknown option '%s'", a);
            goto out;
        }
        if (!eq)
            i++; /* the value was the next argument */
    }
    if (apply_settings(policy, sets, nsets, cmd, exit_code))
        goto out;
    if (opts->signer != NULL && opts->format != ESV_FORMAT_CBOR) {
        usage_error(exit_code, cmd, "--sign signs CBOR reports: add --format cbor");
        goto out;
    }
    if (esv_ctx_set_policy(opts->ctx, policy) != ESV_OK) {
        fprintf(stderr, "esv: out of memory\n");
        goto out;
    }
    /* One document for the run; it writes nothing until a report comes
     * (a usage error after this point leaves no half page behind). */
    if ((opts->format == ESV_FORMAT_HTML || opts->format == ESV_FORMAT_SARIF) && !opts->quiet &&
        esv_doc_begin(opts->ctx, opts->format, cli_write_stdout, NULL, &opts->doc) != ESV_OK) {
        fprintf(stderr, "esv: out of memory\n");
        goto out;
    }
    rc = 0;
    *exit_code = EXIT_PASS;
out:
    esv_policy_free(policy);
    free(sets);
    if (rc != 0)
        cli_opts_free(opts);
    return rc;
}

void cli_opts_free(cli_opts *opts)
{
    esv_doc_free(opts->doc);
    opts->doc = NULL;
    esv_signer_free(opts->signer);
    opts->signer = NULL;
    esv_ctx_free(opts->ctx);
    free(opts->inputs);
    opts->ctx = NULL;
    opts->inputs = NULL;
}

/* memset through a volatile pointer: a store the compiler cannot drop
 * because the buffer is freed next. */
static void *(*const volatile wipe_memset)(void *, int, size_t) = memset;

void cli_free_file(unsigned char *data, size_t len)
{
    if (data != NULL)
        wipe_memset(data, 0, len);
    free(data);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
static void out_vprintf(cli_out *o, const char *fmt, va_list ap)
{
    char buf[512], *big;
    va_list again;
    int n;
    va_copy(again, ap);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n < 0) {
        o->failed = 1;
    } else if ((size_t)n < sizeof(buf)) {
        (void)cli_out_write(o, buf, (size_t)n);
    } else if ((big = malloc((size_t)n + 1)) == NULL) {
        o->failed = 1;
    } else {
        (void)vsnprintf(big, (size_t)n + 1, fmt, again);
        (void)cli_out_write(o, big, (size_t)n);
        free(big);
    }
    va_end(again);
}

void cli_out_printf(cli_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    out_vprintf(o, fmt, ap);
    va_end(ap);
}

/* A message for stderr, or for err when there is one. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void say(cli_out *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err == NULL)
        vfprintf(stderr, fmt, ap);
    else
        out_vprintf(err, fmt, ap);
    va_end(ap);
}

/* strerror may share a buffer between threads: a copy. */
static const char *errtext(int e, char *buf, size_t size)
{
    if (strerror_r(e, buf, size) != 0)
        snprintf(buf, size, "error %d", e);
    return buf;
}

int cli_read_file(const char *path, size_t max, unsigned char **data, size_t *len)
{
    return cli_read_file_msg(path, max, data, len, NULL);
}

int cli_read_file_msg(const char *path, size_t max, unsigned char **data, size_t *len, cli_out *err)
{
    char ebuf[256];
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    size_t want = max < SIZE_MAX ? max + 1 : max;

    *data = NULL;
    *len = 0;
    if (f == NULL) {
        say(err, "esv: cannot open %s: %s\n", path, errtext(errno, ebuf, sizeof(ebuf)));
        return -1;
    }
    /* A regular file is read into one buffer of its size (plus the byte
     * that says it did not grow); a pipe, or a file that grows while it
     * is read, into a buffer doubled from 64 KiB. */
    {
        struct stat st;
        if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0) {
            size_t first = (uintmax_t)st.st_size < want ? (size_t)st.st_size + 1 : want;
            if ((buf = malloc(first ? first : 1)) == NULL) {
                fprintf(stderr, "esv: out of memory reading %s\n", path);
                goto fail;
            }
            cap = first;
        }
    }
    for (;;) {
        size_t got;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            unsigned char *nb;
            if (ncap > want)
                ncap = want;
            if (ncap == cap)
                break; /* read max + 1 bytes: enough to report the limit */
            /* not realloc: the old block, profile secrets included, would
             * go back to the allocator unwiped */
            nb = malloc(ncap ? ncap : 1);
            if (nb == NULL) {
                say(err, "esv: out of memory reading %s\n", path);
                goto fail;
            }
            if (n)
                memcpy(nb, buf, n);
            cli_free_file(buf, cap);
            buf = nb;
            cap = ncap;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                say(err, "esv: cannot read %s: %s\n", path, errtext(errno, ebuf, sizeof(ebuf)));
                goto fail;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    *data = buf;
    *len = n;
    return 0;
fail:
    if (f != stdin)
        fclose(f);
    cli_free_file(buf, cap);
    return -1;
}

int cli_write_stdout(void *opaque, const void *data, size_t len)
{
    (void)opaque;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

int cli_doc_add(const cli_opts *opts, const esv_report *r, const char *name, const unsigned char *input,
                size_t len)
{
    esv_status st = esv_doc_add(opts->doc, r, name, input, len);
    if (st != ESV_OK) {
        fprintf(stderr, "esv: cannot write the report for %s: %s\n", name, esv_status_str(st));
        return -1;
    }
    return 0;
}

int cli_doc_finish(cli_opts *opts, int exit_code)
{
    esv_status st;
    if (opts->doc == NULL || (esv_doc_count(opts->doc) == 0 && exit_code == EXIT_USAGE))
        return exit_code;
    st = esv_doc_finish(opts->doc);
    if (st != ESV_OK) {
        if (st != ESV_E_IO || esv_doc_count(opts->doc) == 0)
            fprintf(stderr, "esv: cannot write the %s document: %s\n",
                    opts->format == ESV_FORMAT_HTML ? "HTML" : "SARIF", esv_status_str(st));
        return EXIT_USAGE;
    }
    return exit_code;
}

int cli_write_report(const cli_opts *opts, const esv_report *r, const char *name)
{
    esv_status st;
    if (opts->quiet)
        return 0;
    if (opts->doc != NULL)
        return cli_doc_add(opts, r, name, NULL, 0);
    st = opts->signer != NULL ? esv_report_write_signed(r, opts->signer, name, cli_write_stdout, NULL)
                              : esv_report_write(r, opts->format, name, cli_write_stdout, NULL);
    if (st != ESV_OK) {
        fprintf(stderr, "esv: cannot write the report for %s: %s\n", name, esv_status_str(st));
        return -1;
    }
    return 0;
}

int cli_report_exit(const cli_opts *opts, const esv_report *r, const char *name)
{
    if (cli_write_report(opts, r, name))
        return EXIT_USAGE;
    return esv_report_verdict(r) == ESV_VERDICT_FAIL ? EXIT_FAIL : EXIT_PASS;
}

int cli_worse(int a, int b)
{
    if (a == EXIT_USAGE || b == EXIT_USAGE)
        return EXIT_USAGE;
    return a == EXIT_FAIL || b == EXIT_FAIL ? EXIT_FAIL : EXIT_PASS;
}

int cli_take_valopts(int argc, char **argv, const char *cmd, const cli_valopt *t, size_t nt, char **rest,
                     int *nrest)
{
    int i;
    *nrest = 0;
    for (i = 0; i < argc; i++) {
        size_t k;
        for (k = 0; k < nt && strcmp(argv[i], t[k].name) != 0; k++)
            ;
        if (k == nt) {
            rest[(*nrest)++] = argv[i];
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "esv %s: %s needs a value\nTry 'esv %s --help'.\n", cmd, argv[i], cmd);
            return -1;
        }
        if (t[k].list != NULL)
            t[k].list->names[t[k].list->n++] = argv[++i];
        else
            *t[k].value = argv[++i];
    }
    return 0;
}

int cli_out_write(void *opaque, const void *data, size_t len)
{
    cli_out *o = opaque;
    if (o->failed)
        return -1;
    if (len > o->cap - o->len) {
        size_t ncap = o->cap ? o->cap : 4096;
        unsigned char *nd;
        while (ncap - o->len < len) {
            if (ncap > SIZE_MAX / 2) {
                o->failed = 1;
                return -1;
            }
            ncap *= 2;
        }
        nd = malloc(ncap);
        if (nd == NULL) {
            o->failed = 1;
            return -1;
        }
        if (o->len)
            memcpy(nd, o->data, o->len);
        cli_free_file(o->data, o->cap);
        o->data = nd;
        o->cap = ncap;
    }
    if (len)
        memcpy(o->data + o->len, data, len);
    o->len += len;
    return 0;
}

void cli_out_escaped(cli_out *o, const char *s)
{
    size_t need = esv_text_escape(NULL, 0, s, strlen(s));
    char *t = malloc(need + 1);
    if (t == NULL) {
        o->failed = 1;
        return;
    }
    (void)esv_text_escape(t, need + 1, s, strlen(s));
    (void)cli_out_write(o, t, strlen(t));
    free(t);
}

void cli_out_free(cli_out *o)
{
    cli_free_file(o->data, o->cap);
    memset(o, 0, sizeof(*o));
}
