package dev.wercli.store.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wercli.config.Json;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportJson;
import dev.wercli.store.Product;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentryEventTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static CrashReport golden(String name) throws IOException {
        return ReportJson.read(GOLDEN.resolve(name));
    }

    /** The event as Sentry receives it: written by Jackson, read back as a tree. */
    static JsonNode eventJson(CrashReport report) throws IOException {
        Map<String, Object> event = SentryEvent.of(report, Product.of(report, Map.of()), "0.1.0");
        return Json.snakeCase().readTree(Json.snakeCase().writeValueAsBytes(event));
    }

    @Test
    void mapsTheSampleCrash() throws IOException {
        CrashReport report = golden("report-sample-crash.json");
        JsonNode e = eventJson(report);
        assertEquals(SentryEvent.eventId(report.reportId()), e.get("event_id").asText());
        assertEquals(report.capturedAt(), e.get("timestamp").asText());
        assertEquals("fatal", e.get("level").asText());
        assertEquals("native", e.get("platform").asText());
        assertEquals("app@1.2.3.4", e.get("release").asText());
        assertEquals("wercli", e.at("/sdk/name").asText());

        JsonNode ex = e.at("/exception/values/0");
        assertEquals("EXCEPTION_ACCESS_VIOLATION_WRITE", ex.get("type").asText());
        assertEquals("write access violation at 0x0000000000000010", ex.get("value").asText());
        assertEquals("wercli", ex.at("/mechanism/type").asText());
        assertFalse(ex.at("/mechanism/handled").asBoolean(true));
        assertEquals(report.threadId().intValue(), ex.get("thread_id").asInt());

        // The report lists innermost first; Sentry wants the oldest frame first.
        JsonNode frames = ex.at("/stacktrace/frames");
        assertEquals(2, frames.size());
        assertEquals("0x0000000140001120", frames.get(0).get("instruction_addr").asText());
        assertEquals("C:\\app\\app.exe", frames.get(0).get("package").asText());
        assertEquals("Beta", frames.get(0).get("function").asText());
        assertEquals("cfi", frames.get(0).get("trust").asText());
        assertEquals("0x00007ff810001010", frames.get(1).get("instruction_addr").asText());
        assertEquals("C:\\app\\fake.dll", frames.get(1).get("package").asText());
        assertEquals("Alpha", frames.get(1).get("function").asText());
        assertEquals("context", frames.get(1).get("trust").asText());

        JsonNode image = e.at("/debug_meta/images/0");
        assertEquals("pe", image.get("type").asText());
        assertEquals("C:\\app\\app.exe", image.get("code_file").asText());
        assertEquals("654321AB3000", image.get("code_id").asText());
        assertEquals("C:\\build\\fake.pdb", image.get("debug_file").asText());
        assertEquals("11223344-5566-7788-99aa-bbccddeeff01-3", image.get("debug_id").asText());
        assertEquals("0x0000000140000000", image.get("image_addr").asText());
        assertEquals(0x3000, image.get("image_size").asLong());
        assertTrue(image.get("image_size").isNumber());
        assertEquals(2, e.at("/debug_meta/images").size());

        assertEquals("Windows", e.at("/contexts/os/name").asText());
        assertEquals("x86_64", e.at("/contexts/device/arch").asText());
        assertEquals("app", e.at("/contexts/app/app_name").asText());
        assertEquals("1.2.3.4", e.at("/contexts/app/app_version").asText());
        assertEquals(report.signature().bucketId(), e.at("/tags/wercli.bucket_id").asText());
        assertEquals(report.reportId(), e.at("/tags/wercli.report_id").asText());
        assertEquals("0xC0000005", e.at("/tags/exception_code").asText());
        assertFalse(e.has("fingerprint"));
        assertEquals(List.of(), nulls(e, "$"));
    }

    @Test
    void leavesOutWhatTheReportDoesNotKnow() throws IOException {
        JsonNode e = eventJson(golden("av-write.json"));
        // Modules without PE identity or PDB: no code_id, debug_id or debug_file, nothing null.
        JsonNode image = e.at("/debug_meta/images/0");
        assertEquals("C:\\apps\\crashy.exe", image.get("code_file").asText());
        assertEquals(0x40000, image.get("image_size").asLong());
        assertFalse(image.has("code_id"));
        assertFalse(image.has("debug_id"));
        assertFalse(image.has("debug_file"));
        assertFalse(e.at("/exception/values/0/stacktrace/frames/0").has("function"));
        assertEquals(24, e.at("/exception/values/0/stacktrace/registers").size());
        assertFalse(e.at("/contexts").has("wine"));
        assertEquals(List.of(), nulls(e, "$"));
    }

    @Test
    void eventIdIsStablePerReportAndDiffersBetweenReports() {
        String a = SentryEvent.eventId("00000000-0000-0000-0000-000000000001");
        assertEquals(a, SentryEvent.eventId("00000000-0000-0000-0000-000000000001"));
        assertNotEquals(a, SentryEvent.eventId("00000000-0000-0000-0000-000000000002"));
        assertTrue(a.matches("[0-9a-f]{32}"), a);
    }

    @Test
    void wineShowsAsContextAndTag() throws IOException {
        CrashReport r = golden("av-write.json");
        CrashReport wine = new CrashReport(r.schemaVersion(), r.tool(), r.reportId(), r.capturedAt(), r.source(),
                r.outcome(), r.process(), r.exception(), r.threadId(), r.faultingModule(), r.registers(), r.modules(),
                r.threads(), r.dump(), r.timingsMs(), r.breadcrumbs(), r.errors(), r.crashStack(), r.threadStacks(),
                r.signature(), new CrashReport.Runtime(null, null, null, new CrashReport.Wine("9.0", "ntdll export")),
                r.auxiliaryProviders());
        JsonNode e = eventJson(wine);
        assertEquals("9.0", e.at("/contexts/wine/version").asText());
        assertEquals("9.0", e.at("/tags/wine.version").asText());
    }

    @Test
    void identifierFormats() {
        assertEquals("5AB380779000", SentryEvent.codeId("0x5ab38077", "0x9000"));
        assertEquals("0000000110000", SentryEvent.codeId("0x00000001", "0x10000"));
        assertEquals(null, SentryEvent.codeId(null, "0x9000"));
        assertEquals("3249d99d-0c40-4931-8610-f4e4fb0b6936-1",
                SentryEvent.debugId("{3249D99D-0C40-4931-8610-F4E4FB0B6936}", 1));
        assertEquals("3249d99d-0c40-4931-8610-f4e4fb0b6936-1a",
                SentryEvent.debugId("3249D99D0C4049318610F4E4FB0B6936", 26));
        assertEquals(null, SentryEvent.debugId("{not-a-guid}", 1));
        assertEquals("fp", SentryEvent.trust("frame_pointer"));
        assertEquals("scan", SentryEvent.trust("scan"));
    }

    /** Paths of null values: an event never carries one (a missing field is left out instead). */
    static List<String> nulls(JsonNode node, String path) {
        List<String> found = new ArrayList<>();
        if (node.isNull()) {
            found.add(path);
        }
        node.fields().forEachRemaining(f -> found.addAll(nulls(f.getValue(), path + "." + f.getKey())));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            found.addAll(nulls(node.get(i), path + "[" + i + "]"));
        }
        return found;
    }
}
