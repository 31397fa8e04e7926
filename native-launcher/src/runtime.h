/* Finds the Java runtime wercli runs on. */
#ifndef WERCLI_RUNTIME_H
#define WERCLI_RUNTIME_H

#include <wchar.h>

typedef enum { RUNTIME_BUNDLED, RUNTIME_JAVA_HOME, RUNTIME_REGISTRY } runtime_source;

/* A found runtime. The strings are owned by the struct: release them with runtime_free. */
typedef struct {
    runtime_source source;
    wchar_t *home;    /* the runtime folder, e.g. C:\wercli\runtime */
    wchar_t *jvm_dll; /* home\bin\server\jvm.dll, an existing file */
} runtime_location;

/*
 * Looks, in this order, for home\bin\server\jvm.dll under: launcher_dir\runtime (the bundled runtime),
 * %JAVA_HOME%, then the registry's current Java 17+ (HKLM\SOFTWARE\JavaSoft\JDK, then \JRE, 64-bit view).
 * Returns 1 and fills *found, or 0 when there is none.
 */
int runtime_locate(const wchar_t *launcher_dir, runtime_location *found);

void runtime_free(runtime_location *location);

/* "bundled", "JAVA_HOME" or "registry", for messages. */
const wchar_t *runtime_source_name(runtime_source source);

#endif
