package dev.wercli.install;

import java.util.List;
import java.util.Map;

/**
 * What {@code wercli status} shows; serialised as-is by {@code --json} (field names are the record components).
 *
 * @param views       the AeDebug state of each registry view
 * @param problems    everything that would make a crash not produce a wercli capture, or uninstall not restore
 */
public record InstallStatus(String version, Boolean elevated, boolean installed, List<View> views,
        LocalDumps werLocalDumps, String configFile, boolean configExists, DumpFolder dumpFolder,
        List<String> problems, List<ManagedView> managed) {

    /**
     * The .NET Framework managed JIT debugger of one view (HKLM\SOFTWARE\Microsoft\.NETFramework).
     *
     * @param debugger      DbgManagedDebugger's text, null when absent
     * @param launchSetting DbgJITDebugLaunchSetting as reg.exe shows it, null when absent
     * @param backup        what uninstall would restore, null when no backup is held
     */
    public record ManagedView(String view, String key, String debugger, String debuggerType, String launchSetting,
            boolean wercli, String wercliVersion, ManagedBackupView backup) {
    }

    public record ManagedBackupView(String debugger, String launchSetting, List<String> createdKeys) {
    }

    /**
     * @param debugger          the Debugger value's text, null when absent
     * @param debuggerType      REG_SZ / REG_EXPAND_SZ / ..., null when absent
     * @param auto              the Auto value as reg.exe shows it, null when absent
     * @param wercli            whether Debugger starts wercli
     * @param wercliVersion     the version that wrote it (from the backup), null when unknown
     * @param backup            what uninstall would restore, null when no backup is held
     * @param autoExclusionList AutoExclusionList names and values
     */
    public record View(String view, String key, String debugger, String debuggerType, String auto, boolean wercli,
            String wercliVersion, BackupView backup, Map<String, String> autoExclusionList) {
    }

    public record BackupView(String debugger, String auto, List<String> addedExclusions, List<String> createdKeys) {
    }

    /**
     * @param configured whether the LocalDumps key exists
     * @param dumpFolder its DumpFolder value, when set
     * @param note       why it does not matter while AeDebug starts a debugger
     */
    public record LocalDumps(boolean configured, String dumpFolder, String note) {
    }

    /**
     * @param dumps      number of .dmp files (any depth)
     * @param totalBytes size of all files (any depth)
     * @param owner      the folder's owner, null when not readable
     * @param access     DACL entries, "PRINCIPAL allow|deny MASK [inherited]"
     */
    public record DumpFolder(String path, boolean exists, long dumps, long totalBytes, String owner,
            Boolean inheritanceProtected, List<String> access, String error) {
    }
}
