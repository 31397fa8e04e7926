package dev.wercli.install;

import dev.wercli.config.CaptureConfig;
import dev.wercli.platform.FakeElevation;
import dev.wercli.platform.FakeSecureFolders;
import dev.wercli.platform.InMemoryRegistry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.wercli.platform.RegistryView.WOW64_32KEY;
import static dev.wercli.platform.RegistryView.WOW64_64KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** install --managed: the .NET Framework's DbgManagedDebugger in both views; paths written out, not taken from AeDebugKeys. */
class ManagedInstallTest {
    static final String NETFX = "SOFTWARE\\Microsoft\\.NETFramework";
    static final String AEDEBUG = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug";
    static final String VSJIT = "\"C:\\WINDOWS\\system32\\vsjitdebugger.exe\" PID %d APPDOM %d EXTEXT \"%s\" EVTHDL %d";
    static final DebuggerCommand OURS = DebuggerCommand.forJar(
            Path.of("C:\\Program Files\\Java\\bin\\java.exe"), Path.of("C:\\Tools\\wercli 1\\wercli.jar"));
    static final String OURS_MANAGED = "\"C:\\Program Files\\Java\\bin\\java.exe\" -jar \"C:\\Tools\\wercli 1\\wercli.jar\""
            + " attach PID %d APPDOM %d EXTEXT \"%s\" EVTHDL %d";

    @TempDir
    Path tmp;
    InMemoryRegistry registry = new InMemoryRegistry();

    Installer installer() {
        return new Installer(registry, new FakeElevation(true), new FakeSecureFolders(), tmp.resolve("wercli/config.json"),
                "1.2.3");
    }

    CaptureConfig config() {
        return new CaptureConfig(tmp.resolve("wercli/dumps").toString(), "normal", 60, 10, 1 << 30);
    }

