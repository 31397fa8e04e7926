package dev.wercli.cli;

import dev.wercli.capture.CaptureLog;
import dev.wercli.capture.CaptureRequest;
import dev.wercli.capture.CaptureResult;
import dev.wercli.capture.CaptureRunner;
import dev.wercli.capture.CaptureState;
import dev.wercli.capture.DumpType;
import dev.wercli.capture.WerCapture;
import dev.wercli.config.CaptureConfig;
import dev.wercli.config.Limits;
import dev.wercli.config.ReleasePolicy;
import dev.wercli.platform.Platform;
import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportJson;
import dev.wercli.store.CaptureStore;
import dev.wercli.store.StoreSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code wercli capture-wer}: what wercli-wer.dll (the WER runtime exception module) runs when it claims a
 * crash. WerFault holds the process; the module passes the exception record and context it was given. wercli
 * writes the dump and the report as attach does, without a debug session, and (with --result-file) the
 * report id and the signature for the module's signature callback.
 */
@Command(name = "capture-wer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capture a crash that WER handed to wercli-wer.dll (a WER runtime exception module):",
                "write a minidump with the given exception and the JSON report. No debug session: WER holds the process."})
public final class CaptureWerCommand implements Callable<Integer> {
    /** Seams for tests, as in attach. */
    static java.util.function.Supplier<Platform> platformFactory = () -> AttachCommand.platformFactory.get();
    static CaptureRunner.Halter halter = Runtime.getRuntime()::halt;

    @Option(names = "--pid", required = true, paramLabel = "PID", description = "The crashed process (decimal).")
    int pid;

    @Option(names = "--tid", required = true, paramLabel = "TID", description = "The faulting thread (decimal).")
    int tid;

    @Option(names = "--record", required = true, paramLabel = "HEX",
            description = "The EXCEPTION_RECORD in the process's layout (152 bytes x64, 80 bytes x86), as hex.")
    String recordHex;

    @Option(names = "--context", required = true, paramLabel = "HEX",
            description = "The CONTEXT in the process's layout (1232 bytes x64, 716 bytes x86), as hex.")
    String contextHex;

    @Option(names = "--dump-dir", paramLabel = "DIR",
            description = "Folder for dumps and reports (default: from 'wercli install', else %%ProgramData%%\\wercli\\dumps).")
    Path dumpDir;

    @Option(names = "--dump-type", paramLabel = "TYPE", description = "mini, mini-plus, full (each optionally +aux), or flags in hex (default: as installed).")
    String dumpType;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Watchdog: end by then, whatever happens (" + Limits.TIMEOUT_RANGE + "; default: as installed, else 60).")
    Integer timeoutSeconds;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Append a log here (default: wercli.log in the dump folder).")
    Path logFile;

    @Option(names = "--result-file", paramLabel = "FILE",
            description = "On success, write key=value lines here for the module: report_id and the WER signature fields.")
    Path resultFile;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Usage usage = Usage.of(spec.commandLine());
        byte[] record;
        byte[] context;
        try {
            record = HexFormat.of().parseHex(recordHex);
            context = HexFormat.of().parseHex(contextHex);
        } catch (IllegalArgumentException e) {
            throw usage.error("--record and --context must be hex: " + e.getMessage());
        }
        CaptureConfig settings;
        String settingsProblem = null;
        try {
            settings = CaptureConfig.load(CaptureConfig.defaultPath());
        } catch (IOException e) {
            settings = CaptureConfig.defaults();
            settingsProblem = "ignoring the unreadable settings " + CaptureConfig.defaultPath() + ": " + e.getMessage();
        }
        DumpType type;
        int timeout = timeoutSeconds != null ? timeoutSeconds : settings.timeoutSeconds();
        try {
            type = DumpType.parse(dumpType != null ? dumpType : settings.dumpType());
            Limits.timeoutSeconds(timeout);
        } catch (IllegalArgumentException e) {
            throw usage.error(e.getMessage());
        }
        StoreSettings storeSettings = StoreOptions.settings(settings.keep(), Long.toString(settings.maxSizeBytes()),
                settings.delivery(), usage);
        long startNanos = System.nanoTime();
        Path dir = dumpDir != null ? dumpDir : Path.of(settings.dumpDir());
        Path log = logFile != null ? logFile : dir.resolve("wercli.log");
        PrintStream err = new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true);
        CaptureLog captureLog = new CaptureLog(Optional.of(log), verbose.verbose ? err : null, Clock.systemUTC());
        captureLog.info("capture-wer pid=" + pid + " tid=" + tid + " record=" + record.length + " bytes context="
                + context.length + " bytes dump-dir=" + dir + " type=" + type.name() + " timeout=" + timeout + "s");
        if (settingsProblem != null) {
            captureLog.info(settingsProblem);
        }
        CaptureRequest request = new CaptureRequest(pid, 0, OptionalLong.empty(), dir, type, Duration.ofSeconds(timeout),
                AttachCommand.ownIdentity(), Duration.ZERO, ReleasePolicy.EXIT);
        CaptureState state = new CaptureState(request, Clock.systemUTC(), captureLog, Version.current());
        CaptureStore[] store = new CaptureStore[1];
        state.onRecorded(r -> {
            store[0] = new CaptureStore(dir, storeSettings, captureLog::info);
            store[0].recorded(r);
        });
        CaptureResult result = new WerCapture(platformFactory.get(), request, state, captureLog,
                new WerCapture.Given(tid, record, context)).runWithin(halter, ExitCode.TIMEOUT.code());
        if (store[0] != null) {
            StoreOptions.deliver(store[0], request.timeout().minusNanos(System.nanoTime() - startNanos), captureLog);
        }
        ExitCode code = result.failure().map(ExitCode::of).orElse(ExitCode.OK);
        captureLog.info("exit " + code.code() + " (" + code.meaning() + ")");
        if (!result.ok()) {
            throw new WercliException(code, result.message() + result.report().map(r -> " (record: " + r + ")").orElse(""));
        }
        if (resultFile != null) {
            writeResult(result.report().orElseThrow(), captureLog);
        }
        spec.commandLine().getOut().println("wercli: captured process " + pid + ": dump "
                + result.dump().map(Path::toString).orElse("-") + ", report " + result.report().map(Path::toString).orElse("-"));
        return ExitCode.OK.code();
    }

    /** report_id, report, and WER's eight bucket fields from the report's signature (empty when unknown). */
    private void writeResult(Path report, CaptureLog log) {
        StringBuilder out = new StringBuilder();
        try {
            CrashReport r = ReportJson.read(report);
            out.append("report_id=").append(r.reportId()).append('\n');
            out.append("report=").append(report).append('\n');
            CrashReport.Signature s = r.signature();
            if (s != null) {
                line(out, "AppName", s.appName());
                line(out, "AppVer", s.appVersion());
                line(out, "AppTimeStamp", s.appTimestamp());
                line(out, "ModName", s.moduleName());
                line(out, "ModVer", s.moduleVersion());
                line(out, "ModTimeStamp", s.moduleTimestamp());
                line(out, "Offset", s.offset());
                line(out, "ExceptionCode", s.exceptionCode());
            }
            Path tmp = resultFile.resolveSibling(resultFile.getFileName() + ".partial");
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            Files.move(tmp, resultFile, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            log.info("result file " + resultFile + " could not be written: " + e); // the capture itself stands
        }
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append("sig.").append(name).append('=').append(value == null ? "" : value.replace('\n', ' ')).append('\n');
    }
}
