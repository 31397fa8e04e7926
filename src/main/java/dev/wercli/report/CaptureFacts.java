package dev.wercli.report;

import dev.wercli.analysis.runtime.AuxiliaryProviders;

import java.time.Instant;
import java.util.List;

/**
 * What the report says about how it was made, as opposed to what crashed: who wrote it, when, the dump,
 * the timings and what went wrong. A live capture fills all of it; {@code analyze} only what a file tells.
 *
 * @param auxiliaryDlls the MiniDumpAuxiliaryDlls registry entries of the dump writer's view, read at capture
 *                      time; null when the registry was not read (a dump file has none of it)
 */
public record CaptureFacts(String reportId, Instant capturedAt, String outcome, CrashReport.Dump dump,
                           CrashReport.Timings timings, List<String> breadcrumbs, List<CrashReport.Error> errors,
                           List<AuxiliaryProviders.RegisteredDll> auxiliaryDlls) {
    public static final String CAPTURED = "captured";
    public static final String FAILED = "failed";
    public static final String PARTIAL = "partial";

    public CaptureFacts {
        breadcrumbs = List.copyOf(breadcrumbs);
        errors = List.copyOf(errors);
        auxiliaryDlls = auxiliaryDlls == null ? null : List.copyOf(auxiliaryDlls);
    }

    /** Facts without the registry's auxiliary DLLs (unknown). */
    public CaptureFacts(String reportId, Instant capturedAt, String outcome, CrashReport.Dump dump,
                        CrashReport.Timings timings, List<String> breadcrumbs, List<CrashReport.Error> errors) {
        this(reportId, capturedAt, outcome, dump, timings, breadcrumbs, errors, null);
    }

    public CaptureFacts withAuxiliaryDlls(List<AuxiliaryProviders.RegisteredDll> entries) {
        return new CaptureFacts(reportId, capturedAt, outcome, dump, timings, breadcrumbs, errors, entries);
    }
}
