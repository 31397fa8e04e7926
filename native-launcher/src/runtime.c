#include "runtime.h"

#include "paths.h"

#include <windows.h>
#include <stdlib.h>

#define MINIMUM_JAVA_MAJOR 17

/* Takes ownership of home: keeps it in *found when home\bin\server\jvm.dll exists, else frees it. */
static int accept_home(wchar_t *home, runtime_source source, runtime_location *found) {
    if (home == NULL) {
        return 0;
    }
    wchar_t *jvm_dll = paths_join(home, L"bin\\server\\jvm.dll");
    if (jvm_dll != NULL && paths_is_file(jvm_dll)) {
        found->source = source;
        found->home = home;
        found->jvm_dll = jvm_dll;
        return 1;
    }
    free(jvm_dll);
    free(home);
    return 0;
}

static wchar_t *java_home_variable(void) {
    DWORD size = GetEnvironmentVariableW(L"JAVA_HOME", NULL, 0);
    if (size == 0) {
        return NULL;
    }
    wchar_t *value = malloc(size * sizeof(wchar_t));
    if (value != NULL && GetEnvironmentVariableW(L"JAVA_HOME", value, size) == 0) {
        free(value);
        return NULL;
    }
    /* "C:\jdk\" and "C:\jdk" must both work: drop trailing separators. */
    size_t length = value == NULL ? 0 : wcslen(value);
    while (length > 0 && (value[length - 1] == L'\\' || value[length - 1] == L'/')) {
        value[--length] = L'\0';
    }
    if (value != NULL && length == 0) {
        free(value);
        return NULL;
    }
    return value;
}

/* Reads a REG_SZ under HKLM\key (64-bit view). NULL when absent. */
static wchar_t *registry_string(const wchar_t *key, const wchar_t *value_name) {
    HKEY handle;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &handle) != ERROR_SUCCESS) {
        return NULL;
    }
    wchar_t *value = NULL;
    DWORD bytes = 0;
    if (RegGetValueW(handle, NULL, value_name, RRF_RT_REG_SZ, NULL, NULL, &bytes) == ERROR_SUCCESS && bytes > 0) {
        value = malloc(bytes);
        if (value != NULL &&
            RegGetValueW(handle, NULL, value_name, RRF_RT_REG_SZ, NULL, value, &bytes) != ERROR_SUCCESS) {
            free(value);
            value = NULL;
        }
    }
    RegCloseKey(handle);
    return value;
}

/* "17", "17.0.12" -> 17; "1.8" / "1.8.0_402" -> 8 (the old numbering). */
static int java_major(const wchar_t *version) {
    if (version[0] == L'1' && version[1] == L'.') {
        version += 2;
    }
    return (int)wcstol(version, NULL, 10);
}

/* The JavaHome of the CurrentVersion under one JavaSoft key, when it is Java 17 or later. */
static wchar_t *registry_java_home(const wchar_t *javasoft_key) {
    wchar_t *current = registry_string(javasoft_key, L"CurrentVersion");
    if (current == NULL) {
        return NULL;
    }
    wchar_t *home = NULL;
    if (java_major(current) >= MINIMUM_JAVA_MAJOR) {
        wchar_t *version_key = paths_join(javasoft_key, current);
        if (version_key != NULL) {
            home = registry_string(version_key, L"JavaHome");
            free(version_key);
        }
    }
    free(current);
    return home;
}

int runtime_locate(const wchar_t *launcher_dir, runtime_location *found) {
    if (accept_home(paths_join(launcher_dir, L"runtime"), RUNTIME_BUNDLED, found)) {
        return 1;
    }
    if (accept_home(java_home_variable(), RUNTIME_JAVA_HOME, found)) {
        return 1;
    }
    static const wchar_t *const javasoft_keys[] = {
        L"SOFTWARE\\JavaSoft\\JDK",
        L"SOFTWARE\\JavaSoft\\JRE",
    };
    for (size_t i = 0; i < sizeof javasoft_keys / sizeof javasoft_keys[0]; i++) {
        if (accept_home(registry_java_home(javasoft_keys[i]), RUNTIME_REGISTRY, found)) {
            return 1;
        }
    }
    return 0;
}

void runtime_free(runtime_location *location) {
    free(location->home);
    free(location->jvm_dll);
    location->home = NULL;
    location->jvm_dll = NULL;
}

const wchar_t *runtime_source_name(runtime_source source) {
    switch (source) {
    case RUNTIME_BUNDLED:
        return L"bundled";
    case RUNTIME_JAVA_HOME:
        return L"JAVA_HOME";
    case RUNTIME_REGISTRY:
        return L"registry";
    }
    return L"?";
}
