package dev.wercli.analysis.stack;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.report.testing.ByteImage;
import dev.wercli.report.testing.FakeMemory;
import dev.wercli.report.testing.SyntheticPe;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.MemoryReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * x86 stack walks over two hand-made PE32 modules and a stack. app.exe (at 0x400000) exports main (0x1000)
 * and helper (0x1100); lib.dll (at 0x10000000) exports Work (0x1000) and Leaf (0x1100). Call sites are
 * hand-assembled (Intel SDM): main calls helper with {@code call [disp32]} (FF 15, 6 bytes) ending at
 * main+0x45; helper calls into lib.dll with {@code call rel32} (E8, 5 bytes) ending at helper+0x35.
 * The frames of main and helper use EBP (push ebp; mov ebp,esp): [ebp] saved EBP, [ebp+4] return address.
 */
class X86StackWalkerTest {
    static final long APP = 0x40_0000L;
    static final long LIB = 0x1000_0000L;
    static final long STACK = 0x19_0000L;
    static final int STACK_SIZE = 0x2000;
    /** EBP of helper's frame and of main's frame. */
    static final long HELPER_EBP = STACK + 0x200;
    static final long MAIN_EBP = STACK + 0x300;
    static final long RET_INTO_HELPER = APP + 0x1135;
    static final long RET_INTO_MAIN = APP + 0x1045;

    final SyntheticPe app = exporting("main", "helper");
    final SyntheticPe lib = exporting("Work", "Leaf");
    final ByteImage stack = new ByteImage(STACK_SIZE);

    X86StackWalkerTest() {
        app.bytes().bytes(0x103F, 0xFF, 0x15, 0x00, 0x20, 0x40, 0x00);   // main+0x3F: call [0x402000]
        app.bytes().bytes(0x1130, 0xE8, 0xCB, 0xFE, 0xBF, 0x0F);        // helper+0x30: call lib.dll!Work
        put(HELPER_EBP, MAIN_EBP);
        put(HELPER_EBP + 4, RET_INTO_MAIN);
        put(MAIN_EBP, 0);                                               // main's caller: the end of the stack
        put(MAIN_EBP + 4, 0);
    }

    /** A PE32 image exporting {@code names[i]} at 0x1000 + 0x100*i (IMAGE_EXPORT_DIRECTORY at 0x2000). */
    static SyntheticPe exporting(String... names) {
        SyntheticPe pe = SyntheticPe.pe32(0x3000, 0x40_0000);
        ByteImage b = pe.bytes();
        pe.directory(SyntheticPe.DIR_EXPORT, 0x2000, 0x100);
        b.u32(0x2000 + 20, names.length).u32(0x2000 + 24, names.length).u32(0x2000 + 28, 0x2040)
                .u32(0x2000 + 32, 0x2060).u32(0x2000 + 36, 0x2080);
        for (int i = 0; i < names.length; i++) {
            b.u32(0x2040 + 4 * i, 0x1000 + 0x100 * i).u32(0x2060 + 4 * i, 0x20A0 + 0x10 * i)
                    .u16(0x2080 + 2 * i, i).cString(0x20A0 + 0x10 * i, names[i]);
        }
        return pe;
    }

    void put(long address, long value) {
        stack.u32((int) (address - STACK), value);
    }

    List<ModuleInfo> modules() {
        return List.of(ModuleInfo.of("C:\\app\\app.exe", APP, 0x3000), ModuleInfo.of("C:\\app\\lib.dll", LIB, 0x3000));
    }

    ModuleImages images() {
        return new ModuleImages(modules(), new FakeMemory().map(APP, app.array()).map(LIB, lib.array())
                .map(STACK, stack.array()));
    }

    static CpuContext context(long eip, long esp, long ebp) {
        Map<String, Long> r = new LinkedHashMap<>();
        r.put("eip", eip);
        r.put("esp", esp);
        r.put("ebp", ebp);
        return new CpuContext(Architecture.X86, r);
    }

    StackTrace walk(ModuleImages images, CpuContext context) {
        return new X86StackWalker(images, WalkLimits.DEFAULT).walk(3, Optional.of(context), Optional.empty());
    }

