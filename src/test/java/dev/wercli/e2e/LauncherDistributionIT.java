package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows distribution end to end under Wine: the zip from install/build-dist is unpacked to
 * C:\wercli in a fresh prefix and used the way a user would: wercli.exe --version, a non-ASCII
 * argument, wercli.exe install, a crash captured through AeDebug by wercli.exe (dump + report), uninstall,
 * the launcher's own exit codes and its recursion guard.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherDistributionIT {
    static final Duration BOUND = Duration.ofSeconds(60);
    static final String INSTALL_DIR = "C:\\wercli"; // the folder build-dist made the CDS archive for

    private WineHarness wine;
    private Path installed;
    private String version;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void unpack() throws Exception {
        Path zip = distributionZip();
        version = versionOf(zip);
        wine = WineHarness.create("launcher");
        installed = wine.prefix.resolve("drive_c/wercli");
        unzip(zip, installed);
    }

    /** target/dist's Windows zip; the test is skipped (and says why) when install/build-dist has not run. */
    static Path distributionZip() throws IOException {
        Path dist = Path.of(System.getProperty("user.dir")).resolve("target/dist");
        Path zip;
        try (Stream<Path> s = Files.isDirectory(dist) ? Files.list(dist) : Stream.empty()) {
            zip = s.filter(p -> p.getFileName().toString().matches("wercli-.+-windows-x64\\.zip")).findFirst().orElse(null);
        }
        Assumptions.assumeTrue(zip != null, "no target/dist/wercli-*-windows-x64.zip: run install/build-dist");
        return zip;
    }

    static String versionOf(Path zip) {
        String name = zip.getFileName().toString();
        return name.substring("wercli-".length(), name.length() - "-windows-x64.zip".length());
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    @Test
    void printsItsVersionFromTheUnpackedZip() throws Exception {
        WineHarness.Run run = launcher(Map.of(), "--version");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("wercli " + version, run.stdout().strip());
    }

    @Test
    void usesTheShippedClassDataArchive() throws Exception {
        // -Xshare:on makes an unusable archive fatal instead of silently ignored.
        WineHarness.Run run = launcher(Map.of("WERCLI_JVM_OPTIONS", "-Xshare:on"), "--version");
        assertEquals(0, run.exitCode(), "the archive in lib\\wercli.jsa does not map here: " + run.stderr());
    }

    @Test
    void passesNonAsciiArgumentsThroughUnchanged() throws Exception {
        Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "this JVM cannot pass non-ASCII arguments to wine (sun.jnu.encoding is not UTF-8)");
        // Cyrillic and an emoji have no form in the ANSI code page: only a UTF-16 path keeps them.
        String option = "--zä€Ж😀";
        WineHarness.Run run = launcher(Map.of(), option);
        assertEquals(2, run.exitCode(), "an unknown option is a usage error");
        assertTrue(run.stderr().contains("'" + option + "'"), "echoed intact: " + run.stderr());
    }

    @Test
    void installCaptureUninstallThroughTheLauncher() throws Exception {
        Path dir = wine.freshDir("capture");
        String before = aeDebugDebugger();
        java.util.Optional<byte[]> before64 = wine.exportAeDebug(WineHarness.VIEW_64, "launcher-before64.reg");
        java.util.Optional<byte[]> before32 = wine.exportAeDebug(WineHarness.VIEW_32, "launcher-before32.reg");
        WineHarness.Run install = launcher(Map.of(), "install", "--dump-dir", WineHarness.win(dir));
        assertEquals(0, install.exitCode(), "install: " + install.stdout() + install.stderr());
        assertEquals("\"" + INSTALL_DIR + "\\wercli.exe\" attach %ld %ld %p", aeDebugDebugger(),
                "install registers the launcher it was run from, not java.exe");

        // A 64-bit and a 32-bit crash, each through its own registry view, both captured by the one wercli.exe;
        // each on Wine's own path and on the JIT path (the shim does what Windows does), where the launcher
        // runs the capture in a worker and exits at the release, before the report (native-launcher/src/worker.h).
        for (Bitness bits : Bitness.values()) {
          for (String path : List.of("aedebug", "jit")) {
            Path factsFile = dir.resolve("facts-" + bits.label + "-" + path + ".txt");
            Path shimLog = dir.resolve("shim-" + bits.label + ".txt");
            int reportsBefore = WineHarness.files(dir, ".json").size();
            List<String> cmd = new java.util.ArrayList<>(List.of(bits.crashy(wine).toString()));
            if (path.equals("jit")) {
                cmd.add("--jit-shim");
            }
            cmd.addAll(List.of("av-write", WineHarness.win(factsFile)));
            WineHarness.Run crash = wine.wine(cmd, Map.of("WERCLI_JIT_SHIM_LOG", WineHarness.win(shimLog)), BOUND);
            assertFalse(crash.timedOut(), bits + ": the crashed process was left hanging");
            assertEquals(0x05, crash.exitCode(), bits + ": the process ends with its exception code");
            System.out.printf("e2e launcher %s %-7s av-write crash-to-exit %5d ms%n", bits, path,
                    crash.elapsed().toMillis());
            // The report is written after the process was released: wait for it (the dump comes first).
            assertTrue(waitForFiles(dir, ".json", reportsBefore + 1, Duration.ofSeconds(60)),
                    bits + ": no report from wercli.exe within 60 s");
            assertTrue(wine.waitUntilGone("wercli.exe", Duration.ofSeconds(30)), "wercli.exe did not exit");

            Map<String, String> facts = WineHarness.facts(factsFile);
            Path report = WineHarness.files(dir, ".json").stream()
                    .filter(p -> p.getFileName().toString().endsWith("_pid" + facts.get("pid") + ".json"))
                    .findFirst().orElseThrow(() -> new AssertionError(bits + ": no report for pid " + facts.get("pid")));
            JsonNode r = json.readTree(report.toFile());
            assertEquals("captured", r.path("outcome").asText(), bits + ": " + r.path("errors"));
            assertEquals(version, r.path("tool").path("version").asText());
            assertEquals(bits.label, r.path("process").path("architecture").asText());
            assertEquals("0xC0000005", r.path("exception").path("code").asText());
            assertEquals("write", r.path("exception").path("access").asText());
            assertEquals("crashy.exe", r.path("faulting_module").path("name").asText());

            Path dump = Path.of(report.toString().replace(".json", ".dmp"));
            BreakpadView breakpad = BreakpadView.read(wine, dump);
            assertEquals(bits.breakpadCpu, breakpad.cpu(), bits + ": the dump of the zip's wercli is " + bits.label);
            assertEquals("EXCEPTION_ACCESS_VIOLATION_WRITE", breakpad.reason(), "Breakpad reads the same crash");
            assertEquals(0x10, breakpad.address());
            if (path.equals("jit")) {
                assertEquals("jit_debug_info", r.path("source").asText());
                Map<String, String> shim = ShimLog.read(shimLog);
                assertEquals("debugger-exited", shim.get("outcome"), "--release exit: the launcher ends WER's wait");
                assertEquals("0x0", shim.get("debugger_exit"), "the launcher exits with the capture's code");
                String log = Files.readString(dir.resolve("wercli.log"));
                int told = log.lastIndexOf("released: told the launcher");
                assertTrue(told >= 0, "the worker told its launcher at the release:\n" + log);
                assertTrue(log.indexOf("report written", told) > told, "the report was written after that");
            }
          }
        }

        WineHarness.Run uninstall = launcher(Map.of(), "uninstall");
        assertEquals(0, uninstall.exitCode(), "uninstall: " + uninstall.stdout() + uninstall.stderr());
        assertEquals(before, aeDebugDebugger(), "uninstall puts the previous debugger back");
        assertBytes(before64, wine.exportAeDebug(WineHarness.VIEW_64, "launcher-after64.reg"), "64-bit view");
        assertBytes(before32, wine.exportAeDebug(WineHarness.VIEW_32, "launcher-after32.reg"), "32-bit view");
    }

    private static void assertBytes(java.util.Optional<byte[]> before, java.util.Optional<byte[]> after, String what) {
        assertEquals(before.isPresent(), after.isPresent(), what + ": the key exists as before");
        before.ifPresent(b -> assertTrue(java.util.Arrays.equals(b, after.get()),
                what + " differs after uninstall:\n" + new String(after.get(), StandardCharsets.UTF_16LE)));
    }

    /** The 64-bit view's AeDebug Debugger value, as `reg query` shows it. */
    private String aeDebugDebugger() throws IOException, InterruptedException {
        WineHarness.Run query = wine.wine(List.of("reg", "query", WineHarness.AEDEBUG, "/v", "Debugger",
                WineHarness.VIEW_64), BOUND);
        return query.stdout().lines().filter(l -> l.contains("REG_SZ"))
                .map(l -> l.substring(l.indexOf("REG_SZ") + "REG_SZ".length()).strip()).findFirst().orElse("");
    }

    @Test
    void aCrashOfTheLauncherEndsWithItsOwnCodeAndStartsNoDebugger() throws Exception {
        Path dir = Files.createDirectories(wine.work.resolve("self-crash"));
        wine.setAeDebug("\"" + INSTALL_DIR + "\\wercli.exe\" attach %ld %ld --dump-dir \"" + WineHarness.win(dir) + "\"");
        for (String point : List.of("1", "2")) { // before the JVM exists, and on the main thread inside it
            WineHarness.Run run = launcher(Map.of("WERCLI_LAUNCHER_TEST_CRASH", point), "--version");
            assertEquals(23, run.exitCode(), "crash point " + point + ": " + run.stderr());
            assertTrue(run.stderr().contains("wercli: wercli.exe crashed (exception 0x00000000C0000005"), run.stderr());
            assertTrue(run.stderr().contains("not starting a postmortem debugger"), run.stderr());
        }
        assertTrue(wine.waitUntilGone("attach", Duration.ofSeconds(5)));
        assertEquals(List.of(), WineHarness.files(dir, ".json"), "wercli was started for its own crash");
        assertEquals(List.of(), WineHarness.files(dir, ".log"), "wercli was started for its own crash");
    }

    @Test
    void withoutARuntimeSaysSoInOneLine() throws Exception {
        copyWithoutRuntime("bare");
        WineHarness.Run run = run(List.of("wine", "C:\\bare\\wercli.exe", "--version"), Map.of());
        assertEquals(20, run.exitCode(), run.stderr());
        assertEquals(1, run.stderr().strip().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("wercli: no Java 17 runtime found"), run.stderr());
    }

    @Test
    void findsARuntimeThroughJavaHomeThenTheRegistry() throws Exception {
        copyWithoutRuntime("bare-lookup");
        String runtime = INSTALL_DIR + "\\runtime";
        WineHarness.Run viaJavaHome = run(List.of("wine", "C:\\bare-lookup\\wercli.exe", "--version"),
                Map.of("JAVA_HOME", runtime + "\\"));
        assertEquals(0, viaJavaHome.exitCode(), "JAVA_HOME with a trailing backslash: " + viaJavaHome.stderr());

        String jdkKey = "HKLM\\SOFTWARE\\JavaSoft\\JDK";
        try {
            regAdd(jdkKey, "CurrentVersion", "17.0.12");
            regAdd(jdkKey + "\\17.0.12", "JavaHome", runtime);
            WineHarness.Run viaRegistry = run(List.of("wine", "C:\\bare-lookup\\wercli.exe", "--version"), Map.of());
            assertEquals(0, viaRegistry.exitCode(), "registry JavaSoft\\JDK 17: " + viaRegistry.stderr());
            regAdd(jdkKey, "CurrentVersion", "1.8"); // an older Java is not taken
            WineHarness.Run tooOld = run(List.of("wine", "C:\\bare-lookup\\wercli.exe", "--version"), Map.of());
            assertEquals(20, tooOld.exitCode(), tooOld.stderr());
        } finally {
            wine.wine(List.of("reg", "delete", "HKLM\\SOFTWARE\\JavaSoft", "/f", WineHarness.VIEW_64), BOUND);
        }
    }

    private void regAdd(String key, String name, String value) throws IOException, InterruptedException {
        // The 64-bit view, named: wercli.exe is a 64-bit program (a plain `wine reg` may edit WOW6432Node).
        WineHarness.Run r = wine.wine(List.of("reg", "add", key, "/v", name, "/d", value, "/f", WineHarness.VIEW_64), BOUND);
        assertEquals(0, r.exitCode(), "reg add " + key + ": " + r.stderr());
    }

    /** wercli.exe and lib\wercli.jar, without runtime\, in C:\NAME. */
    private Path copyWithoutRuntime(String name) throws IOException {
        Path bare = wine.prefix.resolve("drive_c").resolve(name);
        Files.createDirectories(bare.resolve("lib"));
        Files.copy(installed.resolve("wercli.exe"), bare.resolve("wercli.exe"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(installed.resolve("lib/wercli.jar"), bare.resolve("lib/wercli.jar"), StandardCopyOption.REPLACE_EXISTING);
        return bare;
    }

    @Test
    void withABadJvmOptionFailsWithTheStartCode() throws Exception {
        WineHarness.Run run = launcher(Map.of("WERCLI_JVM_OPTIONS", "-XX:+NoSuchOptionAnywhere"), "--version");
        assertEquals(21, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("wercli: the Java runtime did not start"), run.stderr());
    }

    private static boolean waitForFiles(Path dir, String suffix, int count, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (WineHarness.files(dir, suffix).size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }

    private WineHarness.Run launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wine", INSTALL_DIR + "\\wercli.exe"));
        cmd.addAll(List.of(args));
        return run(cmd, env);
    }

    /** Like WineHarness.run, plus environment variables and a UTF-8 locale for wine's argument conversion. */
    private WineHarness.Run run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_HOME"); // the Linux JDK's: the launcher must find the bundled runtime
        pb.environment().put("WINEPREFIX", wine.prefix.toString());
        pb.environment().put("WINEDEBUG", "-all");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(wine.work, "out", ".txt");
        Path err = Files.createTempFile(wine.work, "err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        WineHarness.Run run = new WineHarness.Run(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), elapsed, !done);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return run;
    }

    /** Unpacks the zip's single top folder into dest, keeping modification times (the CDS archive checks the jar's). */
    static void unzip(Path zip, Path dest) throws IOException {
        WineHarness.deleteTree(dest);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                int slash = name.indexOf('/');
                String relative = slash < 0 ? "" : name.substring(slash + 1);
                if (relative.isEmpty()) {
                    continue;
                }
                Path target = dest.resolve(relative).normalize();
                if (!target.startsWith(dest)) {
                    throw new IOException("zip entry outside the folder: " + name);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedTime().toInstant()));
            }
        }
    }
}
