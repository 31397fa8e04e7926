package dev.wercli.install;

import dev.wercli.config.CaptureConfig;
import dev.wercli.platform.Elevation;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;
import dev.wercli.platform.SecureFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads everything {@code wercli status} shows; writes nothing and needs no elevation. */
public final class StatusReader {
    /**
     * No source we found says whether WER still writes LocalDumps while AeDebug Auto=1 starts a debugger, so
     * status says only that, and what wercli's release policy does about WER (see ReleasePolicy).
     */
    static final String LOCAL_DUMPS_NOTE = "whether WER also writes these while AeDebug starts a debugger is not"
            + " documented; wercli's default --release exit lets WER go on with its own collection";

    private final Registry registry;
    private final Elevation elevation;
    private final SecureFolders folders;
    private final Path configPath;
    private final String version;

    public StatusReader(Registry registry, Elevation elevation, SecureFolders folders, Path configPath, String version) {
        this.registry = registry;
        this.elevation = elevation;
        this.folders = folders;
        this.configPath = configPath;
        this.version = version;
    }

    public InstallStatus read() throws PlatformException {
        List<String> problems = new ArrayList<>();
        BackupStore backups = new BackupStore(registry);
        List<InstallStatus.View> views = new ArrayList<>();
        int wercliViews = 0;
        boolean anyBackup = false;
        for (RegistryView view : RegistryView.values()) {
            InstallStatus.View v = readView(view, backups, problems);
            views.add(v);
            wercliViews += v.wercli() ? 1 : 0;
            anyBackup |= v.backup() != null;
        }
        List<InstallStatus.ManagedView> managed = new ArrayList<>();
        boolean anyManaged = false;
        for (RegistryView view : RegistryView.values()) {
            ManagedDebugger.State m = ManagedDebugger.read(registry, view);
            anyManaged |= m.installed();
            managed.add(managedView(m, problems));
        }
        long managedViews = managed.stream().filter(InstallStatus.ManagedView::wercli).count();
        if (managedViews == 1) {
            problems.add("wercli is the .NET Framework managed debugger in one view only: managed crashes of "
                    + (managed.get(0).wercli() ? "32" : "64") + "-bit processes do not reach it");
        }
        boolean installed = wercliViews > 0 || anyBackup || anyManaged;
        if (wercliViews == 1) {
            problems.add("wercli is the debugger in one view only: crashes of "
                    + (views.get(0).wercli() ? "32" : "64") + "-bit processes are not captured");
        }

        InstallStatus.DumpFolder folder = null;
        boolean configExists = Files.exists(configPath);
        if (configExists) {
            try {
                folder = dumpFolder(Path.of(CaptureConfig.load(configPath).dumpDir()), problems, installed);
            } catch (IOException | InvalidPathException e) {
                problems.add("the settings file " + configPath + " cannot be read: " + e.getMessage());
            }
        } else if (installed) {
            problems.add("the settings file " + configPath + " is missing: attach will use its defaults");
        }
        return new InstallStatus(version, elevated(), installed, views, localDumps(), configPath.toString(),
                configExists, folder, problems, managed);
    }

    private Boolean elevated() {
        try {
            return elevation.isElevated();
        } catch (PlatformException e) {
            return null;
        }
    }

    private InstallStatus.View readView(RegistryView view, BackupStore backups, List<String> problems)
            throws PlatformException {
        String label = view.label() + " view: ";
        Optional<RegistryValue> debugger = registry.read(view, AeDebugKeys.AEDEBUG, AeDebugKeys.DEBUGGER);
        Optional<RegistryValue> auto = registry.read(view, AeDebugKeys.AEDEBUG, AeDebugKeys.AUTO);
        String text = debugger.map(RegistryValue::textOf).orElse(null);
        boolean wercli = DebuggerCommand.isWercli(text);
        Optional<Backup> backup = backups.read(view);
        String wercliVersion = backup.filter(b -> wercli && b.installedCommand().equals(text))
                .map(Backup::version).orElse(null);

        if (wercli) {
            boolean autoOn = auto.filter(a -> "1".equals(RegistryValue.textOf(a))
                    || (a instanceof RegistryValue.Dword d && d.value() == 1)).isPresent();
            if (!autoOn) {
                problems.add(label + "Debugger is wercli but Auto is " + Backup.describe(auto)
                        + ": Windows asks before debugging (half-written install?)");
            }
            if (backup.isEmpty()) {
                problems.add(label + "wercli is the debugger but no backup is held: uninstall will remove the values");
            }
            for (String file : DebuggerCommand.programFiles(text)) {
                if (!exists(file)) {
                    problems.add(label + "the Debugger command needs " + file + ", which does not exist (moved?)");
                }
            }
        } else if (backup.isPresent()) {
            problems.add(label + "another debugger replaced wercli since install (Debugger " + Backup.describe(debugger)
                    + "); 'wercli uninstall' will leave it, --force restores the backup");
        }
        if (backups.isHalfWritten(view)) {
            problems.add(label + "a half-written backup exists (interrupted install); run 'wercli install' again");
        }

        Map<String, String> exclusions = new LinkedHashMap<>();
        for (String name : registry.valueNames(view, AeDebugKeys.EXCLUSIONS)) {
            exclusions.put(name, registry.read(view, AeDebugKeys.EXCLUSIONS, name).map(RegistryValue::describe).orElse(""));
        }
        InstallStatus.BackupView backupView = backup.map(b -> new InstallStatus.BackupView(
                Backup.describe(b.debugger()), Backup.describe(b.auto()), b.addedExclusions(), b.createdKeys()))
                .orElse(null);
        return new InstallStatus.View(view.name(), "HKLM\\" + AeDebugKeys.AEDEBUG, text,
                debugger.map(StatusReader::typeName).orElse(null), auto.map(RegistryValue::describe).orElse(null),
                wercli, wercliVersion, backupView, exclusions);
    }