    static List<String> locations(StackTrace trace) {
        return trace.frames().stream().map(StackFrame::location).toList();
    }

    static List<FrameTrust> trusts(StackTrace trace) {
        return trace.frames().stream().map(StackFrame::trust).toList();
    }

    /** lib.dll!Work set up its frame (push ebp; mov ebp,esp) and faulted inside it. */
    void workFrame(long ebp) {
        put(ebp, HELPER_EBP);
        put(ebp + 4, RET_INTO_HELPER);
    }

    @Test
    void followsTheEbpChainThroughTwoModules() {
        long ebp = STACK + 0x100;
        workFrame(ebp);
        StackTrace trace = walk(images(), context(LIB + 0x1020, STACK + 0xF0, ebp));
        assertEquals(List.of("lib.dll!Work+0x20", "app.exe!helper+0x35", "app.exe!main+0x45"), locations(trace));
        assertEquals(List.of(FrameTrust.CONTEXT, FrameTrust.FRAME_POINTER, FrameTrust.FRAME_POINTER), trusts(trace));
        assertEquals(List.of(STACK + 0xF0, ebp + 8, HELPER_EBP + 8),
                trace.frames().stream().map(StackFrame::stackPointer).toList());
        assertEquals(StackTrace.END, trace.stopReason());
    }

    @Test
    void withoutModuleMemoryTheChainIsCheckedByModuleAlone() {
        // A small dump holds the stack but no module images: no CALL can be checked, membership still is.
        long ebp = STACK + 0x100;
        workFrame(ebp);
        ModuleImages stackOnly = new ModuleImages(modules(), new FakeMemory().map(STACK, stack.array()));
        StackTrace trace = walk(stackOnly, context(LIB + 0x1020, STACK + 0xF0, ebp));
        assertEquals(List.of("lib.dll+0x1020", "app.exe+0x1135", "app.exe+0x1045"), locations(trace));
        assertEquals(StackTrace.END, trace.stopReason());
    }

    @Test
    void aFunctionWithoutFramePointerIsPassedByScanningForACallSite() {
        // Leaf (built without a frame pointer) saved helper's EBP and then used EBP for data.
        put(STACK + 0x100, APP + 0x1110);      // code, but no CALL before it: a stale value
        put(STACK + 0x104, APP + 0x2010);      // inside app.exe, not executable
        put(STACK + 0x108, HELPER_EBP);        // EBP pushed by Leaf
        put(STACK + 0x10C, RET_INTO_HELPER);
        StackTrace trace = walk(images(), context(LIB + 0x1110, STACK + 0x100, 0x4141_4141L));
        assertEquals(List.of("lib.dll!Leaf+0x10", "app.exe!helper+0x35", "app.exe!main+0x45"), locations(trace));
        assertEquals(List.of(FrameTrust.CONTEXT, FrameTrust.SCAN, FrameTrust.FRAME_POINTER), trusts(trace));
        assertEquals(STACK + 0x110, trace.frames().get(1).stackPointer());
        assertEquals(StackTrace.END, trace.stopReason());
    }

    @Test
    void aChainLinkThatIsNotAReturnAddressIsRejected() {
        long ebp = STACK + 0x100;
        put(ebp, HELPER_EBP);
        put(ebp + 4, APP + 0x1110);            // code not preceded by a CALL
        StackTrace trace = walk(images(), context(LIB + 0x1020, STACK + 0xF0, ebp));
        assertFalse(locations(trace).contains("app.exe!helper+0x10"), locations(trace).toString());
        assertEquals("app.exe!main+0x45", trace.frames().get(1).location(), "found by the scanner instead");
        assertEquals(FrameTrust.SCAN, trace.frames().get(1).trust());
    }

    @Test
    void aChainThatRunsBackwardsFallsBackToTheScanner() {
        long ebp = STACK + 0x100;
        workFrame(ebp);
        put(ebp, STACK + 0x80);                // Work's saved EBP points below Work's own frame
        StackTrace trace = walk(images(), context(LIB + 0x1020, STACK + 0xF0, ebp));
        assertEquals(List.of("lib.dll!Work+0x20", "app.exe!helper+0x35", "app.exe!main+0x45"), locations(trace));
        assertEquals(FrameTrust.SCAN, trace.frames().get(2).trust());
    }

