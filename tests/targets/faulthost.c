/*
 * faulthost: crashes inside faultdll.dll (its own DLL), or several named frames deep in itself.
 *
 *   faulthost.exe MODE [FACTS_FILE]
 *
 * modes: dll-write  faultdll!faultdll_write faults (AV write to 0x10), called from main
 *        dll-deep   faultdll_deep_a -> _b -> _c -> faultdll_write, all in faultdll.dll
 *        exe-deep   host_deep_a -> _b -> _c (exported by faulthost.exe) -> an AV read of 0x30 in _c
 *
 * Before crashing it writes key=value facts (pid, tid, module, symbol and the expected named frames,
 * innermost first) to FACTS_FILE, so a harness checks the report against the target, not against wercli.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>

__declspec(dllimport) int faultdll_write(int value);
__declspec(dllimport) int faultdll_deep_a(int value);

#define EXPORT __declspec(dllexport) __attribute__((noinline))

static const char *facts_path;
volatile int host_sink;

static void write_facts(const char *module, const char *frames) {
    if (!facts_path) {
        return;
    }
    FILE *f = fopen(facts_path, "w");
    if (!f) {
        return;
    }
    fprintf(f, "pid=%lu\ntid=%lu\nmodule=%s\nframes=%s\n", GetCurrentProcessId(), GetCurrentThreadId(),
            module, frames);
    fclose(f);
}

EXPORT int host_deep_c(int value) {
    int r = *(volatile int *)(ULONG_PTR)0x30 + value;
    host_sink = r;
    return r + 3;
}

EXPORT int host_deep_b(int value) {
    int r = host_deep_c(value + 2);
    host_sink = r;
    return r + 2;
}

EXPORT int host_deep_a(int value) {
    int r = host_deep_b(value + 1);
    host_sink = r;
    return r + 1;
}

static int usage(void) {
    fprintf(stderr, "usage: faulthost MODE [FACTS_FILE]\nmodes: dll-write dll-deep exe-deep\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        return usage();
    }
    facts_path = argc > 2 ? argv[2] : NULL;
    const char *mode = argv[1];
    int r;
    if (!strcmp(mode, "dll-write")) {
        write_facts("faultdll.dll", "faultdll_write");
        r = faultdll_write(7);
    } else if (!strcmp(mode, "dll-deep")) {
        write_facts("faultdll.dll", "faultdll_write,faultdll_deep_c,faultdll_deep_b,faultdll_deep_a");
        r = faultdll_deep_a(7);
    } else if (!strcmp(mode, "exe-deep")) {
        write_facts("faulthost.exe", "host_deep_c,host_deep_b,host_deep_a");
        r = host_deep_a(7);
    } else {
        return usage();
    }
    host_sink = r;
    return 1; /* not reached when the crash works */
}
