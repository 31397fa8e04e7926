/*
 * Exit codes of wercli.exe itself. 0-13 come from wercli (dev.wercli.cli.ExitCode) and pass through
 * unchanged; these are the launcher's own, chosen above that table so the two never collide.
 * Documented in native-launcher/README.md; keep both in step.
 */
#ifndef WERCLI_EXIT_CODES_H
#define WERCLI_EXIT_CODES_H

enum launcher_exit_code {
    LAUNCHER_EXIT_INTERNAL = 1,    /* same meaning as wercli's INTERNAL: a bug (e.g. an escaped Java exception) */
    LAUNCHER_EXIT_NO_RUNTIME = 20, /* no Java 17+ runtime found */
    LAUNCHER_EXIT_JVM_FAILED = 21, /* jvm.dll would not load, or JNI_CreateJavaVM failed */
    LAUNCHER_EXIT_NO_JAR = 22,     /* lib\wercli.jar missing, or its entry point missing */
    LAUNCHER_EXIT_CRASHED = 23,    /* the launcher or the JVM crashed; no postmortem debugger was started */
    LAUNCHER_EXIT_SERVICE_LOST = 24 /* the capture service accepted the capture, then went away (see service_client.h) */
};

#endif
