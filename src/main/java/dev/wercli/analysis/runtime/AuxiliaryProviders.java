package dev.wercli.analysis.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Minidump auxiliary providers: DLLs that MiniDumpWriteDump loads to add a runtime's own state (.NET's DAC,
 * mscordacwks.dll / mscordaccore.dll) to a dump. Windows finds them two ways: the registry key
 * {@link #REGISTRY_KEY}, whose value names are runtime DLL paths and whose data are provider paths, and an
 * RT_RCDATA resource {@code DUMP_HELPER} / {@code MINIDUMP_AUXILIARY_PROVIDER} in a loaded module
 * ({@link dev.wercli.analysis.pe.DumpHelper}). This class matches registry entries to the loaded modules and
 * says what the dump type means for managed state.
 */
public final class AuxiliaryProviders {
    /** Relative to HKLM; the 32-bit view (WOW6432Node) serves 32-bit dump writers. */
    public static final String REGISTRY_KEY = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\MiniDumpAuxiliaryDlls";

    // MINIDUMP_TYPE flags (dbghelp.h)
    static final int WITH_FULL_MEMORY = 0x2;
    public static final int WITHOUT_AUXILIARY_STATE = 0x4000;
    public static final int WITH_FULL_AUXILIARY_STATE = 0x8000;

    private AuxiliaryProviders() {
    }

    /** One value of {@link #REGISTRY_KEY}: the runtime DLL (value name) and the provider dbghelp loads for it. */
    public record RegisteredDll(String runtimePath, String providerPath) {
    }

    /** A registry entry whose runtime path is a loaded module's path. */
    public record Applied(RegisteredDll entry, String modulePath) {
    }

    /**
     * The entries that apply to the loaded modules, in registry order: value name and module path equal
     * case-insensitively (as Windows compares paths), after the {@code \\?\} / {@code \??\} prefixes are dropped
     * and forward slashes read as backslashes. A module may match several entries and the other way round.
     */
    public static List<Applied> applying(List<String> modulePaths, List<RegisteredDll> entries) {
        List<Applied> out = new ArrayList<>();
        for (RegisteredDll e : entries) {
            String want = normalize(e.runtimePath());
            if (want.isEmpty()) {
                continue;
            }
            for (String path : modulePaths) {
                if (path != null && normalize(path).equals(want)) {
                    out.add(new Applied(e, path));
                }
            }
        }
        return out;
    }

    static String normalize(String path) {
        String p = path.strip().replace('/', '\\');
        if (p.startsWith("\\\\?\\") || p.startsWith("\\??\\")) {
            p = p.substring(4);
        }
        return p.toLowerCase(Locale.ROOT);
    }

    /**
     * Why the dump lacks the .NET runtime's managed state, or empty when no .NET runtime is loaded or the dump
     * type asks for it (MiniDumpWithFullAuxiliaryState, or all memory).
     *
     * @param dotnet the detected .NET runtime
     * @param flags  the MINIDUMP_TYPE the dump was written with, empty when unknown
     */
    public static Optional<String> managedStateNote(Optional<RuntimeFacts.DotNet> dotnet, Optional<Integer> flags) {
        if (dotnet.isEmpty()) {
            return Optional.empty();
        }
        String runtime = "the .NET runtime (" + dotnet.get().module() + ")";
        if (flags.isEmpty()) {
            return Optional.of(runtime + " is loaded, but the dump's MINIDUMP_TYPE is unknown, so whether it holds"
                    + " managed state cannot be told");
        }
        int f = flags.get();
        if ((f & WITHOUT_AUXILIARY_STATE) != 0) {
            return Optional.of("no managed state: the dump type sets MiniDumpWithoutAuxiliaryState (0x4000), so"
                    + " MiniDumpWriteDump called no auxiliary provider for " + runtime);
        }
        if ((f & (WITH_FULL_AUXILIARY_STATE | WITH_FULL_MEMORY)) != 0) {
            return Optional.empty();
        }
        return Optional.of("no full managed state: the dump type lacks MiniDumpWithFullAuxiliaryState (0x8000), so "
                + runtime + "'s auxiliary provider, where dbghelp found one, added only its default state; capture with"
                + " --dump-type mini+aux, mini-plus+aux or full for the full state");
    }
}
