/*
 * bench_memory.c - peak memory of one call over the size of its input, for
 * the shapes that once amplified memory (issue 9 item 3: 2 MB of `ab 00`
 * took 1.8 GB under `esv profile`, 900 times the input):
 *   ab00    1,000,000 empty context-[11] elements (2 MB): every element
 *           decodes, each as a 1,792-byte ProfileElement;
 *   pe-end  9 MB of PE-End elements (aa 06 a0 04 81 02 id id), 1,179,648
 *           of them, 3.5 million TLVs (the element limit raised);
 *   prim    1,000,000 primitive elements `80 00` (2 MB): none is a profile
 *           element, each one a DER-021 (counted past the findings limit).
 * and, for each, every call a user makes on it through the public API,
 * with each output format: esv_profile_verify and the report written as
 * text, JSON and CBOR; esv_profile_show as text and JSON; esv_der_show
 * (`show --tlv`) as text and JSON; esv_der_verify with the report as CBOR.
 * Output goes to a writer that drops it (what the call holds is measured,
 * not the output).
 *
 * Each call runs in a child process of its own, which builds the input
 * (one allocation of exactly its size) and makes the call; the parent
 * reads the child's peak resident set (getrusage of the reaped child,
 * ru_maxrss). A child that builds the input and makes no call gives the
 * floor (the process, its libraries and the input); the figure is
 *   (peak - floor) / input bytes
 * the memory the call adds per input byte. Target: <= 32 for every row.
 *
 *   build/bench/bench_memory
 */
#define _DEFAULT_SOURCE
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "esv/esv.h"

#define TARGET_RATIO 32.0

typedef struct shape {
    const char *name;
    size_t len;
    void (*fill)(uint8_t *p, size_t len);
} shape;

static void fill_ab00(uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2) {
        p[i] = 0xab;
        p[i + 1] = 0x00;
    }
}

static void fill_prim(uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2) {
        p[i] = 0x80;
        p[i + 1] = 0x00;
    }
}

/* PE-End: [10] { end-header [0] { identification [1] INTEGER (2 bytes) } },
 * identifications 1..32000 in turn (the repeats are PROF-011 findings,
 * counted past the limit). */
static void fill_peend(uint8_t *p, size_t len)
{
    size_t i, k = 0;
    for (i = 0; i + 8 <= len; i += 8, k++) {
        unsigned id = (unsigned)(k % 32000u) + 1u;
        const uint8_t e[8] = {0xaa, 0x06, 0xa0, 0x04, 0x81, 0x02, (uint8_t)(id >> 8), (uint8_t)id};
        memcpy(p + i, e, 8);
    }
}

static const shape shapes[] = {
    {"ab00", 2000000, fill_ab00},
    {"pe-end", 9437184, fill_peend},
    {"prim", 2000000, fill_prim},
};

typedef enum call {
    C_NONE,
    C_PROFILE_TEXT,
    C_PROFILE_JSON,
    C_PROFILE_CBOR,
    C_SHOW_TEXT,
    C_SHOW_JSON,
    C_TLV_TEXT,
    C_TLV_JSON,
    C_DER_CBOR,
    C__COUNT
} call;

static const char *const call_name[C__COUNT] = {
    "(floor: input only)",   "profile verify, text", "profile verify, json", "profile verify, cbor",
    "profile show, text",    "profile show, json",   "der show (--tlv), text", "der show (--tlv), json",
    "der verify, cbor",
};

static int drop(void *opaque, const void *data, size_t len)
{
    (void)opaque;
    (void)data;
    (void)len;
    return 0;
}

