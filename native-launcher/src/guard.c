#include "guard.h"

#include "exit_codes.h"

#include <windows.h>

/* Formats value as 0x + 16 hex digits into out (19 bytes with the NUL). No CRT: the heap may be broken. */
static void hex64(ULONG_PTR value, char *out) {
    static const char digits[] = "0123456789ABCDEF";
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < 16; i++) {
        out[2 + i] = digits[(value >> (60 - 4 * i)) & 0xF];
    }
    out[18] = '\0';
}

static void write_stderr_ascii(const char *text) {
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    if (err != NULL && err != INVALID_HANDLE_VALUE) {
        DWORD written;
        WriteFile(err, text, (DWORD)lstrlenA(text), &written, NULL);
    }
}

static LONG WINAPI on_unhandled_exception(EXCEPTION_POINTERS *pointers) {
    char code[19];
    char address[19];
    hex64(pointers->ExceptionRecord->ExceptionCode, code);
    hex64((ULONG_PTR)pointers->ExceptionRecord->ExceptionAddress, address);
    write_stderr_ascii("wercli: wercli.exe crashed (exception ");
    write_stderr_ascii(code);
    write_stderr_ascii(" at ");
    write_stderr_ascii(address);
    write_stderr_ascii("); not starting a postmortem debugger for wercli itself\n");
    /* Terminate here rather than return: returning lets the system go on to AeDebug (= wercli). */
    TerminateProcess(GetCurrentProcess(), LAUNCHER_EXIT_CRASHED);
    return EXCEPTION_EXECUTE_HANDLER;
}

void guard_install(void) {
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    SetUnhandledExceptionFilter(on_unhandled_exception);
}

void guard_crash_if_requested(guard_crash_point point) {
    char value[8];
    if (GetEnvironmentVariableA("WERCLI_LAUNCHER_TEST_CRASH", value, sizeof value) > 0 &&
        value[0] == (char)('0' + point)) {
        /* Through a volatile pointer so the compiler can neither see nor drop the bad write. */
        int *volatile target = (int *)(ULONG_PTR)0x10;
        *target = 1;
    }
}
