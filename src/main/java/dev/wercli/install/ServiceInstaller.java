package dev.wercli.install;

import dev.wercli.platform.Elevation;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ServiceManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code install --service} and its undoing: the warm capture service, one auto-start LocalSystem service of
 * its own process running {@code "...\wercli.exe" service}, restarted by the SCM when it fails. Idempotent: a
 * second install keeps the service (and starts it when stopped); uninstall stops and deletes it.
 */
public final class ServiceInstaller {
    public static final String NAME = "wercli";
    public static final String DISPLAY_NAME = "wercli capture service";
    public static final String DESCRIPTION = "Captures crashed processes for wercli.exe (the AeDebug postmortem "
            + "debugger) in a resident JVM; without it wercli.exe captures in its own process.";
    static final Duration STOP_WAIT = Duration.ofSeconds(70);

    private final ServiceManager scm;
    private final Elevation elevation;

    public ServiceInstaller(ServiceManager scm, Elevation elevation) {
        this.scm = scm;
        this.elevation = elevation;
    }

    /** The service's command line for a launcher path. */
    public static String commandLine(String launcher) {
        return "\"" + launcher + "\" service";
    }

    /** Creates the service when absent, starts it when not running; returns what it did, one line each. */
    public List<String> install(String launcher) throws InstallException {
        Installer.requireElevated(elevation);
        List<String> lines = new ArrayList<>();
        String command = commandLine(launcher);
        try {
            Optional<ServiceManager.Service> existing = scm.query(NAME);
            if (existing.isPresent()) {
                if (!existing.get().commandLine().equalsIgnoreCase(command)) {
                    lines.add("capture service: kept the existing service '" + NAME + "', which runs "
                            + existing.get().commandLine() + " (uninstall first to move it)");
                } else {
                    lines.add("capture service: already installed");
                }
            } else {
                Optional<String> note = scm.create(NAME, DISPLAY_NAME, DESCRIPTION, command);
                lines.add("capture service: created '" + NAME + "' (automatic start, LocalSystem): " + command);
                note.ifPresent(n -> lines.add("capture service: " + n));
            }
            if (!scm.query(NAME).map(ServiceManager.Service::running).orElse(false)) {
                scm.start(NAME);
                lines.add("capture service: started");
            }
        } catch (PlatformException e) {
            throw new InstallException(InstallException.Kind.FAILED, "capture service: " + e.getMessage(), e);
        }
        return lines;
    }

    /** Stops and deletes the service when present. */
    public List<String> uninstall() throws InstallException {
        Installer.requireElevated(elevation);
        try {
            if (scm.query(NAME).isEmpty()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            if (!scm.stop(NAME, STOP_WAIT)) {
                lines.add("capture service: did not stop within " + STOP_WAIT.toSeconds() + " s; deleted anyway "
                        + "(it goes when it stops)");
            }
            scm.delete(NAME);
            lines.add("capture service: stopped and removed");
            return lines;
        } catch (PlatformException e) {
            throw new InstallException(InstallException.Kind.FAILED, "capture service: " + e.getMessage(), e);
        }
    }

    /** One line for status. */
    public String statusLine() {
        try {
            return scm.query(NAME).map(s -> "capture service: " + s.state().toLowerCase(java.util.Locale.ROOT)
                    + (s.processId() != 0 ? " (pid " + s.processId() + ")" : "")
                    + (s.autoStart() ? ", automatic start" : ", manual start") + ": " + s.commandLine())
                    .orElse("capture service: not installed (each crash starts wercli.exe's own JVM)");
        } catch (PlatformException e) {
            return "capture service: unknown (" + e.getMessage() + ")";
        }
    }
}
