package dev.wercli.snapshot.minidump;

import java.util.Locale;

/** MINIDUMP_STREAM_TYPE values (minidumpapiset.h) that wercli names in its output. */
public final class StreamType {
    public static final int THREAD_LIST = 3;
    public static final int MODULE_LIST = 4;
    public static final int MEMORY_LIST = 5;
    public static final int EXCEPTION = 6;
    public static final int SYSTEM_INFO = 7;
    public static final int THREAD_EX_LIST = 8;
    public static final int MEMORY64_LIST = 9;
    public static final int COMMENT_A = 10;
    public static final int COMMENT_W = 11;
    public static final int HANDLE_DATA = 12;
    public static final int UNLOADED_MODULE_LIST = 14;
    public static final int MISC_INFO = 15;
    public static final int MEMORY_INFO_LIST = 16;
    public static final int THREAD_INFO_LIST = 17;

    private StreamType() {
    }

    /** A stable name for a stream type, e.g. "ThreadList", or "0xfff0" for types wercli does not know. */
    public static String name(int type) {
        switch (type) {
            case 0: return "Unused";
            case THREAD_LIST: return "ThreadList";
            case MODULE_LIST: return "ModuleList";
            case MEMORY_LIST: return "MemoryList";
            case EXCEPTION: return "Exception";
            case SYSTEM_INFO: return "SystemInfo";
            case THREAD_EX_LIST: return "ThreadExList";
            case MEMORY64_LIST: return "Memory64List";
            case COMMENT_A: return "CommentStreamA";
            case COMMENT_W: return "CommentStreamW";
            case HANDLE_DATA: return "HandleData";
            case 13: return "FunctionTable";
            case UNLOADED_MODULE_LIST: return "UnloadedModuleList";
            case MISC_INFO: return "MiscInfo";
            case MEMORY_INFO_LIST: return "MemoryInfoList";
            case THREAD_INFO_LIST: return "ThreadInfoList";
            case 18: return "HandleOperationList";
            case 19: return "Token";
            case 21: return "SystemMemoryInfo";
            case 22: return "ProcessVmCounters";
            case 24: return "ThreadNames";
            default: return "0x" + Integer.toHexString(type).toLowerCase(Locale.ROOT);
        }
    }
}
