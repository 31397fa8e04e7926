package dev.wercli.platform;

/** Everything the capture pipeline needs from the OS, one concern per interface. */
public interface Platform {
    DebugSession newDebugSession();

    DumpWriter dumpWriter();

    ProcessInspector inspector();

    /** The AeDebug event handle passed on the command line; 0 means there is none. */
    AeDebugEvent aeDebugEvent(long handle);

    /**
     * HKLM, for what a capture reads from it (the MiniDumpAuxiliaryDlls entries); empty where there is none to
     * read, and then the report says "unknown".
     */
    default java.util.Optional<Registry> registry() {
        return java.util.Optional.empty();
    }

    /**
     * Tells the launcher that started this capture as its worker (native-launcher/src/worker.h) that the process
     * is released, through the pipe handle it passed, and closes it: the launcher exits with {@code exitCode},
     * which ends WER's wait, while the report is still being written here.
     */
    default void tellLauncherReleased(long pipeHandle, int exitCode) {
    }
}
