package dev.wercli.store;

import java.nio.file.Path;
import java.time.Duration;

/** Sends one report to the endpoint. The real one is {@link HttpReportSender}; tests may fake it. */
public interface ReportSender {
    enum Outcome {
        /** The endpoint has the report (now, or already had it: a repeat of the same report id). */
        ACCEPTED,
        /** Worth trying again later: unreachable, timed out, 5xx, 408, 429. */
        RETRY,
        /** The endpoint refuses this report for good (another 4xx): it stays in the spool for a human. */
        REJECTED
    }

    record Result(Outcome outcome, String detail) {
    }

    Result send(String reportId, byte[] json, Duration timeout);

    /**
     * Sends the dump of an already delivered report, streamed from {@code dump}. Same outcomes as
     * {@link #send}. A sender that cannot send dumps refuses them for good.
     */
    default Result sendDump(String reportId, Path dump, String sha256, Duration timeout) {
        return new Result(Outcome.REJECTED, "this sender does not send dumps");
    }
}
