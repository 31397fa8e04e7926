package dev.wercli.report;

import java.time.Instant;
import java.util.List;

/**
 * What the report says about how it was made, as opposed to what crashed: who wrote it, when, the dump,
 * the timings and what went wrong. A live capture fills all of it; {@code analyze} only what a file tells.
 */
public record CaptureFacts(String reportId, Instant capturedAt, String outcome, CrashReport.Dump dump,
                           CrashReport.Timings timings, List<String> breadcrumbs, List<CrashReport.Error> errors) {
    public static final String CAPTURED = "captured";
    public static final String FAILED = "failed";
    public static final String PARTIAL = "partial";

    public CaptureFacts {
        breadcrumbs = List.copyOf(breadcrumbs);
        errors = List.copyOf(errors);
    }
}
