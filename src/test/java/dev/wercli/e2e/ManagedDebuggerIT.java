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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * install --managed under Wine, in one fresh prefix: the .NET Framework's DbgManagedDebugger and
 * DbgJITDebugLaunchSetting written in both registry views, shown by status, and put back byte for byte by
 * uninstall (absent values, then values that were there). Wine has no .NET Framework CLR to start the
 * registered command, so the value install wrote is formatted as the CLR would (printf) and run by hand against
 * a really crashed crashy.exe (`crashy --wait-debugger av-write`): what is proven is that the command wercli
 * registers, so filled in, captures; not that a CLR starts it.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagedDebuggerIT {
    static final Duration BOUND = Duration.ofSeconds(90);
    static final String NETFX = "HKLM\\Software\\Microsoft\\.NETFramework";
    static final String MANAGED_ARGS = "attach PID %d APPDOM %d EXTEXT \"%s\" EVTHDL %d";
    static final String VSJIT = "\"C:\\windows\\system32\\vsjitdebugger.exe\" PID %d APPDOM %d EXTEXT \"%s\" EVTHDL %d";

    private WineHarness wine;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void freshPrefix() throws Exception {
        wine = WineHarness.create("managed");
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    private Optional<byte[]> export(String key, String view, String file) throws Exception {
        Path f = wine.work.resolve(file);
        Files.deleteIfExists(f);
        WineHarness.Run r = wine.wine(List.of("reg", "export", key, WineHarness.win(f), view, "/y"), Duration.ofSeconds(60));
        return r.exitCode() == 0 ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
    }

    /** The .NETFramework and AeDebug keys of both views, as `reg export` writes them (absent: empty). */
    private List<Optional<byte[]>> exports(String tag) throws Exception {
        return List.of(export(NETFX, WineHarness.VIEW_64, tag + "-netfx64.reg"),
                export(NETFX, WineHarness.VIEW_32, tag + "-netfx32.reg"),
                export(WineHarness.AEDEBUG, WineHarness.VIEW_64, tag + "-aedebug64.reg"),
                export(WineHarness.AEDEBUG, WineHarness.VIEW_32, tag + "-aedebug32.reg"));
    }

    private static void assertSame(List<Optional<byte[]>> before, List<Optional<byte[]>> after, String what) {
        String[] names = {".NETFramework 64-bit", ".NETFramework 32-bit", "AeDebug 64-bit", "AeDebug 32-bit"};
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).isPresent(), after.get(i).isPresent(), what + ": " + names[i] + " key presence");
            if (before.get(i).isPresent()) {
                assertArrayEquals(before.get(i).get(), after.get(i).get(), what + ": " + names[i] + " export differs");
            }
        }
    }

    private String query(String view) throws Exception {
        WineHarness.Run r = wine.wine(List.of("reg", "query", NETFX, view), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), "reg query " + NETFX + " " + view + ": " + r.stderr());
        return r.stdout();
    }

    private void reg(String... args) throws Exception {
        WineHarness.Run r = wine.wine(List.of(args), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.stderr());
    }

    private String ours() {
        return "\"" + WineHarness.win(wine.jre.resolve("bin/java.exe")) + "\" -jar \"" + WineHarness.win(wine.jar)
                + "\" " + MANAGED_ARGS;
    }

    @Test
    @Order(1)
    void absentValuesAreWrittenInBothViewsShownByStatusAndRemovedByteForByte() throws Exception {
        List<Optional<byte[]>> before = exports("fresh-before");
        System.out.println("e2e managed: fresh prefix .NETFramework key 64/32: " + before.get(0).isPresent() + "/"
                + before.get(1).isPresent());
        WineHarness.Run in = wine.wercli(BOUND, "install", "--managed", "--dump-dir",
                WineHarness.win(wine.work.resolve("dumps")));
        assertEquals(0, in.exitCode(), "install --managed: " + in.stdout() + in.stderr());
        System.out.println("e2e install --managed:\n" + in.stdout());
        for (String view : List.of(WineHarness.VIEW_64, WineHarness.VIEW_32)) {
            String q = query(view);
            assertTrue(q.matches("(?s).*\\s+DbgManagedDebugger\\s+REG_SZ\\s+" + java.util.regex.Pattern.quote(ours())
                    + "\\r?\\n.*"), view + ":\n" + q);
            assertTrue(q.matches("(?s).*\\s+DbgJITDebugLaunchSetting\\s+REG_DWORD\\s+0x2\\r?\\n.*"), view + ":\n" + q);
        }
        WineHarness.Run st = wine.wercli(BOUND, "status", "--json");
        assertEquals(0, st.exitCode(), st.stderr());
        JsonNode s = json.readTree(st.stdout());
        assertEquals(2, s.path("managed").size(), s.toString());
        for (JsonNode m : s.path("managed")) {
            assertTrue(m.path("wercli").asBoolean(), m.toString());
            assertEquals(ours(), m.path("debugger").asText());
            assertEquals("absent", m.path("backup").path("debugger").asText(), m.toString());
            assertEquals("absent", m.path("backup").path("launchSetting").asText(), m.toString());
        }
        assertEquals("[]", s.path("problems").toString());
        WineHarness.Run text = wine.wercli(BOUND, "status");
        assertTrue(text.stdout().contains("32-bit view, .NET Framework managed JIT debugger: "), text.stdout());
        System.out.println("e2e status (managed part):\n" + text.stdout());

        WineHarness.Run un = wine.wercli(BOUND, "uninstall");
        assertEquals(0, un.exitCode(), un.stdout() + un.stderr());
        System.out.println("e2e uninstall:\n" + un.stdout());
        assertSame(before, exports("fresh-after"), "fresh prefix");
        WineHarness.Run w = wine.wine(List.of("reg", "query", "HKLM\\Software\\wercli", "/reg:64"), Duration.ofSeconds(60));
        assertTrue(w.exitCode() != 0, "wercli's backup keys are gone:\n" + w.stdout());
    }

    @Test
    @Order(2)
    void valuesThatWereThereComeBackExactlyWithTheirTypes() throws Exception {
        reg("reg", "add", NETFX, "/v", "DbgManagedDebugger", "/t", "REG_SZ", "/d", VSJIT, "/f", WineHarness.VIEW_64);
        reg("reg", "add", NETFX, "/v", "DbgJITDebugLaunchSetting", "/t", "REG_DWORD", "/d", "16", "/f",
                WineHarness.VIEW_64);
        reg("reg", "add", NETFX, "/v", "DbgManagedDebugger", "/t", "REG_EXPAND_SZ", "/d",
                "%SystemRoot%\\dbg.exe %d", "/f", WineHarness.VIEW_32);
        List<Optional<byte[]>> before = exports("existing-before");

        WineHarness.Run in = wine.wercli(BOUND, "install", "--managed");
        assertEquals(0, in.exitCode(), in.stdout() + in.stderr());
        WineHarness.Run again = wine.wercli(BOUND, "install", "--managed");
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        assertTrue(again.stdout().contains("64-bit view: .NET Framework managed debugger: already installed; keeping the"
                + " original backup (DbgManagedDebugger REG_SZ"), again.stdout());
        JsonNode s = json.readTree(wine.wercli(BOUND, "status", "--json").stdout());
        assertEquals("REG_SZ \"" + VSJIT + "\"", s.path("managed").get(0).path("backup").path("debugger").asText());
        assertTrue(s.path("managed").get(0).path("backup").path("launchSetting").asText().startsWith("REG_DWORD"),
                s.path("managed").get(0).toString());
        assertTrue(s.path("managed").get(1).path("backup").path("debugger").asText().startsWith("REG_EXPAND_SZ"),
                s.path("managed").get(1).toString());
        assertEquals("absent", s.path("managed").get(1).path("backup").path("launchSetting").asText());

        // Another debugger takes the 32-bit view: uninstall refuses (exit 12) and changes nothing, --force restores.
        reg("reg", "add", NETFX, "/v", "DbgManagedDebugger", "/t", "REG_SZ", "/d", VSJIT, "/f", WineHarness.VIEW_32);
        List<Optional<byte[]>> replaced = exports("replaced");
        WineHarness.Run refused = wine.wercli(BOUND, "uninstall");
        assertEquals(12, refused.exitCode(), refused.stdout() + refused.stderr());
        assertTrue(refused.stderr().contains("another debugger replaced wercli as the .NET Framework managed debugger"),
                refused.stderr());
        assertSame(replaced, exports("refused"), "a refused uninstall");
        reg("reg", "add", NETFX, "/v", "DbgManagedDebugger", "/t", "REG_SZ", "/d", ours(), "/f", WineHarness.VIEW_32);

        WineHarness.Run un = wine.wercli(BOUND, "uninstall");
        assertEquals(0, un.exitCode(), un.stdout() + un.stderr());
        assertSame(before, exports("existing-after"), "values that were there");
    }

    @Test
    @Order(3)
    void attachTakesTheClrsCommandLineFormAndCapturesARealCrash() throws Exception {
        Path dir = wine.freshDir("attach-managed");
        // Registered first: crashy waits at most 30 s for a debugger.
        WineHarness.Run in = wine.wercli(BOUND, "install", "--managed", "--dump-dir", WineHarness.win(dir));
        assertEquals(0, in.exitCode(), in.stdout() + in.stderr());
        String value = query(WineHarness.VIEW_64).lines().filter(l -> l.contains("DbgManagedDebugger"))
                .findFirst().orElseThrow().replaceFirst("^\\s+DbgManagedDebugger\\s+REG_SZ\\s+", "").strip();
        assertEquals(ours(), value);
        Path facts = dir.resolve("facts.txt");
        Process crashy = wine.start(List.of(wine.targets.resolve("crashy.exe").toString(), "--wait-debugger", "av-write",
                WineHarness.win(facts)));
        String pid = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pid == null && System.nanoTime() < deadline) {
            if (Files.exists(facts)) {
                pid = WineHarness.facts(facts).get("pid");
            }
            Thread.sleep(50);
        }
        assertTrue(pid != null, "crashy wrote no pid");
        // The DbgManagedDebugger value install --managed wrote, formatted as the CLR formats it (printf: pid, app
        // domain, text, event handle; no event here: EVTHDL 0, as nothing waits for one) and split into arguments
        // at the quotes, as CommandLineToArgvW splits this simple form; the dump folder added as an option.
        String commandLine = String.format(java.util.Locale.ROOT, value, Long.parseLong(pid), 1, "Unhandled exception", 0);
        List<String> argv = new java.util.ArrayList<>(split(commandLine));
        argv.set(0, wine.jre.resolve("bin/java.exe").toString());
        argv.addAll(List.of("--dump-dir", WineHarness.win(dir)));
        assertEquals(List.of("attach", "PID", pid, "APPDOM", "1", "EXTEXT", "Unhandled exception", "EVTHDL", "0"),
                argv.subList(3, 12), commandLine);
        WineHarness.Run attach = wine.wine(argv, BOUND);
        WineHarness.Run un = wine.wercli(BOUND, "uninstall");
        assertEquals(0, un.exitCode(), un.stdout() + un.stderr());
        assertEquals(0, attach.exitCode(), attach.stdout() + attach.stderr());
        assertTrue(crashy.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS), "the crashed process was left hanging");
        List<Path> dumps = WineHarness.files(dir, ".dmp");
        List<Path> reports = WineHarness.files(dir, ".json");
        assertEquals(1, dumps.size(), "dumps " + dumps);
        assertEquals(1, reports.size(), "reports " + reports);
        JsonNode r = json.readTree(reports.get(0).toFile());
        assertEquals("captured", r.path("outcome").asText());
        assertEquals("0xC0000005", r.path("exception").path("code").asText());
        assertEquals(Integer.parseInt(pid), r.path("process").path("pid").asInt());
        String log = Files.readString(dir.resolve("wercli.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("attach pid=" + pid + " event=0 jit=none managed(appdomain=1 text=\"Unhandled exception\")"),
                log);
        System.out.println("e2e attach, managed form: " + commandLine + "\n" + attach.stdout().strip());
    }

    /** Splits at spaces outside double quotes, dropping the quotes (no backslash-quote escapes in this form). */
    static List<String> split(String commandLine) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (char c : commandLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                cur = cur == null ? new StringBuilder() : cur;
            } else if (c == ' ' && !quoted) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = (cur == null ? new StringBuilder() : cur).append(c);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
