/*
 * The capture service's client: for `attach`, hand the capture to the warm capture service (`wercli service`,
 * installed by `wercli install --service`) over the pipe \\.\pipe\wercli-capture, instead of starting a JVM.
 * The protocol is dev.wercli.capture.ServiceProtocol's; native-launcher/README.md describes it and the fallback.
 */
#ifndef WERCLI_SERVICE_CLIENT_H
#define WERCLI_SERVICE_CLIENT_H

#include <wchar.h>

/* Set to 1 in the crashing process's environment (or by the release worker's launcher): skip the service. */
#define NO_SERVICE_VARIABLE L"WERCLI_NO_SERVICE"

/*
 * Tries the service for this command line (args without the program name). Returns 1 when the service took
 * the capture, with *exit_code set (the capture's exit code, or LAUNCHER_EXIT_SERVICE_LOST when the service
 * went away after accepting it); 0 when the launcher must capture in-process: not `attach`,
 * WERCLI_NO_SERVICE=1, no service, a busy or slow service, or the service declined (it says why in the trace).
 */
int service_try_capture(int argc, wchar_t **args, int *exit_code);

#endif
