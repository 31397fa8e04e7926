package dev.wercli.store;

import dev.wercli.fixtures.ReportFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dump upload (attach/flush --upload-dumps) against a JDK HttpServer: see {@link ReportServer}. */
class DumpDeliveryTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private CaptureStore store(ReportServer server, RetentionPolicy retention, boolean uploadDumps) {
        return new CaptureStore(dir, StoreSettings.wercli(retention, Optional.of(server.uri()), uploadDumps), log::add);
    }

    /** A capture whose dump holds {@code dumpBytes} random bytes and whose report gives their SHA-256. */
    private Path capture(String app, int minute, int dumpBytes) throws Exception {
        Path report = ReportFixtures.at(dir, app, minute, 0);
        byte[] dump = new byte[dumpBytes];
        new Random(minute).nextBytes(dump);
        Files.write(dumpOf(report), dump);
        String json = Files.readString(report).replace("\"size_bytes\": 0, \"sha256\": null",
                "\"size_bytes\": " + dumpBytes + ", \"sha256\": \"" + sha256(dump) + "\"");
        Files.writeString(report, json, StandardCharsets.UTF_8);
        return report;
    }

    private static Path dumpOf(Path report) {
        String name = report.getFileName().toString();
        return report.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".dmp");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void theDumpArrivesOnceAfterItsReportWithTheReportsSha256() throws Exception {
        try (ReportServer server = new ReportServer()) {
            server.up();
            CaptureStore store = store(server, RetentionPolicy.UNLIMITED, true);
            Path report = capture("a.exe", 1, 300_000);
            store.recorded(report);
            assertEquals(new Delivery.Result(1, 0, false, 1, 0), store.deliver(Duration.ofSeconds(10)));

            String claimed = sha256(Files.readAllBytes(dumpOf(report)));
            assertTrue(Files.readString(report).contains("\"sha256\": \"" + claimed + "\""), "fixture gives the sha");
            assertEquals(List.of(new ReportServer.ReceivedDump("id-a.exe-1", claimed, claimed, 300_000,
                    "application/octet-stream")), List.copyOf(server.dumps.values()));
            assertEquals(List.of("POST id-a.exe-1", "PUT id-a.exe-1"), server.events, "report first, then its dump");
            assertEquals(List.of(), new Spool(dir).owedDumps());

            assertEquals(new Delivery.Result(0, 0, false, 0, 0), store.deliver(Duration.ofSeconds(2)));
            assertEquals(2, server.events.size(), "nothing sent again");
        }
    }

    @Test
    void withoutUploadDumpsNoDumpIsOwedOrSent() throws Exception {
        try (ReportServer server = new ReportServer()) {
            server.up();
            CaptureStore store = store(server, RetentionPolicy.UNLIMITED, false);
            store.recorded(capture("a.exe", 1, 1000));
            assertEquals(new Delivery.Result(1, 0, false, 0, 0), store.deliver(Duration.ofSeconds(10)));
            assertEquals(List.of("POST id-a.exe-1"), server.events);
        }
    }

    @Test
    void serverDownThenUpDeliversReportsThenDumps() throws Exception {
        try (ReportServer server = new ReportServer()) {
            CaptureStore store = store(server, RetentionPolicy.UNLIMITED, true);
            store.recorded(capture("a.exe", 1, 1000));
            store.recorded(capture("b.exe", 2, 2000));
            assertEquals(new Delivery.Result(0, 2, false, 0, 2), store.deliver(Duration.ofSeconds(2)));

            server.up();
            assertEquals(new Delivery.Result(2, 0, false, 2, 0), store.deliver(Duration.ofSeconds(10)));
            assertEquals(List.of("POST id-a.exe-1", "POST id-b.exe-2", "PUT id-a.exe-1", "PUT id-b.exe-2"),
                    server.events);
            assertEquals(2, server.dumps.size());
            server.dumps.values().forEach(d -> assertEquals(d.claimedSha256(), d.actualSha256()));
        }
    }

    @Test
    void aFailedDumpStaysOwedAndIsRetriedWithoutResendingItsReport() throws Exception {
        try (ReportServer server = new ReportServer()) {
            server.up();
            server.failDumps.set(Delivery.ATTEMPTS); // every try of this run gets a 503
            CaptureStore store = store(server, RetentionPolicy.UNLIMITED, true);
            store.recorded(capture("a.exe", 1, 1000));
            assertEquals(new Delivery.Result(1, 0, false, 0, 1), store.deliver(Duration.ofSeconds(10)));
            assertEquals(List.of("id-a.exe-1"), new Spool(dir).owedDumps().stream().map(Spool.OwedDump::reportId)
                    .toList());

            assertEquals(new Delivery.Result(0, 0, false, 1, 0), store.deliver(Duration.ofSeconds(10)));
            assertEquals(List.of("id-a.exe-1"), server.posts, "the report went once");
            assertEquals(1, server.dumps.size());
        }
    }

    @Test
    void aLostResponseToTheDumpCostsOneResendThatTheServerDedupes() throws Exception {
        try (ReportServer server = new ReportServer()) {
            server.up();
            server.dropDumpResponses.set(1);
            CaptureStore store = store(server, RetentionPolicy.UNLIMITED, true);
            store.recorded(capture("a.exe", 1, 5000));
            assertEquals(new Delivery.Result(1, 0, false, 1, 0), store.deliver(Duration.ofSeconds(10)));
            assertEquals(List.of("id-a.exe-1", "id-a.exe-1"), server.dumpPuts, "sent again after the lost answer");
            assertEquals(1, server.dumps.size(), "same report id + sha256: kept once");
            assertEquals(List.of("id-a.exe-1"), server.posts, "the report was not resent");
        }
    }

    @Test
    void aStalledDumpUploadStaysWithinTheBudget() throws Exception {
        try (ReportServer server = new ReportServer()) {
            server.up();
            server.dumpStallMillis = 4000;
            CaptureStore store = store(server, RetentionPolicy.UNLIMITED, true);
            store.recorded(capture("a.exe", 1, 1000));
            long start = System.nanoTime();
            Delivery.Result r = store.deliver(Duration.ofMillis(1500));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(new Delivery.Result(1, 0, false, 0, 1), r);
            assertTrue(took.compareTo(Duration.ofMillis(2200)) < 0, "stayed within its budget: " + took);
        }
    }

    @Test
    void retentionDeletingAnOwedDumpDropsItOnRecord() throws Exception {
        try (ReportServer server = new ReportServer()) {
            CaptureStore store = store(server, new RetentionPolicy(1, 0), true);
            Path first = capture("a.exe", 1, 1000);
            store.recorded(first);
            store.recorded(capture("a.exe", 2, 1000));
            assertTrue(Files.notExists(dumpOf(first)), "retention deleted the older dump");

            server.up();
            assertEquals(new Delivery.Result(2, 0, false, 1, 0), store.deliver(Duration.ofSeconds(10)));
            assertEquals(List.of("PUT id-a.exe-2"), server.events.stream().filter(e -> e.startsWith("PUT")).toList());
            Path dropped = new Spool(dir).dir().resolve("id-a.exe-1" + Spool.DROPPED);
            assertTrue(Files.readString(dropped).contains("no longer in the dump folder"), Files.readString(dropped));
            assertTrue(log.stream().anyMatch(l -> l.contains("dump of report id-a.exe-1: dropped")), log.toString());
        }
    }

    @Test
    void aLargeDumpIsStreamedFromItsFile() throws Exception {
        long size = 64L << 20;
        Path report = ReportFixtures.at(dir, "big.exe", 1, 0); // report without a sha256: the store computes it
        Path dump = dumpOf(report);
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.setLength(size); // sparse on most file systems
            f.seek(size - 4);
            f.write(new byte[] {1, 2, 3, 4});
        }
        String expected = sha256(dump);

        HttpRequest request = new HttpReportSender(java.net.URI.create("http://127.0.0.1:1/reports/"),
                Duration.ofSeconds(1)).dumpRequest("id-big.exe-1", dump, expected, Duration.ofSeconds(1));
        assertEquals("/reports/id-big.exe-1/dump", request.uri().getPath());
        assertEquals("PUT", request.method());
        HttpRequest.BodyPublisher body = request.bodyPublisher().orElseThrow();
        assertEquals(size, body.contentLength());
        assertTrue(body.getClass().getName().contains("FilePublisher"), "streams from the file: " + body.getClass());

        try (ReportServer server = new ReportServer()) {
            server.up();
            CaptureStore store = store(server, RetentionPolicy.UNLIMITED, true);
            store.recorded(report);
            assertEquals(new Delivery.Result(1, 0, false, 1, 0), store.deliver(Duration.ofSeconds(60)));
            ReportServer.ReceivedDump got = List.copyOf(server.dumps.values()).get(0);
            assertEquals(size, got.size());
            assertEquals(expected, got.actualSha256());
            assertEquals(expected, got.claimedSha256());
        }
    }

    @Test
    void flushWithoutUploadDumpsLeavesOwedDumpsWaiting() throws Exception {
        try (ReportServer server = new ReportServer()) {
            store(server, RetentionPolicy.UNLIMITED, true).recorded(capture("a.exe", 1, 1000));
            server.up();
            assertEquals(new Delivery.Result(1, 0, false, 0, 1),
                    store(server, RetentionPolicy.UNLIMITED, false).deliver(Duration.ofSeconds(10)));
            assertEquals(new Delivery.Result(0, 0, false, 1, 0),
                    store(server, RetentionPolicy.UNLIMITED, true).deliver(Duration.ofSeconds(10)));
            assertEquals(List.of("POST id-a.exe-1", "PUT id-a.exe-1"), server.events);
        }
    }

    @Test
    void aDumpWaitsWhileItsReportIsRefused() throws Exception {
        Spool spool = new Spool(dir);
        Path report = capture("a.exe", 1, 1000);
        spool.add("id-a.exe-1", report);
        spool.addOwedDump("id-a.exe-1", dumpOf(report).getFileName().toString(), "ab", 1000);
        List<String> calls = new ArrayList<>();
        ReportSender refusesReports = new ReportSender() {
            @Override
            public Result send(Outgoing capture, Duration timeout) {
                calls.add("report " + capture.reportId());
                return new Result(Outcome.REJECTED, "HTTP 400");
            }

            @Override
            public Result sendDump(String reportId, Path dump, String sha256, Duration timeout) {
                calls.add("dump " + reportId);
                return new Result(Outcome.ACCEPTED, "HTTP 201");
            }
        };
        assertEquals(new Delivery.Result(0, 1, false, 0, 1),
                new Delivery(spool, refusesReports, log::add, true).flush(Duration.ofSeconds(5)));
        assertEquals(List.of("report id-a.exe-1"), calls, "no dump for a report the server does not have");
    }
}
