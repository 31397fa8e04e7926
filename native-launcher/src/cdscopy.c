#include "cdscopy.h"

#include "paths.h"

#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <shlobj.h>
#include <stdlib.h>

#define COPY_NAME L"wercli.jar"
#define ARCHIVE_NAME L"wercli.jsa"

/*
 * Protected (no inheritance from %ProgramData%, where users may create files): SYSTEM and Administrators
 * full control, Users read and execute, for the folder and everything in it. Owner: Administrators, so
 * that no user owns it (an owner may always rewrite the DACL).
 */
#define FOLDER_SDDL L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FRFX;;;BU)"
#define FOLDER_OWNER L"O:BA"

int cdscopy_needed(const wchar_t *dir) {
    for (const wchar_t *c = dir; *c != L'\0'; c++) {
        int plain = (*c >= L'a' && *c <= L'z') || (*c >= L'A' && *c <= L'Z') || (*c >= L'0' && *c <= L'9') ||
                    *c == L'\\' || *c == L':' || *c == L'.' || *c == L'_' || *c == L'-';
        if (!plain) {
            return 1;
        }
    }
    return 0;
}

wchar_t *cdscopy_folder(void) {
    wchar_t program_data[MAX_PATH];
    /* The system's folder, not %ProgramData%: the crashed process's environment is ours. */
    if (SHGetFolderPathW(NULL, CSIDL_COMMON_APPDATA, NULL, SHGFP_TYPE_CURRENT, program_data) != S_OK) {
        return NULL;
    }
    return paths_join(program_data, L"wercli\\app");
}

static int same_file_data(const wchar_t *a, const wchar_t *b) {
    WIN32_FILE_ATTRIBUTE_DATA da;
    WIN32_FILE_ATTRIBUTE_DATA db;
    if (!GetFileAttributesExW(a, GetFileExInfoStandard, &da) || !GetFileAttributesExW(b, GetFileExInfoStandard, &db)) {
        return 0;
    }
    return !(da.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) && !(db.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) &&
           da.nFileSizeHigh == db.nFileSizeHigh && da.nFileSizeLow == db.nFileSizeLow &&
           CompareFileTime(&da.ftLastWriteTime, &db.ftLastWriteTime) == 0;
}

static int is_sid(PSID sid, WELL_KNOWN_SID_TYPE type) {
    BYTE buffer[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof buffer;
    return CreateWellKnownSid(type, NULL, buffer, &size) && EqualSid(sid, buffer);
}

/* The user this launcher runs as (a copy it could have written itself gives it nothing new). */
static int is_own_sid(PSID sid) {
    HANDLE token = NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
        return 0;
    }
    BYTE buffer[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD size = 0;
    int same = GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size) &&
               EqualSid(sid, ((TOKEN_USER *)buffer)->User.Sid);
    CloseHandle(token);
    return same;
}

/* SYSTEM, Administrators, or the user running this launcher: nobody who gains anything by planting a jar. */
static int is_trusted_sid(PSID sid) {
    return sid != NULL && (is_sid(sid, WinLocalSystemSid) || is_sid(sid, WinBuiltinAdministratorsSid) || is_own_sid(sid));
}

/*
 * 1 when only SYSTEM, Administrators or the user running this launcher can have put files in folder: one of
 * them owns it, and no allow entry of its DACL gives anyone else a right to add, delete or re-permission
 * anything. The launcher runs as whoever crashed, SYSTEM included: a copy that another user could have
 * written must never be run. (Wine keeps no file ACLs: it reports the current user as owner, with SYSTEM and
 * that user in the DACL, so under Wine this passes and its refusals are not exercised.)
 */
