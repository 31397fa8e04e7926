package dev.wercli.report;

import dev.wercli.report.testing.SampleCrash;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report fields the deeper analysis adds, on a hand-made crash (see {@link SampleCrash}). */
class ReportAnalysisTest {
    static CaptureFacts facts() {
        return new CaptureFacts("test-report", Instant.parse("2026-11-22T05:00:00Z"), CaptureFacts.CAPTURED,
                new CrashReport.Dump("C:\\dumps\\app.dmp", "mini", "0x00001964", 1234L, "ab".repeat(32)),
                new CrashReport.Timings(1L, 2L, 3L, 6L), List.of("hello from app"), List.of());
    }

    static CrashReport report(ReportOptions options) {
        return new ReportBuilder("0.1.0-test", options).build(SampleCrash.snapshot(), facts());
    }

    @Test
    void theCrashStackNamesEachFrameAndHowItWasFound() {
        CrashReport.Stack stack = report(ReportOptions.DEFAULT).crashStack();
        assertEquals(SampleCrash.FAULTING_THREAD, stack.threadId());
        assertEquals(List.of("fake.dll!Alpha+0x10", "app.exe!Beta+0x20"),
                stack.frames().stream().map(CrashReport.Frame::location).toList());
        assertEquals(List.of("context", "unwind"), stack.frames().stream().map(CrashReport.Frame::trust).toList());
        assertEquals("end_of_stack", stack.stopReason());
    }

    @Test
    void theFaultingModuleHasItsSymbolAndIdentity() {
        CrashReport.FaultingModule m = report(ReportOptions.DEFAULT).faultingModule();
        assertEquals("fake.dll", m.name());
        assertEquals("0x1010", m.offset());
        assertEquals("Alpha+0x10", m.symbol());
        assertEquals("1.2.3.4", m.version());
        assertEquals("0x11112222", m.timestamp());
    }

    @Test
    void modulesCarryWhatASymbolServerNeeds() {
        CrashReport.Module dll = report(ReportOptions.DEFAULT).modules().get(1);
        assertEquals(new CrashReport.Module("fake.dll", "0x00007ff810000000", "0x3000", "C:\\app\\fake.dll", "1.2.3.4",
                "0x11112222", "0x00012345", new CrashReport.Pdb("C:\\build\\fake.pdb",
                "{11223344-5566-7788-99AA-BBCCDDEEFF01}", 3, "112233445566778899AABBCCDDEEFF013")), dll);
    }

    @Test
    void theSignatureBucketsByModuleOffsetAndCode() {
        CrashReport.Signature s = report(ReportOptions.DEFAULT).signature();
        assertEquals("app.exe", s.appName());
        assertEquals("fake.dll", s.moduleName());
        assertEquals("0x1010", s.offset());
        assertEquals("0xC0000005", s.exceptionCode());
        assertEquals(16, s.bucketId().length());
    }

    @Test
    void otherThreadsAreWalkedOnlyWhenAsked() {
        assertTrue(report(ReportOptions.DEFAULT).threadStacks().isEmpty());
        List<CrashReport.Stack> others = report(ReportOptions.DEFAULT.withAllThreadStacks(true)).threadStacks();
        assertEquals(1, others.size());
        assertEquals(SampleCrash.OTHER_THREAD, others.get(0).threadId());
        assertEquals(List.of("fake.dll!Beta+0x30", "fake.dll!Beta+0x5"),
                others.get(0).frames().stream().map(CrashReport.Frame::location).toList());
    }

    @Test
    void aFailingAnalysisPartCostsOnlyThatPart() {
        CrashReport r = new ReportBuilder("0.1.0-test").build(SampleCrash.snapshot((address, length) -> {
            throw new IllegalStateException("reader exploded");
        }), facts());
        assertEquals("0xC0000005", r.exception().code());
        assertEquals("fake.dll", r.faultingModule().name());
        assertNull(r.crashStack());
        assertTrue(r.errors().stream().anyMatch(e -> e.stage().equals("report") && e.message().contains("stack walk")),
                r.errors().toString());
    }
}
