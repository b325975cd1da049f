/*
 * cmd_verdict.c - esv verdict verify: checks signed verdicts (the
 * COSE_Sign1 items that --format cbor --sign writes) with a public key and
 * prints what each signed report says.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char verdict_help[] =
    "usage: esv verdict verify --key PUB.pem [-q] FILE...\n"
    "\n"
    "Checks every signed verdict in the FILEs: COSE_Sign1 items (RFC 9052,\n"
    "tag 18; a file may hold several, one after another) as 'esv profile|cert|\n"
    "rsp --format cbor --sign KEY.pem' writes them, with the P-256 public key\n"
    "PUB.pem (PEM 'PUBLIC KEY'). The protected header must say alg ES256\n"
    "(-7); the payload must be an esv report. For each item, one line:\n"
    "  FILE#N: signature valid: VERDICT (input NAME, kind KIND, policy P):\n"
    "         E errors, W warnings, I info[, D dropped]\n"
    "or FILE#N: REJECTED: the reason (signature does not verify with this\n"
    "key, truncated or malformed CBOR, another algorithm, a payload that is\n"
    "not a report).\n"
    "\n"
    "  --key PUB.pem  the signer's public key (required)\n"
    "  -q, --quiet    print nothing; the exit status tells\n"
    "  -h, --help     this help\n"
    "\n"
    "Exit status: 0 every signature verified (whatever the verdicts say),\n"
    "1 any item was rejected (or a file holds none), 2 usage or I/O error.\n";

#define KEY_FILE_MAX (64u * 1024u)
#define VERDICT_FILE_MAX (256u * 1024u * 1024u)

/* Prints s escaped for the terminal (input-derived text). */
static void put_escaped(const char *s)
{
    size_t need = esv_text_escape(NULL, 0, s, strlen(s));
    char *t = malloc(need + 1);
    if (t == NULL) {
        fputs("?", stdout);
        return;
    }
    (void)esv_text_escape(t, need + 1, s, strlen(s));
    fputs(t, stdout);
    free(t);
}

static const char *field_or(const esv_signed_verdict *v, const char *name, const char *dflt)
{
    const char *s = esv_signed_verdict_field(v, name);
    return s ? s : dflt;
}

/* One line for item n of path. */
static void print_item(const char *path, size_t n, const esv_signed_verdict *v)
{
    esv_signature_check c = esv_signed_verdict_check(v);
    put_escaped(path);
    printf("#%zu: ", n);
    if (c != ESV_SIGNATURE_VALID) {
        printf("REJECTED: %s\n", esv_signature_check_str(c));
        return;
    }
    printf("signature valid: %s (input ", esv_signed_verdict_verdict(v) == ESV_VERDICT_PASS ? "PASS" : "FAIL");
    put_escaped(field_or(v, "input", "(none)"));
    fputs(", kind ", stdout);
    put_escaped(field_or(v, "kind", "?"));
    fputs(", policy ", stdout);
    put_escaped(field_or(v, "policy", "?"));
    printf("): %zu errors, %zu warnings, %zu info", esv_signed_verdict_count(v, ESV_SEV_ERROR),
           esv_signed_verdict_count(v, ESV_SEV_WARNING), esv_signed_verdict_count(v, ESV_SEV_INFO));
    if (esv_signed_verdict_dropped(v) > 0)
        printf(", %zu dropped", esv_signed_verdict_dropped(v));
    putchar('\n');
}

/* Checks every item of one file; returns its exit status. */
static int verify_file(const esv_verifier *key, const char *path, int quiet, size_t *rejected)
{
    unsigned char *data;
    size_t len, off = 0, n = 0;
    int code = EXIT_PASS;

    if (cli_read_file(path, VERDICT_FILE_MAX, &data, &len))
        return EXIT_USAGE;
    if (len > VERDICT_FILE_MAX) {
        fprintf(stderr, "esv verdict: %s: larger than %u bytes\n", path, VERDICT_FILE_MAX);
        cli_free_file(data, len);
        return EXIT_USAGE;
    }
    while (off < len) {
        esv_signed_verdict *v = NULL;
        size_t used = 0;
        esv_status st = esv_verdict_verify(key, data + off, len - off, &used, &v);
        if (st != ESV_OK) {
            fprintf(stderr, "esv verdict: %s: %s\n", path, esv_status_str(st));
            code = EXIT_USAGE;
            break;
        }
        n++;
        if (!quiet)
            print_item(path, n, v);
        if (esv_signed_verdict_check(v) != ESV_SIGNATURE_VALID) {
            (*rejected)++;
            code = cli_worse(code, EXIT_FAIL);
        }
        esv_signed_verdict_free(v);
        off += used ? used : len - off;
    }
    if (n == 0 && code == EXIT_PASS) {
        fprintf(stderr, "esv verdict: %s: empty: no signed verdict in it\n", path);
        (*rejected)++;
        code = EXIT_FAIL;
    }
    cli_free_file(data, len);
    return code;
}

int cmd_verdict(int argc, char **argv)
{
    const char *keyfile = NULL;
    const char **files;
    int nfiles = 0, i, quiet = 0, code = EXIT_PASS;
    unsigned char *pem;
    size_t pemlen, rejected = 0;
    esv_verifier *key = NULL;
    esv_status st;

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(verdict_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_PASS;
    }
    if (strcmp(argv[1], "verify") != 0) {
        fprintf(stderr, "esv verdict: unknown action '%s' (verify)\nTry 'esv verdict --help'.\n", argv[1]);
        return EXIT_USAGE;
    }
    if ((files = calloc((size_t)argc, sizeof(*files))) == NULL)
        return EXIT_USAGE;
    for (i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(verdict_help, stdout);
            free(files);
            return EXIT_PASS;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--key") || !strncmp(a, "--key=", 6)) {
            if (a[5] == '=') {
                keyfile = a + 6;
            } else if (i + 1 < argc) {
                keyfile = argv[++i];
            } else {
                fprintf(stderr, "esv verdict: --key needs a value\nTry 'esv verdict --help'.\n");
                free(files);
                return EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "esv verdict: unknown option '%s'\nTry 'esv verdict --help'.\n", a);
            free(files);
            return EXIT_USAGE;
        } else {
            files[nfiles++] = a;
        }
    }
    if (keyfile == NULL || nfiles == 0) {
        fprintf(stderr, "esv verdict: %s\nTry 'esv verdict --help'.\n",
                keyfile == NULL ? "--key PUB.pem is required" : "no input files");
        free(files);
        return EXIT_USAGE;
    }
    if (cli_read_file(keyfile, KEY_FILE_MAX, &pem, &pemlen)) {
        free(files);
        return EXIT_USAGE;
    }
    st = pemlen > KEY_FILE_MAX ? ESV_E_PARSE : esv_verifier_new(pem, pemlen, &key);
    cli_free_file(pem, pemlen);
    if (st != ESV_OK) {
        fprintf(stderr, "esv verdict: --key %s: %s\n", keyfile,
                st == ESV_E_UNSUPPORTED ? "not an EC public key on P-256 (ES256 needs one)"
                : st == ESV_E_PARSE     ? "not a PEM public key (PUBLIC KEY)"
                                        : esv_status_str(st));
        free(files);
        return EXIT_USAGE;
    }
    for (i = 0; i < nfiles; i++)
        code = cli_worse(code, verify_file(key, files[i], quiet, &rejected));
    if (rejected > 0)
        fprintf(stderr, "esv verdict: %zu signed verdict%s rejected\n", rejected, rejected == 1 ? "" : "s");
    esv_verifier_free(key);
    free(files);
    fflush(stdout);
    return code;
}
