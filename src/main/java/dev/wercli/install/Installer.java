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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registers wercli as the AeDebug debugger in both registry views and takes it out again, restoring exactly
 * what was there. Every registry change goes through a {@link RegistryTransaction}: a failure half way rolls
 * back. Pure Java over the platform interfaces; the CLI prints the returned lines.
 */
public final class Installer {
    private final Registry registry;
    private final Elevation elevation;
    private final SecureFolders folders;
    private final Path configPath;
    private final String version;
    private final BackupStore backups;

    public Installer(Registry registry, Elevation elevation, SecureFolders folders, Path configPath, String version) {
        this.registry = registry;
        this.elevation = elevation;
        this.folders = folders;
        this.configPath = configPath;
        this.version = version;
        this.backups = new BackupStore(registry);
    }

    /** What one view holds now. */
    private record ViewState(RegistryView view, Optional<RegistryValue> debugger, Optional<RegistryValue> auto,
            Optional<Backup> backup, boolean halfWritten) {
        boolean debuggerIsWercli() {
            return debugger.map(RegistryValue::textOf).filter(DebuggerCommand::isWercli).isPresent();
        }

        String debuggerText() {
            return Backup.describe(debugger);
        }
    }

    /** Installs (or re-installs) wercli with {@code command} and {@code config}; returns the lines to print. */
    public List<String> install(DebuggerCommand command, CaptureConfig config) throws InstallException {
        return install(command, config, false);
    }

    /**
     * As {@link #install(DebuggerCommand, CaptureConfig)}; with {@code managed}, wercli also becomes the .NET
     * Framework's managed JIT debugger (DbgManagedDebugger, DbgJITDebugLaunchSetting = 2) in both views, in the
     * same transaction. Without it an earlier managed registration is left as it is.
     */
    public List<String> install(DebuggerCommand command, CaptureConfig config, boolean managed) throws InstallException {
        requireElevated(elevation);
        List<String> out = new ArrayList<>();
        List<ViewState> states = readStates();
        for (ViewState s : states) {
            refuseUnrestorable(s.view(), AeDebugKeys.DEBUGGER, s.debugger());
            refuseUnrestorable(s.view(), AeDebugKeys.AUTO, s.auto());
        }
        List<ManagedDebugger.State> managedStates = readManagedStates();
        if (managed) {
            for (ManagedDebugger.State m : managedStates) {
                Optional<String> refused = ManagedDebugger.unrestorable(m);
                if (refused.isPresent()) {
                    throw new InstallException(InstallException.Kind.CONFLICT, refused.get());
                }
            }
        }
        Path dumpDir = Path.of(config.dumpDir());
        FileChanges files = new FileChanges();
        RegistryTransaction tx = new RegistryTransaction(registry);
        try {
            // The settings folder first: when the dump folder is inside it, it must not get a default ACL as a parent.
            files.createFolder(configPath.toAbsolutePath().getParent(), SecureFolders.UsersAccess.READ, out);
            files.createFolder(dumpDir, SecureFolders.UsersAccess.DROP_BOX, out);
            files.saveConfig(config, out);
            for (ViewState s : states) {
                installView(tx, s, command, out);
            }
            if (managed) {
                for (ManagedDebugger.State m : managedStates) {
                    ManagedDebugger.install(tx, m, command.managedCommandLine(), version, out);
                }
            } else if (managedStates.stream().anyMatch(ManagedDebugger.State::installed)) {
                out.add(".NET Framework managed debugger: left as it is (install --managed updates it)");
            }
        } catch (PlatformException | IOException | RuntimeException e) {
            List<String> failures = tx.rollback();
            failures.addAll(files.rollback());
            String what = "install failed, nothing changed: " + e.getMessage();
            throw new InstallException(InstallException.Kind.FAILED, failures.isEmpty() ? what
                    : what + "; ROLLBACK INCOMPLETE: " + String.join("; ", failures), e);
        }
        out.add("wercli " + version + " is the postmortem debugger: " + command.commandLine());
        if (managed) {
            out.add("wercli " + version + " is the .NET Framework managed JIT debugger: " + command.managedCommandLine());
        }
        return out;
    }

