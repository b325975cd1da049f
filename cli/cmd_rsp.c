/*
 * cmd_rsp.c - esv rsp: SGP.22 messages, one by one or as a whole session,
 * each checked against what the messages before it established.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char rsp_help[] =
    "usage: esv rsp [--ci FILE]... [--crl FILE]... [--at TIME]\n"
    "               [--transaction-id HEX] [--server-challenge HEX]\n"
    "               [--euicc-challenge HEX] [--server-address HOST]\n"
    "               [--confirmation-code CODE] [--otsk-dp HEX]\n"
    "               [--session-keys SENC:SMAC:ICV] [--dpauth FILE] [--dppb FILE]\n"
    "               [--prepare-download FILE] [--eid DIGITS] [--session DIR|HAR]\n"
    "               [-j N] [OPTIONS] FILE...\n"
    "\n"
    "Verifies SGP.22 Profile download messages (ES9+ ASN.1 binding and ES10b,\n"
    "DER) over the exact bytes: the schema, the signatures (serverSignature1,\n"
    "euiccSignature1, smdpSignature2, euiccSignature2, euiccSignPIR), the\n"
    "certificates each carries (their chains with --ci), and the session:\n"
    "transactionId, challenges, server address, key identifiers. The message\n"
    "type comes from the outer tag, or for a JSON body (the ES9+ JSON binding:\n"
    "a file whose first character is '{') from its members. The FILEs are one session, in the order\n"
    "given: each message is checked against what the ones before it\n"
    "established. A check whose input is missing is reported as not\n"
    "performed (RSP-003, info), never passed.\n"
    "\n"
    "  --ci FILE, --crl FILE, --at TIME   the trust and time, as for esv cert\n"
    "  --transaction-id HEX, --server-challenge HEX, --euicc-challenge HEX,\n"
    "  --server-address HOST, --confirmation-code CODE\n"
    "                the session's values, when known beforehand (an SM-DP+\n"
    "                knows its own)\n"
    "  --otsk-dp HEX the SM-DP+'s one-time private key: the BoundProfilePackage\n"
    "                is decrypted and the profile in it verified\n"
    "  --session-keys SENC:SMAC:ICV  the session keys themselves (hex)\n"
    "  --dpauth FILE, --dppb FILE  the SM-DP+'s certificates (DER), when the\n"
    "                messages given do not carry them (smdpSign, smdpOid)\n"
    "  --eid DIGITS  the eUICC's EID (32 digits), for the session keys when no\n"
    "                AuthenticateServerResponse gives it\n"
    "  --prepare-download FILE  the eUICC's PrepareDownloadResponse (its\n"
    "                one-time key), verified before the FILEs\n"
    "  --session HAR a HAR file (HTTP Archive, as browsers and intercepting\n"
    "                proxies export) of an ES9+ exchange: each request and\n"
    "                response body, in order, as one session\n"
    "  --session DIR a folder laid out by message: euicc-challenge.bin,\n"
    "                transaction-id.bin, server-challenge.bin, otsk-dp.bin (raw\n"
    "                values, when present), then initiate-response.der,\n"
    "                auth-server-response.der, authenticate-response.der,\n"
    "                prepare-download-response.der, bound-profile-package.der,\n"
    "                pending-notification.der (each verified when present, in\n"
    "                that order)\n"
    "  -j, --jobs N  accepted for scripts that pass it to every command, and\n"
    "                without effect: the messages of a session are verified\n"
    "                one after another, each against the ones before it\n\n";

/* The session folder's messages, in protocol order (SGP.22 3.1.2, 3.1.3). */
static const char *const session_messages[] = {
    "initiate-request.der",          "initiate-response.der",   "auth-server-response.der",
    "authenticate-response.der",     "prepare-download-response.der",
    "bound-profile-package.der",     "pending-notification.der",
};

