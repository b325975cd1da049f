/*
 * main.c - the esv tool: subcommand dispatch, help and version.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>

static const char main_help[] =
    "usage: esv COMMAND [OPTIONS] [FILE...]\n"
    "\n"
    "esv verifies eSIM provisioning artefacts against security requirements.\n"
    "Every finding names a stable rule id and the clause it enforces.\n"
    "\n"
    "Commands:\n"
    "  profile FILE...   verify profile packages (SAIP, DER ProfileElements)\n"
    "  cert FILE...      verify GSMA RSP certificates and chains (DER, PEM)\n"
    "  rsp FILE...       verify RSP messages (SGP.22 ES9+/ES10b, DER), or a\n"
    "                    whole session (--session DIR)\n"
    "  der FILE...       check that files are strict DER (any content)\n"
    "  show FILE...      print a decoded profile package (--tlv: any DER tree)\n"
    "  rules             list the rule catalogue\n"
    "  verdict verify --key PUB.pem FILE...\n"
    "                    check signed verdicts (COSE_Sign1, as written by\n"
    "                    --format cbor --sign KEY.pem)\n"
    "  help [COMMAND]    this help, or a command's\n"
    "  --version         print the version\n"
    "\n"
    "Output (--format): text, json or cbor, one report per input; or html (one\n"
    "self-contained page) or sarif (one SARIF 2.1.0 log) for the whole run of\n"
    "profile, cert, rsp or der, e.g. esv profile --format html *.der > report.html\n"
    "\n"
    "Run 'esv COMMAND --help' for a command's options. 'man esv' has more.\n";

static int run(int argc, char **argv)
{
    const char *cmd;
    if (argc < 2) {
        fputs(main_help, stderr);
        return EXIT_USAGE;
    }
    cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
        printf("esv %s\n", esv_version());
        return EXIT_PASS;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        if (argc > 2 && strcmp(cmd, "help") == 0) {
            char *sub[3] = {argv[2], "--help", NULL};
            if (!strcmp(argv[2], "cert"))
                return cmd_cert(2, sub);
            if (!strcmp(argv[2], "rsp"))
                return cmd_rsp(2, sub);
            if (!strcmp(argv[2], "profile") || !strcmp(argv[2], "der"))
                return cmd_verify(2, sub, argv[2]);
            if (!strcmp(argv[2], "show"))
                return cmd_show(2, sub);
            if (!strcmp(argv[2], "rules"))
                return cmd_rules(2, sub);
            if (!strcmp(argv[2], "verdict"))
                return cmd_verdict(2, sub);
            fprintf(stderr, "esv: no such command '%s'\n", argv[2]);
            return EXIT_USAGE;
        }
        fputs(main_help, stdout);
        return EXIT_PASS;
    }
    if (!strcmp(cmd, "cert"))
        return cmd_cert(argc - 1, argv + 1);
    if (!strcmp(cmd, "rsp"))
        return cmd_rsp(argc - 1, argv + 1);
    if (!strcmp(cmd, "profile") || !strcmp(cmd, "der"))
        return cmd_verify(argc - 1, argv + 1, cmd);
    if (!strcmp(cmd, "show"))
        return cmd_show(argc - 1, argv + 1);
    if (!strcmp(cmd, "rules"))
        return cmd_rules(argc - 1, argv + 1);
    if (!strcmp(cmd, "verdict"))
        return cmd_verdict(argc - 1, argv + 1);
    fprintf(stderr, "esv: no such command '%s'\n%s", cmd, main_help);
    return EXIT_USAGE;
}

/* Every command's output ends here: a write or flush that failed (a full
 * disk, a closed pipe, /dev/full) is exit status 2 with a message, never
 * a silent success: a lab's pipeline must not take a lost report for a
 * PASS. */
int main(int argc, char **argv)
{
    int code = run(argc, argv);
    int failed = ferror(stdout);
    errno = 0;
    if (fflush(stdout) != 0 || failed || ferror(stdout)) {
        fprintf(stderr, "esv: cannot write the output: %s\n",
                errno ? strerror(errno) : "write error");
        return EXIT_USAGE;
    }
    return code;
}
