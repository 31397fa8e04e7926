package dev.wercli.store.breakpad;

import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportJson;
import dev.wercli.store.Outgoing;
import dev.wercli.store.Product;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BreakpadFieldsTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/av-write.json");

    @TempDir
    Path dir;

    static String goldenJson() throws Exception {
        return Files.readString(GOLDEN);
    }

    @Test
    void theGoldenReportsFields() throws Exception {
        CrashReport report = ReportJson.read(GOLDEN);
        Map<String, String> f = BreakpadFields.of(report, Product.of(report, Map.of()), "client-1");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("prod", "crashy");
        expected.put("ver", "0.0.0.0");
        expected.put("guid", "client-1");
        expected.put("plat", "Win64");
        expected.put("ProductName", "crashy");
        expected.put("Version", "0.0.0.0");
        expected.put("product", "crashy");
        expected.put("version", "0.0.0.0");
        expected.put("wercli_report_id", "00000000-0000-0000-0000-000000000001");
        expected.put("exception_code", "0xC0000005");
        expected.put("exception_name", "EXCEPTION_ACCESS_VIOLATION");
        expected.put("crash_address", "0x000000014000162f");
        expected.put("faulting_module", "crashy.exe");
        expected.put("bucket_id", "daf14942620b5943");
        assertEquals(expected, f);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(f.keySet()), "order");
        assertFalse(f.containsKey("ptime"), "no process start time in the report: never invented");
    }

    @Test
    void anOverrideNamesTheProductAndAnUnknownVersionOrClientIsLeftOut() throws Exception {
        CrashReport report = ReportJson.read(goldenJson().replace("\"app_version\" : \"0.0.0.0\"", "\"app_version\" : null"));
        Map<String, String> f = BreakpadFields.of(report,
                Product.of(report, Map.of("CRASHY.EXE", new Product("Crashy Pro", null))), null);
        assertEquals("Crashy Pro", f.get("prod"));
        assertEquals("Crashy Pro", f.get("ProductName"));
        assertFalse(f.containsKey("ver"));
        assertFalse(f.containsKey("Version"));
        assertFalse(f.containsKey("guid"));
    }

    @Test
    void platformByArchitecture() throws Exception {
        CrashReport x86 = ReportJson.read(goldenJson().replace("\"architecture\" : \"x64\"", "\"architecture\" : \"x86\""));
        assertEquals("Win32", BreakpadFields.of(x86, Product.of(x86, Map.of()), "c").get("plat"));
        assertEquals(null, BreakpadFields.platform("arm64"));
        assertEquals(null, BreakpadFields.platform("unknown"));
        assertEquals(null, BreakpadFields.platform(null));
    }

    @Test
    void theUploadCarriesFieldsThenReportThenDump() throws Exception {
        byte[] json = goldenJson().getBytes(StandardCharsets.UTF_8);
        CrashReport report = ReportJson.read(goldenJson());
        byte[] dumpBytes = MultipartBodyTest.trickyDump();
        Path dump = Files.write(dir.resolve("crashy.exe_20261122-051204.927_pid328.dmp"), dumpBytes);
        Outgoing capture = new Outgoing(report.reportId(), json, report, Optional.of(dump));
        Map<String, String> fields = BreakpadFields.of(report, Product.of(report, Map.of()), "c");
        MultipartBody body = BreakpadFields.body(capture, fields, dump);
        List<MultipartReader.Part> parts = MultipartReader.parse(MultipartBodyTest.bytes(body), body.boundary());
        assertEquals(fields.size() + 2, parts.size());
        MultipartReader.Part reportPart = parts.get(fields.size());
        MultipartReader.Part dumpPart = parts.get(fields.size() + 1);
        assertEquals("wercli_report", reportPart.name());
        assertEquals("00000000-0000-0000-0000-000000000001.json", reportPart.fileName());
        assertEquals("application/json", reportPart.contentType());
        assertArrayEquals(json, reportPart.content());
        assertEquals("upload_file_minidump", dumpPart.name());
        assertEquals("crashy.exe_20261122-051204.927_pid328.dmp", dumpPart.fileName());
        assertEquals("application/octet-stream", dumpPart.contentType());
        assertEquals(MultipartBodyTest.sha256(dumpBytes), MultipartBodyTest.sha256(dumpPart.content()));

        Path noExtension = Files.write(dir.resolve("capture-7"), new byte[]{1, 2});
        MultipartBody other = BreakpadFields.body(capture, Map.of(), noExtension);
        assertEquals("capture-7.dmp",
                MultipartReader.parse(MultipartBodyTest.bytes(other), other.boundary()).get(1).fileName());
    }
}
