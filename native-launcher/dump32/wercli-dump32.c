/*
 * wercli-dump32.exe: writes the minidump of a 32-bit (WOW64) process for wercli.
 *
 *   wercli-dump32.exe PID THREAD_ID FLAGS_HEX DUMP_FILE [RECORD_HEX CONTEXT_HEX]
 *
 * Why it exists: MiniDumpWriteDump writes the dump in the caller's own bitness. Called from the 64-bit
 * wercli on a WOW64 process it writes the 64-bit view (an amd64 dump of the WOW64 layer) that x86 readers
 * (WinDbg without .effmach, Breakpad, LLDB) cannot walk. ProcDump solves this with a procdump.exe /
 * procdump64.exe pair; wercli keeps everything else (attach, the exception, release, watchdog, report) in
 * the one 64-bit program and hands only this call to a 32-bit helper, so the per-bitness part stays small.
 *
 * RECORD_HEX is an EXCEPTION_RECORD (the 32-bit layout, 80 bytes) and CONTEXT_HEX an x86 CONTEXT
 * (716 bytes), both as the 64-bit wercli read them (second-chance event, Wow64GetThreadContext, or the
 * JIT_DEBUG_INFO's pointers). They are copied here and passed with ClientPointers = FALSE, so the dump's
 * exception stream holds the crash even when the faulting thread's current context is elsewhere.
 *
 * The helper runs while wercli holds the process stopped under its debugger; it only reads the process.
 * Exit codes (wercli reads them, with the one-line message on stderr): 0 written, 2 bad arguments,
 * 3 the process could not be opened, 4 the file could not be created, 5 MiniDumpWriteDump failed,
 * 6 the helper itself crashed (its own top-level filter; never a postmortem debugger for it).
 */
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum {
    EXIT_WRITTEN = 0,
    EXIT_USAGE = 2,
    EXIT_NO_PROCESS = 3,
    EXIT_NO_FILE = 4,
    EXIT_DUMP_FAILED = 5,
    EXIT_CRASHED = 6
};

/* The x86 CONTEXT and EXCEPTION_RECORD as the 64-bit side encodes them (fixed sizes on x86). */
#define RECORD32_SIZE 80
#define CONTEXT_X86_SIZE 716

/*
 * A crash of the helper must never start a postmortem debugger (that would be wercli again, waiting on
 * itself): under Wine the process's own top-level filter runs first, so it ends the process here.
 */
static LONG WINAPI end_quietly(EXCEPTION_POINTERS *pointers) {
    (void)pointers;
    TerminateProcess(GetCurrentProcess(), EXIT_CRASHED);
    return EXCEPTION_EXECUTE_HANDLER;
}

static int fail(int code, const wchar_t *what, DWORD error) {
    fwprintf(stderr, L"wercli-dump32: %ls (error %lu)\n", what, (unsigned long)error);
    return code;
}

static int hex_digit(wchar_t c) {
    if (c >= L'0' && c <= L'9') return c - L'0';
    if (c >= L'a' && c <= L'f') return c - L'a' + 10;
    if (c >= L'A' && c <= L'F') return c - L'A' + 10;
    return -1;
}