    private InstallStatus.ManagedView managedView(ManagedDebugger.State m, List<String> problems) {
        String label = m.view().label() + " view: .NET Framework managed debugger: ";
        String text = m.debugger().map(RegistryValue::textOf).orElse(null);
        boolean wercli = m.debuggerIsWercli();
        if (wercli) {
            boolean launches = m.launchSetting().filter(v -> v instanceof RegistryValue.Dword d
                    && d.value() == AeDebugKeys.LAUNCH_WITHOUT_ASKING).isPresent();
            if (!launches) {
                problems.add(label + "DbgManagedDebugger is wercli but DbgJITDebugLaunchSetting is "
                        + Backup.describe(m.launchSetting()) + ", not 2: the CLR asks (or does not start it)");
            }
            if (m.backup().isEmpty()) {
                problems.add(label + "wercli is registered but no backup is held: uninstall will remove the values");
            }
        } else if (m.replaced()) {
            problems.add(label + "another debugger replaced wercli since install (DbgManagedDebugger "
                    + Backup.describe(m.debugger()) + "); 'wercli uninstall' will leave it, --force restores the backup");
        }
        if (m.halfWritten()) {
            problems.add(label + "a half-written backup exists (interrupted install); run 'wercli install --managed' again");
        }
        String version = m.backup().filter(b -> wercli && b.installedCommand().equals(text))
                .map(ManagedDebugger.Saved::version).orElse(null);
        InstallStatus.ManagedBackupView backup = m.backup().map(b -> new InstallStatus.ManagedBackupView(
                Backup.describe(b.debugger()), Backup.describe(b.launchSetting()), b.createdKeys())).orElse(null);
        return new InstallStatus.ManagedView(m.view().name(), "HKLM\\" + AeDebugKeys.NETFRAMEWORK, text,
                m.debugger().map(StatusReader::typeName).orElse(null),
                m.launchSetting().map(RegistryValue::describe).orElse(null), wercli, version, backup);
    }

    private InstallStatus.LocalDumps localDumps() throws PlatformException {
        boolean configured = registry.keyExists(RegistryView.WOW64_64KEY, AeDebugKeys.LOCAL_DUMPS);
        String folder = registry.read(RegistryView.WOW64_64KEY, AeDebugKeys.LOCAL_DUMPS, "DumpFolder")
                .map(RegistryValue::textOf).orElse(null);
        return new InstallStatus.LocalDumps(configured, folder, configured ? LOCAL_DUMPS_NOTE : null);
    }

    private InstallStatus.DumpFolder dumpFolder(Path dir, List<String> problems, boolean installed) {
        if (!Files.isDirectory(dir)) {
            if (installed) {
                problems.add("the dump folder " + dir + " does not exist: captures will fail");
            }
            return new InstallStatus.DumpFolder(dir.toString(), false, 0, 0, null, null, List.of(), null);
        }
        long dumps = 0;
        long bytes = 0;
        String error = null;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                bytes += Files.size(f);
                dumps += f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dmp") ? 1 : 0;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            error = "cannot list: " + e.getMessage();
        }
        String owner = null;
        Boolean isProtected = null;
        List<String> access = new ArrayList<>();
        try {
            SecureFolders.Acl acl = folders.read(dir);
            owner = acl.owner();
            isProtected = acl.inheritanceProtected();
            for (SecureFolders.Entry e : acl.entries()) {
                access.add(e.principal() + (e.allow() ? " allow " : " deny ") + accessName(e.accessMask())
                        + (e.inherited() ? " (inherited)" : ""));
                if (e.allow() && isOrdinaryUsers(e.sid()) && e.accessMask() != 0) {
                    problems.add("the dump folder " + dir + " grants " + e.principal() + " access: dumps hold process memory");
                }
            }
        } catch (PlatformException e) {
            error = (error == null ? "" : error + "; ") + "cannot read the ACL: " + e.getMessage();
        }
        return new InstallStatus.DumpFolder(dir.toString(), true, dumps, bytes, owner, isProtected, access, error);
    }

    /** Everyone, Authenticated Users, BUILTIN\Users. */
    private static boolean isOrdinaryUsers(String sid) {
        return "S-1-1-0".equals(sid) || "S-1-5-11".equals(sid) || "S-1-5-32-545".equals(sid);
    }

    static String accessName(int mask) {
        if ((mask & 0x1F01FF) == 0x1F01FF || (mask & 0x10000000) != 0) {
            return "full";
        }
        if ((mask & 0x1301BF) == 0x1301BF) {
            return "modify";
        }
        if ((mask & 0x1200A9) == 0x1200A9) {
            return "read+execute";
        }
        return String.format("0x%X", mask);
    }

    private static String typeName(RegistryValue v) {
        if (v instanceof RegistryValue.Sz) {
            return "REG_SZ";
        }
        if (v instanceof RegistryValue.ExpandSz) {
            return "REG_EXPAND_SZ";
        }
        if (v instanceof RegistryValue.Dword) {
            return "REG_DWORD";
        }
        return v.describe();
    }

    private static boolean exists(String file) {
        try {
            return Files.exists(Path.of(file));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
