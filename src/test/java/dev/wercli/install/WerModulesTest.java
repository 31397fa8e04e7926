package dev.wercli.install;

import dev.wercli.platform.InMemoryRegistry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WerModulesTest {
    static final String X64 = "C:\\wercli\\lib\\wercli-wer-x64.dll";
    static final String X86 = "C:\\wercli\\lib\\wercli-wer-x86.dll";

    @Test
    void hklmGetsEachDllInItsBitnessViewAndStatusListsBothAndOthers() throws Exception {
        InMemoryRegistry machine = new InMemoryRegistry();
        InMemoryRegistry user = new InMemoryRegistry();
        machine.write(RegistryView.WOW64_64KEY, WerModules.KEY, "C:\\other\\crashpad_wer.dll", new RegistryValue.Dword(1));
        WerModules.register(machine, false, X64, X86);

        assertEquals(List.of("C:\\other\\crashpad_wer.dll", X64), machine.valueNames(RegistryView.WOW64_64KEY, WerModules.KEY));
        assertEquals(List.of(X86), machine.valueNames(RegistryView.WOW64_32KEY, WerModules.KEY));
        List<WerModules.Entry> entries = WerModules.list(machine, user);
        assertEquals(3, entries.size(), entries.toString());
        WerModules.Entry other = entries.get(0);
        assertFalse(other.wercli());
        assertFalse(other.enabled(), "data 1: WER ignores it");
        assertTrue(entries.get(1).wercli() && entries.get(1).enabled());
        assertEquals("64-bit", entries.get(1).view());
        assertEquals("32-bit", entries.get(2).view());
    }

    @Test
    void hkcuGetsBothInOneKeyAndUnregisterRemovesOnlyWercli() throws Exception {
        InMemoryRegistry machine = new InMemoryRegistry();
        InMemoryRegistry user = new InMemoryRegistry();
        user.write(RegistryView.WOW64_64KEY, WerModules.KEY, "C:\\other\\crashpad_wer.dll", new RegistryValue.Dword(0));
        WerModules.register(user, true, X64, X86);
        List<WerModules.Entry> entries = WerModules.list(machine, user);
        assertEquals(3, entries.size());
        assertTrue(entries.stream().allMatch(e -> e.hive().equals("HKCU")));

        assertEquals(2, WerModules.unregister(user, true).size());
        assertEquals(List.of("C:\\other\\crashpad_wer.dll"), user.valueNames(RegistryView.WOW64_64KEY, WerModules.KEY));
    }
}
