package dev.wercli.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The top-level command: subcommands, the exit-code table and the one-line error policy. */
@Command(name = "wercli",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A Windows postmortem debugger: catches every crash, writes a minidump and a JSON report.",
        subcommands = {AttachCommand.class, InstallCommand.class, UninstallCommand.class, StatusCommand.class,
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
        @Option(names = {"-v", "--verbose"}, description = "Print details, and stack traces with errors.")
        public boolean verbose;
    }

    /** Runs wercli with {@code args}; returns the process exit code. Used by Main and by in-process tests. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("attach")) {
            // The crash path: AeDebug starts us with the crashed process waiting. Only attach's model is built,
            // not the reflection over every other command and the classes they pull in.
            CommandLine attach = configure(new CommandLine(new AttachCommand()).setCommandName("wercli attach"),
                    out, err);
            return attach.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine(out, err).execute(args);
    }

    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return configure(new CommandLine(new WercliCommand()), out, err);
    }

    private static CommandLine configure(CommandLine cmd, PrintStream out, PrintStream err) {
        cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cmd.setExitCodeExceptionMapper(WercliCommand::exitCodeFor);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = verbose(parseResult);
            String message = ex instanceof WercliException ? ex.getMessage() : "internal error: " + ex;
            commandLine.getErr().println("wercli: " + message);
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return exitCodeFor(ex);
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("wercli: " + ex.getMessage());
            c.getErr().println("Usage: see '" + c.getCommandSpec().qualifiedName() + " --help'");
            c.getErr().flush();
            return ExitCode.USAGE.code();
        });
        return cmd;
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
