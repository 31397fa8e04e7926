package dev.wercli.capture;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The race between the debugger thread and the watchdog, in one place: whichever ends the capture first
 * claims the one JSON record (the full report, or a failure record) and writes it; the other writes nothing.
 * A capture therefore never leaves two records, and never none when the folder is writable.
 */
final class RecordClaim {
    private final AtomicBoolean claimed = new AtomicBoolean();

    /** True exactly once: for the caller that may write the record. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }
}
