/*
 * smdp_authenticate.c - what an SM-DP+ does with ES9+.AuthenticateClient:
 * it issued a transactionId and a serverChallenge in
 * InitiateAuthentication, and now verifies the eUICC's
 * AuthenticateServerResponse against them and its trust (shared by every
 * request), then answers with what it learned: the EID, and the status
 * to return.
 *
 *   cc smdp_authenticate.c $(pkg-config --cflags --libs esv) -o smdp-authenticate
 *   ./smdp-authenticate CI.der UNIXTIME TRANSACTION-ID.bin SERVER-CHALLENGE.bin RESPONSE.der
 * Prints "EID <digits>" when the response verifies, one line per finding
 * otherwise. Exit status: 0 verified, 1 refused, 2 error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <esv/esv.h>

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    *len = 0;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        (buf = malloc(n > 0 ? (size_t)n : 1)) == NULL) {
        fclose(f);
        return NULL;
    }
    *len = fread(buf, 1, (size_t)n, f);
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    esv_ctx *ctx = NULL;
    esv_trust *trust = NULL;
    esv_rsp_session *s = NULL;
    esv_report *r = NULL;
    unsigned char *ci = NULL, *tid = NULL, *ch = NULL, *msg = NULL;
    size_t ci_len, tid_len, ch_len, msg_len, i;
    const uint8_t *eid;
    size_t eid_len;
    int rc = 2;

    if (argc != 6) {
        fprintf(stderr, "usage: smdp-authenticate CI.der UNIXTIME TRANSACTION-ID.bin SERVER-CHALLENGE.bin RESPONSE.der\n");
        return 2;
    }
    ci = read_all(argv[1], &ci_len);
    tid = read_all(argv[3], &tid_len);
    ch = read_all(argv[4], &ch_len);
    msg = read_all(argv[5], &msg_len);
    /* start-up: the trust, shared by every request */
    if (ci == NULL || tid == NULL || ch == NULL || msg == NULL || esv_trust_new(&trust) != ESV_OK ||
        esv_trust_add_ci(trust, ci, ci_len) != ESV_OK || esv_trust_set_cache(trust, 1024) != ESV_OK ||
        esv_ctx_new(&ctx) != ESV_OK || esv_ctx_set_time(ctx, strtoll(argv[2], NULL, 10)) != ESV_OK)
        goto out;
    /* the request: this download's session, as the server set it up */
    if (esv_rsp_session_new(&s) != ESV_OK ||
        esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, tid, tid_len) != ESV_OK ||
        esv_rsp_session_set(s, ESV_RSP_SERVER_CHALLENGE, ch, ch_len) != ESV_OK ||
        esv_rsp_verify(ctx, trust, s, msg, msg_len, &r) != ESV_OK)
        goto out;
    if (esv_report_verdict(r) == ESV_VERDICT_PASS &&
        esv_rsp_session_get(s, ESV_RSP_EID, &eid, &eid_len) == ESV_OK && eid != NULL) {
        printf("EID %.*s\n", (int)eid_len, (const char *)eid);
        rc = 0;
    } else {
        for (i = 0; i < esv_report_finding_count(r); i++) {
            const esv_finding *f = esv_report_finding(r, i);
            printf("%s %s %s\n", esv_finding_rule_id(f), esv_severity_str(esv_finding_severity(f)),
                   esv_finding_message(f));
        }
        rc = 1;
    }
out:
    if (rc == 2)
        fprintf(stderr, "smdp-authenticate: could not verify\n");
    esv_report_free(r);
    esv_rsp_session_free(s);
    esv_ctx_free(ctx);
    esv_trust_free(trust);
    free(ci);
    free(tid);
    free(ch);
    free(msg);
    return rc;
}
