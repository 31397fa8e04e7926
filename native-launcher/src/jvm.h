/* Starts the JVM in this process and runs wercli in it. */
#ifndef WERCLI_JVM_H
#define WERCLI_JVM_H

#include <wchar.h>

/* What jvm_run needs; all strings are borrowed (owned by the caller). */
typedef struct {
    const wchar_t *jvm_dll;       /* runtime\bin\server\jvm.dll */
    const wchar_t *runtime_bin;   /* runtime\bin: jvm.dll's own dependencies (vcruntime140.dll...) live there */
    const wchar_t *jar;           /* lib\wercli.jar, an existing file */
    const wchar_t *cds_archive;   /* lib\wercli.jsa, or NULL when there is none */
    const wchar_t *launcher_path; /* this wercli.exe, passed to wercli as -Dwercli.launcher */
} jvm_config;

/*
 * Runs dev.wercli.cli.WercliCommand.run(args, System.out, System.err) on a new JVM and ends the process
 * through System.exit with its result, so shutdown hooks run as with `java -jar`. Returns only on failure,
 * with a launcher exit code (see exit_codes.h) after printing one line.
 * args are the user's arguments (argv without the program name), passed to Java as UTF-16, unchanged.
 */
int jvm_run(const jvm_config *config, int argc, wchar_t **args);

#endif
