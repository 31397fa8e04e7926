package dev.wercli.install;

/** Registry paths (relative to HKLM) and value names wercli reads or writes. */
public final class AeDebugKeys {
    private AeDebugKeys() {
    }

    /** Same path in both views: KEY_WOW64_32KEY redirects it to WOW6432Node. */
    public static final String AEDEBUG = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug";
    public static final String EXCLUSIONS = AEDEBUG + "\\AutoExclusionList";
    public static final String DEBUGGER = "Debugger";
    public static final String AUTO = "Auto";

    public static final String LOCAL_DUMPS = "SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps";

    /** wercli's own key; always used in the 64-bit view. */
    public static final String WERCLI = "SOFTWARE\\wercli";
    public static final String BACKUP = WERCLI + "\\Backup";
}
