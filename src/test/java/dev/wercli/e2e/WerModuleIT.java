package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wercli-wer.dll, the WER runtime exception module (native-launcher/wer), under Wine, which has no WER: the
 * test-only WerFault stand-in tests/shims/wershim.c (started by `crashy --wer-shim`) reads the registered
 * modules from RuntimeExceptionHelperModules (written by `wercli register-wer-module`), loads the module of
 * the crashed process's bitness and calls its callbacks in WerFault's order. The module claims a fail-fast
 * (here RaiseException of the fail-fast record, since Wine's int 0x29 reaches no filter) by running
 * `wercli capture-wer`, and declines everything else.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WerModuleIT {
    static final Duration BOUND = Duration.ofSeconds(90);
    private static final int STATUS_STACK_BUFFER_OVERRUN = 0xC0000409;

    private final ObjectMapper json = new ObjectMapper();
    private WineHarness wine;

    @BeforeAll
    void prefix() throws Exception {
        wine = WineHarness.create("wer");
        for (String dll : List.of("wercli-wer-x64.dll", "wercli-wer-x86.dll")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(wine.project.resolve("target").resolve(dll)),
                    "no target/" + dll + ": make -C native-launcher wer WER_OUT=$PWD/target");
        }
        WineHarness.Run reg = wine.wercli(BOUND, "register-wer-module", "--dll-dir",
                WineHarness.win(wine.project.resolve("target")));
        assertEquals(0, reg.exitCode(), reg.stdout() + reg.stderr());
    }

    @AfterAll
    void stop() throws Exception {
        if (wine != null) {
            wine.close();
        }
    }

    /** The module's settings for one run: how to start wercli, where to write, the logs. */
    private Map<String, String> env(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("WERCLI_WER_COMMAND", "\"" + WineHarness.win(wine.jre.resolve("bin/java.exe")) + "\" -jar \""
                + WineHarness.win(wine.jar) + "\"");
        env.put("WERCLI_WER_DUMP_DIR", WineHarness.win(dir));
        env.put("WERCLI_WER_LOG", WineHarness.win(dir.resolve("module.log")));
        env.put("WERCLI_WER_SHIM_LOG", WineHarness.win(dir.resolve("shim.log")));
        return env;
    }

    private WineHarness.Run crash(Bitness bits, String mode, Path dir, Map<String, String> env) throws Exception {
        WineHarness.Run run = wine.wine(List.of(bits.crashy(wine).toString(), "--wer-shim", mode,
                WineHarness.win(dir.resolve("facts.txt"))), env, BOUND);
        assertFalse(run.timedOut(), "the crashed process was left hanging");
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Bitness.class)
    void aFailFastIsClaimedAndCapturedByWercli(Bitness bits) throws Exception {
        Path dir = wine.freshDir(bits.label + "-claimed");
        WineHarness.Run run = crash(bits, "raise-fastfail-cookie", dir, env(dir));
        assertEquals(STATUS_STACK_BUFFER_OVERRUN & 0xFF, run.exitCode(), "the process ends with its exception code");

        Map<String, String> shim = ShimLog.read(dir.resolve("shim.log"));
        assertEquals("claimed", shim.get("outcome"), shim + " / module: " + read(dir.resolve("module.log")));
        String dll = bits == Bitness.X86 ? "wercli-wer-x86.dll" : "wercli-wer-x64.dll";
        assertTrue(shim.get("module").endsWith(dll), "WER loads the module of the process's bitness: " + shim);
        assertEquals("0", shim.get("custom_debugger"), "the debugger-launch callback declines");
        assertEquals("0xC0000409", shim.get("sig.ExceptionCode"), "bucket parameters from wercli's signature");
        assertEquals("crashy.exe", shim.get("sig.AppName"));

        List<Path> dumps = WineHarness.files(dir, ".dmp");
        List<Path> reports = WineHarness.files(dir, ".json");
        assertEquals(1, dumps.size(), "dumps " + dumps);
        assertEquals(1, reports.size(), "reports " + reports);
        JsonNode r = json.readTree(reports.get(0).toFile());
        Map<String, String> facts = WineHarness.facts(dir.resolve("facts.txt"));
        assertEquals("captured", r.path("outcome").asText());
        assertEquals("wer_runtime_exception_module", r.path("source").asText());
        assertEquals(facts.get("pid"), r.path("process").path("pid").asText());
        assertEquals(facts.get("tid"), r.path("thread_id").asText(), "the faulting thread WER named");
        assertEquals(bits.label, r.path("process").path("architecture").asText());
        assertEquals("0xC0000409", r.path("exception").path("code").asText());
        assertEquals("fail-fast FAST_FAIL_STACK_COOKIE_CHECK_FAILURE (sub-code 2)",
                r.path("exception").path("description").asText());

        BreakpadView breakpad = BreakpadView.read(wine, dumps.get(0));
        assertEquals(bits.breakpadCpu, breakpad.cpu(), "an x86 dump for a 32-bit process (wercli-dump32.exe)");
        assertEquals("FAST_FAIL_STACK_COOKIE_CHECK_FAILURE", breakpad.reason(), breakpad.crashLine());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Bitness.class)
    void anAccessViolationIsDeclined(Bitness bits) throws Exception {
        Path dir = wine.freshDir(bits.label + "-declined");
        WineHarness.Run run = crash(bits, "av-write", dir, env(dir));
        assertEquals(0x05, run.exitCode(), "the process ends as without the module");
        assertEquals("declined", ShimLog.read(dir.resolve("shim.log")).get("outcome"));
        assertTrue(read(dir.resolve("module.log")).contains("reason=not-claimed-code"), read(dir.resolve("module.log")));
        assertEquals(List.of(), WineHarness.files(dir, ".dmp"), "no dump from us");
        assertEquals(List.of(), WineHarness.files(dir, ".json"), "no report from us");
    }

    @Test
    void brokenSettingsMakeTheModuleDeclineWithoutHarmingTheHost() throws Exception {
        Path dir = wine.freshDir("broken-codes");
        Map<String, String> env = env(dir);
        env.put("WERCLI_WER_CLAIM_CODES", "0xC0000409,not-a-code");
        WineHarness.Run run = crash(Bitness.X64, "raise-fastfail-cookie", dir, env);
        assertEquals(0x09, run.exitCode());
        assertEquals("declined", ShimLog.read(dir.resolve("shim.log")).get("outcome"), "the host (WerFault) goes on");
        assertTrue(read(dir.resolve("module.log")).contains("reason=bad-setting"), read(dir.resolve("module.log")));
        assertEquals(List.of(), WineHarness.files(dir, ".dmp"));

        Path missing = wine.freshDir("no-wercli");
        env = env(missing);
        env.put("WERCLI_WER_COMMAND", "Z:\\nowhere\\wercli.exe");
        run = crash(Bitness.X86, "raise-fastfail-cookie", missing, env);
        assertEquals(0x09, run.exitCode());
        assertEquals("declined", ShimLog.read(missing.resolve("shim.log")).get("outcome"));
        assertTrue(read(missing.resolve("module.log")).contains("reason=wercli-not-started"),
                read(missing.resolve("module.log")));

        // No Command at all: the module looks for wercli.exe beside itself (target/) and one folder up, finds none.
        Path notInstalled = wine.freshDir("not-installed");
        env = env(notInstalled);
        env.remove("WERCLI_WER_COMMAND");
        run = crash(Bitness.X64, "raise-fastfail-cookie", notInstalled, env);
        assertEquals(0x09, run.exitCode());
        assertEquals("declined", ShimLog.read(notInstalled.resolve("shim.log")).get("outcome"));
        assertTrue(read(notInstalled.resolve("module.log")).contains("reason=wercli-not-found"),
                read(notInstalled.resolve("module.log")));
    }

    @Test
    void statusListsTheRegisteredModules() throws Exception {
        WineHarness.Run status = wine.wercli(BOUND, "status", "--json");
        assertEquals(0, status.exitCode(), status.stderr());
        JsonNode modules = json.readTree(status.stdout()).path("werModules");
        assertEquals(2, modules.size(), modules.toString());
        for (JsonNode m : modules) {
            assertEquals("HKLM", m.path("hive").asText());
            assertTrue(m.path("wercli").asBoolean() && m.path("enabled").asBoolean(), m.toString());
        }
        assertTrue(modules.get(0).path("path").asText().endsWith("wercli-wer-x64.dll"), "64-bit view: " + modules);
        assertTrue(modules.get(1).path("path").asText().endsWith("wercli-wer-x86.dll"), "32-bit view: " + modules);
    }

    private static String read(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.readString(p) : "(no " + p.getFileName() + ")";
    }
}