    /**
     * app.exe with main (0x1000) calling mid (0x1200, EBP frame) with call rel32 ending at main+0x45, and mid
     * calling leaf (0x1100, no frame pointer) with call rel32 ending at mid+0x35. Leaf faults at leaf+0x10
     * with EBP still mid's: the chain's return address follows "call mid", a function past leaf's IP.
     */
    StackTrace walkThroughFramePointerlessLeaf(boolean leafsReturnAddressOnStack) {
        SyntheticPe code = exporting("main", "leaf", "mid");
        code.bytes().bytes(0x1040, 0xE8, 0xBB, 0x01, 0x00, 0x00);       // main+0x40: call mid
        code.bytes().bytes(0x1230, 0xE8, 0xCB, 0xFE, 0xFF, 0xFF);       // mid+0x30: call leaf
        long midEbp = STACK + 0x200;
        put(midEbp, MAIN_EBP);
        put(midEbp + 4, APP + 0x1045);
        put(STACK + 0x100, APP + 0x1045);      // a stale copy: follows "call mid", past leaf: not leaf's caller
        if (leafsReturnAddressOnStack) {
            put(STACK + 0x108, APP + 0x1235);
        }
        ModuleImages images = new ModuleImages(List.of(ModuleInfo.of("C:\\app\\app.exe", APP, 0x3000)),
                new FakeMemory().map(APP, code.array()).map(STACK, stack.array()));
        return walk(images, context(APP + 0x1110, STACK + 0x100, midEbp));
    }

    @Test
    void aCallerHiddenByAFramePointerlessFunctionIsFoundByItsDirectCall() {
        StackTrace trace = walkThroughFramePointerlessLeaf(true);
        assertEquals(List.of("app.exe!leaf+0x10", "app.exe!mid+0x35", "app.exe!main+0x45"), locations(trace));
        assertEquals(List.of(FrameTrust.CONTEXT, FrameTrust.SCAN, FrameTrust.FRAME_POINTER), trusts(trace));
        assertEquals(StackTrace.END, trace.stopReason());
    }

    @Test
    void withoutEvidenceOfTheHiddenCallerTheChainStands() {
        // e.g. leaf was reached by a tail jump from mid: no return address into mid is on the stack
        StackTrace trace = walkThroughFramePointerlessLeaf(false);
        assertEquals(List.of("app.exe!leaf+0x10", "app.exe!main+0x45"), locations(trace));
        assertEquals(FrameTrust.FRAME_POINTER, trace.frames().get(1).trust());
    }

    @Test
    void stoppedAtPushEbpTheReturnAddressIsAtEsp() {
        lib.bytes().u8(0x1000, 0x55);           // Work: push ebp (not yet run)
        put(STACK + 0x100, RET_INTO_HELPER);
        StackTrace trace = walk(images(), context(LIB + 0x1000, STACK + 0x100, HELPER_EBP));
        assertEquals(List.of("lib.dll!Work+0x0", "app.exe!helper+0x35", "app.exe!main+0x45"), locations(trace));
        assertEquals(List.of(FrameTrust.CONTEXT, FrameTrust.UNWIND, FrameTrust.FRAME_POINTER), trusts(trace));
    }

    @Test
    void stoppedAtMovEbpEspTheSavedEbpIsAtEsp() {
        lib.bytes().bytes(0x1000, 0x55, 0x8B, 0xEC); // Work: push ebp (done); mov ebp,esp (not yet run)
        put(STACK + 0x0FC, HELPER_EBP);
        put(STACK + 0x100, RET_INTO_HELPER);
        StackTrace trace = walk(images(), context(LIB + 0x1001, STACK + 0x0FC, 0x1234));
        assertEquals(List.of("lib.dll!Work+0x1", "app.exe!helper+0x35", "app.exe!main+0x45"), locations(trace));
        assertEquals(STACK + 0x104, trace.frames().get(1).stackPointer());
    }

