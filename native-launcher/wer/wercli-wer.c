/*
 * wercli-wer.dll: the WER runtime exception module of wercli (see wercli-wer.h for the contract).
 *
 * Design: the module stays small and does no capture of its own. WerFault calls us while it holds the
 * crashed process; we copy the EXCEPTION_RECORD and CONTEXT WER gave us into hex, run
 * `wercli capture-wer` (the same dump and report code as the AeDebug capture, in Java), wait a bounded time,
 * and claim the crash only if wercli succeeded. Whatever goes wrong (no wercli, broken settings, a timeout,
 * a failed capture) ends in a decline: *pbOwnershipClaimed = FALSE and S_OK, and WER continues as if the
 * module were not there. Nothing here touches the crashed process beyond reading its pid and thread id.
 */
#define WERCLI_WER_BUILD
#include "wercli-wer.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* WerFault must never stall on us: wercli gets --timeout 50 and we stop waiting after 60 s. */
#define WERCLI_TIMEOUT_SECONDS 50
#define WAIT_MS 60000
#define MAX_CODES 16
#define MAX_PARAMS 10
#define TEXT_MAX 512

static const DWORD DEFAULT_CODES[] = {0xC0000409u, 0xC0000602u};

/* What the last claimed crash's wercli wrote for the signature callback (WER handles one crash per process). */
static struct {
    DWORD count;
    wchar_t name[MAX_PARAMS][64];
    wchar_t value[MAX_PARAMS][TEXT_MAX];
} signature;

static void log_line(const wchar_t *log_path, const wchar_t *fmt, ...) {
    if (!log_path || !*log_path) {
        return;
    }
    FILE *f = _wfopen(log_path, L"a");
    if (!f) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vfwprintf(f, fmt, ap);
    va_end(ap);
    fputwc(L'\n', f);
    fclose(f);
}

/* One setting: environment (tests, overrides), then HKCU, then HKLM SOFTWARE\wercli\WerModule. */
static BOOL read_setting(const wchar_t *env_name, const wchar_t *value_name, wchar_t *buf, DWORD chars) {
    buf[0] = L'\0';
    DWORD n = GetEnvironmentVariableW(env_name, buf, chars);
    if (n > 0 && n < chars) {
        return TRUE;
    }
    HKEY roots[2] = {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    for (int i = 0; i < 2; i++) {
        DWORD bytes = (chars - 1) * sizeof(wchar_t);
        DWORD type = 0;
        memset(buf, 0, chars * sizeof(wchar_t));
        if (RegGetValueW(roots[i], WERCLI_WER_SETTINGS_KEY, value_name, RRF_RT_REG_SZ, &type, buf, &bytes)
                == ERROR_SUCCESS && buf[0]) {
            return TRUE;
        }
    }
    buf[0] = L'\0';
    return FALSE;
}

/* ClaimCodes: hex codes separated by commas or spaces. FALSE (decline everything) if any part is not one. */
static BOOL parse_codes(const wchar_t *text, DWORD *codes, int *count) {
    *count = 0;
    const wchar_t *p = text;
    while (*p) {
        while (*p == L',' || *p == L' ' || *p == L';') {
            p++;
        }
        if (!*p) {
            break;
        }
        wchar_t *end = NULL;
        unsigned long v = wcstoul(p, &end, 16);
        if (end == p || (*end && *end != L',' && *end != L' ' && *end != L';') || *count == MAX_CODES) {
            return FALSE;
        }
        codes[(*count)++] = (DWORD)v;
        p = end;
    }
    return *count > 0;
}

/* The folder of this DLL (no trailing backslash) into buf; FALSE if unknown. */
static BOOL own_folder(wchar_t *buf, DWORD chars) {
    HMODULE self = NULL;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCWSTR)(void *)own_folder, &self)) {
        return FALSE;
    }
    DWORD n = GetModuleFileNameW(self, buf, chars);
    if (n == 0 || n >= chars) {
        return FALSE;
    }
    wchar_t *slash = wcsrchr(buf, L'\\');
    if (!slash) {
        return FALSE;
    }
    *slash = L'\0';
    return TRUE;
}

