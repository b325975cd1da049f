/*
 * cmd_cert.c - esv cert: one verification of all the certificates given
 * (leaf and intermediates in any order), against the CIs and CRLs given.
 */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char cert_help[] =
    "usage: esv cert [--ci FILE]... [--crl FILE]... [--at TIME] [--role ROLE]\n"
    "                [-j N] [OPTIONS] FILE...\n"
    "\n"
    "Verifies GSMA RSP certificates (SGP.22 4.5.2, SGP.14, SGP.26): every\n"
    "certificate against its role's profile and, with --ci, each leaf's chain\n"
    "to a trusted CI: signatures, key identifiers, names, validity, the EUM's\n"
    "EID constraint (the GSMA prefix rule), revocation by the --crl lists.\n"
    "All FILEs form one set; each holds one DER certificate or PEM text with\n"
    "one or more. Certificates are numbered in the order read.\n"
    "\n"
    "  --ci FILE     trusted CI certificate(s), DER or PEM bundle (repeatable);\n"
    "                without --ci each certificate is checked on its own\n"
    "  --crl FILE    CRL(s) of the CIs or EUMs, DER or PEM (repeatable)\n"
    "  --at TIME     verification time, RFC 3339 (2026-01-01T00:00:00Z,\n"
    "                offsets allowed) or a date (2026-01-01); default: now\n"
    "  --role ROLE   what the leaf must be: ci, eum, euicc, dp-auth, dp-pb,\n"
    "                dp-tls, ds-auth, ds-tls, ci-subca, eum-subca, dp-subca,\n"
    "                ds-subca (default: from its policy OID; `esv rules`\n"
    "                describes each)\n"
    "  -j, --jobs N  accepted for scripts that pass it to every command, and\n"
    "                without effect: the FILEs are one verification\n"
    "\n"
    "Without --ci no chain, signature or revocation is checked, and the\n"
    "report says so (PKI-062, info).\n\n";

static int digits(const char *s, int n, int *out)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* RFC 3339 date-time (or a full-date) to Unix seconds. 0 or -1. */
int cli_parse_time(const char *s, int64_t *out)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
    size_t n = strlen(s);
    const char *p;
    if (n < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
        (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
        return -1;
    p = s + 10;
    if (*p != '\0') {
        if ((*p != 'T' && *p != 't' && *p != ' ') || strlen(p) < 9 || digits(p + 1, 2, &h) ||
            p[3] != ':' || digits(p + 4, 2, &mi) || p[6] != ':' || digits(p + 7, 2, &se))
            return -1;
        if (h > 23 || mi > 59 || se > 60)
            return -1;
        p += 9;
        if (*p == '.') { /* fraction: ignored */
            p++;
            if (!isdigit((unsigned char)*p))
                return -1;
            while (isdigit((unsigned char)*p))
                p++;
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            sign = *p == '+' ? 1 : -1;
            if (strlen(p) != 6 || digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) ||
                oh > 23 || om > 59)
                return -1;
            p += 6;
        } else {
            return -1;
        }
        if (*p != '\0')
            return -1;
    }
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + (se > 59 ? 59 : se) -
           sign * (oh * 3600 + om * 60);
    return 0;
}

int cli_add_trust_files(esv_trust *trust, const char *cmd, const file_list *files, int crl, size_t max)
{
    int i;
    for (i = 0; i < files->n; i++) {
        unsigned char *data;
        size_t len;
        esv_status st;
        if (cli_read_file(files->names[i], max, &data, &len))
            return -1;
        st = crl ? esv_trust_add_crl(trust, data, len) : esv_trust_add_ci(trust, data, len);
        cli_free_file(data, len);
        if (st != ESV_OK) {
            fprintf(stderr, "esv %s: %s: %s: %s\n", cmd, crl ? "--crl" : "--ci", files->names[i],
                    st == ESV_E_PARSE ? (crl ? "not a DER or PEM CRL" : "not a DER or PEM certificate")
                                      : esv_status_str(st));
            return -1;
        }
    }
    return 0;
}

