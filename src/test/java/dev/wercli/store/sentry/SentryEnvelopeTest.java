package dev.wercli.store.sentry;

import dev.wercli.config.Json;
import dev.wercli.report.CrashReport;
import dev.wercli.store.Product;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SentryEnvelopeTest {
    static final SentryDsn DSN = SentryDsn.parse("https://" + SentryDsnTest.KEY + ":s3cr3t@sentry.example/42");
    static final Instant SENT = Instant.parse("2026-11-22T06:00:00Z");

    @TempDir
    Path dir;

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A dump-like file full of the bytes a line-based reader would trip on. */
    Path dumpWithNewlines() throws Exception {
        byte[] bytes = new byte[70_000];
        new Random(7).nextBytes(bytes);
        for (int i = 0; i < bytes.length; i += 97) {
            bytes[i] = '\n';
        }
        bytes[0] = 'M';
        bytes[bytes.length - 1] = '\n';
        Path dump = dir.resolve("crashy.exe_20261122-051204.927_pid328.dmp");
        Files.write(dump, bytes);
        return dump;
    }

    static SentryEnvelope envelope(CrashReport report, byte[] reportJson, Path dump) {
        Map<String, Object> event = SentryEvent.of(report, Product.of(report, Map.of()), "0.1.0");
        return SentryEnvelope.of(DSN, event, dump, report.reportId(), reportJson, "0.1.0", SENT);
    }

    @Test
    void carriesEventDumpAndReportWithExactLengths() throws Exception {
        CrashReport report = SentryEventTest.golden("av-write.json");
        byte[] reportJson = Files.readAllBytes(SentryEventTest.GOLDEN.resolve("av-write.json"));
        Path dump = dumpWithNewlines();

        EnvelopeReader.Envelope e = EnvelopeReader.read(EnvelopeReader.collect(envelope(report, reportJson, dump).publisher()));

        String eventId = SentryEvent.eventId(report.reportId());
        assertEquals(eventId, e.header().get("event_id").asText());
        assertEquals("https://" + SentryDsnTest.KEY + "@sentry.example/42", e.header().get("dsn").asText());
        assertEquals("2026-11-22T06:00:00Z", e.header().get("sent_at").asText());
        assertEquals(3, e.items().size());

        EnvelopeReader.Item event = e.items().get(0);
        assertEquals("event", event.header().get("type").asText());
        assertEquals(eventId, Json.snakeCase().readTree(event.payload()).get("event_id").asText());

        EnvelopeReader.Item minidump = e.items().get(1);
        assertEquals("attachment", minidump.header().get("type").asText());
        assertEquals("event.minidump", minidump.header().get("attachment_type").asText());
        assertEquals(dump.getFileName().toString(), minidump.header().get("filename").asText());
        assertEquals(Files.size(dump), minidump.header().get("length").asLong());
        assertEquals(sha256(Files.readAllBytes(dump)), sha256(minidump.payload()));

        EnvelopeReader.Item json = e.items().get(2);
        assertEquals("attachment", json.header().get("type").asText());
        assertEquals(report.reportId() + ".wercli.json", json.header().get("filename").asText());
        assertEquals("application/json", json.header().get("content_type").asText());
        assertFalse(json.header().has("attachment_type"));
        assertArrayEquals(reportJson, json.payload());
    }

    @Test
    void withoutADumpSendsEventAndReport() throws Exception {
        CrashReport report = SentryEventTest.golden("report-sample-crash.json");
        byte[] reportJson = "{\"report_id\":\"x\"}\n".getBytes();
        for (Path dump : new Path[] {null, dir.resolve("deleted-by-retention.dmp")}) {
            EnvelopeReader.Envelope e = EnvelopeReader.read(EnvelopeReader.collect(envelope(report, reportJson, dump).publisher()));
            assertEquals(2, e.items().size());
            assertEquals("event", e.items().get(0).header().get("type").asText());
            assertArrayEquals(reportJson, e.items().get(1).payload());
        }
    }

    @Test
    void aPublisherCanBeReadAgain() throws Exception {
        CrashReport report = SentryEventTest.golden("av-write.json");
        SentryEnvelope envelope = envelope(report, new byte[] {'{', '}'}, dumpWithNewlines());
        assertArrayEquals(EnvelopeReader.collect(envelope.publisher()), EnvelopeReader.collect(envelope.publisher()));
    }
}
