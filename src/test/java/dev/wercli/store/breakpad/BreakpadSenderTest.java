package dev.wercli.store.breakpad;

import com.sun.net.httpserver.HttpServer;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportJson;
import dev.wercli.store.Outgoing;
import dev.wercli.store.Product;
import dev.wercli.store.ReportSender.Outcome;
import dev.wercli.store.ReportSender.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BreakpadSenderTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    HttpServer server;
    /** What the next request is answered: status, body, extra header. */
    volatile int status = 200;
    volatile String answer = "CrashID=bp-6ea13b5f-4f5d-4c1e-9a1e-0c6a1b261201\n";
    volatile String[] header;
    /** Keep the body (small uploads) or only count it (the large one). */
    volatile boolean keepBody = true;
    final AtomicReference<byte[]> received = new AtomicReference<>();
    final AtomicReference<com.sun.net.httpserver.Headers> receivedHeaders = new AtomicReference<>();
    final AtomicReference<String> receivedQuery = new AtomicReference<>();
    final AtomicLong receivedBytes = new AtomicLong();

    @BeforeEach
    void up() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/submit", exchange -> {
            receivedHeaders.set(exchange.getRequestHeaders());
            receivedQuery.set(exchange.getRequestURI().getRawQuery());
            try (InputStream in = exchange.getRequestBody()) {
                if (keepBody) {
                    byte[] b = in.readAllBytes();
                    received.set(b);
                    receivedBytes.set(b.length);
                } else {
                    byte[] buffer = new byte[1 << 16];
                    long n = 0;
                    for (int r; (r = in.read(buffer)) > 0; ) {
                        n += r;
                    }
                    receivedBytes.set(n);
                }
            }
            if (header != null) {
                exchange.getResponseHeaders().add(header[0], header[1]);
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void down() {
        server.stop(0);
    }

    URI url(String query) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/submit" + (query == null ? "" : "?" + query));
    }

    BreakpadSender sender(URI url, boolean gzip) {
        return new BreakpadSender(url, Map.of(), "client-guid-1", Map.of(), gzip, Duration.ofSeconds(5),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    Outgoing capture(Path dump) throws Exception {
        String json = Files.readString(BreakpadFieldsTest.GOLDEN);
        CrashReport report = ReportJson.read(json);
        return new Outgoing(report.reportId(), json.getBytes(StandardCharsets.UTF_8), report, Optional.ofNullable(dump));
    }

    Path dump(byte[] content) throws IOException {
        return Files.write(dir.resolve("crashy.exe_20261122-051204.927_pid328.dmp"), content);
    }

    String boundary() {
        String type = receivedHeaders.get().getFirst("Content-Type");
        assertTrue(type.startsWith("multipart/form-data; boundary="), type);
        return type.substring("multipart/form-data; boundary=".length());
    }

    @Test
    void acceptedWithTheCollectorsCrashIdAsReceipt() throws Exception {
        byte[] dumpBytes = MultipartBodyTest.trickyDump();
        Result r = sender(url("token=secret-token-1"), false).send(capture(dump(dumpBytes)), TIMEOUT);
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals("HTTP 200", r.detail());
        assertEquals("CrashID=bp-6ea13b5f-4f5d-4c1e-9a1e-0c6a1b261201", r.receipt());
        assertNull(r.retryAfter());
        assertEquals("token=secret-token-1", receivedQuery.get(), "the token reaches the collector");
        Map<String, MultipartReader.Part> parts = MultipartReader.byName(MultipartReader.parse(received.get(), boundary()));
        assertEquals("crashy", parts.get("prod").text());
        assertEquals("0.0.0.0", parts.get("ver").text());
        assertEquals("client-guid-1", parts.get("guid").text());
        assertEquals("Win64", parts.get("plat").text());
        assertEquals("crashy", parts.get("ProductName").text());
        assertEquals("daf14942620b5943", parts.get("bucket_id").text());
        assertEquals(MultipartBodyTest.sha256(dumpBytes), MultipartBodyTest.sha256(parts.get("upload_file_minidump").content()));
        assertEquals(Files.readString(BreakpadFieldsTest.GOLDEN), parts.get("wercli_report").text());
        assertEquals(String.valueOf(received.get().length), receivedHeaders.get().getFirst("Content-Length"));
        assertNull(receivedHeaders.get().getFirst("Content-Encoding"));
    }

    @Test
    void extraFieldsAreSentAfterWercliOwnAndMayNotReplaceThem() throws Exception {
        Map<String, String> extras = new java.util.LinkedHashMap<>();
        extras.put("database", "fred");
        extras.put("format", "minidump");
        BreakpadSender sender = new BreakpadSender(url(null), Map.of(), "c", extras, false, Duration.ofSeconds(5));
        assertEquals(Outcome.ACCEPTED, sender.send(capture(dump(new byte[]{1})), TIMEOUT).outcome());
        java.util.List<MultipartReader.Part> parts = MultipartReader.parse(received.get(), boundary());
        Map<String, MultipartReader.Part> byName = MultipartReader.byName(parts);
        assertEquals("fred", byName.get("database").text());
        assertEquals("minidump", byName.get("format").text());
        assertEquals("crashy", byName.get("product").text());
        assertEquals("0.0.0.0", byName.get("version").text());
        assertEquals("upload_file_minidump", parts.get(parts.size() - 1).name(), "the dump goes last");
        for (String own : new String[]{"prod", "ProductName", "ptime", "upload_file_minidump", "version"}) {
            assertThrows(IllegalArgumentException.class, () -> new BreakpadSender(url(null), Map.of(), "c",
                    Map.of(own, "x"), false, Duration.ofSeconds(5)), own);
        }
        assertThrows(IllegalArgumentException.class, () -> new BreakpadSender(url(null), Map.of(), "c",
                Map.of("a\r\nb", "x"), false, Duration.ofSeconds(5)));
    }

    @Test
    void gzipSendsTheSameBodyCompressed() throws Exception {
        byte[] dumpBytes = MultipartBodyTest.trickyDump();
        Result r = sender(url(null), true).send(capture(dump(dumpBytes)), TIMEOUT);
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals("gzip", receivedHeaders.get().getFirst("Content-Encoding"));
        byte[] plain;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(received.get()))) {
            plain = in.readAllBytes();
        }
        Map<String, MultipartReader.Part> parts = MultipartReader.byName(MultipartReader.parse(plain, boundary()));
        assertEquals(MultipartBodyTest.sha256(dumpBytes), MultipartBodyTest.sha256(parts.get("upload_file_minidump").content()));
        assertEquals("crashy", parts.get("prod").text());
    }

    @Test
    void serverErrorsAndThrottlingAreRetried() throws Exception {
        Path dump = dump(new byte[]{'M', 'D', 'M', 'P'});
        status = 500;
        answer = "boom";
        Result r = sender(url(null), false).send(capture(dump), TIMEOUT);
        assertEquals(new Result(Outcome.RETRY, "HTTP 500"), r);

        status = 429;
        header = new String[]{"Retry-After", "120"};
        r = sender(url(null), false).send(capture(dump), TIMEOUT);
        assertEquals(Outcome.RETRY, r.outcome());
        assertEquals("HTTP 429", r.detail());
        assertEquals(NOW.plusSeconds(120), r.retryAfter());

        header = new String[]{"Retry-After", "Tue, 01 Dec 2026 10:05:00 GMT"};
        assertEquals(Instant.parse("2026-12-01T10:05:00Z"), sender(url(null), false).send(capture(dump), TIMEOUT).retryAfter());

        status = 408;
        header = null;
        assertEquals(new Result(Outcome.RETRY, "HTTP 408"), sender(url(null), false).send(capture(dump), TIMEOUT));
    }

    @Test
    void otherClientErrorsAreRejected() throws Exception {
        status = 400;
        answer = "Discarded=no product";
        assertEquals(new Result(Outcome.REJECTED, "HTTP 400"),
                sender(url(null), false).send(capture(dump(new byte[]{1})), TIMEOUT));
        status = 413;
        assertEquals(Outcome.REJECTED, sender(url(null), false).send(capture(dump(new byte[]{1})), TIMEOUT).outcome());
    }

    @Test
    void aCaptureWithoutADumpOrReadableReportIsRefusedWithoutSending() throws Exception {
        Result noDump = sender(url(null), false).send(capture(null), TIMEOUT);
        assertEquals(new Result(Outcome.REJECTED, "no dump to upload"), noDump);
        Outgoing unreadable = new Outgoing("r1", "not json".getBytes(StandardCharsets.UTF_8), null,
                Optional.of(dump(new byte[]{1})));
        assertEquals(Outcome.REJECTED, sender(url(null), false).send(unreadable, TIMEOUT).outcome());
        Result gone = sender(url(null), false).send(capture(dir.resolve("gone.dmp")), TIMEOUT);
        assertEquals(new Result(Outcome.REJECTED, "dump file gone: gone.dmp"), gone);
        assertNull(received.get(), "nothing was sent");
    }

    @Test
    void connectionRefusedIsRetriedAndTheDetailHoldsNoCredentials() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI url = URI.create("http://user:pa55word@127.0.0.1:" + port
                + "/u/0123456789abcdef0123456789abcdef/minidump?token=tok-secret&sentry_key=k3y-secret");
        for (boolean gzip : new boolean[]{false, true}) {
            BreakpadSender sender = sender(url, gzip);
            Result r = sender.send(capture(dump(new byte[]{1, 2, 3})), TIMEOUT);
            assertEquals(Outcome.RETRY, r.outcome());
            assertTrue(r.detail().startsWith("ConnectException"), r.detail());
            for (String secret : new String[]{"pa55word", "tok-secret", "k3y-secret", "0123456789abcdef0123456789abcdef"}) {
                assertFalse(r.detail().contains(secret), r.detail());
                assertFalse(sender.toString().contains(secret), sender.toString());
            }
        }
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedWithoutPrintingItsSecrets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sender(URI.create("ftp://u:pw-secret@host/x?token=t-secret"), false));
        assertFalse(e.getMessage().contains("pw-secret") || e.getMessage().contains("t-secret"), e.getMessage());
    }

    @Test
    void theReceiptIsPrintableTextOfAtMostOneKiB() {
        assertNull(BreakpadSender.receipt(new byte[0]));
        assertNull(BreakpadSender.receipt(" \r\n\t".getBytes(StandardCharsets.UTF_8)));
        assertEquals("id1 x", BreakpadSender.receipt("\u0000id\u00071\r\nx\n".getBytes(StandardCharsets.UTF_8)));
        String longAnswer = "é".repeat(2000);
        String cut = BreakpadSender.receipt(longAnswer.getBytes(StandardCharsets.UTF_8));
        assertEquals(512, cut.length());
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 1024);
        assertNull(BreakpadSender.receipt(new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1}));
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDateAndIgnoredWhenMalformed() {
        assertEquals(NOW.plusSeconds(5), BreakpadSender.retryAfter(" 5 ", NOW));
        assertEquals(Instant.parse("2026-12-01T10:05:00Z"), BreakpadSender.retryAfter("Tue, 01 Dec 2026 10:05:00 GMT", NOW));
        assertNull(BreakpadSender.retryAfter("soon", NOW));
        assertNull(BreakpadSender.retryAfter("-1", NOW));
        assertNull(BreakpadSender.retryAfter(null, NOW));
    }

    @Test
    void aLargeSparseDumpStreamsThroughWithoutBeingHeld() throws Exception {
        long size = 300L << 20;
        Path big = dir.resolve("big.dmp");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(size);
        }
        keepBody = false;
        long start = System.nanoTime();
        Result r = sender(url(null), false).send(capture(big), TIMEOUT);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Outcome.ACCEPTED, r.outcome(), r.detail());
        long overhead = receivedBytes.get() - size;
        assertTrue(overhead > 0 && overhead < 64 * 1024, "multipart overhead " + overhead);
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }
}
