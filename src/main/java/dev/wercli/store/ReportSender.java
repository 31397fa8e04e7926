package dev.wercli.store;

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
}
