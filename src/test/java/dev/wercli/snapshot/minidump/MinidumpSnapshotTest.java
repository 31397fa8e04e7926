package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.ThreadInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.wercli.snapshot.minidump.SampleDumps.*;
import static org.junit.jupiter.api.Assertions.*;

/** The report's view of a dump: what a dump holds is filled, what it does not is empty. */
class MinidumpSnapshotTest {
    private static MinidumpSnapshot snapshot(DumpBuilder b) {
        return new MinidumpSnapshot(MinidumpReader.read(DumpBytes.of(b.build())));
    }

    @Test
    void processComesFromMiscInfoSystemInfoAndTheFirstModule() {
        ProcessInfo p = snapshot(SampleDumps.x64()).process();
        assertEquals(PID, p.pid());
        assertEquals(Architecture.X64, p.architecture());
        assertEquals(Optional.of("C:\\apps\\crashy.exe"), p.imagePath());
        assertEquals(Optional.of("crashy.exe"), p.imageName());
        assertEquals(Optional.empty(), p.commandLine(), "a dump has no command line");
        assertEquals(Optional.of(1_700_000_000L), p.createTimeEpochSeconds());
    }

    @Test
    void withoutMiscInfoThePidIsZeroAndTimesAbsent() {
        DumpBuilder b = new DumpBuilder().systemInfo(DumpBuilder.ARCH_AMD64);
        ProcessInfo p = snapshot(b).process();
        assertEquals(0, p.pid());
        assertEquals(Optional.empty(), p.createTimeEpochSeconds());
        assertEquals(Optional.empty(), p.imagePath());
    }

    @Test
    void exceptionIsTheDumpsExceptionStreamWithItsContext() {
        ExceptionInfo e = snapshot(SampleDumps.x64()).exception().orElseThrow();
        assertEquals(0xC0000005, e.code());
        assertEquals(CRASH_RIP, e.address());
        assertEquals(List.of(1L, 0x10L), e.parameters());
        assertEquals(CRASH_TID, e.threadId());
        assertEquals(ExceptionSource.MINIDUMP, e.source());
        assertFalse(e.firstChance());
        assertEquals(CRASH_RIP, e.context().orElseThrow().instructionPointer());
    }

    /** An AMD64 CONTEXT whose SegCs (+0x38) selects 32-bit code, as a 64-bit debugger sees a 32-bit thread. */
    private static byte[] context32BitCode(long eip, long esp) {
        byte[] c = DumpBuilder.amd64Context(eip, esp, esp + 0x18, 0);
        java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(0x38, (short) 0x23);
        return c;
    }

    @Test
    void anX64DumpOfA32BitProcessIsReadAsX86() {
        // As Wine's 64-bit dbghelp writes a 32-bit process: cs 0x23 contexts; the faulting thread's captured
        // stack is its 64-bit one, away from ESP; the other thread's holds ESP.
        byte[] crash = context32BitCode(0x40170E, 0x63FE30);
        DumpBuilder b = new DumpBuilder().systemInfo(DumpBuilder.ARCH_AMD64);
        b.threadList(false, new DumpBuilder.Thread(0x24, 0, 0x22F000, pattern(0x100, 0), crash),
                new DumpBuilder.Thread(0x28, 0, 0x73F000, pattern(0x1000, 1), context32BitCode(0x7B012866, 0x73FE00)));
        b.exception(0x24, 0xC0000005, 0x40170E, new long[] {1, 0x10}, crash);
        MinidumpSnapshot s = snapshot(b);
        assertEquals(Architecture.X86, s.process().architecture());
        assertEquals(Architecture.X86, s.exception().orElseThrow().context().orElseThrow().architecture());
        assertEquals(0x40170E, s.exception().orElseThrow().context().orElseThrow().register("eip"));
        assertEquals(Optional.empty(), s.threads().get(0).stackBase(), "the 64-bit stack would end an x86 walk");
        assertEquals(Optional.of(0x740000L), s.threads().get(1).stackBase());
    }

    @Test
    void threadsTakeStackBoundsFromTheTebWhenTheDumpHoldsIt() {
        List<ThreadInfo> threads = snapshot(SampleDumps.x64()).threads();
        assertEquals(List.of(CRASH_TID, OTHER_TID), threads.stream().map(ThreadInfo::id).toList());
        assertEquals(Optional.of(TEB_STACK_BASE), threads.get(0).stackBase());
        assertEquals(Optional.of(TEB_STACK_LIMIT), threads.get(0).stackLimit());
        // No TEB: the base is the end of the captured stack, the limit unknown.
        assertEquals(Optional.of(STACK_START + 0x10000 + 0x100), threads.get(1).stackBase());
        assertEquals(Optional.empty(), threads.get(1).stackLimit());
    }

    @Test
    void modulesAndModuleLookup() {
        MinidumpSnapshot s = snapshot(SampleDumps.x64());
        ModuleInfo exe = s.modules().get(0);
        assertEquals("crashy.exe", exe.name());
        assertEquals(Optional.of(0x6553F100), exe.identity().timeDateStamp());
        assertEquals(Optional.of(0xABCDE), exe.identity().checksum());
        assertEquals("123456789ABCDEF001020304050607083", exe.identity().pdb().orElseThrow().symbolServerId(),
                "the dump's CodeView record reaches the snapshot");
        assertEquals("ntdll.dll", s.moduleAt(NTDLL_BASE + 0x9D0).orElseThrow().name());
        assertEquals("crashy.exe", s.moduleAt(CRASH_RIP).orElseThrow().name());
    }

    @Test
    void memoryReaderServesTheDumpsMemory() {
        assertArrayEquals(pattern(0x20, 0x40), snapshot(SampleDumps.x64()).memory().read(EXE_BASE + 0x1000, 0x20)
                .orElseThrow());
    }
}
