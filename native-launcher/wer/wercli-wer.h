/*
 * wercli-wer.dll: a WER runtime exception module that hands fail-fast crashes to wercli.
 *
 * Windows Error Reporting (WerFault.exe) loads the modules registered for a crashed process and calls
 * their OutOfProcessExceptionEventCallback while it holds that process. This module claims only the
 * configured exception codes (default: 0xC0000409 STATUS_STACK_BUFFER_OVERRUN, i.e. __fastfail / /GS / CFG,
 * and 0xC0000602 STATUS_FAIL_FAST_EXCEPTION), runs
 *
 *     <Command> capture-wer --pid PID --tid TID --record HEX --context HEX --timeout 50 --result-file F
 *                           [--dump-dir DIR]
 *
 * waits for it (60 s at most; then it ends wercli and declines), and claims the crash only if wercli wrote
 * the dump and the report (exit 0). Everything else is declined (*pbOwnershipClaimed = FALSE, S_OK), so
 * WER goes on as without the module. The module never attaches, suspends or ends the crashed process.
 *
 * Registration: both of (WerRegisterRuntimeExceptionModule's documentation: the function "requires that the
 * DLL be included in the registry's WER exception handler module list"):
 *   - HKLM or HKCU\SOFTWARE\Microsoft\Windows\Windows Error Reporting\RuntimeExceptionHelperModules,
 *     a REG_DWORD value named by the DLL's full path, data 0 (`wercli register-wer-module` writes it,
 *     `wercli status` lists it);
 *   - the application calls WerRegisterRuntimeExceptionModule(L"C:\\...\\wercli-wer-x64.dll", NULL) at start,
 *     e.g. with wercli_wer_register() below (the registration is per process; WER calls the modules a crashed
 *     process registered, in turn, until one claims the crash).
 * The module's bitness must match the crashed process's: wercli-wer-x64.dll for 64-bit processes,
 * wercli-wer-x86.dll for 32-bit ones.
 *
 * Settings, each read from (first found) the environment variable, HKCU, then HKLM
 * SOFTWARE\wercli\WerModule (REG_SZ):
 *   Command     WERCLI_WER_COMMAND     how to run wercli (a command-line prefix); default: wercli.exe in the
 *                                      DLL's folder or its parent (the distribution keeps the DLLs in lib\)
 *   ClaimCodes  WERCLI_WER_CLAIM_CODES exception codes to claim, hex, separated by commas or spaces;
 *                                      a value that does not parse makes the module decline everything
 *   DumpDir     WERCLI_WER_DUMP_DIR    passed to wercli as --dump-dir (default: wercli's installed folder)
 *   Log         WERCLI_WER_LOG         a file the module appends one line per decision to (default: none)
 */
#ifndef WERCLI_WER_H
#define WERCLI_WER_H

#include <windows.h>

/*
 * WER_RUNTIME_EXCEPTION_INFORMATION as the Windows SDK's werapi.h declares it (Windows 7 fields, then the
 * 19H1 additions). Declared here under our own name because MinGW-w64's werapi.h does not compile on its
 * own; the layout is the SDK's, and the module checks dwSize before it reads past the context.
 */
typedef struct WERCLI_WER_RUNTIME_EXCEPTION_INFORMATION {
    DWORD dwSize;
    HANDLE hProcess;
    HANDLE hThread;
    EXCEPTION_RECORD exceptionRecord;
    CONTEXT context;
    PCWSTR pwszReportId;
    BOOL bIsFatal;
    DWORD dwReserved;
} WERCLI_WER_RUNTIME_EXCEPTION_INFORMATION, *PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION;

#ifdef __cplusplus
extern "C" {
#endif

#ifdef WERCLI_WER_BUILD
#define WERCLI_WER_API __declspec(dllexport)
#else
#define WERCLI_WER_API __declspec(dllimport)
#endif

/* The three callbacks WER looks up by name (werapi.h: PFN_WER_RUNTIME_EXCEPTION_*). */
WERCLI_WER_API HRESULT WINAPI OutOfProcessExceptionEventCallback(
    PVOID pContext, const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION pExceptionInformation, BOOL *pbOwnershipClaimed,
    PWSTR pwszEventName, PDWORD pchSize, PDWORD pdwSignatureCount);

WERCLI_WER_API HRESULT WINAPI OutOfProcessExceptionEventSignatureCallback(
    PVOID pContext, const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION pExceptionInformation, DWORD dwIndex, PWSTR pwszName,
    PDWORD pchName, PWSTR pwszValue, PDWORD pchValue);

WERCLI_WER_API HRESULT WINAPI OutOfProcessExceptionEventDebuggerLaunchCallback(
    PVOID pContext, const PWERCLI_WER_RUNTIME_EXCEPTION_INFORMATION pExceptionInformation, PBOOL pbIsCustomDebugger,
    PWSTR pwszDebuggerLaunch, PDWORD pchDebuggerLaunch, PBOOL pbIsDebuggerAutolaunch);

/*
 * For applications: registers `dll_path` (the wercli-wer DLL of this process's bitness) with WER for this
 * process. Looked up at run time (kernel32 exports it from Windows 7 on), so the header needs no werapi.h
 * or import library. E_NOTIMPL where the function does not exist. Not exercised on Windows here: under Wine
 * the function is a stub that returns S_OK.
 */
static inline HRESULT wercli_wer_register(const wchar_t *dll_path) {
    typedef HRESULT(WINAPI * register_fn)(PCWSTR, PVOID);
    HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
    register_fn fn = kernel32 ? (register_fn)(void (*)(void))GetProcAddress(kernel32, "WerRegisterRuntimeExceptionModule")
                              : NULL;
    return fn ? fn(dll_path, NULL) : E_NOTIMPL;
}

/* The registry key WER reads the helper modules from (under HKLM or HKCU). */
#define WERCLI_WER_HELPER_MODULES_KEY L"SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\RuntimeExceptionHelperModules"
/* The module's own settings key (under HKCU, then HKLM). */
#define WERCLI_WER_SETTINGS_KEY L"SOFTWARE\\wercli\\WerModule"

#ifdef __cplusplus
}
#endif

#endif
