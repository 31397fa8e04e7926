package dev.wercli.install;

import dev.wercli.platform.RegistryValue;

import java.util.List;
import java.util.Optional;

/**
 * What one AeDebug view held before wercli was installed, and what install added.
 *
 * @param debugger            the previous Debugger value with its type, empty when it was absent
 * @param auto                the previous Auto value with its type, empty when it was absent
 * @param addedExclusions     AutoExclusionList names install added (only these are removed on uninstall)
 * @param createdKeys         AeDebug-side keys install created, parents first (removed on uninstall when empty)
 * @param installedCommand    the Debugger value wercli wrote
 * @param version             the wercli version that wrote it
 */
public record Backup(Optional<RegistryValue> debugger, Optional<RegistryValue> auto, List<String> addedExclusions,
        List<String> createdKeys, String installedCommand, String version) {
    public Backup {
        addedExclusions = List.copyOf(addedExclusions);
        createdKeys = List.copyOf(createdKeys);
    }

    /** "REG_SZ "winedbg --auto %ld %ld"" or "absent". */
    public static String describe(Optional<RegistryValue> value) {
        return value.map(RegistryValue::describe).orElse("absent");
    }
}
