package dev.wercli.store;

import dev.wercli.config.Json;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportJson;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The capture index: {@code index.jsonl} in the dump folder, one JSON object per line per capture.
 *
 * <p>Every change happens under an exclusive lock on {@code index.lock} (FileChannel.lock, so separate wercli
 * processes crashing at once take turns) and a new line is appended with one write, so lines never interleave.
 * A process killed mid-write leaves at most a torn last line: readers skip lines that do not parse, and the
 * next append starts on a fresh line. The reports themselves are the truth: {@link #rebuild()} recreates the
 * index from the folder's *.json files. Rewrites (rebuild, retention) go to a temporary file renamed into place.
 */
public final class CaptureIndex {
    public static final String INDEX_FILE = "index.jsonl";
    static final String LOCK_FILE = "index.lock";

    /** FileChannel.lock is per process: threads of one JVM must also take turns (it throws otherwise). */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /** One index line: the report's snake_case names, without indentation (see config.Json). */
    private static final ObjectWriter LINE = Json.snakeCase().writer().without(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public CaptureIndex(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file() {
        return dir.resolve(INDEX_FILE);
    }

    /** What reading the index found: the entries, and how many lines were skipped as damaged. */
    public record Contents(List<IndexEntry> entries, int skippedLines) {
    }

    /** Work done while holding the index lock. */
    @FunctionalInterface
    public interface LockedAction<T> {
        T run(Locked index) throws IOException;
    }

    /** The index as seen by the lock holder. */
    public final class Locked {
        private Locked() {
        }

        public Contents read() throws IOException {
            return CaptureIndex.this.read();
        }

        public void append(IndexEntry entry) throws IOException {
            appendLine(entry);
        }

        public void replace(List<IndexEntry> entries) throws IOException {
            replaceAll(entries);
        }
    }

    /** Runs {@code action} holding the index lock, shared by threads and processes. */
    public <T> T locked(LockedAction<T> action) throws IOException {
        Files.createDirectories(dir);
        IN_PROCESS.lock();
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            return action.run(new Locked());
        } finally {
            IN_PROCESS.unlock();
        }
    }

    public void append(IndexEntry entry) throws IOException {
        locked(l -> {
            l.append(entry);
            return null;
        });
    }

    /** Reads the index without the lock: appends are whole lines and rewrites are renames, so it is safe. */
    public Contents read() throws IOException {
        if (!Files.exists(file())) {
            return new Contents(List.of(), 0);
        }
        List<IndexEntry> entries = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int skipped = 0;
        for (String line : Files.readAllLines(file(), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                IndexEntry e = Json.snakeCase().readValue(line, IndexEntry.class);
                if (e.reportId() == null || e.reportFile() == null) {
                    skipped++;
                } else if (seen.add(e.reportId())) {
                    // A rebuild racing a capture's own append can list a report twice: the first line wins.
                    entries.add(e);
                }
            } catch (IOException torn) {
                skipped++;
            }
        }
        return new Contents(List.copyOf(entries), skipped);
    }

    /** Recreates the index from the reports in the folder (oldest first); returns the new entries. */
    public List<IndexEntry> rebuild() throws IOException {
        return locked(l -> {
            List<IndexEntry> entries = scanReports(dir);
            l.replace(entries);
            return entries;
        });
    }

    /** The index entry for one report file, with the sizes found on disk. */
    public static IndexEntry entryFor(Path reportFile) throws IOException {
        return entryFor(readReport(reportFile), reportFile);
    }

    /** The index entry for a report already read from {@code reportFile}, with the sizes found on disk. */
    public static IndexEntry entryFor(CrashReport report, Path reportFile) throws IOException {
        String dumpPath = IndexEntry.dumpPathIn(report);
        long dumpSize = 0;
        if (dumpPath != null) {
            Path dump = reportFile.resolveSibling(IndexEntry.fileName(dumpPath));
            dumpSize = Files.exists(dump) ? Files.size(dump) : 0;
        }
        return IndexEntry.fromReport(report, reportFile, Files.size(reportFile), dumpSize);
    }

    /**
     * Reads a report of the folder. Other JSON files may sit there too: without a report id (which every
     * capture, even a failed one, has) a file is not a capture and is not indexed.
     */
    public static CrashReport readReport(Path reportFile) throws IOException {
        CrashReport report = ReportJson.read(reportFile);
        if (report.reportId() == null) {
            throw new IOException(reportFile + " is not a wercli report (no report_id)");
        }
        return report;
    }

    static List<IndexEntry> scanReports(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> reports;
        try (Stream<Path> s = Files.list(dir)) {
            reports = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        List<IndexEntry> entries = new ArrayList<>();
        Spool spool = new Spool(dir); // the backends' answers survive a rebuild: the spool keeps them
        for (Path report : reports) {
            try {
                IndexEntry e = entryFor(report);
                entries.add(spool.delivered(e.reportId()).map(d -> e.withDelivered(d.receipt())).orElse(e));
            } catch (IOException | RuntimeException notAReport) {
                // Not ours or damaged: a rebuild indexes what it can read.
            }
        }
        entries.sort(Comparator.comparing(IndexEntry::time, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(IndexEntry::reportFile));
        return entries;
    }

    private void appendLine(IndexEntry entry) throws IOException {
        byte[] line = (LINE.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = ch.size();
            ByteBuffer buffer = ByteBuffer.wrap(line);
            if (end > 0 && !endsWithNewline(ch, end)) {
                // The previous writer died mid-line: start ours on a line of its own.
                buffer = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
            }
            while (buffer.hasRemaining()) {
                end += ch.write(buffer, end);
            }
            ch.force(false);
        }
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private void replaceAll(List<IndexEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        for (IndexEntry e : entries) {
            text.append(LINE.writeValueAsString(e)).append('\n');
        }
        Path partial = dir.resolve(INDEX_FILE + ".partial");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // A full disk must not leave half an index behind; the old index stays as it was.
            Files.deleteIfExists(partial);
            throw e;
        }
    }
}
