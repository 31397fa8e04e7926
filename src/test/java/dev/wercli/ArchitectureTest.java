package dev.wercli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The layering the folders promise, held by the build (as OSHI holds its JNA boundary). */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/dev/wercli");

    static List<String> filesMentioning(String text, String exceptUnder) throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(MAIN.resolve(exceptUnder)))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains(text);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString).sorted().toList();
        }
    }

    @Test
    void onlyThePlatformWin32PackageTouchesJna() throws IOException {
        assertEquals(List.of(), filesMentioning("com.sun.jna", "platform/win32"));
    }

    @Test
    void theSnapshotAndReportLayersDoNotReachIntoCaptureOrCli() throws IOException {
        for (String layer : List.of("snapshot", "report")) {
            try (Stream<Path> s = Files.walk(MAIN.resolve(layer))) {
                List<String> bad = s.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                    try {
                        String t = Files.readString(p);
                        return t.contains("import dev.wercli.capture") || t.contains("import dev.wercli.cli")
                                || t.contains("import dev.wercli.platform");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).map(Path::toString).toList();
                assertEquals(List.of(), bad, layer + " must depend only on snapshot/report");
            }
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
}