    private void installView(RegistryTransaction tx, ViewState s, DebuggerCommand command, List<String> out)
            throws PlatformException {
        RegistryView view = s.view();
        String label = view.label() + " view: ";
        Optional<RegistryValue> savedDebugger;
        Optional<RegistryValue> savedAuto;
        List<String> added;
        List<String> createdKeys;
        if (s.backup().isPresent() && s.debuggerIsWercli()) {
            Backup b = s.backup().get();
            savedDebugger = b.debugger();
            savedAuto = b.auto();
            added = b.addedExclusions();
            createdKeys = b.createdKeys();
            out.add(label + "already installed; keeping the original backup (Debugger " + Backup.describe(savedDebugger)
                    + ", Auto " + Backup.describe(savedAuto) + ")");
        } else if (s.backup().isPresent()) {
            // Someone replaced wercli since it was installed: what is there now is what the user had last.
            Backup b = s.backup().get();
            savedDebugger = s.debugger();
            savedAuto = s.auto();
            added = b.addedExclusions();
            createdKeys = b.createdKeys();
            out.add(label + "another debugger replaced wercli since install; backing it up instead of "
                    + Backup.describe(b.debugger()) + ": Debugger " + s.debuggerText() + ", Auto " + Backup.describe(s.auto()));
        } else if (s.debuggerIsWercli()) {
            // Never back up wercli itself: with nothing known about what came before, uninstall removes the values.
            savedDebugger = Optional.empty();
            savedAuto = Optional.empty();
            added = List.of();
            createdKeys = List.of();
            out.add(label + "wercli was already the debugger but no backup is held; uninstall will remove the values");
        } else {
            savedDebugger = s.debugger();
            savedAuto = s.auto();
            added = List.of();
            createdKeys = List.of();
            out.add(label + "backed up Debugger " + s.debuggerText() + ", Auto " + Backup.describe(s.auto()));
        }
        if (s.halfWritten()) {
            out.add(label + "replaced a half-written backup left by an interrupted install");
        }
        List<String> toAdd = new ArrayList<>();
        for (String name : command.exclusionNames()) {
            if (registry.read(view, AeDebugKeys.EXCLUSIONS, name).isEmpty()) {
                toAdd.add(name);
            }
        }
        List<String> willCreate = missingKeys(view, toAdd.isEmpty() ? AeDebugKeys.AEDEBUG : AeDebugKeys.EXCLUSIONS);
        Backup backup = new Backup(savedDebugger, savedAuto, BackupStore.union(added, toAdd),
                BackupStore.union(createdKeys, willCreate), command.commandLine(), version);
        // The backup is complete before AeDebug changes: an interruption never leaves wercli without one.
        BackupStore.write(tx, view, backup);
        for (String name : toAdd) {
            tx.write(view, AeDebugKeys.EXCLUSIONS, name, new RegistryValue.Dword(1));
        }
        tx.write(view, AeDebugKeys.AEDEBUG, AeDebugKeys.DEBUGGER, new RegistryValue.Sz(command.commandLine()));
        tx.write(view, AeDebugKeys.AEDEBUG, AeDebugKeys.AUTO, new RegistryValue.Sz("1"));
        if (!toAdd.isEmpty()) {
            out.add(label + "AutoExclusionList += " + String.join(", ", toAdd));
        }
    }

