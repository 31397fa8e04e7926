#include "symbols.h"

#include <windows.h>

typedef BOOL(WINAPI *sym_initialize_w_fn)(HANDLE process, PCWSTR search_path, BOOL invade_process);

void symbols_open_session_lazily(void) {
    wchar_t path[MAX_PATH];
    UINT length = GetSystemDirectoryW(path, MAX_PATH);
    /* The system's dbghelp, as HotSpot and JNA load it: the same module, so the same session. */
    if (length == 0 || length + 13 >= MAX_PATH) {
        return;
    }
    wcscpy(path + length, L"\\dbghelp.dll");
    HMODULE dbghelp = LoadLibraryW(path);
    if (dbghelp == NULL) {
        return;
    }
    sym_initialize_w_fn sym_initialize_w = (sym_initialize_w_fn)(void (*)(void))GetProcAddress(dbghelp, "SymInitializeW");
    if (sym_initialize_w != NULL) {
        (void)sym_initialize_w(GetCurrentProcess(), NULL, FALSE);
    }
}
