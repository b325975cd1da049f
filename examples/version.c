/*
 * version.c - the smallest program against libesv: prints the version of
 * the headers it was built with and of the library it runs with.
 *
 *   cc version.c $(pkg-config --cflags --libs esv) -o esv-version
 */
#include <stdio.h>
#include <string.h>

#include <esv/esv.h>

int main(void)
{
    printf("headers %s, library %s\n", ESV_VERSION_STRING, esv_version());
    return strcmp(ESV_VERSION_STRING, esv_version()) == 0 ? 0 : 1;
}
