/*
 * Keeps HotSpot from loading symbols for every module of this process at start-up.
 *
 * On its first LoadLibrary (jimage.dll, early in JNI_CreateJavaVM) HotSpot's symbol engine calls
 * SymInitialize(GetCurrentProcess(), NULL, TRUE): "invade the process", i.e. SymLoadModule for every
 * module already loaded. It only wants symbols for a future hs_err file. Measured under Wine 8 (trace
 * +timestamp,+dbghelp): ~30 modules at ~15 ms each, 0.38-0.50 s of a 0.55 s JVM creation, because Wine's
 * dbghelp opens each builtin DLL's file and its ELF host libraries. dbghelp keeps one symbol session per
 * process handle: once we have opened it without invading, HotSpot's call finds it open and returns at
 * once (Wine returns TRUE, as Windows does). Symbols for hs_err still load on demand: HotSpot sets
 * SYMOPT_DEFERRED_LOADS and refreshes its module search path after each LoadLibrary.
 * Our own use of dbghelp (MiniDumpWriteDump of another process) does not depend on this session.
 */
#ifndef WERCLI_SYMBOLS_H
#define WERCLI_SYMBOLS_H

/* Opens this process's dbghelp symbol session without loading any module. Failure is harmless. */
void symbols_open_session_lazily(void);

#endif
