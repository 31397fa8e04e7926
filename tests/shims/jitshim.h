/*
 * jitshim: test-only emulation of what Windows does for an unhandled exception when AeDebug is set up:
 * start the debugger with "%ld %ld %p" = pid, event, address of a JIT_DEBUG_INFO. See jitshim.c.
 */
#ifndef WERCLI_JITSHIM_H
#define WERCLI_JITSHIM_H

/*
 * Installs the shim as this process's top-level exception filter (SetUnhandledExceptionFilter). Call it in
 * main, after the C runtime installed its own filter. Once installed, an unhandled exception never returns
 * to Wine's UnhandledExceptionFilter: the process ends inside the shim with the exception code.
 */
void jitshim_install(void);

#endif
