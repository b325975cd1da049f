/*
 * build_rsp.c - writes a sample SGP.22 Profile download session, signed
 * with the project's test PKI (tests/support/rsp_builder.h); nothing is
 * taken from third-party data.
 *
 *   build_rsp OUTDIR
 *
 * For each curve (nist = P-256, brp = brainpoolP256r1), OUTDIR/<curve>/
 * holds a folder `esv rsp --session` reads: euicc-challenge.bin,
 * transaction-id.bin, server-challenge.bin, initiate-response.der,
 * auth-server-response.der, authenticate-response.der,
 * prepare-download-response.der, pending-notification.der, and ci.der, the
 * CI the chains end in (its validity starts in 2026).
 *
 *   build_rsp --seeds CORPUSDIR
 *
 * writes the fuzz seeds instead: CORPUSDIR/fuzz_rsp/, every message of
 * both sessions, and CORPUSDIR/fuzz_rsp_json/, the ES9+ JSON bodies that
 * carry them (base64 by mbedTLS), and CORPUSDIR/fuzz_rsp_har/, a HAR of the
 * LPA's requests (JSON by jansson). The output is deterministic.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <mbedtls/base64.h>
#include <stdlib.h>

#include "rsp_builder.h"

static int write_to(const char *dir, const char *name, const uint8_t *d, size_t n)
{
    char path[1280];
    snprintf(path, sizeof(path), "%s/%.200s", dir, name);
    if (pb_write_file(path, d, n) != 0) {
        fprintf(stderr, "build_rsp: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* {"transactionId":"<hex>","<member>":"<base64>"} into dir/name. */
static int write_json(const char *dir, const char *name, const char *member, const rb_session *s,
                      const uint8_t *d, size_t n)
{
    size_t cap = 4 * n / 3 + 256, ol = 0, k;
    char *body = malloc(cap + 64);
    unsigned char *b64 = malloc(cap);
    int rc = -1;
    if (body != NULL && b64 != NULL && mbedtls_base64_encode(b64, cap, &ol, d, n) == 0) {
        k = (size_t)snprintf(body, 64, "{\"transactionId\":\"");
        for (int i = 0; i < 16; i++)
            k += (size_t)snprintf(body + k, 4, "%02X", s->transaction_id[i]);
        k += (size_t)snprintf(body + k, cap + 64 - k, "\",\"%s\":\"%.*s\"}", member, (int)ol, (const char *)b64);
        rc = write_to(dir, name, (const uint8_t *)body, k);
    }
    free(body);
    free(b64);
    return rc;
}

/* The base64 of d as a JSON string (jansson), or NULL. */
static json_t *b64(const uint8_t *d, size_t n)
{
    size_t cap = 4 * n / 3 + 8, ol = 0;
    unsigned char *b = malloc(cap);
    json_t *v = NULL;
    if (b != NULL && mbedtls_base64_encode(b, cap, &ol, d, n) == 0)
        v = json_stringn((const char *)b, ol);
    free(b);
    return v;
}

/* A HAR of the requests an LPA sends with the session's eUICC answers. */
static int write_har(const char *dir, const char *name, const rb_session *s)
{
    static const struct {
        int msg;
        const char *function, *member;
    } req[] = {{RB_AUTH_SERVER, "authenticateClient", "authenticateServerResponse"},
               {RB_PREPARE, "getBoundProfilePackage", "prepareDownloadResponse"},
               {RB_PIR, "handleNotification", "pendingNotification"}};
    json_t *entries = json_array(), *har;
    char *text, url[128];
    int rc = -1;
    for (size_t i = 0; entries != NULL && i < sizeof(req) / sizeof(req[0]); i++) {
        json_t *body = json_pack("{s:o}", req[i].member, b64(s->msg[req[i].msg], s->len[req[i].msg]));
        char *bt = body ? json_dumps(body, JSON_COMPACT) : NULL;
        snprintf(url, sizeof(url), "https://%s/gsma/rsp2/es9plus/%s", s->address, req[i].function);
        if (bt == NULL || json_array_append_new(entries, json_pack("{s:{s:s,s:s,s:{s:s,s:s}},s:{s:i}}", "request",
                                                                   "method", "POST", "url", url, "postData",
                                                                   "mimeType", "application/json", "text", bt,
                                                                   "response", "status", 204)) != 0) {
            free(bt);
            json_decref(body);
            json_decref(entries);
            return -1;
        }
        free(bt);
        json_decref(body);
    }
    har = json_pack("{s:{s:s,s:o}}", "log", "version", "1.2", "entries", entries);
    text = har ? json_dumps(har, JSON_COMPACT) : NULL;
    if (text != NULL)
        rc = write_to(dir, name, (const uint8_t *)text, strlen(text));
    free(text);
    json_decref(har);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct {
        pb_curve curve;
        const char *name;
    } curves[] = {{PB_P256, "nist"}, {PB_BP256, "brp"}};
    int seeds = argc == 3 && strcmp(argv[1], "--seeds") == 0;
    const char *out = seeds ? argv[2] : argc == 2 ? argv[1] : NULL;
    char dir[1024], name[128];

    if (out == NULL) {
        fprintf(stderr, "usage: build_rsp OUTDIR | build_rsp --seeds CORPUSDIR\n");
        return 2;
    }
    for (size_t c = 0; c < 2; c++) {
        rb_session *s = rb_session_build(curves[c].curve);
        int rc = 0;
        if (s == NULL) {
            fprintf(stderr, "build_rsp: building the %s session failed\n", curves[c].name);
            return 1;
        }
        snprintf(dir, sizeof(dir), "%s/%s", out, seeds ? "fuzz_rsp" : curves[c].name);
        (void)mkdir(out, 0755);
        (void)mkdir(dir, 0755);
        for (int i = 0; i < RB_COUNT && rc == 0; i++) {
            if (seeds)
                snprintf(name, sizeof(name), "%s-%s", curves[c].name, rb_file_name[i]);
            rc = write_to(dir, seeds ? name : rb_file_name[i], s->msg[i], s->len[i]);
        }
        if (seeds && rc == 0) {
            char jdir[1100];
            static const struct {
                int msg;
                const char *member;
            } js[] = {{RB_AUTH_SERVER, "authenticateServerResponse"},
                      {RB_PREPARE, "prepareDownloadResponse"},
                      {RB_PIR, "pendingNotification"}};
            snprintf(jdir, sizeof(jdir), "%s/fuzz_rsp_json", out);
            (void)mkdir(jdir, 0755);
            for (size_t k = 0; k < sizeof(js) / sizeof(js[0]) && rc == 0; k++) {
                snprintf(name, sizeof(name), "%s-%s.json", curves[c].name, js[k].member);
                rc = write_json(jdir, name, js[k].member, s, s->msg[js[k].msg], s->len[js[k].msg]);
            }
            snprintf(jdir, sizeof(jdir), "%s/fuzz_rsp_har", out);
            (void)mkdir(jdir, 0755);
            snprintf(name, sizeof(name), "%s-requests.har", curves[c].name);
            if (rc == 0)
                rc = write_har(jdir, name, s);
        }
        if (!seeds && rc == 0)
            rc = write_to(dir, "euicc-challenge.bin", s->euicc_challenge, 16) ||
                 write_to(dir, "transaction-id.bin", s->transaction_id, 16) ||
                 write_to(dir, "server-challenge.bin", s->server_challenge, 16) ||
                 write_to(dir, "ci.der", s->pki->ci->der, s->pki->ci->len);
        rb_session_free(s);
        if (rc != 0)
            return 1;
    }
    return 0;
}
