#include "jvm.h"

#include "exit_codes.h"
#include "guard.h"
#include "message.h"
#include "paths.h"
#include "symbols.h"

#include <windows.h>
#include <jni.h>
#include <stdlib.h>
#include <string.h>

#define ENTRY_CLASS "dev/wercli/cli/WercliCommand"
#define ENTRY_METHOD "run"
#define ENTRY_SIGNATURE "([Ljava/lang/String;Ljava/io/PrintStream;Ljava/io/PrintStream;)I"
#define MAX_OPTIONS 64

typedef jint(JNICALL *create_java_vm_fn)(JavaVM **vm, void **env, void *args);

/*
 * Start-up flags, measured under Wine (see native-launcher/README.md, "Start-up"): a capture is short
 * and mostly native calls, so the C1 compiler alone, the serial collector and no perf-data file start
 * faster and cost nothing later. lib\jvm.options, then WERCLI_JVM_OPTIONS (space-separated), are
 * appended: the last occurrence of an option wins.
 */
static const char *const default_options[] = {
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-XX:-UsePerfData",
    "-Xss512k",
    /* A crash of wercli writes hs_err, but no minidump of wercli into whatever folder AeDebug gave us. */
    "-XX:-CreateCoredumpOnCrash",
};

/* Set once JNI_CreateJavaVM returned: from then on an exit through the JVM is wercli's own exit. */
static volatile LONG vm_created;

/* Set while -Xshare:dump runs: HotSpot ends the process through the exit hook when the dump is done. */
static volatile LONG dumping_cds;

/* -XX:ErrorFile's pattern (%p = pid), kept for the crash message. */
static wchar_t error_file[MAX_PATH + 64] = L"hs_err_pid%p.log";

/*
 * The JVM's "exit" hook. HotSpot exits the process itself (code 1) when it cannot initialise, e.g. on a
 * bad option, instead of returning an error from JNI_CreateJavaVM: map that to our documented code.
 */
static void JNICALL on_jvm_exit(jint code) {
    if (dumping_cds && code == 0) {
        return; /* the archive is written: let HotSpot exit with 0 */
    }
    if (!vm_created) {
        message_error(L"the Java runtime did not start (it exited with %ld); see the lines above", (long)code);
        ExitProcess(LAUNCHER_EXIT_JVM_FAILED);
    }
}

/*
 * The JVM's "abort" hook: HotSpot calls it after writing hs_err for a crash of the JVM (or of native code
 * in it, such as a JNA call), just before it ends the process. Exiting here gives a JVM crash the same
 * distinct code as a crash of the launcher; HotSpot's own crash handler has already kept Windows from
 * starting the postmortem debugger (that is, wercli) for it.
 */
static void JNICALL on_jvm_abort(void) {
    if (!vm_created) {
        /* HotSpot also aborts (not exits) on some start-up errors, e.g. two collectors selected. */
        on_jvm_exit(1);
    }
    message_error(L"the Java runtime crashed (pid %lu); details in %ls", GetCurrentProcessId(), error_file);
    ExitProcess(LAUNCHER_EXIT_CRASHED);
}

/* Growable list of JVM option strings; owns them. */
typedef struct {
    JavaVMOption items[MAX_OPTIONS];
    int count;
} option_list;

/* Adds a copy of text (prefix + text when prefix is not NULL). 0 when full or out of memory. */
static int add_option(option_list *list, const char *prefix, const char *text) {
    if (list->count >= MAX_OPTIONS) {
        return 0;
    }
    size_t lp = prefix == NULL ? 0 : strlen(prefix);
    size_t lt = strlen(text);
    char *copy = malloc(lp + lt + 1);
    if (copy == NULL) {
        return 0;
    }
    memcpy(copy, prefix == NULL ? "" : prefix, lp);
    memcpy(copy + lp, text, lt + 1);
    list->items[list->count].optionString = copy;
    list->items[list->count].extraInfo = NULL;
    list->count++;
    return 1;
}

static int add_path_option(option_list *list, const char *prefix, const wchar_t *path) {
    char *converted = paths_for_jvm_option(path);
    if (converted == NULL) {
        message_error(L"cannot pass this path to the JVM (no ANSI or short form): %ls", path);
        return 0;
    }
    int ok = add_option(list, prefix, converted);
    free(converted);
    return ok;
}

