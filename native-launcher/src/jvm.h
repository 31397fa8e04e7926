/* Starts the JVM in this process and runs wercli in it. */
#ifndef WERCLI_JVM_H
#define WERCLI_JVM_H

#include <wchar.h>

/* What jvm_run needs; all strings are borrowed (owned by the caller). */
typedef struct {
    const wchar_t *jvm_dll;       /* runtime\bin\server\jvm.dll */
    const wchar_t *runtime_bin;   /* runtime\bin: jvm.dll's own dependencies (vcruntime140.dll...) live there */
    const wchar_t *jar;           /* lib\wercli.jar, an existing file */
    const wchar_t *cds_archive;   /* lib\wercli.jsa, or NULL when there is none (or when creating it) */
    const wchar_t *cds_classlist; /* NULL to run wercli; else create create_cds from this class list */
    const wchar_t *create_cds;    /* with cds_classlist: the archive to write (lib\wercli.jsa) */
    const wchar_t *launcher_path; /* this wercli.exe, passed to wercli as -Dwercli.launcher */
    const wchar_t *lib_dir;       /* lib, passed as wercli.lib: the helpers live there, wherever the jar runs from */
    const wchar_t *jna_dir;       /* the folder holding jnidispatch.dll (lib), or NULL to let JNA unpack its own */
    const wchar_t *options_file;  /* lib\jvm.options: extra JVM options, one a line; need not exist */
} jvm_config;

/*
 * Runs dev.wercli.cli.WercliCommand.run(args, System.out, System.err) on a new JVM and ends the process
 * through System.exit with its result, so shutdown hooks run as with `java -jar`. Returns only on failure,
 * with a launcher exit code (see exit_codes.h) after printing one line.
 * args are the user's arguments (argv without the program name), passed to Java as UTF-16, unchanged.
 */
int jvm_run(const jvm_config *config, int argc, wchar_t **args);

/*
 * Writes the AppCDS archive config->create_cds for config->jar from config->cds_classlist with
 * -Xshare:dump, using the class path string exactly as jvm_run passes it (JDK 17 refuses an archive whose
 * recorded class path differs, so it must be created where it is used). Returns 0 or a launcher exit code.
 */
int jvm_create_cds(const jvm_config *config);

#endif
