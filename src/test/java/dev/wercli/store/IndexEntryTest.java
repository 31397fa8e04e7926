package dev.wercli.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.report.CaptureFacts;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportBuilder;
import dev.wercli.report.ReportJson;
import dev.wercli.report.testing.SampleCrash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index entry is built from the report's own record type, for a report in memory and one on disk alike. */
class IndexEntryTest {
    @TempDir
    Path dir;

    @Test
    void listsTheBucketIdOfTheGoldenSampleReport() throws Exception {
        Path golden = Path.of("src/test/resources/golden/report-sample-crash.json");
        // The expected value is read without wercli's reader, so a reader that drops the field fails here.
        JsonNode raw = new ObjectMapper().readTree(golden.toFile());
        IndexEntry e = IndexEntry.fromReport(ReportJson.read(golden), golden, 1, 0);
        assertEquals(raw.path("signature").path("bucket_id").asText(), e.signature());
        assertEquals(16, e.signature().length());
    }

    @Test
    void theEntryOfAReportAsTheBuilderMadeItAndAsReadBackFromItsFileAreTheSame() throws Exception {
        CaptureFacts facts = new CaptureFacts("id-sample", Instant.parse("2026-11-22T05:00:00Z"),
                CaptureFacts.CAPTURED, new CrashReport.Dump("C:\\dumps\\app.exe_sample.dmp", "mini", "0x00001964",
                3L, null), new CrashReport.Timings(1L, 2L, 3L, 6L), List.of(), List.of());
        CrashReport report = new ReportBuilder("0.1.0-test").build(SampleCrash.snapshot(), facts);
        Path file = dir.resolve("app.exe_sample.json");
        Files.writeString(file, ReportJson.write(report));
        Files.write(dir.resolve("app.exe_sample.dmp"), new byte[3]);

        IndexEntry fromFile = CaptureIndex.entryFor(file);
        assertEquals(IndexEntry.fromReport(report, file, Files.size(file), 3), fromFile);
        assertEquals(new IndexEntry("id-sample", "2026-11-22T05:00:00Z", "app.exe", 4242, "0xC0000005", "fake.dll",
                report.signature().bucketId(), "app.exe_sample.dmp", 3, "app.exe_sample.json", Files.size(file)),
                fromFile);
        assertTrue(fromFile.signature().matches("[0-9a-f]{16}"), fromFile.signature());
    }

    @Test
    void aFailureRecordWithoutDumpOrSignatureIsIndexedWithNulls() throws Exception {
        Path golden = Path.of("src/test/resources/golden/attach-failed.json");
        IndexEntry e = CaptureIndex.entryFor(golden);
        assertEquals("00000000-0000-0000-0000-000000000002", e.reportId());
        assertEquals(77777, e.pid());
        assertNull(e.app());
        assertNull(e.exceptionCode());
        assertNull(e.signature());
        assertNull(e.dumpFile());
        assertEquals(0, e.dumpSize());
    }

    @Test
    void aJsonFileWithoutAReportIdIsNotACapture() throws Exception {
        Path other = dir.resolve("settings.json");
        Files.writeString(other, "{\"theme\": \"dark\"}");
        Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> CaptureIndex.entryFor(other)).getMessage().contains("no report_id"));
        assertEquals(List.of(), CaptureIndex.scanReports(dir));
    }
}
