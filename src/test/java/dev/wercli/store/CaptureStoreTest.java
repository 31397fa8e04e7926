package dev.wercli.store;

import dev.wercli.fixtures.ReportFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureStoreTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private List<String> indexedIds() throws Exception {
        return new CaptureIndex(dir).read().entries().stream().map(IndexEntry::reportId).toList();
    }

    @Test
    void theFirstCaptureInAFolderIndexesTheReportsAlreadyThere() throws Exception {
        ReportFixtures.at(dir, "a.exe", 1, 10);
        ReportFixtures.at(dir, "b.exe", 2, 10);
        CaptureStore store = new CaptureStore(dir, StoreSettings.DEFAULT, log::add);

        store.recorded(ReportFixtures.at(dir, "a.exe", 3, 10));

        assertEquals(List.of("id-a.exe-1", "id-b.exe-2", "id-a.exe-3"), indexedIds());
    }

    @Test
    void aReportAlreadyIndexedByAConcurrentRebuildIsNotListedTwice() throws Exception {
        CaptureStore store = new CaptureStore(dir, StoreSettings.DEFAULT, log::add);
        Path mine = ReportFixtures.at(dir, "a.exe", 1, 10);
        Path theirs = ReportFixtures.at(dir, "a.exe", 2, 10);
        store.recorded(theirs); // no index yet: rebuilds, and lists "mine" too
        store.recorded(mine);

        assertEquals(2, Files.readAllLines(dir.resolve("index.jsonl")).size());
        assertEquals(List.of("id-a.exe-1", "id-a.exe-2"), indexedIds());
    }

    @Test
    void eachCaptureAppliesRetentionAndSparesItself() throws Exception {
        CaptureStore store = new CaptureStore(dir, StoreSettings.wercli(new RetentionPolicy(2, 0), Optional.empty()),
                log::add);
        for (int m = 1; m <= 4; m++) {
            store.recorded(ReportFixtures.at(dir, "a.exe", m, 10));
        }
        assertEquals(List.of("id-a.exe-3", "id-a.exe-4"), indexedIds());
        assertEquals(4, Files.list(dir).filter(p -> p.toString().endsWith(".dmp") || p.toString().endsWith(".json"))
                .count());
        assertTrue(log.contains("retention: deleted a.exe_20261122-050100.000_pid1001.json and "
                + "a.exe_20261122-050100.000_pid1001.dmp"), log.toString());
        assertTrue(Files.notExists(dir.resolve("spool")), "no upload URL: nothing spooled");
    }
}
