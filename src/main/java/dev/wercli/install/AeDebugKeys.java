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

    /**
     * The .NET Framework's managed JIT debugger (CLR 2.0-era; from .NET Framework 4 the CLR uses AeDebug):
     * DbgManagedDebugger (REG_SZ command line) and DbgJITDebugLaunchSetting (DWORD; 2 = start it without asking).
     */
    public static final String NETFRAMEWORK = "SOFTWARE\\Microsoft\\.NETFramework";
    public static final String MANAGED_DEBUGGER = "DbgManagedDebugger";
    public static final String LAUNCH_SETTING = "DbgJITDebugLaunchSetting";
    /** DbgJITDebugLaunchSetting 2: "spawn the debugger listed in DbgManagedDebugger" (no message box). */
    public static final int LAUNCH_WITHOUT_ASKING = 2;

    public static final String LOCAL_DUMPS = "SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps";

    /** wercli's own key; always used in the 64-bit view. */
    public static final String WERCLI = "SOFTWARE\\wercli";
    public static final String BACKUP = WERCLI + "\\Backup";
    public static final String MANAGED_BACKUP = WERCLI + "\\ManagedBackup";
}