/* The wercli command prefix: the Command setting, else wercli.exe beside the DLL or one folder up. */
static BOOL find_wercli(wchar_t *buf, DWORD chars) {
    if (read_setting(L"WERCLI_WER_COMMAND", L"Command", buf, chars)) {
        return TRUE;
    }
    wchar_t folder[MAX_PATH], exe[MAX_PATH + 32];
    if (!own_folder(folder, MAX_PATH)) {
        return FALSE;
    }
    for (int up = 0; up < 2; up++) {
        _snwprintf(exe, MAX_PATH + 31, L"%ls\\wercli.exe", folder);
        exe[MAX_PATH + 31] = L'\0';
        if (GetFileAttributesW(exe) != INVALID_FILE_ATTRIBUTES) {
            _snwprintf(buf, chars - 1, L"\"%ls\"", exe);
            buf[chars - 1] = L'\0';
            return TRUE;
        }
        wchar_t *slash = wcsrchr(folder, L'\\');
        if (!slash) {
            break;
        }
        *slash = L'\0';
    }
    return FALSE;
}

static wchar_t *append_hex(wchar_t *out, const void *data, size_t size) {
    static const wchar_t digits[] = L"0123456789abcdef";
    const unsigned char *b = data;
    for (size_t i = 0; i < size; i++) {
        *out++ = digits[b[i] >> 4];
        *out++ = digits[b[i] & 15];
    }
    *out = L'\0';
    return out;
}

/* Reads wercli's result file (UTF-8 key=value lines) into `signature`: the sig.* lines, in order. */
static void read_result(const wchar_t *path, DWORD code) {
    signature.count = 0;
    FILE *f = _wfopen(path, L"rb");
    char line[1024];
    while (f && fgets(line, sizeof line, f) && signature.count < MAX_PARAMS) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (strncmp(line, "sig.", 4) != 0 || !eq || eq[1] == '\0') {
            continue;
        }
        *eq = '\0';
        DWORD i = signature.count;
        if (MultiByteToWideChar(CP_UTF8, 0, line + 4, -1, signature.name[i], 64) > 0
                && MultiByteToWideChar(CP_UTF8, 0, eq + 1, -1, signature.value[i], TEXT_MAX) > 0) {
            signature.count++;
        }
    }
    if (f) {
        fclose(f);
    }
    if (signature.count == 0) { /* WER wants 1..10 parameters: at least the code */
        wcscpy(signature.name[0], L"ExceptionCode");
        _snwprintf(signature.value[0], TEXT_MAX, L"%08lx", (unsigned long)code);
        signature.count = 1;
    }
}

