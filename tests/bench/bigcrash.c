/*
 * bigcrash: commits and touches MB mebibytes of private memory, then crashes with a write access violation.
 * Its full-memory dump is the large input of tests/bench/analyze-bench.sh.
 *
 *   bigcrash.exe MB
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bigcrash MB\n");
        return 2;
    }
    SIZE_T size = (SIZE_T)strtoul(argv[1], NULL, 10) << 20;
    unsigned char *p = VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!p) {
        fprintf(stderr, "bigcrash: VirtualAlloc(%llu) failed: %lu\n", (unsigned long long)size, GetLastError());
        return 3;
    }
    /* Non-zero, varying bytes: a dump writer or reader cannot shortcut zero pages. */
    for (SIZE_T i = 0; i < size; i += 4096) {
        memset(p + i, (int)(i >> 12) | 1, 4096);
    }
    *(volatile int *)(ULONG_PTR)0x10 = 1;
    return 1;
}
