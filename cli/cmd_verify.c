/*
 * cmd_verify.c - esv profile | der: verify each input file and
 * write one report per input.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char profile_help[] =
    "usage: esv profile [OPTIONS] FILE...\n"
    "\n"
    "Verifies profile packages (TCA eUICC Profile Package, 'SAIP': a sequence\n"
    "of DER ProfileElement values). Each element's DER tree is checked on its\n"
    "own; findings give the element index and byte offset.\n\n";

static const char der_help[] =
    "usage: esv der [--sequence] [OPTIONS] FILE...\n"
    "\n"
    "Checks that each file is one strict DER value, whatever it holds; with\n"
    "--sequence, a concatenation of DER values.\n\n";

int cmd_verify(int argc, char **argv, const char *cmd)
{
    const char *help = !strcmp(cmd, "profile") ? profile_help : der_help;
    cli_opts opts;
    int exit_code = EXIT_PASS, i, sequence = 0, n = 0;
    char **args = calloc((size_t)argc + 1, sizeof(char *));

    if (args == NULL)
        return EXIT_USAGE;
    for (i = 0; i < argc; i++) {
        if (!strcmp(cmd, "der") && !strcmp(argv[i], "--sequence"))
            sequence = 1;
        else
            args[n++] = argv[i];
    }
    if (cli_parse(n, args, cmd, help, &opts, &exit_code)) {
        free(args);
        return exit_code;
    }
    free(args);
    if (opts.ninputs == 0) {
        fprintf(stderr, "esv %s: no input files\nTry 'esv %s --help'.\n", cmd, cmd);
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
        if (!strcmp(cmd, "profile"))
            st = esv_profile_verify(opts.ctx, data, len, &report);
        else
            st = esv_der_verify(opts.ctx, data, len, sequence ? ESV_DER_SEQUENCE_OF_VALUES : 0,
                                &report);
        cli_free_file(data, len);
        if (report == NULL) {
            fprintf(stderr, "esv %s: %s: %s\n", cmd, name, esv_status_str(st));
            exit_code = EXIT_USAGE;
            continue;
        }
        exit_code = cli_worse(exit_code, cli_report_exit(&opts, report, name));
        esv_report_free(report);
    }
    cli_opts_free(&opts);
    fflush(stdout);
    return exit_code;
}
