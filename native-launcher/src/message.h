/* One-line messages to stderr that keep non-ASCII text intact on a console and in a redirected file. */
#ifndef WERCLI_MESSAGE_H
#define WERCLI_MESSAGE_H

#include <wchar.h>

/* printf-style (wide) message, prefixed with "wercli: " and ended with a newline. */
void message_error(const wchar_t *format, ...);

/* Milliseconds since the launcher started, for WERCLI_LAUNCHER_TRACE=1 (off otherwise). */
void message_trace(const char *phase);

#endif
