package dev.wercli.cli;

import dev.wercli.config.CaptureConfig;
import dev.wercli.capture.DumpType;
import dev.wercli.config.ReleasePolicy;
import dev.wercli.install.DebuggerCommand;
import dev.wercli.install.InstallException;
import dev.wercli.install.Installer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code wercli install}: makes wercli the AeDebug debugger for 64- and 32-bit processes. */
@Command(name = "install", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Register wercli as the postmortem (AeDebug) debugger in both registry views.",
                "The previous debugger is backed up and 'wercli uninstall' restores it exactly.",
                "Options not given keep the values of an earlier install (or the defaults)."})
public final class InstallCommand implements Callable<Integer> {
    @Option(names = "--dump-dir", paramLabel = "DIR",
            description = "Folder for dumps and reports, created with access for SYSTEM, Administrators and you "
                    + "(default: %%ProgramData%%\\wercli\\dumps).")
    Path dumpDir;

    @Option(names = "--dump-type", paramLabel = "TYPE",
            description = "mini, mini-plus, full, or MINIDUMP_TYPE flags in hex (default: mini).")
    String dumpType;

    @Option(names = "--keep", paramLabel = "N", description = "Captures to keep, 0 = no limit (default: 50).")
    Integer keep;

    @Option(names = "--max-size", paramLabel = "SIZE",
            description = "Total size of the dump folder to keep: bytes or with K, M, G (default: 2G; 0 = no limit).")
    String maxSize;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Capture watchdog (default: 60).")
    Integer timeoutSeconds;

    @Option(names = "--release", paramLabel = "exit|signal",
            description = "After the dump: exit without signalling AeDebug's event, so WER goes on with its own "
                    + "report (default), or signal it, so the process goes on at once (see README).")
    String release;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        InstallContext ctx = InstallContext.current();
        CaptureConfig config = settings(ctx.configPath());
        DebuggerCommand command;
        try {
            command = ctx.debuggerCommand().get();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new WercliException(ExitCode.USAGE, e.getMessage(), e);
        }
        Installer installer = new Installer(ctx.registry(), ctx.elevation(), ctx.folders(), ctx.configPath(),
                Version.current());
        try {
            installer.install(command, config).forEach(spec.commandLine().getOut()::println);
        } catch (InstallException e) {
            throw InstallErrors.of(e);
        }
        return ExitCode.OK.code();
    }

    /** The earlier install's settings (or the defaults), overridden by the options given. */
    private CaptureConfig settings(Path configPath) {
        CaptureConfig base;
        try {
            base = CaptureConfig.load(configPath);
        } catch (IOException e) {
            spec.commandLine().getErr().println("wercli: ignoring the unreadable " + configPath + ": " + e.getMessage());
            base = CaptureConfig.defaults();
        }
        String type = base.dumpType();
        if (dumpType != null) {
            try {
                DumpType.parse(dumpType);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            type = dumpType.trim().toLowerCase(Locale.ROOT);
        }
        if (keep != null && keep < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--keep must be 0 or more");
        }
        if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > 3600)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be 1..3600 seconds");
        }
        String policy = base.release();
        if (release != null) {
            try {
                policy = ReleasePolicy.parse(release).optionName();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return new CaptureConfig(
                dumpDir != null ? dumpDir.toAbsolutePath().normalize().toString() : base.dumpDir(),
                type,
                timeoutSeconds != null ? timeoutSeconds : base.timeoutSeconds(),
                keep != null ? keep : base.keep(),
                maxSize != null ? parseSize(maxSize, spec.commandLine()) : base.maxSizeBytes(),
                policy);
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)B?", Pattern.CASE_INSENSITIVE);

    /** "1048576", "500M", "2G", "10k" (binary units). */
    static long parseSize(String text, CommandLine cmd) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(cmd, "--max-size must be a size such as 500M or 2G, got '" + text + "'");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException("too large");
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cmd, "--max-size is too large: '" + text + "'");
        }
    }
}
