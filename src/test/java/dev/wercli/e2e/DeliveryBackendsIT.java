package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real crashes under Wine delivered to the crash backends' stand-in ({@link CrashReceiver}: busboy parses the
 * Breakpad upload, Sentry's own parseEnvelope the envelope). Each test asserts what the backend would store:
 * one crash per capture, the dump's bytes, the annotations, and an event whose exception, frames and debug
 * images are the report's. The faults: a backend down (spooled, then `wercli flush` sends it exactly once), a
 * 429 with Retry-After (held, not dropped), a 500 (retried within the budget), a lost response.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryBackendsIT {
    private static final Duration WERCLI_BOUND = Duration.ofSeconds(120);
    /** Long enough that the crash and a flush under Wine fit in it. */
    private static final int HOLD_SECONDS = 20;
    private final ObjectMapper json = new ObjectMapper();
    private WineHarness wine;

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("delivery");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    /** Crashes crashy {@code kind} (x64 or x86) and waits until it and wercli are gone. */
    private void crash(boolean x86, String kind) throws Exception {
        Path crashy = x86 ? wine.targets.resolve("x86/crashy.exe") : wine.targets.resolve("crashy.exe");
        WineHarness.Run r = wine.wine(List.of(crashy.toString(), kind), Duration.ofSeconds(180));
        assertFalse(r.timedOut(), "a crashed process was left hanging");
        assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(60)), "wercli did not exit");
    }

    private List<JsonNode> reports(Path dir) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Path p : WineHarness.files(dir, ".json")) {
            out.add(json.readTree(p.toFile()));
        }
        return out;
    }

    private JsonNode reportWithId(Path dir, String id) throws Exception {
        return reports(dir).stream().filter(r -> r.path("report_id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no report " + id + " in " + dir));
    }

    private static List<JsonNode> stored(JsonNode all, String kind) {
        List<JsonNode> out = new ArrayList<>();
        all.path("stored").forEach(s -> {
            if (s.path("kind").asText().equals(kind)) {
                out.add(s);
            }
        });
        return out;
    }

    private static String sha256(Path file) throws Exception {
        return dev.wercli.capture.FileDigest.sha256(file);
    }

    private static Path dumpOf(Path dir, JsonNode report) {
        return dir.resolve(report.path("dump").path("path").asText().replaceAll("^.*[\\\\/]", ""));
    }

    /** "0x0000000140001234" and "0x140001234" are the same address. */
    private static BigInteger addr(String hex) {
        return new BigInteger(hex.toLowerCase(Locale.ROOT).replaceFirst("^0x", ""), 16);
    }

    /** No file wercli wrote in {@code dir} (logs, reports, index, spool records) holds {@code secret}. */
    private static void assertNowhere(Path dir, String secret) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".dmp")).toList()) {
                assertFalse(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret),
                        "the secret appears in " + p);
            }
        }
    }

    @Test
    @Order(1)
    void sentryStoresOneEventPerCaptureWithTheReportsExceptionFramesDebugImagesAndDump() throws Exception {
        Path dir = wine.freshDir("sentry");
        try (CrashReceiver sentry = CrashReceiver.start(wine.project, wine.work.resolve("sentry-receiver"))) {
            wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\" --timeout 120"
                    + " --sentry-dsn " + sentry.sentryDsn()));
            long start = System.nanoTime();
            crash(false, "deep");
            crash(true, "av-write");
            long wallMs = (System.nanoTime() - start) / 1_000_000;

            List<JsonNode> events = stored(sentry.stored(), "sentry");
            assertEquals(2, events.size(), "one event per capture: " + events);
            for (JsonNode stored : events) {
                JsonNode event = stored.path("event");
                String reportId = event.path("tags").path("wercli.report_id").asText();
                JsonNode report = reportWithId(dir, reportId);
                assertEquals(stored.path("eventId").asText(), event.path("event_id").asText());
                assertEquals("fatal", event.path("level").asText());
                assertEquals("native", event.path("platform").asText());

                JsonNode exception = event.path("exception").path("values").get(0);
                // The report's name, with the access of an access violation as Sentry names it (_READ, _WRITE).
                assertTrue(exception.path("type").asText().startsWith(report.path("exception").path("name").asText()),
                        exception.path("type") + " for " + report.path("exception").path("name"));
                assertFalse(exception.path("mechanism").path("handled").asBoolean(true), "unhandled");
                // Sentry's frames run oldest first; the report's innermost first.
                JsonNode frames = exception.path("stacktrace").path("frames");
                JsonNode ours = report.path("crash_stack").path("frames");
                assertTrue(ours.size() > 0, "the report has crash frames");
                assertEquals(ours.size(), frames.size(), "every crash frame");
                for (int i = 0; i < ours.size(); i++) {
                    assertEquals(addr(ours.get(i).path("instruction_pointer").asText()),
                            addr(frames.get(frames.size() - 1 - i).path("instruction_addr").asText()), "frame " + i);
                }
                // Debug images: every module of the report, as a PE image at its base.
                JsonNode images = event.path("debug_meta").path("images");
                assertEquals(report.path("modules").size(), images.size(), "one image per module");
                for (int i = 0; i < images.size(); i++) {
                    JsonNode image = images.get(i);
                    JsonNode module = report.path("modules").get(i);
                    assertEquals("pe", image.path("type").asText());
                    assertEquals(addr(module.path("base").asText()), addr(image.path("image_addr").asText()));
                    assertEquals(module.path("path").asText(), image.path("code_file").asText());
                }
                assertEquals(report.path("signature").path("bucket_id").asText(),
                        event.path("tags").path("wercli.bucket_id").asText());

                // The minidump and the report, byte for byte.
                JsonNode minidump = attachment(stored, "event.minidump");
                assertEquals(report.path("dump").path("sha256").asText(), minidump.path("sha256").asText());
                assertEquals(Files.size(dumpOf(dir, report)), minidump.path("size").asLong());
                JsonNode attached = stored.path("attachments").findParents("filename").stream()
                        .filter(a -> a.path("filename").asText().endsWith(".json")).findFirst().orElseThrow();
                assertEquals(sha256(dir.resolve(reportFileOf(dir, reportId))), attached.path("sha256").asText());
            }
            assertNotEquals(events.get(0).path("eventId").asText(), events.get(1).path("eventId").asText());
            assertEquals(List.of(), WineHarness.files(dir.resolve("spool"), ".json"), "nothing left to send");
            // The index keeps Sentry's answer (the event id); show prints it.
            JsonNode listed = json.readTree(wine.wercli(WERCLI_BOUND, "list", "--json", "--dir",
                    WineHarness.win(dir)).stdout());
            for (JsonNode e : listed) {
                assertEquals(32, e.path("delivered").asText().length(), "the event id in the index: " + e);
            }
            WineHarness.Run show = wine.wercli(WERCLI_BOUND, "show", "--dir", WineHarness.win(dir),
                    listed.get(0).path("report_id").asText());
            assertTrue(show.stdout().contains(listed.get(0).path("delivered").asText()), show.stdout());
            assertNowhere(dir, CrashReceiver.SENTRY_KEY);
            System.out.printf("delivery e2e, sentry: captures=2 events stored=%d duplicates=0 minidump bytes=%s"
                            + " wall for both crashes=%d ms, ms from dump written to accepted=%s%n", events.size(),
                    events.stream().map(e -> attachment(e, "event.minidump").path("size").asText()).toList(), wallMs,
                    msFromDumpToAcceptance(dir));
        }
    }

    /**
     * For each capture wercli delivered itself: milliseconds from "dump written" (the process is released
     * right after it) to the backend's acceptance, read from wercli.log.
     */
    private static List<Long> msFromDumpToAcceptance(Path dir) throws Exception {
        java.util.Map<String, java.time.Instant> dumpWritten = new java.util.HashMap<>();
        List<Long> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("wercli.log"))) {
            String[] f = line.split(" ", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[2].startsWith("dump written")) {
                dumpWritten.put(f[1], java.time.Instant.parse(f[0]));
            } else if (f[2].contains(": accepted") && dumpWritten.containsKey(f[1])) {
                out.add(Duration.between(dumpWritten.get(f[1]), java.time.Instant.parse(f[0])).toMillis());
            }
        }
        return out;
    }

    private static JsonNode attachment(JsonNode stored, String type) {
        for (JsonNode a : stored.path("attachments")) {
            if (a.path("attachmentType").asText().equals(type)) {
                return a;
            }
        }
        throw new AssertionError("no " + type + " attachment: " + stored.path("attachments"));
    }

    private String reportFileOf(Path dir, String reportId) throws Exception {
        for (Path p : WineHarness.files(dir, ".json")) {
            if (json.readTree(p.toFile()).path("report_id").asText().equals(reportId)) {
                return p.getFileName().toString();
            }
        }
        throw new AssertionError("no report file for " + reportId);
    }

    @Test
    @Order(2)
    void sentryALostResponseIsResentAsTheSameEventAndA429HoldsTheSpool() throws Exception {
        Path dir = wine.freshDir("sentry-faults");
        try (CrashReceiver sentry = CrashReceiver.start(wine.project, wine.work.resolve("sentry-faults-receiver"))) {
            wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\" --timeout 120"
                    + " --sentry-dsn " + sentry.sentryDsn()));
            sentry.dropNextResponse();
            crash(false, "av-write");
            // Stored, but wercli never heard so: it sent again within the capture's budget, the same event.
            assertEquals(List.of(), WineHarness.files(dir.resolve("spool"), ".json"), "delivered on the retry");
            JsonNode all = sentry.stored();
            assertEquals(1, stored(all, "sentry").size(), "one event for the capture");
            long duplicates = countRequests(all, "sentry-duplicate");
            assertEquals(1, duplicates, "the resend carried the same event id");

            sentry.fault(429, 1, HOLD_SECONDS);
            crash(false, "div-zero");
            assertEquals(1, WineHarness.files(dir.resolve("spool"), ".json").size(), "held, not dropped");
            WineHarness.Run held = wine.wercli(WERCLI_BOUND, "flush", "--dir", WineHarness.win(dir),
                    "--sentry-dsn", sentry.sentryDsn());
            assertEquals(13, held.exitCode(), "flush during the hold says it could not send: " + held.stderr());
            assertTrue(held.stderr().contains("asked for nothing before"), held.stderr());
            java.util.regex.Matcher until = java.util.regex.Pattern.compile("before (\\S+Z)").matcher(held.stderr());
            assertTrue(until.find(), held.stderr());
            java.time.Instant end = java.time.Instant.parse(until.group(1));
            assertTrue(end.isAfter(java.time.Instant.now()), "held for the backend's Retry-After: " + end);
            Thread.sleep(Math.max(0, java.time.Duration.between(java.time.Instant.now(), end).toMillis() + 500));
            WineHarness.Run after = wine.wercli(WERCLI_BOUND, "flush", "--dir", WineHarness.win(dir),
                    "--sentry-dsn", sentry.sentryDsn());
            assertEquals(0, after.exitCode(), after.stdout() + after.stderr());
            all = sentry.stored();
            assertEquals(2, stored(all, "sentry").size(), "the held capture arrived once");
            assertEquals(1, countRequests(all, "sentry-duplicate"), "no new duplicate");
            System.out.printf("delivery e2e, sentry faults: captures=2 events stored=%d requests=%d"
                    + " duplicate event ids (deduplicated by Sentry's event id)=%d%n",
                    stored(all, "sentry").size(), all.path("requests").size(), duplicates);
        }
    }

    @Test
    @Order(4)
    void aOneGibDumpIsStreamedByAWercliWhoseHeapIs48Mib() throws Exception {
        Path dir = wine.freshDir("big");
        try (CrashReceiver backend = CrashReceiver.start(wine.project, wine.work.resolve("big-receiver"),
                "--no-keep-files")) {
            // A real capture, not delivered (no backend yet) ...
            wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\" --timeout 120"));
            crash(false, "av-write");
            JsonNode report = reports(dir).get(0);
            String id = report.path("report_id").asText();
            // ... whose dump is then replaced by 1 GiB. Sparse: a real 1 GiB full dump would take 1 GiB of the
            // CI machine's disk, and the sender only streams bytes, whatever they are.
            Path dump = dumpOf(dir, report);
            long size = 1L << 30;
            try (var f = new java.io.RandomAccessFile(dump.toFile(), "rw")) {
                f.setLength(size);
                f.seek(size - 8);
                f.writeLong(0x7765726c69L);
            }
            Path spool = Files.createDirectories(dir.resolve("spool"));
            // (Spooled already when an earlier test left a backend in the settings.)
            Files.copy(dir.resolve(reportFileOf(dir, id)), spool.resolve(id + ".json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            long start = System.nanoTime();
            WineHarness.Run flush = wine.wine(List.of(wine.jre.resolve("bin/java.exe").toString(), "-Xmx48m", "-jar",
                    WineHarness.win(wine.jar), "flush", "--dir", WineHarness.win(dir), "--upload-url",
                    backend.breakpadUrl(), "--upload-protocol", "breakpad", "--timeout", "600", "--verbose"),
                    Duration.ofMinutes(11));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, flush.exitCode(), flush.stdout() + flush.stderr());
            List<JsonNode> crashes = stored(backend.stored(), "breakpad");
            assertEquals(1, crashes.size());
            JsonNode part = crashes.get(0).path("files").path("upload_file_minidump");
            assertEquals(size, part.path("size").asLong());
            assertEquals(sha256(dump), part.path("sha256").asText(), "every byte, in order");
            System.out.printf("delivery e2e, 1 GiB dump: flush with -Xmx48m under Wine sent %d bytes in %d ms%n",
                    part.path("size").asLong(), ms);
            Files.delete(dump);
        }
    }

    private static long countRequests(JsonNode all, String kind) {
        long n = 0;
        for (JsonNode r : all.path("requests")) {
            if (r.path("kind").asText().equals(kind)) {
                n++;
            }
        }
        return n;
    }

    @Test
    @Order(3)
    void breakpadAfterInstallADownBackendGetsEachCaptureOnceFromAPlainFlush() throws Exception {
        Path dir = wine.freshDir("breakpad");
        try (CrashReceiver backend = CrashReceiver.start(wine.project, wine.work.resolve("breakpad-receiver"))) {
            int port = backend.port();
            String url = backend.breakpadUrl();
            backend.stop(); // the backend is down when the first crash comes
            WineHarness.Run install = wine.wercli(WERCLI_BOUND, "install", "--dump-dir", WineHarness.win(dir),
                    "--upload-url", url, "--upload-protocol", "breakpad", "--product", "crashy.exe=Crashy@1.2.3");
            assertEquals(0, install.exitCode(), install.stdout() + install.stderr());
            assertFalse(install.stdout().contains("e2eS3cretToken"), "install does not print the token");
            WineHarness.Run status = wine.wercli(WERCLI_BOUND, "status");
            assertTrue(status.stdout().contains("breakpad http://127.0.0.1:" + port + "/submit?token=***"), status.stdout());
            assertFalse(status.stdout().contains("e2eS3cretToken"), status.stdout());

            crash(false, "av-write");
            assertEquals(1, WineHarness.files(dir.resolve("spool"), ".json").size(), "spooled while the backend is down");
            assertTrue(wine.wercli(WERCLI_BOUND, "status").stdout().contains("1 capture(s) waiting"),
                    "status shows the spool's debt");

            backend.startOn(port);
            backend.fault(500, 1, 0); // the first try fails: retried within flush's budget
            WineHarness.Run flush = wine.wercli(WERCLI_BOUND, "flush");
            assertEquals(0, flush.exitCode(), flush.stdout() + flush.stderr());
            List<JsonNode> crashes = stored(backend.stored(), "breakpad");
            assertEquals(1, crashes.size(), "exactly once: " + crashes);

            crash(true, "deep"); // delivered by the capture itself, backend up
            crashes = stored(backend.stored(), "breakpad");
            assertEquals(2, crashes.size(), "the 32-bit capture too: " + crashes);
            for (JsonNode c : crashes) {
                JsonNode report = reportWithId(dir, c.path("reportId").asText());
                JsonNode f = c.path("fields");
                boolean x86 = report.path("process").path("architecture").asText().equals("x86");
                assertEquals("Crashy", f.path("prod").asText());
                assertEquals("1.2.3", f.path("ver").asText());
                assertEquals(x86 ? "Win32" : "Win64", f.path("plat").asText());
                assertTrue(f.path("guid").asText().matches("[0-9a-f]{32}"), f.toString());
                assertEquals(report.path("exception").path("code").asText(), f.path("exception_code").asText());
                assertEquals(report.path("signature").path("bucket_id").asText(), f.path("bucket_id").asText());
                JsonNode dumpPart = c.path("files").path("upload_file_minidump");
                assertEquals(report.path("dump").path("sha256").asText(), dumpPart.path("sha256").asText());
                assertEquals(Files.size(dumpOf(dir, report)), dumpPart.path("size").asLong());
                assertEquals(sha256(dir.resolve(reportFileOf(dir, report.path("report_id").asText()))),
                        c.path("files").path("wercli_report").path("sha256").asText());
            }
            assertEquals(crashes.get(0).path("fields").path("guid"), crashes.get(1).path("fields").path("guid"),
                    "one client id per machine");
            // The backend's crash id is kept and shown.
            JsonNode listed = json.readTree(wine.wercli(WERCLI_BOUND, "list", "--json").stdout());
            for (JsonNode e : listed) {
                assertTrue(e.path("delivered").asText().startsWith("CrashID=bp-"), e.toString());
            }
            assertNowhere(dir, "e2eS3cretToken");
            System.out.printf("delivery e2e, breakpad: captures=2 crashes stored=%d (one after a down backend and a"
                            + " 500) dump bytes=%s%n", crashes.size(),
                    crashes.stream().map(c -> c.path("files").path("upload_file_minidump").path("size").asText()).toList());

            // A lost response: the Breakpad upload has no idempotency key, so the retry is a second crash at
            // the backend (README: "What a lost response costs"). Nothing is lost, and it is the only case.
            backend.dropNextResponse();
            crash(false, "div-zero");
            List<JsonNode> after = stored(backend.stored(), "breakpad");
            assertEquals(4, after.size(), "the lost response's upload was stored, then the retry");
            assertEquals(after.get(2).path("reportId"), after.get(3).path("reportId"), "the same capture twice");
            assertEquals(List.of(), WineHarness.files(dir.resolve("spool"), ".json"), "acknowledged on the retry");
            System.out.printf("delivery e2e, breakpad lost response: captures=3 crashes stored=%d duplicates=1;"
                    + " ms from dump written to accepted (captures that delivered themselves)=%s%n", after.size(),
                    msFromDumpToAcceptance(dir));
        } finally {
            wine.wercli(WERCLI_BOUND, "uninstall");
        }
    }
}
