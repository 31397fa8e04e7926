package dev.wercli.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Sends the spooled reports within a time budget. Each report gets a few attempts with a short back-off;
 * when the endpoint stays unreachable the rest are not tried (they would only burn the budget) and wait for
 * the next capture or {@code wercli flush}. One flusher at a time per folder ({@code spool/flush.lock}).
 * A capture that finds another flushing waits for the lock within its own budget rather than leaving at once:
 * otherwise a report spooled just after the other flusher's last look would wait for the next crash.
 *
 * <p>Owed dumps (only when asked to send them) go after their report: a dump whose report still waits is
 * skipped, so the report is never resent for its dump's sake. A dump gets the same attempts, but each may use
 * the whole remaining budget (a large dump takes longer than a report); one that fails waits in the spool for
 * the next run and its report is not sent again. A dump whose file is gone is dropped on record
 * ({@link Spool#dropDump}).
 */
public final class Delivery {
    static final int ATTEMPTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_REQUEST = Duration.ofSeconds(5);
    static final Duration POLL = Duration.ofMillis(50);
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Spool spool;
    private final ReportSender sender;
    private final Consumer<String> log;
    private final boolean sendDumps;
    private final String backend;
    private final Acknowledged acknowledged;

    /**
     * What a flush did. {@code busy}: another wercli was flushing this spool, nothing was tried.
     * {@code sent}/{@code left} count reports; {@code dumpsSent}/{@code dumpsLeft} owed dumps.
     */
    public record Result(int sent, int left, boolean busy, int dumpsSent, int dumpsLeft, Instant heldUntil) {
        /** Reports only (no dump owed). */
        public Result(int sent, int left, boolean busy) {
            this(sent, left, busy, 0, 0);
        }

        /** Not held by the backend. */
        public Result(int sent, int left, boolean busy, int dumpsSent, int dumpsLeft) {
            this(sent, left, busy, dumpsSent, dumpsLeft, null);
        }
    }

    /** Told of each capture a backend accepted, after the spool recorded it (the index keeps the receipt). */
    public interface Acknowledged {
        void accepted(String reportId, Spool.Delivered delivered) throws IOException;
    }

    /** Sends reports only; owed dumps stay in the spool. */
    public Delivery(Spool spool, ReportSender sender, Consumer<String> log) {
        this(spool, sender, log, false);
    }

    public Delivery(Spool spool, ReportSender sender, Consumer<String> log, boolean sendDumps) {
        this(spool, sender, "backend", (id, d) -> { }, log, sendDumps);
    }

    /**
     * @param backend  how acknowledgements name the backend: its protocol and address without credentials
     * @param acknowledged told of each accepted capture
     */
    public Delivery(Spool spool, ReportSender sender, String backend, Acknowledged acknowledged,
                    Consumer<String> log, boolean sendDumps) {
        this.spool = spool;
        this.sender = sender;
        this.backend = backend;
        this.acknowledged = acknowledged;
        this.log = log;
        this.sendDumps = sendDumps;
    }

    public Result flush(Duration budget) throws IOException {
        if (!hasWork()) {
            return result(0, 0, false);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        if (!IN_PROCESS.tryLock()) {
            return result(0, 0, true);
        }
        try (FileChannel ch = FileChannel.open(spool.dir().resolve("flush.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(ch);
            while (lock == null && System.nanoTime() < deadline && hasWork()) {
                sleep(POLL);
                lock = tryLock(ch);
            }
            if (lock == null) {
                return result(0, 0, hasWork());
            }
            try (FileLock held = lock) {
                return sendAll(deadline);
            }
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private boolean hasWork() throws IOException {
        return !spool.pending().isEmpty() || (sendDumps && !spool.owedDumps().isEmpty());
    }

    private Result result(int sent, int dumpsSent, boolean busy) throws IOException {
        return new Result(sent, spool.pending().size(), busy, dumpsSent, spool.owedDumps().size(),
                spool.heldUntil().orElse(null));
    }

    /** Sends until the spool is empty (reports spooled meanwhile included), the time is up, or the endpoint fails. */
    private Result sendAll(long deadline) throws IOException {
        int sent = 0;
        int dumpsSent = 0;
        java.util.Set<Path> rejected = new java.util.HashSet<>();
        java.util.Set<Path> rejectedDumps = new java.util.HashSet<>();
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            java.util.Optional<Instant> held = spool.heldUntil();
            if (held.isPresent()) {
                log.accept("delivery: the backend asked for nothing before " + held.get()
                        + "; everything stays in the spool until then");
                return result(sent, dumpsSent, false);
            }
            for (Path report : spool.pending()) {
                if (rejected.contains(report)) {
                    continue;
                }
                ReportSender.Outcome outcome = sendOne(report, deadline);
                if (outcome == ReportSender.Outcome.ACCEPTED) {
                    sent++;
                    progress = true;
                    if (spool.heldUntil().isPresent()) {
                        return result(sent, dumpsSent, false); // accepted, but asked to slow down
                    }
                } else if (outcome == ReportSender.Outcome.REJECTED) {
                    rejected.add(report);
                } else {
                    return result(sent, dumpsSent, false);
                }
            }
            if (!sendDumps) {
                continue;
            }
            for (Spool.OwedDump owed : spool.owedDumps()) {
                if (rejectedDumps.contains(owed.entry()) || spool.reportPending(owed.reportId())
                        || System.nanoTime() >= deadline) {
                    continue;
                }
                Path dump = spool.dumpFolder().resolve(owed.dumpFile());
                if (!Files.isRegularFile(dump)) {
                    String why = "the dump file " + owed.dumpFile() + " is no longer in the dump folder"
                            + " (retention or a user deleted it)";
                    spool.dropDump(owed, why);
                    log.accept("delivery: dump of report " + owed.reportId() + ": dropped, " + why);
                    continue;
                }
                ReportSender.Result r = attempts(left -> sender.sendDump(owed.reportId(), dump, owed.sha256(), left),
                        deadline, null);
                log.accept("delivery: dump of report " + owed.reportId() + ": " + name(r));
                if (r.outcome() == ReportSender.Outcome.ACCEPTED) {
                    spool.dumpSent(owed);
                    dumpsSent++;
                    progress = true;
                } else if (r.outcome() == ReportSender.Outcome.REJECTED) {
                    rejectedDumps.add(owed.entry());
                } else {
                    return result(sent, dumpsSent, false);
                }
            }
        }
        return result(sent, dumpsSent, false);
    }

    /**
     * Up to {@link #ATTEMPTS} tries with back-off while time is left; each try may take what is left, at most
     * {@code cap} (null: no cap).
     */
    private static ReportSender.Result attempts(java.util.function.Function<Duration, ReportSender.Result> send,
                                                long deadline, Duration cap) {
        Duration backoff = FIRST_BACKOFF;
        ReportSender.Result last = new ReportSender.Result(ReportSender.Outcome.RETRY, "no time left");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.toMillis() < 50) {
                break;
            }
            last = send.apply(cap == null || left.compareTo(cap) < 0 ? left : cap);
            if (last.outcome() != ReportSender.Outcome.RETRY || last.retryAfter() != null) {
                break; // done, refused, or told when to come back: not again now
            }
            if (attempt < ATTEMPTS && Duration.ofNanos(deadline - System.nanoTime()).compareTo(backoff) > 0) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        return last;
    }

    private static String name(ReportSender.Result r) {
        return r.outcome().name().toLowerCase(java.util.Locale.ROOT) + " (" + r.detail() + ")";
    }

    private ReportSender.Outcome sendOne(Path report, long deadline) throws IOException {
        String id = Spool.idOf(report);
        byte[] body;
        try {
            body = Files.readAllBytes(report);
        } catch (java.nio.file.NoSuchFileException gone) {
            return ReportSender.Outcome.ACCEPTED; // another flusher sent and removed it meanwhile
        }
        Outgoing capture = outgoing(id, body);
        if (sender.needsTheDump() && capture.dump().isEmpty()) {
            String why = "its dump is no longer in the dump folder (retention or a user deleted it), and "
                    + backend + " takes only captures with their dump";
            spool.drop(report, backend, why);
            log.accept("delivery: report " + id + ": dropped, " + why);
            return ReportSender.Outcome.REJECTED;
        }
        ReportSender.Result last = attempts(left -> sender.send(capture, left), deadline, maxRequest(capture));
        log.accept("delivery: report " + id + ": " + name(last));
        if (last.outcome() == ReportSender.Outcome.ACCEPTED) {
            Spool.Delivered d = spool.acknowledge(report, backend, last.receipt());
            try {
                acknowledged.accepted(id, d);
            } catch (IOException e) {
                log.accept("delivery: report " + id + ": delivered, but the index was not updated: " + e);
            }
        }
        if (last.retryAfter() != null) {
            spool.hold(last.retryAfter(), name(last));
            log.accept("delivery: the backend asked for nothing before " + last.retryAfter());
        }
        return last.outcome();
    }

    /**
     * A report alone must be quick ({@link #MAX_REQUEST}); one carrying its dump (Breakpad, Sentry) may use
     * the whole budget left, as an owed dump does.
     */
    private Duration maxRequest(Outgoing capture) {
        return sender.sendsTheDump() && capture.dump().isPresent() ? null : MAX_REQUEST;
    }

    /** The spooled report with its dump, when the dump folder still holds the file the report names. */
    private Outgoing outgoing(String id, byte[] body) {
        dev.wercli.report.CrashReport report;
        try {
            report = dev.wercli.report.ReportJson.read(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            report = null; // not a report wercli can read: only wercli's own protocol sends it (as it is)
        }
        String dumpPath = report == null ? null : IndexEntry.dumpPathIn(report);
        java.util.Optional<Path> dump = java.util.Optional.ofNullable(dumpPath)
                .map(p -> spool.dumpFolder().resolve(IndexEntry.fileName(p)))
                .filter(Files::isRegularFile);
        return new Outgoing(id, body, report, dump);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
