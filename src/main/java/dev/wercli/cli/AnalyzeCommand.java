package dev.wercli.cli;

import dev.wercli.capture.FileDigest;
import dev.wercli.capture.DumpType;
import dev.wercli.report.CaptureFacts;
import dev.wercli.report.CrashReport;
import dev.wercli.analysis.Hex;
import dev.wercli.report.ReportBuilder;
import dev.wercli.report.ReportOptions;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.report.ReportJson;
import dev.wercli.snapshot.minidump.Minidump;
import dev.wercli.snapshot.minidump.MinidumpFormatException;
import dev.wercli.snapshot.minidump.MinidumpProblem;
import dev.wercli.snapshot.minidump.MinidumpReader;
import dev.wercli.snapshot.minidump.MinidumpSnapshot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code wercli analyze FILE...}: the crash report of minidump files, built by the same {@link ReportBuilder}
 * as a live capture. Damaged files are reported as far as they can be read (exit 10); files that cannot be
 * opened exit 13. With several files the exit code is the worst one.
 */
@Command(name = "analyze",
        description = {"Read minidumps (from wercli, WER, ProcDump, Task Manager or Wine) and report the crash.",
                "Prints a summary per file, or the JSON report with --json (one object, or an array for several files)."},
        sortOptions = false)
public final class AnalyzeCommand implements Callable<Integer> {
    /** A badly damaged file can have thousands of problems; the terminal gets the first few. */
    static final int MAX_PROBLEM_LINES = 20;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Minidump files (.dmp).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--json", description = "Print the JSON report instead of the summary.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write each report as DIR/<dump name>.json (the folder is created).")
    Path outDir;

    @Option(names = "--sha256",
            description = "Put the file's SHA-256 in the report (reads the whole file: seconds per GiB).")
    boolean sha256;

    @Option(names = "--modules", paramLabel = "DIR",
            description = {"A folder with the crashed process's .exe/.dll files (repeatable). A dump without module "
                    + "images then still gets stacks, export symbols and versions; a file is used only when its "
                    + "link timestamp and size match the dump's module."})
    List<Path> moduleDirs = new ArrayList<>();

    @Option(names = "--all-threads", description = "Walk every thread's stack, not only the faulting thread's.")
    boolean allThreads;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One file's outcome: its report (null when nothing could be read) and the exit code it earns. */
    record Result(Path file, CrashReport report, Minidump dump, ExitCode code) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (outDir != null) {
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                throw new WercliException(ExitCode.IO_ERROR, "cannot create " + outDir + ": " + e.getMessage(), e);
            }
        }
        List<Result> results = new ArrayList<>();
        for (Path file : files) {
            Result r = analyze(file, err);
            results.add(r);
            if (r.report() != null && outDir != null) {
                writeReport(r, err);
            }
        }
        List<CrashReport> reports = results.stream().map(Result::report).filter(r -> r != null).toList();
        if (json) {
            out.print(ReportJson.write(reports.size() == 1 && files.size() == 1 ? reports.get(0) : reports));
        } else {
            for (Result r : results) {
                if (r.report() != null) {
                    out.print(AnalyzeSummary.text(r.file(), r.report(), r.dump()));
                }
            }
        }
        out.flush();
        return results.stream().map(Result::code).reduce(ExitCode.OK, AnalyzeCommand::worse).code();
    }

    private Result analyze(Path file, PrintWriter err) {
        Minidump dump;
        try {
            dump = MinidumpReader.open(file);
        } catch (IOException e) {
            err.println("wercli: " + file + ": cannot read: " + e);
            return new Result(file, null, null, ExitCode.IO_ERROR);
        } catch (MinidumpFormatException e) {
            err.println("wercli: " + file + ": not a readable minidump: " + e.getMessage());
            return new Result(file, null, null, ExitCode.PARTIAL);
        }
        ReportOptions options = ReportOptions.DEFAULT.withAllThreadStacks(allThreads).withModuleFiles(this::moduleFile);
        CrashReport report = new ReportBuilder(Version.current(), options).build(new MinidumpSnapshot(dump),
                facts(file, dump));
        List<MinidumpProblem> problems = dump.problems();
        for (MinidumpProblem p : problems.subList(0, Math.min(problems.size(), MAX_PROBLEM_LINES))) {
            err.println("wercli: " + file + ": damaged: " + p);
        }
        if (problems.size() > MAX_PROBLEM_LINES) {
            err.println("wercli: " + file + ": " + (problems.size() - MAX_PROBLEM_LINES)
                    + " more problems (all are in the JSON report's errors)");
        }
        return new Result(file, report, dump, dump.partial() ? ExitCode.PARTIAL : ExitCode.OK);
    }

    /** The first --modules folder holding a file of the module's name. */
    private Optional<Path> moduleFile(ModuleInfo module) {
        return moduleDirs.stream().map(d -> d.resolve(module.name())).filter(Files::isRegularFile).findFirst();
    }

    /**
     * What the file tells about how it was made: written at the header's TimeDateStamp, with the header's
     * MINIDUMP_TYPE flags. No report id, timings or breadcrumbs: those exist only for a live capture.
     * The SHA-256 only on request: hashing reads every byte, and a full dump has gigabytes that the
     * report itself never touches.
     */
    private CaptureFacts facts(Path file, Minidump dump) {
        long flags = dump.header().flags();
        List<CrashReport.Error> errors = dump.problems().stream()
                .map(p -> new CrashReport.Error("snapshot", p.toString())).toList();
        String sha = null;
        if (sha256) {
            try {
                sha = FileDigest.sha256(file);
            } catch (IOException e) {
                throw new WercliException(ExitCode.IO_ERROR, file + ": cannot hash: " + e.getMessage(), e);
            }
        }
        CrashReport.Dump dumpFacts = new CrashReport.Dump(file.toString(), dumpTypeName(flags), Hex.code((int) flags),
                dump.fileSize(), sha);
        Instant written = dump.header().timeDateStamp() == 0 ? null : Instant.ofEpochSecond(dump.header().timeDateStamp());
        return new CaptureFacts(null, written, dump.partial() ? CaptureFacts.PARTIAL : CaptureFacts.CAPTURED,
                dumpFacts, null, List.of(), errors);
    }

    /** The name wercli's own --dump-type would give these flags; "custom" for any other set. */
    static String dumpTypeName(long flags) {
        for (DumpType t : DumpType.named()) {
            if (t.flags() == flags) {
                return t.name();
            }
        }
        return "custom";
    }

    private void writeReport(Result r, PrintWriter err) {
        String name = r.file().getFileName().toString().replaceFirst("(?i)\\.dmp$", "") + ".json";
        Path target = outDir.resolve(name);
        try {
            Files.writeString(target, ReportJson.write(r.report()));
        } catch (IOException e) {
            err.println("wercli: cannot write " + target + ": " + e.getMessage());
            throw new WercliException(ExitCode.IO_ERROR, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static ExitCode worse(ExitCode a, ExitCode b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(ExitCode c) {
        return c == ExitCode.IO_ERROR ? 2 : c == ExitCode.PARTIAL ? 1 : 0;
    }
}
