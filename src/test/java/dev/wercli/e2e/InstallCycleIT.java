package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * install → reg query → status → crash → uninstall → crash, under Wine with the Windows JRE, in one fresh prefix.
 * The AeDebug key of both views is exported with `reg export` before install and after uninstall and must be
 * byte-identical (the 32-bit view of a fresh prefix has a winedbg AeDebug key with wine32 installed and none
 * without: either way it must be as it was).
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallCycleIT {
    static final Duration WERCLI_BOUND = Duration.ofSeconds(90);
    static final String EXPECTED_ARGS = "attach %ld %ld %p";

    private WineHarness wine;
    private Path dumpDir;
    private Optional<byte[]> before64;
    private Optional<byte[]> before32;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void freshPrefix() throws Exception {
        wine = WineHarness.create("install");
        dumpDir = wine.work.resolve("dumps here"); // a space: the quoting must hold
        WineHarness.deleteTree(dumpDir);
        before64 = wine.exportAeDebug(WineHarness.VIEW_64, "before64.reg");
        before32 = wine.exportAeDebug(WineHarness.VIEW_32, "before32.reg");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    private String query(String key, String view) throws Exception {
        WineHarness.Run r = wine.wine(List.of("reg", "query", key, "/s", view), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), "reg query " + key + " " + view + ": " + r.stderr());
        return r.stdout();
    }

    private List<Path> capturesIn(Path dir, String suffix) throws Exception {
        return WineHarness.files(dir, suffix);
    }

    @Test
    @Order(1)
    void freshPrefixHasWinedbgInThe64BitViewAndInThe32BitOneOnlyWithWine32() {
        assertTrue(before64.isPresent(), "a fresh prefix has an AeDebug key");
        assertTrue(new String(before64.get(), java.nio.charset.StandardCharsets.UTF_16LE).contains("winedbg --auto %ld %ld"));
        // wineboot registers the 32-bit view's winedbg only when wine32 is installed; without it the key is absent.
        before32.ifPresent(b -> assertTrue(new String(b, java.nio.charset.StandardCharsets.UTF_16LE)
                .contains("winedbg --auto %ld %ld"), "the 32-bit view, when there, names winedbg"));
    }

    @Test
    @Order(2)
    void installWritesBothViews() throws Exception {
        WineHarness.Run r = wine.wercli(WERCLI_BOUND, "install", "--dump-dir", WineHarness.win(dumpDir), "--keep", "5");
        assertEquals(0, r.exitCode(), "install: " + r.stdout() + r.stderr());
        System.out.println("e2e install (" + r.elapsed().toMillis() + " ms):\n" + r.stdout());
        String ours = "\"" + WineHarness.win(wine.jre.resolve("bin/java.exe")) + "\" -jar \"" + WineHarness.win(wine.jar)
                + "\" " + EXPECTED_ARGS;
        for (String view : List.of("/reg:64", "/reg:32")) {
            String q = query(WineHarness.AEDEBUG, view);
            assertTrue(q.contains("    Debugger    REG_SZ    " + ours + "\n") || q.contains("    Debugger    REG_SZ    " + ours + "\r\n"),
                    view + ":\n" + q);
            assertTrue(q.matches("(?s).*\\s+Auto\\s+REG_SZ\\s+1\\r?\\n.*"), view + ":\n" + q);
            assertTrue(q.matches("(?s).*AutoExclusionList\\r?\\n\\s+wercli\\.exe\\s+REG_DWORD\\s+0x1\\r?\\n.*"), view + ":\n" + q);
            assertFalse(q.toLowerCase(java.util.Locale.ROOT).contains("java.exe    reg_dword"), "java.exe never excluded");
        }
        Path config = wine.prefix.resolve("drive_c/ProgramData/wercli/config.json");
        JsonNode c = json.readTree(config.toFile());
        assertEquals(WineHarness.win(dumpDir), c.path("dumpDir").asText());
        assertEquals(5, c.path("keep").asInt());
        assertTrue(Files.isDirectory(dumpDir), "the dump folder was created");
    }

    @Test
    @Order(3)
    void statusReportsWercliInBothViewsAndTheBackup() throws Exception {
        WineHarness.Run r = wine.wercli(WERCLI_BOUND, "status", "--json");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode s = json.readTree(r.stdout());
        assertTrue(s.path("installed").asBoolean());
        assertTrue(s.path("elevated").asBoolean(), "under Wine the process is an elevated administrator");
        for (JsonNode v : s.path("views")) {
            assertTrue(v.path("wercli").asBoolean(), v.toString());
            assertEquals("0.1.0", v.path("wercliVersion").asText(), v.toString());
        }
        assertEquals("REG_SZ \"winedbg --auto %ld %ld\"", s.path("views").get(0).path("backup").path("debugger").asText());
        assertEquals(before32.isPresent() ? "REG_SZ \"winedbg --auto %ld %ld\"" : "absent",
                s.path("views").get(1).path("backup").path("debugger").asText(), "the 32-bit view's backup is what was there");
        assertEquals(WineHarness.win(dumpDir), s.path("dumpFolder").path("path").asText());
        assertTrue(s.path("dumpFolder").path("exists").asBoolean());
        assertFalse(s.path("dumpFolder").path("owner").asText().isEmpty(), s.path("dumpFolder").toString());
        assertEquals("[]", s.path("problems").toString(), s.path("problems").toString());
        System.out.println("e2e status dump folder: " + s.path("dumpFolder"));
    }

    @Test
    @Order(4)
    void aCrashIsCapturedIntoTheConfiguredDumpFolderWithNoHarnessSetKey() throws Exception {
        WineHarness.Run crash = wine.wine(List.of(wine.targets.resolve("crashy.exe").toString(), "av-write"),
                Duration.ofSeconds(120));
        assertFalse(crash.timedOut(), "the crashed process was left hanging");
        assertEquals(0x05, crash.exitCode(), "ends with its exception code");
        assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(60)), "wercli did not exit");
        System.out.println("e2e crash-to-exit after install: " + crash.elapsed().toMillis() + " ms");
        List<Path> dumps = capturesIn(dumpDir, ".dmp");
        assertEquals(1, dumps.size(), "dumps in " + dumpDir + ": " + dumps
                + " (if empty: does attach read the dump folder from C:\\ProgramData\\wercli\\config.json?)");
        assertEquals(1, capturesIn(dumpDir, ".json").size(), "one report beside the dump");
        WineHarness.Run sw = wine.run(List.of(wine.stackwalk.toString(), "-m", dumps.get(0).toString()), Duration.ofSeconds(60));
        assertTrue(sw.stdout().contains("Crash|EXCEPTION_ACCESS_VIOLATION_WRITE|0x10|"), sw.stdout());

        WineHarness.Run st = wine.wercli(WERCLI_BOUND, "status", "--json");
        assertEquals(1, json.readTree(st.stdout()).path("dumpFolder").path("dumps").asInt(), "status counts the dump");

        // list and show without --dir read the folder install saved, as attach does.
        WineHarness.Run list = wine.wercli(WERCLI_BOUND, "list", "--json");
        assertEquals(0, list.exitCode(), list.stderr());
        JsonNode listed = json.readTree(list.stdout());
        assertEquals(1, listed.size(), "list without --dir: " + list.stdout());
        assertEquals(dumps.get(0).getFileName().toString(), listed.get(0).path("dump_file").asText());
        String id = listed.get(0).path("report_id").asText();
        WineHarness.Run show = wine.wercli(WERCLI_BOUND, "show", id.substring(0, 8));
        assertEquals(0, show.exitCode(), "show " + id + " without --dir: " + show.stderr());
        assertTrue(show.stdout().contains(id), show.stdout());
    }

    @Test
    @Order(5)
    void uninstallRestoresTheAeDebugKeysByteForByte() throws Exception {
        WineHarness.Run r = wine.wercli(WERCLI_BOUND, "uninstall");
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        System.out.println("e2e uninstall:\n" + r.stdout());
        Optional<byte[]> after64 = wine.exportAeDebug(WineHarness.VIEW_64, "after64.reg");
        Optional<byte[]> after32 = wine.exportAeDebug(WineHarness.VIEW_32, "after32.reg");
        assertTrue(after64.isPresent());
        assertArrayEquals(before64.get(), after64.get(), "64-bit AeDebug export differs: compare "
                + wine.work.resolve("before64.reg") + " and after64.reg");
        assertEquals(before32.isPresent(), after32.isPresent(), "32-bit AeDebug key presence");
        WineHarness.Run w = wine.wine(List.of("reg", "query", "HKLM\\Software\\wercli", "/reg:64"), Duration.ofSeconds(60));
        assertNotEquals(0, w.exitCode(), "wercli's backup key is gone:\n" + w.stdout());

        WineHarness.Run again = wine.wercli(WERCLI_BOUND, "uninstall");
        assertEquals(0, again.exitCode());
        assertEquals("wercli is not installed; nothing to do", again.stdout().strip());
    }

    @Test
    @Order(6)
    void aCrashAfterUninstallProducesNoWercliDump() throws Exception {
        int before = capturesIn(dumpDir, ".dmp").size();
        WineHarness.Run crash = wine.wine(List.of(wine.targets.resolve("crashy.exe").toString(), "av-write"),
                Duration.ofSeconds(120));
        assertFalse(crash.timedOut());
        assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(30)));
        assertEquals(before, capturesIn(dumpDir, ".dmp").size(), "winedbg, not wercli, handled the crash");
        assertTrue(wine.running("wercli.jar").isEmpty());
    }
}