/* The child: build, call, exit 0 when the call did its work. */
static int child(const shape *s, call c)
{
    uint8_t *in = malloc(s->len);
    esv_ctx *ctx;
    esv_report *r = NULL;
    esv_status st = ESV_OK;
    esv_format fmt;

    if (in == NULL || esv_ctx_new(&ctx) != ESV_OK)
        return 3;
    s->fill(in, s->len);
    if (esv_ctx_set_limit(ctx, ESV_LIMIT_ELEMENTS, 5000000) != ESV_OK)
        return 3;
    switch (c) {
    case C_NONE:
        bench_sink += in[s->len / 2];
        break;
    case C_PROFILE_TEXT:
    case C_PROFILE_JSON:
    case C_PROFILE_CBOR:
        fmt = c == C_PROFILE_TEXT ? ESV_FORMAT_TEXT : c == C_PROFILE_JSON ? ESV_FORMAT_JSON : ESV_FORMAT_CBOR;
        st = esv_profile_verify(ctx, in, s->len, &r);
        if (r != NULL)
            st = esv_report_write(r, fmt, "in", drop, NULL);
        break;
    case C_SHOW_TEXT:
    case C_SHOW_JSON:
        st = esv_profile_show(ctx, in, s->len, c == C_SHOW_TEXT ? ESV_FORMAT_TEXT : ESV_FORMAT_JSON,
                              drop, NULL);
        if (st == ESV_E_PARSE)
            st = ESV_OK; /* shown, with elements marked as not decoding */
        break;
    case C_TLV_TEXT:
    case C_TLV_JSON:
        st = esv_der_show(ctx, in, s->len, ESV_DER_SEQUENCE_OF_VALUES,
                          c == C_TLV_TEXT ? ESV_FORMAT_TEXT : ESV_FORMAT_JSON, "in", drop, NULL);
        break;
    case C_DER_CBOR:
        st = esv_der_verify(ctx, in, s->len, ESV_DER_SEQUENCE_OF_VALUES, &r);
        if (r != NULL)
            st = esv_report_write(r, ESV_FORMAT_CBOR, "in", drop, NULL);
        break;
    default:
        return 3;
    }
    esv_report_free(r);
    esv_ctx_free(ctx);
    free(in);
    return st == ESV_OK || st == ESV_E_LIMIT ? 0 : 4;
}

/* Peak RSS (KiB) and wall time of one call in a child; -1 on failure. */
static long run(const shape *s, call c, double *secs)
{
    struct rusage ru;
    int status;
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        _exit(child(s, c));
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    *secs = bench_now() - t0;
    return ru.ru_maxrss;
}

int main(void)
{
    double worst = 0;
    int bad = 0;

    printf("bench_memory: peak RSS of one call, per input byte over the floor (target <= %.0f)\n",
           TARGET_RATIO);
    printf("  %-7s %9s  %-24s %9s %9s %8s\n", "shape", "bytes", "call", "peak MiB", "x input",
           "seconds");
    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        const shape *s = &shapes[i];
        double secs;
        long floor_kib = run(s, C_NONE, &secs);
        if (floor_kib < 0) {
            fprintf(stderr, "bench_memory: %s: the floor run failed\n", s->name);
            return 1;
        }
        printf("  %-7s %9zu  %-24s %9.1f %9s %8.2f\n", s->name, s->len, call_name[C_NONE],
               (double)floor_kib / 1024.0, "-", secs);
        for (int c = C_NONE + 1; c < C__COUNT; c++) {
            long kib = run(s, (call)c, &secs);
            double ratio;
            if (kib < 0) {
                printf("  %-7s %9zu  %-24s    failed\n", s->name, s->len, call_name[c]);
                bad = 1;
                continue;
            }
            ratio = (double)(kib > floor_kib ? kib - floor_kib : 0) * 1024.0 / (double)s->len;
            if (ratio > worst)
                worst = ratio;
            printf("  %-7s %9zu  %-24s %9.1f %9.1f %8.2f\n", s->name, s->len, call_name[c],
                   (double)kib / 1024.0, ratio, secs);
        }
    }
    printf("  worst: %.1f x the input (target <= %.0f)\n", worst, TARGET_RATIO);
    return bad;
}
