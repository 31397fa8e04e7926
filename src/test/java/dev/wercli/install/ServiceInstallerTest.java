package dev.wercli.install;

import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ServiceManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** install --service / uninstall against an in-memory SCM: idempotent, and nothing left after uninstall. */
class ServiceInstallerTest {
    /** One service at most, like the SCM's database for our name. */
    static final class FakeScm implements ServiceManager {
        final List<String> journal = new ArrayList<>();
        Service service;
        boolean stopsInTime = true;

        @Override
        public Optional<Service> query(String name) {
            return Optional.ofNullable(service);
        }

        @Override
        public Optional<String> create(String name, String displayName, String description, String commandLine)
                throws PlatformException {
            if (service != null) {
                throw new PlatformException("CreateService", 1073); // ERROR_SERVICE_EXISTS
            }
            journal.add("create " + name + " " + commandLine);
            service = new Service("STOPPED", 0, commandLine, true);
            return Optional.empty();
        }

        @Override
        public void start(String name) {
            journal.add("start");
            service = new Service("RUNNING", 77, service.commandLine(), true);
        }

        @Override
        public boolean stop(String name, Duration wait) {
            journal.add("stop");
            if (stopsInTime) {
                service = new Service("STOPPED", 0, service.commandLine(), true);
            }
            return stopsInTime;
        }

        @Override
        public void delete(String name) {
            journal.add("delete");
            service = null;
        }
    }

    final FakeScm scm = new FakeScm();
    final ServiceInstaller installer = new ServiceInstaller(scm, () -> true);

    @Test
    void installCreatesAnAutoStartServiceOfTheLauncherAndStartsIt() throws Exception {
        List<String> lines = installer.install("C:\\wercli\\wercli.exe");
        assertEquals(List.of("create wercli \"C:\\wercli\\wercli.exe\" service", "start"), scm.journal);
        assertTrue(lines.get(0).contains("created 'wercli'"), lines.toString());
        assertTrue(installer.statusLine().startsWith("capture service: running (pid 77), automatic start"),
                installer.statusLine());
    }

    @Test
    void aSecondInstallKeepsTheServiceAndStartsItOnlyWhenStopped() throws Exception {
        installer.install("C:\\wercli\\wercli.exe");
        scm.journal.clear();
        assertEquals(List.of("capture service: already installed"), installer.install("C:\\wercli\\wercli.exe"));
        assertEquals(List.of(), scm.journal, "running: nothing to do");
        scm.service = new ServiceManager.Service("STOPPED", 0, scm.service.commandLine(), true);
        installer.install("C:\\wercli\\wercli.exe");
        assertEquals(List.of("start"), scm.journal);
    }

    @Test
    void anotherFoldersServiceIsKeptAndSaidSo() throws Exception {
        installer.install("C:\\old\\wercli.exe");
        List<String> lines = installer.install("C:\\wercli\\wercli.exe");
        assertTrue(lines.get(0).contains("kept the existing service"), lines.toString());
        assertEquals("\"C:\\old\\wercli.exe\" service", scm.service.commandLine());
    }

    @Test
    void uninstallStopsAndDeletesAndLeavesNoTrace() throws Exception {
        installer.install("C:\\wercli\\wercli.exe");
        scm.journal.clear();
        assertEquals(List.of("capture service: stopped and removed"), installer.uninstall());
        assertEquals(List.of("stop", "delete"), scm.journal);
        assertEquals(Optional.empty(), scm.query("wercli"));
        assertEquals(List.of(), installer.uninstall(), "nothing installed: nothing said, nothing done");
        assertTrue(installer.statusLine().startsWith("capture service: not installed"), installer.statusLine());
    }

    @Test
    void aServiceThatWillNotStopIsStillDeleted() throws Exception {
        installer.install("C:\\wercli\\wercli.exe");
        scm.stopsInTime = false;
        List<String> lines = installer.uninstall();
        assertTrue(lines.get(0).contains("did not stop"), lines.toString());
        assertTrue(scm.journal.contains("delete"));
    }

    @Test
    void withoutElevationNothingChanges() {
        ServiceInstaller notElevated = new ServiceInstaller(scm, () -> false);
        InstallException e = assertThrows(InstallException.class, () -> notElevated.install("C:\\wercli\\wercli.exe"));
        assertEquals(InstallException.Kind.NOT_ELEVATED, e.kind());
        assertThrows(InstallException.class, notElevated::uninstall);
        assertEquals(List.of(), scm.journal);
    }
}
