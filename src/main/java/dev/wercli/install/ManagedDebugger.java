package dev.wercli.install;

import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The .NET Framework's managed JIT debugger (HKLM\SOFTWARE\Microsoft\.NETFramework: DbgManagedDebugger and
 * DbgJITDebugLaunchSetting) in one registry view: what it holds, wercli's backup of it, and the install and
 * uninstall steps, with the same rules as AeDebug's (exact backup with the type, or absent; the first backup
 * kept when installed twice; another debugger that replaced wercli is a conflict on uninstall).
 *
 * <p>The backup lives under HKLM\SOFTWARE\wercli\ManagedBackup\&lt;view&gt; (64-bit view), written like
 * {@link BackupStore}'s: the previous values under their own names and types, "Complete" last.
 */
final class ManagedDebugger {
    private static final RegistryView STORE_VIEW = BackupStore.STORE_VIEW;
    private static final String SEPARATOR = "|";

    private ManagedDebugger() {
    }

    /**
     * What install saved for one view.
     *
     * @param debugger         the previous DbgManagedDebugger, empty when absent
     * @param launchSetting    the previous DbgJITDebugLaunchSetting, empty when absent
     * @param createdKeys      keys install created (parents first), removed on uninstall when empty
     * @param installedCommand the DbgManagedDebugger value wercli wrote
     */
    record Saved(Optional<RegistryValue> debugger, Optional<RegistryValue> launchSetting, List<String> createdKeys,
            String installedCommand, String version) {
        Saved {
            createdKeys = List.copyOf(createdKeys);
        }
    }

    /**
     * What one view holds now; {@code missingKeys}: the keys on the .NETFramework path that do not exist yet,
     * read before install changes anything (AeDebug's install may create their common parents first).
     */
    record State(RegistryView view, Optional<RegistryValue> debugger, Optional<RegistryValue> launchSetting,
            Optional<Saved> backup, boolean halfWritten, List<String> missingKeys) {
        boolean debuggerIsWercli() {
            return debugger.map(RegistryValue::textOf).filter(DebuggerCommand::isWercli).isPresent();
        }

        boolean installed() {
            return backup.isPresent() || debuggerIsWercli() || halfWritten;
        }

        boolean replaced() {
            return backup.isPresent() && !debuggerIsWercli();
        }
    }

    static String keyFor(RegistryView view) {
        return AeDebugKeys.MANAGED_BACKUP + "\\" + view.name();
    }

    static State read(Registry registry, RegistryView view) throws PlatformException {
        String key = keyFor(view);
        boolean complete = registry.read(STORE_VIEW, key, BackupStore.COMPLETE)
                .filter(v -> v instanceof RegistryValue.Dword d && d.value() == 1).isPresent();
        Optional<Saved> saved = Optional.empty();
        if (complete) {
            saved = Optional.of(new Saved(registry.read(STORE_VIEW, key, AeDebugKeys.MANAGED_DEBUGGER),
                    registry.read(STORE_VIEW, key, AeDebugKeys.LAUNCH_SETTING),
                    list(text(registry, key, BackupStore.CREATED_KEYS)),
                    text(registry, key, BackupStore.INSTALLED_COMMAND), text(registry, key, BackupStore.VERSION)));
        }
        List<String> missing = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        for (String part : AeDebugKeys.NETFRAMEWORK.split("\\\\")) {
            path.append(path.length() == 0 ? "" : "\\").append(part);
            if (!registry.keyExists(view, path.toString())) {
                missing.add(path.toString());
            }
        }
        return new State(view, registry.read(view, AeDebugKeys.NETFRAMEWORK, AeDebugKeys.MANAGED_DEBUGGER),
                registry.read(view, AeDebugKeys.NETFRAMEWORK, AeDebugKeys.LAUNCH_SETTING), saved,
                !complete && registry.keyExists(STORE_VIEW, key), List.copyOf(missing));
    }

    static List<State> readAll(Registry registry) throws PlatformException {
        List<State> states = new ArrayList<>();
        for (RegistryView view : RegistryView.values()) {
            states.add(read(registry, view));
        }
        return states;
    }

    /** The install step of one view, through {@code tx}; the backup is complete before the values change. */
    static void install(Registry tx, State s, String commandLine, String version, List<String> out)
            throws PlatformException {
        String label = s.view().label() + " view: .NET Framework managed debugger: ";
        Optional<RegistryValue> savedDebugger;
        Optional<RegistryValue> savedLaunch;
        List<String> created = List.of();
        if (s.backup().isPresent() && s.debuggerIsWercli()) {
            Saved b = s.backup().get();
            savedDebugger = b.debugger();
            savedLaunch = b.launchSetting();
            created = b.createdKeys();
            out.add(label + "already installed; keeping the original backup (DbgManagedDebugger "
                    + Backup.describe(savedDebugger) + ", DbgJITDebugLaunchSetting " + Backup.describe(savedLaunch) + ")");
        } else if (s.backup().isPresent()) {
            Saved b = s.backup().get();
            savedDebugger = s.debugger();
            savedLaunch = s.launchSetting();
            created = b.createdKeys();
            out.add(label + "another debugger replaced wercli since install; backing it up instead of "
                    + Backup.describe(b.debugger()) + ": DbgManagedDebugger " + Backup.describe(s.debugger())
                    + ", DbgJITDebugLaunchSetting " + Backup.describe(s.launchSetting()));
        } else if (s.debuggerIsWercli()) {
            savedDebugger = Optional.empty();
            savedLaunch = Optional.empty();
            out.add(label + "wercli was already registered but no backup is held; uninstall will remove the values");
        } else {
            savedDebugger = s.debugger();
            savedLaunch = s.launchSetting();
            out.add(label + "backed up DbgManagedDebugger " + Backup.describe(savedDebugger)
                    + ", DbgJITDebugLaunchSetting " + Backup.describe(savedLaunch));
        }
        if (s.halfWritten()) {
            out.add(label + "replaced a half-written backup left by an interrupted install");
        }
        Saved backup = new Saved(savedDebugger, savedLaunch, BackupStore.union(created, s.missingKeys()), commandLine,
                version);
        write(tx, s.view(), backup);
        tx.write(s.view(), AeDebugKeys.NETFRAMEWORK, AeDebugKeys.MANAGED_DEBUGGER, new RegistryValue.Sz(commandLine));
        tx.write(s.view(), AeDebugKeys.NETFRAMEWORK, AeDebugKeys.LAUNCH_SETTING,
                new RegistryValue.Dword(AeDebugKeys.LAUNCH_WITHOUT_ASKING));
    }

