package dev.wercli.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code wercli analyze} run in-process on the real Wine dump fixture and damaged copies of it. */
class AnalyzeCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static Path fixture() throws URISyntaxException {
        return Path.of(AnalyzeCommandTest.class.getResource("/dumps/wine-x64-av-write-mini.dmp").toURI());
    }

    private int run(String... args) {
        return WercliCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * The summary is the one {@code show} prints for a report ({@link ReportSummary}) plus the dump reader's
     * lines. The golden file has {@code <DUMP>} where the fixture's path goes (it differs per checkout).
     */
    @Test
    void summaryNamesTheCrashTheModuleAndTheThread() throws Exception {
        assertEquals(0, run("analyze", fixture().toString()), stderr());
        String text = stdout().replace("\r\n", "\n").replace(fixture().toString(), "<DUMP>");
        String golden;
        try (var in = AnalyzeCommandTest.class.getResourceAsStream("/golden/analyze-wine-x64-av-write.txt")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, text);
        assertEquals("", stderr());
    }

    @Test
    void jsonIsTheReportBuildersReportWithAbsentFieldsNull() throws Exception {
        assertEquals(0, run("analyze", "--json", fixture().toString()), stderr());
        JsonNode r = new ObjectMapper().readTree(stdout());
        assertEquals("minidump", r.path("source").asText());
        assertEquals("captured", r.path("outcome").asText());
        assertEquals(252, r.path("process").path("pid").asInt());
        assertTrue(r.path("process").path("command_line").isNull(), "a dump has no command line");
        assertEquals("0xC0000005", r.path("exception").path("code").asText());
        assertEquals("write", r.path("exception").path("access").asText());
        assertEquals("0x0000000000000010", r.path("exception").path("target_address").asText());
        assertEquals(256, r.path("thread_id").asInt());
        assertEquals("crashy.exe", r.path("faulting_module").path("name").asText());
        assertEquals("0x000000000021fcd0", r.path("registers").path("rsp").asText());
        assertEquals(5, r.path("modules").size());
        assertEquals(131_329, r.path("dump").path("size_bytes").asLong());
        assertTrue(r.path("dump").path("sha256").isNull(), "hashing is opt-in");
        assertTrue(r.path("report_id").isNull());
        assertTrue(r.path("timings_ms").isNull());
        assertEquals(0, r.path("errors").size());
    }

    @Test
    void sha256OnRequestIsTheFilesHash() throws Exception {
        assertEquals(0, run("analyze", "--json", "--sha256", fixture().toString()), stderr());
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(fixture())));
        assertEquals(expected, new ObjectMapper().readTree(stdout()).path("dump").path("sha256").asText());
    }

    @Test
    void outWritesOneReportPerDump() throws Exception {
        Path dir = tmp.resolve("reports");
        assertEquals(0, run("analyze", "--out", dir.toString(), fixture().toString()), stderr());
        JsonNode r = new ObjectMapper().readTree(dir.resolve("wine-x64-av-write-mini.json").toFile());
        assertEquals("0xC0000005", r.path("exception").path("code").asText());
    }

    @Test
    void damagedDumpIsReportedInPartAndExitsPartial() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // Directory entry 2 (ModuleList in Wine's order): point its Rva (+8 in the entry) past the end.
        int entry = b.getInt(12) + 2 * 12;
        assertEquals(4, b.getInt(entry), "fixture layout changed");
        b.putInt(entry + 8, bytes.length + 16);
        Path damaged = tmp.resolve("damaged.dmp");
        Files.write(damaged, bytes);

        assertEquals(10, run("analyze", "--json", damaged.toString()));
        JsonNode r = new ObjectMapper().readTree(stdout());
        assertEquals("partial", r.path("outcome").asText());
        assertEquals("0xC0000005", r.path("exception").path("code").asText(), "the exception is still read");
        assertEquals(0, r.path("modules").size());
        assertTrue(r.path("errors").get(0).path("message").asText().startsWith("ModuleList at file offset 0x"));
        assertTrue(stderr().contains("damaged: ModuleList at file offset"), stderr());
    }

    @Test
    void fileThatIsNotAMinidumpExitsPartialWithOneLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.dmp"), "this is not a dump, just some text");
        assertEquals(10, run("analyze", text.toString()));
        assertEquals("wercli: " + text + ": not a readable minidump: header at file offset 0x0: bad signature "
                + "0x73696874, expected 0x504d444d (\"MDMP\")", stderr().strip());
    }

    @Test
    void missingFileExitsIoErrorAndOtherFilesAreStillAnalyzed() throws Exception {
        Path missing = tmp.resolve("missing.dmp");
        assertEquals(13, run("analyze", "--json", missing.toString(), fixture().toString()));
        JsonNode reports = new ObjectMapper().readTree(stdout());
        assertTrue(reports.isArray());
        assertEquals(1, reports.size());
        assertTrue(stderr().contains(missing + ": cannot read"), stderr());
    }

    @Test
    void noFileIsAUsageError() {
        assertEquals(2, run("analyze"));
    }
}
