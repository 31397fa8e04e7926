/*
 * faultdll: a DLL whose exported functions fault, so a report must name faultdll.dll as the faulting module
 * with an export symbol, and list a chain of named frames in order.
 *
 * Every function is exported (named frames need exports: the report reads no PDBs), noinline, and does work
 * after its call so the compiler cannot turn the call into a jump (the frame would vanish).
 */
#include <windows.h>

#define EXPORT __declspec(dllexport) __attribute__((noinline))

/* Written by the faulting store so the optimiser keeps it; read by nobody. */
volatile int faultdll_sink;

EXPORT int faultdll_write(int value) {
    *(volatile int *)(ULONG_PTR)0x10 = value;
    return value + 1;
}

EXPORT int faultdll_deep_c(int value) {
    int r = faultdll_write(value * 3);
    faultdll_sink = r;
    return r + 3;
}

EXPORT int faultdll_deep_b(int value) {
    int r = faultdll_deep_c(value + 2);
    faultdll_sink = r;
    return r + 2;
}

EXPORT int faultdll_deep_a(int value) {
    int r = faultdll_deep_b(value + 1);
    faultdll_sink = r;
    return r + 1;
}
