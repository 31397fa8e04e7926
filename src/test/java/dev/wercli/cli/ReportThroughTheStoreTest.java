package dev.wercli.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.fixtures.ReportFixtures;
import dev.wercli.report.CaptureFacts;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportBuilder;
import dev.wercli.report.ReportJson;
import dev.wercli.report.testing.SampleCrash;
import dev.wercli.store.CaptureStore;
import dev.wercli.store.Delivery;
import dev.wercli.store.ReportServer;
import dev.wercli.store.RetentionPolicy;
import dev.wercli.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One report through everything that reads it, in-process: the store indexes and spools it and owes its
 * dump, {@code list} and {@code show} print it, delivery sends it and the dump with the report's SHA-256.
 * Expected values come from the report record or the file, so the test follows the report, not a copy.
 */
class ReportThroughTheStoreTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private static String wercli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WercliCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private CaptureStore store(ReportServer server) {
        return new CaptureStore(dir, StoreSettings.wercli(RetentionPolicy.UNLIMITED, Optional.of(server.uri()), true),
                log::add);
    }

    @Test
    void aReportAsTheCaptureWritesItIsIndexedShownAndDeliveredWithItsDump() throws Exception {
        byte[] dumpBytes = "MDMP and then some".getBytes(StandardCharsets.US_ASCII);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(dumpBytes));
        CrashReport report = new ReportBuilder("0.1.0-test").build(SampleCrash.snapshot(), new CaptureFacts(
                "5a1e0001-0001", Instant.parse("2026-11-22T05:00:00Z"), CaptureFacts.CAPTURED,
                new CrashReport.Dump("C:\\ProgramData\\wercli\\dumps\\app.exe_1.dmp", "mini", "0x00001964",
                        (long) dumpBytes.length, sha), null, List.of(), List.of()));
        Path file = dir.resolve("app.exe_1.json");
        Files.writeString(file, ReportJson.write(report));
        Files.write(dir.resolve("app.exe_1.dmp"), dumpBytes);

        try (ReportServer server = new ReportServer()) {
            server.up();
            CaptureStore store = store(server);
            store.recorded(file);

            JsonNode listed = new ObjectMapper().readTree(wercli("list", "--dir", dir.toString(), "--json")).get(0);
            assertEquals(report.signature().bucketId(), listed.get("signature").asText());
            assertEquals(report.faultingModule().name(), listed.get("faulting_module").asText());
            assertEquals("app.exe_1.dmp", listed.get("dump_file").asText());

            String shown = wercli("show", "5a1e", "--dir", dir.toString());
            CrashReport.Signature s = report.signature();
            assertTrue(shown.contains("\nSignature  " + s.bucketId() + " (" + s.moduleName() + "+" + s.offset()
                    + " " + s.exceptionCode() + ")\n"), shown);
            CrashReport.Frame top = report.crashStack().frames().get(0);
            assertTrue(shown.contains("\nStack      #0 " + top.location() + "  (" + top.trust() + ")\n"), shown);
            assertEquals(Math.min(ReportSummary.MAX_FRAMES, report.crashStack().frames().size()), shown.lines().filter(l -> l.matches(".* #\\d+ .*"))
                    .count(), shown);

            assertEquals(new Delivery.Result(1, 0, false, 1, 0), store.deliver(Duration.ofSeconds(10)));
            assertArrayEquals(Files.readAllBytes(file), server.reports.get("5a1e0001-0001"));
            ReportServer.ReceivedDump dump = server.dumps.values().iterator().next();
            assertEquals(sha, dump.claimedSha256(), "the SHA-256 sent is the report's");
            assertEquals(sha, dump.actualSha256());
        }
    }

    @Test
    void fieldsOfANewerWercliAreIgnoredByTheIndexAndShowAndDeliveredUntouched() throws Exception {
        Path file = ReportFixtures.capture(dir, "other.exe_1", "77b01d2a-0002", "2026-11-22T06:00:00.000Z",
                "other.exe", 202, "0x80000003", "ntdll.dll", "c0ffee12", 900);
        String newer = Files.readString(file).replaceFirst("\\{",
                "{\n  \"added_later\": {\"tag\": [1, 2]},\n  \"schema_note\": \"x\",");
        Files.writeString(file, newer);

        try (ReportServer server = new ReportServer()) {
            server.up();
            CaptureStore store = store(server);
            store.recorded(file);
            assertTrue(wercli("list", "--dir", dir.toString()).contains("c0ffee12"));
            assertTrue(wercli("show", "77b0", "--dir", dir.toString()).startsWith("Report     77b01d2a-0002"));
            store.deliver(Duration.ofSeconds(10));
            // The spool sends the file, not a re-serialised record: the receiver sees what this wercli ignored.
            assertEquals(newer, new String(server.reports.get("77b01d2a-0002"), StandardCharsets.UTF_8));
        }
    }
}
