/*
 * auxhelper.dll: a DLL carrying a DUMP_HELPER RCDATA resource (auxhelper.rc), loaded by auxhost.exe, so the
 * report's auxiliary_providers section can be checked end to end (DumpHelperIT).
 */
#include <windows.h>

__declspec(dllexport) int auxhelper_value(int value) {
    return value + 1;
}