/* Runs wercli capture-wer and waits (bounded). TRUE only if it exited 0. */
static BOOL run_wercli(const wchar_t *command_prefix, const WERCLI_WER_RUNTIME_EXCEPTION_INFORMATION *info, DWORD pid,
                       DWORD tid, const wchar_t *result_file, const wchar_t *log_path) {
    wchar_t dump_dir[MAX_PATH];
    BOOL has_dir = read_setting(L"WERCLI_WER_DUMP_DIR", L"DumpDir", dump_dir, MAX_PATH);
    size_t chars = wcslen(command_prefix) + 2 * (sizeof info->exceptionRecord + sizeof info->context)
                   + 3 * MAX_PATH + 256;
    wchar_t *cmd = HeapAlloc(GetProcessHeap(), 0, chars * sizeof(wchar_t));
    if (!cmd) {
        return FALSE;
    }
    int n = _snwprintf(cmd, chars, L"%ls capture-wer --pid %lu --tid %lu --timeout %d --result-file \"%ls\"%ls%ls%ls"
                       L" --record ", command_prefix, (unsigned long)pid, (unsigned long)tid, WERCLI_TIMEOUT_SECONDS,
                       result_file, has_dir ? L" --dump-dir \"" : L"", has_dir ? dump_dir : L"", has_dir ? L"\"" : L"");
    BOOL ok = FALSE;
    if (n > 0) {
        wchar_t *end = append_hex(cmd + n, &info->exceptionRecord, sizeof info->exceptionRecord);
        wcscpy(end, L" --context ");
        append_hex(end + wcslen(end), &info->context, sizeof info->context);
        STARTUPINFOW si = {.cb = sizeof si};
        PROCESS_INFORMATION pi;
        if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
            log_line(log_path, L"decline pid=%lu reason=wercli-not-started error=%lu", (unsigned long)pid,
                     (unsigned long)GetLastError());
        } else {
            DWORD exit_code = STILL_ACTIVE;
            if (WaitForSingleObject(pi.hProcess, WAIT_MS) != WAIT_OBJECT_0) {
                TerminateProcess(pi.hProcess, 1); /* never leave wercli running after we gave up */
                log_line(log_path, L"decline pid=%lu reason=timeout", (unsigned long)pid);
            } else if (GetExitCodeProcess(pi.hProcess, &exit_code) && exit_code == 0) {
                ok = TRUE;
            } else {
                log_line(log_path, L"decline pid=%lu reason=wercli-failed exit=%lu", (unsigned long)pid,
                         (unsigned long)exit_code);
            }
            CloseHandle(pi.hThread);
            CloseHandle(pi.hProcess);
        }
    }
    HeapFree(GetProcessHeap(), 0, cmd);
    return ok;
}