static const struct {
    const char *file;
    esv_rsp_value value;
} session_values[] = {
    {"euicc-challenge.bin", ESV_RSP_EUICC_CHALLENGE},
    {"transaction-id.bin", ESV_RSP_TRANSACTION_ID},
    {"server-challenge.bin", ESV_RSP_SERVER_CHALLENGE},
    {"otsk-dp.bin", ESV_RSP_OTSK_DP},
};

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Sets a session value from hex text. 0 or -1. */
static int set_hex(esv_rsp_session *s, esv_rsp_value w, const char *opt, const char *hex)
{
    uint8_t b[64];
    size_t n = strlen(hex), i;
    if (n == 0 || n % 2 || n / 2 > sizeof(b)) {
        fprintf(stderr, "esv rsp: %s %s: not an even number of hex digits (at most 128)\n", opt, hex);
        return -1;
    }
    for (i = 0; i < n / 2; i++) {
        int hi = hexval((unsigned char)hex[2 * i]), lo = hexval((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            fprintf(stderr, "esv rsp: %s %s: not hex\n", opt, hex);
            return -1;
        }
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    if (esv_rsp_session_set(s, w, b, n / 2) != ESV_OK) {
        fprintf(stderr, "esv rsp: %s %s: a length this value cannot have\n", opt, hex);
        return -1;
    }
    return 0;
}

/* Verifies one message file; returns the exit status for it. */
static int verify_one(const cli_opts *opts, const esv_trust *trust, esv_rsp_session *s, const char *path)
{
    unsigned char *data;
    size_t len;
    esv_report *r = NULL;
    esv_status st;
    int code;

    if (cli_read_file(path, (size_t)esv_ctx_limit(opts->ctx, ESV_LIMIT_INPUT_BYTES), &data, &len))
        return EXIT_USAGE;
    {
        /* JSON binding (an HTTP body) or DER: the first non-blank byte */
        size_t k = 0;
        while (k < len && (data[k] == ' ' || data[k] == '\t' || data[k] == '\r' || data[k] == '\n'))
            k++;
        st = k < len && data[k] == '{' ? esv_rsp_verify_json(opts->ctx, trust, s, data, len, &r)
                                       : esv_rsp_verify(opts->ctx, trust, s, data, len, &r);
    }
    cli_free_file(data, len);
    if (r == NULL) {
        fprintf(stderr, "esv rsp: %s: %s\n", path, esv_status_str(st));
        return EXIT_USAGE;
    }
    code = cli_report_exit(opts, r, path);
    esv_report_free(r);
    return code;
}

typedef struct har_out {
    const cli_opts *opts;
    const char *path;
    int exit_code;
} har_out;

static int har_report(void *opaque, const char *name, const esv_report *r)
{
    har_out *h = opaque;
    char full[4200];
    snprintf(full, sizeof(full), "%s: %s", h->path, name);
    h->exit_code = cli_worse(h->exit_code, cli_report_exit(h->opts, r, full));
    return h->exit_code == EXIT_USAGE; /* stop when a report cannot be written */
}

/* A HAR file of an ES9+ exchange (esv_rsp_verify_har). */
static int verify_har(const cli_opts *opts, const esv_trust *trust, esv_rsp_session *s, const char *path)
{
    unsigned char *data;
    size_t len;
    har_out h = {opts, path, EXIT_PASS};
    esv_status st;
    if (cli_read_file(path, (size_t)esv_ctx_limit(opts->ctx, ESV_LIMIT_INPUT_BYTES), &data, &len))
        return EXIT_USAGE;
    st = esv_rsp_verify_har(opts->ctx, trust, s, data, len, har_report, &h);
    cli_free_file(data, len);
    if (st != ESV_OK && h.exit_code != EXIT_USAGE) {
        fprintf(stderr, "esv rsp: %s: %s\n", path, esv_status_str(st));
        return EXIT_USAGE;
    }
    return h.exit_code;
}

/* Sets a session value from a file's bytes (at most max). 0 or -1 after
 * saying why. */
static int value_from_file(esv_rsp_session *s, esv_rsp_value w, const char *path, size_t max)
{
    unsigned char *data;
    size_t len;
    int rc = 0;
    if (cli_read_file(path, max, &data, &len))
        return -1;
    if (esv_rsp_session_set(s, w, data, len) != ESV_OK) {
        fprintf(stderr, "esv rsp: %s: %zu bytes, a length this value cannot have\n", path, len);
        rc = -1;
    }
    cli_free_file(data, len);
    return rc;
}

/* Does path name a file that opens? */
static int exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    fclose(f);
    return 1;
}

/* Reads a session folder's values and verifies its messages in order. */
static int verify_session(const cli_opts *opts, const esv_trust *trust, esv_rsp_session *s, const char *dir)
{
    char path[4096];
    size_t i;
    int exit_code = EXIT_PASS, found = 0;

    for (i = 0; i < sizeof(session_values) / sizeof(session_values[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, session_values[i].file);
        if (exists(path) && value_from_file(s, session_values[i].value, path, 4096))
            return EXIT_USAGE;
    }
    for (i = 0; i < sizeof(session_messages) / sizeof(session_messages[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, session_messages[i]);
        if (!exists(path))
            continue;
        found++;
        exit_code = cli_worse(exit_code, verify_one(opts, trust, s, path));
    }
    if (found == 0) {
        fprintf(stderr, "esv rsp: --session %s: no message files (see esv rsp --help)\n", dir);
        return EXIT_USAGE;
    }
    return exit_code;
}

int cmd_rsp(int argc, char **argv)
{
    cli_opts opts;
    int exit_code = EXIT_PASS, i, n = 0;
    char **args = calloc((size_t)argc + 1, sizeof(char *));
    file_list cis = {NULL, 0}, crls = {NULL, 0};
    const char *at = NULL, *session_dir = NULL, *address = NULL, *cc = NULL, *skeys = NULL, *pdr = NULL,
               *eid = NULL;
    /* the values given in hex, and the certificates given as files */
    const char *hex_arg[4] = {NULL, NULL, NULL, NULL}, *cert_arg[2] = {NULL, NULL};
    static const char *const hex_names[4] = {"--transaction-id", "--server-challenge", "--euicc-challenge",
                                             "--otsk-dp"};
    static const esv_rsp_value hex_values[4] = {ESV_RSP_TRANSACTION_ID, ESV_RSP_SERVER_CHALLENGE,
                                                ESV_RSP_EUICC_CHALLENGE, ESV_RSP_OTSK_DP};
    static const esv_rsp_value cert_values[2] = {ESV_RSP_DPAUTH_CERTIFICATE, ESV_RSP_DPPB_CERTIFICATE};
    const cli_valopt vo[] = {
        {"--ci", NULL, &cis},
        {"--crl", NULL, &crls},
        {"--at", &at, NULL},
        {"--session", &session_dir, NULL},
        {"--server-address", &address, NULL},
        {"--confirmation-code", &cc, NULL},
        {"--session-keys", &skeys, NULL},
        {"--prepare-download", &pdr, NULL},
        {"--eid", &eid, NULL},
        {"--dpauth", &cert_arg[0], NULL},
        {"--dppb", &cert_arg[1], NULL},
        {"--transaction-id", &hex_arg[0], NULL},
        {"--server-challenge", &hex_arg[1], NULL},
        {"--euicc-challenge", &hex_arg[2], NULL},
        {"--otsk-dp", &hex_arg[3], NULL},
    };
    esv_trust *trust = NULL;
    esv_rsp_session *s = NULL;

    memset(&opts, 0, sizeof(opts));
    cis.names = calloc((size_t)argc + 1, sizeof(char *));
    crls.names = calloc((size_t)argc + 1, sizeof(char *));
    if (args == NULL || cis.names == NULL || crls.names == NULL ||
        cli_take_valopts(argc, argv, "rsp", vo, sizeof(vo) / sizeof(vo[0]), args, &n)) {
        exit_code = EXIT_USAGE;
        goto out_args;
    }
    if (cli_parse(n, args, "rsp", rsp_help, &opts, &exit_code))
        goto out_args;
    if (cli_set_time(&opts, "rsp", at)) {
        exit_code = EXIT_USAGE;
        goto out;
    }
    if (opts.ninputs == 0 && session_dir == NULL) {
        fprintf(stderr, "esv rsp: no input files\nTry 'esv rsp --help'.\n");
        exit_code = EXIT_USAGE;
        goto out;
    }
    if (cli_setup_trust(&opts, "rsp", &cis, &crls, &trust)) {
        exit_code = EXIT_USAGE;
        goto out;
    }
    if (esv_rsp_session_new(&s) != ESV_OK) {
        exit_code = EXIT_USAGE;
        goto out;
    }
    for (i = 0; i < 4; i++)
        if (hex_arg[i] && set_hex(s, hex_values[i], hex_names[i], hex_arg[i])) {
            exit_code = EXIT_USAGE;
            goto out;
        }
    if (skeys) {
        char joined[129];
        size_t k = 0;
        for (const char *c = skeys; *c && k < sizeof(joined) - 1; c++)
            if (*c != ':')
                joined[k++] = *c;
        joined[k] = '\0';
        if (strlen(skeys) != 98 || skeys[32] != ':' || skeys[65] != ':' ||
            set_hex(s, ESV_RSP_SESSION_KEYS, "--session-keys", joined)) {
            fprintf(stderr, "esv rsp: --session-keys: S-ENC:S-MAC:ICV, 32 hex digits each\n");
            exit_code = EXIT_USAGE;
            goto out;
        }
    }
    if (eid && esv_rsp_session_set(s, ESV_RSP_EID, (const uint8_t *)eid, strlen(eid)) != ESV_OK) {
        fprintf(stderr, "esv rsp: --eid %s: 32 decimal digits\n", eid);
        exit_code = EXIT_USAGE;
        goto out;
    }
    if ((address && esv_rsp_session_set(s, ESV_RSP_SERVER_ADDRESS, (const uint8_t *)address, strlen(address))) ||
        (cc && esv_rsp_session_set(s, ESV_RSP_CONFIRMATION_CODE, (const uint8_t *)cc, strlen(cc)))) {
        exit_code = EXIT_USAGE;
        goto out;
    }
    /* the SM-DP+'s own certificates (DER), when not in the messages */
    for (i = 0; i < 2; i++)
        if (cert_arg[i] &&
            value_from_file(s, cert_values[i], cert_arg[i], (size_t)esv_ctx_limit(opts.ctx, ESV_LIMIT_INPUT_BYTES))) {
            exit_code = EXIT_USAGE;
            goto out;
        }
    /* the eUICC's PrepareDownloadResponse (its euiccOtpk), verified first */
    if (pdr)
        exit_code = verify_one(&opts, trust, s, pdr);
    if (session_dir && exit_code != EXIT_USAGE) {
        FILE *probe = fopen(session_dir, "rb");
        int is_file = 0;
        if (probe != NULL) {
            /* a folder opens but does not read */
            char c;
            is_file = fread(&c, 1, 1, probe) == 1 || !ferror(probe);
            fclose(probe);
        }
        exit_code = cli_worse(exit_code, is_file ? verify_har(&opts, trust, s, session_dir)
                                                  : verify_session(&opts, trust, s, session_dir));
    }
    for (i = 0; i < opts.ninputs && exit_code != EXIT_USAGE; i++)
        exit_code = cli_worse(exit_code, verify_one(&opts, trust, s, opts.inputs[i]));
out:
    exit_code = cli_doc_finish(&opts, exit_code);
    esv_rsp_session_free(s);
    esv_trust_free(trust);
    cli_opts_free(&opts);
out_args:
    free(args);
    free(cis.names);
    free(crls.names);
    fflush(stdout);
    return exit_code;
}
