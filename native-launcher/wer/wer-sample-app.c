/*
 * wer-sample-app: how an application hands its fail-fast crashes to wercli through WER (a sample, built with
 * the module so that it stays compilable; not shipped).
 *
 *   wer-sample-app.exe [crash]
 *
 * At start it registers wercli-wer-x64.dll (or -x86.dll, matching its own bitness) from its own folder with
 * WerRegisterRuntimeExceptionModule, through wercli_wer_register() in wercli-wer.h. WER also requires the DLL
 * in the RuntimeExceptionHelperModules list: `wercli register-wer-module` writes it. With "crash" it then
 * raises a fail-fast exception (0xC0000409, sub-code 2, as /GS does), which WER hands to the module.
 *
 * Under Wine WerRegisterRuntimeExceptionModule is a stub and nothing calls the module (README: "WER runtime
 * exception module"); the sample prints what the call returned.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "wercli-wer.h"

#ifdef _WIN64
#define MODULE_NAME L"wercli-wer-x64.dll"
#else
#define MODULE_NAME L"wercli-wer-x86.dll"
#endif

int wmain(int argc, wchar_t **argv);

int wmain(int argc, wchar_t **argv) {
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) {
        fprintf(stderr, "wer-sample-app: cannot find its own folder\n");
        return 1;
    }
    wchar_t *slash = wcsrchr(path, L'\\');
    if (slash == NULL || (size_t)(slash + 1 - path) + wcslen(MODULE_NAME) >= MAX_PATH) {
        fprintf(stderr, "wer-sample-app: path too long\n");
        return 1;
    }
    wcscpy(slash + 1, MODULE_NAME);
    HRESULT hr = wercli_wer_register(path);
    printf("wer-sample-app: WerRegisterRuntimeExceptionModule(%ls) = 0x%08lx\n", path, (unsigned long)hr);
    if (argc > 1 && wcscmp(argv[1], L"crash") == 0) {
        ULONG_PTR subcode = 2; /* FAST_FAIL_STACK_COOKIE_CHECK_FAILURE */
        fflush(stdout);
        RaiseException(0xC0000409, EXCEPTION_NONCONTINUABLE, 1, &subcode);
    }
    return SUCCEEDED(hr) ? 0 : 2;
}
