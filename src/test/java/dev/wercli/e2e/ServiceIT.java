package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm capture service end to end under Wine, from the zip of install/build-dist unpacked to C:\wercli:
 * {@code wercli.exe install --service} (twice: idempotent), a 64-bit and a 32-bit crash captured by the service
 * through Wine's services.exe (one dump and one report each, the process ending with its own exception code, the
 * log naming the service), the service stopped and the in-process fallback capturing the next crash with the same
 * report content, then {@code uninstall} removing the service and restoring AeDebug in both views exactly.
 * What Wine cannot show (a user refused by the impersonated check) is CaptureServiceTest's, with fakes.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceIT {
    static final Duration BOUND = Duration.ofSeconds(90);
    static final String INSTALL_DIR = "C:\\wercli";

    private WineHarness wine;
    private String version;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void unpack() throws Exception {
        Path zip = LauncherDistributionIT.distributionZip();
        version = LauncherDistributionIT.versionOf(zip);
        wine = WineHarness.create("service");
        LauncherDistributionIT.unzip(zip, wine.prefix.resolve("drive_c/wercli"));
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.wine(List.of("net", "stop", "wercli"), BOUND); // if a failed test left it running
            wine.close();
        }
    }

    @Test
    void installCaptureThroughTheServiceFallBackUninstall() throws Exception {
        Path dir = wine.freshDir("dumps");
        Optional<byte[]> before64 = wine.exportAeDebug(WineHarness.VIEW_64, "service-before64.reg");
        Optional<byte[]> before32 = wine.exportAeDebug(WineHarness.VIEW_32, "service-before32.reg");

        WineHarness.Run install = launcher("install", "--service", "--dump-dir", WineHarness.win(dir));
        assertEquals(0, install.exitCode(), "install: " + install.stdout() + install.stderr());
        assertTrue(install.stdout().contains("capture service: created 'wercli'"), install.stdout());
        WineHarness.Run again = launcher("install", "--service", "--dump-dir", WineHarness.win(dir));
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        assertTrue(again.stdout().contains("capture service: already installed"), "idempotent: " + again.stdout());
        assertTrue(scQuery().contains("RUNNING"), scQuery());
        WineHarness.Run status = launcher("status");
        assertTrue(status.stdout().contains("capture service: running (pid "), status.stdout());
        assertTrue(status.stdout().contains("automatic start: \"" + INSTALL_DIR + "\\wercli.exe\" service"),
                status.stdout());

        // A 64-bit and a 32-bit crash, each through its own AeDebug view, both captured by the one service.
        JsonNode serviceX64 = null;
        for (Bitness bits : Bitness.values()) {
            Captured c = crash(dir, bits);
            assertTrue(c.logLine.contains("(by the capture service, event copy "), bits + ": " + c.logLine);
            assertEquals(1, WineHarness.files(dir, "_pid" + c.pid + ".dmp").size(), bits + ": one dump");
            assertEquals(bits.label, c.report.path("process").path("architecture").asText());
            BreakpadView breakpad = BreakpadView.read(wine, c.dump);
            assertEquals(bits.breakpadCpu, breakpad.cpu(), bits + ": the service's dump is " + bits.label);
            assertEquals("EXCEPTION_ACCESS_VIOLATION_WRITE", breakpad.reason());
            if (bits == Bitness.X64) {
                serviceX64 = c.report;
            }
        }
        assertTrue(wine.waitUntilGone("wercli.exe attach", Duration.ofSeconds(30)), "a launcher was left running");

        // The service stopped: the launcher finds no pipe and captures in-process, the same report.
        WineHarness.Run stop = wine.wine(List.of("net", "stop", "wercli"), BOUND);
        assertEquals(0, stop.exitCode(), stop.stdout() + stop.stderr());
        assertTrue(scQuery().contains("STOPPED"), scQuery());
        Captured inProcess = crash(dir, Bitness.X64);
        assertFalse(inProcess.logLine.contains("capture service"), "in-process: " + inProcess.logLine);
        assertSameReport(inProcess.report, serviceX64);

        WineHarness.Run uninstall = launcher("uninstall");
        assertEquals(0, uninstall.exitCode(), "uninstall: " + uninstall.stdout() + uninstall.stderr());
        assertTrue(uninstall.stdout().contains("capture service: stopped and removed"), uninstall.stdout());
        assertNotEquals(0, wine.wine(List.of("sc", "query", "wercli"), BOUND).exitCode(), "the service is gone");
        assertTrue(launcher("status").stdout().contains("capture service: not installed"));
        assertBytes(before64, wine.exportAeDebug(WineHarness.VIEW_64, "service-after64.reg"), "64-bit view");
        assertBytes(before32, wine.exportAeDebug(WineHarness.VIEW_32, "service-after32.reg"), "32-bit view");
        assertTrue(wine.waitUntilGone("wercli.exe", Duration.ofSeconds(30)), "the service process is gone");
    }

    record Captured(String pid, JsonNode report, Path dump, String logLine) {
    }

    /** Crashes crashy.exe av-write and returns its report, after checking what every capture must show. */
    private Captured crash(Path dir, Bitness bits) throws Exception {
        Path factsFile = dir.resolve("facts-" + bits.label + "-" + System.nanoTime() + ".txt");
        WineHarness.Run crash = wine.wine(List.of(bits.crashy(wine).toString(), "av-write", WineHarness.win(factsFile)),
                BOUND);
        assertFalse(crash.timedOut(), bits + ": the crashed process was left hanging");
        assertEquals(0x05, crash.exitCode(), bits + ": the process ends with its own exception code");
        System.out.printf("e2e service %s av-write crash-to-exit %5d ms%n", bits, crash.elapsed().toMillis());
        String pid = WineHarness.facts(factsFile).get("pid");
        Path report = dir.resolve(waitForReport(dir, "_pid" + pid + ".json", Duration.ofSeconds(60)));
        JsonNode r = json.readTree(report.toFile());
        assertEquals("captured", r.path("outcome").asText(), bits + ": " + r.path("errors"));
        assertEquals(version, r.path("tool").path("version").asText());
        assertEquals("0xC0000005", r.path("exception").path("code").asText());
        assertEquals("write", r.path("exception").path("access").asText());
        assertEquals("crashy.exe", r.path("faulting_module").path("name").asText());
        String log = Files.readString(dir.resolve("wercli.log"), StandardCharsets.UTF_8);
        String line = log.lines().filter(l -> l.contains("attach pid=" + pid + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no log line for pid " + pid + ":\n" + log));
        return new Captured(pid, r, Path.of(report.toString().replace(".json", ".dmp")), line);
    }

    /** The same report as the other capture's: the same fields everywhere, and the same crash in them. */
    private static void assertSameReport(JsonNode a, JsonNode b) {
        assertEquals(fieldPaths(b, ""), fieldPaths(a, ""), "the report's fields");
        for (String path : List.of("/outcome", "/source", "/exception/code", "/exception/access", "/exception/address",
                "/faulting_module/name", "/faulting_module/offset", "/process/architecture", "/dump/type",
                "/dump/flags", "/signature/bucket_id")) {
            assertEquals(b.at(path), a.at(path), path);
        }
        List<String> framesA = new ArrayList<>();
        List<String> framesB = new ArrayList<>();
        a.at("/crash_stack/frames").forEach(f -> framesA.add(f.path("location").asText()));
        b.at("/crash_stack/frames").forEach(f -> framesB.add(f.path("location").asText()));
        assertFalse(framesA.isEmpty(), "a stack was walked");
        assertEquals(framesB, framesA, "the crashing thread's stack");
    }

    /** Every field path of a JSON tree (array elements as [], so counts may differ but shapes may not). */
    private static TreeSet<String> fieldPaths(JsonNode node, String at) {
        TreeSet<String> out = new TreeSet<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(at + "/" + e.getKey());
                out.addAll(fieldPaths(e.getValue(), at + "/" + e.getKey()));
            }
        } else if (node.isArray() && !node.isEmpty()) {
            out.addAll(fieldPaths(node.get(0), at + "[]"));
        }
        return out;
    }

    private String scQuery() throws IOException, InterruptedException {
        WineHarness.Run q = wine.wine(List.of("sc", "query", "wercli"), BOUND);
        return q.stdout() + q.stderr();
    }

    private static String waitForReport(Path dir, String suffix, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Path> found = WineHarness.files(dir, suffix);
            if (!found.isEmpty()) {
                return found.get(0).getFileName().toString();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no report *" + suffix + " within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }

    private static void assertBytes(Optional<byte[]> before, Optional<byte[]> after, String what) {
        assertEquals(before.isPresent(), after.isPresent(), what + ": the key exists as before");
        before.ifPresent(b -> assertTrue(java.util.Arrays.equals(b, after.get()),
                what + " differs after uninstall:\n" + new String(after.get(), StandardCharsets.UTF_16LE)));
    }

    private WineHarness.Run launcher(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(INSTALL_DIR + "\\wercli.exe"));
        cmd.addAll(List.of(args));
        return wine.wine(cmd, BOUND);
    }
}
