/*
 * cmd_show.c - esv show: a profile package decoded, as a tree of its
 * elements and fields (text) or as JSON (esv_profile_show); with --tlv, the
 * DER structure of any file as an indented tree or nested JSON. Either way
 * the input goes through the strict DER reader first; a malformed file is
 * reported like `esv der` would, and not shown.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char show_help[] =
    "usage: esv show [--tlv] [OPTIONS] FILE...\n"
    "\n"
    "Prints each profile package decoded: per element its index, type,\n"
    "identification, offset and size, then its fields as a tree, as named in\n"
    "the SAIP schema (octet strings in hex, cut after 64 bytes; integers in\n"
    "decimal; OIDs dotted; strings quoted). --format json prints one JSON\n"
    "object per file: {elements: [{index, offset, length, tag, type,\n"
    "identification, value}], complete}, with whole values. The output holds\n"
    "the package's keys and PINs as they are. A file that is not well-formed\n"
    "DER is reported instead of shown; elements that do not decode as profile\n"
    "elements are marked and the exit status is 1 ('esv profile FILE' says\n"
    "why). A PE-Application's load block is followed by its Java Card load\n"
    "file as read: package AID and version, applets, imported packages and\n"
    "their class (JSON: a cap member), or why it is not a well-formed CAP.\n"
    "\n"
    "      --tlv            show the DER tree of any DER file instead (one value\n"
    "                       or a sequence of values): offset, tag, length and,\n"
    "                       for primitive values, the contents (strings as text,\n"
    "                       OIDs dotted, times as written, other contents in hex,\n"
    "                       cut after 64 bytes). --format json: {input, values:\n"
    "                       [{offset, class, tag, constructed, length,\n"
    "                       children | hex | text}]}.\n\n";

/* Options of the common set that take a value (so "--policy --tlv" keeps
 * its value). */
static int takes_value(const char *a)
{
    static const char *const opts[] = {"-f", "--format", "-p", "--policy", "-s", "--set",
                                       "-d", "--disable", "--max-bytes", "--max-depth",
                                       "--max-elements", "--max-findings"};
    size_t i;
    for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
        if (strcmp(a, opts[i]) == 0)
            return 1;
    return 0;
}

/* Copies argv to out without the show-only option --tlv; returns the new
 * count and sets *tlv. */
static int strip_tlv(int argc, char **argv, char **out, int *tlv)
{
    int i, n = 0, only_inputs = 0;
    *tlv = 0;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (i > 0 && !only_inputs) {
            if (strcmp(a, "--tlv") == 0) {
                *tlv = 1;
                continue;
            }
            if (strcmp(a, "--") == 0) {
                only_inputs = 1;
            } else if (takes_value(a) && i + 1 < argc) {
                out[n++] = argv[i++];
            }
        }
        out[n++] = argv[i];
    }
    out[n] = NULL;
    return n;
}

/* The TLV view of one well-formed file (esv_der_show). Returns 0 or -1. */
static int show_tlv(const cli_opts *opts, const char *name, const unsigned char *data,
                    size_t len)
{
    esv_status st = esv_der_show(opts->ctx, data, len, ESV_DER_SEQUENCE_OF_VALUES,
                                 opts->format == ESV_FORMAT_JSON ? ESV_FORMAT_JSON
                                                                 : ESV_FORMAT_TEXT,
                                 name, cli_write_stdout, NULL);
    return st == ESV_OK ? 0 : -1;
}

static int discard(void *opaque, const void *data, size_t len)
{
    (void)opaque;
    (void)data;
    (void)len;
    return 0;
}

/* The decoded view of one well-formed file, written as it is made (a
 * large package is not held twice in memory). Returns the exit status for
 * it. */
static int show_profile(const cli_opts *opts, const char *name, const unsigned char *data,
                        size_t len)
{
    cli_out head = {0};
    esv_status st;
    int code = EXIT_PASS;

    if (opts->format == ESV_FORMAT_TEXT && !opts->quiet) {
        cli_out_escaped(&head, name);
        (void)cli_out_write(&head, ": ", 2);
        if (head.failed || fwrite(head.data, 1, head.len, stdout) != head.len) {
            cli_out_free(&head);
            fprintf(stderr, "esv show: %s: cannot write output\n", name);
            return EXIT_USAGE;
        }
        cli_out_free(&head);
    }
    st = esv_profile_show(opts->ctx, data, len, opts->format,
                          opts->quiet ? discard : cli_write_stdout, NULL);
    if (st == ESV_E_IO) {
        fprintf(stderr, "esv show: %s: cannot write output\n", name);
        return EXIT_USAGE;
    }
    if (st != ESV_OK && st != ESV_E_PARSE && st != ESV_E_LIMIT) {
        fprintf(stderr, "esv show: %s: %s (the output above is incomplete)\n", name,
                esv_status_str(st));
        return EXIT_USAGE;
    }
    if (st != ESV_OK) {
        fprintf(stderr,
                "esv show: %s: not a whole profile package (some elements do not decode); "
                "'esv profile %s' says why, 'esv show --tlv' shows any DER\n",
                name, name);
        code = EXIT_FAIL;
    }
    return code;
}

int cmd_show(int argc, char **argv)
{
    cli_opts opts;
    int exit_code = EXIT_PASS, i, tlv = 0, nargc;
    char **args = calloc((size_t)argc + 1, sizeof(char *));

    if (args == NULL) {
        fprintf(stderr, "esv: out of memory\n");
        return EXIT_USAGE;
    }
    nargc = strip_tlv(argc, argv, args, &tlv);
    if (cli_parse(nargc, args, "show", show_help, &opts, &exit_code)) {
        free(args);
        return exit_code;
    }
    free(args);
    if (opts.ninputs == 0) {
        fprintf(stderr, "esv show: no input files\nTry 'esv show --help'.\n");
        cli_opts_free(&opts);
        return EXIT_USAGE;
    }
    if (!tlv && opts.format == ESV_FORMAT_CBOR) {
        fprintf(stderr, "esv show: --format cbor is not supported (text or json)\n"
                        "Try 'esv show --help'.\n");
        cli_opts_free(&opts);
        return EXIT_USAGE;
    }
    for (i = 0; i < opts.ninputs; i++) {
        const char *name = opts.inputs[i];
        unsigned char *data;
        size_t len;
        esv_report *report = NULL;
        esv_status st;

        if (cli_read_file(name, (size_t)esv_ctx_limit(opts.ctx, ESV_LIMIT_INPUT_BYTES),
                          &data, &len)) {
            exit_code = EXIT_USAGE;
            continue;
        }
        st = esv_der_verify(opts.ctx, data, len, ESV_DER_SEQUENCE_OF_VALUES, &report);
        if (report == NULL) {
            fprintf(stderr, "esv show: %s: %s\n", name, esv_status_str(st));
            cli_free_file(data, len);
            exit_code = EXIT_USAGE;
            continue;
        }
        if (esv_report_verdict(report) == ESV_VERDICT_FAIL) {
            /* Not well-formed: say why instead of showing a partial tree. */
            exit_code = cli_worse(exit_code, cli_report_exit(&opts, report, name));
        } else if (tlv) {
            if (!opts.quiet && show_tlv(&opts, name, data, len)) {
                fprintf(stderr, "esv show: %s: cannot write output\n", name);
                exit_code = EXIT_USAGE;
            }
        } else {
            int code = show_profile(&opts, name, data, len);
            exit_code = cli_worse(exit_code, code);
        }
        esv_report_free(report);
        cli_free_file(data, len);
    }
    cli_opts_free(&opts);
    return exit_code;
}
