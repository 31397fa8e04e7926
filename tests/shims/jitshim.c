/*
 * jitshim: TEST-ONLY. Makes the AeDebug path that every real Windows crash takes (a valid JIT_DEBUG_INFO
 * as the third argument) run under Wine, which formats the Debugger string "%ld %ld %p" with only two
 * arguments (pid, event) so the %p is stack garbage. Compiled into crashy (x64 and x86) and enabled by
 * `crashy --jit-shim MODE [FACTS]`; nothing of it belongs in the product.
 *
 * What it emulates, in the crashing process's top-level exception filter:
 *   1. a JIT_DEBUG_INFO (40 bytes: dwSize 40, architecture 0 = x86 / 9 = AMD64, the faulting thread's id,
 *      the exception address, and the addresses of this process's EXCEPTION_RECORD and CONTEXT, i.e. an
 *      EXCEPTION_RECORD32 and a WOW64_CONTEXT-shaped CONTEXT in a 32-bit process);
 *   2. an inheritable manual-reset event, not signalled;
 *   3. AeDebug's Debugger and Auto read from the process's OWN registry view (no KEY_WOW64_* flag, so a
 *      32-bit process reads WOW6432Node, as on Windows); Auto other than "1" or no Debugger: the process ends
 *      as a crash with no debugger (exit code = exception code);
 *   4. the command line built with the C runtime's sprintf from the Debugger string and (pid, event handle,
 *      JIT_DEBUG_INFO address), the way Windows substitutes %ld %ld %p;
 *   5. CreateProcess with bInheritHandles = TRUE, then a wait for the event OR the debugger's exit;
 *   6. the end: signalled -> WER continues the target without waiting for the debugger, and the process ends
 *      with its exception code; the debugger exited without signalling -> WER would go on with its own
 *      collection (report, LocalDumps), then the process ends with its exception code. Both end here with
 *      TerminateProcess(exception code): the filter never returns, because Wine's own
 *      UnhandledExceptionFilter, which called it, would then start the AeDebug debugger a second time.
 * If the environment variable WERCLI_JIT_SHIM_LOG names a file, one line is appended to it:
 *   outcome=signalled|debugger-exited|timeout debugger_exit=0x...|running command=<the exact
 *   command line started>, or outcome=start-failed error=<Win32 error> command=<...>, or outcome=no-debugger
 *
 * What stays unproven (Windows does it differently or we have no source for the exact behaviour):
 *   - On Windows WerFault.exe, not the crashing process, starts the debugger (and is its parent); the
 *     event is duplicated into the debugger rather than inherited; its exact creation flags are unknown.
 *   - Windows calls this from its own UnhandledExceptionFilter after the process's top-level filter
 *     declined; here the shim IS the top-level filter, so a program's own filter is not modelled.
 *   - After an unsignalled debugger exit WER's own report and LocalDumps are not emulated.
 *   - A debugger that stays attached and expects the second-chance exception gets EXIT_PROCESS instead.
 *   - Windows' own timeout on the wait (if any) is unknown; ours is 120 s.
 */
#define __USE_MINGW_ANSI_STDIO 0 /* the C runtime's own printf family, as Windows' substitution */
#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jitshim.h"

_Static_assert(sizeof(JIT_DEBUG_INFO) == 40, "JIT_DEBUG_INFO is 40 bytes for 32- and 64-bit processes");

#define AEDEBUG_KEY "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug"
#define DEBUGGER_WAIT_MS 120000

/* Static, not on the stack: the debugger reads it with ReadProcessMemory at any time before we end. */
static JIT_DEBUG_INFO jit_info;
static volatile LONG owner_thread; /* the thread that started the debugger, 0 before */

static void log_line(const char *fmt, ...) {
    const char *path = getenv("WERCLI_JIT_SHIM_LOG");
    if (!path || !*path) {
        return;
    }
    FILE *f = fopen(path, "a");
    if (!f) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fclose(f);
}

/* One REG_SZ value into buf (always terminated); FALSE if absent, another type, or empty. */
static BOOL query_string(HKEY key, const char *name, char *buf, DWORD size) {
    DWORD type = 0, n = size - 1;
    memset(buf, 0, size);
    return RegQueryValueExA(key, name, NULL, &type, (BYTE *)buf, &n) == ERROR_SUCCESS && type == REG_SZ &&
           buf[0] != '\0';
}