    /**
     * Restores each view's backup. A view whose Debugger is no longer wercli is a conflict: nothing changes in
     * any view unless {@code force}. Not installed: a message, no change, no error.
     */
    public List<String> uninstall(boolean force) throws InstallException {
        List<String> out = new ArrayList<>();
        List<ViewState> states = readStates();
        List<ManagedDebugger.State> managedStates = readManagedStates();
        boolean installed = states.stream()
                .anyMatch(s -> s.backup().isPresent() || s.debuggerIsWercli() || s.halfWritten())
                || managedStates.stream().anyMatch(ManagedDebugger.State::installed);
        if (!installed) {
            out.add("wercli is not installed; nothing to do");
            return out;
        }
        requireElevated(elevation);
        List<String> conflicts = new ArrayList<>();
        for (ViewState s : states) {
            if (s.backup().isPresent() && !s.debuggerIsWercli()) {
                conflicts.add(s.view().label() + " view: another debugger replaced wercli: Debugger " + s.debuggerText()
                        + " (backup: " + Backup.describe(s.backup().get().debugger()) + ")");
            }
        }
        for (ManagedDebugger.State m : managedStates) {
            if (m.replaced()) {
                conflicts.add(m.view().label() + " view: another debugger replaced wercli as the .NET Framework managed"
                        + " debugger: DbgManagedDebugger " + Backup.describe(m.debugger()) + " (backup: "
                        + Backup.describe(m.backup().get().debugger()) + ")");
            }
        }
        if (!conflicts.isEmpty() && !force) {
            throw new InstallException(InstallException.Kind.CONFLICT, String.join("; ", conflicts)
                    + ". Left in place, nothing changed; 'wercli uninstall --force' restores the backup");
        }
        RegistryTransaction tx = new RegistryTransaction(registry);
        try {
            for (ViewState s : states) {
                uninstallView(tx, s, out);
            }
            for (ManagedDebugger.State m : managedStates) {
                ManagedDebugger.uninstall(tx, m, out);
            }
        } catch (PlatformException | RuntimeException e) {
            List<String> failures = tx.rollback();
            String what = "uninstall failed, nothing changed: " + e.getMessage();
            throw new InstallException(InstallException.Kind.FAILED, failures.isEmpty() ? what
                    : what + "; ROLLBACK INCOMPLETE: " + String.join("; ", failures), e);
        }
        out.add("wercli is uninstalled; the settings " + configPath + " and any dumps were kept");
        return out;
    }

    private void uninstallView(RegistryTransaction tx, ViewState s, List<String> out) throws PlatformException {
        RegistryView view = s.view();
        String label = view.label() + " view: ";
        if (s.backup().isPresent()) {
            Backup b = s.backup().get();
            restore(tx, view, AeDebugKeys.DEBUGGER, b.debugger());
            restore(tx, view, AeDebugKeys.AUTO, b.auto());
            for (String name : b.addedExclusions()) {
                tx.deleteValue(view, AeDebugKeys.EXCLUSIONS, name);
            }
            List<String> created = b.createdKeys();
            for (int i = created.size() - 1; i >= 0; i--) {
                deleteIfEmpty(tx, view, created.get(i));
            }
            out.add(label + "restored Debugger " + Backup.describe(b.debugger()) + ", Auto " + Backup.describe(b.auto())
                    + (b.addedExclusions().isEmpty() ? "" : "; removed " + String.join(", ", b.addedExclusions())
                    + " from AutoExclusionList"));
        } else if (s.debuggerIsWercli()) {
            tx.deleteValue(view, AeDebugKeys.AEDEBUG, AeDebugKeys.DEBUGGER);
            tx.deleteValue(view, AeDebugKeys.AEDEBUG, AeDebugKeys.AUTO);
            out.add(label + "no backup was held; removed wercli's Debugger and Auto");
        } else if (s.halfWritten()) {
            out.add(label + "removed a half-written backup");
        } else {
            return;
        }
        BackupStore.delete(tx, view);
    }

