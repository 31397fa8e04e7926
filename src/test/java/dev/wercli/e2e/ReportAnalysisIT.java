package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.report.schema.SchemaValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's analysis end to end under Wine, on faulthost.exe / faultdll.dll (tests/targets): the faulting
 * module is our own DLL with its export symbol, the named frames appear in order (the target writes them to
 * its facts file), the top frames equal LLDB's backtrace of the same dump (when lldb is installed), the
 * bucket id is the same when the same bug crashes twice and different for another bug, and the report
 * validates against docs/report.schema.json.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportAnalysisIT {
    private WineHarness wine;
    private final ObjectMapper json = new ObjectMapper();

    record Crash(JsonNode report, Path dump, Map<String, String> facts) {
    }

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("report-analysis");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    private Crash crash(String mode, String name) throws Exception {
        Path dir = wine.work.resolve(name);
        WineHarness.deleteTree(dir);
        Files.createDirectories(dir);
        Path factsFile = dir.resolve("facts.txt");
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\""));
        WineHarness.Run run = wine.wine(List.of(wine.targets.resolve("faulthost.exe").toString(), mode,
                WineHarness.win(factsFile)), Duration.ofSeconds(90));
        assertFalse(run.timedOut(), mode + ": the crashed process was left hanging");
        assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(30)), mode + ": wercli did not exit");
        List<Path> reports = WineHarness.files(dir, ".json");
        List<Path> dumps = WineHarness.files(dir, ".dmp");
        assertEquals(1, reports.size(), mode + ": reports " + reports);
        assertEquals(1, dumps.size(), mode + ": dumps " + dumps);
        return new Crash(json.readTree(reports.get(0).toFile()), dumps.get(0), WineHarness.facts(factsFile));
    }

    private static List<String> symbols(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("crash_stack").path("frames").forEach(f -> out.add(f.path("symbol").asText(null)));
        return out;
    }

    private void assertValid(JsonNode report) throws Exception {
        SchemaValidator validator = new SchemaValidator(json.readTree(wine.project.resolve("docs/report.schema.json")
                .toFile()), true);
        assertEquals(List.of(), validator.validate(report));
    }

    /** LLDB's frame addresses for the crashed thread, or an empty list when lldb is not installed. */
    private List<Long> lldbFrames(Path dump) throws Exception {
        WineHarness.Run which = wine.run(List.of("sh", "-c", "command -v lldb"), Duration.ofSeconds(10));
        if (which.exitCode() != 0) {
            return List.of();
        }
        WineHarness.Run bt = wine.run(List.of("lldb", "--batch",
                "-o", "settings set target.exec-search-paths " + wine.targets + " " + wine.prefix.resolve("drive_c/windows/system32"),
                "-o", "target create --core " + dump, "-o", "thread backtrace"), Duration.ofSeconds(120));
        List<Long> pcs = new ArrayList<>();
        Matcher m = Pattern.compile("frame #\\d+: 0x([0-9a-f]+)").matcher(bt.stdout());
        while (m.find()) {
            pcs.add(Long.parseUnsignedLong(m.group(1), 16));
        }
        assertFalse(pcs.isEmpty(), "lldb is installed but showed no frames:\n" + bt.stdout() + bt.stderr());
        return pcs;
    }

    @Test
    void namesTheDllFramesInOrderAndBucketsStably() throws Exception {
        Crash first = crash("dll-deep", "dll-deep-1");
        Crash again = crash("dll-deep", "dll-deep-2");
        Crash other = crash("exe-deep", "exe-deep");

        JsonNode r = first.report();
        assertEquals(first.facts().get("module"), r.path("faulting_module").path("name").asText());
        assertEquals("faultdll_write+0x0", r.path("faulting_module").path("symbol").asText());
        List<String> expected = List.of(first.facts().get("frames").split(","));
        assertEquals(expected, symbols(r).subList(0, expected.size()), "named frames in order");
        assertEquals("context", r.path("crash_stack").path("frames").get(0).path("trust").asText());
        assertEquals("unwind", r.path("crash_stack").path("frames").get(1).path("trust").asText());
        assertEquals("end_of_stack", r.path("crash_stack").path("stop_reason").asText());
        assertEquals(32, r.path("modules").get(0).path("pdb").path("guid").asText().replaceAll("[^0-9A-F]", "").length(),
                "faulthost.exe carries a CodeView record (--build-id)");
        assertTrue(r.path("runtime").path("wine").path("evidence").asText().contains("wine_get_version"));

        List<String> otherExpected = List.of(other.facts().get("frames").split(","));
        assertEquals("faulthost.exe", other.report().path("faulting_module").path("name").asText());
        assertEquals(otherExpected, symbols(other.report()).subList(0, otherExpected.size()));

        String bucket = r.path("signature").path("bucket_id").asText();
        assertEquals(bucket, again.report().path("signature").path("bucket_id").asText(), "same bug, same bucket");
        assertNotEquals(bucket, other.report().path("signature").path("bucket_id").asText(), "other bug, other bucket");

        for (Crash c : List.of(first, again, other)) {
            assertValid(c.report());
            List<Long> lldb = lldbFrames(c.dump());
            List<Long> ours = new ArrayList<>();
            c.report().path("crash_stack").path("frames").forEach(
                    f -> ours.add(Long.parseUnsignedLong(f.path("instruction_pointer").asText().substring(2), 16)));
            int n = Math.min(5, Math.min(lldb.size(), ours.size()));
            assertEquals(lldb.subList(0, n), ours.subList(0, n), "top frames vs LLDB");
        }
    }
}
