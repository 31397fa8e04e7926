package dev.wercli.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.config.CaptureConfig;
import dev.wercli.config.DeliveryConfig;
import dev.wercli.install.DebuggerCommand;
import dev.wercli.platform.FakeElevation;
import dev.wercli.platform.FakeSecureFolders;
import dev.wercli.platform.InMemoryRegistry;
import dev.wercli.platform.RegistryValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import static dev.wercli.platform.RegistryView.WOW64_32KEY;
import static dev.wercli.platform.RegistryView.WOW64_64KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** install / uninstall / status run in-process through picocli against an in-memory machine. */
class InstallCommandsTest {
    static final String AEDEBUG = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug";
    static final String WINEDBG = "winedbg --auto %ld %ld";
    private static final Supplier<InstallContext> REAL = InstallContext.factory;

    @TempDir
    Path tmp;
    InMemoryRegistry registry = new InMemoryRegistry();
    boolean elevated = true;
    Path jar;
    String out;
    String err;

    void machine() throws Exception {
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz(WINEDBG));
        registry.put(WOW64_64KEY, AEDEBUG, "Auto", new RegistryValue.Sz("1"));
        jar = Files.createFile(tmp.resolve("wercli.jar"));
        Path java = Files.createFile(tmp.resolve("java.exe"));
        // Settings of an "earlier install" so that no test falls back to the real %ProgramData% (or ~/.wercli).
        new CaptureConfig(tmp.resolve("default dumps").toString(), null, 60, 50, 1L << 31)
                .save(tmp.resolve("pd/wercli/config.json"));
        FakeSecureFolders folders = new FakeSecureFolders();
        InstallContext.factory = () -> new InstallContext(registry, new FakeElevation(elevated), folders,
                tmp.resolve("pd/wercli/config.json"), () -> DebuggerCommand.forJar(java, jar));
    }

    @AfterEach
    void restore() {
        InstallContext.factory = REAL;
    }

    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = WercliCommand.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void installSavesSettingsAndRegistersBothViews() throws Exception {
        machine();
        Path dumps = tmp.resolve("my dumps");
        assertEquals(0, run("install", "--dump-dir", dumps.toString(), "--dump-type", "full", "--keep", "5",
                "--max-size", "500M", "--timeout", "30", "--release", "signal"), err);
        assertEquals("", err);
        assertTrue(out.contains("64-bit view: backed up Debugger REG_SZ \"" + WINEDBG + "\""), out);
        assertTrue(out.contains("postmortem debugger: \"" + tmp.resolve("java.exe") + "\" -jar \"" + jar
                + "\" attach %ld %ld %p"), out);
        assertEquals(new CaptureConfig(dumps.toString(), "full", 30, 5, 500L << 20, "signal"),
                CaptureConfig.load(tmp.resolve("pd/wercli/config.json")));
        assertTrue(RegistryValue.textOf(registry.read(WOW64_32KEY, AEDEBUG, "Debugger").orElseThrow()).endsWith("attach %ld %ld %p"));
    }

    @Test
    void installServiceNeedsTheLauncherAndChangesNothingWithoutIt() throws Exception {
        machine();
        System.clearProperty("wercli.launcher");
        assertEquals(2, run("install", "--service"), err);
        assertTrue(err.startsWith("wercli: --service needs wercli.exe"), err);
        assertEquals(WINEDBG, RegistryValue.textOf(registry.read(WOW64_64KEY, AEDEBUG, "Debugger").orElseThrow()),
                "nothing was registered");
    }

    @Test
    void installServiceFromTheLauncherCreatesAndStartsTheServiceAndUninstallRemovesIt() throws Exception {
        machine();
        dev.wercli.platform.FakeServiceManager scm = new dev.wercli.platform.FakeServiceManager();
        Supplier<ServiceContext> real = ServiceContext.factory;
        ServiceContext.factory = () -> new ServiceContext(scm, new FakeElevation(true), null, null);
        System.setProperty("wercli.launcher", "C:\\wercli\\wercli.exe");
        try {
            assertEquals(0, run("install", "--service"), err);
            assertTrue(out.contains("capture service: created 'wercli'"), out);
            assertEquals(java.util.List.of("create wercli \"C:\\wercli\\wercli.exe\" service", "start"), scm.journal);
            assertEquals(0, run("install", "--service"), err);
            assertTrue(out.contains("capture service: already installed"), out);
            assertEquals(0, run("uninstall"), err);
            assertTrue(out.contains("capture service: stopped and removed"), out);
            assertTrue(scm.query("wercli").isEmpty());
        } finally {
            System.clearProperty("wercli.launcher");
            ServiceContext.factory = real;
        }
    }

    @Test
    void reinstallWithoutOptionsKeepsTheEarlierSettings() throws Exception {
        machine();
        assertEquals(0, run("install", "--keep", "3", "--dump-dir", tmp.resolve("d").toString()));
        assertEquals(0, run("install", "--timeout", "90"));
        CaptureConfig c = CaptureConfig.load(tmp.resolve("pd/wercli/config.json"));
        assertEquals(3, c.keep());
        assertEquals(90, c.timeoutSeconds());
        assertEquals("exit", c.release(), "the default release policy");
        assertEquals(tmp.resolve("d").toString(), c.dumpDir());
    }

    @Test
    void installSavesTheBackendAndProductNamesAndStatusShowsThemWithoutTheirSecrets() throws Exception {
        machine();
        String url = "https://db.example/post/bp/crash/postBP.php?token=s3cretT0ken";
        assertEquals(0, run("install", "--upload-url", url, "--upload-protocol", "breakpad", "--upload-gzip",
                "--product", "app.exe=Our App@2.1", "--product", "tool.exe=Tool"), err);
        assertFalse(out.contains("s3cretT0ken"), out);
        DeliveryConfig d = CaptureConfig.load(tmp.resolve("pd/wercli/config.json")).delivery();
        assertEquals(new DeliveryConfig("breakpad", url, false, true, java.util.Map.of(
                "app.exe", new DeliveryConfig.ProductName("Our App", "2.1"),
                "tool.exe", new DeliveryConfig.ProductName("Tool", null))), d);

        assertEquals(0, run("status"), err);
        assertTrue(out.contains("delivery: breakpad https://db.example/post/bp/crash/postBP.php?token=***; "
                + "0 capture(s) waiting in the spool"), out);
        assertFalse(out.contains("s3cretT0ken"), out);

        assertEquals(0, run("install", "--keep", "3"), "a reinstall keeps the backend");
        assertEquals(d, CaptureConfig.load(tmp.resolve("pd/wercli/config.json")).delivery());
        assertEquals(0, run("install", "--no-upload"));
        DeliveryConfig none = CaptureConfig.load(tmp.resolve("pd/wercli/config.json")).delivery();
        assertFalse(none.configured());
        assertEquals(d.products(), none.products(), "the product names stay for a later backend");
    }

    @Test
    void deliveryOptionsThatCannotWorkTogetherAreUsageErrors() throws Exception {
        machine();
        String dsn = "https://abcdef0123456789@o1.ingest.example/42";
        assertEquals(2, run("install", "--upload-url", "https://x.example/submit", "--sentry-dsn", dsn));
        assertTrue(err.contains("not both"), err);
        assertEquals(2, run("install", "--upload-url", "https://x.example/submit", "--upload-gzip"));
        assertTrue(err.contains("--upload-gzip is for --upload-protocol breakpad"), err);
        assertEquals(2, run("install", "--upload-url", "https://x.example/", "--upload-protocol", "sentry2"));
        assertTrue(err.contains("expected wercli, breakpad or sentry"), err);
        assertEquals(2, run("install", "--sentry-dsn", "https://abcdef0123456789@o1.ingest.example/"));
        assertFalse(err.contains("abcdef0123456789"), "a bad DSN's message hides its key: " + err);
        assertEquals(2, run("install", "--upload-protocol", "breakpad"));
        assertTrue(err.contains("--upload-protocol needs --upload-url"), err);
        assertEquals(2, run("install", "--product", "app.exe"));
        assertTrue(err.contains("IMAGE=NAME[@VERSION]"), err);
        assertEquals(0, run("install", "--sentry-dsn", dsn), err);
        assertEquals("sentry", CaptureConfig.load(tmp.resolve("pd/wercli/config.json")).delivery().uploadProtocol());
    }

    @Test
    void notElevatedIsOneLineAndExit11() throws Exception {
        elevated = false;
        machine();
        assertEquals(11, run("install"));
        assertEquals("wercli: administrator rights are needed: run from an elevated prompt; nothing changed",
                err.strip());
        assertEquals(0, registry.changes());
        assertFalse(Files.exists(tmp.resolve("default dumps")), "no dump folder created");
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        machine();
        assertEquals(2, run("install", "--dump-type", "huge"));
        assertTrue(err.contains("unknown dump type 'huge'"), err);
        assertEquals(2, run("install", "--max-size", "lots"));
        assertTrue(err.contains("--max-size: not a size: 'lots'"), err);
        assertEquals(2, run("install", "--keep", "-1"));
        assertEquals(2, run("install", "--timeout", "0"));
        assertEquals(2, run("install", "--release", "later"));
        assertTrue(err.contains("--release must be exit or signal, got 'later'"), err);
        assertEquals(0, registry.changes());
    }

    @Test
    void uninstallRestoresAndTwiceSaysNotInstalled() throws Exception {
        machine();
        var before = registry.snapshot(WOW64_64KEY);
        assertEquals(0, run("install"));
        assertEquals(0, run("uninstall"), err);
        assertTrue(out.contains("64-bit view: restored Debugger REG_SZ \"" + WINEDBG + "\", Auto REG_SZ \"1\""), out);
        assertEquals(before, registry.snapshot(WOW64_64KEY));
        assertEquals(0, run("uninstall"));
        assertEquals("wercli is not installed; nothing to do", out.strip());
    }

    @Test
    void foreignReplacementIsExit12AndForceRestores() throws Exception {
        machine();
        assertEquals(0, run("install"));
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz("vsjitdebugger.exe -p %ld -e %ld"));
        assertEquals(12, run("uninstall"));
        assertTrue(err.startsWith("wercli: 64-bit view: another debugger replaced wercli"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals(0, run("uninstall", "--force"), err);
        assertEquals(Optional.of(new RegistryValue.Sz(WINEDBG)), registry.read(WOW64_64KEY, AEDEBUG, "Debugger"));
    }

    @Test
    void failureHalfWayIsExit13AndRollsBack() throws Exception {
        machine();
        var before = registry.snapshot(WOW64_64KEY);
        registry.failOnWrite(12);
        assertEquals(13, run("install"));
        assertTrue(err.startsWith("wercli: install failed, nothing changed: injected failure"), err);
        assertEquals(before, registry.snapshot(WOW64_64KEY));
    }

    @Test
    void statusShowsEachViewTheBackupAndTheDumpFolder() throws Exception {
        machine();
        Path dumps = tmp.resolve("dumps");
        assertEquals(0, run("install", "--dump-dir", dumps.toString()));
        Files.write(dumps.resolve("a.dmp"), new byte[1000]);
        Files.write(dumps.resolve("a.json"), new byte[24]);
        assertEquals(0, run("status"), err);
        assertTrue(out.startsWith("wercli dev: installed (this prompt is elevated)"), out);
        assertTrue(out.contains("64-bit view: HKLM\\" + AEDEBUG), out);
        assertTrue(out.contains("  backup: Debugger REG_SZ \"" + WINEDBG + "\", Auto REG_SZ \"1\"; added to AutoExclusionList: wercli.exe"), out);
        assertTrue(out.contains("  backup: Debugger absent, Auto absent"), out);
        assertTrue(out.contains("            wercli dev"), out);
        assertTrue(out.contains("  AutoExclusionList: wercli.exe (REG_DWORD 0x1)"), out);
        assertTrue(out.contains("dump folder: " + dumps + ": 1 dump(s), 1024 bytes in all"), out);
        assertTrue(out.contains("  owner: BUILTIN\\Administrators; nothing inherited from the parent"), out);
        assertTrue(out.contains("  access: NT AUTHORITY\\SYSTEM allow full"), out);
        assertTrue(out.contains("WER LocalDumps: not configured"), out);
        assertTrue(out.contains("problems: none"), out);
    }

    @Test
    void statusJsonReportsProblems() throws Exception {
        machine();
        registry.put(WOW64_64KEY, "SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps", "DumpFolder",
                new RegistryValue.ExpandSz("%LOCALAPPDATA%\\CrashDumps"));
        assertEquals(0, run("install"));
        Files.delete(jar); // the jar moved
        registry.put(WOW64_32KEY, AEDEBUG, "Auto", new RegistryValue.Sz("0"));
        assertEquals(0, run("status", "--json"), err);
        JsonNode s = new ObjectMapper().readTree(out);
        assertTrue(s.get("installed").asBoolean());
        assertEquals("WOW64_64KEY", s.get("views").get(0).get("view").asText());
        assertEquals("REG_SZ", s.get("views").get(0).get("debuggerType").asText());
        assertTrue(s.get("views").get(1).get("wercli").asBoolean());
        assertEquals("REG_SZ \"" + WINEDBG + "\"", s.get("views").get(0).get("backup").get("debugger").asText());
        assertTrue(s.get("werLocalDumps").get("configured").asBoolean());
        assertEquals("%LOCALAPPDATA%\\CrashDumps", s.get("werLocalDumps").get("dumpFolder").asText());
        assertTrue(s.get("werLocalDumps").get("note").asText().contains("is not documented"), "no unsourced claim");
        String problems = s.get("problems").toString();
        assertTrue(problems.contains("32-bit view: Debugger is wercli but Auto is REG_SZ \\\"0\\\""), problems);
        assertTrue(problems.contains("needs " + jar.toString().replace("\\", "\\\\") + ", which does not exist"), problems);
    }

    @Test
    void statusOfACleanMachine() throws Exception {
        machine();
        assertEquals(0, run("status"));
        assertTrue(out.startsWith("wercli dev: not installed"), out);
        assertTrue(out.contains("  Debugger: REG_SZ " + WINEDBG), out);
        assertTrue(out.contains("  backup: none"), out);
        assertTrue(out.contains("problems: none"), out);
    }

    @Test
    void registerWerModuleWritesBothDllsAndStatusListsThemUntilUnregistered() throws Exception {
        machine();
        Files.createFile(tmp.resolve("wercli-wer-x64.dll"));
        Files.createFile(tmp.resolve("wercli-wer-x86.dll"));
        assertEquals(0, run("register-wer-module", "--dll-dir", tmp.toString(), "--claim-codes", "0xC0000409"), err);
        assertTrue(out.contains("HKLM 64-bit view: " + tmp.resolve("wercli-wer-x64.dll")), out);
        assertEquals(0, run("status"), err);
        assertTrue(out.contains("WER runtime exception modules:"), out);
        assertTrue(out.contains("  HKLM 64-bit view: " + tmp.resolve("wercli-wer-x64.dll")), out);
        assertTrue(out.contains("[wercli]"), out);
        assertTrue(out.contains("  HKLM 32-bit view: " + tmp.resolve("wercli-wer-x86.dll")), out);
        assertEquals(java.util.Optional.of(new RegistryValue.Sz("0xC0000409")),
                registry.read(WOW64_32KEY, "SOFTWARE\\wercli\\WerModule", "ClaimCodes"), "the x86 module reads WOW6432Node");

        assertEquals(0, run("register-wer-module", "--unregister"), err);
        assertEquals(0, run("status", "--json"), err);
        assertTrue(out.contains("\"werModules\" : [ ]") || out.contains("\"werModules\":[]"), out);
    }

    @Test
    void registerWerModuleRefusesMissingDlls() throws Exception {
        machine();
        assertEquals(2, run("register-wer-module", "--dll-dir", tmp.toString()));
        assertTrue(err.contains("wercli-wer-x64.dll"), err);
    }

    @Test
    void installTakesEverySizeAttachTakes() throws Exception {
        machine();
        // 2GiB was refused by install while attach took it: two grammars. Both now read config.Size.
        assertEquals(0, run("install", "--max-size", "2GiB"), err);
        long installed = CaptureConfig.load(tmp.resolve("pd/wercli/config.json")).maxSizeBytes();
        long attach = StoreOptions.settings(0, "2GiB", null, Usage.Problem::new).retention().maxBytes();
        assertEquals(2L << 30, installed);
        assertEquals(attach, installed);
    }

    @Test
    void installAttachAndFlushRefuseATimeoutInTheSameWords() throws Exception {
        machine();
        String expected = "wercli: --timeout must be 1..3600 seconds, got 0";
        assertEquals(2, run("install", "--timeout", "0"));
        assertTrue(err.startsWith(expected + "\n"), err);
        assertEquals(2, run("attach", "1", "0", "--timeout", "0"));
        assertTrue(err.startsWith(expected + "\n"), err);
        assertEquals(2, run("flush", "--upload-url", "http://127.0.0.1:1/r", "--dir", tmp.toString(),
                "--timeout", "0"));
        assertTrue(err.startsWith(expected + "\n"), err);
        assertEquals(0, registry.changes());
    }

    @Test
    void offWindowsTheCommandsSayTheyNeedWindows() {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"));
        InstallContext.factory = REAL;
        assertEquals(9, run("status"));
        assertTrue(err.startsWith("wercli: this needs Windows (or Wine)"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals(9, run("install"));
        assertEquals(9, run("uninstall"));
    }

    @Test
    void statusNamesAHalfWrittenBackupAndAForeignReplacement() throws Exception {
        machine();
        assertEquals(0, run("install"));
        registry.put(WOW64_64KEY, AEDEBUG, "Debugger", new RegistryValue.Sz("vsjitdebugger.exe -p %ld -e %ld"));
        registry.put(WOW64_64KEY, "SOFTWARE\\wercli\\Backup\\WOW64_32KEY", "Complete", new RegistryValue.Dword(0));
        assertEquals(0, run("status"), err);
        assertTrue(out.contains("  - 64-bit view: another debugger replaced wercli since install (Debugger REG_SZ "
                + "\"vsjitdebugger.exe -p %ld -e %ld\"); 'wercli uninstall' will leave it, --force restores the backup"), out);
        assertTrue(out.contains("  - 32-bit view: a half-written backup exists (interrupted install); run 'wercli install' again"), out);
        assertTrue(out.contains("  - 32-bit view: wercli is the debugger but no backup is held"), out);
        assertTrue(out.contains("  - wercli is the debugger in one view only: crashes of 64-bit processes are not captured"), out);
    }
}
