/*
 * cmd_verify.c - esv profile | der: verify each input file and
 * write one report per input.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char profile_help[] =
    "usage: esv profile [-j N] [OPTIONS] FILE...\n"
    "\n"
    "Verifies profile packages (TCA eUICC Profile Package, 'SAIP': a sequence\n"
    "of DER ProfileElement values). Each element's DER tree is checked on its\n"
    "own; findings give the element index and byte offset.\n"
    "\n"
    "  -j, --jobs N         verify N files at once (1 to 256; default: the\n"
    "                       number of online CPUs); the reports and the exit\n"
    "                       status are those of -j 1, in the order of the FILEs.\n"
    "                       On a terminal, stderr shows the progress.\n\n";

static const char der_help[] =
    "usage: esv der [--sequence] [-j N] [OPTIONS] FILE...\n"
    "\n"
    "Checks that each file is one strict DER value, whatever it holds; with\n"
    "--sequence, a concatenation of DER values.\n"
    "\n"
    "  -j, --jobs N         check N files at once, as for esv profile\n\n";

/* Standard input read before the workers start, in the order of the
 * FILEs: reading it is sequential, whatever -j says. */
typedef struct preread {
    unsigned char *data;
    size_t len;
    int failed;
    cli_out err;
} preread;

typedef struct verify_job {
    const cli_opts *opts;
    const char *cmd;
    int sequence;
    preread *pre; /* per input; NULL when no FILE is '-' */
} verify_job;

/* Verifies input i (a worker thread, or this one with -j 1). */
static void verify_input(void *arg, int i, cli_job_out *res)
{
    const verify_job *v = arg;
    const char *name = v->opts->inputs[i];
    unsigned char *data;
    size_t len;
    esv_report *report = NULL;
    esv_status st;

    if (v->pre != NULL && strcmp(name, "-") == 0) {
        preread *p = &v->pre[i];
        res->err = p->err;
        memset(&p->err, 0, sizeof(p->err));
        data = p->data;
        len = p->len;
        p->data = NULL;
        if (p->failed) {
            res->code = EXIT_USAGE;
            return;
        }
    } else if (cli_read_file_msg(name, (size_t)esv_ctx_limit(v->opts->ctx, ESV_LIMIT_INPUT_BYTES), &data,
                                 &len, &res->err)) {
        res->code = EXIT_USAGE;
        return;
    }
    if (!strcmp(v->cmd, "profile"))
        st = esv_profile_verify(v->opts->ctx, data, len, &report);
    else
        st = esv_der_verify(v->opts->ctx, data, len, v->sequence ? ESV_DER_SEQUENCE_OF_VALUES : 0, &report);
    if (report == NULL) {
        cli_free_file(data, len);
        cli_out_printf(&res->err, "esv %s: %s: %s\n", v->cmd, name, esv_status_str(st));
        res->code = EXIT_USAGE;
        return;
    }
    if (v->opts->doc != NULL) {
        /* the writer adds it to the document in input order; an HTML page
         * shows a profile's element tree, made from its bytes */
        res->code = esv_report_verdict(report) == ESV_VERDICT_FAIL ? EXIT_FAIL : EXIT_PASS;
        res->report = report;
        res->name = name;
        if (v->opts->format == ESV_FORMAT_HTML && !strcmp(v->cmd, "profile")) {
            res->data = data;
            res->len = len;
        } else {
            cli_free_file(data, len);
        }
        return;
    }
    cli_free_file(data, len);
    res->code = cli_job_report(v->opts, report, name, res);
    esv_report_free(report);
}

int cmd_verify(int argc, char **argv, const char *cmd)
{
    const char *help = !strcmp(cmd, "profile") ? profile_help : der_help;
    cli_opts opts;
    int exit_code = EXIT_PASS, i, sequence = 0, n = 0;
    char **args = calloc((size_t)argc + 1, sizeof(char *));
    verify_job job;

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
    job.opts = &opts;
    job.cmd = cmd;
    job.sequence = sequence;
    job.pre = NULL;
    if (opts.jobs > 1)
        for (i = 0; i < opts.ninputs; i++) {
            if (strcmp(opts.inputs[i], "-") != 0)
                continue;
            if (job.pre == NULL && (job.pre = calloc((size_t)opts.ninputs, sizeof(*job.pre))) == NULL) {
                fprintf(stderr, "esv: out of memory\n");
                cli_opts_free(&opts);
                return EXIT_USAGE;
            }
            job.pre[i].failed = cli_read_file_msg("-", (size_t)esv_ctx_limit(opts.ctx, ESV_LIMIT_INPUT_BYTES),
                                                  &job.pre[i].data, &job.pre[i].len, &job.pre[i].err) != 0;
        }
    exit_code = cli_run_jobs(&opts, cmd, opts.ninputs, verify_input, &job);
    exit_code = cli_doc_finish(&opts, exit_code);
    if (job.pre != NULL) {
        for (i = 0; i < opts.ninputs; i++) {
            cli_free_file(job.pre[i].data, job.pre[i].len);
            cli_out_free(&job.pre[i].err);
        }
        free(job.pre);
    }
    cli_opts_free(&opts);
    fflush(stdout);
    return exit_code;
}
