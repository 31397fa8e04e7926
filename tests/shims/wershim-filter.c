/*
 * wershim-filter: TEST-ONLY, compiled into crashy (`crashy --wer-shim MODE`). On Windows, an unhandled
 * exception makes the crashing process's UnhandledExceptionFilter hand the crash to WER, and WerFault.exe
 * (another process) calls the registered runtime exception modules while the crashed process waits. Wine
 * has no WER, so this filter plays the crashing process's part:
 *   1. starts wershim.exe from crashy.exe's own folder (the x86 crashy starts the x86 wershim, as a 32-bit
 *      process's crash is handled by modules of its own bitness) with its pid, the faulting thread's id and
 *      the address of its EXCEPTION_POINTERS (which wershim reads with ReadProcessMemory, as WER reads the
 *      crashed process), and waits for it (120 s at most);
 *   2. ends the process with the exception code, as a crash without a debugger ends. It never returns:
 *      Wine's own UnhandledExceptionFilter would then start the AeDebug debugger.
 * The environment (WERCLI_WER_SHIM_LOG, the module's WERCLI_WER_* settings) is inherited by wershim.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "wershim.h"

#define SHIM_WAIT_MS 120000

static EXCEPTION_POINTERS pointers_copy; /* static: wershim reads it while we wait */
static volatile LONG owner_thread;

static LONG WINAPI wershim_filter(EXCEPTION_POINTERS *pointers) {
    DWORD code = pointers->ExceptionRecord->ExceptionCode;
    LONG me = (LONG)GetCurrentThreadId();
    LONG owner = InterlockedCompareExchange(&owner_thread, me, 0);
    if (owner == me) {
        TerminateProcess(GetCurrentProcess(), code); /* a fault inside the filter itself */
    } else if (owner != 0) {
        Sleep(INFINITE); /* only the first crashing thread reports, as with WER */
    }
    pointers_copy = *pointers;
    char exe[MAX_PATH];
    DWORD n = GetModuleFileNameA(NULL, exe, MAX_PATH);
    char *slash = n > 0 && n < MAX_PATH ? strrchr(exe, '\\') : NULL;
    if (slash) {
        static char command[MAX_PATH + 128];
        *slash = '\0';
        snprintf(command, sizeof command, "\"%s\\wershim.exe\" %lu %lu %p", exe, GetCurrentProcessId(),
                 GetCurrentThreadId(), (void *)&pointers_copy);
        STARTUPINFOA si = {.cb = sizeof si};
        PROCESS_INFORMATION pi;
        if (CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
            WaitForSingleObject(pi.hProcess, SHIM_WAIT_MS);
            CloseHandle(pi.hThread);
            CloseHandle(pi.hProcess);
        } else {
            fprintf(stderr, "crashy: cannot start %s (error %lu)\n", command, GetLastError());
        }
    }
    TerminateProcess(GetCurrentProcess(), code);
    return EXCEPTION_EXECUTE_HANDLER; /* not reached */
}

void wershim_install(void) {
    SetUnhandledExceptionFilter(wershim_filter);
}
