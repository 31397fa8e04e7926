package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paths Wine never takes by itself, made to run under Wine with the test-only pieces of issue 11:
 * tests/shims/jitshim.c (`crashy --jit-shim`: the AeDebug debugger gets a real JIT_DEBUG_INFO, as on Windows)
 * and `crashy --wait-debugger` (fail-fast never starts AeDebug under Wine: attach by hand first).
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JitShimIT {
    static final Duration BOUND = Duration.ofSeconds(90);

    private WineHarness wine;
    private final ObjectMapper json = new ObjectMapper();

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

    /** Runs a crash target with the shim's log file set; the log's one line, or "" if none was written. */
    private WineHarness.Run crashWithShimLog(Path exe, Path log, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "WERCLI_JIT_SHIM_LOG=" + WineHarness.win(log),
                "wine", exe.toString()));
        cmd.addAll(List.of(args));
        return wine.run(cmd, BOUND);
    }

    @Test
    void anX64CrashReachesWercliWithAValidJitDebugInfo() throws Exception {
        Path dir = wine.freshDir("x64");
        Path facts = dir.resolve("facts.txt");
        Path log = dir.resolve("shim.log");
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\""), WineHarness.VIEW_64);

        WineHarness.Run crash = crashWithShimLog(wine.targets.resolve("crashy.exe"), log, "--jit-shim", "av-write",
                WineHarness.win(facts));
        assertFalse(crash.timedOut(), "the crashed process was left hanging");
        assertEquals(0x05, crash.exitCode(), "ends with its exception code, as after WER");
        String line = Files.readString(log).strip();
        Map<String, String> f = WineHarness.facts(facts);
        assertTrue(line.startsWith("outcome=signalled "), "wercli signals the event on the JIT path: " + line);
        assertTrue(line.contains(" attach " + f.get("pid") + " "), "%ld = our pid: " + line);

        assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(30)), "wercli did not exit");
        List<Path> reports = WineHarness.files(dir, ".json");
        List<Path> dumps = WineHarness.files(dir, ".dmp");
        assertEquals(1, reports.size(), "reports " + reports);
        assertEquals(1, dumps.size(), "dumps " + dumps);
        JsonNode r = json.readTree(reports.get(0).toFile());
        assertEquals("captured", r.path("outcome").asText());
        assertEquals("jit_debug_info", r.path("source").asText(), "the JIT_DEBUG_INFO was found valid and used");
        assertEquals("0xC0000005", r.path("exception").path("code").asText());
        assertEquals(Integer.parseInt(f.get("pid")), r.path("process").path("pid").asInt());
        assertEquals(Integer.parseInt(f.get("tid")), r.path("thread_id").asInt(), "JIT_DEBUG_INFO.dwThreadID");
        assertEquals(Long.decode(f.get("target")).longValue(),
                Long.decode(r.path("exception").path("target_address").asText()));

        WineHarness.Run sw = wine.run(List.of(wine.stackwalk.toString(), "-m", dumps.get(0).toString()), BOUND);
        assertTrue(sw.stdout().lines().anyMatch(l -> l.startsWith("Crash|EXCEPTION_ACCESS_VIOLATION_WRITE|0x10|")),
                "Breakpad reads the crash from the dump: " + sw.stdout().lines().filter(l -> l.startsWith("Crash|")).toList());
    }

    /**
     * A 32-bit crash reads the 32-bit view (WOW6432Node) and formats %p 32 bits wide. The debugger here is cmd,
     * which prints its arguments and exits without signalling: WER's "debugger exited" branch.
     */
    @Test
    void anX86CrashStartsThe32BitViewsDebuggerWithItsArguments() throws Exception {
        Path dir = wine.freshDir("x86");
        Path facts = dir.resolve("facts.txt");
        Path log = dir.resolve("shim.log");
        Path args32 = dir.resolve("args32.txt");
        Path args64 = dir.resolve("args64.txt");
        String echo = "C:\\windows\\system32\\cmd.exe /c echo %ld %ld %p> ";
        wine.setAeDebug(echo + WineHarness.win(args64) + " & exit 3", WineHarness.VIEW_64);
        wine.setAeDebug(echo + WineHarness.win(args32) + " & exit 3", WineHarness.VIEW_32);

        WineHarness.Run crash = crashWithShimLog(wine.targets.resolve("x86/crashy.exe"), log, "--jit-shim", "deep",
                WineHarness.win(facts));
        assertFalse(crash.timedOut(), "the crashed process was left hanging");
        assertEquals(0x05, crash.exitCode());
        assertFalse(Files.exists(args64), "a 32-bit process must not read the 64-bit view");
        String[] args = Files.readString(args32).strip().split(" ");
        assertEquals(WineHarness.facts(facts).get("pid"), args[0], "%ld: pid");
        assertTrue(Long.parseLong(args[1]) > 0, "%ld: the event handle");
        assertTrue(args[2].matches("[0-9A-F]{8}"), "%p of a 32-bit process: " + args[2]);
        String line = Files.readString(log).strip();
        assertTrue(line.startsWith("outcome=debugger-exited debugger_exit=0x3 "), line);
    }

    /** Fail-fast starts no AeDebug debugger under Wine; attached by hand, wercli gets the second chance. */
    @Test
    void aFailFastIsCapturedByAnAttachedWercli() throws Exception {
        Path dir = wine.freshDir("fastfail");
        Path facts = dir.resolve("facts.txt");
        CompletableFuture<WineHarness.Run> crash = CompletableFuture.supplyAsync(() -> {
            try {
                return wine.wine(List.of(wine.targets.resolve("crashy.exe").toString(), "--wait-debugger",
                        "fastfail-cookie", WineHarness.win(facts)), BOUND);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(facts) && WineHarness.facts(facts).containsKey("pid")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String pid = WineHarness.facts(facts).get("pid");

        WineHarness.Run attach = wine.wercli(BOUND, "attach", pid, "0", "--dump-dir", WineHarness.win(dir));
        assertEquals(0, attach.exitCode(), attach.stdout() + attach.stderr());
        assertEquals(0x09, crash.get().exitCode(), "ends with 0xC0000409");
        List<Path> reports = WineHarness.files(dir, ".json");
        assertEquals(1, reports.size(), "reports " + reports);
        JsonNode r = json.readTree(reports.get(0).toFile());
        assertEquals("second_chance_event", r.path("source").asText());
        assertEquals("0xC0000409", r.path("exception").path("code").asText());
        assertEquals("0x2", r.path("exception").path("parameters").path(0).asText(), "FAST_FAIL_STACK_COOKIE_CHECK_FAILURE");
        assertEquals(Integer.parseInt(WineHarness.facts(facts).get("tid")), r.path("thread_id").asInt());
    }
}
