package dev.wercli.store.sentry;

import com.sun.net.httpserver.HttpServer;
import dev.wercli.report.CrashReport;
import dev.wercli.store.Outgoing;
import dev.wercli.store.ReportSender.Outcome;
import dev.wercli.store.ReportSender.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentrySenderTest {
    static final String KEY = SentryDsnTest.KEY;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    HttpServer server;
    /** What the next answer is. */
    volatile int status = 200;
    volatile String answer = "";
    final Map<String, String> answerHeaders = new LinkedHashMap<>();
    /** What arrived: kept unless {@link #discard}, always counted. */
    volatile boolean discard;
    volatile byte[] received;
    final AtomicLong receivedBytes = new AtomicLong();
    volatile String path;
    volatile String auth;
    volatile String contentType;
    volatile long contentLength;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            path = exchange.getRequestURI().getPath();
            auth = exchange.getRequestHeaders().getFirst("X-Sentry-Auth");
            contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            contentLength = length == null ? -1 : Long.parseLong(length);
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    receivedBytes.addAndGet(n);
                    if (!discard) {
                        kept.write(buffer, 0, n);
                    }
                }
            }
            received = kept.toByteArray();
            answerHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    SentryDsn dsn(int port) {
        return SentryDsn.parse("http://" + KEY + "@127.0.0.1:" + port + "/42");
    }

    SentrySender sender() {
        return new SentrySender(dsn(server.getAddress().getPort()), Map.of(), "0.1.0", Duration.ofSeconds(5));
    }

    Outgoing capture(Path dump) throws IOException {
        Path file = SentryEventTest.GOLDEN.resolve("av-write.json");
        CrashReport report = SentryEventTest.golden("av-write.json");
        return new Outgoing(report.reportId(), Files.readAllBytes(file), report, Optional.ofNullable(dump));
    }

    static void assertNoKey(Result r, SentrySender sender) {
        assertFalse(String.valueOf(r).contains(KEY), r.toString());
        assertFalse(sender.toString().contains(KEY), sender.toString());
    }

    @Test
    void acceptedEnvelopeGivesSentrysIdAsReceipt() throws Exception {
        Path dump = dir.resolve("crash.dmp");
        Files.write(dump, new byte[] {'M', 'D', 'M', 'P', '\n', 0, '\n'});
        answer = "{\"id\":\"fc6d8c0c43fc4630ad850ee518f1b9d0\"}";
        SentrySender sender = sender();
        Result r = sender.send(capture(dump), TIMEOUT);

        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals("HTTP 200", r.detail());
        assertEquals("fc6d8c0c43fc4630ad850ee518f1b9d0", r.receipt());
        assertNull(r.retryAfter());
        assertEquals("/api/42/envelope/", path);
        assertEquals("application/x-sentry-envelope", contentType);
        assertEquals("Sentry sentry_version=7, sentry_key=" + KEY + ", sentry_client=wercli/0.1.0", auth);
        assertEquals(received.length, contentLength);
        EnvelopeReader.Envelope e = EnvelopeReader.read(received);
        assertEquals(3, e.items().size());
        assertArrayEquals(Files.readAllBytes(dump), e.items().get(1).payload());
        assertNoKey(r, sender);
    }

    @Test
    void acceptedWithoutAnIdGivesOurEventId() throws Exception {
        Result r = sender().send(capture(null), TIMEOUT);
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals(SentryEvent.eventId(capture(null).reportId()), r.receipt());
        assertEquals(2, EnvelopeReader.read(received).items().size());
    }

    @Test
    void rateLimitAnnouncedOnAcceptanceIsPassedOn() throws Exception {
        answerHeaders.put("X-Sentry-Rate-Limits", "300:error:organization");
        Instant before = Instant.now();
        Result r = sender().send(capture(null), TIMEOUT);
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertBetween(before.plusSeconds(300), r.retryAfter());
    }

    @Test
    void tooManyRequestsWithRetryAfter() throws Exception {
        status = 429;
        answerHeaders.put("Retry-After", "30");
        Instant before = Instant.now();
        Result r = sender().send(capture(null), TIMEOUT);
        assertEquals(Outcome.RETRY, r.outcome());
        assertEquals("HTTP 429", r.detail());
        assertBetween(before.plusSeconds(30), r.retryAfter());
    }

    @Test
    void tooManyRequestsWithSentryRateLimitsTakesTheLongestThatCoversUs() throws Exception {
        status = 429;
        answerHeaders.put("X-Sentry-Rate-Limits", "120:error;attachment:organization:quota, 3600:transaction:project");
        answerHeaders.put("Retry-After", "5");
        Instant before = Instant.now();
        Result r = sender().send(capture(null), TIMEOUT);
        assertEquals(Outcome.RETRY, r.outcome());
        assertBetween(before.plusSeconds(120), r.retryAfter());
    }

    @Test
    void tooManyRequestsSayingNothingWaitsTheDefault() throws Exception {
        status = 429;
        Instant before = Instant.now();
        Result r = sender().send(capture(null), TIMEOUT);
        assertEquals(Outcome.RETRY, r.outcome());
        assertBetween(before.plus(SentrySender.DEFAULT_RETRY_AFTER), r.retryAfter());
    }

    @Test
    void serverErrorIsRetriedAndTooLargeIsRejected() throws Exception {
        status = 500;
        assertEquals(new Result(Outcome.RETRY, "HTTP 500"), sender().send(capture(null), TIMEOUT));
        status = 408;
        assertEquals(Outcome.RETRY, sender().send(capture(null), TIMEOUT).outcome());
        status = 413;
        assertEquals(new Result(Outcome.REJECTED, "HTTP 413"), sender().send(capture(null), TIMEOUT));
        status = 401;
        assertEquals(new Result(Outcome.REJECTED, "HTTP 401"), sender().send(capture(null), TIMEOUT));
    }

    @Test
    void unreachableIsRetriedWithoutTheKeyInTheDetail() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SentrySender sender = new SentrySender(dsn(port), Map.of(), "0.1.0", Duration.ofSeconds(5));
        Result r = sender.send(capture(null), TIMEOUT);
        assertEquals(Outcome.RETRY, r.outcome());
        assertTrue(r.detail().startsWith("ConnectException"), r.detail());
        assertNoKey(r, sender);
    }

    @Test
    void anUnreadableReportIsRejected() {
        Outgoing unreadable = new Outgoing("id-1", "not json".getBytes(), null, Optional.empty());
        assertEquals(new Result(Outcome.REJECTED, "not a readable report"), sender().send(unreadable, TIMEOUT));
    }

    @Test
    void rateLimitHeaderParsing() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(now.plusSeconds(60), SentrySender.rateLimitUntil("60::organization", now));
        assertEquals(now.plusSeconds(2), SentrySender.rateLimitUntil("1.5:error:key", now));
        assertEquals(now.plusSeconds(10), SentrySender.rateLimitUntil("10:attachment:project, 5:error:project", now));
        assertNull(SentrySender.rateLimitUntil("10:transaction;session:project", now));
        assertNull(SentrySender.rateLimitUntil("soon", now));
        assertNull(SentrySender.rateLimitUntil(null, now));
        assertEquals(Instant.parse("2026-01-01T00:05:00Z"),
                SentrySender.retryAfterUntil("Thu, 01 Jan 2026 00:05:00 GMT", now));
        assertNull(SentrySender.retryAfterUntil("later", now));
    }

    /** A 300 MiB dump goes through in a stream: the body is never built in memory. */
    @Test
    void streamsALargeDump() throws Exception {
        long size = 300L << 20;
        Path dump = dir.resolve("large.dmp");
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.setLength(size);
        }
        discard = true;
        Result r = sender().send(capture(dump), TIMEOUT);
        assertEquals(Outcome.ACCEPTED, r.outcome(), r.detail());
        assertEquals(contentLength, receivedBytes.get());
        long envelopeWithoutDump = receivedBytes.get() - size;
        assertTrue(envelopeWithoutDump > 0 && envelopeWithoutDump < 64 * 1024, "overhead " + envelopeWithoutDump);
    }

    /** Computed from "now" while sending: within a few seconds of {@code expected}. */
    static void assertBetween(Instant expected, Instant actual) {
        assertTrue(actual != null && !actual.isBefore(expected) && actual.isBefore(expected.plusSeconds(10)),
                "expected about " + expected + ", got " + actual);
    }
}
