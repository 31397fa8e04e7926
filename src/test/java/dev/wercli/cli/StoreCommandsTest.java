package dev.wercli.cli;

import dev.wercli.fixtures.ReportFixtures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** list / show / flush run in-process through picocli, against golden output. */
class StoreCommandsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void folder() throws IOException {
        ReportFixtures.capture(dir, "crashy.exe_20261122-050100.000_pid101", "3f2a9c1e-0001", "2026-11-22T05:01:00.123Z",
                "crashy.exe", 101, "0xC0000005", "crashy.exe", null, 1_300_000);
        ReportFixtures.capture(dir, "other.exe_20261122-060000.000_pid202", "77b01d2a-0002", "2026-11-22T06:00:00.000Z",
                "other.exe", 202, "0x80000003", "ntdll.dll", "c0ffee12", 900);
        ReportFixtures.capture(dir, "crashy.exe_20261122-070000.000_pid303", "3f2b0000-0003", "2026-11-22T07:00:00.000Z",
                "Crashy.exe", 303, "0xC0000094", "crashy.exe", null, -1);
        ListCommand.clock = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);
    }

    @AfterEach
    void resetClock() {
        ListCommand.clock = Clock.systemUTC();
    }

    private static Run wercli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WercliCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
                err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = StoreCommandsTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void listShowsOneRowPerCaptureOldestFirst() throws Exception {
        Run r = wercli("list", "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(golden("list.txt"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void listFiltersByAppIgnoringCaseAndByTime() {
        Run app = wercli("list", "--dir", dir.toString(), "--app", "CRASHY.EXE");
        assertEquals(3, app.out().lines().count(), app.out());
        assertTrue(app.out().contains("3f2a9c1e") && app.out().contains("3f2b0000"), app.out());

        Run since = wercli("list", "--dir", dir.toString(), "--since", "2026-11-22T06:00:00Z");
        assertEquals(3, since.out().lines().count(), since.out());
        assertTrue(since.out().contains("77b01d2a") && since.out().contains("3f2b0000"), since.out());

        Run age = wercli("list", "--dir", dir.toString(), "--since", "90m");
        assertEquals(2, age.out().lines().count(), "only the 07:00 capture is under 90 minutes old: " + age.out());

        Run none = wercli("list", "--dir", dir.toString(), "--since", "2026-11-23");
        assertEquals("ID  TIME (UTC)  APP  PID  EXCEPTION  MODULE  SIGNATURE  DUMP\n(no captures)\n", none.out());
    }

    @Test
    void listJsonGivesTheIndexFields() throws Exception {
        Run r = wercli("list", "--dir", dir.toString(), "--app", "other.exe", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(golden("list-other.json"), r.out());
    }

    @Test
    void listReadsTheIndexAndSaysWhenLinesWereDamaged() throws Exception {
        assertEquals(0, wercli("list", "--dir", dir.toString(), "--rebuild").code());
        assertTrue(Files.exists(dir.resolve("index.jsonl")));
        Files.writeString(dir.resolve("index.jsonl"), "{\"report_id\":\"torn", java.nio.file.StandardOpenOption.APPEND);
        Run r = wercli("list", "--dir", dir.toString());
        assertEquals(golden("list.txt"), r.out());
        assertEquals("wercli: 1 damaged index line(s) skipped; 'wercli list --rebuild' recreates the index\n", r.err());
    }

    @Test
    void badListArgumentsAreUsageErrors() {
        Run r = wercli("list", "--dir", dir.toString(), "--since", "yesterday");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("wercli: --since: not a time: 'yesterday'"), r.err());
        Run missing = wercli("list", "--dir", dir.resolve("nope").toString());
        assertEquals(13, missing.code());
        assertEquals("wercli: no dump folder at " + dir.resolve("nope") + "\n", missing.err());
    }

    @Test
    void showSummarisesAReportByIdPrefix() throws Exception {
        Run r = wercli("show", "77b0", "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(golden("show-other.txt"), r.out());
    }

    @Test
    void showTakesAPathAndSummarisesAFailureRecord() throws Exception {
        Run r = wercli("show", dir.resolve("crashy.exe_20261122-070000.000_pid303.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Dump       none\n"), r.out());
        assertTrue(r.out().contains("Error      dump: disk full\n"), r.out());
    }

    @Test
    void showRefusesAJsonFileThatIsNotAReport() throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.json"), "{\"theme\": \"dark\"}");
        Run other = wercli("show", settings.toString());
        assertEquals(13, other.code());
        assertEquals("wercli: " + settings + " is not a wercli report (no report_id)\n", other.err());
        // A report whose fields have the wrong shape cannot be read as one, and says so.
        Path bent = Files.writeString(dir.resolve("bent.json"), "{\"report_id\": \"x\", \"process\": 7}");
        Run wrong = wercli("show", bent.toString());
        assertEquals(13, wrong.code());
        assertTrue(wrong.err().startsWith("wercli: cannot read report " + bent + ": "), wrong.err());
        assertEquals("", wrong.out());
    }

    @Test
    void showRefusesAnAmbiguousOrUnknownId() {
        Run ambiguous = wercli("show", "3f2", "--dir", dir.toString());
        assertEquals(2, ambiguous.code());
        assertEquals("wercli: '3f2' matches 2 reports in " + dir + ": give more of the id\n", ambiguous.err());
        Run unknown = wercli("show", "dead", "--dir", dir.toString());
        assertEquals(2, unknown.code());
        assertEquals("wercli: no report 'dead' in " + dir + " (see 'wercli list')\n", unknown.err());
    }

    @Test
    void flushSaysHowManyReportsWaitWhenTheEndpointIsDown() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.copy(dir.resolve("crashy.exe_20261122-050100.000_pid101.json"), spool.resolve("3f2a9c1e-0001.json"));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = wercli("flush", "--dir", dir.toString(), "--upload-url", "http://127.0.0.1:" + port + "/r",
                "--timeout", "2");
        assertEquals(13, r.code());
        assertEquals("wercli: 0 report(s) sent, 1 waiting\n", r.out());
        assertEquals("wercli: 1 report(s) could not be sent; they stay in " + spool + "\n", r.err());
        assertTrue(Files.exists(spool.resolve("3f2a9c1e-0001.json")));
    }

    @Test
    void attachRejectsBadStoreOptionsBeforeTouchingAnyProcess() {
        Run keep = wercli("attach", "1", "0", "--keep", "-1");
        assertEquals(2, keep.code());
        assertTrue(keep.err().startsWith("wercli: --keep must be 0 (no limit) or more, got -1\n"), keep.err());
        Run size = wercli("attach", "1", "0", "--max-size", "lots");
        assertEquals(2, size.code());
        assertTrue(size.err().startsWith("wercli: --max-size: not a size: 'lots'"), size.err());
        Run url = wercli("attach", "1", "0", "--upload-url", "ftp://example.org/x");
        assertEquals(2, url.code());
        assertTrue(url.err().startsWith("wercli: --upload-url: not a usable URL"), url.err());
        Run dumps = wercli("attach", "1", "0", "--upload-dumps");
        assertEquals(2, dumps.code());
        assertTrue(dumps.err().startsWith("wercli: --upload-dumps needs --upload-url\n"), dumps.err());
    }

    @Test
    void flushSendsAnOwedDumpOnlyWithUploadDumps() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        // An owed dump as the spool records it (README, delivery): its report was delivered already.
        Files.writeString(spool.resolve("3f2a9c1e-0001.dump-owed"), "{\"report_id\": \"3f2a9c1e-0001\","
                + " \"dump_file\": \"crashy.exe_20261122-050100.000_pid101.dmp\", \"sha256\": \"00\","
                + " \"size_bytes\": 1300000}");
        java.util.List<String> puts = new java.util.ArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/r", exchange -> {
            long n = exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
            puts.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + n + " "
                    + exchange.getRequestHeaders().getFirst("Wercli-Dump-Sha256"));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/r";
            Run without = wercli("flush", "--dir", dir.toString(), "--upload-url", url, "--timeout", "5");
            assertEquals(0, without.code(), without.err());
            assertEquals("wercli: 0 report(s) sent, 0 waiting; 0 dump(s) sent, 1 waiting"
                    + " (send them with --upload-dumps)\n", without.out());
            assertEquals(java.util.List.of(), puts);

            Run with = wercli("flush", "--dir", dir.toString(), "--upload-url", url, "--upload-dumps", "--timeout", "5");
            assertEquals(0, with.code(), with.err());
            assertEquals("wercli: 0 report(s) sent, 0 waiting; 1 dump(s) sent, 0 waiting\n", with.out());
            assertEquals(java.util.List.of("PUT /r/3f2a9c1e-0001/dump 1300000 00"), puts);
            assertTrue(Files.notExists(spool.resolve("3f2a9c1e-0001.dump-owed")));
        } finally {
            server.stop(0);
        }
    }
}
