package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail-fast crashes, 64- and 32-bit. On Windows they start the AeDebug debugger; Wine 8 never does
 * (`__fastfail` is raised as a second chance with no handler, `RaiseFailFastException` is a plain
 * TerminateProcess). So these tests attach wercli to a crashy.exe that waits for a debugger first
 * (`crashy --wait-debugger MODE`, then `wercli attach PID 0`, no event): what is shown is the capture of a
 * fail-fast once a debugger holds the process, not that Windows starts wercli for it.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailFastIT {
    static final Duration BOUND = Duration.ofSeconds(60);

    private WineHarness wine;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("failfast");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    static Stream<Arguments> fastFails() {
        List<Arguments> out = new ArrayList<>();
        for (Bitness bits : Bitness.values()) {
            out.add(Arguments.of(bits, "fastfail-cookie", 2, "FAST_FAIL_STACK_COOKIE_CHECK_FAILURE"));
            out.add(Arguments.of(bits, "fastfail-invalid-arg", 5, "FAST_FAIL_INVALID_ARG"));
            out.add(Arguments.of(bits, "fastfail-fatal-exit", 7, "FAST_FAIL_FATAL_APP_EXIT"));
        }
        return out.stream();
    }

    /** crashy --wait-debugger MODE, started in the background; its pid from the facts it writes at once. */
    private record Waiting(Process process, int pid, Path facts) {
    }

    private Waiting start(Bitness bits, String mode, Path dir) throws Exception {
        Path facts = dir.resolve("facts.txt");
        Process p = wine.start(List.of(bits.crashy(wine).toString(), "--wait-debugger", mode, WineHarness.win(facts)));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(facts)) {
                String pid = WineHarness.facts(facts).get("pid");
                if (pid != null) {
                    return new Waiting(p, Integer.parseInt(pid), facts);
                }
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError(mode + ": crashy wrote no pid to " + facts);
    }

    private int exitOf(Waiting w) throws InterruptedException {
        assertTrue(w.process().waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS), "the crashed process was left hanging");
        return w.process().exitValue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fastFails")
    void anAttachedWercliCapturesAFastFailAndNamesItsSubCode(Bitness bits, String mode, int subCode, String name)
            throws Exception {
        Path dir = wine.freshDir(bits.label + "-" + mode);
        Waiting crashy = start(bits, mode, dir);
        WineHarness.Run attach = wine.wercli(BOUND, "attach", Integer.toString(crashy.pid()), "0",
                "--dump-dir", WineHarness.win(dir));
        assertEquals(0, attach.exitCode(), mode + ": " + attach.stdout() + attach.stderr());
        assertEquals(0x09, exitOf(crashy), "the process ends with 0xC0000409, as with no debugger");

        List<Path> reports = WineHarness.files(dir, ".json");
        List<Path> dumps = WineHarness.files(dir, ".dmp");
        assertEquals(1, reports.size(), "reports " + reports);
        assertEquals(1, dumps.size(), "dumps " + dumps);
        JsonNode r = json.readTree(reports.get(0).toFile());
        JsonNode ex = r.path("exception");
        Map<String, String> facts = WineHarness.facts(crashy.facts());
        assertEquals("0xC0000409", facts.get("code"), "what crashy says it raised");
        assertEquals(Integer.toString(subCode), facts.get("subcode"));
        assertEquals("captured", r.path("outcome").asText());
        assertEquals("0xC0000409", ex.path("code").asText());
        assertEquals("0x" + Integer.toHexString(subCode), ex.path("parameters").get(0).asText());
        assertEquals("fail-fast " + name + " (sub-code " + subCode + ")", ex.path("description").asText());
        assertEquals(bits.label, r.path("process").path("architecture").asText());
        assertEquals("crashy.exe", r.path("faulting_module").path("name").asText());

        BreakpadView breakpad = BreakpadView.read(wine, dumps.get(0));
        assertEquals(bits.breakpadCpu, breakpad.cpu());
        // Breakpad names some sub-codes itself (e.g. FAST_FAIL_STACK_COOKIE_CHECK_FAILURE), the rest generically.
        assertTrue(breakpad.reason().equals(name) || breakpad.reason().equals("EXCEPTION_STACK_BUFFER_OVERRUN"),
                "Breakpad reads the fail-fast: " + breakpad.crashLine());
    }

    /**
     * Wine 8's RaiseFailFastException is a FIXME that calls TerminateProcess(0xC0000602): nothing is raised,
     * so even an attached debugger sees only the exit. wercli must say so in a failure record, not hang.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Bitness.class)
    void raiseFailFastUnderWineLeavesAFailureRecord(Bitness bits) throws Exception {
        Path dir = wine.freshDir(bits.label + "-raise-failfast");
        Waiting crashy = start(bits, "raise-failfast", dir);
        WineHarness.Run attach = wine.wercli(BOUND, "attach", Integer.toString(crashy.pid()), "0",
                "--dump-dir", WineHarness.win(dir));
        assertEquals(4, attach.exitCode(), "attached, but no crash exception arrived: " + attach.stderr());
        assertEquals(0x02, exitOf(crashy), "Wine ends the process with 0xC0000602");
        List<Path> reports = WineHarness.files(dir, ".json");
        assertEquals(1, reports.size(), "nothing is lost: a failure record");
        JsonNode r = json.readTree(reports.get(0).toFile());
        assertEquals("failed", r.path("outcome").asText());
        assertEquals("exception", r.path("errors").get(0).path("stage").asText());
        assertTrue(r.path("errors").get(0).path("message").asText().contains("exited"), r.path("errors").toString());
    }
}
