/*
 * floor-debugger: the least an AeDebug postmortem debugger can do, in C, as the benchmark's native floor.
 *
 *   floor-debugger.exe PID EVENT DUMP_FILE      (AeDebug: "floor-debugger.exe %ld %ld C:\...\floor.dmp")
 *
 * The same steps as `wercli attach` on the second-chance path (Wine passes no JIT_DEBUG_INFO): attach,
 * drain the attach events, signal the AeDebug event at the attach breakpoint, wait for the second-chance
 * exception, write a MiniDumpNormal with the exception stream, continue the exception as not handled and
 * detach (the process ends as it would without a debugger). No report, no logging, no error recovery
 * beyond giving up: exit 0 on a written dump, 1 otherwise.
 */
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT_LIMIT_MS 30000

static int fail(const char *what) {
    fprintf(stderr, "floor-debugger: %s failed (error %lu)\n", what, GetLastError());
    return 1;
}

/* Handles delivered with debug events that this debugger owns and must close. */
static void close_event_handles(const DEBUG_EVENT *event) {
    if (event->dwDebugEventCode == CREATE_PROCESS_DEBUG_EVENT && event->u.CreateProcessInfo.hFile != NULL) {
        CloseHandle(event->u.CreateProcessInfo.hFile);
    } else if (event->dwDebugEventCode == LOAD_DLL_DEBUG_EVENT && event->u.LoadDll.hFile != NULL) {
        CloseHandle(event->u.LoadDll.hFile);
    }
}

static int write_dump(DWORD pid, HANDLE process, const DEBUG_EVENT *crash, const char *path) {
    HANDLE thread = OpenThread(THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION, FALSE, crash->dwThreadId);
    if (thread == NULL) {
        return fail("OpenThread");
    }
    CONTEXT context;
    memset(&context, 0, sizeof context);
    context.ContextFlags = CONTEXT_ALL;
    BOOL have_context = GetThreadContext(thread, &context);
    CloseHandle(thread);
    if (!have_context) {
        return fail("GetThreadContext");
    }
    EXCEPTION_RECORD record = crash->u.Exception.ExceptionRecord;
    EXCEPTION_POINTERS pointers = {&record, &context};
    /* Pointers into our own memory: ClientPointers = FALSE. dbghelp.h packs this struct (pshpack4). */
    MINIDUMP_EXCEPTION_INFORMATION exception = {crash->dwThreadId, &pointers, FALSE};
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        return fail("CreateFile");
    }
    BOOL written = MiniDumpWriteDump(process, pid, file, MiniDumpNormal, &exception, NULL, NULL);
    CloseHandle(file);
    return written ? 0 : fail("MiniDumpWriteDump");
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: floor-debugger PID EVENT DUMP_FILE|FOLDER\\\n");
        return 2;
    }
    DWORD pid = strtoul(argv[1], NULL, 10);
    HANDLE aedebug_event = (HANDLE)(ULONG_PTR)_strtoui64(argv[2], NULL, 10);
    if (!DebugActiveProcess(pid)) {
        return fail("DebugActiveProcess");
    }
    DebugSetProcessKillOnExit(FALSE);
    HANDLE process = NULL;
    int result = 1;
    int signalled = 0;
    for (;;) {
        DEBUG_EVENT event;
        if (!WaitForDebugEvent(&event, WAIT_LIMIT_MS)) {
            fail("WaitForDebugEvent");
            break;
        }
        if (event.dwDebugEventCode == CREATE_PROCESS_DEBUG_EVENT) {
            process = event.u.CreateProcessInfo.hProcess;
        }
        close_event_handles(&event);
        DWORD continue_status = DBG_CONTINUE;
        if (event.dwDebugEventCode == EXCEPTION_DEBUG_EVENT) {
            DWORD code = event.u.Exception.ExceptionRecord.ExceptionCode;
            if (!event.u.Exception.dwFirstChance) {
                /* A DUMP_FILE ending in '\' is a folder: <folder><pid>.dmp, for crash storms. */
                char path[MAX_PATH];
                size_t n = strlen(argv[3]);
                if (n > 0 && argv[3][n - 1] == '\\') {
                    snprintf(path, sizeof path, "%s%lu.dmp", argv[3], (unsigned long)pid);
                } else {
                    snprintf(path, sizeof path, "%s", argv[3]);
                }
                result = write_dump(pid, process, &event, path);
                ContinueDebugEvent(event.dwProcessId, event.dwThreadId, DBG_EXCEPTION_NOT_HANDLED);
                break;
            }
            if (code == EXCEPTION_BREAKPOINT && !signalled) {
                /* Attached: let the faulting thread re-raise its exception as a second chance. */
                SetEvent(aedebug_event);
                signalled = 1;
            } else {
                continue_status = DBG_EXCEPTION_NOT_HANDLED;
            }
        } else if (event.dwDebugEventCode == EXIT_PROCESS_DEBUG_EVENT) {
            ContinueDebugEvent(event.dwProcessId, event.dwThreadId, DBG_CONTINUE);
            break;
        }
        ContinueDebugEvent(event.dwProcessId, event.dwThreadId, continue_status);
    }
    DebugActiveProcessStop(pid);
    if (!signalled) {
        SetEvent(aedebug_event);
    }
    return result;
}
