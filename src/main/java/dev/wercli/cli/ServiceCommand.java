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

import java.io.IOException;
import java.nio.file.Path;
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
        if (System.getenv("ProgramData") == null || System.getenv("ProgramData").isBlank()) {
            String drive = System.getenv("SystemDrive");
            System.setProperty(CaptureConfig.PROGRAM_DATA_PROPERTY,
                    (drive == null || drive.isBlank() ? "C:" : drive) + "\\ProgramData");
        }
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

    /** The service's own lines go to the installed dump folder's wercli.log, beside its captures' lines. */
    static CaptureLog serviceLog(boolean echo) {
        Path dir;
        try {
            dir = Path.of(CaptureConfig.load(CaptureConfig.defaultPath()).dumpDir());
        } catch (IOException | RuntimeException e) {
            dir = CaptureConfig.defaultDumpDir();
        }
        return new CaptureLog(Optional.of(dir.resolve("wercli.log")), echo ? System.err : null, Clock.systemUTC());
    }
}
