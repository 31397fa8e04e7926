package dev.wercli.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reports are read back through the same records they are written from, and nothing is lost on the way. */
class ReportJsonTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** The golden files that are reports (the folder also holds list and show output). */
    static List<Path> goldenReports() throws IOException {
        try (Stream<Path> s = Files.list(GOLDEN)) {
            return s.filter(p -> p.toString().endsWith(".json")).filter(p -> {
                try {
                    return Files.readString(p).contains("\"schema_version\"");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    @Test
    void everyGoldenReportSurvivesReadAndWriteUnchanged() throws IOException {
        List<Path> reports = goldenReports();
        // Guards the filter above: a renamed golden folder must not turn this test into a pass over nothing.
        assertFalse(reports.size() < 4, "golden reports found: " + reports);
        for (Path golden : reports) {
            String written = Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n");
            String again = ReportJson.write(ReportJson.read(golden)).replace("\r\n", "\n");
            assertEquals(written, again, golden + ": a field the reader drops or renames shows up here");
        }
    }

    @Test
    void fieldsOfANewerWercliAreIgnored() throws IOException {
        String golden = Files.readString(GOLDEN.resolve("av-write.json"));
        String newer = golden.replaceFirst("\\{", "{\n  \"added_in_a_later_version\" : {\"x\" : [1, 2]},")
                .replace("\"first_chance\" : false,", "\"first_chance\" : false, \"new_exception_field\" : \"x\",");
        CrashReport expected = ReportJson.read(golden);
        assertEquals(expected, ReportJson.read(newer));
    }

    @Test
    void aMissingFieldReadsAsNull() throws IOException {
        CrashReport r = ReportJson.read("{\"schema_version\": 1, \"report_id\": \"r1\"}");
        assertEquals("r1", r.reportId());
        assertNull(r.process());
        assertNull(r.signature());
    }

    @Test
    void aFileOfAnotherShapeIsAnIoError() {
        assertThrows(IOException.class, () -> ReportJson.read("[1, 2, 3]"));
        assertThrows(IOException.class, () -> ReportJson.read("{\"process\": \"not an object\"}"));
    }
}
