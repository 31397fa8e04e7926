package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What happens when a capture cannot succeed, under Wine: the crashed process is still released within
 * the bound, wercli exits with the documented code, says so in one line, and leaves a record where it can.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureFailuresIT {
    private WineHarness wine;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("failures");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    private Path freshDir(String name) throws Exception {
        return wine.freshDir(name);
    }

    private WineHarness.Run crash(Bitness bits, Path dir, String mode, String factsName) throws Exception {
        WineHarness.Run run = wine.wine(List.of(bits.crashy(wine).toString(), mode,
                WineHarness.win(dir.resolve(factsName))), Duration.ofSeconds(90));
        assertFalse(run.timedOut(), "the crashed process was left hanging");
        assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(30)), "wercli did not exit");
        assertTrue(wine.waitUntilGone("crashy.exe", Duration.ofSeconds(10)), "crashy.exe left running");
        return run;
    }

    private static String log(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void badArgumentsAreAUsageError() throws Exception {
        WineHarness.Run r = wine.wercli(Duration.ofSeconds(60), "attach", "not-a-pid", "12");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("PID must be a decimal number"), r.stderr());
        assertFalse(r.stderr().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void aPidThatDoesNotExistFailsFastWithARecord() throws Exception {
        Path dir = freshDir("no-such-pid");
        WineHarness.Run r = wine.wercli(Duration.ofSeconds(60), "attach", "77777", "0", "--dump-dir",
                WineHarness.win(dir));
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.elapsed().toSeconds() < 30, "took " + r.elapsed());
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("wercli:")).toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).contains("cannot attach to process 77777"), lines.get(0));
        List<Path> records = WineHarness.files(dir, ".json");
        assertEquals(1, records.size());
        JsonNode rec = json.readTree(records.get(0).toFile());
        assertEquals("failed", rec.path("outcome").asText());
        assertEquals("attach", rec.path("errors").get(0).path("stage").asText());
    }

    /** For a 32-bit target the dump helper (wercli-dump32.exe) is the one that cannot create the file. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Bitness.class)
    void anUnwritableDumpFolderStillReleasesTheProcess(Bitness bits) throws Exception {
        Path dir = freshDir("unwritable-" + bits.label);
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "a file where the dump folder should be");
        Path logFile = dir.resolve("wercli.log");
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(blocker.resolve("dumps"))
                + "\" --log-file \"" + WineHarness.win(logFile) + "\""));
        WineHarness.Run run = crash(bits, dir, "av-write", "facts.txt");
        assertEquals(0x05, run.exitCode(), "the process ends with its own exception code");
        String log = log(logFile);
        assertTrue(log.contains("exit 5 "), log);
        assertEquals(List.of(), WineHarness.files(dir, ".dmp"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Bitness.class)
    void theWatchdogReleasesAStuckCapture(Bitness bits) throws Exception {
        Path dir = freshDir("watchdog-" + bits.label);
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir)
                + "\" --timeout 3 --test-delay-before-dump-ms 60000"));
        WineHarness.Run run = crash(bits, dir, "av-write", "facts.txt");
        assertEquals(0x05, run.exitCode());
        assertTrue(run.elapsed().toSeconds() < 30, "released by the watchdog, took " + run.elapsed());
        assertTrue(log(dir.resolve("wercli.log")).contains("exit 7 "), log(dir.resolve("wercli.log")));
        List<Path> records = WineHarness.files(dir, ".json");
        assertEquals(1, records.size());
        JsonNode rec = json.readTree(records.get(0).toFile());
        assertEquals("failed", rec.path("outcome").asText());
        assertEquals("watchdog", rec.path("errors").get(0).path("stage").asText());
        assertEquals("0xC0000005", rec.path("exception").path("code").asText(), "what was known is kept");
        assertEquals(List.of(), WineHarness.files(dir, ".dmp"));
        assertEquals(List.of(), WineHarness.files(dir, ".partial"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Bitness.class)
    void wercliRefusesToDebugItself(Bitness bits) throws Exception {
        // A process whose command line names our jar counts as wercli: the recursion guard must refuse it.
        Path dir = freshDir("self-" + bits.label);
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\""));
        // The facts file's name starts with the jar's own path, so the target's command line contains it.
        Path facts = wine.jar.resolveSibling(wine.jar.getFileName() + ".self-test-facts");
        Files.deleteIfExists(facts);
        WineHarness.Run run = wine.wine(List.of(bits.crashy(wine).toString(), "av-write",
                WineHarness.win(facts)), Duration.ofSeconds(90));
        assertFalse(run.timedOut());
        assertTrue(wine.waitUntilGone("wercli.jar attach", Duration.ofSeconds(30)));
        String log = log(dir.resolve("wercli.log"));
        assertTrue(log.contains("exit 8 "), log);
        assertEquals(0x05, run.exitCode(), "released: it ends with its own exception code");
        assertEquals(List.of(), WineHarness.files(dir, ".dmp"));
        Files.deleteIfExists(facts);
    }

    /**
     * On the JIT_DEBUG_INFO path (the shim) with the default --release exit, a stuck capture ends by the
     * watchdog's halt alone: the shim sees the debugger exit without signalling, and the process ends.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Bitness.class)
    void theWatchdogOnTheJitPathEndsWithoutSignalling(Bitness bits) throws Exception {
        Path dir = freshDir("watchdog-jit-" + bits.label);
        Path shimLog = dir.resolve("shim.txt");
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir)
                + "\" --timeout 3 --test-delay-before-dump-ms 60000"));
        WineHarness.Run run = wine.wine(List.of(bits.crashy(wine).toString(), "--jit-shim", "av-write"),
                java.util.Map.of("WERCLI_JIT_SHIM_LOG", WineHarness.win(shimLog)), Duration.ofSeconds(90));
        assertFalse(run.timedOut(), "the crashed process was left hanging");
        assertEquals(0x05, run.exitCode());
        assertTrue(run.elapsed().toSeconds() < 30, "released by the watchdog, took " + run.elapsed());
        assertEquals("debugger-exited", ShimLog.read(shimLog).get("outcome"), ShimLog.read(shimLog).toString());
        assertTrue(log(dir.resolve("wercli.log")).contains("exit 7 "), log(dir.resolve("wercli.log")));
        assertEquals("watchdog", json.readTree(WineHarness.files(dir, ".json").get(0).toFile())
                .path("errors").get(0).path("stage").asText());
    }

    /**
     * Without wercli-dump32.exe beside the jar (here: pointed elsewhere) a 32-bit crash is still captured:
     * the 64-bit view of the process is dumped and the report says what the dump is.
     */
    @org.junit.jupiter.api.Test
    void without32BitHelperA32BitCrashStillLeavesADumpAndSaysSo() throws Exception {
        Path dir = freshDir("no-helper");
        wine.setAeDebug("\"" + WineHarness.win(wine.jre.resolve("bin/java.exe")) + "\" -Dwercli.dump32=C:\\nowhere.exe -jar \""
                + WineHarness.win(wine.jar) + "\" attach %ld %ld %p --dump-dir \"" + WineHarness.win(dir) + "\"");
        WineHarness.Run run = crash(Bitness.X86, dir, "av-write", "facts.txt");
        assertEquals(0x05, run.exitCode());
        assertEquals(1, WineHarness.files(dir, ".dmp").size(), "nothing is lost");
        JsonNode r = json.readTree(WineHarness.files(dir, ".json").get(0).toFile());
        assertEquals("captured", r.path("outcome").asText());
        assertEquals("x86", r.path("process").path("architecture").asText());
        assertEquals("dump", r.path("errors").get(0).path("stage").asText());
        assertTrue(r.path("errors").get(0).path("message").asText().contains("64-bit (WOW64) view"),
                r.path("errors").toString());
        assertEquals("amd64", BreakpadView.read(wine, WineHarness.files(dir, ".dmp").get(0)).cpu(),
                "the dump is what the report says");
    }
}