/* WERCLI_JVM_OPTIONS="-Xint -Xlog:startuptime": split on spaces, no quoting. */
static int add_environment_options(option_list *list) {
    char value[2048];
    DWORD length = GetEnvironmentVariableA("WERCLI_JVM_OPTIONS", value, sizeof value);
    if (length == 0) {
        return 1;
    }
    if (length >= sizeof value) {
        message_error(L"WERCLI_JVM_OPTIONS is too long (over %u characters)", (unsigned)sizeof value - 1);
        return 0;
    }
    for (char *token = strtok(value, " \t"); token != NULL; token = strtok(NULL, " \t")) {
        if (!add_option(list, NULL, token)) {
            return 0;
        }
    }
    return 1;
}

/*
 * lib\jvm.options: one JVM option a line, '#' starts a comment line, blank lines ignored. A file, not only
 * the environment, because under Wine the AeDebug debugger does not get the crashed process's environment
 * (measured: Wine 8 hands it a garbled block), so a file is the one way to tune a capture's JVM.
 */
static int add_file_options(option_list *list, const wchar_t *path) {
    if (path == NULL || !paths_is_file(path)) {
        return 1;
    }
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        message_error(L"cannot read %ls (Windows error %lu)", path, GetLastError());
        return 0;
    }
    char text[8192];
    DWORD size = 0;
    BOOL read_ok = ReadFile(file, text, sizeof text - 1, &size, NULL);
    CloseHandle(file);
    if (!read_ok || size == sizeof text - 1) {
        message_error(L"cannot read %ls, or it is over %u bytes", path, (unsigned)sizeof text - 2);
        return 0;
    }
    text[size] = '\0';
    for (char *line = strtok(text, "\r\n"); line != NULL; line = strtok(NULL, "\r\n")) {
        while (*line == ' ' || *line == '\t') {
            line++;
        }
        size_t length = strlen(line);
        while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t')) {
            line[--length] = '\0';
        }
        if (length > 0 && line[0] != '#' && !add_option(list, NULL, line)) {
            return 0;
        }
    }
    return 1;
}

static void free_options(option_list *list) {
    for (int i = 0; i < list->count; i++) {
        free(list->items[i].optionString);
    }
    list->count = 0;
}

/* A JVM hook: the option string names the hook, extraInfo is the function. */
static int add_hook(option_list *list, const char *name, void (*hook)(void)) {
    if (!add_option(list, NULL, name)) {
        return 0;
    }
    list->items[list->count - 1].extraInfo = (void *)hook;
    return 1;
}

/* Options for every start: the hooks and the class path. */
static int build_base_options(const jvm_config *config, option_list *list) {
    return add_hook(list, "exit", (void (*)(void))on_jvm_exit) && add_hook(list, "abort", on_jvm_abort) &&
           add_path_option(list, "-Djava.class.path=", config->jar);
}

static int build_options(const jvm_config *config, option_list *list) {
    if (!build_base_options(config, list)) {
        return 0;
    }
    for (size_t i = 0; i < sizeof default_options / sizeof default_options[0]; i++) {
        if (!add_option(list, NULL, default_options[i])) {
            return 0;
        }
    }
    if (config->jna_dir != NULL) {
        /* JNA's native part, unpacked by build-dist: JNA would otherwise copy it to %TEMP% on every start. */
        if (!add_path_option(list, "-Djna.boot.library.path=", config->jna_dir) ||
            !add_option(list, NULL, "-Djna.nounpack=true")) {
            return 0;
        }
    }
    if (config->cds_archive != NULL) {
        /* -Xshare:auto: a stale or foreign archive is ignored, never fatal. */
        if (!add_option(list, NULL, "-Xshare:auto") ||
            !add_path_option(list, "-XX:SharedArchiveFile=", config->cds_archive)) {
            return 0;
        }
    }
    wchar_t temp[MAX_PATH + 1];
    DWORD temp_length = GetTempPathW(MAX_PATH + 1, temp);
    if (temp_length > 0 && temp_length <= MAX_PATH) {
        _snwprintf(error_file, sizeof error_file / sizeof error_file[0], L"%lswercli_hs_err_pid%%p.log", temp);
        error_file[sizeof error_file / sizeof error_file[0] - 1] = L'\0';
        if (!add_path_option(list, "-XX:ErrorFile=", error_file)) {
            return 0;
        }
    }
    return add_file_options(list, config->options_file) && add_environment_options(list);
}

