package dev.wercli.store;

import dev.wercli.fixtures.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the spool does with a backend's answers: its crash id, and its requests to be left alone. */
class BackendAnswersTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    private Delivery delivery(Spool spool, ReportSender sender, List<String> acks) {
        return new Delivery(spool, sender, "breakpad https://crash.example/submit",
                (id, d) -> acks.add(id + "=" + d.receipt()), log::add, false);
    }

    @Test
    void theBackendsCrashIdIsRecordedBeforeTheReportLeavesTheSpool() throws Exception {
        Spool spool = new Spool(dir);
        spool.add("id-1", ReportFixtures.at(dir, "a.exe", 1, 100));
        List<String> acks = new ArrayList<>();
        ReportSender ok = (c, t) -> {
            calls.add(c.reportId());
            return new ReportSender.Result(ReportSender.Outcome.ACCEPTED, "HTTP 200", "CrashID=bp-1234", null);
        };
        assertEquals(new Delivery.Result(1, 0, false), delivery(spool, ok, acks).flush(Duration.ofSeconds(5)));
        assertEquals(List.of("id-1=CrashID=bp-1234"), acks);
        Spool.Delivered d = spool.delivered("id-1").orElseThrow();
        assertEquals("CrashID=bp-1234", d.receipt());
        assertEquals("breakpad https://crash.example/submit", d.backend());
        assertEquals(List.of(), spool.pending());
    }

    @Test
    void aReportAcknowledgedButStillSpooledIsNeverSentAgain() throws Exception {
        // wercli stopped after writing the acknowledgement and before removing the spooled report
        Spool spool = new Spool(dir);
        Path spooled = spool.add("id-1", ReportFixtures.at(dir, "a.exe", 1, 100));
        Path copy = dir.resolve("copy.json");
        Files.copy(spooled, copy);
        spool.acknowledge(spooled, "breakpad", "CrashID=bp-1");
        Files.copy(copy, spooled);
        ReportSender counting = (c, t) -> {
            calls.add(c.reportId());
            return new ReportSender.Result(ReportSender.Outcome.ACCEPTED, "HTTP 200");
        };
        delivery(spool, counting, new ArrayList<>()).flush(Duration.ofSeconds(5));
        assertEquals(List.of(), calls);
        assertEquals(List.of(), spool.pending());
    }

    @Test
    void a429WithARetryTimeHoldsEveryFlushUntilThenAndDropsNothing() throws Exception {
        Spool spool = new Spool(dir);
        spool.add("id-1", ReportFixtures.at(dir, "a.exe", 1, 100));
        spool.add("id-2", ReportFixtures.at(dir, "a.exe", 2, 100));
        Instant later = Instant.now().plusSeconds(120);
        AtomicReference<ReportSender.Result> answer = new AtomicReference<>(
                new ReportSender.Result(ReportSender.Outcome.RETRY, "HTTP 429", null, later));
        ReportSender sender = (c, t) -> {
            calls.add(c.reportId());
            return answer.get();
        };
        Delivery.Result first = delivery(spool, sender, new ArrayList<>()).flush(Duration.ofSeconds(5));
        assertEquals(List.of("id-1"), calls, "one request, no retries against a 429");
        assertEquals(2, first.left());
        assertNotNull(first.heldUntil());
        assertEquals(later, spool.heldUntil().orElseThrow());

        Delivery.Result second = delivery(spool, sender, new ArrayList<>()).flush(Duration.ofSeconds(5));
        assertEquals(List.of("id-1"), calls, "held: nothing sent before the backend's time");
        assertEquals(2, second.left());

        spool.hold(Instant.now().minusSeconds(1), "HTTP 429"); // the time has come
        answer.set(new ReportSender.Result(ReportSender.Outcome.ACCEPTED, "HTTP 200"));
        assertEquals(new Delivery.Result(2, 0, false), delivery(spool, sender, new ArrayList<>())
                .flush(Duration.ofSeconds(5)));
        assertTrue(spool.heldUntil().isEmpty());
    }

    @Test
    void aCaptureWhoseDumpIsGoneIsDroppedOnRecordWhenTheBackendNeedsTheDump() throws Exception {
        Spool spool = new Spool(dir);
        spool.add("id-1", ReportFixtures.at(dir, "a.exe", 1, 100)); // the fixture's report names a dump
        try (var s = java.nio.file.Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".dmp")).toList()) {
                Files.delete(p); // retention took it
            }
        }
        ReportSender needsDump = new ReportSender() {
            @Override
            public Result send(Outgoing capture, Duration timeout) {
                calls.add(capture.reportId());
                return new Result(Outcome.REJECTED, "no dump to upload");
            }

            @Override
            public boolean needsTheDump() {
                return true;
            }
        };
        delivery(spool, needsDump, new ArrayList<>()).flush(Duration.ofSeconds(5));
        assertEquals(List.of(), calls, "nothing sent without the dump");
        assertEquals(List.of(), spool.pending(), "no longer owed");
        assertTrue(Files.readString(dir.resolve("spool/id-1.dropped")).contains("no longer in the dump folder"));
        assertTrue(log.stream().anyMatch(l -> l.contains("dropped")), log.toString());
    }
}