    /** The uninstall step of one view (the caller has settled conflicts). */
    static void uninstall(Registry tx, State s, List<String> out) throws PlatformException {
        String label = s.view().label() + " view: .NET Framework managed debugger: ";
        RegistryView view = s.view();
        if (s.installed()) {
            // wercli's own keys first: in the 64-bit view they may be what keeps a created parent from being empty.
            tx.deleteKey(STORE_VIEW, keyFor(view));
            BackupStore.deleteEmptyParents(tx);
        }
        if (s.backup().isPresent()) {
            Saved b = s.backup().get();
            restore(tx, view, AeDebugKeys.MANAGED_DEBUGGER, b.debugger());
            restore(tx, view, AeDebugKeys.LAUNCH_SETTING, b.launchSetting());
            List<String> created = b.createdKeys();
            for (int i = created.size() - 1; i >= 0; i--) {
                String key = created.get(i);
                if (tx.keyExists(view, key) && tx.valueNames(view, key).isEmpty() && tx.subKeyNames(view, key).isEmpty()) {
                    tx.deleteKey(view, key);
                }
            }
            out.add(label + "restored DbgManagedDebugger " + Backup.describe(b.debugger()) + ", DbgJITDebugLaunchSetting "
                    + Backup.describe(b.launchSetting()));
        } else if (s.debuggerIsWercli()) {
            tx.deleteValue(view, AeDebugKeys.NETFRAMEWORK, AeDebugKeys.MANAGED_DEBUGGER);
            tx.deleteValue(view, AeDebugKeys.NETFRAMEWORK, AeDebugKeys.LAUNCH_SETTING);
            out.add(label + "no backup was held; removed wercli's DbgManagedDebugger and DbgJITDebugLaunchSetting");
        } else if (s.halfWritten()) {
            out.add(label + "removed a half-written backup");
        }
    }

    /** A value install would have to change but could not put back exactly: refused before anything changes. */
    static Optional<String> unrestorable(State s) {
        for (Optional<RegistryValue> v : List.of(s.debugger(), s.launchSetting())) {
            if (v.isPresent() && v.get() instanceof RegistryValue.Other) {
                return Optional.of(".NET Framework managed debugger (" + s.view().label() + " view) holds a "
                        + v.get().describe() + " that wercli could not restore exactly; nothing changed");
            }
        }
        return Optional.empty();
    }

    private static void write(Registry target, RegistryView view, Saved backup) throws PlatformException {
        String key = keyFor(view);
        target.deleteValue(STORE_VIEW, key, BackupStore.COMPLETE);
        copy(target, key, AeDebugKeys.MANAGED_DEBUGGER, backup.debugger());
        copy(target, key, AeDebugKeys.LAUNCH_SETTING, backup.launchSetting());
        target.write(STORE_VIEW, key, BackupStore.CREATED_KEYS,
                new RegistryValue.Sz(String.join(SEPARATOR, backup.createdKeys())));
        target.write(STORE_VIEW, key, BackupStore.INSTALLED_COMMAND, new RegistryValue.Sz(backup.installedCommand()));
        target.write(STORE_VIEW, key, BackupStore.VERSION, new RegistryValue.Sz(backup.version()));
        target.write(STORE_VIEW, key, BackupStore.COMPLETE, new RegistryValue.Dword(1));
    }

    private static void copy(Registry target, String key, String name, Optional<RegistryValue> value)
            throws PlatformException {
        if (value.isPresent()) {
            target.write(STORE_VIEW, key, name, value.get());
        } else {
            target.deleteValue(STORE_VIEW, key, name);
        }
    }

    private static void restore(Registry tx, RegistryView view, String name, Optional<RegistryValue> value)
            throws PlatformException {
        if (value.isPresent()) {
            tx.write(view, AeDebugKeys.NETFRAMEWORK, name, value.get());
        } else {
            tx.deleteValue(view, AeDebugKeys.NETFRAMEWORK, name);
        }
    }

    private static String text(Registry registry, String key, String name) throws PlatformException {
        String s = registry.read(STORE_VIEW, key, name).map(RegistryValue::textOf).orElse(null);
        return s == null ? "" : s;
    }

    private static List<String> list(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split("\\" + SEPARATOR));
    }
}
