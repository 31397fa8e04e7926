package dev.wercli.platform;

/** Everything the capture pipeline needs from the OS, one concern per interface. */
public interface Platform {
    DebugSession newDebugSession();

    DumpWriter dumpWriter();

    ProcessInspector inspector();

    /** The AeDebug event handle passed on the command line; 0 means there is none. */
    AeDebugEvent aeDebugEvent(long handle);
}
