/*
 * auxhost: loads auxhelper.dll (which carries a DUMP_HELPER resource) and crashes with a write to 0x10.
 *
 *   auxhost.exe [FACTS_FILE]
 *
 * Before crashing it writes key=value facts to FACTS_FILE: pid, and helper_path, the path of auxhelper.dll
 * as the loader has it (what a MiniDumpAuxiliaryDlls value name must equal).
 */
#include <windows.h>
#include <stdio.h>

__declspec(dllimport) int auxhelper_value(int value);

int main(int argc, char **argv) {
    char path[MAX_PATH] = "";
    HMODULE helper = GetModuleHandleA("auxhelper.dll");
    if (!helper || !GetModuleFileNameA(helper, path, sizeof path)) {
        fprintf(stderr, "auxhelper.dll is not loaded\n");
        return 3;
    }
    if (argc > 1) {
        FILE *f = fopen(argv[1], "w");
        if (f) {
            fprintf(f, "pid=%lu\nhelper_path=%s\n", GetCurrentProcessId(), path);
            fclose(f);
        }
    }
    *(volatile int *)(ULONG_PTR)0x10 = auxhelper_value(41);
    return 0;
}
