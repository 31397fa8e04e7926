package dev.wercli.store;

import dev.wercli.fixtures.ReportFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureIndexTest {
    @TempDir
    Path dir;

    static IndexEntry entry(String id) {
        return new IndexEntry(id, "2026-11-22T05:00:00.000Z", "crashy.exe", 42, "0xC0000005", "crashy.exe", null,
                id + ".dmp", 1000, id + ".json", 200);
    }

    @Test
    void anEntryReadsBackAsWritten() throws Exception {
        CaptureIndex index = new CaptureIndex(dir);
        index.append(entry("a"));
        index.append(entry("b"));
        CaptureIndex.Contents c = index.read();
        assertEquals(List.of(entry("a"), entry("b")), c.entries());
        assertEquals(0, c.skippedLines());
        List<String> lines = Files.readAllLines(dir.resolve("index.jsonl"));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"report_id\":\"a\",\"time\":\"2026-11-22T05:00:00.000Z\""), lines.get(0));
    }

    @Test
    void aTornLastLineIsSkippedAndTheNextAppendStartsAFreshLine() throws Exception {
        CaptureIndex index = new CaptureIndex(dir);
        index.append(entry("a"));
        // A writer killed mid-line: half an object, no newline.
        Files.writeString(dir.resolve("index.jsonl"), "{\"report_id\":\"torn\",\"ti", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        CaptureIndex.Contents before = index.read();
        assertEquals(List.of(entry("a")), before.entries());
        assertEquals(1, before.skippedLines());

        index.append(entry("b"));
        CaptureIndex.Contents after = index.read();
        assertEquals(List.of(entry("a"), entry("b")), after.entries(), "b was not glued to the torn line");
        assertEquals(1, after.skippedLines());
    }

    @Test
    void threadsAppendingAtOnceNeverInterleave() throws Exception {
        CaptureIndex index = new CaptureIndex(dir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            jobs.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    index.append(entry("t" + thread + "-" + i));
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertAllPresent(index.read(), 8, 25, "t");
    }

    @Test
    void separateProcessesAppendingAtOnceNeverInterleave() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    IndexAppender.class.getName(), dir.toString(), "p" + p, "40")
                    .redirectErrorStream(true).start());
        }
        for (Process p : processes) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "appender did not finish");
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        }
        assertAllPresent(new CaptureIndex(dir).read(), 4, 40, "p");
    }

    private static void assertAllPresent(CaptureIndex.Contents c, int writers, int each, String prefix) {
        assertEquals(0, c.skippedLines(), "no damaged line");
        assertEquals(writers * each, c.entries().size());
        Set<String> ids = new HashSet<>();
        c.entries().forEach(e -> ids.add(e.reportId()));
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < each; i++) {
                assertTrue(ids.contains(prefix + w + "-" + i), "missing " + prefix + w + "-" + i);
            }
        }
    }

    @Test
    void rebuildIndexesEveryReportInTheFolderAndNothingElse() throws Exception {
        ReportFixtures.at(dir, "b.exe", 7, 300);
        ReportFixtures.capture(dir, "a.exe_x", "id-sig", "2026-11-22T05:01:00.000Z", "a.exe", 77, "0x80000003",
                "ntdll.dll", "sig-123", 1234);
        ReportFixtures.capture(dir, "c.exe_x", "id-failed", "2026-11-22T05:03:00.000Z", "c.exe", 5, "0xC0000005",
                "c.exe", null, -1);
        Files.writeString(dir.resolve("settings.json"), "{\"not\": \"a report\"}");
        Files.writeString(dir.resolve("half.json.partial"), "{\"report_id\": \"x\"");
        Files.writeString(dir.resolve("index.jsonl"), "garbage\n");

        List<IndexEntry> rebuilt = new CaptureIndex(dir).rebuild();

        assertEquals(List.of("id-sig", "id-failed", "id-b.exe-7"), rebuilt.stream().map(IndexEntry::reportId).toList(),
                "oldest first");
        IndexEntry sig = rebuilt.get(0);
        assertEquals("a.exe", sig.app());
        assertEquals(77, sig.pid());
        assertEquals("0x80000003", sig.exceptionCode());
        assertEquals("ntdll.dll", sig.faultingModule());
        assertEquals("sig-123", sig.signature());
        assertEquals("a.exe_x.dmp", sig.dumpFile(), "the file name of the Windows path in the report");
        assertEquals(1234, sig.dumpSize());
        assertEquals("a.exe_x.json", sig.reportFile());
        assertEquals(Files.size(dir.resolve("a.exe_x.json")), sig.reportSize());
        IndexEntry failed = rebuilt.get(1);
        assertNull(failed.dumpFile());
        assertEquals(0, failed.dumpSize());
        assertNull(failed.signature());
        assertEquals(rebuilt, new CaptureIndex(dir).read().entries());
        assertEquals(0, new CaptureIndex(dir).read().skippedLines());
    }
}
