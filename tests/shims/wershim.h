/*
 * wershim (client side): test-only. The crashing process's half of the WER runtime exception module
 * emulation: its top-level filter starts wershim.exe (tests/shims/wershim.c, the WerFault stand-in) and
 * waits for it. See wershim-filter.c.
 */
#ifndef WERCLI_WERSHIM_H
#define WERCLI_WERSHIM_H

/* Installs the filter (SetUnhandledExceptionFilter). Call it in main, like jitshim_install. */
void wershim_install(void);

#endif
