#include "message.h"

#include <windows.h>
#include <stdarg.h>
#include <stdio.h>

/* A console takes UTF-16 through WriteConsoleW; a pipe or file gets UTF-8, like the Java side writes. */
static void write_stderr(const wchar_t *text) {
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    if (err == NULL || err == INVALID_HANDLE_VALUE) {
        return;
    }
    DWORD mode;
    DWORD written;
    int length = (int)wcslen(text);
    if (GetConsoleMode(err, &mode)) {
        WriteConsoleW(err, text, (DWORD)length, &written, NULL);
        return;
    }
    char utf8[4096];
    int bytes = WideCharToMultiByte(CP_UTF8, 0, text, length, utf8, (int)sizeof utf8, NULL, NULL);
    if (bytes > 0) {
        WriteFile(err, utf8, (DWORD)bytes, &written, NULL);
    }
}

void message_error(const wchar_t *format, ...) {
    wchar_t line[1024];
    va_list args;
    va_start(args, format);
    int n = _vsnwprintf(line, sizeof line / sizeof line[0] - 2, format, args);
    va_end(args);
    if (n < 0) {
        n = (int)(sizeof line / sizeof line[0]) - 2; /* truncated: still end the line */
    }
    line[n] = L'\n';
    line[n + 1] = L'\0';
    write_stderr(L"wercli: ");
    write_stderr(line);
}

void message_trace(const char *phase) {
    static int enabled = -1;
    static LARGE_INTEGER start;
    static LARGE_INTEGER frequency;
    if (enabled < 0) {
        char value[8];
        enabled = GetEnvironmentVariableA("WERCLI_LAUNCHER_TRACE", value, sizeof value) > 0 && value[0] == '1';
        QueryPerformanceFrequency(&frequency);
        QueryPerformanceCounter(&start);
    }
    if (!enabled) {
        return;
    }
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    double ms = (double)(now.QuadPart - start.QuadPart) * 1000.0 / (double)frequency.QuadPart;
    wchar_t line[160];
    _snwprintf(line, sizeof line / sizeof line[0], L"wercli-launcher: %8.1f ms %hs\n", ms, phase);
    line[sizeof line / sizeof line[0] - 1] = L'\0';
    write_stderr(line);
}
