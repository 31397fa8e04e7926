package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.PdbIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static dev.wercli.snapshot.minidump.SampleDumps.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every stream of a well-formed synthetic dump decodes to the values the builder wrote. */
class MinidumpReaderTest {
    private static Minidump read(DumpBuilder b) {
        return MinidumpReader.read(DumpBytes.of(b.build()));
    }

    @Test
    void aCompleteX64DumpDecodesWithoutProblems() {
        Minidump d = read(SampleDumps.x64());
        assertEquals(List.of(), d.problems());
        assertFalse(d.partial());
        assertEquals(0xA793, d.header().version());
        assertEquals(0x1826, d.header().flags());
        assertEquals(14, d.streams().size());
    }

    @Test
    void systemInfoGivesTheMachineAndOs() {
        SystemInfo s = read(SampleDumps.x64()).systemInfo().orElseThrow();
        assertEquals(Architecture.X64, s.architecture());
        assertEquals(4, s.numberOfProcessors());
        assertEquals(10, s.majorVersion());
        assertEquals(19045, s.buildNumber());
        assertEquals(Optional.of("Service Pack 9"), s.csdVersion());
        assertEquals(Optional.of("GenuineIntel"), s.cpuVendor());
    }

    @Test
    void threadsCarryIdsTebStacksAndDecodedContexts() {
        Minidump d = read(SampleDumps.x64());
        assertEquals(2, d.threads().size());
        MinidumpThread t = d.threads().get(0);
        assertEquals(CRASH_TID, t.id());
        assertEquals(TEB, t.teb());
        assertEquals(STACK_START, t.stackStart());
        assertEquals(0x200, t.stackSize());
        CpuContext c = t.context().orElseThrow();
        assertEquals(Architecture.X64, c.architecture());
        assertEquals(CRASH_RIP, c.instructionPointer());
        assertEquals(STACK_START + 0x100, c.stackPointer());
        assertEquals(0xF15L, c.register("r15"));
        assertEquals(0x33, c.register("cs"));
        assertEquals(NTDLL_BASE + 0x9D0, d.threads().get(1).context().orElseThrow().instructionPointer());
        // The stack bytes are readable through the memory index.
        assertArrayEquals(pattern(0x200, 0), d.memory().read(STACK_START, 0x200).orElseThrow());
    }

    @Test
    void threadExListIsReadWithItsLargerEntries() {
        DumpBuilder b = new DumpBuilder().systemInfo(DumpBuilder.ARCH_AMD64);
        b.threadList(true, new DumpBuilder.Thread(5, 0, 0x1000, pattern(16, 0), DumpBuilder.amd64Context(0xAB, 0, 0, 0)),
                new DumpBuilder.Thread(6, 0, 0x2000, pattern(16, 0), DumpBuilder.amd64Context(0xCD, 0, 0, 0)));
        Minidump d = read(b);
        assertEquals(List.of(), d.problems());
        assertEquals(List.of(5, 6), d.threadsEx().stream().map(MinidumpThread::id).toList());
        assertEquals(0xCD, d.threadsEx().get(1).context().orElseThrow().instructionPointer());
    }

    @Test
    void modulesCarryNamesVersionsAndPdbIdentity() {
        Minidump d = read(SampleDumps.x64());
        MinidumpModule exe = d.modules().get(0);
        assertEquals("C:\\apps\\crashy.exe", exe.name());
        assertEquals(EXE_BASE, exe.base());
        assertEquals(0x40000, exe.size());
        assertEquals(Optional.of(0x6553F100), exe.identity().timeDateStamp());
        assertEquals(Optional.of(0xABCDE), exe.identity().checksum());
        assertEquals(Optional.of(new FileVersion(1, 2, 3, 4)), exe.identity().fileVersion());
        assertEquals(Optional.of(new FileVersion(1, 2, 3, 5)), exe.productVersion());
        PdbIdentity cv = exe.identity().pdb().orElseThrow();
        assertEquals("C:\\build\\crashy.pdb", cv.fileName());
        assertEquals("{12345678-9ABC-DEF0-0102-030405060708}", cv.guid());
        assertEquals(3, cv.age());
        assertEquals("123456789ABCDEF001020304050607083", cv.symbolServerId());
        MinidumpModule ntdll = d.modules().get(1);
        assertEquals(Optional.empty(), ntdll.identity().fileVersion(), "no VS_FIXEDFILEINFO signature, no version");
        assertEquals(Optional.empty(), ntdll.identity().pdb());
    }

    @Test
    void unloadedModulesAreListed() {
        UnloadedModule u = read(SampleDumps.x64()).unloadedModules().get(0);
        assertEquals("C:\\Windows\\System32\\gone.dll", u.name());
        assertEquals(0x7FFD_0000_0000L, u.base());
        assertEquals(0x20000, u.size());
    }

    @Test
    void exceptionStreamGivesRecordThreadAndContext() {
        MinidumpException e = read(SampleDumps.x64()).exception().orElseThrow();
        assertEquals(CRASH_TID, e.threadId());
        assertEquals(0xC0000005, e.record().code());
        assertEquals(1, e.record().flags());
        assertEquals(CRASH_RIP, e.record().address());
        assertEquals(List.of(1L, 0x10L), e.record().parameters());
        assertEquals(CRASH_RIP, e.context().orElseThrow().instructionPointer());
    }

