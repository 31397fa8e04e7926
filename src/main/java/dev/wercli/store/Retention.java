package dev.wercli.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes the oldest captures beyond the limits. It works from the index, under the index lock, so two
 * wercli processes never delete for each other's counts. Only indexed captures count and can be deleted:
 * a capture still being written (its files are *.partial, or its report is not yet indexed) is invisible
 * here, and the capture that triggered this run is protected by report id.
 *
 * <p>Order: the index is rewritten first, then each dump and then its report is deleted. A crash in between
 * leaves unindexed files, which a rebuild indexes again and the next run deletes; never an index line for a
 * file a reader would miss without knowing why.
 */
public final class Retention {
    private final CaptureIndex index;
    private final Consumer<String> log;

    public Retention(CaptureIndex index, Consumer<String> log) {
        this.index = index;
        this.log = log;
    }

    /** Applies {@code policy}; returns the captures deleted. */
    public List<IndexEntry> apply(RetentionPolicy policy, Set<String> protectedIds) throws IOException {
        if (policy.unlimited()) {
            return List.of();
        }
        List<IndexEntry> victims = index.locked(l -> {
            List<IndexEntry> all = l.read().entries();
            List<IndexEntry> doomed = choose(all, policy, protectedIds);
            if (!doomed.isEmpty()) {
                Set<String> gone = ids(doomed);
                l.replace(all.stream().filter(e -> !gone.contains(e.reportId())).toList());
                for (IndexEntry e : doomed) {
                    delete(e);
                }
            }
            return doomed;
        });
        for (IndexEntry e : victims) {
            log.accept("retention: deleted " + e.reportFile() + (e.dumpFile() == null ? "" : " and " + e.dumpFile()));
        }
        return victims;
    }

    /** The captures to delete, oldest first: first the per-application count, then the total size. */
    static List<IndexEntry> choose(List<IndexEntry> entries, RetentionPolicy policy, Set<String> protectedIds) {
        List<IndexEntry> oldestFirst = new ArrayList<>(entries);
        oldestFirst.sort(Comparator.comparing(IndexEntry::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        Set<String> doomed = new HashSet<>();
        if (policy.keepPerApp() > 0) {
            Map<String, List<IndexEntry>> byApp = new LinkedHashMap<>();
            for (IndexEntry e : oldestFirst) {
                byApp.computeIfAbsent(e.appKey(), k -> new ArrayList<>()).add(e);
            }
            for (List<IndexEntry> app : byApp.values()) {
                int excess = app.size() - policy.keepPerApp();
                for (IndexEntry e : app) {
                    if (excess <= 0) {
                        break;
                    }
                    // A protected capture (the one that triggered this run) that is itself among the oldest
                    // stays, but still uses up its place: deleting a newer capture instead would break "the N
                    // newest". Concurrent crashes make this happen: one that crashed earlier can finish last.
                    // The folder then holds one more until the next run.
                    if (!protectedIds.contains(e.reportId())) {
                        doomed.add(e.reportId());
                    }
                    excess--;
                }
            }
        }
        if (policy.maxBytes() > 0) {
            long total = oldestFirst.stream().filter(e -> !doomed.contains(e.reportId()))
                    .mapToLong(IndexEntry::totalBytes).sum();
            for (IndexEntry e : oldestFirst) {
                if (total <= policy.maxBytes()) {
                    break;
                }
                if (!doomed.contains(e.reportId()) && !protectedIds.contains(e.reportId())) {
                    doomed.add(e.reportId());
                    total -= e.totalBytes();
                }
            }
        }
        return oldestFirst.stream().filter(e -> doomed.contains(e.reportId())).toList();
    }

    private void delete(IndexEntry e) {
        if (e.dumpFile() != null) {
            deleteQuietly(index.dir().resolve(e.dumpFile()));
        }
        deleteQuietly(index.dir().resolve(e.reportFile()));
    }

    private void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ex) {
            // Windows refuses while someone has the file open (a debugger reading the dump): next run retries
            // only if the file is reindexed by a rebuild; say so instead of failing the capture.
            log.accept("retention: cannot delete " + p + ": " + ex);
        }
    }

    private static Set<String> ids(List<IndexEntry> entries) {
        Set<String> s = new HashSet<>();
        entries.forEach(e -> s.add(e.reportId()));
        return s;
    }
}