/* TRUE when AeDebug says: start this debugger automatically. Plain KEY_QUERY_VALUE: this process's view. */
static BOOL read_aedebug(char *debugger, DWORD size) {
    HKEY key;
    if (RegOpenKeyExA(HKEY_LOCAL_MACHINE, AEDEBUG_KEY, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS) {
        return FALSE;
    }
    char auto_value[16];
    BOOL on = query_string(key, "Auto", auto_value, sizeof auto_value) && !strcmp(auto_value, "1") &&
              query_string(key, "Debugger", debugger, size);
    RegCloseKey(key);
    return on;
}

static void fill_jit_debug_info(const EXCEPTION_POINTERS *pointers) {
    jit_info.dwSize = sizeof jit_info;
#ifdef _WIN64
    jit_info.dwProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
#else
    jit_info.dwProcessorArchitecture = PROCESSOR_ARCHITECTURE_INTEL;
#endif
    jit_info.dwThreadID = GetCurrentThreadId();
    jit_info.dwReserved0 = 0;
    jit_info.lpExceptionAddress = (ULONG64)(ULONG_PTR)pointers->ExceptionRecord->ExceptionAddress;
    jit_info.lpExceptionRecord = (ULONG64)(ULONG_PTR)pointers->ExceptionRecord;
    jit_info.lpContextRecord = (ULONG64)(ULONG_PTR)pointers->ContextRecord;
}

/*
 * Starts the debugger and waits; returns the outcome word for the log. *exit_code: the debugger's exit code
 * (STILL_ACTIVE while it runs), or GetLastError() when it could not be started.
 */
static const char *run_debugger(const char *debugger, char *command, size_t command_size, DWORD *exit_code) {
    SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
    HANDLE event = CreateEventA(&inheritable, TRUE, FALSE, NULL);
    if (!event) {
        *exit_code = GetLastError();
        return "start-failed";
    }
    /* Windows' substitution: pid (DWORD), the event handle, the JIT_DEBUG_INFO address, in that order. */
    memset(command, 0, command_size);
    if (_snprintf(command, command_size - 1, debugger, GetCurrentProcessId(), event, &jit_info) < 0) {
        *exit_code = ERROR_INSUFFICIENT_BUFFER; /* longer than any command line CreateProcess takes */
        return "start-failed";
    }
    STARTUPINFOA si = {.cb = sizeof si};
    PROCESS_INFORMATION pi;
    if (!CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        *exit_code = GetLastError();
        return "start-failed";
    }
    HANDLE waited[2] = {event, pi.hProcess};
    DWORD r = WaitForMultipleObjects(2, waited, FALSE, DEBUGGER_WAIT_MS);
    if (!GetExitCodeProcess(pi.hProcess, exit_code)) {
        *exit_code = STILL_ACTIVE;
    }
    return r == WAIT_OBJECT_0 ? "signalled" : r == WAIT_OBJECT_0 + 1 ? "debugger-exited" : "timeout";
}

static LONG WINAPI jitshim_filter(EXCEPTION_POINTERS *pointers) {
    DWORD code = pointers->ExceptionRecord->ExceptionCode;
    LONG me = (LONG)GetCurrentThreadId();
    LONG owner = InterlockedCompareExchange(&owner_thread, me, 0);
    if (owner == me) {
        TerminateProcess(GetCurrentProcess(), code); /* a fault inside the shim itself: no second debugger */
    } else if (owner != 0) {
        Sleep(INFINITE); /* as on Windows, only the first crashing thread starts the debugger */
    }
    fill_jit_debug_info(pointers);
    static char debugger[1024], command[2048];
    DWORD exit_code = STILL_ACTIVE;
    const char *outcome = "no-debugger";
    if (read_aedebug(debugger, sizeof debugger)) {
        outcome = run_debugger(debugger, command, sizeof command, &exit_code);
    }
    if (!strcmp(outcome, "no-debugger")) {
        log_line("outcome=no-debugger");
    } else if (!strcmp(outcome, "start-failed")) {
        log_line("outcome=%s error=%lu command=%s", outcome, exit_code, command);
    } else if (exit_code == STILL_ACTIVE) {
        log_line("outcome=%s debugger_exit=running command=%s", outcome, command);
    } else {
        log_line("outcome=%s debugger_exit=0x%lx command=%s", outcome, exit_code, command);
    }
    TerminateProcess(GetCurrentProcess(), code);
    return EXCEPTION_EXECUTE_HANDLER; /* not reached */
}

void jitshim_install(void) {
    SetUnhandledExceptionFilter(jitshim_filter);
}
