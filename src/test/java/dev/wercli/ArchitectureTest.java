package dev.wercli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The layering the folders promise, held by the build (as OSHI holds its JNA boundary). */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/dev/wercli");

    /**
     * The top-level packages, lowest first: each may use only those before it (and itself). config holds the
     * settings every layer may read; snapshot, analysis (PE, unwinding, stack walks, signature, runtime
     * detection) and report (the report's shape and JSON) stay pure (no capture, no platform), so a report can
     * be built from a dump file anywhere; cli sits on top.
     */
    static final List<String> LAYERS = List.of("config", "snapshot", "analysis", "report", "platform", "install",
            "capture", "store", "cli");

    /** Any mention of a wercli package: an import, a fully-qualified name in code, or a {@link} in a comment. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.wercli\\.([a-z0-9_]+)\\b");

    static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    static List<String> filesMentioning(String text, String exceptUnder) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : javaFiles(MAIN)) {
            if (!p.startsWith(MAIN.resolve(exceptUnder)) && Files.readString(p).contains(text)) {
                found.add(p.toString());
            }
        }
        return found;
    }

    /** "file -> package" for every reference from {@code layer} to a package at or above it. */
    static List<String> upwardReferences(String layer) throws IOException {
        List<String> allowed = LAYERS.subList(0, LAYERS.indexOf(layer) + 1);
        List<String> bad = new ArrayList<>();
        for (Path p : javaFiles(MAIN.resolve(layer))) {
            Matcher m = REFERENCE.matcher(Files.readString(p));
            while (m.find()) {
                if (!allowed.contains(m.group(1))) {
                    bad.add(p + " -> " + m.group(1));
                }
            }
        }
        return bad;
    }

    @Test
    void onlyThePlatformWin32PackageTouchesJna() throws IOException {
        assertEquals(List.of(), filesMentioning("com.sun.jna", "platform/win32"));
    }

    @Test
    void objectMappersAreSetUpOnlyInConfigJson() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : javaFiles(MAIN)) {
            String text = Files.readString(p);
            if ((text.contains("new ObjectMapper(") || text.contains("JsonMapper.builder(")) && !p.endsWith("config/Json.java")) {
                found.add(MAIN.relativize(p).toString().replace('\\', '/'));
            }
        }
        assertEquals(List.of(), found, "set up mappers in config.Json");
    }

    @Test
    void everyPackageHasItsPlaceInTheLayers() throws IOException {
        TreeSet<String> packages = new TreeSet<>();
        try (Stream<Path> s = Files.list(MAIN)) {
            s.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(LAYERS), packages, "a new package needs its place in LAYERS");
    }

    @Test
    void layersOnlyLookDown() throws IOException {
        for (String layer : LAYERS) {
            assertEquals(List.of(), upwardReferences(layer), layer + " may use only " + LAYERS.subList(0,
                    LAYERS.indexOf(layer)));
        }
    }

    /**
     * The store and the commands that read reports go through {@link dev.wercli.report.CrashReport}
     * ({@code ReportJson.read}): a field picked out of a JSON tree by its snake_case name breaks silently
     * when the field is renamed, a record accessor breaks the build.
     */
    @Test
    void reportReadersUseTheReportRecordNotJsonTrees() throws IOException {
        List<Path> readers = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.walk(MAIN.resolve("store"))) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(readers::add);
        }
        for (String command : List.of("ShowCommand", "ListCommand", "AnalyzeSummary", "ReportSummary")) {
            readers.add(MAIN.resolve("cli/" + command + ".java"));
        }
        List<String> bad = new java.util.ArrayList<>();
        for (Path p : readers) {
            String t = Files.readString(p);
            if (t.contains("JsonNode") || t.contains(".path(\"") || t.contains("readTree(")) {
                bad.add(p.toString());
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void aFullyQualifiedNameCountsAsAReference() {
        Matcher m = REFERENCE.matcher("new dev.wercli.cli.Main()");
        assertEquals(true, m.find());
        assertEquals("cli", m.group(1));
    }
}
