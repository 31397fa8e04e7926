/*
 * wercli.exe: the native launcher. Finds a Java runtime, starts the JVM in this process and runs wercli
 * with the command line exactly as Windows passed it (UTF-16). Layout of an unpacked distribution:
 *
 *   wercli.exe
 *   lib\wercli.jar      the application
 *   lib\wercli.jsa      optional AppCDS archive for wercli.jar (faster start), valid only in this folder
 *   lib\jnidispatch.dll JNA's native library, unpacked from the jar (else JNA unpacks it on every start)
 *   lib\jvm.options     optional extra JVM options, one a line
 *   lib\wercli.classlist the classes a capture loads, to (re)create wercli.jsa: --launcher-create-cds
 *   runtime\            optional bundled Java runtime; else JAVA_HOME, else the registry
 *
 * In a folder whose path has a space (C:\Program Files\wercli), the jar and its archive run from the
 * class-sharing copy in %ProgramData%\wercli\app instead (cdscopy.h says why).
 */
#include "cdscopy.h"
#include "exit_codes.h"
#include "guard.h"
#include "jvm.h"
#include "message.h"
#include "paths.h"
#include "runtime.h"
#include "service_client.h"
#include "worker.h"

#include <windows.h>
#include <shellapi.h>
#include <stdlib.h>
#include <wchar.h>

/* `wercli.exe --launcher-create-cds`: writes lib\wercli.jsa from lib\wercli.classlist (install runs it). */
#define CREATE_CDS_OPTION L"--launcher-create-cds"
/* `wercli.exe --launcher-remove-cds`: deletes the class-sharing copy made for this folder (MSI removal). */
#define REMOVE_CDS_OPTION L"--launcher-remove-cds"

int wmain(void); /* the CRT calls it (-municode); the CRT's own argv is not used */

int wmain(void) {
    message_trace("launcher started");
    guard_install();
    guard_crash_if_requested(GUARD_CRASH_BEFORE_JVM);

    /* Not the CRT's argv: CommandLineToArgvW gives the arguments as UTF-16, as CreateProcess got them. */
    int argc = 0;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    /* A capture goes to the warm capture service first, when one is installed: no JVM start at all. */
    int service_code = 0;
    if (argv != NULL && argc > 1 && service_try_capture(argc - 1, argv + 1, &service_code)) {
        return service_code;
    }
    /* On the JIT path our exit ends WER's wait: a worker captures, and we exit at its release. */
    if (argv != NULL && argc > 1 && worker_try_capture(argc - 1, argv + 1, &service_code)) {
        return service_code;
    }
    wchar_t *launcher = paths_launcher();
    wchar_t *dir = launcher == NULL ? NULL : paths_parent(launcher);
    wchar_t *jar = dir == NULL ? NULL : paths_join(dir, L"lib\\wercli.jar");
    wchar_t *cds = dir == NULL ? NULL : paths_join(dir, L"lib\\wercli.jsa");
    wchar_t *classlist = dir == NULL ? NULL : paths_join(dir, L"lib\\wercli.classlist");
    wchar_t *options_file = dir == NULL ? NULL : paths_join(dir, L"lib\\jvm.options");
    wchar_t *lib = dir == NULL ? NULL : paths_join(dir, L"lib");
    wchar_t *jnidispatch = dir == NULL ? NULL : paths_join(dir, L"lib\\jnidispatch.dll");
    if (argv == NULL || jar == NULL || cds == NULL || classlist == NULL || options_file == NULL || lib == NULL ||
        jnidispatch == NULL) {
        message_error(L"cannot read the command line or the launcher's own path (Windows error %lu)", GetLastError());
        return LAUNCHER_EXIT_INTERNAL;
    }
    if (!paths_is_file(jar)) {
        message_error(L"%ls is missing: reinstall wercli", jar);
        return LAUNCHER_EXIT_NO_JAR;
    }
    runtime_location runtime;
    if (!runtime_locate(dir, &runtime)) {
        message_error(L"no Java 17 runtime found (looked in %ls\\runtime, JAVA_HOME and HKLM\\SOFTWARE\\JavaSoft): "
                      L"reinstall wercli or set JAVA_HOME",
                      dir);
        return LAUNCHER_EXIT_NO_RUNTIME;
    }
    wchar_t *runtime_bin = paths_join(runtime.home, L"bin");
    if (runtime_bin == NULL) {
        return LAUNCHER_EXIT_INTERNAL;
    }
    message_trace("runtime located");
    wchar_t *copy_folder = cdscopy_needed(dir) ? cdscopy_folder() : NULL;
    if (argc == 2 && wcscmp(argv[1], REMOVE_CDS_OPTION) == 0) {
        return copy_folder == NULL || cdscopy_remove(copy_folder, jar) ? 0 : LAUNCHER_EXIT_INTERNAL;
    }
    wchar_t *copy = copy_folder == NULL ? NULL : cdscopy_usable(copy_folder, jar);
    wchar_t *copy_cds = copy == NULL ? NULL : paths_join(copy_folder, L"wercli.jsa");
    const wchar_t *lib_jar = jar;
    const wchar_t *lib_cds = cds;
    if (copy_cds != NULL) {
        message_trace("running the class-sharing copy of the jar");
        jar = copy;
        cds = copy_cds;
    }
    jvm_config config = {
        .jvm_dll = runtime.jvm_dll,
        .runtime_bin = runtime_bin,
        .jar = jar,
        .cds_archive = paths_is_file(cds) ? cds : NULL,
        .launcher_path = launcher,
        .lib_dir = lib,
        .options_file = options_file,
        .jna_dir = paths_is_file(jnidispatch) ? lib : NULL,
    };
    int code;
    if (argc == 2 && wcscmp(argv[1], CREATE_CDS_OPTION) == 0) {
        /* The launcher's own option, not wercli's: (re)create the archive where it will be used. */
        config.cds_archive = NULL;
        config.cds_classlist = classlist;
        config.jar = lib_jar;
        config.create_cds = lib_cds;
        if (!paths_is_file(classlist)) {
            message_error(L"%ls is missing: cannot create the class-data archive", classlist);
            return LAUNCHER_EXIT_NO_JAR;
        }
        wchar_t *made = copy_folder == NULL ? NULL : cdscopy_make(copy_folder, lib_jar);
        wchar_t *made_cds = made == NULL ? NULL : paths_join(copy_folder, L"wercli.jsa");
        if (made_cds != NULL) {
            config.jar = made;
            config.create_cds = made_cds;
        } else if (copy_folder != NULL) {
            message_error(L"cannot copy the jar to %ls: the archive is made for %ls, whose classes HotSpot 17 "
                          L"cannot share (a space in the path)", copy_folder, lib_jar);
        }
        code = jvm_create_cds(&config);
    } else {
        code = jvm_run(&config, argc - 1, argv + 1);
    }
    /* Only failures come back here: success leaves through System.exit. */
    if (code == LAUNCHER_EXIT_JVM_FAILED) {
        message_error(L"Java runtime used: %ls (%ls)", runtime.home, runtime_source_name(runtime.source));
    }
    return code;
}
