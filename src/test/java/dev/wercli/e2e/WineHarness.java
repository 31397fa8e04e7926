package dev.wercli.e2e;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Wine end-to-end environment: a fresh prefix of its own (a clone of the run's template, see
 * {@link WinePrefixes}), the Windows JRE, wercli.jar, the crash
 * targets and Breakpad's tools. tests/setup-env.sh installs them; this class finds them and skips the
 * tests with a clear message when something is missing (e.g. `mvn verify` without tests/run-all).
 */
public final class WineHarness implements AutoCloseable {
    public static final String AEDEBUG = "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug";

    public final Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    public final Path prefix;
    public final Path jre;
    public final Path jar;
    public final Path targets;
    public final Path stackwalk;
    public final Path work;

    /** The result of running a program: exit code, output, and how long it took. */
    public record Run(int exitCode, String stdout, String stderr, Duration elapsed, boolean timedOut) {
    }

    private WineHarness(String name) throws IOException, InterruptedException {
        jre = Path.of(env("WERCLI_WIN_JRE", project.resolve("tests/.cache/jre").toString()));
        jar = project.resolve("target/wercli.jar");
        targets = project.resolve("tests/targets/build");
        stackwalk = Path.of(env("WERCLI_STACKWALK",
                project.resolve("tests/.cache/npm/node_modules/minidump/bin/linux-x64/minidump_stackwalk").toString()));
        Assumptions.assumeTrue(onPath("wine"), "wine is not installed: run tests/run-all (it installs wine64)");
        Assumptions.assumeTrue(Files.isRegularFile(jre.resolve("bin/java.exe")),
                "no Windows JRE at " + jre + ": run tests/setup-env.sh");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no " + jar + ": run mvn package first");
        Assumptions.assumeTrue(Files.isRegularFile(targets.resolve("crashy.exe")),
                "no crash targets: run make -C tests/targets");
        Assumptions.assumeTrue(Files.isExecutable(stackwalk), "no minidump_stackwalk at " + stackwalk
                + ": run tests/setup-env.sh");
        work = Files.createDirectories(project.resolve("target/e2e").resolve(name));
        prefix = work.resolve("prefix");
        WinePrefixes.cloneInto(project, prefix);
        run(List.of("wineserver", "-p"), Duration.ofSeconds(10));
    }

    public static WineHarness create(String name) throws IOException, InterruptedException {
        return new WineHarness(name);
    }

    /** An empty folder {@code name} under this harness's work folder (emptied if it was there). */
    public Path freshDir(String name) throws IOException {
        Path dir = work.resolve(name);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    /** Windows spelling of a Linux path (Wine maps Z: to /). */
    public static String win(Path p) {
        return "Z:" + p.toAbsolutePath().toString().replace('/', '\\');
    }

    /** The AeDebug command line for wercli run by the Windows JRE, plus extra attach options. */
    public String werclicommand(String extraOptions) {
        return "\"" + win(jre.resolve("bin/java.exe")) + "\" -jar \"" + win(jar) + "\" attach %ld %ld %p " + extraOptions;
    }

    /** The registry views, as `reg` names them: 64-bit processes read the first, 32-bit ones WOW6432Node. */
    public static final String VIEW_64 = "/reg:64";
    public static final String VIEW_32 = "/reg:32";

    /**
     * Makes {@code debugger} the AeDebug debugger of both registry views, so that 64-bit and 32-bit crashes both
     * start it (a fresh prefix has Auto = 1 in both). Every `reg` call names its view: with wine32 installed a
     * plain `wine reg` runs the 32-bit reg.exe and edits only WOW6432Node, which 64-bit crashes never read.
     */
    public void setAeDebug(String debugger) throws IOException, InterruptedException {
        setAeDebug(debugger, VIEW_64);
        setAeDebug(debugger, VIEW_32);
    }

    /** The AeDebug key of one view as `reg export` writes it (bytes to compare); empty when there is no key. */
    public java.util.Optional<byte[]> exportAeDebug(String view, String fileName) throws IOException, InterruptedException {
        Path file = work.resolve(fileName);
        Files.deleteIfExists(file);
        Run r = wine(List.of("reg", "export", AEDEBUG, win(file), view, "/y"), Duration.ofSeconds(60));
        return r.exitCode() == 0 ? java.util.Optional.of(Files.readAllBytes(file)) : java.util.Optional.empty();
    }

    /** Makes {@code debugger} the AeDebug debugger of one view: {@link #VIEW_64} or {@link #VIEW_32}. */
    public void setAeDebug(String debugger, String view) throws IOException, InterruptedException {
        Run r = wine(List.of("reg", "add", AEDEBUG, "/v", "Debugger", "/t", "REG_SZ", "/d", debugger, "/f", view),
                Duration.ofSeconds(30));
        if (r.exitCode() != 0) {
            throw new IOException("reg add " + view + " failed: " + r.stderr());
        }
    }

    public Run wine(List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("wine");
        cmd.addAll(args);
        return run(cmd, timeout);
    }

    /** Runs wercli directly (not through AeDebug) with the Windows JRE. */
    public Run wercli(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(jre.resolve("bin/java.exe").toString(), "-jar", win(jar)));
        cmd.addAll(Arrays.asList(args));
        return wine(cmd, timeout);
    }

    /** Runs a Windows program with extra environment variables (Wine hands them to the Windows side). */
    public Run wine(List<String> args, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("wine");
        cmd.addAll(args);
        return run(cmd, null, env, timeout);
    }

    /** Starts a Windows program in the background (its output is discarded); the caller waits for it. */
    public Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("wine");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        wineEnvironment(pb);
        return pb.start();
    }

    /** This harness's prefix, quiet, and no Mono/Gecko install dialogs. */
    private void wineEnvironment(ProcessBuilder pb) {
        pb.environment().put("WINEPREFIX", prefix.toString());
        pb.environment().put("WINEDEBUG", "-all");
        pb.environment().put("WINEDLLOVERRIDES", "mscoree,mshtml=");
    }

    /** Runs a Linux program in {@code dir}. */
    public Run runIn(Path dir, List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        return run(cmd, dir, Map.of(), timeout);
    }

    public Run run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        return run(cmd, null, Map.of(), timeout);
    }

    private Run run(List<String> cmd, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        wineEnvironment(pb);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String o = Files.readString(out, StandardCharsets.UTF_8);
        String e = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return new Run(done ? p.exitValue() : -1, o, e, elapsed, !done);
    }

    /** The key=value facts a crash target wrote before crashing. */
    public static Map<String, String> facts(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }

    /** Files in {@code dir} whose names end with {@code suffix}. */
    public static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Waits until no process of this prefix runs {@code exeName} (the check that nothing is left behind). */
    public boolean waitUntilGone(String exeName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (running(exeName).isEmpty()) {
                return true;
            }
            Thread.sleep(200);
        }
        return running(exeName).isEmpty();
    }

    public List<ProcessHandle> running(String exeName) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(exeName)).orElse(false))
                .filter(h -> inPrefix(h))
                .toList();
    }

    private boolean inPrefix(ProcessHandle h) {
        try {
            String env = Files.readString(Path.of("/proc/" + h.pid() + "/environ"), StandardCharsets.ISO_8859_1);
            return env.contains("WINEPREFIX=" + prefix + "\0");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        WinePrefixes.discard(prefix); // the evidence (dumps, reports, logs) stays in work
    }

    static void deleteTree(Path p) throws IOException {
        WinePrefixes.deleteTree(p);
    }

    private static boolean onPath(String exe) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, exe)));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