/* Loads jvm.dll with runtime\bin on the DLL search path (its CRT DLLs live there, not next to it). */
static create_java_vm_fn load_jvm(const jvm_config *config) {
    SetDllDirectoryW(config->runtime_bin); /* also drops the current folder from the search path */
    HMODULE jvm = LoadLibraryExW(config->jvm_dll, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (jvm == NULL) {
        message_error(L"cannot load %ls (Windows error %lu)", config->jvm_dll, GetLastError());
        return NULL;
    }
    create_java_vm_fn create = (create_java_vm_fn)(void (*)(void))GetProcAddress(jvm, "JNI_CreateJavaVM");
    if (create == NULL) {
        message_error(L"%ls has no JNI_CreateJavaVM: not a Java runtime", config->jvm_dll);
    }
    return create;
}

/* Prints the pending Java exception's toString() as one line and clears it. */
static void report_exception(JNIEnv *env, const wchar_t *context) {
    jthrowable thrown = (*env)->ExceptionOccurred(env);
    (*env)->ExceptionClear(env);
    const jchar *text = NULL;
    jstring description = NULL;
    if (thrown != NULL) {
        jclass object_class = (*env)->FindClass(env, "java/lang/Object");
        jmethodID to_string = object_class == NULL ? NULL
            : (*env)->GetMethodID(env, object_class, "toString", "()Ljava/lang/String;");
        description = to_string == NULL ? NULL : (jstring)(*env)->CallObjectMethod(env, thrown, to_string);
        (*env)->ExceptionClear(env);
        text = description == NULL ? NULL : (*env)->GetStringChars(env, description, NULL);
    }
    message_error(L"%ls: %ls", context, text == NULL ? L"(unknown Java exception)" : (const wchar_t *)text);
    if (text != NULL) {
        (*env)->ReleaseStringChars(env, description, text);
    }
}

static jobjectArray java_arguments(JNIEnv *env, int argc, wchar_t **args) {
    jclass string_class = (*env)->FindClass(env, "java/lang/String");
    if (string_class == NULL) {
        return NULL;
    }
    jobjectArray array = (*env)->NewObjectArray(env, argc, string_class, NULL);
    for (int i = 0; array != NULL && i < argc; i++) {
        /* wchar_t is UTF-16 on Windows: unpaired surrogates and all go through unchanged. */
        jstring arg = (*env)->NewString(env, (const jchar *)args[i], (jsize)wcslen(args[i]));
        if (arg == NULL) {
            return NULL;
        }
        (*env)->SetObjectArrayElement(env, array, i, arg);
        (*env)->DeleteLocalRef(env, arg);
    }
    return array;
}

/* System.setProperty(name, value) with a UTF-16 value: any path survives, unlike a -D option string. */
static int set_system_property(JNIEnv *env, jclass system, const char *name, const wchar_t *value) {
    jmethodID set_property = (*env)->GetStaticMethodID(env, system, "setProperty",
                                                       "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;");
    jstring jname = (*env)->NewStringUTF(env, name);
    jstring java_value = (*env)->NewString(env, (const jchar *)value, (jsize)wcslen(value));
    if (set_property == NULL || jname == NULL || java_value == NULL) {
        return 0;
    }
    (*env)->CallStaticObjectMethod(env, system, set_property, jname, java_value);
    return !(*env)->ExceptionCheck(env);
}

static jobject system_stream(JNIEnv *env, jclass system, const char *name) {
    jfieldID field = (*env)->GetStaticFieldID(env, system, name, "Ljava/io/PrintStream;");
    return field == NULL ? NULL : (*env)->GetStaticObjectField(env, system, field);
}

/* Runs wercli on a started JVM and exits through System.exit; returns a launcher code only on failure. */
static int run_wercli(JNIEnv *env, const jvm_config *config, int argc, wchar_t **args) {
    jclass system = (*env)->FindClass(env, "java/lang/System");
    if (system == NULL || !set_system_property(env, system, "wercli.launcher", config->launcher_path) ||
        !set_system_property(env, system, "wercli.lib", config->lib_dir)) {
        report_exception(env, L"cannot prepare the Java runtime");
        return LAUNCHER_EXIT_INTERNAL;
    }
    jclass entry = (*env)->FindClass(env, ENTRY_CLASS);
    jmethodID run = entry == NULL ? NULL : (*env)->GetStaticMethodID(env, entry, ENTRY_METHOD, ENTRY_SIGNATURE);
    if (run == NULL) {
        report_exception(env, L"the wercli jar has no usable entry point " ENTRY_CLASS L"." ENTRY_METHOD);
        return LAUNCHER_EXIT_NO_JAR;
    }
    message_trace("entry class loaded");
    jobjectArray java_args = java_arguments(env, argc, args);
    jobject out = system_stream(env, system, "out");
    jobject err = system_stream(env, system, "err");
    if (java_args == NULL || out == NULL || err == NULL) {
        report_exception(env, L"cannot pass the arguments to Java");
        return LAUNCHER_EXIT_INTERNAL;
    }
    jint code = (*env)->CallStaticIntMethod(env, entry, run, java_args, out, err);
    message_trace("wercli returned");
    if ((*env)->ExceptionCheck(env)) {
        report_exception(env, L"internal error");
        code = LAUNCHER_EXIT_INTERNAL;
    }
    jmethodID exit_method = (*env)->GetStaticMethodID(env, system, "exit", "(I)V");
    if (exit_method != NULL) {
        (*env)->CallStaticVoidMethod(env, system, exit_method, code); /* does not return */
    }
    return (int)code;
}

/* Starts the JVM with options (which it frees). Returns the JNIEnv, or NULL after printing why. */
static JNIEnv *start_jvm(const jvm_config *config, option_list *options, int options_ok) {
    create_java_vm_fn create = load_jvm(config);
    if (create == NULL || !options_ok) {
        free_options(options);
        return NULL;
    }
    message_trace("jvm.dll loaded");
    symbols_open_session_lazily(); /* before HotSpot's own SymInitialize: see symbols.h */
    message_trace("symbol session opened");
    JavaVMInitArgs init = {0};
    init.version = JNI_VERSION_10;
    init.nOptions = options->count;
    init.options = options->items;
    init.ignoreUnrecognized = JNI_FALSE; /* a mistyped WERCLI_JVM_OPTIONS entry must not pass silently */
    JavaVM *vm = NULL;
    JNIEnv *env = NULL;
    jint created = create(&vm, (void **)&env, &init);
    free_options(options);
    InterlockedExchange(&vm_created, created == JNI_OK);
    if (created != JNI_OK) {
        message_error(L"the Java runtime did not start (JNI_CreateJavaVM returned %ld); see the lines above", (long)created);
        return NULL;
    }
    message_trace("JVM created");
    return env;
}

int jvm_run(const jvm_config *config, int argc, wchar_t **args) {
    option_list options = {0};
    int options_ok = build_options(config, &options);
    JNIEnv *env = start_jvm(config, &options, options_ok);
    if (env == NULL) {
        return LAUNCHER_EXIT_JVM_FAILED;
    }
    guard_crash_if_requested(GUARD_CRASH_IN_JVM);
    return run_wercli(env, config, argc, args);
}

int jvm_create_cds(const jvm_config *config) {
    option_list options = {0};
    /* No start-up flags here: HotSpot 17 archives heap objects only when dumping with G1 (the default). */
    int options_ok = build_base_options(config, &options) && add_option(&options, NULL, "-Xshare:dump") &&
                     /* The dump warns about every class it skips (old class files, proxies): errors only. */
                     add_option(&options, NULL, "-Xlog:disable") && add_option(&options, NULL, "-Xlog:all=error:stderr") &&
                     add_path_option(&options, "-XX:SharedClassListFile=", config->cds_classlist) &&
                     add_path_option(&options, "-XX:SharedArchiveFile=", config->create_cds) &&
                     add_file_options(&options, config->options_file) && add_environment_options(&options);
    InterlockedExchange(&dumping_cds, 1);
    start_jvm(config, &options, options_ok); /* on success HotSpot exits with 0 from inside */
    return LAUNCHER_EXIT_JVM_FAILED;
}