    @Test
    void atRetImm16TheReturnAddressIsAtEspAndTheArgumentsArePopped() {
        lib.bytes().bytes(0x1110, 0xC2, 0x08, 0x00); // Leaf+0x10: ret 8 (stdcall, two arguments)
        put(STACK + 0x100, RET_INTO_HELPER);
        StackTrace trace = walk(images(), context(LIB + 0x1110, STACK + 0x100, HELPER_EBP));
        assertEquals(List.of("lib.dll!Leaf+0x10", "app.exe!helper+0x35", "app.exe!main+0x45"), locations(trace));
        assertEquals(FrameTrust.UNWIND, trace.frames().get(1).trust());
        assertEquals(STACK + 0x10C, trace.frames().get(1).stackPointer());
    }

    @Test
    void aZeroAtEspDoesNotEndTheStackAtTheTopFrame() {
        lib.bytes().bytes(0x1110, 0xC2, 0x08, 0x00); // ret 8, but [esp] holds 0 (as in a real WOW64 dump)
        long ebp = STACK + 0x100;
        workFrame(ebp);
        StackTrace trace = walk(images(), context(LIB + 0x1110, STACK + 0xF0, ebp));
        assertEquals(List.of("lib.dll!Leaf+0x10", "app.exe!helper+0x35", "app.exe!main+0x45"), locations(trace));
        assertEquals(FrameTrust.FRAME_POINTER, trace.frames().get(1).trust());
    }

    @Test
    void stopsAtTheDepthLimit() {
        // a recursion: each frame of helper returns into helper, EBP 0x10 further up every time
        for (int i = 0; i < 100; i++) {
            put(STACK + 0x400 + 0x10L * i, STACK + 0x410 + 0x10L * i);
            put(STACK + 0x404 + 0x10L * i, RET_INTO_HELPER);
        }
        StackTrace trace = new X86StackWalker(images(), new WalkLimits(16, 2048, Duration.ofSeconds(5)))
                .walk(3, Optional.of(context(APP + 0x1120, STACK + 0x3F0, STACK + 0x400)), Optional.empty());
        assertEquals(16, trace.frames().size());
        assertEquals(StackTrace.DEPTH_LIMIT, trace.stopReason());
    }

    @Test
    void stopsAtTheStackBase() {
        long ebp = STACK + 0x100;
        workFrame(ebp);
        StackTrace trace = new X86StackWalker(images(), WalkLimits.DEFAULT)
                .walk(3, Optional.of(context(LIB + 0x1020, STACK + 0xF0, ebp)), Optional.of(HELPER_EBP + 8));
        assertEquals(List.of("lib.dll!Work+0x20", "app.exe!helper+0x35"), locations(trace));
        assertEquals(StackTrace.END, trace.stopReason());
    }

    @Test
    void theScanReadsNoFurtherThanItsWordLimit() {
        put(STACK + 0x100 + 4 * 40, RET_INTO_HELPER); // 40 words up, past a 16-word limit
        CpuContext leaf = context(LIB + 0x1110, STACK + 0x100, 0);
        StackTrace bounded = new X86StackWalker(images(), new WalkLimits(64, 16, Duration.ofSeconds(5)))
                .walk(3, Optional.of(leaf), Optional.empty());
        assertEquals(1, bounded.frames().size());
        assertEquals(StackTrace.LOST, bounded.stopReason());
        assertEquals("app.exe!helper+0x35", walk(images(), leaf).frames().get(1).location());
    }

    @Test
    void aSpentTimeBudgetStopsTheWalk() {
        workFrame(STACK + 0x100);
        StackTrace trace = new X86StackWalker(images(), new WalkLimits(64, 2048, Duration.ZERO))
                .walk(3, Optional.of(context(LIB + 0x1020, STACK + 0xF0, STACK + 0x100)), Optional.empty());
        assertEquals(StackTrace.TIME_LIMIT, trace.stopReason());
    }

    @Test
    void anUnreadableStackIsLost() {
        MemoryReader nothing = (address, length) -> Optional.empty();
        StackTrace trace = walk(new ModuleImages(modules(), nothing), context(LIB + 0x1020, 0x10, 0x20));
        assertEquals(List.of("lib.dll+0x1020"), locations(trace));
        assertEquals(StackTrace.LOST, trace.stopReason());
    }
}
