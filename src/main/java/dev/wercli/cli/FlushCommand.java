package dev.wercli.cli;

import dev.wercli.config.CaptureConfig;
import dev.wercli.config.DeliveryConfig;
import dev.wercli.config.Limits;
import dev.wercli.store.CaptureStore;
import dev.wercli.store.Delivery;
import dev.wercli.store.RetentionPolicy;
import dev.wercli.store.StoreSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code wercli flush}: sends the reports waiting in the spool (after an outage, say). */
@Command(name = "flush", sortOptions = false,
        description = "Send the captures waiting in the dump folder's spool to the crash backend (as installed, or as given).")
public final class FlushCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Dump folder (default: the one 'wercli install --dump-dir' saved, else %%ProgramData%%\\wercli\\dumps).")
    Path dir;

    @CommandLine.Mixin
    DeliveryOptions delivery = new DeliveryOptions();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up after this long (" + Limits.TIMEOUT_RANGE
                    + "); unsent reports stay in the spool (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** install's settings; unreadable ones give the defaults (no backend: the options must name one). */
    private CaptureConfig installedSettings() {
        try {
            return CaptureConfig.load(CaptureConfig.defaultPath());
        } catch (IOException e) {
            spec.commandLine().getErr().println("wercli: ignoring the unreadable " + CaptureConfig.defaultPath()
                    + ": " + e.getMessage());
            return CaptureConfig.defaults();
        }
    }

    @Override
    public Integer call() {
        Usage usage = Usage.of(spec.commandLine());
        usage.check(() -> Limits.timeoutSeconds(timeoutSeconds));
        CaptureConfig installed = installedSettings();
        DeliveryConfig chosen = delivery.given(usage).orElse(installed.delivery());
        if (!chosen.configured()) {
            throw usage.error("no crash backend: give --upload-url or --sentry-dsn, or 'wercli install' with one");
        }
        boolean uploadDumps = chosen.uploadDumps();
        StoreSettings settings = new StoreSettings(RetentionPolicy.UNLIMITED, DeliveryOptions.backend(chosen, usage),
                uploadDumps);
        Path folder = dir != null ? dir : Path.of(installed.dumpDir());
        CaptureStore store = new CaptureStore(folder, settings,
                verbose.verbose ? spec.commandLine().getErr()::println : line -> { });
        Delivery.Result r;
        try {
            r = store.deliver(Duration.ofSeconds(timeoutSeconds));
        } catch (IOException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot read the spool in " + folder + ": " + e, e);
        }
        if (r.heldUntil() != null && r.left() > 0) {
            throw new WercliException(ExitCode.IO_ERROR, "the backend asked for nothing before " + r.heldUntil()
                    + " (rate limit); " + r.left() + " capture(s) wait in " + folder.resolve("spool"));
        }
        if (r.busy()) {
            throw new WercliException(ExitCode.IO_ERROR, "another wercli is sending these reports; "
                    + r.left() + " waiting");
        }
        spec.commandLine().getOut().println("wercli: " + r.sent() + " report(s) sent, " + r.left() + " waiting"
                + (uploadDumps || r.dumpsLeft() > 0 ? "; " + r.dumpsSent() + " dump(s) sent, " + r.dumpsLeft()
                + " waiting" + (uploadDumps ? "" : " (send them with --upload-dumps)") : ""));
        if (r.left() > 0) {
            throw new WercliException(ExitCode.IO_ERROR, r.left() + " report(s) could not be sent; they stay in "
                    + folder.resolve("spool"));
        }
        if (uploadDumps && r.dumpsLeft() > 0) {
            throw new WercliException(ExitCode.IO_ERROR, r.dumpsLeft() + " dump(s) could not be sent; they stay owed in "
                    + folder.resolve("spool"));
        }
        return ExitCode.OK.code();
    }
}
