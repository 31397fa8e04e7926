/*
 * Recursion guard: wercli is the system's postmortem debugger, so a crash of wercli itself must not make
 * Windows (or Wine) start wercli again, and again. Call guard_install() first thing in the process.
 *
 * Layers, because no single one is enough:
 *  1. SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX): on Windows,
 *     no WER dialog and no AeDebug for this process. Wine ignores the error mode.
 *  2. Our own top-level filter (SetUnhandledExceptionFilter): Wine and Windows both call it before they
 *     would start the AeDebug debugger; it prints one line and terminates with LAUNCHER_EXIT_CRASHED.
 *     This is the layer that works under Wine.
 *  3. The AeDebug AutoExclusionList entry for wercli.exe, written by `wercli install` (Windows only:
 *     Wine ignores it).
 *  4. `wercli attach` itself refuses a target that is wercli (exit code 8).
 * The JVM installs its own top-level filter when it starts (HotSpot's topLevelUnhandledExceptionFilter):
 * it writes the hs_err file, exits the process, and only calls the filter it replaced - ours - if it
 * returns. So a JVM crash ends in the JVM's own report; ours catches whatever falls through.
 */
#ifndef WERCLI_GUARD_H
#define WERCLI_GUARD_H

void guard_install(void);

/* The moments at which WERCLI_LAUNCHER_TEST_CRASH can make the launcher crash, to test the guard. */
typedef enum {
    GUARD_CRASH_BEFORE_JVM = 1, /* WERCLI_LAUNCHER_TEST_CRASH=1: before the JVM exists (our filter acts) */
    GUARD_CRASH_IN_JVM = 2      /* =2: on the main thread after the JVM started (HotSpot's handler acts) */
} guard_crash_point;

/* Crashes on purpose when WERCLI_LAUNCHER_TEST_CRASH names this point; otherwise does nothing. */
void guard_crash_if_requested(guard_crash_point point);

#endif
