package dev.wercli.report.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wercli.report.CaptureFacts;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportBuilder;
import dev.wercli.report.ReportJson;
import dev.wercli.report.ReportOptions;
import dev.wercli.report.testing.SampleCrash;
import dev.wercli.report.testing.SampleX86Crash;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.SimpleSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports validate against the published docs/report.schema.json, every field they carry is documented
 * there, and the report of the sample crash is pinned in a golden file (regenerate deliberately with
 * {@code -Dgolden.update=true}, then review the diff: a changed field needs the stability rule).
 */
class ReportSchemaTest {
    static final Path SCHEMA = Path.of("docs/report.schema.json");
    static final Path GOLDEN = Path.of("src/test/resources/golden/report-sample-crash.json");
    static final ObjectMapper JSON = new ObjectMapper();

    static SchemaValidator validator() throws IOException {
        return new SchemaValidator(JSON.readTree(SCHEMA.toFile()), true);
    }

    static CaptureFacts facts() {
        return new CaptureFacts("test-report", Instant.parse("2026-11-22T05:00:00Z"), CaptureFacts.CAPTURED,
                new CrashReport.Dump("C:\\dumps\\app.dmp", "mini", "0x00001964", 1234L, "ab".repeat(32)),
                new CrashReport.Timings(1L, 2L, 3L, 6L), List.of("hello from app"), List.of());
    }

    static String sampleReport() {
        return ReportJson.write(new ReportBuilder("0.1.0-test", ReportOptions.DEFAULT.withAllThreadStacks(true))
                .build(SampleCrash.snapshot(), facts()));
    }

    @Test
    void theSchemaDeclaresItsVersionAndTheCurrentOne() throws IOException {
        JsonNode schema = JSON.readTree(SCHEMA.toFile());
        assertEquals(CrashReport.SCHEMA_VERSION, schema.at("/properties/schema_version/const").asInt());
        assertTrue(schema.at("/$id").asText().endsWith("report-" + CrashReport.SCHEMA_VERSION + ".json"));
    }

    @Test
    void aFullReportValidates() throws IOException {
        assertEquals(List.of(), validator().validate(JSON.readTree(sampleReport())));
    }

    @Test
    void anX86ReportWithFramePointerFramesValidates() throws IOException {
        String json = ReportJson.write(new ReportBuilder("0.1.0-test")
                .build(SampleX86Crash.snapshot(SampleX86Crash.DLL + 0x1010), facts()));
        JsonNode report = JSON.readTree(json);
        assertEquals("frame_pointer", report.at("/crash_stack/frames/1/trust").asText());
        assertEquals(List.of(), validator().validate(report));
    }

    @Test
    void aReportWithoutExceptionOrMemoryValidates() throws IOException {
        SimpleSnapshot bare = new SimpleSnapshot(new ProcessInfo(7, Optional.empty(), Optional.empty(),
                Architecture.UNKNOWN, Optional.empty()), Optional.empty(), List.of(), List.of(), MemoryReader.NONE);
        CaptureFacts failed = new CaptureFacts("r", null, CaptureFacts.FAILED, null, null, List.of(),
                List.of(new CrashReport.Error("attach", "cannot attach")));
        String json = ReportJson.write(new ReportBuilder("0.1.0-test").build(bare, failed));
        assertEquals(List.of(), validator().validate(JSON.readTree(json)));
    }

    @Test
    void everyGoldenReportValidates() throws IOException {
        try (var files = Files.list(GOLDEN.getParent())) {
            List<Path> reports = new java.util.ArrayList<>();
            for (Path p : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode doc = JSON.readTree(p.toFile());
                if (doc.isObject() && doc.has("schema_version")) { // other golden files are other commands' output
                    reports.add(p);
                    assertEquals(List.of(), validator().validate(doc), p.toString());
                }
            }
            assertTrue(reports.size() >= 4, "golden reports: " + reports);
        }
    }

    @Test
    void theValidatorCatchesBrokenReports() throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(sampleReport());
        ((ObjectNode) report.get("crash_stack").get("frames").get(0)).put("instruction_pointer", "0x10");
        ((ObjectNode) report.get("signature")).put("bucket_id", "not-hex");
        ((ObjectNode) report.get("faulting_module")).put("surprise", 1);
        report.remove("modules");
        List<String> errors = validator().validate(report);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.crash_stack.frames[0].instruction_pointer")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.signature")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("faulting_module.surprise: field is not documented")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("missing required field 'modules'")), errors.toString());
    }

    @Test
    void theSampleCrashReportMatchesItsGoldenFile() throws IOException {
        String actual = sampleReport().replace(System.lineSeparator(), "\n");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actual);
    }
}
