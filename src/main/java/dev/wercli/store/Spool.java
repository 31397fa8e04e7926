package dev.wercli.store;

import dev.wercli.config.Json;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

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
 *
 * <p>With dump upload on, {@code spool/<report id>.dump-owed} records that the capture's dump is still owed
 * (its file name in the dump folder and its SHA-256). The dump itself is not copied (it can be GiBs): it is
 * sent from the dump folder, and removed from the spool once accepted. If the dump is gone before it could be
 * sent (retention, a user), the entry becomes {@code <report id>.dump-dropped} with the reason, so the loss
 * is on record and nothing retries it.
 *
 * <p>When a backend accepts a capture, {@code spool/<report id>.delivered} records its answer (the crash id
 * it gave) <em>before</em> the report leaves the spool, so a wercli stopped between the two never sends it
 * again; {@link #pending()} leaves out reports already acknowledged. When a backend asks to be left alone
 * (429, Sentry's rate limits), {@code spool/backend-hold} says until when, for every wercli that flushes.
 */
public final class Spool {
    public static final String DIR = "spool";
    static final String OWED = ".dump-owed";
    static final String DROPPED = ".dump-dropped";
    static final String DELIVERED = ".delivered";
    static final String DROPPED_CAPTURE = ".dropped";
    static final String HOLD = "backend-hold";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path dir;

    public Spool(Path dumpDir) {
        this.dir = dumpDir.resolve(DIR);
    }

    public Path dir() {
        return dir;
    }

    /** The dump folder the spool belongs to (where owed dumps are read from). */
    public Path dumpFolder() {
        return dir.getParent();
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

    /** A dump still owed to the endpoint: its file name in the dump folder, its SHA-256 and size. */
    public record OwedDump(Path entry, String reportId, String dumpFile, String sha256, long sizeBytes) {
    }

    /**
     * The content of a {@code .dump-owed} / {@code .dump-dropped} file, written and read through this one
     * record so the two sides cannot disagree on a name.
     *
     * <p>The format is the record's own (annotations, not the mapper), so it holds with any ObjectMapper.
     *
     * @param dropped why the dump can never be sent; null (and absent from the file) while it is owed
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OwedRecord(String reportId, String dumpFile, String sha256, long sizeBytes, String dropped) {
    }

    /** Records that the dump {@code dumpFile} (a name in the dump folder) of {@code reportId} is owed. */
    public Path addOwedDump(String reportId, String dumpFile, String sha256, long sizeBytes) throws IOException {
        file(reportId); // checks the id
        OwedRecord owed = new OwedRecord(reportId, dumpFile, sha256, sizeBytes, null);
        return writeRecord(dir.resolve(reportId + OWED), owed);
    }

    /** The queued reports not yet acknowledged, oldest first (so they arrive roughly in crash order). */
    public List<Path> pending() throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path p : list(".json")) {
            if (Files.exists(dir.resolve(idOf(p) + DELIVERED))) {
                Files.deleteIfExists(p); // acknowledged, then wercli stopped before removing it: never resent
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * What a backend answered when it accepted a capture.
     *
     * @param backend  the protocol and the backend's address without credentials
     * @param receipt  the backend's crash id or event id; null when it answered none
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delivered(String reportId, String backend, String receipt, String deliveredAt) {
    }

    /**
     * The backend accepted {@code spooled}: its answer is recorded first, then the report leaves the spool.
     * Returns the record written.
     */
    public Delivered acknowledge(Path spooled, String backend, String receipt) throws IOException {
        String id = idOf(spooled);
        Delivered d = new Delivered(id, backend, receipt, java.time.Instant.now().toString());
        writeRecord(dir.resolve(id + DELIVERED), d);
        Files.deleteIfExists(spooled);
        return d;
    }

    /** The backend's answer for {@code reportId}, when it was delivered. */
    public java.util.Optional<Delivered> delivered(String reportId) {
        Path p = dir.resolve(reportId + DELIVERED);
        try {
            return java.util.Optional.of(Json.javaNames().readValue(p.toFile(), Delivered.class));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The capture can never be sent (its dump, which the backend needs, is gone): kept on record as
     * {@code <report id>.dropped} with the reason, and no longer owed.
     */
    public void drop(Path spooled, String backend, String reason) throws IOException {
        String id = idOf(spooled);
        Delivered d = new Delivered(id, backend, "dropped: " + reason, java.time.Instant.now().toString());
        writeRecord(dir.resolve(id + DROPPED_CAPTURE), d);
        Files.deleteIfExists(spooled);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hold(String until, String reason) {
    }

    /** The backend asked for nothing before {@code until}: every flush waits for it. */
    public void hold(java.time.Instant until, String reason) throws IOException {
        writeRecord(dir.resolve(HOLD), new Hold(until.toString(), reason));
    }

    /** Until when the backend asked to be left alone; empty when it did not, or that time has passed. */
    public java.util.Optional<java.time.Instant> heldUntil() {
        Path p = dir.resolve(HOLD);
        try {
            java.time.Instant until = java.time.Instant.parse(Json.javaNames().readValue(p.toFile(), Hold.class).until());
            return until.isAfter(java.time.Instant.now()) ? java.util.Optional.of(until) : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // none, or unreadable: a damaged hold must not stop delivery for good
        }
    }

    /** The owed dumps, oldest first. */
    public List<OwedDump> owedDumps() throws IOException {
        List<OwedDump> owed = new java.util.ArrayList<>();
        for (Path p : list(OWED)) {
            try {
                OwedRecord r = Json.javaNames().readValue(p.toFile(), OwedRecord.class);
                owed.add(new OwedDump(p, r.reportId(), r.dumpFile(), r.sha256(), r.sizeBytes()));
            } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException gone) {
                // sent by another flusher meanwhile
            }
        }
        return owed;
    }

    /** True while the report itself still waits: its dump is sent only after it. */
    public boolean reportPending(String reportId) {
        return Files.exists(file(reportId));
    }

    /** The dump was accepted: it is no longer owed. */
    public void dumpSent(OwedDump owed) throws IOException {
        Files.deleteIfExists(owed.entry());
    }

    /** The dump can never be sent (its file is gone): keep a record why, stop owing it. */
    public void dropDump(OwedDump owed, String reason) throws IOException {
        OwedRecord record = new OwedRecord(owed.reportId(), owed.dumpFile(), owed.sha256(), owed.sizeBytes(), reason);
        writeRecord(dir.resolve(owed.reportId() + DROPPED), record);
        Files.deleteIfExists(owed.entry());
    }

    private List<Path> list(String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.comparing(Spool::modified).thenComparing(Path::getFileName))
                    .toList();
        }
    }

    /** One of the spool's small records, as one line of JSON, written atomically. */
    private Path writeRecord(Path target, Object record) throws IOException {
        return writeAtomically(target, Json.javaNames().writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(record));
    }

    private Path writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, content);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
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
