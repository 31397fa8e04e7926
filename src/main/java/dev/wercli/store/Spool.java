package dev.wercli.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reports waiting to be delivered: {@code spool/<report id>.json} in the dump folder. A report is copied in
 * (temporary name, then rename) when it is written and removed only once the endpoint accepted it, so a
 * network outage, a crash of wercli or retention deleting the original loses nothing.
 */
public final class Spool {
    public static final String DIR = "spool";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path dir;

    public Spool(Path dumpDir) {
        this.dir = dumpDir.resolve(DIR);
    }

    public Path dir() {
        return dir;
    }

    /** Queues a copy of {@code report} under its id. */
    public Path add(String reportId, Path report) throws IOException {
        Path target = file(reportId);
        Files.createDirectories(dir);
        Path partial = dir.resolve(reportId + ".json.partial");
        Files.copy(report, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** The queued reports, oldest first (so they arrive roughly in crash order). */
    public List<Path> pending() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(Spool::modified).thenComparing(Path::getFileName))
                    .toList();
        }
    }

    public static String idOf(Path spooled) {
        String name = spooled.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    public void remove(Path spooled) throws IOException {
        Files.deleteIfExists(spooled);
    }

    private Path file(String reportId) {
        if (!SAFE_ID.matcher(reportId).matches()) {
            throw new IllegalArgumentException("report id not usable as a file name: " + reportId);
        }
        return dir.resolve(reportId + ".json");
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
