#include "worker.h"

#include "message.h"
#include "paths.h"
#include "service_client.h"

#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* `attach PID EVENT JIT_DEBUG_INFO` with no `--release signal`: the JIT form where our exit ends WER's wait. */
static int waits_for_our_exit(int argc, wchar_t **args) {
    if (argc < 4 || wcscmp(args[0], L"attach") != 0) {
        return 0;
    }
    for (int i = 1; i <= 3; i++) {
        if (args[i][0] == L'-' || args[i][0] == L'\0' || !iswdigit(args[i][0])) {
            return 0; /* an option, or the managed form (PID n APPDOM ...): not this path */
        }
    }
    for (int i = 4; i < argc; i++) {
        if (wcscmp(args[i], L"--release=signal") == 0 ||
            (wcscmp(args[i], L"--release") == 0 && i + 1 < argc && wcscmp(args[i + 1], L"signal") == 0)) {
            return 0; /* signalling ends WER's wait, not our exit */
        }
    }
    return 1;
}

int worker_try_capture(int argc, wchar_t **args, int *exit_code) {
    if (GetEnvironmentVariableW(WORKER_PIPE_VARIABLE, NULL, 0) > 0 || !waits_for_our_exit(argc, args)) {
        return 0;
    }
    SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, NULL, TRUE};
    HANDLE read_end = NULL;
    HANDLE write_end = NULL;
    if (!CreatePipe(&read_end, &write_end, &inheritable, 0)) {
        return 0;
    }
    SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
    wchar_t value[32];
    swprintf(value, sizeof value / sizeof value[0], L"%llu", (unsigned long long)(ULONG_PTR)write_end);
    wchar_t *self = paths_launcher();
    STARTUPINFOW startup = {.cb = sizeof startup};
    PROCESS_INFORMATION worker;
    /* The worker inherits the environment (this variable, and no second try of the capture service). */
    BOOL started = self != NULL && SetEnvironmentVariableW(WORKER_PIPE_VARIABLE, value) &&
                   SetEnvironmentVariableW(NO_SERVICE_VARIABLE, L"1") &&
                   CreateProcessW(self, GetCommandLineW(), NULL, NULL, TRUE, 0, NULL, NULL, &startup, &worker);
    SetEnvironmentVariableW(WORKER_PIPE_VARIABLE, NULL);
    free(self);
    CloseHandle(write_end); /* now only the worker holds it: its exit ends our read */
    if (!started) {
        CloseHandle(read_end);
        message_trace("worker: not started, capturing in-process");
        return 0;
    }
    CloseHandle(worker.hThread);
    message_trace("worker: started");
    char line[64];
    DWORD got = 0;
    DWORD total = 0;
    /* "released N\n", then the worker closes its end; or nothing, if it ends (or fails) before a release. */
    while (total < sizeof line - 1 && ReadFile(read_end, line + total, (DWORD)(sizeof line - 1 - total), &got, NULL) &&
           got > 0) {
        total += got;
        if (memchr(line, '\n', total) != NULL) {
            break;
        }
    }
    line[total] = '\0';
    CloseHandle(read_end);
    if (strncmp(line, "released ", 9) == 0) {
        message_trace("worker: released");
        *exit_code = (int)strtoul(line + 9, NULL, 10);
    } else {
        /* No release message: the worker's own exit code is the capture's (it ended the whole capture). */
        DWORD code = 1;
        WaitForSingleObject(worker.hProcess, INFINITE);
        GetExitCodeProcess(worker.hProcess, &code);
        *exit_code = (int)code;
    }
    CloseHandle(worker.hProcess);
    return 1;
}
