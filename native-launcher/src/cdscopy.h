/*
 * The class-sharing copy: wercli.jar (and its AppCDS archive) in a folder whose path has no space.
 *
 * Why: HotSpot 17 maps an AppCDS archive but shares no application class when the jar's path has a space
 * (or another character a file: URL escapes): it records a class's origin as its URL, "C:/Program%20Files/...",
 * and does not match that with the jar (measured under Wine with -Xlog:class+load). C:\Program Files is where
 * the MSI installs. So there `--launcher-create-cds` copies the jar to %ProgramData%\wercli\app, a folder only
 * SYSTEM and Administrators may write to, and makes the archive for the copy; every start then runs the copy
 * while it is the same file as lib\wercli.jar (same size and last-write time), else lib\wercli.jar itself.
 */
#ifndef WERCLI_CDSCOPY_H
#define WERCLI_CDSCOPY_H

#include <wchar.h>

/* 1 when HotSpot 17 would not share the classes of a jar in dir (its path has a character a URL escapes). */
int cdscopy_needed(const wchar_t *dir);

/* %ProgramData%\wercli\app (from the system, not the environment), or NULL. The caller frees it. */
wchar_t *cdscopy_folder(void);

/*
 * folder\wercli.jar when it is a copy of jar (same size and last-write time) in a folder only SYSTEM,
 * Administrators or the current user can write to (one of them owns it and its DACL lets nobody else add or
 * change anything), else NULL.
 * The caller frees it.
 */
wchar_t *cdscopy_usable(const wchar_t *folder, const wchar_t *jar);

/*
 * (Re)creates folder with a protected DACL (SYSTEM and Administrators: full control; Users: read and
 * execute), owned by Administrators, and copies jar into it. An existing folder is emptied and made again,
 * so nobody else's ACL or files survive in it. Returns the copy's path (the caller frees it) or NULL.
 */
wchar_t *cdscopy_make(const wchar_t *folder, const wchar_t *jar);

/* Deletes folder\wercli.jar, its archive and the folder when the copy is of jar. 1 when nothing of it is left. */
int cdscopy_remove(const wchar_t *folder, const wchar_t *jar);

#endif
