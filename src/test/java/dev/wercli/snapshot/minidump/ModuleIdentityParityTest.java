package dev.wercli.snapshot.minidump;

import dev.wercli.report.CrashReport;
import dev.wercli.report.ReportBuilder;
import dev.wercli.report.testing.FakeMemory;
import dev.wercli.report.testing.SampleImages;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.SimpleSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A live capture reads a module's identity from its image in memory; {@code analyze} of a Windows-written mini
 * dump has none of the image, only the module record (VS_FIXEDFILEINFO, TimeDateStamp, CheckSum and a CvRecord
 * pointing at the RSDS record dbghelp copied). Both must report the same identity. The dump's record is written
 * with the values {@link SampleImages#full()} puts in the image, each side at its own documented offsets.
 */
class ModuleIdentityParityTest {
    private static final long BASE = 0x7FF6_1000_0000L;
    private static final String PATH = "C:\\app\\fake.dll";

    private static CrashReport.Module live() {
        SimpleSnapshot s = new SimpleSnapshot(new ProcessInfo(1, Optional.of(PATH), Optional.empty(), Architecture.X64,
                Optional.empty()), Optional.empty(), List.of(), List.of(ModuleInfo.of(PATH, BASE, 0x3000)),
                new FakeMemory().map(BASE, SampleImages.full().array()));
        return new ReportBuilder("test").analyze(s).modules().get(0);
    }

    private static CrashReport.Module fromDump(DumpBuilder dump) {
        Minidump d = MinidumpReader.read(DumpBytes.of(dump.build()));
        assertEquals(List.of(), d.problems());
        return new ReportBuilder("test").analyze(new MinidumpSnapshot(d)).modules().get(0);
    }

    @Test
    void analyzeOfAModuleRecordReportsWhatTheLiveImageStates() {
        CrashReport.Module live = live();
        assertNotNull(live.pdb(), "the live side must find the image's CodeView record, or this proves nothing");
        assertEquals(live, fromDump(SampleDumps.codeViewModule(BASE, PATH)));
    }

    @Test
    void theSymbolServerFormIsBreakpadsDebugIdentifier() {
        CrashReport.Pdb pdb = fromDump(SampleDumps.codeViewModule(BASE, PATH)).pdb();
        assertEquals("112233445566778899AABBCCDDEEFF013", pdb.symbolServerId());
        assertEquals("{11223344-5566-7788-99AA-BBCCDDEEFF01}", pdb.guid());
        assertEquals("C:\\build\\fake.pdb", pdb.file());
    }

    @Test
    void aDumpThatAlsoHoldsTheImageStillReportsTheSameIdentity() {
        DumpBuilder both = SampleDumps.codeViewModule(BASE, PATH).memoryList(new DumpBuilder.Range(BASE, SampleImages.full().array()));
        assertEquals(live(), fromDump(both));
    }
}