int cli_setup_trust(const cli_opts *opts, const char *cmd, const file_list *cis, const file_list *crls,
                    esv_trust **out)
{
    size_t max = (size_t)esv_ctx_limit(opts->ctx, ESV_LIMIT_INPUT_BYTES);
    *out = NULL;
    if (cis->n == 0) {
        if (crls->n > 0) {
            fprintf(stderr, "esv %s: --crl needs --ci (CRLs are applied to chains)\n", cmd);
            return -1;
        }
        return 0;
    }
    if (esv_trust_new(out) != ESV_OK || cli_add_trust_files(*out, cmd, cis, 0, max) ||
        cli_add_trust_files(*out, cmd, crls, 1, max)) {
        esv_trust_free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int cli_set_time(const cli_opts *opts, const char *cmd, const char *at)
{
    int64_t when = 0;
    if (at == NULL)
        return 0;
    if (cli_parse_time(at, &when) || esv_ctx_set_time(opts->ctx, when) != ESV_OK) {
        fprintf(stderr, "esv %s: --at %s: not an RFC 3339 time (2026-01-01T00:00:00Z)\n", cmd, at);
        return -1;
    }
    return 0;
}

int cmd_cert(int argc, char **argv)
{
    cli_opts opts;
    int exit_code = EXIT_PASS, i, n = 0;
    char **args = calloc((size_t)argc + 1, sizeof(char *));
    file_list cis = {NULL, 0}, crls = {NULL, 0};
    const char *at = NULL, *role_name = NULL;
    esv_cert_role role = ESV_ROLE_ANY;
    esv_trust *trust = NULL;
    esv_blob *blobs = NULL;
    unsigned char **datas = NULL;
    esv_report *report = NULL;
    esv_status st;

    cis.names = calloc((size_t)argc + 1, sizeof(char *));
    crls.names = calloc((size_t)argc + 1, sizeof(char *));
    if (args == NULL || cis.names == NULL || crls.names == NULL) {
        exit_code = EXIT_USAGE;
        goto out_args;
    }
    {
        const cli_valopt vo[] = {
            {"--ci", NULL, &cis}, {"--crl", NULL, &crls}, {"--at", &at, NULL}, {"--role", &role_name, NULL},
        };
        if (cli_take_valopts(argc, argv, "cert", vo, sizeof(vo) / sizeof(vo[0]), args, &n)) {
            exit_code = EXIT_USAGE;
            goto out_args;
        }
    }
    if (cli_parse(n, args, "cert", cert_help, &opts, &exit_code))
        goto out_args;
    if (cli_set_time(&opts, "cert", at)) {
        exit_code = EXIT_USAGE;
        goto out;
    }
    if (role_name && esv_cert_role_parse(role_name, &role) != ESV_OK) {
        fprintf(stderr, "esv cert: --role %s: unknown role (ci, eum, euicc, dp-auth, dp-pb, "
                        "dp-tls, ds-auth, ds-tls, ci-subca, eum-subca, dp-subca, ds-subca)\n",
                role_name);
        exit_code = EXIT_USAGE;
        goto out;
    }
    if (opts.ninputs == 0) {
        fprintf(stderr, "esv cert: no input files\nTry 'esv cert --help'.\n");
        exit_code = EXIT_USAGE;
        goto out;
    }
    if (cli_setup_trust(&opts, "cert", &cis, &crls, &trust)) {
        exit_code = EXIT_USAGE;
        goto out;
    }
    blobs = calloc((size_t)opts.ninputs, sizeof(*blobs));
    datas = calloc((size_t)opts.ninputs, sizeof(*datas));
    if (blobs == NULL || datas == NULL) {
        exit_code = EXIT_USAGE;
        goto out;
    }
    for (i = 0; i < opts.ninputs; i++) {
        size_t len;
        if (cli_read_file(opts.inputs[i], (size_t)esv_ctx_limit(opts.ctx, ESV_LIMIT_INPUT_BYTES),
                          &datas[i], &len)) {
            exit_code = EXIT_USAGE;
            goto out;
        }
        blobs[i].data = datas[i];
        blobs[i].len = len;
    }
    st = esv_cert_verify(opts.ctx, trust, blobs, (size_t)opts.ninputs, role, &report);
    if (report == NULL) {
        fprintf(stderr, "esv cert: %s\n", esv_status_str(st));
        exit_code = EXIT_USAGE;
        goto out;
    }
    exit_code = cli_report_exit(&opts, report, opts.inputs[0]);
    esv_report_free(report);
out:
    exit_code = cli_doc_finish(&opts, exit_code);
    if (datas)
        for (i = 0; i < opts.ninputs; i++)
            cli_free_file(datas[i], blobs ? blobs[i].len : 0);
    free(datas);
    free(blobs);
    esv_trust_free(trust);
    cli_opts_free(&opts);
out_args:
    free(args);
    free(cis.names);
    free(crls.names);
    fflush(stdout);
    return exit_code;
}
