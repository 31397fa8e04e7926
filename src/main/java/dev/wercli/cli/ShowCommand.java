package dev.wercli.cli;

import dev.wercli.config.CaptureConfig;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportJson;
import dev.wercli.store.CaptureListing;
import dev.wercli.store.IndexEntry;
import dev.wercli.store.Spool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wercli show}: one report, summarised for a person (the JSON file has everything). */
@Command(name = "show", sortOptions = false,
        description = "Summarise one crash report: by id (or its first characters, as 'wercli list' prints) or by path.")
public final class ShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID|PATH", description = "A report id, a unique prefix of one, or a report file.")
    String which;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Dump folder (default: the one 'wercli install --dump-dir' saved, else %%ProgramData%%\\wercli\\dumps).")
    Path dir;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path report = locate();
        CrashReport r;
        try {
            r = ReportJson.read(report);
        } catch (IOException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot read report " + report + ": " + e.getMessage(), e);
        }
        if (r.reportId() == null) {
            throw new WercliException(ExitCode.IO_ERROR, report + " is not a wercli report (no report_id)");
        }
        spec.commandLine().getOut().print(summary(r, report));
        spec.commandLine().getOut().println(delivery(r.reportId(), report.toAbsolutePath().getParent()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }

    private Path locate() {
        Path asPath = Path.of(which);
        if (Files.isRegularFile(asPath)) {
            return asPath;
        }
        Path folder = dir != null ? dir : CaptureConfig.installedDumpDir();
        List<IndexEntry> matches;
        try {
            matches = CaptureListing.load(folder).entries().stream()
                    .filter(e -> e.reportId().startsWith(which) || e.reportFile().equals(which)).toList();
        } catch (IOException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot read the captures in " + folder + ": " + e, e);
        }
        if (matches.isEmpty()) {
            throw new WercliException(ExitCode.USAGE, "no report '" + which + "' in " + folder
                    + " (see 'wercli list')");
        }
        if (matches.size() > 1) {
            throw new WercliException(ExitCode.USAGE, "'" + which + "' matches " + matches.size()
                    + " reports in " + folder + ": give more of the id");
        }
        return folder.resolve(matches.get(0).reportFile());
    }

    /** Where the capture went: the backend's answer (its crash id), still waiting, or no delivery. */
    static String delivery(String reportId, Path folder) {
        Spool spool = new Spool(folder);
        return spool.delivered(reportId)
                .map(d -> "Delivered  " + d.backend() + " at " + d.deliveredAt()
                        + (d.receipt() == null || d.receipt().isEmpty() ? "" : ", answer: " + d.receipt()))
                .orElseGet(() -> spool.reportPending(reportId) ? "Delivered  not yet (waiting in the spool)"
                        : "Delivered  no (no crash backend when it was captured)");
    }

    static String summary(CrashReport r, Path file) {
        return new ReportSummary().line("Report", r.reportId() + "  (" + file.getFileName() + ")")
                .crash(r).errors(r).text();
    }
}
