#include "paths.h"

#include <windows.h>
#include <stdlib.h>
#include <string.h>

wchar_t *paths_launcher(void) {
    DWORD capacity = MAX_PATH;
    for (;;) {
        wchar_t *buffer = malloc(capacity * sizeof(wchar_t));
        if (buffer == NULL) {
            return NULL;
        }
        DWORD length = GetModuleFileNameW(NULL, buffer, capacity);
        if (length == 0) {
            free(buffer);
            return NULL;
        }
        if (length < capacity) {
            return buffer;
        }
        free(buffer); /* truncated: grow and retry */
        if (capacity >= 32768) {
            return NULL;
        }
        capacity *= 2;
    }
}

wchar_t *paths_parent(const wchar_t *path) {
    const wchar_t *backslash = wcsrchr(path, L'\\');
    const wchar_t *slash = wcsrchr(path, L'/');
    const wchar_t *last = backslash > slash ? backslash : slash;
    size_t length = last == NULL ? 0 : (size_t)(last - path);
    wchar_t *parent = malloc((length + 1) * sizeof(wchar_t));
    if (parent != NULL) {
        wmemcpy(parent, path, length);
        parent[length] = L'\0';
    }
    return parent;
}

wchar_t *paths_join(const wchar_t *a, const wchar_t *b) {
    size_t la = wcslen(a);
    size_t lb = wcslen(b);
    wchar_t *joined = malloc((la + 1 + lb + 1) * sizeof(wchar_t));
    if (joined != NULL) {
        wmemcpy(joined, a, la);
        joined[la] = L'\\';
        wmemcpy(joined + la + 1, b, lb);
        joined[la + 1 + lb] = L'\0';
    }
    return joined;
}

int paths_is_file(const wchar_t *path) {
    DWORD attributes = GetFileAttributesW(path);
    return attributes != INVALID_FILE_ATTRIBUTES && !(attributes & FILE_ATTRIBUTE_DIRECTORY);
}

/* Converts to the ANSI code page; NULL when a character had to be replaced. */
static char *to_ansi_exact(const wchar_t *text) {
    BOOL lossy = FALSE;
    int size = WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, text, -1, NULL, 0, NULL, &lossy);
    if (size <= 0 || lossy) {
        return NULL;
    }
    char *ansi = malloc((size_t)size);
    if (ansi == NULL) {
        return NULL;
    }
    WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, text, -1, ansi, size, NULL, &lossy);
    if (lossy) {
        free(ansi);
        return NULL;
    }
    return ansi;
}

char *paths_for_jvm_option(const wchar_t *path) {
    char *ansi = to_ansi_exact(path);
    if (ansi != NULL) {
        return ansi;
    }
    DWORD size = GetShortPathNameW(path, NULL, 0);
    if (size == 0) {
        return NULL;
    }
    wchar_t *short_path = malloc(size * sizeof(wchar_t));
    if (short_path == NULL) {
        return NULL;
    }
    char *result = NULL;
    if (GetShortPathNameW(path, short_path, size) > 0) {
        result = to_ansi_exact(short_path);
    }
    free(short_path);
    return result;
}
