/*
 * dumpwrap: runs a program under a minimal debugger and writes a minidump of it when it crashes.
 *
 *   dumpwrap.exe OUT.dmp TYPE PROGRAM [ARGS...]
 *
 * TYPE is a MINIDUMP_TYPE number (0 = MiniDumpNormal, 0x20002 = full memory, ignore unreadable).
 * It exists so the minidump reader's tests have real dumps written by dbghelp (Wine's or Windows') that do
 * not depend on wercli's own capture code. On the crash (the second-chance exception, or a first-chance one
 * other than the loader breakpoint if the target has no handler) it writes the dump with the exception
 * record and the faulting thread's context, prints the facts a reader must find, and kills the target.
 * Output on stdout: pid=, tid=, code=, address= lines. Exit: 0 dump written, 2 usage, 3 start failed,
 * 4 no crash, 5 dump failed.
 */
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_dump(const char *path, DWORD type, HANDLE process, DWORD pid, const DEBUG_EVENT *ev) {
    EXCEPTION_RECORD record = ev->u.Exception.ExceptionRecord;
    CONTEXT context;
    memset(&context, 0, sizeof context);
    context.ContextFlags = CONTEXT_ALL;
    HANDLE thread = OpenThread(THREAD_ALL_ACCESS, FALSE, ev->dwThreadId);
    if (!thread || !GetThreadContext(thread, &context)) {
        fprintf(stderr, "dumpwrap: GetThreadContext failed: %lu\n", GetLastError());
    }
    EXCEPTION_POINTERS pointers = {&record, &context};
    /* ClientPointers = FALSE: the pointers are in this process, not the target. */
    MINIDUMP_EXCEPTION_INFORMATION info = {ev->dwThreadId, &pointers, FALSE};
    HANDLE file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "dumpwrap: cannot create %s: %lu\n", path, GetLastError());
        return 5;
    }
    BOOL ok = MiniDumpWriteDump(process, pid, file, (MINIDUMP_TYPE)type, &info, NULL, NULL);
    DWORD error = GetLastError();
    CloseHandle(file);
    if (thread) {
        CloseHandle(thread);
    }
    if (!ok) {
        fprintf(stderr, "dumpwrap: MiniDumpWriteDump failed: 0x%lx\n", error);
        return 5;
    }
    printf("pid=%lu\ntid=%lu\ncode=0x%08lx\naddress=0x%llx\n", pid, ev->dwThreadId,
           record.ExceptionCode, (unsigned long long)(ULONG_PTR)record.ExceptionAddress);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: dumpwrap OUT.dmp TYPE PROGRAM [ARGS...]\n");
        return 2;
    }
    const char *out = argv[1];
    DWORD type = strtoul(argv[2], NULL, 0);
    char command[4096] = "";
    for (int i = 3; i < argc; i++) {
        /* Good enough for the test targets: arguments without spaces or quotes. */
        if (strlen(command) + strlen(argv[i]) + 2 >= sizeof command) {
            return 2;
        }
        strcat(command, argv[i]);
        strcat(command, " ");
    }
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    PROCESS_INFORMATION pi;
    if (!CreateProcessA(NULL, command, NULL, NULL, FALSE, DEBUG_ONLY_THIS_PROCESS, NULL, NULL, &si, &pi)) {
        fprintf(stderr, "dumpwrap: cannot start %s: %lu\n", command, GetLastError());
        return 3;
    }
    BOOL loader_breakpoint_seen = FALSE;
    for (;;) {
        DEBUG_EVENT ev;
        if (!WaitForDebugEvent(&ev, 60000)) {
            fprintf(stderr, "dumpwrap: no debug event for 60 s\n");
            TerminateProcess(pi.hProcess, 1);
            return 4;
        }
        DWORD cont = DBG_CONTINUE;
        switch (ev.dwDebugEventCode) {
        case CREATE_PROCESS_DEBUG_EVENT:
            CloseHandle(ev.u.CreateProcessInfo.hFile);
            break;
        case LOAD_DLL_DEBUG_EVENT:
            CloseHandle(ev.u.LoadDll.hFile);
            break;
        case EXCEPTION_DEBUG_EVENT: {
            DWORD code = ev.u.Exception.ExceptionRecord.ExceptionCode;
            if (ev.u.Exception.dwFirstChance) {
                if (code == EXCEPTION_BREAKPOINT && !loader_breakpoint_seen) {
                    loader_breakpoint_seen = TRUE;
                } else {
                    cont = DBG_EXCEPTION_NOT_HANDLED; /* let the target's handlers run first */
                }
                break;
            }
            int rc = write_dump(out, type, pi.hProcess, pi.dwProcessId, &ev);
            TerminateProcess(pi.hProcess, 1);
            ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, DBG_CONTINUE);
            return rc;
        }
        case EXIT_PROCESS_DEBUG_EVENT:
            fprintf(stderr, "dumpwrap: the target exited without crashing\n");
            return 4;
        default:
            break;
        }
        ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, cont);
    }
}