/* Decodes exactly `size` bytes of hex into `out`; 0 on any other length or a non-hex digit. */
static int decode_hex(const wchar_t *text, unsigned char *out, size_t size) {
    if (wcslen(text) != size * 2) {
        return 0;
    }
    for (size_t i = 0; i < size; i++) {
        int hi = hex_digit(text[2 * i]);
        int lo = hex_digit(text[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return 0;
        }
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 1;
}

static int parse_u32(const wchar_t *text, int base, DWORD *out) {
    wchar_t *end = NULL;
    unsigned long v = wcstoul(text, &end, base);
    if (end == text || *end != L'\0') {
        return 0;
    }
    *out = (DWORD)v;
    return 1;
}

/*
 * --stdin: the arguments come later, as one UTF-8 line on stdin, separated by tabs. The capture service starts
 * one such helper ahead of time, so a 32-bit dump does not wait for a process start (and dbghelp's load).
 * EOF before a line: nothing to do, exit quietly.
 */
#define MAX_LINE 8192
#define MAX_FIELDS 6
static wchar_t *stdin_fields[MAX_FIELDS + 2];
static wchar_t stdin_text[MAX_LINE];

static int read_stdin_arguments(int *argc, wchar_t ***argv) {
    static char line[MAX_LINE];
    if (fgets(line, sizeof line, stdin) == NULL) {
        return 0;
    }
    line[strcspn(line, "\r\n")] = '\0';
    if (MultiByteToWideChar(CP_UTF8, 0, line, -1, stdin_text, MAX_LINE) == 0) {
        return 0;
    }
    int n = 1;
    stdin_fields[0] = L"wercli-dump32";
    wchar_t *field = stdin_text;
    while (n < MAX_FIELDS + 1) {
        stdin_fields[n++] = field;
        wchar_t *tab = wcschr(field, L'\t');
        if (tab == NULL) {
            break;
        }
        *tab = L'\0';
        field = tab + 1;
    }
    stdin_fields[n] = NULL;
    *argc = n;
    *argv = stdin_fields;
    return 1;
}

int wmain(int argc, wchar_t **argv); /* the entry point (-municode); declared for -Wmissing-prototypes */

int wmain(int argc, wchar_t **argv) {
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    SetUnhandledExceptionFilter(end_quietly);
    if (argc == 2 && wcscmp(argv[1], L"--stdin") == 0 && !read_stdin_arguments(&argc, &argv)) {
        return EXIT_USAGE;
    }
    if (argc != 5 && argc != 7) {
        fwprintf(stderr, L"usage: wercli-dump32 PID THREAD_ID FLAGS_HEX DUMP_FILE [RECORD_HEX CONTEXT_HEX]\n");
        return EXIT_USAGE;
    }
    DWORD pid, tid, flags;
    if (!parse_u32(argv[1], 10, &pid) || !parse_u32(argv[2], 10, &tid) || !parse_u32(argv[3], 16, &flags)) {
        fwprintf(stderr, L"wercli-dump32: PID and THREAD_ID must be decimal, FLAGS_HEX hexadecimal\n");
        return EXIT_USAGE;
    }
    /* Static storage: CONTEXT wants 4-byte alignment on x86 and must outlive the call. */
    static EXCEPTION_RECORD record;
    static CONTEXT context;
    int with_exception = argc == 7;
    if (with_exception && (!decode_hex(argv[5], (unsigned char *)&record, RECORD32_SIZE)
                           || !decode_hex(argv[6], (unsigned char *)&context, CONTEXT_X86_SIZE))) {
        fwprintf(stderr, L"wercli-dump32: RECORD_HEX must be %d bytes and CONTEXT_HEX %d bytes of hex\n",
                 RECORD32_SIZE, CONTEXT_X86_SIZE);
        return EXIT_USAGE;
    }

    HANDLE process = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ | PROCESS_DUP_HANDLE, FALSE, pid);
    if (!process) {
        return fail(EXIT_NO_PROCESS, L"OpenProcess failed", GetLastError());
    }
    HANDLE file = CreateFileW(argv[4], GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        DWORD error = GetLastError();
        CloseHandle(process);
        return fail(EXIT_NO_FILE, L"cannot create the dump file", error);
    }
    EXCEPTION_POINTERS pointers = {&record, &context};
    MINIDUMP_EXCEPTION_INFORMATION info = {tid, &pointers, FALSE};
    BOOL ok = MiniDumpWriteDump(process, pid, file, (MINIDUMP_TYPE)flags, with_exception ? &info : NULL, NULL, NULL);
    DWORD error = GetLastError();
    CloseHandle(file);
    CloseHandle(process);
    return ok ? EXIT_WRITTEN : fail(EXIT_DUMP_FAILED, L"MiniDumpWriteDump failed", error);
}
