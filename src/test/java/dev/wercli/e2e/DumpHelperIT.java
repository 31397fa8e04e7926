package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.report.schema.SchemaValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Minidump auxiliary providers end to end under Wine: auxhost.exe (tests/targets) loads auxhelper.dll, which
 * carries an RT_RCDATA {@code DUMP_HELPER} resource, and crashes; MiniDumpAuxiliaryDlls holds an entry for
 * auxhelper.dll's path (spelled in other case) and one for a path nobody loaded. The report lists the module
 * with the resource and exactly the entry that applies; {@code analyze} of the same dump, which has no
 * registry, says null (unknown). What this does not show: Wine's dbghelp calls no provider, so Windows'
 * dbghelp loading one is not proven here.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DumpHelperIT {
    private static final String KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\MiniDumpAuxiliaryDlls";
    private static final String PROVIDER = "C:\\providers\\auxprov.dll";
    private WineHarness wine;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("dump-helper");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    private void reg(String view, String name, String data) throws IOException, InterruptedException {
        WineHarness.Run r = wine.wine(List.of("reg", "add", KEY, "/v", name, "/t", "REG_SZ", "/d", data, "/f", view),
                Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), "reg add " + view + ": " + r.stderr());
    }

    record Capture(JsonNode report, Path dump, Map<String, String> facts) {
    }

    private Capture crash(Path targets, String view, String dumpType, String name) throws Exception {
        Path dir = wine.freshDir(name);
        Path factsFile = dir.resolve("facts.txt");
        String helper = WineHarness.win(targets.resolve("auxhelper.dll"));
        reg(view, helper.toUpperCase(Locale.ROOT), PROVIDER);
        reg(view, "C:\\nowhere\\auxhelper.dll", "C:\\providers\\other.dll");
        wine.setAeDebug(wine.werclicommand("--dump-dir \"" + WineHarness.win(dir) + "\" --dump-type " + dumpType));
        WineHarness.Run run = wine.wine(List.of(targets.resolve("auxhost.exe").toString(), WineHarness.win(factsFile)),
                Duration.ofSeconds(90));
        assertFalse(run.timedOut(), name + ": the crashed process was left hanging");
        assertTrue(wine.waitUntilGone("wercli.jar", Duration.ofSeconds(30)), name + ": wercli did not exit");
        List<Path> reports = WineHarness.files(dir, ".json");
        List<Path> dumps = WineHarness.files(dir, ".dmp");
        assertEquals(1, reports.size(), name + ": reports " + reports + "\n" + run.stderr());
        assertEquals(1, dumps.size(), name + ": dumps " + dumps);
        return new Capture(json.readTree(reports.get(0).toFile()), dumps.get(0), WineHarness.facts(factsFile));
    }

    private void assertValid(JsonNode report) throws Exception {
        SchemaValidator validator = new SchemaValidator(json.readTree(wine.project.resolve("docs/report.schema.json")
                .toFile()), true);
        assertEquals(List.of(), validator.validate(report));
    }

    private void assertListsHelperAndAppliedEntry(Capture c) throws Exception {
        JsonNode aux = c.report().path("auxiliary_providers");
        String helperPath = c.facts().get("helper_path");
        assertTrue(helperPath != null && !helperPath.isEmpty(), "facts: " + c.facts());

        JsonNode helpers = aux.path("helper_modules");
        assertEquals(1, helpers.size(), "only auxhelper.dll carries the resource: " + helpers);
        assertEquals("auxhelper.dll", helpers.get(0).path("name").asText());
        assertTrue(helperPath.equalsIgnoreCase(helpers.get(0).path("path").asText()), helpers.toString());
        assertEquals("DUMP_HELPER", helpers.get(0).path("resource").asText());
        assertEquals("auxprov.dll", helpers.get(0).path("provider").asText());

        JsonNode registered = aux.path("registered_dlls");
        assertEquals(1, registered.size(), "only the entry for the loaded path applies: " + registered);
        assertEquals(helperPath.toUpperCase(Locale.ROOT), registered.get(0).path("runtime_path").asText().toUpperCase(Locale.ROOT));
        assertEquals(PROVIDER, registered.get(0).path("provider_path").asText());
        assertEquals(helpers.get(0).path("path").asText(), registered.get(0).path("module").asText());
        assertTrue(aux.path("managed_state").isNull(), "no .NET runtime, no managed-state line");
        assertValid(c.report());
    }

    @Test
    void x64ReportListsTheHelperModuleAndTheRegistryEntryThatApplies() throws Exception {
        Capture c = crash(wine.targets, WineHarness.VIEW_64, "mini+aux", "x64");
        assertListsHelperAndAppliedEntry(c);
        assertEquals("mini+aux", c.report().path("dump").path("type").asText());
        assertEquals("0x00009964", c.report().path("dump").path("flags").asText(),
                "Wine's MiniDumpWriteDump accepts MiniDumpWithFullAuxiliaryState (and calls no provider)");

        // analyze of the same dump: no registry, so unknown (null), not an empty list; the resource is read from
        // the module files (a mini dump holds no images)
        WineHarness.Run analyze = wine.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", wine.jar.toString(), "analyze", "--json", "--modules", wine.targets.toString(),
                c.dump().toString()), Duration.ofSeconds(120));
        assertEquals(0, analyze.exitCode(), analyze.stderr());
        JsonNode fromDump = json.readTree(analyze.stdout());
        JsonNode aux = fromDump.path("auxiliary_providers");
        assertTrue(aux.has("registered_dlls") && aux.path("registered_dlls").isNull(), aux.toString());
        assertEquals(c.report().path("auxiliary_providers").path("helper_modules"), aux.path("helper_modules"));
        assertEquals("mini+aux", fromDump.path("dump").path("type").asText(), "analyze names the flags the same way");
        assertValid(fromDump);
    }

    @Test
    void x86ReadsTheWow6432NodeView() throws Exception {
        Path x86 = wine.targets.resolve("x86");
        // the same path in the 64-bit view, naming another provider: a 32-bit dump writer never reads it
        reg(WineHarness.VIEW_64, WineHarness.win(x86.resolve("auxhelper.dll")), "C:\\providers\\wrong-view.dll");
        Capture c = crash(x86, WineHarness.VIEW_32, "mini", "x86");
        assertListsHelperAndAppliedEntry(c);
        assertEquals("x86", c.report().path("process").path("architecture").asText());
    }
}
