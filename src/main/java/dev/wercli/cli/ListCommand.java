package dev.wercli.cli;

import dev.wercli.config.CaptureConfig;
import dev.wercli.store.CaptureIndex;
import dev.wercli.store.CaptureListing;
import dev.wercli.store.IndexEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code wercli list}: the captures in the dump folder, one line each (or JSON). Reads the index. */
@Command(name = "list", sortOptions = false,
        description = {"List the captures in the dump folder, oldest first.",
                "Columns: id (give it to 'wercli show'), time (UTC), app, pid, exception, faulting module, "
                        + "signature, dump size."})
public final class ListCommand implements Callable<Integer> {
    /** Seam for tests: "now", for --since 2h. */
    static Clock clock = Clock.systemUTC();
    private static final java.time.format.DateTimeFormatter TABLE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Dump folder (default: the one 'wercli install --dump-dir' saved, else %%ProgramData%%\\wercli\\dumps).")
    Path dir;

    @Option(names = "--app", paramLabel = "NAME", description = "Only this application (image name, case-insensitive).")
    String app;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only captures at or after TIME: 2026-11-22, 2026-11-22T05:00:00Z, or an age such as 30m, 2h, 7d.")
    String since;

    @Option(names = "--json", description = "Print a JSON array (the index's fields) instead of a table.")
    boolean json;

    @Option(names = "--rebuild", description = "Recreate the index from the folder's reports first.")
    boolean rebuild;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Instant from = since == null ? null : parseSince(since, spec.commandLine());
        Path folder = dir != null ? dir : CaptureConfig.installedDumpDir();
        if (!Files.isDirectory(folder)) {
            throw new WercliException(ExitCode.IO_ERROR, "no dump folder at " + folder);
        }
        CaptureIndex.Contents contents;
        try {
            if (rebuild) {
                new CaptureIndex(folder).rebuild();
            }
            contents = CaptureListing.load(folder);
        } catch (IOException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot read the captures in " + folder + ": " + e, e);
        }
        List<IndexEntry> rows = new ArrayList<>();
        for (IndexEntry e : contents.entries()) {
            if (app != null && !app.equalsIgnoreCase(e.app())) {
                continue;
            }
            if (from != null && (e.time() == null || parseInstant(e.time()).isBefore(from))) {
                continue;
            }
            rows.add(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.print(json ? CaptureListing.toJson(rows) : table(rows));
        } catch (IOException e) {
            throw new WercliException(ExitCode.INTERNAL, "cannot write JSON: " + e, e);
        }
        out.flush();
        if (contents.skippedLines() > 0) {
            spec.commandLine().getErr().println("wercli: " + contents.skippedLines()
                    + " damaged index line(s) skipped; 'wercli list --rebuild' recreates the index");
        }
        return ExitCode.OK.code();
    }

    static String table(List<IndexEntry> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[]{"ID", "TIME (UTC)", "APP", "PID", "EXCEPTION", "MODULE", "SIGNATURE", "DUMP"});
        for (IndexEntry e : rows) {
            cells.add(new String[]{
                    shortId(e.reportId()), time(e.time()), dash(e.app()), e.pid() == null ? "-" : e.pid().toString(),
                    dash(e.exceptionCode()), dash(e.faultingModule()), dash(e.signature()),
                    e.dumpFile() == null ? "-" : CaptureListing.humanSize(e.dumpSize())});
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", row[i]));
            }
            sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        if (rows.isEmpty()) {
            sb.append("(no captures)").append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** The first 8 characters of a report id: enough to tell captures apart, and 'show' accepts a prefix. */
    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String time(String iso) {
        if (iso == null) {
            return "-";
        }
        try {
            return TABLE_TIME.format(parseInstant(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static Instant parseInstant(String iso) {
        return Instant.parse(iso);
    }

    static Instant parseSince(String text, CommandLine cmd) {
        String t = text.trim();
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration age = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return clock.instant().minus(age);
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(t);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new CommandLine.ParameterException(cmd, "--since: not a time: '" + text
                    + "' (use 2026-11-22, 2026-11-22T05:00:00Z, or an age such as 30m, 2h, 7d)");
        }
    }
}
