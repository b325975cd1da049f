/*
 * jobs.c - independent inputs verified on N threads (esv profile|der -j N).
 *
 * A fixed pool of workers takes input indices from a shared counter; each
 * verifies its input through the public API with the shared, configured
 * context (include/esv/context.h: verifications only read it) and leaves
 * its report, already formatted, and its messages in a slot. The calling
 * thread is the writer: it writes the slots in input order as they become
 * ready, so the output is byte for byte that of one thread, whatever the
 * scheduling. A worker takes index i only while i < next written + window:
 * at most `window` results wait for the writer, whatever the input count.
 * With one job nothing runs on another thread: each input is verified and
 * written in turn, as before.
 *
 * On a terminal, stderr carries a progress line (inputs done / total, rate,
 * failures), rewritten in place at most ten times a second and ended with a
 * newline; nothing at all when stderr is not a terminal.
 */
#include "cli.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cli_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > CLI_JOBS_MAX ? CLI_JOBS_MAX : (int)n;
}

/* ---------------------------------------------------------------- progress */

typedef struct progress {
    int on;        /* stderr is a terminal, the output not quiet, > 1 input */
    int shown;     /* a progress line is on the screen now */
    int tty_out;   /* stdout is a terminal too: flushed before the line */
    const char *cmd;
    int total;
    double start, last;
} progress;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress_init(progress *pr, const cli_opts *opts, const char *cmd, int total)
{
    memset(pr, 0, sizeof(*pr));
    pr->on = !opts->quiet && total > 1 && isatty(2);
    pr->tty_out = isatty(1);
    pr->cmd = cmd;
    pr->total = total;
    pr->start = now();
    pr->last = -1;
}

/* Takes the line off the screen before other output. */
static void progress_erase(progress *pr)
{
    if (pr->shown) {
        fputs("\r\033[K", stderr);
        pr->shown = 0;
    }
}

/* Draws the line when it is due (final: always, ended with a newline). */
static void progress_draw(progress *pr, int done, int failed, int final)
{
    double t = now(), el = t - pr->start;
    if (!pr->on || (!final && (done == 0 || (pr->last >= 0 && t - pr->last < 0.1))))
        return;
    pr->last = t;
    if (pr->tty_out)
        fflush(stdout);
    if (final)
        fprintf(stderr, "\r\033[Kesv %s: %d/%d done in %.1f s, %.1f/s, %d failed\n", pr->cmd, done,
                pr->total, el, el > 0 ? (double)done / el : 0.0, failed);
    else
        fprintf(stderr, "\r\033[Kesv %s: %d/%d done, %.1f/s, %d failed", pr->cmd, done, pr->total,
                el > 0 ? (double)done / el : 0.0, failed);
    pr->shown = !final;
}

/* ---------------------------------------------------------------- results */

static void job_init(cli_job_out *res)
{
    memset(res, 0, sizeof(*res));
    res->code = EXIT_PASS;
}

/* Writes one input's messages and report (or adds the report to the
 * document) and frees them; returns its exit status (EXIT_USAGE when the
 * report cannot be written). */
static int emit(const cli_opts *opts, progress *pr, cli_job_out *res)
{
    int code = res->code;
    if (res->err.len || ((res->out.len || res->report) && pr->tty_out))
        progress_erase(pr);
    if (res->err.len)
        (void)fwrite(res->err.data, 1, res->err.len, stderr);
    if (res->out.len && fwrite(res->out.data, 1, res->out.len, stdout) != res->out.len)
        code = EXIT_USAGE; /* main() says that the output failed */
    if (res->report != NULL) {
        if (cli_doc_add(opts, res->report, res->name, res->data, res->len))
            code = EXIT_USAGE;
        esv_report_free(res->report);
        res->report = NULL;
    }
    cli_free_file(res->data, res->len);
    res->data = NULL;
    cli_out_free(&res->out);
    cli_out_free(&res->err);
    return code;
}

int cli_job_report(const cli_opts *opts, const esv_report *r, const char *name, cli_job_out *res)
{
    esv_status st;
    if (!opts->quiet) {
        st = opts->signer != NULL ? esv_report_write_signed(r, opts->signer, name, cli_out_write, &res->out)
                                  : esv_report_write(r, opts->format, name, cli_out_write, &res->out);
        if (st != ESV_OK || res->out.failed) {
            res->out.len = 0; /* nothing half written */
            cli_out_printf(&res->err, "esv: cannot write the report for %s: %s\n", name,
                           esv_status_str(st != ESV_OK ? st : ESV_E_NOMEM));
            return EXIT_USAGE;
        }
    }
    return esv_report_verdict(r) == ESV_VERDICT_FAIL ? EXIT_FAIL : EXIT_PASS;
}

