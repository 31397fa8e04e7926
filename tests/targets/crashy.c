/*
 * crashy: a crash target with one mode per crash kind, for the Wine end-to-end tests.
 *
 *   crashy.exe MODE [FACTS_FILE]
 *
 * Before crashing it writes what a correct report must say to FACTS_FILE (key=value lines): pid, the id
 * of the thread that will fault, and where applicable the faulting address. The harness compares the
 * report against these facts, so expectations never come from wercli itself.
 * No C runtime tricks: every crash is one plain instruction the CPU faults on, or RaiseException.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static const char *facts_path;

static void write_facts(const char *extra_fmt, ...) {
    if (!facts_path) {
        return;
    }
    FILE *f = fopen(facts_path, "w");
    if (!f) {
        return;
    }
    fprintf(f, "pid=%lu\ntid=%lu\n", GetCurrentProcessId(), GetCurrentThreadId());
    if (extra_fmt) {
        va_list ap;
        va_start(ap, extra_fmt);
        vfprintf(f, extra_fmt, ap);
        va_end(ap);
    }
    fclose(f);
}

/* noinline so each crash happens in a function of crashy.exe with a stable name. */
__attribute__((noinline)) static void av_write(void) {
    write_facts("target=0x10\n");
    *(volatile int *)(ULONG_PTR)0x10 = 1;
}

__attribute__((noinline)) static void av_read(void) {
    write_facts("target=0x20\n");
    volatile int v = *(volatile int *)(ULONG_PTR)0x20;
    (void)v;
}

static DWORD WINAPI av_read_thread_main(LPVOID arg) {
    (void)arg;
    av_read();
    return 0;
}

__attribute__((noinline)) static void exec_bad(void) {
    /* A canonical, never-mapped address in the low 4 GiB. */
    const ULONG_PTR bad = 0x7ff0dead0000ULL;
    write_facts("target=0x7ff0dead0000\n");
    ((void (*)(void))bad)();
}

__attribute__((noinline)) static int div_zero(volatile int divisor) {
    write_facts(NULL);
    return 100 / divisor;
}

__attribute__((noinline)) static void illegal(void) {
    write_facts(NULL);
    __asm__ volatile("ud2");
}

__attribute__((noinline)) static void breakpoint(void) {
    write_facts(NULL);
    __asm__ volatile("int3");
}

__attribute__((noinline)) static void raise_custom(void) {
    ULONG_PTR params[3] = {0x1111, 0x2222, 0xC0FFEE};
    write_facts("code=0xE0001234\nparams=0x1111,0x2222,0xc0ffee\n");
    RaiseException(0xE0001234, 0, 3, params);
}

static DWORD WINAPI ticker_main(LPVOID arg) {
    (void)arg;
    char text[64];
    for (unsigned n = 1;; n++) {
        snprintf(text, sizeof text, "crashy: breadcrumb %u", n);
        OutputDebugStringA(text);
        Sleep(1);
    }
    return 0;
}

/*
 * A second thread keeps calling OutputDebugString while the main thread crashes: the strings sent while
 * the debugger is attached (before the crash is released) become the report's breadcrumbs.
 */
__attribute__((noinline)) static void debug_strings_then_av(void) {
    CreateThread(NULL, 0, ticker_main, NULL, 0, NULL);
    Sleep(50);
    av_write();
}

static int usage(void) {
    fprintf(stderr,
            "usage: crashy MODE [FACTS_FILE]\n"
            "modes: av-write av-read-thread exec-bad div-zero illegal breakpoint raise-custom ods-av\n"
            "       wait (sleeps 60 s, no crash) exit (exits 0)\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        return usage();
    }
    facts_path = argc > 2 ? argv[2] : NULL;
    const char *mode = argv[1];
    if (!strcmp(mode, "av-write")) {
        av_write();
    } else if (!strcmp(mode, "av-read-thread")) {
        HANDLE t = CreateThread(NULL, 0, av_read_thread_main, NULL, 0, NULL);
        WaitForSingleObject(t, INFINITE);
    } else if (!strcmp(mode, "exec-bad")) {
        exec_bad();
    } else if (!strcmp(mode, "div-zero")) {
        return div_zero(0);
    } else if (!strcmp(mode, "illegal")) {
        illegal();
    } else if (!strcmp(mode, "breakpoint")) {
        breakpoint();
    } else if (!strcmp(mode, "raise-custom")) {
        raise_custom();
    } else if (!strcmp(mode, "ods-av")) {
        debug_strings_then_av();
    } else if (!strcmp(mode, "wait")) {
        write_facts(NULL);
        Sleep(60000);
        return 0;
    } else if (!strcmp(mode, "exit")) {
        return 0;
    } else {
        return usage();
    }
    return 1; /* not reached when the crash works */
}
