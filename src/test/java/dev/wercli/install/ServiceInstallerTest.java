package dev.wercli.install;

import dev.wercli.platform.FakeServiceManager;
import dev.wercli.platform.ServiceManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** install --service / uninstall against an in-memory SCM: idempotent, and nothing left after uninstall. */
class ServiceInstallerTest {
    final FakeServiceManager scm = new FakeServiceManager();
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
