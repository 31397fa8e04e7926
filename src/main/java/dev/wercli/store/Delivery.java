package dev.wercli.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Sends the spooled reports within a time budget. Each report gets a few attempts with a short back-off;
 * when the endpoint stays unreachable the rest are not tried (they would only burn the budget) and wait for
 * the next capture or {@code wercli flush}. One flusher at a time per folder ({@code spool/flush.lock}).
 * A capture that finds another flushing waits for the lock within its own budget rather than leaving at once:
 * otherwise a report spooled just after the other flusher's last look would wait for the next crash.
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

    /** What a flush did. {@code busy}: another wercli was flushing this spool, nothing was tried. */
    public record Result(int sent, int left, boolean busy) {
    }

    public Delivery(Spool spool, ReportSender sender, Consumer<String> log) {
        this.spool = spool;
        this.sender = sender;
        this.log = log;
    }

    public Result flush(Duration budget) throws IOException {
        if (spool.pending().isEmpty()) {
            return new Result(0, 0, false);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        if (!IN_PROCESS.tryLock()) {
            return new Result(0, spool.pending().size(), true);
        }
        try (FileChannel ch = FileChannel.open(spool.dir().resolve("flush.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(ch);
            while (lock == null && System.nanoTime() < deadline && !spool.pending().isEmpty()) {
                sleep(POLL);
                lock = tryLock(ch);
            }
            if (lock == null) {
                List<Path> left = spool.pending();
                return new Result(0, left.size(), !left.isEmpty());
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

    /** Sends until the spool is empty (reports spooled meanwhile included), the time is up, or the endpoint fails. */
    private Result sendAll(long deadline) throws IOException {
        int sent = 0;
        java.util.Set<Path> rejected = new java.util.HashSet<>();
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            for (Path report : spool.pending()) {
                if (rejected.contains(report)) {
                    continue;
                }
                ReportSender.Outcome outcome = sendOne(report, deadline);
                if (outcome == ReportSender.Outcome.ACCEPTED) {
                    spool.remove(report);
                    sent++;
                    progress = true;
                } else if (outcome == ReportSender.Outcome.REJECTED) {
                    rejected.add(report);
                } else {
                    return new Result(sent, spool.pending().size(), false);
                }
            }
        }
        return new Result(sent, spool.pending().size(), false);
    }

    private ReportSender.Outcome sendOne(Path report, long deadline) throws IOException {
        String id = Spool.idOf(report);
        byte[] body;
        try {
            body = Files.readAllBytes(report);
        } catch (java.nio.file.NoSuchFileException gone) {
            return ReportSender.Outcome.ACCEPTED; // another flusher sent and removed it meanwhile
        }
        Duration backoff = FIRST_BACKOFF;
        ReportSender.Result last = new ReportSender.Result(ReportSender.Outcome.RETRY, "no time left");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.toMillis() < 50) {
                break;
            }
            last = sender.send(id, body, left.compareTo(MAX_REQUEST) < 0 ? left : MAX_REQUEST);
            if (last.outcome() != ReportSender.Outcome.RETRY) {
                break;
            }
            if (attempt < ATTEMPTS && Duration.ofNanos(deadline - System.nanoTime()).compareTo(backoff) > 0) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        log.accept("delivery: report " + id + ": " + last.outcome().name().toLowerCase(java.util.Locale.ROOT)
                + " (" + last.detail() + ")");
        return last.outcome();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
