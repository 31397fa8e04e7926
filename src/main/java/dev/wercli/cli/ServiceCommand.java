package dev.wercli.cli;

import dev.wercli.capture.CaptureLog;
import dev.wercli.capture.ServiceProtocol;
import dev.wercli.config.CaptureConfig;
import dev.wercli.install.ServiceInstaller;
import dev.wercli.platform.PipeServer;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ServiceHost;
import dev.wercli.platform.win32.Win32Platform;
import dev.wercli.report.ReportWarmUp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code wercli service}: the warm capture service ({@link CaptureService}). The SCM starts it as
 * {@code "...\wercli.exe" service} after {@code wercli install --service}; {@code --foreground} runs the same
 * server in a console (tests, diagnosis) until the process is ended.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = {"The warm capture service: captures crashes for wercli.exe launchers in a resident JVM.",
                "Started by the service control manager after 'wercli install --service'; --foreground runs it here."})
public final class ServiceCommand implements Callable<Integer> {
    @Option(names = "--foreground", description = "Run the pipe server in this console instead of under the SCM.")
    boolean foreground;

    @Option(names = "--pipe", hidden = true, description = "Testing only: another pipe name.")
    String pipe = ServiceProtocol.PIPE_NAME;

    @CommandLine.Mixin
    WercliCommand.VerboseOption verbose = new WercliCommand.VerboseOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServiceContext ctx = ServiceContext.current();
        System.setProperty(CaptureConfig.PROGRAM_DATA_PROPERTY, programData());
        CaptureLog log = serviceLog(verbose.verbose);
        PipeServer server;
        try {
            server = ctx.pipes().open(pipe);
        } catch (PlatformException e) {
            throw new WercliException(ExitCode.IO_ERROR, "cannot set up the pipe " + pipe + ": " + e.getMessage(), e);
        }
        // Warm what every capture needs while no crash waits: JNA's bindings and the report's classes.
        Win32Platform.preloadInBackground();
        ReportWarmUp.startInBackground();
        Win32Platform.keepSpareDump32Helper();
        log.info("service: settings from " + CaptureConfig.defaultPath() + " (ProgramData=" + System.getenv("ProgramData")
                + ", ALLUSERSPROFILE=" + System.getenv("ALLUSERSPROFILE") + ")");
        CaptureService service = new CaptureService(server, log::info, Runtime.getRuntime()::halt);
        if (foreground) {
            spec.commandLine().getOut().println("wercli: capture service listening on " + pipe
                    + " (end the process to stop it)");
            spec.commandLine().getOut().flush();
            service.run();
            return ExitCode.OK.code();
        }
        try {
            ctx.host().dispatch(ServiceInstaller.NAME, service);
        } catch (PlatformException e) {
            server.close();
            if (e.errorCode() == ServiceHost.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
                throw new WercliException(ExitCode.USAGE, "'wercli service' is started by the service control "
                        + "manager ('wercli install --service'); use --foreground to run it in a console");
            }
            throw new WercliException(ExitCode.INTERNAL, "the service control manager: " + e.getMessage(), e);
        }
        return ExitCode.OK.code();
    }

    /**
     * The machine's ProgramData folder from the registry (ProfileList\ProgramData, %SystemDrive% expanded), where
     * install saved the settings: a service's own environment is not a reliable source (under Wine, services.exe
     * gives LocalSystem ProgramData=C:\Users\Public, measured). Falls back to %SystemDrive%\ProgramData.
     */
    static String programData() {
        String drive = System.getenv("SystemDrive");
        drive = drive == null || drive.isBlank() ? "C:" : drive;
        try {
            Optional<dev.wercli.platform.RegistryValue> v = new dev.wercli.platform.win32.Win32Registry().read(
                    dev.wercli.platform.RegistryView.WOW64_64KEY,
                    "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", "ProgramData");
            if (v.isPresent()) {
                String text = v.get() instanceof dev.wercli.platform.RegistryValue.ExpandSz e ? e.text()
                        : v.get() instanceof dev.wercli.platform.RegistryValue.Sz z ? z.text() : null;
                if (text != null && !text.isBlank()) {
                    return text.replaceAll("(?i)%SystemDrive%", java.util.regex.Matcher.quoteReplacement(drive));
                }
            }
        } catch (PlatformException | RuntimeException e) {
            // the fallback below
        }
        return drive + "\\ProgramData";
    }

    /** The service's own lines go to the installed dump folder's wercli.log, beside its captures' lines. */
    static CaptureLog serviceLog(boolean echo) {
        return new CaptureLog(Optional.of(CaptureConfig.installedDumpDir().resolve("wercli.log")),
                echo ? System.err : null, Clock.systemUTC());
    }
}
