/*
 * Wide-string path helpers. Every function returning wchar_t* returns a new malloc'd string that the
 * caller frees, or NULL when out of memory (or, for paths_launcher, when the path cannot be read).
 */
#ifndef WERCLI_PATHS_H
#define WERCLI_PATHS_H

#include <wchar.h>

/* Full path of the running wercli.exe (any length, no MAX_PATH limit). */
wchar_t *paths_launcher(void);

/* The folder part of path, without a trailing separator ("C:\a\b.exe" -> "C:\a"). */
wchar_t *paths_parent(const wchar_t *path);

/* a + "\" + b. */
wchar_t *paths_join(const wchar_t *a, const wchar_t *b);

/* 1 when path names an existing regular file (not a folder), else 0. */
int paths_is_file(const wchar_t *path);

/*
 * path in the ANSI code page, for JVM options (the JVM reads option strings in that code page).
 * When a character has no ANSI form, falls back to the 8.3 short path, which is ASCII.
 * Returns NULL when neither works; the caller frees the result.
 */
char *paths_for_jvm_option(const wchar_t *path);

#endif