/* ---------------------------------------------------------------- the pool */

typedef struct slot {
    cli_job_out res;
    int done;
} slot;

typedef struct pool {
    pthread_mutex_t m;
    pthread_cond_t ready; /* the writer waits: a result came in */
    pthread_cond_t space; /* workers wait: the writer moved on */
    int n, window;
    int next_take, next_write, ndone, nfailed;
    slot *slots; /* window of them: index i in slots[i % window] */
    cli_job_fn fn;
    void *arg;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->m);
    while (p->next_take < p->n) {
        cli_job_out res;
        int i;
        if (p->next_take >= p->next_write + p->window) {
            pthread_cond_wait(&p->space, &p->m); /* too far ahead of the writer */
            continue;
        }
        i = p->next_take++;
        pthread_mutex_unlock(&p->m);
        job_init(&res);
        p->fn(p->arg, i, &res);
        pthread_mutex_lock(&p->m);
        p->slots[i % p->window].res = res;
        p->slots[i % p->window].done = 1;
        p->ndone++;
        p->nfailed += res.code != EXIT_PASS;
        pthread_cond_signal(&p->ready);
    }
    pthread_mutex_unlock(&p->m);
    return NULL;
}

/* One thread: each input verified and written in turn. */
static int run_inline(const cli_opts *opts, int n, cli_job_fn fn, void *arg, progress *pr)
{
    int i, code = EXIT_PASS, failed = 0;
    for (i = 0; i < n; i++) {
        cli_job_out res;
        int c;
        job_init(&res);
        fn(arg, i, &res);
        failed += res.code != EXIT_PASS;
        c = emit(opts, pr, &res);
        code = cli_worse(code, c);
        progress_draw(pr, i + 1, failed, 0);
    }
    progress_draw(pr, n, failed, 1);
    return code;
}

int cli_run_jobs(const cli_opts *opts, const char *cmd, int n, cli_job_fn fn, void *arg)
{
    pool p;
    pthread_t *threads;
    progress pr;
    int nthreads = opts->jobs < 1 ? 1 : opts->jobs, started = 0, w = 0, code = EXIT_PASS, i;

    progress_init(&pr, opts, cmd, n);
    if (nthreads > n)
        nthreads = n;
    if (nthreads <= 1)
        return run_inline(opts, n, fn, arg, &pr);

    memset(&p, 0, sizeof(p));
    p.n = n;
    p.window = 4 * nthreads;
    p.fn = fn;
    p.arg = arg;
    p.slots = calloc((size_t)p.window, sizeof(*p.slots));
    threads = calloc((size_t)nthreads, sizeof(*threads));
    if (p.slots == NULL || threads == NULL || pthread_mutex_init(&p.m, NULL) != 0) {
        free(p.slots);
        free(threads);
        return run_inline(opts, n, fn, arg, &pr);
    }
    pthread_cond_init(&p.ready, NULL);
    pthread_cond_init(&p.space, NULL);
    for (i = 0; i < nthreads; i++)
        if (pthread_create(&threads[started], NULL, worker, &p) == 0)
            started++;
    if (started == 0) {
        /* no thread at all: this one does the work */
        code = run_inline(opts, n, fn, arg, &pr);
        goto out;
    }

    pthread_mutex_lock(&p.m);
    while (w < n) {
        slot *s = &p.slots[w % p.window];
        if (s->done) {
            cli_job_out res = s->res;
            int c, done, failed;
            memset(s, 0, sizeof(*s));
            p.next_write = ++w;
            pthread_cond_broadcast(&p.space);
            done = p.ndone;
            failed = p.nfailed;
            pthread_mutex_unlock(&p.m);
            c = emit(opts, &pr, &res);
            code = cli_worse(code, c);
            progress_draw(&pr, done, failed, 0);
            pthread_mutex_lock(&p.m);
            continue;
        }
        if (pr.on) {
            int done = p.ndone, failed = p.nfailed;
            pthread_mutex_unlock(&p.m);
            progress_draw(&pr, done, failed, 0);
            pthread_mutex_lock(&p.m);
            if (p.slots[w % p.window].done)
                continue;
        }
        pthread_cond_wait(&p.ready, &p.m);
    }
    pthread_mutex_unlock(&p.m);
    for (i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    progress_draw(&pr, p.ndone, p.nfailed, 1);
out:
    pthread_cond_destroy(&p.ready);
    pthread_cond_destroy(&p.space);
    pthread_mutex_destroy(&p.m);
    free(p.slots);
    free(threads);
    return code;
}
