package dev.wercli.capture;

import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a capture's JSON record beside its dump, whole or not at all, and describes the dump file. */
final class RecordWriter {
    private RecordWriter() {
    }

    /** Through {@code .json.partial} and a rename: a reader never sees half a report, a full disk leaves none. */
    static Path write(CrashReport report, CaptureFiles files) throws IOException {
        String json = ReportJson.write(report);
        Path partial = files.partialReport();
        try {
            Files.writeString(partial, json, StandardCharsets.UTF_8);
            Files.move(partial, files.report(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return files.report();
    }

    /** The report's {@code dump} section: path, type, size and SHA-256; size and hash null if unreadable. */
    static CrashReport.Dump dumpFacts(Path dump, DumpType type, CaptureLog log) {
        Long size = null;
        String sha = null;
        try {
            size = Files.size(dump);
            sha = FileDigest.sha256(dump);
        } catch (IOException e) {
            log.info("cannot hash the dump: " + e.getMessage());
        }
        return new CrashReport.Dump(dump.toString(), type.name(), type.flagsHex(), size, sha);
    }
}
