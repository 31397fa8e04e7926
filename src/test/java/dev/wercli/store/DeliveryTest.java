package dev.wercli.store;

import dev.wercli.fixtures.ReportFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private CaptureStore store(ReportServer server) {
        return new CaptureStore(dir, StoreSettings.wercli(RetentionPolicy.UNLIMITED, Optional.of(server.uri())),
                log::add);
    }

    @Test
    void downThenUpThenADroppedResponseDeliversEveryReportExactlyOnce() throws Exception {
        try (ReportServer server = new ReportServer()) {
            CaptureStore store = store(server);
            Path r1 = ReportFixtures.at(dir, "a.exe", 1, 100);
            store.recorded(r1);
            long start = System.nanoTime();
            Delivery.Result down1 = store.deliver(Duration.ofSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(new Delivery.Result(0, 1, false), down1);
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "stayed within its budget: " + took);

            Path r2 = ReportFixtures.at(dir, "b.exe", 2, 100);
            store.recorded(r2);
            assertEquals(new Delivery.Result(0, 2, false), store.deliver(Duration.ofSeconds(2)));

            server.up();
            server.dropResponses.set(1);
            Path r3 = ReportFixtures.at(dir, "a.exe", 3, 100);
            store.recorded(r3);
            assertEquals(new Delivery.Result(3, 0, false), store.deliver(Duration.ofSeconds(10)));

            assertEquals(List.of("id-a.exe-1", "id-b.exe-2", "id-a.exe-3"), List.copyOf(server.reports.keySet()),
                    "each report once, in crash order");
            assertArrayEquals(Files.readAllBytes(r1), server.reports.get("id-a.exe-1"));
            assertArrayEquals(Files.readAllBytes(r3), server.reports.get("id-a.exe-3"));
            assertEquals(4, server.posts.size(), "the dropped response cost one resend");
            assertEquals(1, server.duplicates());
            assertEquals(List.of(), new Spool(dir).pending(), "spool empty");
            assertEquals(3, new CaptureIndex(dir).read().entries().size());

            // Nothing left: a later flush sends nothing again.
            assertEquals(new Delivery.Result(0, 0, false), store.deliver(Duration.ofSeconds(2)));
            assertEquals(4, server.posts.size());
        }
    }

    @Test
    void aSpooledReportSurvivesRetentionDeletingTheOriginal() throws Exception {
        try (ReportServer server = new ReportServer()) {
            CaptureStore store = new CaptureStore(dir, StoreSettings.wercli(new RetentionPolicy(1, 0),
                    Optional.of(server.uri())), log::add);
            Path r1 = ReportFixtures.at(dir, "a.exe", 1, 100);
            byte[] first = Files.readAllBytes(r1);
            store.recorded(r1);
            store.recorded(ReportFixtures.at(dir, "a.exe", 2, 100));
            assertTrue(Files.notExists(r1), "retention deleted the older capture");

            server.up();
            assertEquals(new Delivery.Result(2, 0, false), store.deliver(Duration.ofSeconds(10)));
            assertArrayEquals(first, server.reports.get("id-a.exe-1"));
        }
    }

    @Test
    void aRejectedReportStaysInTheSpoolAndDoesNotBlockTheOthers() throws Exception {
        Spool spool = new Spool(dir);
        spool.add("bad", ReportFixtures.at(dir, "a.exe", 1, 100));
        Thread.sleep(20);
        spool.add("good", ReportFixtures.at(dir, "a.exe", 2, 100));
        List<String> sent = new ArrayList<>();
        ReportSender fake = (capture, timeout) -> {
            String id = capture.reportId();
            sent.add(id);
            return id.equals("bad") ? new ReportSender.Result(ReportSender.Outcome.REJECTED, "HTTP 400")
                    : new ReportSender.Result(ReportSender.Outcome.ACCEPTED, "HTTP 201");
        };
        Delivery.Result r = new Delivery(spool, fake, log::add).flush(Duration.ofSeconds(5));
        assertEquals(new Delivery.Result(1, 1, false), r);
        assertEquals(List.of("bad", "good"), sent, "one try for a rejection, no retries");
        assertEquals(List.of("bad"), spool.pending().stream().map(Spool::idOf).toList());
    }
}
