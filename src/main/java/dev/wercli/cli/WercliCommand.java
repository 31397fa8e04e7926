package dev.wercli.cli;

import dev.wercli.platform.win32.Win32Platform;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The top-level command: subcommands, the exit-code table and the one-line error policy. */
@Command(name = "wercli",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A Windows postmortem debugger: catches every crash, writes a minidump and a JSON report.",
        subcommands = {AttachCommand.class, CaptureWerCommand.class, RegisterWerModuleCommand.class, InstallCommand.class, UninstallCommand.class, StatusCommand.class, ServiceCommand.class,
            AnalyzeCommand.class, ListCommand.class, ShowCommand.class, FlushCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success", "1:internal error (a bug)", "2:bad arguments", "3:attach failed", "4:no crash exception",
            "5:dump failed", "6:report failed", "7:watchdog timeout", "8:refused (target is wercli)",
            "9:needs Windows", "10:partial (damaged input)", "11:not elevated", "12:conflict (foreign debugger)",
            "13:I/O error"})
public final class WercliCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: see 'wercli --help'");
    }

    /** Shared by every subcommand: print stack traces with errors. */
    public static final class VerboseOption {
        static final String SHORT = "-v";
        static final String LONG = "--verbose";

        @Option(names = {SHORT, LONG}, description = "Print details, and stack traces with errors.")
        public boolean verbose;
    }

    /** Runs wercli with {@code args}; returns the process exit code. Used by Main and by in-process tests. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("attach")) {
            // The crash path: AeDebug starts us with the crashed process waiting. JNA loads on the second core
            // meanwhile; AeDebug's own command lines skip picocli's model, anything else builds only attach's.
            Win32Platform.Preload preload = Win32Platform.preloadInBackground();
            try {
                String[] attachArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
                Optional<Integer> fast = AttachFastPath.run(attachArgs, writer(out), writer(err));
                if (fast.isPresent()) {
                    return fast.get();
                }
                return attachCommandLine(new AttachCommand(), attachArgs, out, err).execute(attachArgs);
            } finally {
                preload.awaitQuietly(java.time.Duration.ofSeconds(5));
            }
        }
        return commandLine(out, err).execute(args);
    }

    /** attach's own command line (no @files; the managed form's free text read as words), for {@code attachArgs}. */
    static CommandLine attachCommandLine(AttachCommand attach, String[] attachArgs, PrintStream out, PrintStream err) {
        return forManagedForm(configure(new CommandLine(attach).setCommandName("wercli attach"), out, err), attachArgs);
    }

    /**
     * The CLR's DbgManagedDebugger form ({@code PID n APPDOM n EXTEXT "text" EVTHDL n}) carries a free text: one
     * that starts with "-" is taken as a word of the form, not as an unknown option (attach's own options, as
     * an install may append them, are still read).
     */
    private static CommandLine forManagedForm(CommandLine attach, String[] attachArgs) {
        if (attachArgs.length > 0 && attachArgs[0].equalsIgnoreCase("PID")) {
            attach.setUnmatchedOptionsArePositionalParams(true);
        }
        return attach;
    }

    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return configure(new CommandLine(new WercliCommand()), out, err);
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true, StandardCharsets.UTF_8);
    }

    private static CommandLine configure(CommandLine cmd, PrintStream out, PrintStream err) {
        // No @argument files: nothing of wercli's uses them, and a crash's text (the CLR's EXTEXT) starting
        // with "@" must not be read as a file name.
        cmd.setExpandAtFiles(false);
        cmd.setOut(writer(out));
        cmd.setErr(writer(err));
        cmd.setExitCodeExceptionMapper(WercliCommand::exitCodeFor);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                reportFailure(ex, commandLine.getErr(), verbose(parseResult)));
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("wercli: " + ex.getMessage());
            c.getErr().println("Usage: see '" + c.getCommandSpec().qualifiedName() + " --help'");
            c.getErr().flush();
            return ExitCode.USAGE.code();
        });
        return cmd;
    }

    /** One line for a failed command (with the stack trace only when verbose); returns the exit code. */
    static int reportFailure(Exception ex, PrintWriter err, boolean verbose) {
        String message = ex instanceof WercliException ? ex.getMessage() : "internal error: " + ex;
        err.println("wercli: " + message);
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCodeFor(ex);
    }

    /** Whether --verbose was given to the command that ran (the innermost subcommand). */
    static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static int exitCodeFor(Throwable ex) {
        if (ex instanceof WercliException w) {
            return w.exitCode().code();
        }
        if (ex instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE.code();
        }
        return ExitCode.INTERNAL.code();
    }
}
