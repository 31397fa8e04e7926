/*
 * wershim.exe: TEST-ONLY stand-in for WerFault.exe's use of WER runtime exception modules, which Wine 8
 * does not implement (WerRegisterRuntimeExceptionModule is a stub, its UnhandledExceptionFilter loads no
 * module). Built x64 and x86 beside crashy.exe; started by crashy's --wer-shim filter (wershim-filter.c):
 *
 *   wershim.exe PID TID EXCEPTION_POINTERS_ADDRESS
 *
 * What it does, in WerFault's documented order:
 *   1. opens the crashed process and its faulting thread. The access WER grants its modules is not
 *      documented; we open PROCESS_QUERY_INFORMATION | PROCESS_VM_READ | PROCESS_DUP_HANDLE | SYNCHRONIZE and
 *      THREAD_QUERY_INFORMATION | THREAD_GET_CONTEXT (what a module needs for GetProcessId/GetThreadId and
 *      MiniDumpWriteDump);
 *   2. reads EXCEPTION_POINTERS, then the EXCEPTION_RECORD and CONTEXT they point at (ReadProcessMemory), and
 *      builds a WER_RUNTIME_EXCEPTION_INFORMATION (dwSize, the handles, the copies; no report id);
 *   3. reads the registered modules: REG_DWORD values with data 0 under
 *      HKLM, then HKCU \SOFTWARE\Microsoft\Windows\Windows Error Reporting\RuntimeExceptionHelperModules
 *      (the value name is the DLL path), in this process's own registry view;
 *   4. for each: LoadLibrary, OutOfProcessExceptionEventCallback; the first that claims wins: then its
 *      OutOfProcessExceptionEventSignatureCallback for each index below the signature count, and its
 *      OutOfProcessExceptionEventDebuggerLaunchCallback;
 *   5. appends one line to the file WERCLI_WER_SHIM_LOG names:
 *      outcome=claimed|declined|no-modules|error code=0x... modules=N [module=PATH event=NAME
 *      sig.NAME=VALUE... custom_debugger=0|1] [error=...]   (spaces in values become '_')
 * What stays unproven here (Windows only): which modules WER really loads (per
 * WerRegisterRuntimeExceptionModule's documentation a module must be both listed in the registry and
 * registered by the crashed process itself; this shim models only the registry list, since Wine's
 * WerRegisterRuntimeExceptionModule is a stub; newer Windows versions may add rules, and what applies to HKCU
 * entries is not documented), the order of HKLM and HKCU, whether a 32-bit process's modules come from the
 * WOW6432Node view, the real handle access, the timeout WER puts on a module, and WER's own report after a
 * claim (its event name and the signature it files).
 */
#include "wercli-wer.h" /* native-launcher/wer: the struct and callback types */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef HRESULT(WINAPI *event_fn)(PVOID, const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION, BOOL *, PWSTR, PDWORD,
                                  PDWORD);
typedef HRESULT(WINAPI *signature_fn)(PVOID, const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION, DWORD, PWSTR, PDWORD,
                                      PWSTR, PDWORD);
typedef HRESULT(WINAPI *debugger_fn)(PVOID, const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION, PBOOL, PWSTR, PDWORD,
                                     PBOOL);

static wchar_t line[16384];

static void add(const wchar_t *fmt, ...) {
    size_t used = wcslen(line);
    va_list ap;
    va_start(ap, fmt);
    _vsnwprintf(line + used, sizeof line / sizeof line[0] - used - 1, fmt, ap);
    va_end(ap);
}

static void add_token(const wchar_t *name, const wchar_t *value) {
    size_t start = wcslen(line);
    add(L" %ls=%ls", name, value);
    for (wchar_t *p = line + start + 1; *p; p++) {
        if (*p == L' ') {
            *p = L'_';
        }
    }
}

static int finish(int code) {
    const char *path = getenv("WERCLI_WER_SHIM_LOG");
    FILE *f = path && *path ? fopen(path, "a") : NULL;
    if (f) {
        char utf8[sizeof line];
        WideCharToMultiByte(CP_UTF8, 0, line, -1, utf8, sizeof utf8, NULL, NULL);
        fprintf(f, "%s\n", utf8);
        fclose(f);
    }
    return code;
}

#define MAX_MODULES 16
static wchar_t modules[MAX_MODULES][MAX_PATH];
static int module_count;

