package dev.wercli.capture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpTypeTest {
    // MINIDUMP_TYPE values from dbghelp.h, spelled out here rather than taken from DumpType.
    static final int FULL_MEMORY = 0x2;
    static final int HANDLE_DATA = 0x4;
    static final int PRIVATE_RW = 0x200;
    static final int THREAD_INFO = 0x1000;
    static final int IGNORE_INACCESSIBLE = 0x20000;

    @Test
    void namedTypesCarryTheFlagsTheirNamesPromise() {
        assertEquals(0, DumpType.parse("mini").flags() & FULL_MEMORY, "mini is not a full dump");
        assertTrue((DumpType.parse("mini").flags() & HANDLE_DATA) != 0);
        assertTrue((DumpType.parse("mini").flags() & THREAD_INFO) != 0);
        assertTrue((DumpType.parse("mini-plus").flags() & PRIVATE_RW) != 0, "mini-plus has the heaps");
        assertEquals(0, DumpType.parse("mini-plus").flags() & FULL_MEMORY);
        int full = DumpType.parse("FULL").flags();
        assertTrue((full & FULL_MEMORY) != 0);
        assertTrue((full & IGNORE_INACCESSIBLE) != 0, "a full dump must not fail on an unreadable region");
        assertEquals("0x00021826", DumpType.parse("full").flagsHex(), "ProcDump -ma plus IgnoreInaccessibleMemory");
    }

    @Test
    void auxSuffixAddsFullAuxiliaryStateToAnyNamedSet() {
        for (String name : new String[] {"mini", "mini-plus", "full"}) {
            DumpType aux = DumpType.parse(name + "+aux");
            assertEquals(name + "+aux", aux.name());
            assertEquals(DumpType.parse(name).flags() | 0x8000, aux.flags(), "MiniDumpWithFullAuxiliaryState");
        }
        assertEquals("mini-plus+aux", DumpType.parse(" Mini-Plus+AUX ").name());
        assertEquals("0x00009964", DumpType.parse("mini+aux").flagsHex());
        assertThrows(IllegalArgumentException.class, () -> DumpType.parse("mini+aux+aux"));
        assertThrows(IllegalArgumentException.class, () -> DumpType.parse("+aux"));
        assertThrows(IllegalArgumentException.class, () -> DumpType.parse("0x1964+aux"), "hex says its own flags");
    }

    @Test
    void rawFlagsAreCustom() {
        DumpType t = DumpType.parse("0x1826");
        assertEquals("custom", t.name());
        assertEquals(0x1826, t.flags());
    }

    @Test
    void nonsenseIsRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DumpType.parse("huge")).getMessage()
                .contains("mini, mini-plus, full"));
        assertThrows(IllegalArgumentException.class, () -> DumpType.parse("0x"));
        assertThrows(IllegalArgumentException.class, () -> DumpType.parse("0x80000000"));
    }

    @Test
    void fileNamesAreSafeOnWindows() {
        assertEquals("a_b_c_.exe", DumpNaming.sanitize("a:b*c?.exe"));
        assertEquals("unknown", DumpNaming.sanitize(" "));
    }
}
