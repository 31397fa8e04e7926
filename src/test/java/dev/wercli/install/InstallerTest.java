package dev.wercli.install;

import dev.wercli.config.CaptureConfig;
import dev.wercli.platform.FakeElevation;
import dev.wercli.platform.FakeSecureFolders;
import dev.wercli.platform.InMemoryRegistry;
import dev.wercli.platform.RegistryValue;
import dev.wercli.platform.RegistryView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.wercli.platform.RegistryView.WOW64_32KEY;
import static dev.wercli.platform.RegistryView.WOW64_64KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every install/uninstall transition against an in-memory registry; paths written out, not taken from AeDebugKeys. */
class InstallerTest {
    static final String AEDEBUG = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug";
    static final String EXCLUSIONS = AEDEBUG + "\\AutoExclusionList";
    static final String WINEDBG = "winedbg --auto %ld %ld";
    static final String VSJIT = "\"C:\\WINDOWS\\system32\\vsjitdebugger.exe\" -p %ld -e %ld -j 0x%p";
    static final DebuggerCommand OURS = DebuggerCommand.forJar(
            Path.of("C:\\Program Files\\Java\\bin\\java.exe"), Path.of("C:\\Tools\\wercli 1\\wercli.jar"));

    @TempDir
    Path tmp;
    InMemoryRegistry registry = new InMemoryRegistry();
    FakeSecureFolders folders = new FakeSecureFolders();

    Installer installer(boolean elevated) {
        return new Installer(registry, new FakeElevation(elevated), folders, tmp.resolve("wercli/config.json"), "1.2.3");
    }

    Installer installer() {
        return installer(true);
    }

    CaptureConfig config() {
        return new CaptureConfig(tmp.resolve("wercli/dumps").toString(), "normal", 60, 10, 1 << 30);
    }

