package dev.wercli.report;

import dev.wercli.report.testing.SampleX86Crash;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A 32-bit crash gets as complete a report as a 64-bit one (see {@link SampleX86Crash}). */
class X86ReportTest {
    static final long IN_ALPHA = SampleX86Crash.DLL + 0x1010;

    static CrashReport report(long faultAddress) {
        return new ReportBuilder("0.1.0-test").build(SampleX86Crash.snapshot(faultAddress), ReportAnalysisTest.facts());
    }

    @Test
    void theProcessAndRegistersAreX86() {
        CrashReport r = report(IN_ALPHA);
        assertEquals("x86", r.process().architecture());
        assertEquals(List.of("eip", "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eflags",
                "cs", "ds", "es", "fs", "gs", "ss"), List.copyOf(r.registers().keySet()));
        assertEquals("0x0000000010001010", r.registers().get("eip"));
        assertEquals("0x0000000000010246", r.registers().get("eflags"));
        assertEquals("0x0000000000000053", r.registers().get("fs"));
    }

    @Test
    void theStackIsWalkedThroughTheFramePointer() {
        CrashReport.Stack stack = report(IN_ALPHA).crashStack();
        assertEquals(List.of("fake.dll!Alpha+0x10", "app32.exe!Beta+0x25"),
                stack.frames().stream().map(CrashReport.Frame::location).toList());
        assertEquals(List.of("context", "frame_pointer"), stack.frames().stream().map(CrashReport.Frame::trust).toList());
        assertEquals("end_of_stack", stack.stopReason());
    }

    @Test
    void theFaultingModuleAndModulesCarryTheirPe32Identity() {
        CrashReport r = report(IN_ALPHA);
        assertEquals("fake.dll", r.faultingModule().name());
        assertEquals("0x1010", r.faultingModule().offset());
        assertEquals("Alpha+0x10", r.faultingModule().symbol());
        assertEquals("1.2.3.4", r.faultingModule().version());
        assertEquals("0x5a5a0002", r.faultingModule().timestamp());
        CrashReport.Module dll = r.modules().get(1);
        assertEquals("0x00012345", dll.checksum());
        assertEquals("112233445566778899AABBCCDDEEFF013", dll.pdb().symbolServerId());
    }

    @Test
    void aFaultOutsideEveryModuleIsBucketedAtTheFramePointerCaller() {
        CrashReport.Signature s = report(0x0BAD_0000L).signature();
        assertEquals("caller_frame", s.moduleSource());
        assertEquals("app32.exe", s.moduleName());
        assertEquals("0x1125", s.offset());
        assertEquals("1.2.3.4", s.appVersion());
    }
}