    @Test
    void memoryInfoHandlesThreadInfoAndCommentsAreDecoded() {
        Minidump d = read(SampleDumps.x64());
        MemoryInfo mi = d.memoryInfo().get(0);
        assertEquals(EXE_BASE, mi.baseAddress());
        assertEquals(0x40000, mi.regionSize());
        assertEquals(0x1000, mi.state());
        assertEquals(0x20, mi.protect());
        assertEquals(0x1000000, mi.type());
        HandleDescriptor h = d.handles().get(0);
        assertEquals(0x44, h.handle());
        assertEquals(Optional.of("Event"), h.typeName());
        assertEquals(Optional.of("\\BaseNamedObjects\\wercli-test"), h.objectName());
        assertEquals(0x1F0003, h.grantedAccess());
        ThreadInfoEntry ti = d.threadInfo().get(0);
        assertEquals(CRASH_TID, ti.threadId());
        assertEquals(0x103, ti.exitStatus());
        assertEquals(EXE_BASE + 0x1400, ti.startAddress());
        assertEquals(List.of("written by DumpBuilder", "wide \u00e9t\u00e9 comment"), d.comments());
    }

    @Test
    void unknownStreamsAreListedNotFatal() {
        Minidump d = read(SampleDumps.x64());
        assertEquals(List.of("0xfff0"), d.unknownStreams().stream().map(StreamEntry::name).toList());
        assertEquals(4, d.unknownStreams().get(0).dataSize());
    }

    @Test
    void x86DumpDecodesContextsAndMasksSignExtendedAddresses() {
        Minidump d = read(SampleDumps.x86());
        assertEquals(List.of(), d.problems());
        assertEquals(Architecture.X86, d.systemInfo().orElseThrow().architecture());
        CpuContext c = d.threads().get(0).context().orElseThrow();
        assertEquals(Architecture.X86, c.architecture());
        assertEquals(0x0040_1A2B, c.instructionPointer());
        assertEquals(0x0019_FF00, c.stackPointer());
        assertEquals(0x0019_FF40, c.framePointer());
        assertEquals(0xDEAD, c.register("eax"));
        MinidumpException e = d.exception().orElseThrow();
        assertEquals(0x8040_1A2BL, e.record().address());
        assertEquals(List.of(0x8000_0001L), e.record().parameters());
        assertEquals(Optional.of(new FileVersion(5, 6, 7, 8)), d.modules().get(0).identity().fileVersion());
    }

    @Test
    void contextArchitectureFollowsItsSizeWhenSystemInfoIsMissing() {
        DumpBuilder b = new DumpBuilder();
        b.threadList(false, new DumpBuilder.Thread(1, 0, 0x1000, new byte[0], DumpBuilder.x86Context(0x401000, 0, 0, 0)),
                new DumpBuilder.Thread(2, 0, 0x2000, new byte[0], DumpBuilder.amd64Context(0x140001000L, 0, 0, 0)));
        Minidump d = read(b);
        assertEquals(Architecture.X86, d.threads().get(0).context().orElseThrow().architecture());
        assertEquals(0x140001000L, d.threads().get(1).context().orElseThrow().instructionPointer());
    }

    /** MiscInfo versions 1 (Wine's 24 bytes) to 5: each exposes exactly the fields its size holds. */
    @ParameterizedTest
    @ValueSource(ints = {24, 44, 232, 832, 1364})
    void miscInfoOfEveryVersion(int size) {
        MiscInfo m = read(new DumpBuilder().miscInfo(size, 0x1 | 0x2 | 0x4 | 0x10 | 0x20 | 0x100 | 0x200, 31337))
                .miscInfo().orElseThrow();
        int version = List.of(24, 44, 232, 832, 1364).indexOf(size) + 1;
        assertEquals(version, m.version());
        assertEquals(Optional.of(31337), m.processId());
        assertEquals(Optional.of(1_700_000_000L), m.processCreateTime());
        assertEquals(Optional.of(7L), m.processUserTime());
        assertEquals(version >= 2 ? Optional.of(3000L) : Optional.empty(), m.processorMaxMhz());
        assertEquals(version >= 3 ? Optional.of(0x2000L) : Optional.empty(), m.processIntegrityLevel());
        assertEquals(version >= 3 ? Optional.of(0x4DL) : Optional.empty(), m.processExecuteFlags());
        assertEquals(version >= 4 ? Optional.of("19041.1.amd64fre.vb_release.191206-1406") : Optional.empty(),
                m.buildString());
        assertEquals(version >= 5 ? Optional.of(0xC0C0AL) : Optional.empty(), m.processCookie());
    }

    @Test
    void miscInfoFieldsAreAbsentWhenTheirFlagIsClear() {
        MiscInfo m = read(new DumpBuilder().miscInfo(232, 0x2, 1)).miscInfo().orElseThrow();
        assertEquals(Optional.empty(), m.processId());
        assertEquals(Optional.of(1_700_000_000L), m.processCreateTime());
        assertEquals(Optional.empty(), m.processIntegrityLevel());
    }

    @Test
    void memoryListPaddedCountIsAccepted() {
        // Some writers pad the 4-byte count to 8 bytes; the size is then exactly 4 bytes larger.
        DumpBuilder b = new DumpBuilder();
        int dataRva = b.data(pattern(0x20, 9));
        DumpBuilder.Blob list = new DumpBuilder.Blob().u32(1).u32(0).u64(0x5000).u32(0x20).u32(dataRva);
        Minidump d = read(b.raw(5, list.toBytes()));
        assertEquals(List.of(), d.problems());
        assertArrayEquals(pattern(0x20, 9), d.memory().read(0x5000, 0x20).orElseThrow());
    }
}
