package dev.wercli.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends one capture to a crash backend, in that backend's protocol ({@link UploadProtocol}). The real ones
 * are {@link HttpReportSender} (wercli), {@code breakpad.BreakpadSender} and {@code sentry.SentrySender};
 * tests may fake it. A sender never throws for a network or server failure: it answers with an outcome.
 */
public interface ReportSender {
    enum Outcome {
        /** The backend has the capture (now, or already had it: a repeat of the same report id). */
        ACCEPTED,
        /** Worth trying again later: unreachable, timed out, 5xx, 408, 429. */
        RETRY,
        /** The backend refuses this capture for good (another 4xx): it stays in the spool for a human. */
        REJECTED
    }

    /**
     * @param detail     for logs: "HTTP 200", "ConnectException: ...". Never holds a key, token or credential.
     * @param receipt    what the backend answered on acceptance and a user may look up there (Breakpad's crash
     *                   id, Sentry's event id), at most 1 KiB of text; null when it answered nothing useful
     * @param retryAfter the backend asked not to be sent anything before this instant (429 with Retry-After,
     *                   Sentry's X-Sentry-Rate-Limits); null when it did not
     */
    record Result(Outcome outcome, String detail, String receipt, Instant retryAfter) {
        public Result(Outcome outcome, String detail) {
            this(outcome, detail, null, null);
        }
    }

    Result send(Outgoing capture, Duration timeout);

    /**
     * True when {@link #send} carries the dump too (Breakpad, Sentry): such a request may take the whole
     * delivery budget, where a report alone is cut short so one slow backend cannot take it all.
     */
    default boolean sendsTheDump() {
        return false;
    }

    /**
     * True when a capture without its dump can never be sent (Breakpad): delivery then drops it on record
     * instead of keeping it owed for ever (retention deleted the dump first).
     */
    default boolean needsTheDump() {
        return false;
    }

    /**
     * Sends the dump of an already delivered report, streamed from {@code dump}: wercli's protocol sends it
     * separately (attach --upload-dumps). Same outcomes as {@link #send}. The other protocols carry the dump
     * in {@link #send} and refuse this for good.
     */
    default Result sendDump(String reportId, Path dump, String sha256, Duration timeout) {
        return new Result(Outcome.REJECTED, "this sender does not send dumps");
    }
}
