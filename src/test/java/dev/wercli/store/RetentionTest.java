package dev.wercli.store;

import dev.wercli.fixtures.ReportFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionTest {
    @TempDir
    Path dir;

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".dmp") || n.endsWith(".json") || n.endsWith(".partial"))
                    .sorted().toList();
        }
    }

    private List<String> indexedIds() throws Exception {
        return new CaptureIndex(dir).read().entries().stream().map(IndexEntry::reportId).toList();
    }

    private Retention retention() {
        return new Retention(new CaptureIndex(dir), line -> { });
    }

    @Test
    void keepsTheNewestNPerApplicationAndLeavesOtherAppsAlone() throws Exception {
        for (int m = 1; m <= 5; m++) {
            ReportFixtures.at(dir, "a.exe", m, 100);
        }
        ReportFixtures.at(dir, "b.exe", 0, 100);
        ReportFixtures.at(dir, "b.exe", 9, 100);
        new CaptureIndex(dir).rebuild();

        List<IndexEntry> deleted = retention().apply(new RetentionPolicy(3, 0), Set.of());

        assertEquals(List.of("id-a.exe-1", "id-a.exe-2"), deleted.stream().map(IndexEntry::reportId).toList());
        assertEquals(List.of("id-b.exe-0", "id-a.exe-3", "id-a.exe-4", "id-a.exe-5", "id-b.exe-9"), indexedIds());
        assertEquals(List.of(
                "a.exe_20261122-050300.000_pid1003.dmp", "a.exe_20261122-050300.000_pid1003.json",
                "a.exe_20261122-050400.000_pid1004.dmp", "a.exe_20261122-050400.000_pid1004.json",
                "a.exe_20261122-050500.000_pid1005.dmp", "a.exe_20261122-050500.000_pid1005.json",
                "b.exe_20261122-050000.000_pid1000.dmp", "b.exe_20261122-050000.000_pid1000.json",
                "b.exe_20261122-050900.000_pid1009.dmp", "b.exe_20261122-050900.000_pid1009.json"), files());
    }

    @Test
    void deletesTheOldestCapturesUntilTheFolderFitsTheSizeLimit() throws Exception {
        for (int m = 1; m <= 4; m++) {
            ReportFixtures.at(dir, "a.exe", m, 10_000);
        }
        new CaptureIndex(dir).rebuild();
        long reportSize = Files.size(dir.resolve("a.exe_20261122-050100.000_pid1001.json"));

        // Room for two captures and a bit: the two oldest go.
        retention().apply(new RetentionPolicy(0, 2 * (10_000 + reportSize) + 500), Set.of());

        assertEquals(List.of("id-a.exe-3", "id-a.exe-4"), indexedIds());
        assertEquals(4, files().size());
        long onDisk = 0;
        for (String f : files()) {
            onDisk += Files.size(dir.resolve(f));
        }
        assertTrue(onDisk <= 2 * (10_000 + reportSize) + 500, "on disk: " + onDisk);
    }

    @Test
    void neverDeletesTheCurrentCaptureNorAnythingBeingWritten() throws Exception {
        ReportFixtures.at(dir, "a.exe", 1, 100);
        ReportFixtures.at(dir, "a.exe", 2, 100);
        new CaptureIndex(dir).rebuild();
        // Another capture of the same app in flight: its files exist only under temporary names.
        Files.write(dir.resolve("a.exe_20261122-050300.000_pid7.dmp.partial"), new byte[50_000]);
        Files.writeString(dir.resolve("a.exe_20261122-050300.000_pid7.json.partial"), "{");

        // The current capture is the oldest, and the limit is below a single capture.
        retention().apply(new RetentionPolicy(1, 10), Set.of("id-a.exe-1"));

        assertEquals(List.of("id-a.exe-1"), indexedIds());
        assertEquals(List.of("a.exe_20261122-050100.000_pid1001.dmp", "a.exe_20261122-050100.000_pid1001.json",
                "a.exe_20261122-050300.000_pid7.dmp.partial", "a.exe_20261122-050300.000_pid7.json.partial"), files());
    }

    @Test
    void anOldCurrentCaptureKeepsItsPlaceWithoutCostingANewerOneItsPlace() throws Exception {
        // Concurrent crashes: the capture that finishes (and runs retention) last crashed before the others.
        ReportFixtures.at(dir, "a.exe", 1, 100);
        ReportFixtures.at(dir, "a.exe", 2, 100);
        ReportFixtures.at(dir, "a.exe", 3, 100);
        new CaptureIndex(dir).rebuild();

        retention().apply(new RetentionPolicy(2, 0), Set.of("id-a.exe-1"));

        assertEquals(List.of("id-a.exe-1", "id-a.exe-2", "id-a.exe-3"), indexedIds(),
                "the two newest stay, and so does the current one, for now");
        retention().apply(new RetentionPolicy(2, 0), Set.of("id-a.exe-3"));
        assertEquals(List.of("id-a.exe-2", "id-a.exe-3"), indexedIds(), "the next run deletes it");
    }

    @Test
    void noLimitsDeletesNothing() throws Exception {
        ReportFixtures.at(dir, "a.exe", 1, 100);
        new CaptureIndex(dir).rebuild();
        assertEquals(List.of(), retention().apply(RetentionPolicy.UNLIMITED, Set.of()));
        assertEquals(2, files().size());
    }
}
