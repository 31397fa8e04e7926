/*
 * crashy: a crash target with one mode per crash kind, for the Wine end-to-end tests. Built twice by the
 * Makefile, x64 (build/crashy.exe) and x86 (build/x86/crashy.exe), from this one source.
 *
 *   crashy.exe [--jit-shim | --wer-shim] [--wait-debugger] MODE [FACTS_FILE]
 *
 * Before crashing it writes what a correct report must say to FACTS_FILE (key=value lines): pid, the id
 * of the thread that will fault, and where applicable the faulting address, the exception code, the
 * fail-fast subcode or the named frames (innermost first). The harness compares the report against these
 * facts, so expectations never come from wercli itself.
 * No C runtime tricks: every crash is one plain instruction the CPU faults on, RaiseException, int 0x29
 * (fail-fast) or RaiseFailFastException.
 *
 * --wait-debugger: before crashing, wait up to 30 s until a debugger is attached (IsDebuggerPresent,
 *   polled every 10 ms), then 200 ms more so the debugger is back in its event loop, then crash. Exists for
 *   the kinds that never start the AeDebug debugger under Wine (fail-fast: see the fastfail modes), so a
 *   test can attach by hand (`wercli attach PID 0`) first. FACTS_FILE then holds pid and tid as soon as the
 *   wait begins (the test needs the pid to attach), and is replaced by the full facts just before the crash.
 *   Without a debugger after 30 s it says so on stderr and crashes anyway.
 * --jit-shim: an unhandled exception goes through tests/shims/jitshim.c, which starts the AeDebug debugger
 *   with a real JIT_DEBUG_INFO as Windows does (Wine passes none); see that file.
 * --wer-shim: an unhandled exception starts tests/shims/wershim.c (beside crashy.exe), which does what WerFault
 *   does with WER runtime exception modules (Wine has none); see tests/shims/wershim-filter.c.
 */
#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jitshim.h" /* tests/shims */
#include "wershim.h"

#define EXPORT __declspec(dllexport) __attribute__((noinline))

static const char *facts_path;

