package dev.wercli.store;

import dev.wercli.report.CrashReport;

import java.nio.file.Path;

/**
 * One line of the capture index: what {@code wercli list} shows and what retention needs, so that neither has
 * to open every report. File names are relative to the dump folder (the folder may be moved or seen from
 * Linux through Wine's Z: drive).
 *
 * @param time          the report's captured_at (ISO-8601 UTC); sorts in time order as text
 * @param signature     the report's signature.bucket_id, or null when it has no signature
 * @param dumpFile      the dump's file name, or null when the capture left no dump (a failure record)
 * @param dumpSize      the dump's size in bytes (0 without a dump)
 * @param reportSize    the report's size in bytes, so retention can count the whole capture
 * @param delivered     what the crash backend answered when it accepted the capture (its crash id or event
 *                      id, "" when it answered nothing); null while not delivered
 */
public record IndexEntry(String reportId, String time, String app, Integer pid, String exceptionCode,
                         String faultingModule, String signature, String dumpFile, long dumpSize,
                         String reportFile, long reportSize, String delivered) {

    /** Not (yet) delivered. */
    public IndexEntry(String reportId, String time, String app, Integer pid, String exceptionCode,
                      String faultingModule, String signature, String dumpFile, long dumpSize,
                      String reportFile, long reportSize) {
        this(reportId, time, app, pid, exceptionCode, faultingModule, signature, dumpFile, dumpSize, reportFile,
                reportSize, null);
    }

    /** This entry, delivered with the backend's {@code receipt} (null: it answered nothing). */
    public IndexEntry withDelivered(String receipt) {
        return new IndexEntry(reportId, time, app, pid, exceptionCode, faultingModule, signature, dumpFile, dumpSize,
                reportFile, reportSize, receipt == null ? "" : receipt);
    }

    /**
     * The index facts of a report (the same code for a new capture and for a rebuild). Typed on purpose: a
     * field renamed in {@link CrashReport} stops this from compiling instead of leaving a column empty.
     */
    public static IndexEntry fromReport(CrashReport report, Path reportFile, long reportSize, long dumpSize) {
        String dumpPath = dumpPathIn(report);
        CrashReport.Process process = report.process();
        return new IndexEntry(
                report.reportId(),
                report.capturedAt(),
                process == null ? null : process.imageName(),
                process == null ? null : process.pid(),
                report.exception() == null ? null : report.exception().code(),
                report.faultingModule() == null ? null : report.faultingModule().name(),
                // The bucket id is the signature's identity worth listing (schema 1, docs/report-schema.md).
                report.signature() == null ? null : report.signature().bucketId(),
                dumpPath == null ? null : fileName(dumpPath),
                dumpSize,
                reportFile.getFileName().toString(),
                reportSize);
    }

    /** The report's own dump path, as written by wercli (possibly a Windows path), or null without a dump. */
    public static String dumpPathIn(CrashReport report) {
        return report.dump() == null ? null : report.dump().path();
    }

    /** Bytes this capture occupies on disk. */
    public long totalBytes() {
        return dumpSize + reportSize;
    }

    /** The app name used to group captures for retention ("unknown" when the report had none). */
    public String appKey() {
        return app == null ? "unknown" : app.toLowerCase(java.util.Locale.ROOT);
    }

    /** The last path element of a Windows or POSIX path. */
    static String fileName(String path) {
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(cut + 1);
    }
}
