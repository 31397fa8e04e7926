package dev.wercli.cli;

import dev.wercli.capture.DumpType;
import dev.wercli.config.CaptureConfig;
import dev.wercli.config.DeliveryConfig;
import dev.wercli.config.Limits;
import dev.wercli.config.ReleasePolicy;
import dev.wercli.install.DebuggerCommand;
import dev.wercli.install.InstallException;
import dev.wercli.install.Installer;
import dev.wercli.install.ServiceInstaller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

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
            description = "mini, mini-plus, full (each optionally +aux: with the auxiliary providers' full state), or MINIDUMP_TYPE flags in hex (default: mini).")
    String dumpType;

    @Option(names = "--keep", paramLabel = "N", description = "Captures to keep, 0 = no limit (default: 50).")
    Integer keep;

    @Option(names = "--max-size", paramLabel = "SIZE",
            description = "Total size of the dump folder to keep, e.g. 500M or 2G (powers of 1024; default: 2G; 0 = no limit).")
    String maxSize;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Capture watchdog, " + Limits.TIMEOUT_RANGE + " seconds (default: 60).")
    Integer timeoutSeconds;

    @Option(names = "--release", paramLabel = "exit|signal",
            description = "After the dump: exit without signalling AeDebug's event, so WER goes on with its own "
                    + "report (default), or signal it, so the process goes on at once (see README).")
    String release;

    @CommandLine.Mixin
    DeliveryOptions delivery = new DeliveryOptions();

    @Option(names = "--product", paramLabel = "IMAGE=NAME[@VERSION]",
            description = "File crashes of IMAGE (e.g. app.exe) under this product name and version at the backend "
                    + "(default: the image name and its version resource); repeatable.")
    java.util.List<String> products = new java.util.ArrayList<>();

    @Option(names = "--managed",
            description = "Also register wercli as the .NET Framework's managed JIT debugger (DbgManagedDebugger, "
                    + "DbgJITDebugLaunchSetting = 2) in both views, for CLR 2.0-era managed crashes; backed up and "
                    + "restored by uninstall as AeDebug is.")
    boolean managed;

    @Option(names = "--service",
            description = "Also install and start the warm capture service (a Windows service running wercli.exe): "
                    + "crashes are then captured by its resident JVM, and wercli.exe captures in-process only when the "
                    + "service is absent or slow. Needs wercli.exe (the launcher).")
    boolean service;

    @Option(names = "--no-upload", description = "Stop delivering captures (forget the saved backend).")
    boolean noUpload;

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
        String launcher = System.getProperty("wercli.launcher");
        if (service && (launcher == null || launcher.isBlank())) {
            throw new WercliException(ExitCode.USAGE, "--service needs wercli.exe (the service runs the launcher): run "
                    + "'wercli.exe install --service' from the installed folder");
        }
        Installer installer = new Installer(ctx.registry(), ctx.elevation(), ctx.folders(), ctx.configPath(),
                Version.current());
        try {
            installer.install(command, config, managed).forEach(spec.commandLine().getOut()::println);
            if (service) {
                ServiceContext sc = ServiceContext.current();
                new ServiceInstaller(sc.manager(), sc.elevation()).install(launcher)
                        .forEach(spec.commandLine().getOut()::println);
            }
        } catch (InstallException e) {
            throw new WercliException(ExitCode.of(e.kind()), e.getMessage(), e);
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
        // The same checks as attach's (config.Limits), so a value install saves is one attach accepts.
        Usage usage = Usage.of(spec.commandLine());
        String type = base.dumpType();
        if (dumpType != null) {
            usage.check(() -> DumpType.parse(dumpType));
            type = dumpType.trim().toLowerCase(Locale.ROOT);
        }
        return new CaptureConfig(
                dumpDir != null ? dumpDir.toAbsolutePath().normalize().toString() : base.dumpDir(),
                type,
                timeoutSeconds != null ? usage.check(() -> Limits.timeoutSeconds(timeoutSeconds)) : base.timeoutSeconds(),
                keep != null ? usage.check(() -> Limits.keep(keep)) : base.keep(),
                maxSize != null ? usage.check(() -> Limits.maxSize(maxSize)) : base.maxSizeBytes(),
                release != null ? usage.check(() -> ReleasePolicy.parse(release)).optionName() : base.release(),
                delivery(base.delivery(), usage));
    }

    /** The delivery to save: the one given (with the products given), else the earlier one, else none. */
    private DeliveryConfig delivery(DeliveryConfig earlier, Usage usage) {
        Map<String, DeliveryConfig.ProductName> names = new TreeMap<>(earlier.products());
        for (String p : products) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw usage.error("--product: expected IMAGE=NAME[@VERSION], e.g. app.exe=\"Our App@2.1\", got " + p);
            }
            String value = p.substring(eq + 1);
            int at = value.lastIndexOf('@');
            names.put(p.substring(0, eq).trim(), at > 0 ? new DeliveryConfig.ProductName(value.substring(0, at).trim(),
                    value.substring(at + 1).trim()) : new DeliveryConfig.ProductName(value.trim(), null));
        }
        java.util.Optional<DeliveryConfig> given = delivery.given(usage);
        if (noUpload) {
            if (given.isPresent()) {
                throw usage.error("--no-upload and a backend to upload to: choose one");
            }
            return new DeliveryConfig(null, null, false, false, names);
        }
        DeliveryConfig d = given.orElse(earlier);
        return new DeliveryConfig(d.uploadProtocol(), d.uploadUrl(), d.uploadDumps(), d.gzip(), names);
    }
}
