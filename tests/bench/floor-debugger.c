/*
 * floor-debugger: the least an AeDebug postmortem debugger can do, in C, as the benchmark's native floor.
 *
 *   floor-debugger.exe PID EVENT DUMP_FILE      (AeDebug: "floor-debugger.exe %ld %ld C:\...\floor.dmp")
 *   floor-debugger.exe PID EVENT JIT_DEBUG_INFO DUMP_FILE   ("... %ld %ld %p C:\...\floor.dmp": the JIT path)
 *
 * The same steps as `wercli attach` on the second-chance path (Wine passes no JIT_DEBUG_INFO): attach,
 * drain the attach events, signal the AeDebug event at the attach breakpoint, wait for the second-chance
 * exception, write a MiniDumpNormal with the exception stream, continue the exception as not handled and
 * detach (the process ends as it would without a debugger). No report, no logging, no error recovery
 * beyond giving up: exit 0 on a written dump, 1 otherwise.
 *
 * With a JIT_DEBUG_INFO address (the path every crash takes on Windows; under Wine through crashy --jit-shim),
 * the same steps as `wercli attach PID EVENT JIT` with its default `--release exit`: attach, drain the attach
 * events up to the attach breakpoint, read the JIT_DEBUG_INFO and the exception record and context it points
 * to, write the dump, detach, and exit without signalling (the process waits in its exception filter for
 * the debugger's exit, then ends).
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

/* The next debug event (0 after WAIT_LIMIT_MS): keeps the process handle, closes the event's file handles. */
static int next_event(DEBUG_EVENT *event, HANDLE *process) {
    if (!WaitForDebugEvent(event, WAIT_LIMIT_MS)) {
        fail("WaitForDebugEvent");
        return 0;
    }
    if (event->dwDebugEventCode == CREATE_PROCESS_DEBUG_EVENT) {
        *process = event->u.CreateProcessInfo.hProcess;
    }
    close_event_handles(event);
    return 1;
}

/* A DUMP_FILE ending in '\' is a folder: <folder><pid>.dmp, for crash storms. */
static void dump_path(char *path, size_t size, const char *arg, DWORD pid) {
    size_t n = strlen(arg);
    if (n > 0 && arg[n - 1] == '\\') {
        snprintf(path, size, "%s%lu.dmp", arg, (unsigned long)pid);
    } else {
        snprintf(path, size, "%s", arg);
    }
}

/* JIT_DEBUG_INFO as Windows lays it out in the crashed process: the same 40 bytes in either bitness. */
typedef struct {
    DWORD dwSize, dwProcessorArchitecture, dwThreadID, dwReserved0;
    ULONG64 lpExceptionAddress, lpExceptionRecord, lpContextRecord;
} jit_debug_info;

/* The JIT path: the exception is described in the target's memory; the process waits for our exit. */
static int jit_capture(DWORD pid, ULONG64 jit_address, const char *dump_arg) {
    HANDLE process = NULL;
    int result = 1;
    for (;;) {
        DEBUG_EVENT event;
        if (!next_event(&event, &process)) {
            break;
        }
        if (event.dwDebugEventCode == EXCEPTION_DEBUG_EVENT &&
            event.u.Exception.ExceptionRecord.ExceptionCode == EXCEPTION_BREAKPOINT) {
            jit_debug_info jit;
            EXCEPTION_RECORD record;
            CONTEXT context;
            if (process == NULL ||
                !ReadProcessMemory(process, (LPCVOID)(ULONG_PTR)jit_address, &jit, sizeof jit, NULL) ||
                !ReadProcessMemory(process, (LPCVOID)(ULONG_PTR)jit.lpExceptionRecord, &record, sizeof record, NULL) ||
                !ReadProcessMemory(process, (LPCVOID)(ULONG_PTR)jit.lpContextRecord, &context, sizeof context, NULL)) {
                fail("ReadProcessMemory");
            } else {
                EXCEPTION_POINTERS pointers = {&record, &context};
                MINIDUMP_EXCEPTION_INFORMATION exception = {jit.dwThreadID, &pointers, FALSE};
                char path[MAX_PATH];
                dump_path(path, sizeof path, dump_arg, pid);
                HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
                if (file == INVALID_HANDLE_VALUE) {
                    fail("CreateFile");
                } else {
                    result = MiniDumpWriteDump(process, pid, file, MiniDumpNormal, &exception, NULL, NULL) ? 0
                             : fail("MiniDumpWriteDump");
                    CloseHandle(file);
                }
            }
            ContinueDebugEvent(event.dwProcessId, event.dwThreadId, DBG_CONTINUE);
            break;
        }
        ContinueDebugEvent(event.dwProcessId, event.dwThreadId, DBG_CONTINUE);
        if (event.dwDebugEventCode == EXIT_PROCESS_DEBUG_EVENT) {
            break;
        }
    }
    DebugActiveProcessStop(pid);
    return result;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: floor-debugger PID EVENT [JIT_DEBUG_INFO] DUMP_FILE|FOLDER\\\n");
        return 2;
    }
    DWORD pid = strtoul(argv[1], NULL, 10);
    HANDLE aedebug_event = (HANDLE)(ULONG_PTR)_strtoui64(argv[2], NULL, 10);
    if (!DebugActiveProcess(pid)) {
        return fail("DebugActiveProcess");
    }
    DebugSetProcessKillOnExit(FALSE);
    if (argc == 5) {
        /* The C runtime that substitutes %p prints it in hex without a prefix. */
        return jit_capture(pid, _strtoui64(argv[3], NULL, 16), argv[4]);
    }
    HANDLE process = NULL;
    int result = 1;
    int signalled = 0;
    for (;;) {
        DEBUG_EVENT event;
        if (!next_event(&event, &process)) {
            break;
        }
        DWORD continue_status = DBG_CONTINUE;
        if (event.dwDebugEventCode == EXCEPTION_DEBUG_EVENT) {
            DWORD code = event.u.Exception.ExceptionRecord.ExceptionCode;
            if (!event.u.Exception.dwFirstChance) {
                char path[MAX_PATH];
                dump_path(path, sizeof path, argv[3], pid);
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