static void read_modules(HKEY root) {
    HKEY key;
    if (RegOpenKeyExW(root, WERCLI_WER_HELPER_MODULES_KEY, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS) {
        return;
    }
    for (DWORD i = 0; module_count < MAX_MODULES; i++) {
        wchar_t name[MAX_PATH];
        DWORD name_chars = MAX_PATH, type = 0, data = 1, size = sizeof data;
        LONG r = RegEnumValueW(key, i, name, &name_chars, NULL, &type, (BYTE *)&data, &size);
        if (r == ERROR_NO_MORE_ITEMS) {
            break;
        }
        if (r == ERROR_SUCCESS && type == REG_DWORD && data == 0) {
            wcscpy(modules[module_count++], name);
        }
    }
    RegCloseKey(key);
}

int wmain(int argc, wchar_t **argv); /* -municode entry point */

int wmain(int argc, wchar_t **argv) {
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    line[0] = L'\0';
    if (argc != 4) {
        add(L"outcome=error error=usage");
        return finish(2);
    }
    DWORD pid = wcstoul(argv[1], NULL, 10), tid = wcstoul(argv[2], NULL, 10);
    ULONG_PTR address = (ULONG_PTR)wcstoull(argv[3], NULL, 16);
    HANDLE process = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ | PROCESS_DUP_HANDLE | SYNCHRONIZE,
                                 FALSE, pid);
    HANDLE thread = OpenThread(THREAD_QUERY_INFORMATION | THREAD_GET_CONTEXT, FALSE, tid);
    static WERCLI_WER_RUNTIME_EXCEPTION_INFORMATION info; /* static: CONTEXT wants 16-byte alignment on x64 */
    EXCEPTION_POINTERS pointers;
    SIZE_T got = 0;
    if (!process || !thread
            || !ReadProcessMemory(process, (LPCVOID)address, &pointers, sizeof pointers, &got)
            || !ReadProcessMemory(process, pointers.ExceptionRecord, &info.exceptionRecord, sizeof info.exceptionRecord, &got)
            || !ReadProcessMemory(process, pointers.ContextRecord, &info.context, sizeof info.context, &got)) {
        add(L"outcome=error error=cannot-read-the-crashed-process win32=%lu", GetLastError());
        return finish(3);
    }
    info.dwSize = sizeof info;
    info.hProcess = process;
    info.hThread = thread;
    add(L"code=0x%08lx", info.exceptionRecord.ExceptionCode);
    read_modules(HKEY_LOCAL_MACHINE);
    read_modules(HKEY_CURRENT_USER);
    add(L" modules=%d", module_count);
    if (module_count == 0) {
        memmove(line + 19, line, (wcslen(line) + 1) * sizeof(wchar_t));
        memcpy(line, L"outcome=no-modules ", 19 * sizeof(wchar_t));
        return finish(0);
    }
    for (int m = 0; m < module_count; m++) {
        HMODULE dll = LoadLibraryW(modules[m]);
        event_fn on_event = dll ? (event_fn)(void (*)(void))GetProcAddress(dll, "OutOfProcessExceptionEventCallback") : NULL;
        signature_fn on_signature = dll ? (signature_fn)(void (*)(void))GetProcAddress(dll, "OutOfProcessExceptionEventSignatureCallback") : NULL;
        debugger_fn on_debugger = dll ? (debugger_fn)(void (*)(void))GetProcAddress(dll, "OutOfProcessExceptionEventDebuggerLaunchCallback") : NULL;
        if (!on_event || !on_signature || !on_debugger) {
            add(L" skipped=%ls", modules[m]);
            continue;
        }
        BOOL claimed = FALSE;
        wchar_t event[MAX_PATH] = L"";
        DWORD event_chars = MAX_PATH, count = 0;
        HRESULT hr = on_event(NULL, &info, &claimed, event, &event_chars, &count);
        if (FAILED(hr) || !claimed) {
            add(L" declined_by=%ls hr=0x%08lx", modules[m], (unsigned long)hr);
            continue;
        }
        wchar_t out[16384];
        wcscpy(out, L"outcome=claimed ");
        wcscat(out, line);
        wcscpy(line, out);
        add_token(L"module", modules[m]);
        add_token(L"event", event);
        add(L" signature_count=%lu", count);
        for (DWORD i = 0; i < count && i < 10; i++) {
            wchar_t name[128], value[1024], key[140];
            DWORD name_chars = 128, value_chars = 1024;
            hr = on_signature(NULL, &info, i, name, &name_chars, value, &value_chars);
            if (FAILED(hr)) {
                add(L" signature_error=0x%08lx", (unsigned long)hr);
                break;
            }
            _snwprintf(key, 139, L"sig.%ls", name);
            key[139] = L'\0';
            add_token(key, value);
        }
        BOOL custom = TRUE, autolaunch = TRUE;
        wchar_t launch[MAX_PATH];
        DWORD launch_chars = MAX_PATH;
        hr = on_debugger(NULL, &info, &custom, launch, &launch_chars, &autolaunch);
        add(L" custom_debugger=%d", SUCCEEDED(hr) && custom ? 1 : 0);
        return finish(0);
    }
    wchar_t out[16384];
    wcscpy(out, L"outcome=declined ");
    wcscat(out, line);
    wcscpy(line, out);
    return finish(0);
}
