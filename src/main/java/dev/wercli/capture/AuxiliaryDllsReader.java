package dev.wercli.capture;

import dev.wercli.analysis.runtime.AuxiliaryProviders;
import dev.wercli.platform.Platform;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.Registry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;
import dev.wercli.snapshot.Architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the MiniDumpAuxiliaryDlls entries for the report, from the registry view the dump writer's dbghelp
 * reads: the 32-bit view (WOW6432Node) for a 32-bit process, whose dump wercli-dump32.exe writes, the 64-bit
 * view otherwise. Runs after the process was released; a failure costs only this fact ("unknown").
 */
final class AuxiliaryDllsReader {
    private AuxiliaryDllsReader() {
    }

    /** The entries, in registry order; null when there is no registry or it could not be read. */
    static List<AuxiliaryProviders.RegisteredDll> read(Platform platform, Architecture architecture, CaptureLog log) {
        Optional<Registry> registry = platform.registry();
        if (registry.isEmpty()) {
            return null;
        }
        RegistryView view = architecture == Architecture.X86 ? RegistryView.WOW64_32KEY : RegistryView.WOW64_64KEY;
        try {
            return read(registry.get(), view);
        } catch (PlatformException | RuntimeException e) {
            log.info("MiniDumpAuxiliaryDlls could not be read: " + e.getMessage());
            return null;
        }
    }

    static List<AuxiliaryProviders.RegisteredDll> read(Registry registry, RegistryView view) throws PlatformException {
        List<AuxiliaryProviders.RegisteredDll> out = new ArrayList<>();
        for (String name : registry.valueNames(view, AuxiliaryProviders.REGISTRY_KEY)) {
            if (name.isEmpty()) {
                continue; // the key's default value names no runtime
            }
            String provider = registry.read(view, AuxiliaryProviders.REGISTRY_KEY, name)
                    .map(RegistryValue::textOf).orElse(null);
            out.add(new AuxiliaryProviders.RegisteredDll(name, provider));
        }
        return out;
    }
}