    /** A fresh 64-bit Wine prefix: winedbg in the 64-bit view, nothing in the 32-bit view. */
    void wineFresh() {
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz(WINEDBG));
        registry.put(WOW64_64KEY, AEDEBUG, "Auto", new RegistryValue.Sz("1"));
    }

    Optional<RegistryValue> value(RegistryView view, String key, String name) {
        return registry.read(view, key, name);
    }

    void assertOursIn(RegistryView view) {
        assertEquals(Optional.of(new RegistryValue.Sz(OURS.commandLine())), value(view, AEDEBUG, "Debugger"), view.label());
        assertEquals(Optional.of(new RegistryValue.Sz("1")), value(view, AEDEBUG, "Auto"), view.label());
        assertEquals(Optional.of(new RegistryValue.Dword(1)), value(view, EXCLUSIONS, "wercli.exe"), view.label());
    }

    @Test
    void freshWinePrefixInstallsInBothViewsAndUninstallRestoresEverythingExactly() throws Exception {
        wineFresh();
        var before64 = registry.snapshot(WOW64_64KEY);
        var before32 = registry.snapshot(WOW64_32KEY);

        List<String> out = installer().install(OURS, config());
        assertOursIn(WOW64_64KEY);
        assertOursIn(WOW64_32KEY);
        assertTrue(String.join("\n", out).contains("64-bit view: backed up Debugger REG_SZ \"" + WINEDBG + "\""), out.toString());
        assertTrue(String.join("\n", out).contains("32-bit view: backed up Debugger absent, Auto absent"), out.toString());
        assertEquals(config(), CaptureConfig.load(tmp.resolve("wercli/config.json")));
        assertTrue(folders.created(tmp.resolve("wercli/dumps")));

        List<String> un = installer().uninstall(false);
        assertTrue(un.get(0).startsWith("64-bit view: restored Debugger REG_SZ"), un.toString());
        assertEquals(before64, registry.snapshot(WOW64_64KEY), "64-bit view, including wercli's own keys gone");
        assertEquals(before32, registry.snapshot(WOW64_32KEY), "32-bit view: keys install created are gone too");
    }

    @Test
    void foreignDebuggerWithDwordAutoIsRestoredWithItsTypes() throws Exception {
        for (RegistryView v : RegistryView.values()) {
            registry.put(v, AEDEBUG, "Debugger", new RegistryValue.Sz(VSJIT));
            registry.put(v, AEDEBUG, "Auto", new RegistryValue.Dword(0));
            registry.put(v, EXCLUSIONS, "DWM.exe", new RegistryValue.Dword(1));
        }
        var before = Map.of(WOW64_64KEY, registry.snapshot(WOW64_64KEY), WOW64_32KEY, registry.snapshot(WOW64_32KEY));
        installer().install(OURS, config());
        assertOursIn(WOW64_64KEY);
        assertEquals(Optional.of(new RegistryValue.Dword(1)), value(WOW64_32KEY, EXCLUSIONS, "DWM.exe"));
        installer().uninstall(false);
        assertEquals(before.get(WOW64_64KEY), registry.snapshot(WOW64_64KEY));
        assertEquals(before.get(WOW64_32KEY), registry.snapshot(WOW64_32KEY));
        assertEquals(Optional.of(new RegistryValue.Dword(0)), value(WOW64_32KEY, AEDEBUG, "Auto"), "REG_DWORD stays REG_DWORD");
    }

    static Stream<RegistryValue> autoValues() {
        return Stream.of(new RegistryValue.Sz("0"), new RegistryValue.Sz("1"), new RegistryValue.Dword(1),
                new RegistryValue.ExpandSz("1"));
    }

    @ParameterizedTest
    @MethodSource("autoValues")
    void autoComesBackWithTheSameTypeAndData(RegistryValue auto) throws Exception {
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.ExpandSz("%SystemRoot%\\dbg.exe %ld %ld"));
        registry.put(WOW64_64KEY, AEDEBUG, "Auto", auto);
        installer().install(OURS, config());
        assertEquals(Optional.of(new RegistryValue.Sz("1")), value(WOW64_64KEY, AEDEBUG, "Auto"), "wercli writes REG_SZ 1");
        installer().uninstall(false);
        assertEquals(Optional.of(auto), value(WOW64_64KEY, AEDEBUG, "Auto"));
        assertEquals(Optional.of(new RegistryValue.ExpandSz("%SystemRoot%\\dbg.exe %ld %ld")),
                value(WOW64_64KEY, AEDEBUG, "Debugger"));
    }

    @Test
    void valuesAbsentEverywhereAreAbsentAgainAfterUninstall() throws Exception {
        registry.put(WOW64_64KEY, AEDEBUG, "UserDebuggerHotKey", new RegistryValue.Dword(0));
        var before64 = registry.snapshot(WOW64_64KEY);
        installer().install(OURS, config());
        assertOursIn(WOW64_64KEY);
        installer().uninstall(false);
        assertEquals(before64, registry.snapshot(WOW64_64KEY));
        assertEquals(Optional.empty(), value(WOW64_64KEY, AEDEBUG, "Debugger"));
        assertTrue(registry.snapshot(WOW64_32KEY).isEmpty(), registry.snapshot(WOW64_32KEY).toString());
    }

    @Test
    void installTwiceKeepsTheOriginalBackupAndNeverBacksUpWercli() throws Exception {
        wineFresh();
        var before = registry.snapshot(WOW64_64KEY);
        installer().install(OURS, config());
        DebuggerCommand moved = DebuggerCommand.forJar(Path.of("C:\\jre\\bin\\java.exe"), Path.of("D:\\new\\wercli.jar"));
        List<String> out = installer().install(moved, config());
        assertTrue(out.get(out.size() - 1).endsWith(moved.commandLine()), out.toString());
        assertTrue(String.join("\n", out).contains("64-bit view: already installed; keeping the original backup (Debugger REG_SZ \""
                + WINEDBG + "\""), out.toString());
        assertEquals(Optional.of(new RegistryValue.Sz(moved.commandLine())), value(WOW64_64KEY, AEDEBUG, "Debugger"));
        Backup b = new BackupStore(registry).read(WOW64_64KEY).orElseThrow();
        assertEquals(Optional.of(new RegistryValue.Sz(WINEDBG)), b.debugger());
        assertEquals(List.of("wercli.exe"), b.addedExclusions());
        installer().uninstall(false);
        assertEquals(before, registry.snapshot(WOW64_64KEY));
    }

    @Test
    void uninstallTwiceSaysNotInstalledAndChangesNothing() throws Exception {
        wineFresh();
        installer().install(OURS, config());
        installer().uninstall(false);
        int changes = registry.changes();
        List<String> out = installer(false).uninstall(false);
        assertEquals(List.of("wercli is not installed; nothing to do"), out, "no elevation needed to find nothing to do");
        assertEquals(changes, registry.changes());
    }

    @Test
    void foreignReplacementAfterInstallIsLeftInPlaceUnlessForced() throws Exception {
        wineFresh();
        installer().install(OURS, config());
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz(VSJIT));
        var replaced = registry.snapshot(WOW64_64KEY);
        int changes = registry.changes();

        InstallException e = assertThrows(InstallException.class, () -> installer().uninstall(false));
        assertEquals(InstallException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("64-bit view: another debugger replaced wercli: Debugger REG_SZ \"" + VSJIT), e.getMessage());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(changes, registry.changes(), "nothing written");
        assertEquals(replaced, registry.snapshot(WOW64_64KEY));

        installer().uninstall(true);
        assertEquals(Optional.of(new RegistryValue.Sz(WINEDBG)), value(WOW64_64KEY, AEDEBUG, "Debugger"));
        assertEquals(Optional.empty(), value(WOW64_32KEY, AEDEBUG, "Debugger"));
        assertFalse(registry.keyExists(WOW64_64KEY, "SOFTWARE\\wercli"));
    }

    @Test
    void reinstallAfterForeignReplacementBacksUpTheNewcomer() throws Exception {
        wineFresh();
        installer().install(OURS, config());
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz(VSJIT));
        List<String> out = installer().install(OURS, config());
        assertTrue(String.join("\n", out).contains("64-bit view: another debugger replaced wercli since install"), out.toString());
        installer().uninstall(false);
        assertEquals(Optional.of(new RegistryValue.Sz(VSJIT)), value(WOW64_64KEY, AEDEBUG, "Debugger"));
        assertEquals(Optional.empty(), value(WOW64_64KEY, EXCLUSIONS, "wercli.exe"), "exclusion added by the first install removed");
    }

    @Test
    void notElevatedWritesNothing() {
        wineFresh();
        InstallException e = assertThrows(InstallException.class, () -> installer(false).install(OURS, config()));
        assertEquals(InstallException.Kind.NOT_ELEVATED, e.kind());
        assertTrue(e.getMessage().contains("run from an elevated prompt"), e.getMessage());
        assertEquals(0, registry.changes());
        assertFalse(Files.exists(tmp.resolve("wercli")), "no folder, no settings file");
    }

    @Test
    void notElevatedUninstallOfAnInstalledWercliWritesNothing() throws Exception {
        wineFresh();
        installer().install(OURS, config());
        int changes = registry.changes();
        InstallException e = assertThrows(InstallException.class, () -> installer(false).uninstall(false));
        assertEquals(InstallException.Kind.NOT_ELEVATED, e.kind());
        assertEquals(changes, registry.changes());
    }

    @Test
    void exclusionTheUserHadAlreadyIsNotOursToRemove() throws Exception {
        wineFresh();
        registry.put(WOW64_64KEY, EXCLUSIONS, "WERCLI.EXE", new RegistryValue.Dword(1));
        installer().install(OURS, config());
        assertEquals(List.of(), new BackupStore(registry).read(WOW64_64KEY).orElseThrow().addedExclusions());
        installer().uninstall(false);
        assertEquals(Optional.of(new RegistryValue.Dword(1)), value(WOW64_64KEY, EXCLUSIONS, "wercli.exe"));
    }

    @Test
    void debuggerOfAnUnrestorableTypeIsRefused() {
        registry.put(WOW64_32KEY, AEDEBUG, "Debugger", new RegistryValue.Other(3));
        InstallException e = assertThrows(InstallException.class, () -> installer().install(OURS, config()));
        assertEquals(InstallException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("32-bit view"), e.getMessage());
        assertEquals(0, registry.changes());
    }

    @Test
    void wercliWithoutBackupIsRemovedOnUninstall() throws Exception {
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz(OURS.commandLine()));
        registry.put(WOW64_64KEY, AEDEBUG, "Auto", new RegistryValue.Sz("1"));
        List<String> out = installer().install(OURS, config());
        assertTrue(String.join("\n", out).contains("no backup is held"), out.toString());
        assertEquals(Optional.empty(), new BackupStore(registry).read(WOW64_64KEY).orElseThrow().debugger(),
                "wercli itself is never the backup");
        installer().uninstall(false);
        assertEquals(Optional.empty(), value(WOW64_64KEY, AEDEBUG, "Debugger"));
        assertEquals(Optional.empty(), value(WOW64_64KEY, AEDEBUG, "Auto"));
    }

    @Test
    void halfWrittenBackupIsReplacedByInstall() throws Exception {
        wineFresh();
        registry.put(WOW64_64KEY, "SOFTWARE\\wercli\\Backup\\WOW64_64KEY", "Debugger", new RegistryValue.Sz("stale"));
        assertTrue(new BackupStore(registry).isHalfWritten(WOW64_64KEY));
        List<String> out = installer().install(OURS, config());
        assertTrue(String.join("\n", out).contains("replaced a half-written backup"), out.toString());
        assertEquals(Optional.of(new RegistryValue.Sz(WINEDBG)), new BackupStore(registry).read(WOW64_64KEY).orElseThrow().debugger());
    }

    /** How many registry changes a full install (or uninstall) makes, measured on a twin registry. */
    static int changesOf(boolean uninstall, Path dir) throws Exception {
        InMemoryRegistry twin = new InMemoryRegistry();
        twin.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz(WINEDBG));
        twin.put(WOW64_64KEY, AEDEBUG, "Auto", new RegistryValue.Sz("1"));
        Installer i = new Installer(twin, new FakeElevation(true), new FakeSecureFolders(), dir.resolve("config.json"), "1");
        i.install(OURS, new CaptureConfig(dir.resolve("dumps").toString(), "normal", 60, 1, 1));
        int afterInstall = twin.changes();
        if (!uninstall) {
            return afterInstall;
        }
        i.uninstall(false);
        return twin.changes() - afterInstall;
    }

    @Test
    void failureAtEveryWriteOfInstallRollsBackToExactlyBefore() throws Exception {
        int total = changesOf(false, tmp.resolve("twin"));
        assertTrue(total > 10, "an install makes " + total + " changes");
        for (int n = 1; n <= total; n++) {
            registry = new InMemoryRegistry();
            folders = new FakeSecureFolders();
            wineFresh();
            var before64 = registry.snapshot(WOW64_64KEY);
            Path base = tmp.resolve("run" + n);
            Installer i = new Installer(registry, new FakeElevation(true), folders, base.resolve("config.json"), "1");
            registry.failOnWrite(n);
            InstallException e = assertThrows(InstallException.class,
                    () -> i.install(OURS, new CaptureConfig(base.resolve("dumps").toString(), "normal", 60, 1, 1)));
            assertEquals(InstallException.Kind.FAILED, e.kind());
            assertTrue(e.getMessage().startsWith("install failed, nothing changed: injected failure"), e.getMessage());
            assertEquals(before64, registry.snapshot(WOW64_64KEY), "write " + n);
            assertTrue(registry.snapshot(WOW64_32KEY).isEmpty(), "write " + n + ": " + registry.snapshot(WOW64_32KEY));
            assertFalse(Files.exists(base.resolve("config.json")), "write " + n);
            assertFalse(Files.exists(base.resolve("dumps")), "write " + n);
        }
    }

    @Test
    void failureAtEveryWriteOfUninstallLeavesWercliInstalled() throws Exception {
        int total = changesOf(true, tmp.resolve("twin"));
        assertTrue(total > 5, "an uninstall makes " + total + " changes");
        for (int n = 1; n <= total; n++) {
            registry = new InMemoryRegistry();
            wineFresh();
            Installer i = new Installer(registry, new FakeElevation(true), new FakeSecureFolders(),
                    tmp.resolve("u" + n).resolve("config.json"), "1");
            i.install(OURS, new CaptureConfig(tmp.resolve("u" + n).resolve("dumps").toString(), "normal", 60, 1, 1));
            var installed64 = registry.snapshot(WOW64_64KEY);
            var installed32 = registry.snapshot(WOW64_32KEY);
            registry.failOnWrite(n);
            InstallException e = assertThrows(InstallException.class, () -> i.uninstall(false));
            assertEquals(InstallException.Kind.FAILED, e.kind(), e.getMessage());
            assertEquals(installed64, registry.snapshot(WOW64_64KEY), "write " + n);
            assertEquals(installed32, registry.snapshot(WOW64_32KEY), "write " + n);
        }
    }
}
