/*
 * cli.h - shared pieces of the esv tool.
 */
#ifndef ESV_CLI_H
#define ESV_CLI_H

#include <stdio.h>

#include <esv/esv.h>

/* Exit statuses. */
#define EXIT_PASS 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

/* Options common to the verifying subcommands. */
typedef struct cli_opts {
    esv_format format;
    int format_set;
    int markdown;      /* rules only */
    int quiet;
    int jobs;          /* -j: inputs verified at once (profile, der) */
    esv_ctx *ctx;
    esv_signer *signer; /* --sign KEY: each report as a COSE_Sign1 */
    const char **inputs;
    int ninputs;
    /* --format html|sarif: the run's one document (NULL otherwise, or
     * with --quiet); every report goes into it, in input order */
    esv_doc *doc;
} cli_opts;

/* -j N: 1 to CLI_JOBS_MAX; the default is the number of online CPUs. */
#define CLI_JOBS_MAX 256
int cli_default_jobs(void);

/* Parses common options from argv[1..argc), leaving non-option arguments in
 * opts->inputs. Handles --help itself (prints help_text, returns -1 with
 * *exit_code = 0). Returns 0, or -1 with *exit_code set. */
int cli_parse(int argc, char **argv, const char *cmd, const char *help_text,
              cli_opts *opts, int *exit_code);
void cli_opts_free(cli_opts *opts);

/* Reads a whole file ("-" = stdin), at most max + 1 bytes (so an oversized
 * input still reaches the verifier, which reports the limit). Returns 0 or
 * -1 after printing an error. *data must be freed. */
int cli_read_file(const char *path, size_t max, unsigned char **data, size_t *len);
/* Zeroes (the input may hold keys and PINs) and frees what cli_read_file
 * returned. */
void cli_free_file(unsigned char *data, size_t len);

/* Output collected before it is written (so a failed verification writes
 * nothing half): an esv_write_fn sink; freed zeroed (it may hold keys). */
typedef struct cli_out {
    unsigned char *data;
    size_t len, cap;
    int failed;
} cli_out;
int cli_out_write(void *opaque, const void *data, size_t len);
/* An esv_write_fn onto stdout (opaque unused). */
int cli_write_stdout(void *opaque, const void *data, size_t len);
/* Appends s escaped for a terminal (esv_text_escape). */
void cli_out_escaped(cli_out *o, const char *s);
void cli_out_free(cli_out *o);
/* Appends formatted text (sets o->failed when out of memory). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void cli_out_printf(cli_out *o, const char *fmt, ...);

/* cli_read_file with its message appended to err instead of stderr (err
 * NULL: stderr): for a worker thread, whose messages are written in input
 * order. */
int cli_read_file_msg(const char *path, size_t max, unsigned char **data, size_t *len, cli_out *err);

/* Independent inputs on opts->jobs threads (jobs.c). One input's result:
 * its report as written to stdout, its messages for stderr, its exit
 * status. */
typedef struct cli_job_out {
    cli_out out;
    cli_out err;
    int code;
    /* with a document: the report and its input (HTML: for the element
     * tree), added by the writer in input order, then freed */
    esv_report *report;
    const char *name;
    unsigned char *data;
    size_t len;
} cli_job_out;
/* Verifies input i into res (res->code starts at EXIT_PASS). Called from
 * worker threads at once: the context and arg only read. */
typedef void (*cli_job_fn)(void *arg, int i, cli_job_out *res);
/* Runs fn over inputs 0..n-1 on opts->jobs threads and writes each result
 * to stdout and stderr in input order, with a progress line on stderr when
 * it is a terminal. Returns the worst exit status. */
int cli_run_jobs(const cli_opts *opts, const char *cmd, int n, cli_job_fn fn, void *arg);
/* cli_report_exit into res->out (a message in res->err when the report
 * cannot be written). */
int cli_job_report(const cli_opts *opts, const esv_report *r, const char *name, cli_job_out *res);

/* Adds a report (and input[0..len), may be NULL) to opts->doc; says why
 * on stderr when it cannot. Returns 0 or -1. */
int cli_doc_add(const cli_opts *opts, const esv_report *r, const char *name, const unsigned char *input,
                size_t len);
/* Finishes opts->doc (when there is one and something was added, or the
 * command did not fail before verifying) and returns the exit status
 * with that: EXIT_USAGE when it cannot be written. */
int cli_doc_finish(cli_opts *opts, int exit_code);

/* Writes a report to stdout in the chosen format (or into opts->doc).
 * Returns 0 or -1. */
int cli_write_report(const cli_opts *opts, const esv_report *r, const char *name);
/* Writes a report and returns the exit status it gives: EXIT_USAGE when
 * it could not be written, EXIT_FAIL for a failing verdict, else
 * EXIT_PASS. */
int cli_report_exit(const cli_opts *opts, const esv_report *r, const char *name);
/* The exit status of two results together: usage errors over failures
 * over passes. */
int cli_worse(int a, int b);

/* An RFC 3339 date-time (offsets allowed) or a full-date, to Unix
 * seconds (cmd_cert.c). 0 or -1. */
int cli_parse_time(const char *s, int64_t *out);

typedef struct file_list {
    const char **names;
    int n;
} file_list;

/* A command's own option that takes a value: stored in *value (the last
 * one given wins) or appended to *list (repeatable). */
typedef struct cli_valopt {
    const char *name;
    const char **value;
    file_list *list;
} cli_valopt;

/* Takes the options of table t out of argv[0..argc), leaving every other
 * argument in rest (*nrest of them) for cli_parse. The lists' names must
 * have room for argc entries. Returns 0, or -1 after saying on stderr
 * that an option lacks its value. */
int cli_take_valopts(int argc, char **argv, const char *cmd, const cli_valopt *t, size_t nt, char **rest,
                     int *nrest);

/* Adds each file's CI certificates (crl 0) or CRLs (crl 1) to trust;
 * says why on stderr and returns -1 when one cannot be read or used. */
int cli_add_trust_files(esv_trust *trust, const char *cmd, const file_list *files, int crl, size_t max);

/* The trust from --ci and --crl files (*out NULL without --ci), and the
 * context's time from --at (nothing when at is NULL): 0, or -1 after
 * saying why on stderr (cmd_cert.c). */
int cli_setup_trust(const cli_opts *opts, const char *cmd, const file_list *cis, const file_list *crls,
                    esv_trust **out);
int cli_set_time(const cli_opts *opts, const char *cmd, const char *at);

int cmd_verify(int argc, char **argv, const char *cmd);
int cmd_rsp(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_verdict(int argc, char **argv);

extern const char cli_common_help[];

#endif
