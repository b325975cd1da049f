/*
 * replay.c - runs a fuzz target's LLVMFuzzerTestOneInput over files and
 * directories without libFuzzer, so `make check` replays every corpus and
 * regression input on any compiler (and under sanitizers with SANITIZE=1).
 *
 * usage: replay DIR_OR_FILE...   (a missing path is skipped, not an error)
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    for (;;) {
        size_t got;
        if (n == cap) {
            uint8_t *nb;
            cap = cap ? cap * 2 : 4096;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    /* An exact-size copy, so ASan sees reads past the end of the input. */
    {
        uint8_t *exact = malloc(n ? n : 1);
        if (exact == NULL) {
            free(buf);
            return -1;
        }
        memcpy(exact, buf, n);
        free(buf);
        LLVMFuzzerTestOneInput(exact, n);
        free(exact);
    }
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    size_t total = 0;
    int i, rc = 0;
    const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    for (i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            char **names = NULL;
            size_t nn = 0, k;
            if (d == NULL)
                continue;
            while ((e = readdir(d)) != NULL) {
                char **nnames;
                if (e->d_name[0] == '.')
                    continue;
                nnames = realloc(names, (nn + 1) * sizeof(char *));
                if (nnames == NULL)
                    break;
                names = nnames;
                names[nn] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
                if (names[nn] == NULL)
                    break;
                sprintf(names[nn], "%s/%s", argv[i], e->d_name);
                nn++;
            }
            closedir(d);
            if (nn > 0)
                qsort(names, nn, sizeof(char *), cmp);
            for (k = 0; k < nn; k++) {
                if (run_file(names[k]) != 0)
                    rc = 1;
                total++;
                free(names[k]);
            }
            free(names);
        } else {
            if (run_file(argv[i]) != 0)
                rc = 1;
            total++;
        }
    }
    printf("replay %s: %zu inputs, no crash\n", name, total);
    return rc;
}
