package dev.wercli.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test-only JIT_DEBUG_INFO shim (tests/shims/jitshim.c) itself, before CrashCaptureIT relies on it: a
 * crashing process reads the AeDebug Debugger of its OWN registry view only, and substitutes "%ld %ld %p"
 * with its pid, an inherited event handle and a pointer as wide as the process's own (8 hex digits for a
 * 32-bit process, 16 for a 64-bit one), as Windows does. The debugger here is cmd.exe echoing its arguments.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JitShimIT {
    static final Duration BOUND = Duration.ofSeconds(90);

    private WineHarness wine;

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("jit-shim");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Bitness.class)
    void aCrashStartsItsOwnViewsDebuggerWithPidEventAndAddress(Bitness bits) throws Exception {
        Path dir = wine.freshDir(bits.label);
        Path facts = dir.resolve("facts.txt");
        Path log = dir.resolve("shim.log");
        Path args32 = dir.resolve("args32.txt");
        Path args64 = dir.resolve("args64.txt");
        String echo = "C:\\windows\\system32\\cmd.exe /c echo %ld %ld %p> ";
        wine.setAeDebug(echo + WineHarness.win(args64) + " & exit 3", WineHarness.VIEW_64);
        wine.setAeDebug(echo + WineHarness.win(args32) + " & exit 3", WineHarness.VIEW_32);

        WineHarness.Run crash = wine.wine(List.of(bits.crashy(wine).toString(), "--jit-shim", "av-write",
                WineHarness.win(facts)), Map.of("WERCLI_JIT_SHIM_LOG", WineHarness.win(log)), BOUND);
        assertFalse(crash.timedOut(), "the crashed process was left hanging");
        assertEquals(0x05, crash.exitCode(), "ends with its exception code");
        Path own = bits == Bitness.X86 ? args32 : args64;
        Path other = bits == Bitness.X86 ? args64 : args32;
        assertFalse(Files.exists(other), bits + ": a process must read only its own registry view");
        String[] args = Files.readString(own).strip().split(" ");
        assertEquals(WineHarness.facts(facts).get("pid"), args[0], "%ld: pid");
        assertTrue(Long.parseLong(args[1]) > 0, "%ld: the event handle");
        int digits = bits == Bitness.X86 ? 8 : 16;
        assertTrue(args[2].matches("[0-9A-F]{" + digits + "}"), "%p of a " + bits + " process: " + args[2]);
        Map<String, String> shim = ShimLog.read(log);
        assertEquals("debugger-exited", shim.get("outcome"), shim.toString());
        assertEquals("0x3", shim.get("debugger_exit"), "the debugger's own exit code is seen");
    }
}
