package dev.wercli.cli;

import dev.wercli.report.CrashReport;
import dev.wercli.snapshot.minidump.Minidump;

import java.nio.file.Path;

/**
 * The human summary {@code wercli analyze} prints per dump: the crash as {@code show} tells it
 * ({@link ReportSummary}), then what only the dump reader knows: how much memory it held, which streams
 * were not decoded and whether it read completely.
 */
final class AnalyzeSummary {
    private AnalyzeSummary() {
    }

    static String text(Path file, CrashReport r, Minidump dump) {
        ReportSummary s = new ReportSummary().line("File", file.toString()).crash(r)
                .line("Memory", dump.memory().ranges().size() + " ranges");
        if (!dump.unknownStreams().isEmpty()) {
            StringBuilder names = new StringBuilder();
            dump.unknownStreams().forEach(u -> names.append(names.isEmpty() ? "" : " ").append(u.name()));
            s.line("Streams", "not decoded: " + names);
        }
        s.line("Status", dump.partial() ? "PARTIAL: " + dump.problems().size() + " problem(s)" : "complete");
        return s.errors(r).text();
    }
}
