package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.store.ReportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store under Wine: crashes at the same moment each get their dump and report, the index lists exactly
 * the captures on disk, retention holds the limits, every report reaches the endpoint once, and a folder
 * that cannot take the files leaves nothing half-written while the crashed process is still released.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreIT {
    private static final int CRASHES = 8;
    private WineHarness wine;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("store");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    private Path freshDir(String name) throws Exception {
        return wine.freshDir(name);
    }

    /** Crashes {@code n} crashy.exe av-write at once; returns their runs. */
    private List<WineHarness.Run> crashAtOnce(Path factsDir, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<WineHarness.Run>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Path facts = factsDir.resolve("facts-" + i + ".txt");
                runs.add(pool.submit(() -> wine.wine(List.of(wine.targets.resolve("crashy.exe").toString(),
                        "av-write", WineHarness.win(facts)), Duration.ofSeconds(240))));
            }
            List<WineHarness.Run> out = new ArrayList<>();
            for (Future<WineHarness.Run> f : runs) {
                out.add(f.get(300, TimeUnit.SECONDS));
            }
            assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(60)), "wercli did not exit");
            assertTrue(wine.waitUntilGone("crashy.exe", Duration.ofSeconds(10)), "crashy.exe left running");
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<JsonNode> index(Path dir) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("index.jsonl"))) {
            lines.add(json.readTree(line)); // every line parses: nothing torn, nothing interleaved
        }
        return lines;
    }

    /** The index names exactly the reports and dumps in the folder, each once, with the right sizes. */
    private void assertIndexMatchesFolder(Path dir) throws Exception {
        List<JsonNode> index = index(dir);
        Set<String> reports = new HashSet<>();
        Set<String> dumps = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode e : index) {
            assertTrue(ids.add(e.path("report_id").asText()), "listed twice: " + e);
            reports.add(e.path("report_file").asText());
            dumps.add(e.path("dump_file").asText());
            Path dump = dir.resolve(e.path("dump_file").asText());
            assertEquals(Files.size(dump), e.path("dump_size").asLong(), "size of " + dump);
            JsonNode report = json.readTree(dir.resolve(e.path("report_file").asText()).toFile());
            assertEquals(report.path("report_id").asText(), e.path("report_id").asText());
            assertEquals(report.path("process").path("pid").asInt(), e.path("pid").asInt());
            assertEquals("0xC0000005", e.path("exception_code").asText());
            assertEquals("crashy.exe", e.path("app").asText());
        }
        assertEquals(reports, names(WineHarness.files(dir, ".json")));
        assertEquals(dumps, names(WineHarness.files(dir, ".dmp")));
        assertEquals(List.of(), WineHarness.files(dir, ".partial"), "nothing half-written");
    }

    private static Set<String> names(List<Path> files) {
        Set<String> s = new HashSet<>();
        files.forEach(f -> s.add(f.getFileName().toString()));
        return s;
    }

    @Test
    void eightCrashesAtOnceThenEightMoreUnderALimitAndEveryReportIsDeliveredOnce() throws Exception {
        Path dir = freshDir("concurrent");
        Path facts = freshDir("concurrent-facts");
        try (ReportServer server = new ReportServer()) {
            server.up();
            // Each capture delivers its report and any waiting ones; the first response is lost on the way.
            server.dropResponses.set(1);
            wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\" --timeout 180"
                    + " --upload-url " + server.uri()));
            for (WineHarness.Run r : crashAtOnce(facts, CRASHES)) {
                assertFalse(r.timedOut(), "a crashed process was left hanging");
                assertEquals(0x05, r.exitCode(), "released, ending with its own exception code");
            }
            assertEquals(CRASHES, WineHarness.files(dir, ".dmp").size(), "a dump each");
            assertEquals(CRASHES, WineHarness.files(dir, ".json").size(), "a report each");
            assertEquals(CRASHES, index(dir).size());
            assertIndexMatchesFolder(dir);
            assertEquals(List.of(), WineHarness.files(dir.resolve("spool"), ".json"), "all delivered");
            assertEquals(CRASHES, server.reports.size(), "every report arrived, once");
            System.out.printf("store e2e, batch 1: captures=%d delivered=%d posts=%d duplicates=%d%n",
                    CRASHES, server.reports.size(), server.posts.size(), server.duplicates());

            // Eight more with a limit of 5 per application: the 5 newest stay, index and folder agree.
            wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\" --timeout 180"
                    + " --keep 5 --upload-url " + server.uri()));
            for (WineHarness.Run r : crashAtOnce(facts, CRASHES)) {
                assertFalse(r.timedOut(), "a crashed process was left hanging");
            }
            assertIndexMatchesFolder(dir);
            // The 5 newest crashes stay. Besides them at most one older capture may remain: the last one to
            // finish, when it crashed before others (its own run never deletes it, nor a newer one for it).
            List<String> kept = index(dir).stream().map(e -> e.path("time").asText()).sorted().toList();
            List<String> newest = newestCapturedAt(server, 5);
            assertTrue(kept.containsAll(newest) && kept.size() <= 6, "the newest " + newest + " were kept: " + kept);
            int left = kept.size();
            assertEquals(left, WineHarness.files(dir, ".dmp").size());
            assertEquals(left, WineHarness.files(dir, ".json").size());
            assertEquals(2 * CRASHES, server.reports.size(), "deleted captures were delivered before");
            assertEquals(List.of(), WineHarness.files(dir.resolve("spool"), ".json"));
            System.out.printf("store e2e, total: captures=%d delivered=%d posts=%d duplicates=%d files left=%d%n",
                    2 * CRASHES, server.reports.size(), server.posts.size(), server.duplicates(),
                    WineHarness.files(dir, ".dmp").size() + WineHarness.files(dir, ".json").size());

            // list under Wine reads the same index.
            WineHarness.Run list = wine.wercli(Duration.ofSeconds(120), "list", "--dir", WineHarness.win(dir));
            assertEquals(0, list.exitCode(), list.stderr());
            assertEquals(left + 1, list.stdout().lines().count(), list.stdout());
        }
    }

    @Test
    void withUploadDumpsEachDumpArrivesOnceAndMatchesItsReport() throws Exception {
        Path dir = freshDir("dumps");
        Path facts = freshDir("dumps-facts");
        try (ReportServer server = new ReportServer()) {
            server.up();
            server.dropDumpResponses.set(1); // the first dump's answer is lost: resent, kept once
            wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\" --timeout 180"
                    + " --upload-url " + server.uri() + " --upload-dumps"));
            long start = System.nanoTime();
            for (WineHarness.Run r : crashAtOnce(facts, 2)) {
                assertFalse(r.timedOut(), "a crashed process was left hanging");
                assertEquals(0x05, r.exitCode(), "released, ending with its own exception code");
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(2, server.reports.size(), "both reports");
            assertEquals(2, server.dumps.size(), "both dumps, once each: " + server.dumpPuts);
            for (byte[] body : server.reports.values()) {
                JsonNode report = json.readTree(body);
                String id = report.path("report_id").asText();
                String sha = report.path("dump").path("sha256").asText();
                ReportServer.ReceivedDump got = server.dumps.get(id + " " + sha);
                assertTrue(got != null, "no dump for " + id + " with the report's sha256 " + sha);
                assertEquals(sha, got.actualSha256(), "the bytes that arrived are the report's dump");
                Path local = dir.resolve(report.path("dump").path("path").asText()
                        .replaceAll("^.*[\\\\/]", ""));
                assertEquals(Files.size(local), got.size());
            }
            assertEquals(List.of(), WineHarness.files(dir.resolve("spool"), ".dump-owed"), "nothing owed");
            System.out.printf("store e2e, dumps: captures=2 reports=%d dumps=%d dump PUTs=%d sizes=%s wall=%d ms%n",
                    server.reports.size(), server.dumps.size(), server.dumpPuts.size(),
                    server.dumps.values().stream().map(ReportServer.ReceivedDump::size).toList(), millis);
        }
    }

    /** The earliest capture time among the second batch: the 9th report the server received, by time. */
    /** The capture times of the n newest reports the server received (all 16 crashes). */
    private List<String> newestCapturedAt(ReportServer server, int n) throws Exception {
        List<String> times = new ArrayList<>();
        for (byte[] body : server.reports.values()) {
            times.add(json.readTree(body).path("captured_at").asText());
        }
        times.sort(null);
        return times.subList(times.size() - n, times.size());
    }

    /** Mounts a tmpfs (root only; the test is skipped elsewhere) so the folder can be read-only or full. */
    private Path mount(String name, String options) throws Exception {
        Path dir = freshDir(name);
        WineHarness.Run m = wine.run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()),
                Duration.ofSeconds(10));
        Assumptions.assumeTrue(m.exitCode() == 0, "cannot mount a tmpfs here: " + m.stderr());
        return dir;
    }

    private void unmount(Path dir) throws Exception {
        wine.run(List.of("umount", dir.toString()), Duration.ofSeconds(10));
    }

    @Test
    void aReadOnlyFolderFailsCleanlyAndReleasesTheProcess() throws Exception {
        Path dir = mount("read-only", "ro,size=1m");
        try {
            checkFolderFault(dir, "read-only", "exit 5 ");
            assertEquals(List.of(), listAll(dir), "nothing written");
        } finally {
            unmount(dir);
        }
    }

    @Test
    // Under Wine 8 MiniDumpWriteDump returns success on a full disk and leaves a truncated file: the
    // pipeline's DumpFileCheck must refuse it rather than rename it into place.
    void aFullDiskFailsCleanlyAndReleasesTheProcess() throws Exception {
        // 8 KiB: too small for any dump; a failure record may or may not fit.
        Path dir = mount("full", "size=8k");
        try {
            checkFolderFault(dir, "full", "exit [56] ");
            assertEquals(List.of(), WineHarness.files(dir, ".partial"), "nothing half-written");
            if (Files.exists(dir.resolve("index.jsonl"))) {
                for (JsonNode e : index(dir)) {
                    assertTrue(Files.exists(dir.resolve(e.path("report_file").asText())), "indexed but missing: " + e);
                }
            }
            System.out.println("store e2e, full folder left: " + listAll(dir));
            for (Path dump : WineHarness.files(dir, ".dmp")) {
                // A dump left under its final name must be whole: an independent reader must accept it.
                WineHarness.Run walk = wine.run(List.of(wine.stackwalk.toString(), "-m", dump.toString()),
                        Duration.ofSeconds(60));
                System.out.println("store e2e, full folder: " + dump.getFileName() + " " + Files.size(dump)
                        + " bytes, minidump_stackwalk exit " + walk.exitCode() + ": "
                        + walk.stderr().lines().filter(l -> l.contains("rror")).limit(3).toList());
                assertEquals(0, walk.exitCode(), "a truncated dump was kept as " + dump.getFileName());
            }
        } finally {
            unmount(dir);
        }
    }

    private void checkFolderFault(Path dir, String name, String exitPattern) throws Exception {
        Path logFile = freshDir(name + "-log").resolve("wercli.log");
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\" --log-file \""
                + WineHarness.win(logFile) + "\""));
        List<WineHarness.Run> runs = crashAtOnce(logFile.getParent(), 1);
        assertFalse(runs.get(0).timedOut(), "the crashed process was left hanging");
        assertEquals(0x05, runs.get(0).exitCode(), "released, ending with its own exception code");
        String log = Files.readString(logFile);
        assertTrue(java.util.regex.Pattern.compile(exitPattern).matcher(log).find(), log);
        System.out.println("store e2e, " + name + " folder, log:\n" + log);
    }

    private static List<Path> listAll(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