    /** The keys on {@code key}'s path that do not exist yet in {@code view}, parents first. */
    private List<String> missingKeys(RegistryView view, String key) throws PlatformException {
        List<String> missing = new ArrayList<>();
        String[] parts = key.split("\\\\");
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            path.append(path.length() == 0 ? "" : "\\").append(part);
            if (!registry.keyExists(view, path.toString())) {
                missing.add(path.toString());
            }
        }
        return missing;
    }

    private static void deleteIfEmpty(Registry tx, RegistryView view, String key) throws PlatformException {
        if (tx.keyExists(view, key) && tx.valueNames(view, key).isEmpty() && tx.subKeyNames(view, key).isEmpty()) {
            tx.deleteKey(view, key);
        }
    }

    private static void restore(Registry tx, RegistryView view, String name, Optional<RegistryValue> value)
            throws PlatformException {
        if (value.isPresent()) {
            tx.write(view, AeDebugKeys.AEDEBUG, name, value.get());
        } else {
            tx.deleteValue(view, AeDebugKeys.AEDEBUG, name);
        }
    }

    /** Refuses, before anything changes, unless this process runs elevated (install, uninstall, the service). */
    static void requireElevated(Elevation elevation) throws InstallException {
        boolean elevated;
        try {
            elevated = elevation.isElevated();
        } catch (PlatformException e) {
            throw new InstallException(InstallException.Kind.NOT_ELEVATED,
                    "cannot tell whether this process is elevated (" + e.getMessage() + "); run from an elevated prompt", e);
        }
        if (!elevated) {
            throw new InstallException(InstallException.Kind.NOT_ELEVATED,
                    "administrator rights are needed: run from an elevated prompt; nothing changed");
        }
    }

    private List<ViewState> readStates() throws InstallException {
        List<ViewState> states = new ArrayList<>();
        try {
            for (RegistryView view : RegistryView.values()) {
                states.add(new ViewState(view,
                        registry.read(view, AeDebugKeys.AEDEBUG, AeDebugKeys.DEBUGGER),
                        registry.read(view, AeDebugKeys.AEDEBUG, AeDebugKeys.AUTO),
                        backups.read(view), backups.isHalfWritten(view)));
            }
        } catch (PlatformException e) {
            throw new InstallException(InstallException.Kind.FAILED, "cannot read AeDebug: " + e.getMessage(), e);
        }
        return states;
    }

    private List<ManagedDebugger.State> readManagedStates() throws InstallException {
        try {
            return ManagedDebugger.readAll(registry);
        } catch (PlatformException e) {
            throw new InstallException(InstallException.Kind.FAILED,
                    "cannot read the .NET Framework managed debugger: " + e.getMessage(), e);
        }
    }

    private static void refuseUnrestorable(RegistryView view, String name, Optional<RegistryValue> value)
            throws InstallException {
        if (value.isPresent() && value.get() instanceof RegistryValue.Other) {
            throw new InstallException(InstallException.Kind.CONFLICT, "AeDebug " + name + " (" + view.label()
                    + " view) is a " + value.get().describe() + " that wercli could not restore exactly; nothing changed");
        }
    }

    /** The file-system side of install (dump folder, settings), undone when the registry part fails. */
    private final class FileChanges {
        private final List<Path> createdFolders = new ArrayList<>();
        private byte[] previousConfig;
        private boolean configWritten;

        void createFolder(Path dir, SecureFolders.UsersAccess users, List<String> out) throws PlatformException {
            if (folders.create(dir, users)) {
                createdFolders.add(dir);
                out.add("created " + dir + " (access: " + describe(users) + ")");
            } else if (users == SecureFolders.UsersAccess.DROP_BOX) {
                out.add("using the existing folder " + dir + " (its access rights were not changed; see 'wercli status')");
            }
        }

        private static String describe(SecureFolders.UsersAccess users) {
            switch (users) {
                case READ: return "SYSTEM, Administrators, you; Users read";
                case DROP_BOX: return "SYSTEM, Administrators, you; Users may add dumps but not read others'";
                default: return "SYSTEM, Administrators, you";
            }
        }

        void saveConfig(CaptureConfig config, List<String> out) throws IOException {
            previousConfig = Files.exists(configPath) ? Files.readAllBytes(configPath) : null;
            configWritten = true;
            config.save(configPath);
            out.add("saved the capture settings to " + configPath);
        }

        List<String> rollback() {
            List<String> failures = new ArrayList<>();
            try {
                if (configWritten && previousConfig != null) {
                    Files.write(configPath, previousConfig);
                } else if (configWritten) {
                    Files.deleteIfExists(configPath);
                }
            } catch (IOException e) {
                failures.add("cannot restore " + configPath + ": " + e.getMessage());
            }
            for (int i = createdFolders.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(createdFolders.get(i)); // only if still empty
                } catch (IOException e) {
                    failures.add("cannot remove " + createdFolders.get(i) + ": " + e.getMessage());
                }
            }
            return failures;
        }
    }
}
