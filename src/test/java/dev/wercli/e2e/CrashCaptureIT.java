package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each crash kind, end to end under Wine: crashy.exe crashes, Wine's own AeDebug path starts
 * `java.exe -jar wercli.jar attach %ld %ld %p`, and we check what a user would: the process ended, one dump
 * and one report appeared, the report matches what the target says about itself, and Breakpad's
 * minidump_stackwalk reads the same crash from the dump.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashCaptureIT {
    /** Generous: Wine + a cold JVM on a loaded 2-core CI machine. The measured median is a few seconds. */
    static final Duration PROCESS_BOUND = Duration.ofSeconds(45);

    private WineHarness wine;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param mode          crashy.exe mode
     * @param code          expected exception code
     * @param access        expected access kind for access violations, else null
     * @param module        expected faulting module ("unknown" for a jump into nowhere)
     * @param breakpadReason the crash reason minidump_stackwalk must print
     * @param exitCode      the low byte of the code: the process must end as it would with no debugger
     */
    record Kind(String mode, String code, String access, String module, String breakpadReason, int exitCode) {
        @Override
        public String toString() {
            return mode;
        }
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                new Kind("av-write", "0xC0000005", "write", "crashy.exe", "EXCEPTION_ACCESS_VIOLATION_WRITE", 0x05),
                new Kind("av-read-thread", "0xC0000005", "read", "crashy.exe", "EXCEPTION_ACCESS_VIOLATION_READ", 0x05),
                new Kind("exec-bad", "0xC0000005", "execute", "unknown", "EXCEPTION_ACCESS_VIOLATION_EXEC", 0x05),
                new Kind("div-zero", "0xC0000094", null, "crashy.exe", "EXCEPTION_INT_DIVIDE_BY_ZERO", 0x94),
                new Kind("illegal", "0xC000001D", null, "crashy.exe", "EXCEPTION_ILLEGAL_INSTRUCTION", 0x1D),
                new Kind("breakpoint", "0x80000003", null, "crashy.exe", "EXCEPTION_BREAKPOINT", 0x03),
                new Kind("raise-custom", "0xE0001234", null, "kernelbase.dll", "0xe0001234", 0x34),
                new Kind("ods-av", "0xC0000005", "write", "crashy.exe", "EXCEPTION_ACCESS_VIOLATION_WRITE", 0x05))
                .map(Arguments::of);
    }

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("capture");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void capturesTheCrash(Kind kind) throws Exception {
        Path dir = wine.freshDir(kind.mode());
        Path factsFile = dir.resolve("facts.txt");
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\""));

        WineHarness.Run crash = wine.wine(List.of(wine.targets.resolve("crashy.exe").toString(), kind.mode(),
                WineHarness.win(factsFile)), PROCESS_BOUND.plusSeconds(30));
        assertFalse(crash.timedOut(), kind + ": the crashed process was left hanging");
        assertTrue(crash.elapsed().compareTo(PROCESS_BOUND) < 0, kind + ": took " + crash.elapsed());
        assertEquals(kind.exitCode(), crash.exitCode(), kind + ": the process must end with its exception code");
        System.out.printf("e2e %-15s crash-to-exit %5d ms%n", kind.mode(), crash.elapsed().toMillis());

        // The report is written after the process was released: wait for wercli to finish.
        assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(30)), kind + ": wercli did not exit");
        List<Path> dumps = WineHarness.files(dir, ".dmp");
        List<Path> reports = WineHarness.files(dir, ".json");
        assertEquals(1, dumps.size(), kind + ": dumps " + dumps);
        assertEquals(1, reports.size(), kind + ": reports " + reports);
        assertEquals(List.of(), WineHarness.files(dir, ".partial"), "no half-written files");
        String base = dumps.get(0).getFileName().toString().replace(".dmp", "");
        assertEquals(base + ".json", reports.get(0).getFileName().toString(), "report beside the dump");

        Map<String, String> facts = WineHarness.facts(factsFile);
        JsonNode r = json.readTree(reports.get(0).toFile());
        JsonNode ex = r.path("exception");
        assertEquals("captured", r.path("outcome").asText());
        assertEquals("second_chance_event", r.path("source").asText(), "Wine passes no JIT_DEBUG_INFO");
        assertEquals(kind.code(), ex.path("code").asText());
        assertFalse(ex.path("first_chance").asBoolean());
        assertEquals(Integer.parseInt(facts.get("pid")), r.path("process").path("pid").asInt());
        assertEquals("crashy.exe", r.path("process").path("image_name").asText());
        assertTrue(r.path("process").path("command_line").asText().contains(kind.mode()));
        assertEquals(Integer.parseInt(facts.get("tid")), r.path("thread_id").asInt(), "faulting thread");
        assertEquals(kind.module(), r.path("faulting_module").path("name").asText());
        assertTrue(base.startsWith("crashy.exe_") && base.endsWith("_pid" + facts.get("pid")), base);
        if (kind.access() != null) {
            assertEquals(kind.access(), ex.path("access").asText());
            assertEquals(Long.decode(facts.get("target")).longValue(), Long.decode(ex.path("target_address").asText()));
            assertTrue(ex.path("description").asText().startsWith(kind.access() + " access violation at 0x"));
        }
        if (facts.containsKey("params")) {
            List<String> params = json.convertValue(ex.path("parameters"), List.class);
            assertEquals(List.of(facts.get("params").split(",")), params);
        }
        if (kind.mode().equals("ods-av")) {
            JsonNode crumbs = r.path("breadcrumbs");
            assertTrue(crumbs.size() > 0, "strings sent while attached are kept");
            crumbs.forEach(c -> assertTrue(c.asText().startsWith("crashy: breadcrumb"), c.asText()));
        }
        assertEquals(r.path("exception").path("address").asText(), r.path("registers").path("rip").asText(),
                "the faulting thread's rip is the exception address");
        JsonNode dump = r.path("dump");
        assertEquals(Files.size(dumps.get(0)), dump.path("size_bytes").asLong());
        assertEquals(64, dump.path("sha256").asText().length());
        assertTrue(r.path("timings_ms").path("total").asLong() > 0);

        // An independent reader sees the same crash in the dump.
        WineHarness.Run sw = wine.run(List.of(wine.stackwalk.toString(), "-m", dumps.get(0).toString()),
                Duration.ofSeconds(60));
        assertEquals(0, sw.exitCode(), "minidump_stackwalk failed: " + sw.stderr());
        String crashLine = sw.stdout().lines().filter(l -> l.startsWith("Crash|")).findFirst().orElse(null);
        assertNotNull(crashLine, "Breakpad found no crash in the dump:\n" + sw.stdout());
        String[] f = crashLine.split("\\|");
        assertTrue(f[1].startsWith(kind.breakpadReason()), "Breakpad says " + crashLine);
        long breakpadAddress = Long.decode(f[2]);
        long expected = kind.access() != null ? Long.decode(ex.path("target_address").asText())
                : Long.decode(ex.path("address").asText());
        assertEquals(expected, breakpadAddress, "Breakpad's crash address: " + crashLine);
        if (!kind.module().equals("unknown")) {
            String frame0 = sw.stdout().lines().filter(l -> l.startsWith(f[3] + "|0|")).findFirst().orElseThrow();
            assertTrue(frame0.contains("|" + kind.module() + "|"), frame0);
            assertTrue(frame0.endsWith("|" + r.path("faulting_module").path("offset").asText()), frame0);
        }
        assertTrue(wine.waitUntilGone("crashy.exe", Duration.ofSeconds(10)), "crashy.exe left running");

        // analyze on the dump (pure Java, Linux) tells the same story as the live report.
        JsonNode fromDump = dev.wercli.report.ReportJson.mapper().valueToTree(new dev.wercli.report.ReportBuilder("test").analyze(
                new dev.wercli.snapshot.minidump.MinidumpSnapshot(
                        dev.wercli.snapshot.minidump.MinidumpReader.open(dumps.get(0)))));
        for (String field : List.of("code", "address", "parameters", "access", "target_address", "description")) {
            assertEquals(ex.path(field), fromDump.path("exception").path(field), "analyze vs live: exception." + field);
        }
        assertEquals(r.path("thread_id").asInt(), fromDump.path("thread_id").asInt(), "analyze vs live: thread");
        assertEquals(r.path("faulting_module").path("name").asText(),
                fromDump.path("faulting_module").path("name").asText(), "analyze vs live: faulting module");
        assertEquals(r.path("faulting_module").path("offset"), fromDump.path("faulting_module").path("offset"));
        assertEquals(r.path("registers"), fromDump.path("registers"), "analyze vs live: registers");
    }
}