    /** What a Wine prefix has: the .NETFramework key (with some value) in both views, no managed debugger. */
    void netfxKeys() {
        for (RegistryView v : RegistryView.values()) {
            registry.put(v, NETFX, "InstallRoot", new RegistryValue.Sz("C:\\windows\\Microsoft.NET\\Framework64\\"));
        }
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz("winedbg --auto %ld %ld"));
    }

    Optional<RegistryValue> value(RegistryView view, String name) {
        return registry.read(view, NETFX, name);
    }

    @Test
    void theManagedCommandIsTheSameProgramWithTheClrsArguments() {
        assertEquals(OURS_MANAGED, OURS.managedCommandLine());
        assertTrue(DebuggerCommand.isWercli(OURS_MANAGED), "status and uninstall recognise it");
        assertEquals("\"C:\\w\\wercli.exe\" attach PID %d APPDOM %d EXTEXT \"%s\" EVTHDL %d",
                DebuggerCommand.forLauncher(Path.of("C:\\w\\wercli.exe")).managedCommandLine());
    }

    @Test
    void absentValuesAreWrittenInBothViewsAndAbsentAgainAfterUninstall() throws Exception {
        netfxKeys();
        var before64 = registry.snapshot(WOW64_64KEY);
        var before32 = registry.snapshot(WOW64_32KEY);
        List<String> out = installer().install(OURS, config(), true);
        for (RegistryView v : RegistryView.values()) {
            assertEquals(Optional.of(new RegistryValue.Sz(OURS_MANAGED)), value(v, "DbgManagedDebugger"), v.label());
            assertEquals(Optional.of(new RegistryValue.Dword(2)), value(v, "DbgJITDebugLaunchSetting"), v.label());
        }
        String text = String.join("\n", out);
        assertTrue(text.contains("32-bit view: .NET Framework managed debugger: backed up DbgManagedDebugger absent,"
                + " DbgJITDebugLaunchSetting absent"), text);
        assertTrue(out.get(out.size() - 1).endsWith(OURS_MANAGED), text);

        InstallStatus st = new StatusReader(registry, new FakeElevation(true), new FakeSecureFolders(),
                tmp.resolve("wercli/config.json"), "1.2.3").read();
        assertEquals(2, st.managed().size());
        for (InstallStatus.ManagedView m : st.managed()) {
            assertTrue(m.wercli(), m.toString());
            assertEquals("1.2.3", m.wercliVersion());
            assertEquals("absent", m.backup().debugger());
            assertEquals("absent", m.backup().launchSetting());
        }

        installer().uninstall(false);
        assertEquals(before64, registry.snapshot(WOW64_64KEY));
        assertEquals(before32, registry.snapshot(WOW64_32KEY));
    }

    @Test
    void aPreviousDebuggerComesBackWithItsTypesAndTheFirstBackupIsKept() throws Exception {
        netfxKeys();
        registry.put(WOW64_64KEY, NETFX, "DbgManagedDebugger", new RegistryValue.Sz(VSJIT));
        registry.put(WOW64_64KEY, NETFX, "DbgJITDebugLaunchSetting", new RegistryValue.Dword(16));
        registry.put(WOW64_32KEY, NETFX, "DbgManagedDebugger", new RegistryValue.ExpandSz("%WINDIR%\\dbg.exe %d"));
        var before64 = registry.snapshot(WOW64_64KEY);
        var before32 = registry.snapshot(WOW64_32KEY);
        installer().install(OURS, config(), true);
        List<String> again = installer().install(OURS, config(), true);
        assertTrue(String.join("\n", again).contains("64-bit view: .NET Framework managed debugger: already installed;"
                + " keeping the original backup (DbgManagedDebugger REG_SZ"), again.toString());
        installer().uninstall(false);
        assertEquals(before64, registry.snapshot(WOW64_64KEY));
        assertEquals(before32, registry.snapshot(WOW64_32KEY));
    }

    @Test
    void withoutTheNetFrameworkKeyItIsCreatedAndRemovedAgain() throws Exception {
        installer().install(OURS, config(), true);
        assertTrue(registry.keyExists(WOW64_32KEY, NETFX));
        installer().uninstall(false);
        assertFalse(registry.keyExists(WOW64_32KEY, NETFX));
        assertFalse(registry.keyExists(WOW64_64KEY, "SOFTWARE\\Microsoft"), registry.snapshot(WOW64_64KEY).toString());
        assertTrue(registry.snapshot(WOW64_32KEY).isEmpty(), registry.snapshot(WOW64_32KEY).toString());
        // (An empty SOFTWARE may stay in the 64-bit view, where wercli's backup kept it non-empty until the end: a
        // registry without SOFTWARE\Microsoft exists only in this test.)
    }

    @Test
    void anotherManagedDebuggerThatReplacedWercliIsAConflictUnlessForced() throws Exception {
        netfxKeys();
        installer().install(OURS, config(), true);
        registry.put(WOW64_32KEY, NETFX, "DbgManagedDebugger", new RegistryValue.Sz(VSJIT));
        int changes = registry.changes();
        InstallException e = assertThrows(InstallException.class, () -> installer().uninstall(false));
        assertEquals(InstallException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("32-bit view: another debugger replaced wercli as the .NET Framework managed"
                + " debugger: DbgManagedDebugger REG_SZ"), e.getMessage());
        assertEquals(changes, registry.changes(), "nothing written, AeDebug included");

        InstallStatus st = new StatusReader(registry, new FakeElevation(true), new FakeSecureFolders(),
                tmp.resolve("wercli/config.json"), "1.2.3").read();
        assertTrue(st.problems().stream().anyMatch(p -> p.startsWith("32-bit view: .NET Framework managed debugger:"
                + " another debugger replaced wercli")), st.problems().toString());

        assertTrue(st.problems().contains("wercli is the .NET Framework managed debugger in one view only: managed"
                + " crashes of 32-bit processes do not reach it"), st.problems().toString());

        installer().uninstall(true);
        assertEquals(Optional.empty(), value(WOW64_32KEY, "DbgManagedDebugger"), "--force restores the backup (absent)");
        assertFalse(registry.keyExists(WOW64_64KEY, "SOFTWARE\\wercli"));
    }

    @Test
    void installWithoutManagedLeavesAnEarlierManagedRegistrationAndUninstallTakesBoth() throws Exception {
        netfxKeys();
        var before64 = registry.snapshot(WOW64_64KEY);
        installer().install(OURS, config(), true);
        List<String> out = installer().install(OURS, config());
        assertTrue(out.contains(".NET Framework managed debugger: left as it is (install --managed updates it)"),
                out.toString());
        assertEquals(Optional.of(new RegistryValue.Sz(OURS_MANAGED)), value(WOW64_64KEY, "DbgManagedDebugger"));
        installer().uninstall(false);
        assertEquals(before64, registry.snapshot(WOW64_64KEY));
    }

    @Test
    void plainInstallTouchesNoManagedValue() throws Exception {
        netfxKeys();
        installer().install(OURS, config());
        assertEquals(Optional.empty(), value(WOW64_64KEY, "DbgManagedDebugger"));
        InstallStatus st = new StatusReader(registry, new FakeElevation(true), new FakeSecureFolders(),
                tmp.resolve("wercli/config.json"), "1.2.3").read();
        assertNull(st.managed().get(0).backup());
        assertFalse(st.managed().get(0).wercli());
    }

    @Test
    void aFailureAtEveryWriteOfAManagedInstallRollsBackToExactlyBefore() throws Exception {
        InMemoryRegistry twin = new InMemoryRegistry();
        registry = twin;
        netfxKeys();
        int start = twin.changes();
        installer().install(OURS, config(), true);
        int total = twin.changes() - start;
        for (int n = 1; n <= total; n++) {
            registry = new InMemoryRegistry();
            netfxKeys();
            var before64 = registry.snapshot(WOW64_64KEY);
            var before32 = registry.snapshot(WOW64_32KEY);
            Path base = tmp.resolve("run" + n);
            Installer i = new Installer(registry, new FakeElevation(true), new FakeSecureFolders(),
                    base.resolve("config.json"), "1");
            registry.failOnWrite(n);
            assertThrows(InstallException.class, () -> i.install(OURS,
                    new CaptureConfig(base.resolve("dumps").toString(), "normal", 60, 1, 1), true));
            assertEquals(before64, registry.snapshot(WOW64_64KEY), "write " + n);
            assertEquals(before32, registry.snapshot(WOW64_32KEY), "write " + n);
        }
    }
}
