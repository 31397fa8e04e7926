package dev.wercli.capture;

import dev.wercli.analysis.runtime.AuxiliaryProviders;
import dev.wercli.analysis.runtime.AuxiliaryProviders.RegisteredDll;
import dev.wercli.platform.InMemoryRegistry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuxiliaryDllsReaderTest {
    @Test
    void readsEveryNamedValueOfTheViewAsked() throws Exception {
        InMemoryRegistry registry = new InMemoryRegistry()
                .put(RegistryView.WOW64_64KEY, AuxiliaryProviders.REGISTRY_KEY, "C:\\a\\rt.dll",
                        new RegistryValue.Sz("C:\\a\\prov.dll"))
                .put(RegistryView.WOW64_64KEY, AuxiliaryProviders.REGISTRY_KEY, "C:\\b\\rt.dll", new RegistryValue.Dword(1))
                .put(RegistryView.WOW64_32KEY, AuxiliaryProviders.REGISTRY_KEY, "C:\\x86\\rt.dll",
                        new RegistryValue.ExpandSz("%ProgramFiles%\\p.dll"));
        assertEquals(List.of(new RegisteredDll("C:\\a\\rt.dll", "C:\\a\\prov.dll"), new RegisteredDll("C:\\b\\rt.dll", null)),
                AuxiliaryDllsReader.read(registry, RegistryView.WOW64_64KEY));
        assertEquals(List.of(new RegisteredDll("C:\\x86\\rt.dll", "%ProgramFiles%\\p.dll")),
                AuxiliaryDllsReader.read(registry, RegistryView.WOW64_32KEY));
        assertEquals(List.of(), AuxiliaryDllsReader.read(new InMemoryRegistry(), RegistryView.WOW64_64KEY));
    }
}
