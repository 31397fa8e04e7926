package dev.wercli.install;

import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Keeps {@link Backup}s in the registry, under HKLM\SOFTWARE\wercli\Backup\&lt;view&gt; (always the 64-bit view).
 *
 * <p>The previous Debugger and Auto are copied under their own names with their own type, so the backup is
 * exact by construction; a value that was absent is simply not there. A "Complete" DWORD, written last, tells a
 * finished backup from one interrupted half way. The registry was chosen over a file because HKLM is writable
 * only by administrators (a user who could edit the backup could make uninstall register any program as
 * the machine's debugger), it needs no folder to exist, and install's rollback covers it with the AeDebug values.
 */
public final class BackupStore {
    static final String COMPLETE = "Complete";
    static final String ADDED_EXCLUSIONS = "AddedExclusions";
    static final String CREATED_KEYS = "CreatedKeys";
    static final String INSTALLED_COMMAND = "InstalledCommand";
    static final String VERSION = "Version";
    /** Separates names in one REG_SZ; '|' cannot appear in a file or key name we write. */
    private static final String SEPARATOR = "|";
    static final RegistryView STORE_VIEW = RegistryView.WOW64_64KEY;

    private final Registry registry;

    public BackupStore(Registry registry) {
        this.registry = registry;
    }

    public static String keyFor(RegistryView view) {
        return AeDebugKeys.BACKUP + "\\" + view.name();
    }

    /** The complete backup of {@code view}, empty when none (or only a half-written one, see {@link #isHalfWritten}). */
    public Optional<Backup> read(RegistryView view) throws PlatformException {
        String key = keyFor(view);
        if (!isComplete(key)) {
            return Optional.empty();
        }
        return Optional.of(new Backup(
                registry.read(STORE_VIEW, key, AeDebugKeys.DEBUGGER),
                registry.read(STORE_VIEW, key, AeDebugKeys.AUTO),
                list(text(key, ADDED_EXCLUSIONS)), list(text(key, CREATED_KEYS)),
                text(key, INSTALLED_COMMAND), text(key, VERSION)));
    }

    /** The backup key exists but was never completed: an install was interrupted. */
    public boolean isHalfWritten(RegistryView view) throws PlatformException {
        String key = keyFor(view);
        return registry.keyExists(STORE_VIEW, key) && !isComplete(key);
    }

    /** Writes {@code backup} for {@code view} through {@code target} (a transaction); "Complete" goes last. */
    static void write(Registry target, RegistryView view, Backup backup) throws PlatformException {
        String key = keyFor(view);
        target.deleteValue(STORE_VIEW, key, COMPLETE);
        copy(target, key, AeDebugKeys.DEBUGGER, backup.debugger());
        copy(target, key, AeDebugKeys.AUTO, backup.auto());
        target.write(STORE_VIEW, key, ADDED_EXCLUSIONS,
                new RegistryValue.Sz(String.join(SEPARATOR, backup.addedExclusions())));
        target.write(STORE_VIEW, key, CREATED_KEYS, new RegistryValue.Sz(String.join(SEPARATOR, backup.createdKeys())));
        target.write(STORE_VIEW, key, INSTALLED_COMMAND, new RegistryValue.Sz(backup.installedCommand()));
        target.write(STORE_VIEW, key, VERSION, new RegistryValue.Sz(backup.version()));
        target.write(STORE_VIEW, key, COMPLETE, new RegistryValue.Dword(1));
    }

    /** Deletes the backup of {@code view}, then wercli's keys if nothing else is left in them. */
    static void delete(Registry target, RegistryView view) throws PlatformException {
        target.deleteKey(STORE_VIEW, keyFor(view));
        deleteEmptyParents(target);
    }

    /** wercli's keys, when nothing is left in them (the managed backups live beside the AeDebug ones). */
    static void deleteEmptyParents(Registry target) throws PlatformException {
        for (String key : List.of(AeDebugKeys.BACKUP, AeDebugKeys.MANAGED_BACKUP, AeDebugKeys.WERCLI)) {
            if (target.keyExists(STORE_VIEW, key) && target.valueNames(STORE_VIEW, key).isEmpty()
                    && target.subKeyNames(STORE_VIEW, key).isEmpty()) {
                target.deleteKey(STORE_VIEW, key);
            }
        }
    }

    private static void copy(Registry target, String key, String name, Optional<RegistryValue> value)
            throws PlatformException {
        if (value.isPresent()) {
            target.write(STORE_VIEW, key, name, value.get());
        } else {
            target.deleteValue(STORE_VIEW, key, name);
        }
    }

    private boolean isComplete(String key) throws PlatformException {
        return registry.read(STORE_VIEW, key, COMPLETE)
                .filter(v -> v instanceof RegistryValue.Dword d && d.value() == 1).isPresent();
    }

    private String text(String key, String name) throws PlatformException {
        String s = registry.read(STORE_VIEW, key, name).map(RegistryValue::textOf).orElse(null);
        return s == null ? "" : s;
    }

    private static List<String> list(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\\" + SEPARATOR));
    }

    static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        for (String s : b) {
            if (all.stream().noneMatch(s::equalsIgnoreCase)) {
                all.add(s);
            }
        }
        return all;
    }
}
