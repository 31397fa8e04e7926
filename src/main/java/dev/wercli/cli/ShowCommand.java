package dev.wercli.cli;

import dev.wercli.capture.CaptureConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.store.CaptureListing;
import dev.wercli.store.IndexEntry;
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
        JsonNode r;
        try {
            r = new ObjectMapper().readTree(report.toFile());
        } catch (IOException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot read report " + report + ": " + e.getMessage(), e);
        }
        if (!r.path("report_id").isTextual()) {
            throw new WercliException(ExitCode.IO_ERROR, report + " is not a wercli report (no report_id)");
        }
        spec.commandLine().getOut().print(summary(r, report));
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

    static String summary(JsonNode r, Path file) {
        StringBuilder sb = new StringBuilder();
        JsonNode p = r.path("process");
        JsonNode x = r.path("exception");
        JsonNode fm = r.path("faulting_module");
        JsonNode d = r.path("dump");
        line(sb, "Report", r.path("report_id").asText() + "  (" + file.getFileName() + ")");
        line(sb, "Captured", text(r, "captured_at") + "  outcome: " + text(r, "outcome")
                + ", source: " + text(r, "source"));
        line(sb, "Process", text(p, "image_name") + ", pid " + text(p, "pid") + ", " + text(p, "architecture"));
        if (p.path("command_line").isTextual()) {
            line(sb, "Command", p.path("command_line").asText());
        }
        if (x.isObject()) {
            line(sb, "Exception", text(x, "code") + " " + text(x, "name")
                    + (x.path("first_chance").asBoolean() ? " (first chance)" : ""));
            if (x.path("description").isTextual()) {
                line(sb, "", x.path("description").asText());
            }
            if (x.path("access").isTextual()) {
                line(sb, "Access", x.path("access").asText() + " at " + text(x, "target_address"));
            }
            line(sb, "Address", text(x, "address"));
        } else {
            line(sb, "Exception", "-");
        }
        if (fm.isObject()) {
            String where = text(fm, "name") + (fm.path("offset").isTextual() ? "+" + fm.path("offset").asText() : "");
            line(sb, "Module", where);
        }
        JsonNode frames = r.path("crash_stack").path("frames");
        for (int i = 0; i < Math.min(frames.size(), MAX_FRAMES); i++) {
            JsonNode f = frames.get(i);
            line(sb, i == 0 ? "Stack" : "", "#" + i + " " + text(f, "location") + "  (" + text(f, "trust") + ")");
        }
        if (frames.size() > MAX_FRAMES) {
            line(sb, "", "... " + (frames.size() - MAX_FRAMES) + " more frames in the report");
        }
        if (r.path("signature").path("bucket_id").isTextual()) {
            line(sb, "Signature", r.path("signature").path("bucket_id").asText());
        }
        line(sb, "Threads", r.path("threads").size() + (r.path("thread_id").isInt()
                ? " (faulting: " + r.path("thread_id").asInt() + ")" : ""));
        line(sb, "Modules", String.valueOf(r.path("modules").size()));
        if (d.isObject()) {
            String size = d.path("size_bytes").canConvertToLong()
                    ? CaptureListing.humanSize(d.path("size_bytes").asLong()) : "size unknown";
            line(sb, "Dump", text(d, "path") + "  (" + size + ", " + text(d, "type") + " " + text(d, "flags") + ")");
        } else {
            line(sb, "Dump", "none");
        }
        for (JsonNode e : r.path("errors")) {
            line(sb, "Error", text(e, "stage") + ": " + text(e, "message"));
        }
        return sb.toString();
    }

    /** The top of the crash stack is what a reader needs; the rest stays in the report. */
    static final int MAX_FRAMES = 12;

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("%-10s %s", label, value).stripTrailing()).append(System.lineSeparator());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? "-" : v.asText();
    }
}
