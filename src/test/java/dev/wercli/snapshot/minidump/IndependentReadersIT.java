package dev.wercli.snapshot.minidump;

import dev.wercli.e2e.WinePrefixes;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ThreadInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Our reader against two independent ones on the same real dumps: Breakpad's minidump_dump and
 * minidump_stackwalk (npm "minidump") and LLDB. Same thread ids, registers, module names and bases,
 * exception code, thread and address.
 *
 * <p>Dumps: the committed Wine fixture; fresh ones written under Wine by tests/tools/dumpwrap.exe from
 * crashy.exe (mini, full and WER-style flags) when wine and the MinGW builds are there; and every *.dmp in
 * the folder named by -Dwercli.dumps (e.g. the captures of the e2e harness). Skips with a message when a
 * tool is missing. Run: mvn verify -De2e.skip=false -Dit.test=IndependentReadersIT
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndependentReadersIT {
    private final Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private final Path breakpad = Path.of(env("WERCLI_STACKWALK",
            project.resolve("tests/.cache/npm/node_modules/minidump/bin/linux-x64/minidump_stackwalk").toString()))
            .getParent();
    private final List<Path> dumps = new ArrayList<>();

    /** crashy.exe mode and the MINIDUMP_TYPE dumpwrap asks for. */
    private static final String[][] GENERATED = {
        {"av-write", "0"}, {"av-read-thread", "0x21826"}, {"raise-custom", "0x121"}, {"illegal", "0x0"}};

    @BeforeAll
    void collectDumps() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(breakpad.resolve("minidump_dump")),
                "no Breakpad tools in " + breakpad + ": run tests/setup-env.sh");
        Assumptions.assumeTrue(run(List.of("lldb", "--version"), 60).exit == 0, "no lldb on PATH: apt-get install lldb");
        dumps.add(WineDumpFixtureTest.fixture("wine-x64-av-write-mini.dmp"));
        generateUnderWine();
        String extra = System.getProperty("wercli.dumps");
        if (extra != null) {
            try (Stream<Path> s = Files.walk(Path.of(extra).toAbsolutePath())) { // the tools run elsewhere
                s.filter(p -> p.toString().endsWith(".dmp")).sorted().forEach(dumps::add);
            }
        }
    }

    List<Path> dumps() {
        return dumps;
    }

    private void generateUnderWine() throws Exception {
        Path dumpwrap = project.resolve("tests/tools/build/dumpwrap.exe");
        Path crashy = project.resolve("tests/targets/build/crashy.exe");
        if (run(List.of("sh", "-c", "command -v wine"), 10).exit != 0 || !Files.isRegularFile(dumpwrap)
                || !Files.isRegularFile(crashy)) {
            System.err.println("IndependentReadersIT: no wine or no builds (make -C tests/tools; make -C tests/targets):"
                    + " checking the committed fixture only");
            return;
        }
        Path work = Files.createDirectories(project.resolve("target/e2e/independent-readers"));
        Path prefix = work.resolve("prefix");
        Map<String, String> env = Map.of("WINEPREFIX", prefix.toString(), "WINEDEBUG", "-all");
        // A fresh prefix every run (a clone of the run's template), never one kept from an earlier run: a
        // prefix made before wine32 was installed fails every program in it, 64-bit dumpwrap too.
        WinePrefixes.cloneInto(project, prefix);
        for (String[] g : GENERATED) {
            Path dump = work.resolve(g[0] + "-" + g[1] + ".dmp");
            Result r = run(List.of("wine", dumpwrap.toString(), dump.toString(), g[1], crashy.toString(), g[0]), 120, env);
            assertEquals(0, r.exit, "dumpwrap " + g[0] + ": " + r.err);
            Files.writeString(work.resolve(g[0] + "-" + g[1] + ".facts"), r.out);
            dumps.add(dump);
        }
        WinePrefixes.discard(prefix);
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void breakpadMinidumpDumpSeesTheSameThreadsModulesAndException(Path dump) throws Exception {
        Minidump ours = MinidumpReader.open(dump);
        BreakpadDump theirs = BreakpadDump.parse(run(List.of(breakpad.resolve("minidump_dump").toString(),
                dump.toString()), 120).out);
        assertFalse(theirs.threads.isEmpty(), "minidump_dump printed no threads for " + dump);

        MinidumpSnapshot snapshot = new MinidumpSnapshot(ours);
        assertEquals(theirs.threads.keySet(), snapshot.threads().stream().map(t -> (long) t.id())
                .collect(Collectors.toCollection(TreeSet::new)), "thread ids");
        for (ThreadInfo t : snapshot.threads()) {
            assertRegisters(theirs.threads.get((long) t.id()), t.context().orElseThrow(), "thread " + t.id());
        }
        assertEquals(theirs.modules, modulesOf(snapshot), "module bases and paths");
        var e = snapshot.exception().orElseThrow();
        assertEquals(theirs.exception.get("thread_id"), Integer.toUnsignedLong(e.threadId()), "exception thread");
        assertEquals(theirs.exception.get("exception_record.exception_code"), Integer.toUnsignedLong(e.code()));
        assertEquals(theirs.exception.get("exception_record.exception_address"), e.address());
        assertRegisters(theirs.exceptionContext, e.context().orElseThrow(), "exception context");
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void breakpadStackwalkSeesTheSameCrashAndModules(Path dump) throws Exception {
        MinidumpSnapshot snapshot = new MinidumpSnapshot(MinidumpReader.open(dump));
        String out = run(List.of(breakpad.resolve("minidump_stackwalk").toString(), "-m", dump.toString()), 300).out;
        Map<Long, String> modules = new TreeMap<>();
        String crashAddress = null;
        for (String line : out.split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f[0].equals("Module") && f.length > 5) {
                modules.put(Long.decode(f[5]), f[1]);
            } else if (f[0].equals("Crash") && f.length > 2) {
                crashAddress = f[2];
            }
        }
        Map<Long, String> ourModules = new TreeMap<>();
        snapshot.modules().forEach(m -> ourModules.put(m.base(), m.name()));
        assertEquals(modules, ourModules);
        var e = snapshot.exception().orElseThrow();
        if (e.code() == 0xC0000005) {
            // For access violations Breakpad's crash address is the inaccessible address, parameter 1.
            assertEquals(Long.decode(crashAddress), e.parameters().get(1));
        } else {
            assertEquals(Long.decode(crashAddress), e.address());
        }
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void lldbSeesTheSameThreadsModulesAndRegisters(Path dump) throws Exception {
        MinidumpSnapshot snapshot = new MinidumpSnapshot(MinidumpReader.open(dump));
        // Run from an empty folder so LLDB cannot pick up crashy.exe next to the dump and relocate it.
        String out = run(List.of("lldb", "--batch", "-c", dump.toString(), "-o", "thread list", "-o", "image list",
                "-o", "register read"), 300).out;
        Set<Long> tids = new TreeSet<>();
        Matcher m = Pattern.compile("thread #\\d+: tid = (0x[0-9a-f]+)").matcher(out);
        while (m.find()) {
            tids.add(Long.decode(m.group(1)));
        }
        assertEquals(tids, snapshot.threads().stream().map(t -> (long) t.id()).collect(Collectors.toCollection(TreeSet::new)));
        Set<Long> bases = new TreeSet<>();
        Matcher img = Pattern.compile("^\\[\\s*\\d+\\]\\s+(?:\\S+\\s+)?(0x[0-9a-f]{16})\\s", Pattern.MULTILINE).matcher(out);
        while (img.find()) {
            bases.add(Long.parseUnsignedLong(img.group(1).substring(2), 16));
        }
        assertEquals(snapshot.modules().stream().map(ModuleInfo::base).collect(Collectors.toCollection(TreeSet::new)),
                bases, "module bases");
        Map<String, Long> registers = new LinkedHashMap<>();
        Matcher r = Pattern.compile("^\\s+(\\w+) = (0x[0-9a-f]+)", Pattern.MULTILINE).matcher(out);
        while (r.find()) {
            registers.put(r.group(1).equals("rflags") ? "eflags" : r.group(1),
                    Long.parseUnsignedLong(r.group(2).substring(2), 16));
        }
        assertTrue(m.reset().find(), "LLDB listed no threads:\n" + out);
        // LLDB shows the stopped (faulting) thread, with the exception's context.
        assertTrue(out.contains("stop reason = Exception 0x" + String.format("%08x",
                snapshot.exception().orElseThrow().code())), out);
        assertRegisters(registers, snapshot.exception().orElseThrow().context().orElseThrow(), "LLDB registers");
    }

    /**
     * For a dump written by {@code wercli attach} (a report .json beside it): analyzing the dump gives the
     * same process, exception, thread, faulting module, registers and modules as the live report. Fields a
     * dump cannot hold (command line, timings, first_chance as seen live) are not compared.
     */
    @ParameterizedTest
    @MethodSource("dumps")
    void analyzeAgreesWithTheLiveReport(Path dump) throws Exception {
        Path liveFile = Path.of(dump.toString().replaceFirst("\\.dmp$", ".json"));
        Assumptions.assumeTrue(Files.isRegularFile(liveFile), "no live report beside " + dump);
        var mapper = dev.wercli.report.ReportJson.mapper();
        var live = mapper.readTree(liveFile.toFile());
        var report = new dev.wercli.report.ReportBuilder("test").build(new MinidumpSnapshot(MinidumpReader.open(dump)),
                new dev.wercli.report.CaptureFacts(null, null, "captured", null, null, List.of(), List.of()));
        var ours = mapper.valueToTree(report);
        for (String field : List.of("thread_id", "registers")) {
            assertEquals(live.get(field), ours.get(field), field);
        }
        // Identity read from module memory (version, PDB, export symbol) is in a live report but not in a
        // small dump, which holds no module images: there the dump's value may be null, never different.
        assertSameOrMissing(live.get("faulting_module"), ours.get("faulting_module"), "faulting_module",
                List.of("symbol", "version"));
        assertEquals(live.get("modules").size(), ours.get("modules").size(), "module count");
        for (int i = 0; i < live.get("modules").size(); i++) {
            assertSameOrMissing(live.get("modules").get(i), ours.get("modules").get(i), "modules[" + i + "]",
                    List.of("version", "pdb"));
        }
        for (String field : List.of("pid", "image_name", "image_path", "architecture")) {
            assertEquals(live.get("process").get(field), ours.get("process").get(field), "process." + field);
        }
        for (String field : List.of("code", "name", "address", "parameters", "access", "target_address")) {
            assertEquals(live.get("exception").get(field), ours.get("exception").get(field), "exception." + field);
        }
        assertEquals(live.get("threads").size(), ours.get("threads").size(), "thread count");
    }

    private static void assertSameOrMissing(com.fasterxml.jackson.databind.JsonNode live,
                                            com.fasterxml.jackson.databind.JsonNode ours, String what,
                                            List<String> fromModuleMemory) {
        live.fieldNames().forEachRemaining(name -> {
            var theirs = live.get(name);
            var mine = ours.get(name);
            if (fromModuleMemory.contains(name) && (mine == null || mine.isNull())) {
                return;
            }
            assertEquals(theirs, mine, what + "." + name);
        });
    }

    /** dumpwrap printed pid, tid, code and address from the debug event itself, not from the dump. */
    @ParameterizedTest
    @MethodSource("dumps")
    void theDebugEventsFactsMatch(Path dump) throws Exception {
        Path factsFile = Path.of(dump.toString().replaceFirst("\\.dmp$", ".facts"));
        Assumptions.assumeTrue(Files.isRegularFile(factsFile), "no .facts beside " + dump);
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(factsFile)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        MinidumpSnapshot s = new MinidumpSnapshot(MinidumpReader.open(dump));
        var e = s.exception().orElseThrow();
        assertEquals(Integer.parseInt(facts.get("pid")), s.process().pid());
        assertEquals(Integer.parseInt(facts.get("tid")), e.threadId());
        assertEquals(Long.decode(facts.get("code")).intValue(), e.code());
        assertEquals(Long.decode(facts.get("address")), e.address());
    }

    private static void assertRegisters(Map<String, Long> theirs, CpuContext ours, String what) {
        assertNotNull(theirs, what + ": the other reader has no context");
        int compared = 0;
        for (Map.Entry<String, Long> reg : ours.registers().entrySet()) {
            Long other = theirs.get(reg.getKey());
            if (other != null) {
                assertEquals(Long.toHexString(other), Long.toHexString(reg.getValue()), what + " " + reg.getKey());
                compared++;
            }
        }
        assertTrue(compared >= 17, what + ": only " + compared + " registers in common: " + theirs.keySet());
    }

    private static Map<Long, String> modulesOf(MinidumpSnapshot s) {
        Map<Long, String> out = new TreeMap<>();
        s.modules().forEach(m -> out.put(m.base(), m.path()));
        return out;
    }

    /** What minidump_dump prints: MDRawThread / MDRawModule / MDException blocks of "key = value" lines. */
    static final class BreakpadDump {
        final Map<Long, Map<String, Long>> threads = new TreeMap<>();
        final Map<Long, String> modules = new TreeMap<>();
        final Map<String, Long> exception = new LinkedHashMap<>();
        Map<String, Long> exceptionContext;

        static BreakpadDump parse(String text) {
            BreakpadDump d = new BreakpadDump();
            String block = "";
            Map<String, Long> context = null;
            Long threadId = null;
            Long moduleBase = null;
            boolean exceptionBlock = false;
            for (String line : text.split("\n")) {
                if (!line.startsWith(" ") && !line.isBlank()) {
                    block = line.trim();
                    if (block.startsWith("MDRawContext")) {
                        context = new LinkedHashMap<>();
                        if (exceptionBlock) {
                            d.exceptionContext = context;
                        } else if (threadId != null) {
                            d.threads.put(threadId, context);
                        }
                    } else {
                        exceptionBlock = block.equals("MDException") || (exceptionBlock && block.isEmpty());
                        context = null;
                    }
                    continue;
                }
                int eq = line.indexOf(" = ");
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).trim();
                String value = line.substring(eq + 3).trim();
                if (block.equals("MDRawThread") && key.equals("thread_id")) {
                    threadId = Long.decode(value);
                } else if (block.equals("MDRawModule") && key.equals("base_of_image")) {
                    moduleBase = Long.decode(value);
                } else if (block.equals("MDRawModule") && key.equals("(code_file)") && moduleBase != null) {
                    d.modules.put(moduleBase, value.replaceAll("^\"|\"$", ""));
                } else if (block.equals("MDException") && value.startsWith("0x")) {
                    d.exception.put(key, Long.parseUnsignedLong(value.substring(2).split(" ")[0], 16));
                } else if (context != null && value.startsWith("0x")) {
                    context.put(key, Long.parseUnsignedLong(value.substring(2), 16));
                }
            }
            return d;
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        return run(cmd, timeoutSeconds, Map.of());
    }

    private static Result run(List<String> cmd, int timeoutSeconds, Map<String, String> env)
            throws IOException, InterruptedException {
        Path empty = Files.createTempDirectory("readers-it");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(empty.toFile());
        pb.environment().putAll(env);
        Path out = empty.resolve("out.txt");
        Path err = empty.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(127, "", e.getMessage());
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