/* WER requires the module to have a DllMain; nothing to set up or tear down. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved);

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        DisableThreadLibraryCalls(instance);
    }
    return TRUE;
}

HRESULT WINAPI OutOfProcessExceptionEventCallback(PVOID pContext,
                                                  const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION pExceptionInformation,
                                                  BOOL *pbOwnershipClaimed, PWSTR pwszEventName, PDWORD pchSize,
                                                  PDWORD pdwSignatureCount) {
    (void)pContext;
    if (!pbOwnershipClaimed) {
        return E_INVALIDARG;
    }
    *pbOwnershipClaimed = FALSE;
    wchar_t log_path[MAX_PATH];
    read_setting(L"WERCLI_WER_LOG", L"Log", log_path, MAX_PATH);
    const WERCLI_WER_RUNTIME_EXCEPTION_INFORMATION *info = pExceptionInformation;
    if (!info || info->dwSize < offsetof(WERCLI_WER_RUNTIME_EXCEPTION_INFORMATION, context) + sizeof info->context) {
        log_line(log_path, L"decline reason=no-exception-information");
        return S_OK;
    }
    DWORD code = info->exceptionRecord.ExceptionCode;
    DWORD pid = GetProcessId(info->hProcess);
    DWORD tid = GetThreadId(info->hThread);

    wchar_t text[TEXT_MAX];
    DWORD codes[MAX_CODES];
    int count = 0;
    if (read_setting(L"WERCLI_WER_CLAIM_CODES", L"ClaimCodes", text, TEXT_MAX)) {
        if (!parse_codes(text, codes, &count)) {
            log_line(log_path, L"decline pid=%lu code=0x%08lx reason=bad-setting ClaimCodes=%ls", (unsigned long)pid,
                     (unsigned long)code, text);
            return S_OK;
        }
    } else {
        count = (int)(sizeof DEFAULT_CODES / sizeof DEFAULT_CODES[0]);
        memcpy(codes, DEFAULT_CODES, sizeof DEFAULT_CODES);
    }
    BOOL wanted = FALSE;
    for (int i = 0; i < count; i++) {
        wanted |= codes[i] == code;
    }
    if (!wanted) {
        log_line(log_path, L"decline pid=%lu code=0x%08lx reason=not-claimed-code", (unsigned long)pid,
                 (unsigned long)code);
        return S_OK;
    }
    if (pid == 0 || tid == 0) {
        log_line(log_path, L"decline code=0x%08lx reason=no-pid-or-tid", (unsigned long)code);
        return S_OK;
    }
    wchar_t prefix[2 * MAX_PATH];
    if (!find_wercli(prefix, 2 * MAX_PATH)) {
        log_line(log_path, L"decline pid=%lu code=0x%08lx reason=wercli-not-found", (unsigned long)pid,
                 (unsigned long)code);
        return S_OK;
    }
    wchar_t temp[MAX_PATH], result_file[MAX_PATH];
    if (!GetTempPathW(MAX_PATH, temp) || !GetTempFileNameW(temp, L"wer", 0, result_file)) {
        log_line(log_path, L"decline pid=%lu reason=no-temp-file error=%lu", (unsigned long)pid,
                 (unsigned long)GetLastError());
        return S_OK;
    }
    BOOL captured = run_wercli(prefix, info, pid, tid, result_file, log_path);
    if (captured) {
        read_result(result_file, code);
    }
    DeleteFileW(result_file);
    if (!captured) {
        return S_OK;
    }
    static const wchar_t event_name[] = L"wercliCapture";
    if (pwszEventName && pchSize && *pchSize >= sizeof event_name / sizeof(wchar_t)) {
        wcscpy(pwszEventName, event_name);
        *pchSize = sizeof event_name / sizeof(wchar_t);
    }
    if (pdwSignatureCount) {
        *pdwSignatureCount = signature.count;
    }
    *pbOwnershipClaimed = TRUE;
    log_line(log_path, L"claim pid=%lu tid=%lu code=0x%08lx signature_count=%lu", (unsigned long)pid,
             (unsigned long)tid, (unsigned long)code, (unsigned long)signature.count);
    return S_OK;
}

/* Copies one string into a caller's buffer of *chars characters; says how many it needs when short. */
static HRESULT copy_out(const wchar_t *text, PWSTR buf, PDWORD chars) {
    DWORD need = (DWORD)wcslen(text) + 1;
    if (!buf || !chars || *chars < need) {
        if (chars) {
            *chars = need;
        }
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    wcscpy(buf, text);
    *chars = need;
    return S_OK;
}

HRESULT WINAPI OutOfProcessExceptionEventSignatureCallback(PVOID pContext,
                                                           const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION pExceptionInformation,
                                                           DWORD dwIndex, PWSTR pwszName, PDWORD pchName,
                                                           PWSTR pwszValue, PDWORD pchValue) {
    (void)pContext;
    (void)pExceptionInformation;
    if (dwIndex >= signature.count) {
        return E_INVALIDARG;
    }
    HRESULT hr = copy_out(signature.name[dwIndex], pwszName, pchName);
    HRESULT hv = copy_out(signature.value[dwIndex], pwszValue, pchValue);
    return FAILED(hr) ? hr : hv;
}

HRESULT WINAPI OutOfProcessExceptionEventDebuggerLaunchCallback(PVOID pContext,
                                                                const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION pExceptionInformation,
                                                                PBOOL pbIsCustomDebugger, PWSTR pwszDebuggerLaunch,
                                                                PDWORD pchDebuggerLaunch, PBOOL pbIsDebuggerAutolaunch) {
    (void)pContext;
    (void)pExceptionInformation;
    (void)pwszDebuggerLaunch;
    (void)pchDebuggerLaunch;
    if (pbIsCustomDebugger) {
        *pbIsCustomDebugger = FALSE; /* the capture already ran in the event callback; no debugger to launch */
    }
    if (pbIsDebuggerAutolaunch) {
        *pbIsDebuggerAutolaunch = FALSE;
    }
    return S_OK;
}
