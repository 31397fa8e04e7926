package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.ModuleInfo;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real dump written by Wine's dbghelp (see src/test/resources/dumps/README.md). Every expected value here
 * was read from the same file by Breakpad's minidump_stackwalk / minidump_dump and by LLDB, not by wercli.
 */
class WineDumpFixtureTest {
    static Path fixture(String name) {
        try {
            return Path.of(WineDumpFixtureTest.class.getResource("/dumps/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private final MinidumpSnapshot snapshot;

    WineDumpFixtureTest() throws Exception {
        snapshot = new MinidumpSnapshot(MinidumpReader.open(fixture("wine-x64-av-write-mini.dmp")));
    }

    @Test
    void readsWithoutProblemsAndListsWinesPrivateStream() {
        Minidump d = snapshot.minidump();
        assertEquals(List.of(), d.problems());
        assertEquals(List.of("0xfff0"), d.unknownStreams().stream().map(StreamEntry::name).toList());
        assertEquals(1, d.miscInfo().orElseThrow().version(), "Wine writes the 24-byte MiscInfo");
    }

    @Test
    void processAndThreadsMatchLldb() {
        assertEquals(252, snapshot.process().pid());
        assertEquals(Optional.of("crashy.exe"), snapshot.process().imageName());
        assertEquals(List.of(0x100), snapshot.threads().stream().map(t -> t.id()).toList());
    }

    @Test
    void exceptionMatchesBreakpadAndLldb() {
        ExceptionInfo e = snapshot.exception().orElseThrow();
        assertEquals(0xC0000005, e.code());
        assertEquals(0x14000162FL, e.address());
        assertEquals(List.of(1L, 0x10L), e.parameters(), "write access to 0x10");
        assertEquals(0x100, e.threadId());
    }

    @Test
    void exceptionContextRegistersMatchLldb() {
        CpuContext c = snapshot.exception().orElseThrow().context().orElseThrow();
        Map<String, Long> expected = Map.ofEntries(Map.entry("rip", 0x14000162FL), Map.entry("rsp", 0x21FCD0L),
                Map.entry("rbp", 0x21FCF0L), Map.entry("rbx", 0xC81340L), Map.entry("rsi", 0xC812E0L),
                Map.entry("rdi", 0x345D40L), Map.entry("r9", 0xC81470L), Map.entry("r10", 0xC80330L),
                Map.entry("r11", 0x8L), Map.entry("r12", 0x10L), Map.entry("rax", 0L),
                Map.entry("eflags", 0x10202L), Map.entry("cs", 0x33L), Map.entry("ds", 0x2BL), Map.entry("ss", 0x2BL));
        expected.forEach((reg, value) -> assertEquals(value, c.register(reg), reg));
    }

    @Test
    void modulesMatchBreakpadAndLldb() {
        Map<String, Long> bases = Map.of("crashy.exe", 0x140000000L, "ntdll.dll", 0x170000000L,
                "kernel32.dll", 0x7B600000L, "kernelbase.dll", 0x7B000000L, "msvcrt.dll", 0x228280000L);
        assertEquals(bases.size(), snapshot.modules().size());
        for (ModuleInfo m : snapshot.modules()) {
            assertEquals(bases.get(m.name()), m.base(), m.name());
        }
        assertEquals(0x40000, snapshot.modules().get(0).size());
        assertEquals("C:\\crashy\\crashy.exe", snapshot.modules().get(0).path());
        Map<String, String> versions = Map.of("ntdll.dll", "6.1.7601.24059", "kernel32.dll", "10.0.18362.1350",
                "msvcrt.dll", "7.0.2600.2180");
        for (MinidumpModule m : snapshot.minidump().modules()) {
            String name = m.name().substring(m.name().lastIndexOf('\\') + 1);
            assertEquals(Optional.ofNullable(versions.get(name)), m.identity().fileVersion().map(FileVersion::toString), name);
        }
    }

    @Test
    void theFaultingInstructionIsInTheDumpsMemory() {
        // MiniDumpNormal captures the stack; the stack pointer's bytes must be readable.
        long rsp = snapshot.exception().orElseThrow().context().orElseThrow().stackPointer();
        assertTrue(snapshot.memory().read(rsp, 16).isPresent());
    }
}
