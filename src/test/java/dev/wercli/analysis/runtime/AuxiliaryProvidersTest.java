package dev.wercli.analysis.runtime;

import dev.wercli.analysis.runtime.AuxiliaryProviders.Applied;
import dev.wercli.analysis.runtime.AuxiliaryProviders.RegisteredDll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuxiliaryProvidersTest {
    private static final String CORECLR = "C:\\Program Files\\dotnet\\shared\\Microsoft.NETCore.App\\8.0.1\\coreclr.dll";
    private static final Optional<RuntimeFacts.DotNet> DOTNET =
            Optional.of(new RuntimeFacts.DotNet("coreclr", "coreclr.dll", Optional.of("8.0.1")));

    @Test
    void entriesApplyWhenTheirRuntimePathIsALoadedModulesPathIgnoringCase() {
        RegisteredDll clr = new RegisteredDll(CORECLR.toUpperCase(), "C:\\dac\\mscordaccore.dll");
        RegisteredDll other = new RegisteredDll("C:\\other\\coreclr.dll", "C:\\dac\\x.dll");
        List<Applied> applied = AuxiliaryProviders.applying(List.of("C:\\app\\app.exe", CORECLR), List.of(clr, other));
        assertEquals(List.of(new Applied(clr, CORECLR)), applied, "the same file name elsewhere does not apply");
    }

    @Test
    void prefixesAndSlashesDoNotHideAMatch() {
        RegisteredDll e = new RegisteredDll("\\\\?\\c:/app/runtime.dll", "p.dll");
        assertEquals(1, AuxiliaryProviders.applying(List.of("C:\\App\\Runtime.DLL"), List.of(e)).size());
        assertTrue(AuxiliaryProviders.applying(List.of("C:\\App\\Runtime.DLL"),
                List.of(new RegisteredDll("", "p.dll"))).isEmpty(), "an empty value name applies to nothing");
        assertTrue(AuxiliaryProviders.applying(java.util.Arrays.asList((String) null), List.of(e)).isEmpty());
    }

    @Test
    void saysWhyTheDumpLacksManagedState() {
        assertTrue(AuxiliaryProviders.managedStateNote(Optional.empty(), Optional.of(0x1964)).isEmpty(), "no .NET");
        assertTrue(AuxiliaryProviders.managedStateNote(DOTNET, Optional.of(0x1964)).orElseThrow()
                .contains("MiniDumpWithFullAuxiliaryState (0x8000)"), "mini");
        assertTrue(AuxiliaryProviders.managedStateNote(DOTNET, Optional.of(0x1964 | 0x4000)).orElseThrow()
                .contains("MiniDumpWithoutAuxiliaryState"));
        assertTrue(AuxiliaryProviders.managedStateNote(DOTNET, Optional.of(0x1964 | 0x8000 | 0x4000)).orElseThrow()
                .contains("MiniDumpWithoutAuxiliaryState"), "without wins: no provider is called at all");
        assertTrue(AuxiliaryProviders.managedStateNote(DOTNET, Optional.of(0x1964 | 0x8000)).isEmpty(), "mini+aux");
        assertTrue(AuxiliaryProviders.managedStateNote(DOTNET, Optional.of(0x21826)).isEmpty(), "full memory");
        assertTrue(AuxiliaryProviders.managedStateNote(DOTNET, Optional.empty()).orElseThrow().contains("unknown"));
    }
}