/* Writes FACTS_FILE through a temporary file and a rename, so a reader never sees half of it. */
static void write_facts(const char *extra_fmt, ...) {
    if (!facts_path) {
        return;
    }
    char tmp[MAX_PATH + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", facts_path);
    FILE *f = fopen(tmp, "w");
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
    MoveFileExA(tmp, facts_path, MOVEFILE_REPLACE_EXISTING);
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

/*
 * An address that is never mapped. x64: canonical, far above anything Windows or Wine maps for a small
 * process. x86: just above 2 GiB, which a 32-bit process that is not large-address-aware (crashy is not)
 * can never map on Windows; under Wine the Linux mappings of a 32-bit process sit near the top of the 4 GiB
 * (below the stack at 0xffxxxxxx), far from it.
 */
#ifdef _WIN64
#define BAD_CODE_ADDRESS 0x7ff0dead0000ULL
#define BAD_CODE_FACT "0x7ff0dead0000"
#else
#define BAD_CODE_ADDRESS 0x80dead00UL
#define BAD_CODE_FACT "0x80dead00"
#endif

__attribute__((noinline)) static void exec_bad(void) {
    const ULONG_PTR bad = BAD_CODE_ADDRESS;
    write_facts("target=" BAD_CODE_FACT "\n");
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

/*
 * deep: an AV write to 0x30 three calls below main. The functions are exported (the report names frames
 * from exports, it reads no PDB), noinline, and use their callee's result, so no call becomes a jump and
 * every frame stays on the stack.
 */
volatile int deep_sink;

EXPORT int crashy_deep_inner(int value) {
    *(volatile int *)(ULONG_PTR)0x30 = value;
    return value + 3;
}

EXPORT int crashy_deep_middle(int value) {
    int r = crashy_deep_inner(value + 2);
    deep_sink = r;
    return r + 2;
}

EXPORT int crashy_deep_outer(int value) {
    int r = crashy_deep_middle(value + 1);
    deep_sink = r;
    return r + 1;
}

/*
 * Fail-fast: int 0x29 with the FAST_FAIL_* code in ecx/rcx, what MSVC's __fastfail intrinsic emits
 * (MinGW-w64 has no such intrinsic). Windows raises STATUS_STACK_BUFFER_OVERRUN (0xC0000409) with the code as
 * ExceptionInformation[0], non-continuable, skipping every in-process handler; under Wine 8 it arrives as a
 * second-chance exception and never starts the AeDebug debugger (only a debugger already attached sees it).
 */
__attribute__((noinline, noreturn)) static void fastfail(unsigned int subcode) {
    write_facts("code=0xC0000409\nsubcode=%u\n", subcode);
    __asm__ volatile("int $0x29" : : "c"(subcode) : "memory");
    __builtin_unreachable();
}

/*
 * RaiseFailFastException(NULL, NULL, 0): Windows raises STATUS_FAIL_FAST_EXCEPTION (0xC0000602) past every
 * handler, attaching the JIT debugger if one is set up; Wine 8 only terminates the process with that code.
 */
__attribute__((noinline)) static void raise_failfast(void) {
    write_facts("code=0xC0000602\n");
    RaiseFailFastException(NULL, NULL, 0);
}

/*
 * The exception record a fail-fast leaves (0xC0000409, non-continuable, ExceptionInformation[0] = the
 * FAST_FAIL_* sub-code), raised with RaiseException so that it reaches the process's unhandled exception
 * filter under Wine, where a real int 0x29 ends the process before any filter runs (see fastfail above).
 * The WER module test uses it: on Windows WerFault gets a real __fastfail the same way.
 */
__attribute__((noinline)) static void raise_fastfail(unsigned int subcode) {
    ULONG_PTR params[1] = {subcode};
    write_facts("code=0xC0000409\nsubcode=%u\n", subcode);
    RaiseException(0xC0000409, EXCEPTION_NONCONTINUABLE, 1, params);
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

/* --wait-debugger: bounded, so a test that never attaches still ends (with the crash) within ~30 s. */
static void wait_for_debugger(void) {
    write_facts(NULL); /* pid and tid now: the test attaches to this pid */
    for (int waited = 0; !IsDebuggerPresent(); waited += 10) {
        if (waited >= 30000) {
            fprintf(stderr, "crashy: no debugger attached after 30 s; crashing anyway\n");
            return;
        }
        Sleep(10);
    }
    Sleep(200); /* the debugger has just attached: let it finish the attach events and wait for ours */
}

static int usage(void) {
    fprintf(stderr,
            "usage: crashy [--jit-shim | --wer-shim] [--wait-debugger] MODE [FACTS_FILE]\n"
            "modes: av-write av-read-thread exec-bad div-zero illegal breakpoint raise-custom ods-av deep\n"
            "       fastfail-cookie fastfail-invalid-arg fastfail-fatal-exit raise-failfast\n"
            "       raise-fastfail-cookie (RaiseException of a fail-fast record: reaches the filters under Wine)\n"
            "       wait (sleeps 60 s, no crash) exit (exits 0)\n"
            "--jit-shim       start the AeDebug debugger with a JIT_DEBUG_INFO, as Windows does (tests/shims)\n"
            "--wer-shim       hand the crash to WER runtime exception modules, as WerFault does (tests/shims)\n"
            "--wait-debugger  wait up to 30 s for a debugger to attach, then crash (FACTS_FILE: pid at once)\n");
    return 2;
}

int main(int argc, char **argv) {
    int arg = 1;
    BOOL wait_debugger = FALSE;
    for (; arg < argc && !strncmp(argv[arg], "--", 2); arg++) {
        if (!strcmp(argv[arg], "--jit-shim")) {
            jitshim_install();
        } else if (!strcmp(argv[arg], "--wer-shim")) {
            wershim_install();
        } else if (!strcmp(argv[arg], "--wait-debugger")) {
            wait_debugger = TRUE;
        } else {
            return usage();
        }
    }
    if (arg >= argc) {
        return usage();
    }
    const char *mode = argv[arg];
    facts_path = arg + 1 < argc ? argv[arg + 1] : NULL;
    if (wait_debugger && strcmp(mode, "wait") && strcmp(mode, "exit")) {
        wait_for_debugger();
    }
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
    } else if (!strcmp(mode, "deep")) {
        write_facts("target=0x30\nframes=crashy_deep_inner,crashy_deep_middle,crashy_deep_outer\n");
        deep_sink = crashy_deep_outer(7);
    } else if (!strcmp(mode, "fastfail-cookie")) {
        fastfail(FAST_FAIL_STACK_COOKIE_CHECK_FAILURE);
    } else if (!strcmp(mode, "fastfail-invalid-arg")) {
        fastfail(FAST_FAIL_INVALID_ARG);
    } else if (!strcmp(mode, "fastfail-fatal-exit")) {
        fastfail(FAST_FAIL_FATAL_APP_EXIT);
    } else if (!strcmp(mode, "raise-fastfail-cookie")) {
        raise_fastfail(FAST_FAIL_STACK_COOKIE_CHECK_FAILURE);
    } else if (!strcmp(mode, "raise-failfast")) {
        raise_failfast();
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
