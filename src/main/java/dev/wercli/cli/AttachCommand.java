package dev.wercli.cli;

import dev.wercli.capture.CaptureLog;
import dev.wercli.capture.CaptureRequest;
import dev.wercli.capture.CaptureResult;
import dev.wercli.capture.CaptureRunner;
import dev.wercli.capture.CaptureState;
import dev.wercli.capture.DumpType;
import dev.wercli.capture.ReleaseNotice;
import dev.wercli.config.CaptureConfig;
import dev.wercli.config.DeliveryConfig;
import dev.wercli.config.Limits;
import dev.wercli.config.ReleasePolicy;
import dev.wercli.platform.LibFolder;
import dev.wercli.platform.Platform;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.win32.Win32Platform;
import dev.wercli.analysis.Hex;
import dev.wercli.report.ReportWarmUp;
import dev.wercli.store.CaptureStore;
import dev.wercli.store.StoreSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code wercli attach}: the command registered under AeDebug as {@code attach %ld %ld %p}.
 * Parsing and exit codes only; the capture itself is {@link CaptureRunner}.
 */
@Command(name = "attach",
        description = {"Capture a crashed process: attach, write a minidump and a JSON report, release it.",
                "This is the command AeDebug runs: wercli attach %%ld %%ld %%p (pid, event handle, JIT_DEBUG_INFO).",
                "The .NET Framework's DbgManagedDebugger form is accepted too (install --managed writes it):",
                "wercli attach PID %%d APPDOM %%d EXTEXT \"%%s\" EVTHDL %%d."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class AttachCommand implements Callable<Integer> {
    /** Seam for tests: the platform and how the watchdog ends the process. */
    static java.util.function.Supplier<Platform> platformFactory = AttachCommand::win32;
    static CaptureRunner.Halter halter = Runtime.getRuntime()::halt;

    // The long names of the options the fast path takes too: it reads them from here (AttachFastPath), so the
    // two parsers cannot spell an option differently; AttachFastPathTest makes every option take a side.
    static final String DUMP_DIR = "--dump-dir";
    static final String DUMP_TYPE = "--dump-type";
    static final String TIMEOUT = "--timeout";
    static final String RELEASE = "--release";
    static final String LOG_FILE = "--log-file";
    static final String KEEP = "--keep";
    static final String MAX_SIZE = "--max-size";
    static final String UPLOAD_URL = DeliveryOptions.UPLOAD_URL;
    static final String UPLOAD_DUMPS = DeliveryOptions.UPLOAD_DUMPS;

    // One field for up to three values (or the eight words of the managed form), so picocli would repeat the
    // label once per possible value, nested (issue 12); hideParamSyntax prints the label as written instead.
    // Any count is collected; AeDebugArguments refuses what is neither form.
    @Parameters(index = "0..*", arity = "0..*", paramLabel = "PID EVENT [JIT_DEBUG_INFO]", hideParamSyntax = true,
            description = {"As AeDebug passes them: decimal pid, decimal event handle, hex JIT_DEBUG_INFO address.",
                    "Or as the CLR passes them: PID pid APPDOM id EXTEXT text EVTHDL handle."})
    List<String> positional = new ArrayList<>();

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "Process id of the crashed process.")
    String pidOption;

    @Option(names = {"-e", "--event"}, paramLabel = "EVENT", description = "AeDebug event handle to signal (decimal).")
    String eventOption;

    @Option(names = {"-j", "--jit-debug-info"}, paramLabel = "ADDRESS",
            description = "Address of a JIT_DEBUG_INFO in the crashed process (hex, with or without 0x).")
    String jitOption;

    @Option(names = DUMP_DIR, paramLabel = "DIR",
            description = "Folder for dumps and reports (default: from 'wercli install', else %%ProgramData%%\\wercli\\dumps).")
    Path dumpDir;

    @Option(names = DUMP_TYPE, paramLabel = "TYPE",
            description = "mini, mini-plus, full (each optionally +aux: with the auxiliary providers' full state), or MINIDUMP_TYPE flags in hex (default: from 'wercli install', else mini).")
    String dumpType;

    @Option(names = TIMEOUT, paramLabel = "SECONDS",
            description = "Watchdog: release the process and exit by then, whatever happens (" + Limits.TIMEOUT_RANGE
                    + "; default: from 'wercli install', else 60).")
    Integer timeoutSeconds;

    @Option(names = RELEASE, paramLabel = "exit|signal",
            description = "After the dump on the JIT_DEBUG_INFO path: exit without signalling the event, so WER goes on "
                    + "with its own report (default: from 'wercli install', else exit), or signal it, so the process "
                    + "goes on at once.")
    String release;

    @Option(names = LOG_FILE, paramLabel = "FILE",
            description = "Append a log of the capture here (default: wercli.log in the dump folder).")
    Path logFile;

    @Option(names = KEEP, paramLabel = "N",
            description = "Keep at most N captures per application, deleting the oldest (0 = no limit; default: as installed).")
    Integer keep;

    @Option(names = MAX_SIZE, paramLabel = "SIZE",
            description = "Keep dumps and reports within SIZE in all, e.g. 500M or 2G (powers of 1024; 0 = no limit; default: as installed).")
    String maxSize;

    @Option(names = UPLOAD_URL, paramLabel = "URL",
            description = "Send each capture here (default: as installed); while unreachable, captures wait in spool\\ "
                    + "in the dump folder.")
    String uploadUrl;

    @Option(names = DeliveryOptions.UPLOAD_PROTOCOL, paramLabel = "breakpad|wercli",
            description = "breakpad: the Breakpad/Crashpad minidump upload; wercli: the report as JSON (default: wercli).")
    String uploadProtocol;

    @Option(names = DeliveryOptions.SENTRY_DSN, paramLabel = "DSN",
            description = "Send each capture to this Sentry project (default: as installed).")
    String sentryDsn;

    @Option(names = DeliveryOptions.UPLOAD_GZIP, description = "breakpad only: gzip the upload.")
    boolean uploadGzip;

    @Option(names = UPLOAD_DUMPS,
            description = "wercli protocol only: after each report, also PUT its dump to URL/<report id>/dump.")
    boolean uploadDumps;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @Option(names = "--test-delay-before-dump-ms", hidden = true, defaultValue = "0",
            description = "Testing only: stall before the dump, to prove the watchdog releases the process.")
    long testDelayMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * What the capture service ({@link CaptureService}) hooks into a capture it runs for a launcher; null for
     * the in-process attach.
     */
    interface ServiceHooks {
        /**
         * Admits the capture of {@code pid} for the requesting launcher and returns {@code event} mapped into this
         * process (a duplicate), or throws {@link CaptureService.Refusal}: then nothing has happened yet and the
         * launcher captures in-process.
         */
        long admit(int pid, long event);

        /** The capture has begun (after admission): its state, and its request. */
        void started(CaptureState state, CaptureRequest request);

        /** How this capture's watchdog ends the process. */
        CaptureRunner.Halter halter();
    }

    ServiceHooks service;

    /** native-launcher/src/worker.h's WORKER_PIPE_VARIABLE. */
    static final String LAUNCHER_PIPE_VARIABLE = "WERCLI_RELEASE_PIPE";

    /** Set by the fast path, which has no picocli model; otherwise the streams come from picocli. */
    private PrintWriter fastOut;
    private PrintWriter fastErr;

    void useStreams(PrintWriter out, PrintWriter err) {
        this.fastOut = out;
        this.fastErr = err;
    }

    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : fastOut;
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : fastErr;
    }

    /** Every usage error is raised before the capture has any effect (see {@link AttachFastPath#run}). */
    private Usage usage() {
        return spec != null ? Usage.of(spec.commandLine()) : Usage.Problem::new;
    }

    @Override
    public Integer call() {
        Usage usage = usage();
        AeDebugArguments args = AeDebugArguments.parse(positional, pidOption, eventOption, jitOption, usage);
        // The settings 'wercli install' saved fill in what the (short) AeDebug command line does not give.
        String settingsProblem = null;
        CaptureConfig settings;
        try {
            settings = CaptureConfig.load(CaptureConfig.defaultPath());
        } catch (IOException e) {
            settings = CaptureConfig.defaults();
            settingsProblem = "ignoring the unreadable settings " + CaptureConfig.defaultPath() + ": " + e.getMessage();
        }
        if (dumpType == null) {
            dumpType = settings.dumpType();
        }
        if (timeoutSeconds == null) {
            timeoutSeconds = settings.timeoutSeconds();
        }
        // One try, not Usage.check per value: on the crash path every lambda is a class spun at run time.
        DumpType type;
        ReleasePolicy releasePolicy;
        try {
            type = DumpType.parse(dumpType);
            Limits.timeoutSeconds(timeoutSeconds);
            releasePolicy = ReleasePolicy.parse(release != null ? release : settings.release());
        } catch (IllegalArgumentException e) {
            throw usage.error(e.getMessage());
        }
        // A delivery given on the line replaces the installed one as a whole (its product names included).
        DeliveryConfig delivery = DeliveryOptions.given(uploadUrl, uploadProtocol, sentryDsn, uploadGzip, uploadDumps,
                settings.delivery().products(), usage).orElse(settings.delivery());
        StoreSettings storeSettings = StoreOptions.settings(keep != null ? keep : settings.keep(),
                maxSize != null ? maxSize : Long.toString(settings.maxSizeBytes()), delivery, usage);
        // The service maps AeDebug's handle (a handle of the launcher) into its own process, after every usage
        // check: a refusal leaves nothing behind, and the launcher then captures in-process.
        long event = service == null ? args.event() : service.admit(args.pid(), args.event());
        long startNanos = System.nanoTime();
        Path dir = dumpDir != null ? dumpDir : Path.of(settings.dumpDir());
        Path log = logFile != null ? logFile : dir.resolve("wercli.log");
        PrintStream err = new PrintStream(new WriterOutputStream(err()), true);
        CaptureLog captureLog = new CaptureLog(Optional.of(log), verbose.verbose ? err : null, Clock.systemUTC());
        captureLog.info("attach pid=" + args.pid() + " event=" + args.event() + " jit="
                + (args.jitDebugInfo().isPresent() ? Hex.value(args.jitDebugInfo().getAsLong()) : "none")
                + args.managed().map(m -> " managed(" + m + ")").orElse("")
                + " dump-dir=" + dir + " type=" + type.name() + " timeout=" + timeoutSeconds + "s release="
                + releasePolicy.optionName() + (service == null ? "" : " (by the capture service, event copy " + event
                + ")"));
        if (settingsProblem != null) {
            captureLog.info(settingsProblem);
        }

        ReportWarmUp.startInBackground();
        Platform platform = platformFactory.get();
        CaptureRequest request = new CaptureRequest(args.pid(), event, args.jitDebugInfo(), dir, type,
                Duration.ofSeconds(timeoutSeconds), ownIdentity(), Duration.ofMillis(testDelayMs), releasePolicy);
        CaptureState state = new CaptureState(request, Clock.systemUTC(), captureLog, Version.current());
        // The store (index, retention, spool) is only needed once the process has been released: creating it
        // later keeps its Jackson start-up off the path between the crash and the attach.
        LazyStore store = new LazyStore(() -> new CaptureStore(dir, storeSettings, captureLog::info));
        state.onRecorded(record -> store.get().recorded(record));
        if (service != null) {
            service.started(state, request);
        } else {
            launcherPipe().ifPresent(pipe -> state.onStage(new ReleaseNotice(code -> {
                platform.tellLauncherReleased(pipe, code);
                captureLog.info("released: told the launcher, which exits now (the report follows here)");
            })));
        }
        CaptureResult result = new CaptureRunner(platform, service != null ? service.halter() : halter).run(request, state, captureLog,
                ExitCode.TIMEOUT.code());
        StoreOptions.deliver(store.get(), request.timeout().minusNanos(System.nanoTime() - startNanos), captureLog);
        ExitCode code = result.failure().map(ExitCode::of).orElse(ExitCode.OK);
        captureLog.info("exit " + code.code() + " (" + code.meaning() + ")");
        if (result.ok()) {
            out().println("wercli: captured process " + args.pid() + ": dump "
                    + result.dump().map(Path::toString).orElse("-") + ", report "
                    + result.report().map(Path::toString).orElse("-"));
            return ExitCode.OK.code();
        }
        String recordNote = result.report().map(r -> " (record: " + r + ")").orElse("");
        throw new WercliException(code, result.message() + recordNote);
    }

    private static Platform win32() {
        try {
            return Win32Platform.create();
        } catch (PlatformException e) {
            throw new WercliException(ExitCode.NOT_WINDOWS, e.getMessage());
        }
    }

    /**
     * The pipe through which the launcher that started us as its worker waits for the release (set by
     * wercli.exe on the JIT path, native-launcher/src/worker.h); empty for every other start.
     */
    static java.util.OptionalLong launcherPipe() {
        String value = System.getenv(LAUNCHER_PIPE_VARIABLE);
        if (value == null || System.getProperty("wercli.launcher") == null) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(Long.parseUnsignedLong(value.strip()));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** Strings naming this wercli: our jar (or classes folder) and the native launcher, if any. */
    static List<String> ownIdentity() {
        List<String> ids = new ArrayList<>();
        try {
            ids.add(Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (Exception e) {
            // no code source (unusual class loader): rely on the launcher name and the image check
        }
        String launcher = System.getProperty("wercli.launcher");
        if (launcher != null) {
            ids.add(launcher);
            // The jar may run from its class-sharing copy: the distribution's own jar is ours too.
            LibFolder.of(AttachCommand.class).ifPresent(lib -> ids.add(lib.resolve("wercli.jar").toString()));
        }
        return ids;
    }

    /**
     * The three AeDebug values, from the positional or the flagged form, or pid and event handle from the .NET
     * Framework's DbgManagedDebugger form ({@code managed}: its app domain and text, for the log).
     */
    record AeDebugArguments(int pid, long event, OptionalLong jitDebugInfo, Optional<String> managed) {
        /** The words of the DbgManagedDebugger form, {@code PID %d APPDOM %d EXTEXT "%s" EVTHDL %d}. */
        static final String PID_WORD = "PID";
        static final String APPDOM_WORD = "APPDOM";
        static final String EXTEXT_WORD = "EXTEXT";
        static final String EVTHDL_WORD = "EVTHDL";

        static AeDebugArguments parse(List<String> positional, String pid, String event, String jit, Usage cmd) {
            boolean flagged = pid != null || event != null || jit != null;
            if (flagged && !positional.isEmpty()) {
                throw cmd.error(
                        "give PID EVENT [JIT_DEBUG_INFO] either as positional arguments or with -p/-e/-j, not both");
            }
            if (!positional.isEmpty() && positional.get(0).equalsIgnoreCase(PID_WORD)) {
                return parseManaged(positional, cmd);
            }
            if (positional.size() > 3) {
                throw cmd.error("too many arguments: expected PID EVENT [JIT_DEBUG_INFO], got "
                        + String.join(" ", positional));
            }
            String p = flagged ? pid : positional.size() > 0 ? positional.get(0) : null;
            String e = flagged ? event : positional.size() > 1 ? positional.get(1) : null;
            String j = flagged ? jit : positional.size() > 2 ? positional.get(2) : null;
            if (p == null) {
                throw cmd.error("missing PID (AeDebug passes: attach %ld %ld %p)");
            }
            int parsedPid = parsePid(p, cmd);
            long parsedEvent = e == null ? 0 : parseDecimalOrHex(e, "EVENT", cmd);
            OptionalLong parsedJit = j == null ? OptionalLong.empty() : OptionalLong.of(parseHex(j, cmd));
            return new AeDebugArguments(parsedPid, parsedEvent, parsedJit, Optional.empty());
        }

        /**
         * {@code PID <pid> APPDOM <id> EXTEXT <text> EVTHDL <handle>}, as the CLR formats DbgManagedDebugger. The
         * text is one argument when the command quotes it ("%s"); should it have been split (a quote inside it),
         * the words up to the last EVTHDL are taken as the text. No JIT_DEBUG_INFO: the capture waits for the
         * second-chance exception, as for an AeDebug start without one.
         */
        private static AeDebugArguments parseManaged(List<String> p, Usage cmd) {
            String form = "expected PID <pid> APPDOM <id> EXTEXT <text> EVTHDL <handle>";
            int evt = -1;
            for (int i = p.size() - 2; i >= 5; i--) {
                if (p.get(i).equalsIgnoreCase(EVTHDL_WORD)) {
                    evt = i;
                    break;
                }
            }
            if (p.size() < 7 || evt != p.size() - 2 || !p.get(2).equalsIgnoreCase(APPDOM_WORD)
                    || !p.get(4).equalsIgnoreCase(EXTEXT_WORD)) {
                throw cmd.error(form + ", got " + String.join(" ", p));
            }
            int parsedPid = parsePid(p.get(1), cmd);
            long appDomain = parseDecimalOrHex(p.get(3), "APPDOM", cmd);
            long parsedEvent = parseDecimalOrHex(p.get(evt + 1), "EVTHDL", cmd);
            String text = String.join(" ", p.subList(5, evt));
            return new AeDebugArguments(parsedPid, parsedEvent, OptionalLong.empty(),
                    Optional.of("appdomain=" + appDomain + " text=\"" + text + "\""));
        }

        private static int parsePid(String text, Usage cmd) {
            long v = parseDecimalOrHex(text, "PID", cmd);
            if (v <= 0 || v > 0xFFFFFFFFL) {
                throw cmd.error("PID must be a positive 32-bit number, got '" + text + "'");
            }
            return (int) v;
        }

        private static long parseDecimalOrHex(String text, String what, Usage cmd) {
            String t = text.trim();
            try {
                if (t.startsWith("0x") || t.startsWith("0X")) {
                    return Hex.parse(t);
                }
                long v = Long.parseLong(t);
                if (v < 0) {
                    throw new NumberFormatException("negative");
                }
                return v;
            } catch (NumberFormatException ex) {
                throw cmd.error(what + " must be a decimal number, got '" + text + "'");
            }
        }

        private static long parseHex(String text, Usage cmd) {
            try {
                return Hex.parse(text);
            } catch (NumberFormatException ex) {
                throw cmd.error(
                        "JIT_DEBUG_INFO must be a hex address (with or without 0x), got '" + text + "'");
            }
        }
    }

    /** Creates the store on first use, once. */
    private static final class LazyStore {
        private final java.util.function.Supplier<CaptureStore> factory;
        private CaptureStore store;

        LazyStore(java.util.function.Supplier<CaptureStore> factory) {
            this.factory = factory;
        }

        synchronized CaptureStore get() {
            if (store == null) {
                store = factory.get();
            }
            return store;
        }
    }
}
