package dev.wercli.report;

import dev.wercli.fixtures.Bytes;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.SimpleSnapshot;
import dev.wercli.snapshot.ThreadInfo;
import dev.wercli.snapshot.layout.ContextDecoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The report's JSON, compared with golden files. To accept an intended change, run with
 * -Dgolden.update=true and review the diff of src/test/resources/golden.
 */
class ReportGoldenTest {
    static SimpleSnapshot avWrite(boolean exceptionInModule) {
        var ctx = ContextDecoder.amd64(ByteBuffer.wrap(Bytes.amd64Context(0x14000162FL, 0x21FCD0L, 0x21FCF0L, 0)));
        long address = exceptionInModule ? 0x14000162FL : 0x7FF0DEAD0000L;
        List<Long> params = exceptionInModule ? List.of(1L, 0x10L) : List.of(8L, 0x7FF0DEAD0000L);
        var ex = new ExceptionInfo(0xC0000005, 0, address, params, false, 332, Optional.of(ctx),
                ExceptionSource.SECOND_CHANCE_EVENT);
        var process = new ProcessInfo(328, Optional.of("C:\\apps\\crashy.exe"),
                Optional.of("\"C:\\apps\\crashy.exe\" av-write"), Architecture.X64, Optional.empty());
        return new SimpleSnapshot(process, Optional.of(ex),
                List.of(ThreadInfo.of(332, Optional.of(ctx)), ThreadInfo.of(340, Optional.empty())),
                List.of(ModuleInfo.of("C:\\apps\\crashy.exe", 0x140000000L, 0x40000),
                        ModuleInfo.of("C:\\windows\\system32\\ntdll.dll", 0x170000000L, 0x361000)),
                MemoryReader.NONE);
    }

    static CaptureFacts facts() {
        return new CaptureFacts("00000000-0000-0000-0000-000000000001", Instant.parse("2026-11-22T05:12:04.927Z"),
                CaptureFacts.CAPTURED,
                new CrashReport.Dump("C:\\dumps\\crashy.exe_20261122-051204.927_pid328.dmp", "mini", "0x00001964",
                        131691L, "ab".repeat(32)),
                new CrashReport.Timings(1098L, 142L, 1532L, 2900L), List.of("crashy: breadcrumb 1"), List.of());
    }

    @Test
    void accessViolationInAModule() throws IOException {
        assertGolden("av-write.json", ReportJson.write(new ReportBuilder("0.1.0").build(avWrite(true), facts())));
    }

    @Test
    void jumpIntoNowhereHasAnUnknownFaultingModule() throws IOException {
        assertGolden("exec-bad.json", ReportJson.write(new ReportBuilder("0.1.0").build(avWrite(false), facts())));
    }

    @Test
    void aFailureRecordWithNothingKnownButThePid() throws IOException {
        var bare = new SimpleSnapshot(new ProcessInfo(77777, Optional.empty(), Optional.empty(), Architecture.UNKNOWN,
                Optional.empty()), Optional.empty(), List.of(), List.of(), MemoryReader.NONE);
        var failed = new CaptureFacts("00000000-0000-0000-0000-000000000002", Instant.parse("2026-11-22T05:20:00Z"),
                CaptureFacts.FAILED, null, new CrashReport.Timings(null, null, null, 12L), List.of(),
                List.of(new CrashReport.Error("attach", "cannot attach to process 77777: no such process")));
        assertGolden("attach-failed.json", ReportJson.write(new ReportBuilder("0.1.0").build(bare, failed)));
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        try (InputStream in = ReportGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            String expected = in == null ? "(missing golden file " + file + ")" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected.replace("\r\n", "\n"), actual.replace("\r\n", "\n"), "golden " + name);
        }
    }
}
