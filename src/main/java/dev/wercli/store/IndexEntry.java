package dev.wercli.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * One line of the capture index: what {@code wercli list} shows and what retention needs, so that neither has
 * to open every report. File names are relative to the dump folder (the folder may be moved or seen from
 * Linux through Wine's Z: drive).
 *
 * @param time          the report's captured_at (ISO-8601 UTC); sorts in time order as text
 * @param signature     the report's crash signature when it has one, else null
 * @param dumpFile      the dump's file name, or null when the capture left no dump (a failure record)
 * @param dumpSize      the dump's size in bytes (0 without a dump)
 * @param reportSize    the report's size in bytes, so retention can count the whole capture
 */
public record IndexEntry(String reportId, String time, String app, Integer pid, String exceptionCode,
                         String faultingModule, String signature, String dumpFile, long dumpSize,
                         String reportFile, long reportSize) {

    /** Reads the index facts out of a JSON report (the same code for a new capture and for a rebuild). */
    public static IndexEntry fromReport(JsonNode report, Path reportFile, long reportSize, long dumpSize) {
        JsonNode dump = report.path("dump");
        String dumpPath = text(dump.path("path"));
        return new IndexEntry(
                text(report.path("report_id")),
                text(report.path("captured_at")),
                text(report.path("process").path("image_name")),
                report.path("process").path("pid").isInt() ? report.path("process").path("pid").asInt() : null,
                text(report.path("exception").path("code")),
                text(report.path("faulting_module").path("name")),
                signature(report.path("signature")),
                dumpPath == null ? null : fileName(dumpPath),
                dumpSize,
                reportFile.getFileName().toString(),
                reportSize);
    }

    /** The report's own dump path, as written by wercli (possibly a Windows path). */
    public static String dumpPathIn(JsonNode report) {
        return text(report.path("dump").path("path"));
    }

    /** Bytes this capture occupies on disk. */
    public long totalBytes() {
        return dumpSize + reportSize;
    }

    /** The app name used to group captures for retention ("unknown" when the report had none). */
    public String appKey() {
        return app == null ? "unknown" : app.toLowerCase(java.util.Locale.ROOT);
    }

    private static String signature(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        // A structured signature: its bucket id (report schema 1, docs/report-schema.md) is the identity
        // worth listing; "hash" is kept for reports written before the field had its final name.
        JsonNode hash = node.has("bucket_id") ? node.path("bucket_id") : node.path("hash");
        return hash.isTextual() ? hash.asText() : null;
    }

    /** The last path element of a Windows or POSIX path. */
    static String fileName(String path) {
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(cut + 1);
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
