/*
 * The release worker: on the path every Windows crash takes (a JIT_DEBUG_INFO, `--release exit`), WER - and
 * the crashed process with it - waits for the debugger's exit, and wercli writes its report after the
 * release, so an in-process capture kept the process waiting through the report (measured under Wine with
 * capture-bench --jit: ~700 ms above the C floor, against ~200 ms on Wine's own path). So there this launcher
 * runs the capture in a child wercli.exe (the worker) and exits as soon as the worker says the process is
 * released; the worker writes the report on its own. The capture service does the same for its launchers.
 */
#ifndef WERCLI_WORKER_H
#define WERCLI_WORKER_H

#include <wchar.h>

/* The environment variable naming the pipe handle through which a worker tells its launcher "released N". */
#define WORKER_PIPE_VARIABLE L"WERCLI_RELEASE_PIPE"

/*
 * For `attach PID EVENT JIT_DEBUG_INFO ...` without `--release signal`, run by the launcher WER started (not
 * by a worker): starts the worker (this program, same command line) and waits for "released N" or its exit.
 * Returns 1 with *exit_code set when the worker ran; 0 when the capture must run in this process (another
 * form of attach, or the worker could not be started).
 */
int worker_try_capture(int argc, wchar_t **args, int *exit_code);

#endif
