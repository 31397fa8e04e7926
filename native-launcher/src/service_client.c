#include "service_client.h"

#include "exit_codes.h"
#include "message.h"

#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define PIPE_NAME L"\\\\.\\pipe\\wercli-capture"
#define MAGIC L"wercli-capture/1"
/* A busy pipe (every instance taken for a moment): wait this long for one to come free. */
#define BUSY_WAIT_MS 1000
/* From the request to the service's "accepted": past this, the launcher captures in-process. */
#define ACCEPT_WAIT_MS 5000
/* After "accepted <timeout>": the service's own watchdog ends the capture by then; this margin on top. */
#define RELEASE_MARGIN_MS 15000
#define MAX_REQUEST_BYTES 65536

static int env_is(const wchar_t *name, const wchar_t *value) {
    wchar_t buffer[16];
    DWORD n = GetEnvironmentVariableW(name, buffer, (DWORD)(sizeof buffer / sizeof buffer[0]));
    return n > 0 && n < sizeof buffer / sizeof buffer[0] && wcscmp(buffer, value) == 0;
}

static DWORD env_ms(const wchar_t *name, DWORD fallback) {
    wchar_t buffer[16];
    DWORD n = GetEnvironmentVariableW(name, buffer, (DWORD)(sizeof buffer / sizeof buffer[0]));
    if (n == 0 || n >= sizeof buffer / sizeof buffer[0]) {
        return fallback;
    }
    unsigned long v = wcstoul(buffer, NULL, 10);
    return v == 0 ? fallback : (DWORD)v;
}

/* One overlapped read or write, bounded: 1 when it completed, 0 on error or timeout (then cancelled). */
static int io_bounded(HANDLE pipe, int write, void *buffer, DWORD size, DWORD *done, DWORD timeout_ms) {
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (ov.hEvent == NULL) {
        return 0;
    }
    BOOL ok = write ? WriteFile(pipe, buffer, size, NULL, &ov) : ReadFile(pipe, buffer, size, NULL, &ov);
    int result = 0;
    if (ok || GetLastError() == ERROR_IO_PENDING) {
        if (WaitForSingleObject(ov.hEvent, timeout_ms) == WAIT_OBJECT_0) {
            result = GetOverlappedResult(pipe, &ov, done, FALSE) ? 1 : 0;
        } else {
            CancelIo(pipe);
            GetOverlappedResult(pipe, &ov, done, TRUE); /* the cancelled I/O no longer uses ov */
        }
    }
    CloseHandle(ov.hEvent);
    return result;
}

/* Reads one reply (ASCII) into line; 1 on success. */
static int read_reply(HANDLE pipe, char *line, DWORD size, DWORD timeout_ms) {
    DWORD got = 0;
    if (!io_bounded(pipe, 0, line, size - 1, &got, timeout_ms)) {
        return 0;
    }
    line[got] = '\0';
    return 1;
}

static HANDLE connect_pipe(void) {
    for (int attempt = 0; attempt < 2; attempt++) {
        /* SECURITY_IMPERSONATION: the service checks our rights by impersonating us (and nothing more). */
        HANDLE pipe = CreateFileW(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                                  FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IMPERSONATION, NULL);
        if (pipe != INVALID_HANDLE_VALUE) {
            return pipe;
        }
        if (GetLastError() != ERROR_PIPE_BUSY || attempt == 1 ||
            !WaitNamedPipeW(PIPE_NAME, env_ms(L"WERCLI_SERVICE_BUSY_MS", BUSY_WAIT_MS))) {
            return INVALID_HANDLE_VALUE;
        }
    }
    return INVALID_HANDLE_VALUE;
}

int service_try_capture(int argc, wchar_t **args, int *exit_code) {
    if (argc < 1 || wcscmp(args[0], L"attach") != 0 || env_is(NO_SERVICE_VARIABLE, L"1")) {
        return 0;
    }
    HANDLE pipe = connect_pipe();
    if (pipe == INVALID_HANDLE_VALUE) {
        message_trace("service: no pipe, capturing in-process");
        return 0;
    }
    DWORD mode = PIPE_READMODE_MESSAGE;
    SetNamedPipeHandleState(pipe, &mode, NULL, NULL);

    /* The request: MAGIC, our pid, then the arguments, each ended by a NUL, UTF-16LE. */
    size_t chars = wcslen(MAGIC) + 1 + 11;
    for (int i = 0; i < argc; i++) {
        chars += wcslen(args[i]) + 1;
    }
    if (chars * sizeof(wchar_t) > MAX_REQUEST_BYTES) {
        CloseHandle(pipe);
        return 0;
    }
    wchar_t *request = calloc(chars + 1, sizeof(wchar_t));
    if (request == NULL) {
        CloseHandle(pipe);
        return 0;
    }
    size_t at = 0;
    at += (size_t)swprintf(request + at, chars - at, L"%ls", MAGIC) + 1;
    at += (size_t)swprintf(request + at, chars - at, L"%lu", GetCurrentProcessId()) + 1;
    for (int i = 0; i < argc; i++) {
        size_t n = wcslen(args[i]);
        memcpy(request + at, args[i], n * sizeof(wchar_t));
        at += n + 1; /* calloc left the NUL */
    }
    DWORD accept_ms = env_ms(L"WERCLI_SERVICE_ACCEPT_MS", ACCEPT_WAIT_MS);
    DWORD done = 0;
    int sent = io_bounded(pipe, 1, request, (DWORD)(at * sizeof(wchar_t)), &done, accept_ms);
    free(request);
    char reply[256];
    if (!sent || !read_reply(pipe, reply, sizeof reply, accept_ms)) {
        /* Absent, dying or slow before it accepted: it has not attached, so we may (and must) capture. */
        message_trace("service: no answer in time, capturing in-process");
        CloseHandle(pipe);
        return 0;
    }
    unsigned long value = 0;
    if (strncmp(reply, "released ", 9) == 0) {
        /* Finished before it had accepted (e.g. a failure it recorded): its code is ours. */
        *exit_code = (int)strtoul(reply + 9, NULL, 10);
        CloseHandle(pipe);
        return 1;
    }
    if (strncmp(reply, "accepted ", 9) != 0) {
        message_trace(reply); /* "fallback <reason>" or anything unknown: capture in-process */
        CloseHandle(pipe);
        return 0;
    }
    message_trace("service: accepted");
    value = strtoul(reply + 9, NULL, 10);
    DWORD release_ms = (DWORD)(value > 3600 ? 3600 : value) * 1000 + RELEASE_MARGIN_MS;
    if (read_reply(pipe, reply, sizeof reply, release_ms) && strncmp(reply, "released ", 9) == 0) {
        message_trace("service: released");
        *exit_code = (int)strtoul(reply + 9, NULL, 10);
    } else {
        /*
         * The service went away (or hung past its own watchdog) after it had accepted: its debug session ended with
         * it (kill-on-exit is off, so that released the process), and whoever waits on us - the crashed process, WER
         * - goes on when we exit. A second capture now would find a process that has moved on.
         */
        message_error(L"the capture service stopped answering during the capture of this crash; see the service's "
                      L"wercli.log");
        *exit_code = LAUNCHER_EXIT_SERVICE_LOST;
    }
    CloseHandle(pipe);
    return 1;
}
