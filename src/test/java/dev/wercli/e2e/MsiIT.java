package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MSI (install/build-msi) under Wine's msiexec, in one fresh prefix: silent install with properties, a
 * capture by the installed launcher, a major upgrade that keeps wercli's first backup, and a removal that puts
 * AeDebug back byte for byte in both registry views, removes the program folder and keeps the dumps.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MsiIT {
    static final Duration BOUND = Duration.ofSeconds(120);
    static final String LAUNCHER = "C:\\Program Files\\wercli\\wercli.exe";
    static final String UNINSTALL_KEY = "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
    static final String BACKUP_64 = "HKLM\\SOFTWARE\\wercli\\Backup\\WOW64_64KEY";

    private WineHarness wine;
    private Path msi;
    private Path upgradeMsi;
    private String upgradeVersion;
    private Path dumpDir;
    private Optional<byte[]> before64;
    private Optional<byte[]> before32;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void freshPrefixAndPackages() throws Exception {
        Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path dist = project.resolve("target/dist");
        try (Stream<Path> s = Files.isDirectory(dist) ? Files.list(dist) : Stream.empty()) {
            msi = s.filter(p -> p.getFileName().toString().matches("wercli-\\d+\\.\\d+\\.\\d+-x64\\.msi")).sorted()
                    .findFirst().orElse(null);
        }
        Assumptions.assumeTrue(msi != null, "no target/dist/wercli-*-x64.msi: run install/build-dist, then install/build-msi");
        String name = msi.getFileName().toString();
        int[] v = Arrays.stream(name.substring("wercli-".length(), name.length() - "-x64.msi".length()).split("\\."))
                .mapToInt(Integer::parseInt).toArray();
        upgradeVersion = v[0] + "." + v[1] + "." + (v[2] + 1);

        wine = WineHarness.create("msi");
        // The same payload as a higher version: the upgrade package (build-msi takes a few seconds).
        upgradeMsi = wine.work.resolve("wercli-" + upgradeVersion + "-x64.msi");
        Files.deleteIfExists(upgradeMsi);
        WineHarness.Run build = wine.runIn(project, List.of("env", "WERCLI_MSI_VERSION=" + upgradeVersion,
                "WERCLI_MSI_OUT=" + upgradeMsi, "install/build-msi"), BOUND);
        assertEquals(0, build.exitCode(), "install/build-msi for the upgrade: " + build.stderr());

        dumpDir = wine.work.resolve("fleet dumps"); // a space: the property's quoting must hold
        WineHarness.deleteTree(dumpDir);
        before64 = wine.exportAeDebug(WineHarness.VIEW_64, "msi-before64.reg");
        before32 = wine.exportAeDebug(WineHarness.VIEW_32, "msi-before32.reg");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
        if (upgradeMsi != null) {
            Files.deleteIfExists(upgradeMsi); // 57 MB; the package is rebuilt in a few seconds
        }
    }

    @Test
    @Order(0)
    void aFailingInstallActionRollsTheWholeInstallationBack() throws Exception {
        // wercli install rejects KEEP=many (usage error): the MSI must leave nothing behind.
        WineHarness.Run r = msiexec("/i", WineHarness.win(msi), "/qn", "KEEP=many");
        assertTrue(r.exitCode() != 0, "msiexec /i KEEP=many succeeded: " + r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("'many' is not an int") || r.stderr().contains("'many' is not an int"),
                "wercli install's own message: " + r.stdout() + r.stderr());
        assertFalse(Files.exists(wine.prefix.resolve("drive_c/Program Files/wercli")), "the files were rolled back");
        assertFalse(query(UNINSTALL_KEY).matches("(?s).*DisplayName\\s+REG_SZ\\s+wercli\\r?\\n.*"),
                "no Programs and Features entry");
        assertBytes(before64, wine.exportAeDebug(WineHarness.VIEW_64, "msi-failed64.reg"), "64-bit view");
        assertBytes(before32, wine.exportAeDebug(WineHarness.VIEW_32, "msi-failed32.reg"), "32-bit view");
    }

    @Test
    @Order(1)
    void silentInstallRegistersTheInstalledLauncherWithTheProperties() throws Exception {
        // A trailing backslash, as admins write folders: it must not swallow the closing quote.
        WineHarness.Run r = msiexec("/i", WineHarness.win(msi), "/qn", "DUMPDIR=" + WineHarness.win(dumpDir) + "\\",
                "KEEP=3");
        assertEquals(0, r.exitCode(), "msiexec /i: " + r.stdout() + r.stderr());
        System.out.printf("e2e msi install %d ms%n", r.elapsed().toMillis());
        for (String view : List.of(WineHarness.VIEW_64, WineHarness.VIEW_32)) {
            assertEquals("\"" + LAUNCHER + "\" attach %ld %ld %p", debugger(view), view + ": AeDebug names the installed launcher");
        }
        JsonNode c = json.readTree(wine.prefix.resolve("drive_c/ProgramData/wercli/config.json").toFile());
        assertEquals(WineHarness.win(dumpDir), c.path("dumpDir").asText(), "DUMPDIR reached wercli install");
        assertEquals(3, c.path("keep").asInt(), "KEEP reached wercli install");
        assertEquals("mini", c.path("dumpType").asText(), "an unset DUMPTYPE is not passed: the default holds");
        assertEquals(60, c.path("timeoutSeconds").asInt(), "an unset TIMEOUT is not passed: the default holds");
        String arp = query(UNINSTALL_KEY);
        assertTrue(arp.matches("(?s).*DisplayName\\s+REG_SZ\\s+wercli\\r?\\n.*"), "Programs and Features lists wercli:\n" + arp);
        assertTrue(Files.isRegularFile(wine.prefix.resolve("drive_c/Program Files/wercli/lib/wercli.jar")));
    }

    @Test
    @Order(2)
    void theInstalledLauncherStartsWithAClassDataArchiveMadeForItsFolder() throws Exception {
        // -Xshare:on makes an archive that does not map here fatal instead of silently ignored. The shipped one
        // was made for C:\wercli; the install's WercliCreateCds action made one for C:\Program Files\wercli.
        // HotSpot 17 shares no class of a jar whose path has a space, so the install copied the jar to
        // %ProgramData%\wercli\app and made the archive there: wercli's own classes must come from the archive.
        WineHarness.Run r = wine.wine(List.of(LAUNCHER, "--version"),
                Map.of("WERCLI_JVM_OPTIONS", "-Xshare:on -Xlog:class+load=info:stdout"), BOUND);
        assertEquals(0, r.exitCode(), "the class-data archive does not map for the install folder: " + r.stderr());
        List<String> ours = r.stdout().lines().filter(l -> l.contains(" dev.wercli.")).toList();
        long shared = ours.stream().filter(l -> l.contains("source: shared objects file")).count();
        // Lambda and proxy classes are generated at run time ("source: dev.wercli..."), not loaded from a jar.
        List<String> fromJar = ours.stream().filter(l -> l.contains("source: file:") || l.contains("source: jar:"))
                .toList();
        System.out.printf("e2e msi --version: %d wercli classes from the archive, %d from the jar%n", shared,
                fromJar.size());
        assertTrue(shared > 40, "wercli's classes are shared: " + shared + " of " + ours.size() + ":\n" + ours);
        assertEquals(List.of(), fromJar, "no wercli class loaded from a jar");
        Path copy = wine.prefix.resolve("drive_c/ProgramData/wercli/app/wercli.jar");
        assertEquals(Files.size(wine.prefix.resolve("drive_c/Program Files/wercli/lib/wercli.jar")), Files.size(copy),
                "the class-sharing copy is the installed jar");
        assertTrue(Files.isRegularFile(copy.resolveSibling("wercli.jsa")), "its archive is beside it");
    }

    @Test
    @Order(3)
    void aCrashIsCapturedIntoDumpdir() throws Exception {
        Path facts = wine.work.resolve("msi-facts.txt");
        WineHarness.Run crash = wine.wine(List.of(wine.targets.resolve("crashy.exe").toString(), "av-write",
                WineHarness.win(facts)), BOUND);
        assertFalse(crash.timedOut(), "the crashed process was left hanging");
        assertEquals(0x05, crash.exitCode(), "the process ends with its exception code");
        System.out.printf("e2e msi av-write crash-to-exit %d ms%n", crash.elapsed().toMillis());
        String pid = WineHarness.facts(facts).get("pid");
        Path report = waitForReport(pid, Duration.ofSeconds(60));
        assertTrue(wine.waitUntilGone("wercli.exe", Duration.ofSeconds(30)), "wercli.exe did not exit");
        JsonNode r = json.readTree(report.toFile());
        assertEquals("captured", r.path("outcome").asText(), r.path("errors").toString());
        assertTrue(Files.isRegularFile(Path.of(report.toString().replace(".json", ".dmp"))), "the dump is beside the report");
    }

    @Test
    @Order(4)
    void aMajorUpgradeKeepsTheOriginalBackup() throws Exception {
        // A marker in the backup key the first install wrote: `wercli uninstall` deletes that key, so the marker
        // survives only if the upgrade never restored (uninstalled) in between.
        WineHarness.Run mark = wine.wine(List.of("reg", "add", BACKUP_64, "/v", "MsiItMarker", "/d", "first-install",
                "/f", WineHarness.VIEW_64), BOUND);
        assertEquals(0, mark.exitCode(), mark.stderr());

        WineHarness.Run r = msiexec("/i", WineHarness.win(upgradeMsi), "/qn");
        assertEquals(0, r.exitCode(), "msiexec /i (upgrade): " + r.stdout() + r.stderr());
        System.out.printf("e2e msi upgrade %d ms%n", r.elapsed().toMillis());
        assertFalse(r.stdout().contains("restored"), "the upgrade ran wercli uninstall:\n" + r.stdout());
        String backup = query(BACKUP_64);
        assertTrue(backup.contains("MsiItMarker"), "the upgrade replaced wercli's first backup:\n" + backup);
        assertTrue(backup.matches("(?s).*Debugger\\s+REG_SZ\\s+winedbg --auto %ld %ld\\r?\\n.*"), backup);
        for (String view : List.of(WineHarness.VIEW_64, WineHarness.VIEW_32)) {
            assertEquals("\"" + LAUNCHER + "\" attach %ld %ld %p", debugger(view), view + " after the upgrade");
        }
        String arp = query(UNINSTALL_KEY);
        assertTrue(arp.matches("(?s).*DisplayVersion\\s+REG_SZ\\s+" + upgradeVersion.replace(".", "\\.") + "\\r?\\n.*"),
                "Programs and Features lists the new version:\n" + arp);
        assertEquals(1, arp.lines().filter(l -> l.matches("\\s+DisplayName\\s+REG_SZ\\s+wercli")).count(),
                "the old version is gone from Programs and Features:\n" + arp);
        assertTrue(Files.isRegularFile(wine.prefix.resolve("drive_c/Program Files/wercli/wercli.exe")),
                "removing the old version left the new one's files");
        assertTrue(Files.isRegularFile(wine.prefix.resolve("drive_c/ProgramData/wercli/app/wercli.jar")),
                "removing the old version left the new one's class-sharing copy");
        // The settings of the first install hold: the upgrade passed no properties.
        JsonNode c = json.readTree(wine.prefix.resolve("drive_c/ProgramData/wercli/config.json").toFile());
        assertEquals(WineHarness.win(dumpDir), c.path("dumpDir").asText());
        assertEquals(3, c.path("keep").asInt());
    }

    @Test
    @Order(5)
    void removalPutsAeDebugBackExactlyAndKeepsTheDumps() throws Exception {
        int dumps = WineHarness.files(dumpDir, ".dmp").size();
        WineHarness.Run r = msiexec("/x", WineHarness.win(upgradeMsi), "/qn");
        assertEquals(0, r.exitCode(), "msiexec /x: " + r.stdout() + r.stderr());
        System.out.printf("e2e msi removal %d ms%n", r.elapsed().toMillis());
        assertBytes(before64, wine.exportAeDebug(WineHarness.VIEW_64, "msi-after64.reg"), "64-bit view");
        assertBytes(before32, wine.exportAeDebug(WineHarness.VIEW_32, "msi-after32.reg"), "32-bit view");
        assertFalse(Files.exists(wine.prefix.resolve("drive_c/Program Files/wercli")), "the program folder is gone");
        assertFalse(Files.exists(wine.prefix.resolve("drive_c/ProgramData/wercli/app")), "the jar's copy is gone");
        assertTrue(Files.isRegularFile(wine.prefix.resolve("drive_c/ProgramData/wercli/config.json")),
                "the settings are kept");
        assertEquals(dumps, WineHarness.files(dumpDir, ".dmp").size(), "the dumps are kept");
        assertTrue(dumps > 0);
        assertFalse(query(UNINSTALL_KEY).matches("(?s).*DisplayName\\s+REG_SZ\\s+wercli\\r?\\n.*"),
                "Programs and Features no longer lists wercli");
        WineHarness.Run ours = wine.wine(List.of("reg", "query", "HKLM\\SOFTWARE\\wercli", WineHarness.VIEW_64), BOUND);
        assertEquals(1, ours.exitCode(), "HKLM\\SOFTWARE\\wercli is gone:\n" + ours.stdout());
    }

    @Test
    @Order(6)
    void anotherInstalldirIsInstalledAndRemovedThere() throws Exception {
        // A folder without a space: the class-data archive then shares wercli's own classes too (see README).
        WineHarness.Run r = msiexec("/i", WineHarness.win(msi), "/qn", "INSTALLDIR=C:\\wercli\\");
        assertEquals(0, r.exitCode(), "msiexec /i INSTALLDIR: " + r.stdout() + r.stderr());
        assertEquals("\"C:\\wercli\\wercli.exe\" attach %ld %ld %p", debugger(WineHarness.VIEW_64));
        WineHarness.Run x = msiexec("/x", WineHarness.win(msi), "/qn");
        assertEquals(0, x.exitCode(), "msiexec /x: " + x.stdout() + x.stderr());
        assertFalse(Files.exists(wine.prefix.resolve("drive_c/wercli")), "the removal found the folder it installed to");
        assertBytes(before64, wine.exportAeDebug(WineHarness.VIEW_64, "msi-after64-c.reg"), "64-bit view");
        assertBytes(before32, wine.exportAeDebug(WineHarness.VIEW_32, "msi-after32-c.reg"), "32-bit view");
    }

    private WineHarness.Run msiexec(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("msiexec"));
        cmd.addAll(List.of(args));
        return wine.wine(cmd, BOUND);
    }

    private String query(String key) throws Exception {
        WineHarness.Run r = wine.wine(List.of("reg", "query", key, "/s", WineHarness.VIEW_64), BOUND);
        assertEquals(0, r.exitCode(), "reg query " + key + ": " + r.stderr());
        return r.stdout();
    }

    /** A view's AeDebug Debugger value, as `reg query` shows it. */
    private String debugger(String view) throws Exception {
        WineHarness.Run q = wine.wine(List.of("reg", "query", WineHarness.AEDEBUG, "/v", "Debugger", view), BOUND);
        return q.stdout().lines().filter(l -> l.contains("REG_SZ"))
                .map(l -> l.substring(l.indexOf("REG_SZ") + "REG_SZ".length()).strip()).findFirst().orElse("");
    }

    private Path waitForReport(String pid, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Path> report = WineHarness.files(dumpDir, ".json").stream()
                    .filter(p -> p.getFileName().toString().endsWith("_pid" + pid + ".json")).findFirst();
            if (report.isPresent()) {
                return report.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no report for pid " + pid + " in " + dumpDir + " within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    private static void assertBytes(Optional<byte[]> before, Optional<byte[]> after, String what) {
        assertEquals(before.isPresent(), after.isPresent(), what + ": the key exists as before");
        before.ifPresent(b -> assertTrue(Arrays.equals(b, after.get()),
                what + " differs after removal:\n" + new String(after.get(), StandardCharsets.UTF_16LE)));
    }
}