static int only_admins_write(const wchar_t *folder) {
    PSID owner = NULL;
    PACL dacl = NULL;
    PSECURITY_DESCRIPTOR descriptor = NULL;
    if (GetNamedSecurityInfoW(folder, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                              NULL, &dacl, NULL, &descriptor) != ERROR_SUCCESS) {
        return 0;
    }
    const DWORD writes = FILE_ADD_FILE | FILE_ADD_SUBDIRECTORY | FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD |
                         FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE |
                         GENERIC_ALL | MAXIMUM_ALLOWED;
    int ok = is_trusted_sid(owner) && dacl != NULL; /* a NULL DACL lets everyone do everything */
    for (DWORD i = 0; ok && i < dacl->AceCount; i++) {
        ACE_HEADER *ace = NULL;
        if (!GetAce(dacl, i, (void **)&ace)) {
            ok = 0;
        } else if (ace->AceType == ACCESS_ALLOWED_ACE_TYPE) {
            ACCESS_ALLOWED_ACE *allowed = (ACCESS_ALLOWED_ACE *)ace;
            ok = !(allowed->Mask & writes) || is_trusted_sid((PSID)&allowed->SidStart);
        } else if (ace->AceType != ACCESS_DENIED_ACE_TYPE) {
            ok = 0; /* callback, object or compound entries: not what we wrote, so not trusted */
        }
    }
    LocalFree(descriptor);
    return ok;
}

wchar_t *cdscopy_usable(const wchar_t *folder, const wchar_t *jar) {
    wchar_t *copy = paths_join(folder, COPY_NAME);
    if (copy != NULL && same_file_data(copy, jar) && only_admins_write(folder)) {
        return copy;
    }
    free(copy);
    return NULL;
}

/* Deletes the files directly in folder and the folder. 0 when something stays (a subfolder, a locked file). */
static int remove_folder(const wchar_t *folder) {
    wchar_t *pattern = paths_join(folder, L"*");
    if (pattern == NULL) {
        return 0;
    }
    WIN32_FIND_DATAW found;
    HANDLE search = FindFirstFileW(pattern, &found);
    free(pattern);
    if (search != INVALID_HANDLE_VALUE) {
        do {
            if (found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
                continue; /* ".", ".." (a real subfolder makes RemoveDirectoryW fail below) */
            }
            wchar_t *file = paths_join(folder, found.cFileName);
            if (file != NULL) {
                SetFileAttributesW(file, FILE_ATTRIBUTE_NORMAL);
                DeleteFileW(file);
                free(file);
            }
        } while (FindNextFileW(search, &found));
        FindClose(search);
    }
    return RemoveDirectoryW(folder) || GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND;
}

static int create_protected_folder(const wchar_t *folder) {
    const wchar_t *with_owner = FOLDER_OWNER FOLDER_SDDL;
    const wchar_t *attempts[] = {with_owner, FOLDER_SDDL}; /* without the owner when the token may not assign it */
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
        PSECURITY_DESCRIPTOR descriptor = NULL;
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(attempts[i], SDDL_REVISION_1, &descriptor, NULL)) {
            continue;
        }
        SECURITY_ATTRIBUTES attributes = {sizeof attributes, descriptor, FALSE};
        BOOL created = CreateDirectoryW(folder, &attributes);
        LocalFree(descriptor);
        if (created) {
            return 1;
        }
    }
    return 0;
}

wchar_t *cdscopy_make(const wchar_t *folder, const wchar_t *jar) {
    wchar_t *parent = paths_parent(folder);
    if (parent == NULL) {
        return NULL;
    }
    CreateDirectoryW(parent, NULL); /* %ProgramData%\wercli: wercli install secures what it keeps there */
    free(parent);
    if (!remove_folder(folder) || !create_protected_folder(folder)) {
        return NULL;
    }
    wchar_t *copy = paths_join(folder, COPY_NAME);
    /* CopyFileW keeps the last-write time, which is how a start recognises the copy. */
    if (copy == NULL || !CopyFileW(jar, copy, FALSE) || !same_file_data(copy, jar)) {
        free(copy);
        remove_folder(folder);
        return NULL;
    }
    return copy;
}

int cdscopy_remove(const wchar_t *folder, const wchar_t *jar) {
    wchar_t *copy = cdscopy_usable(folder, jar);
    if (copy == NULL) {
        /* No copy, or another installation's: leave it. */
        return GetFileAttributesW(folder) == INVALID_FILE_ATTRIBUTES;
    }
    free(copy);
    return remove_folder(folder);
}
