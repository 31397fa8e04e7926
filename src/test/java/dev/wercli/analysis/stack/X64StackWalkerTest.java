package dev.wercli.analysis.stack;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.report.testing.ByteImage;
import dev.wercli.report.testing.FakeMemory;
import dev.wercli.report.testing.SyntheticPe;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ModuleInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stack walks over a hand-made module and stack. The module "test.dll" exports inner (0x1000), middle
 * (0x1100), outer (0x1200) and leafy (0x1300, no .pdata: a leaf). UNWIND_INFO bytes are written from the
 * x64 ABI documentation: +0 Version | Flags<<3, +1 SizeOfProlog, +2 CountOfCodes, +3 FrameRegister |
 * FrameOffset<<4, then 2-byte codes {CodeOffset, UnwindOp | OpInfo<<4} (operation numbers: 0 PUSH_NONVOL,
 * 1 ALLOC_LARGE, 2 ALLOC_SMALL, 3 SET_FPREG, 4 SAVE_NONVOL, 10 PUSH_MACHFRAME), last-executed first.
 */
class X64StackWalkerTest {
    static final long BASE = 0x7FF7_0000_0000L;
    static final long STACK = 0x5000_0000L;
    static final int STACK_SIZE = 0x2000;
    /** RSP of middle after its fixed allocation (middle also did a 0x40-byte alloca below it). */
    static final long M = STACK + 0x400;
    static final long RSP0 = M - 0x40 - 0x38;

    static int code(int offset, int op, int info) {
        return offset | (op | info << 4) << 8;
    }

    static void unwindInfo(ByteImage b, int rva, int flags, int prolog, int frameReg, int frameOffset, int... slots) {
        b.u8(rva, 1 | flags << 3).u8(rva + 1, prolog).u8(rva + 2, slots.length)
                .u8(rva + 3, frameReg | frameOffset << 4);
        for (int i = 0; i < slots.length; i++) {
            b.u16(rva + 4 + 2 * i, slots[i]);
        }
    }

    final SyntheticPe pe = new SyntheticPe(0x3000);
    final ByteImage img = pe.bytes();
    final ByteImage stack = new ByteImage(STACK_SIZE);

    X64StackWalkerTest() {
        // exports
        pe.directory(SyntheticPe.DIR_EXPORT, 0x2000, 0x100);
        img.u32(0x2000 + 20, 4).u32(0x2000 + 24, 4).u32(0x2000 + 28, 0x2040).u32(0x2000 + 32, 0x2060)
                .u32(0x2000 + 36, 0x2080);
        String[] names = {"inner", "middle", "outer", "leafy"};
        for (int i = 0; i < 4; i++) {
            img.u32(0x2040 + 4 * i, 0x1000 + 0x100 * i).u32(0x2060 + 4 * i, 0x20A0 + 0x10 * i)
                    .u16(0x2080 + 2 * i, i).cString(0x20A0 + 0x10 * i, names[i]);
        }
        // .pdata, sorted: inner, middle, outer (primary), outer (chained fragment); leafy has none
        pe.directory(SyntheticPe.DIR_EXCEPTION, 0x2200, 4 * 12);
        img.u32(0x2200, 0x1000).u32(0x2204, 0x1040).u32(0x2208, 0x2800);
        img.u32(0x220C, 0x1100).u32(0x2210, 0x1180).u32(0x2214, 0x2820);
        img.u32(0x2218, 0x1200).u32(0x221C, 0x1240).u32(0x2220, 0x2840);
        img.u32(0x2224, 0x1240).u32(0x2228, 0x1280).u32(0x222C, 0x2860);
        // inner: push rbx @1; sub rsp,0x28 @5; mov [rsp+0x10],rsi @10
        unwindInfo(img, 0x2800, 0, 10, 0, 0, code(10, 4, 6), 2, code(5, 2, 4), code(1, 0, 3));
        // middle: push rbp @1; sub rsp,0x120 @8; lea rbp,[rsp+0x20] @13 (frame register rbp, offset 2*16)
        unwindInfo(img, 0x2820, 0, 13, 5, 2, code(13, 3, 0), code(8, 1, 0), 0x120 / 8, code(1, 0, 5));
        // outer primary: push r12 @2; sub rsp,0x30 @9 (ALLOC_LARGE with a 32-bit size)
        unwindInfo(img, 0x2840, 0, 9, 0, 0, code(9, 1, 1), 0x30, 0, code(2, 0, 12));
        // outer fragment: a further 16-byte allocation, chained (flag 4) to outer's primary entry
        unwindInfo(img, 0x2860, 4, 0, 0, 0, code(0, 2, 1), 0);
        img.u32(0x2860 + 8, 0x1200).u32(0x2860 + 12, 0x1240).u32(0x2860 + 16, 0x2840);

        // the stack of inner <- middle <- outer <- end (return address 0)
        put(RSP0 + 0x10, 0x5151);            // rsi saved by inner
        put(RSP0 + 0x28, 0xB0B0);            // rbx pushed by inner
        put(RSP0 + 0x30, BASE + 0x1150);     // return into middle
        put(M + 0x120, 0xBBBB);              // outer's rbp pushed by middle
        put(M + 0x128, BASE + 0x1250);       // return into outer's chained fragment
        long rsp2 = M + 0x130;
        put(rsp2 + 0x10 + 0x30, 0x1212);     // r12 pushed by outer
        put(rsp2 + 0x10 + 0x30 + 8, 0);      // outer's return address: end of stack
    }

    void put(long address, long value) {
        stack.u64((int) (address - STACK), value);
    }

    ModuleImages images() {
        FakeMemory memory = new FakeMemory().map(BASE, pe.array()).map(STACK, stack.array());
        return new ModuleImages(List.of(ModuleInfo.of("C:\\app\\test.dll", BASE, 0x3000)), memory);
    }

    static CpuContext context(long rip, long rsp, long rbp) {
        Map<String, Long> r = new LinkedHashMap<>();
        r.put("rip", rip);
        r.put("rsp", rsp);
        r.put("rbp", rbp);
        r.put("rbx", 0x1L);
        return new CpuContext(Architecture.X64, r);
    }

    StackTrace walk(CpuContext context) {
        return new X64StackWalker(images(), WalkLimits.DEFAULT).walk(7, Optional.of(context), Optional.empty());
    }

    static List<String> locations(StackTrace trace) {
        return trace.frames().stream().map(StackFrame::location).toList();
    }

    static List<FrameTrust> trusts(StackTrace trace) {
        return trace.frames().stream().map(StackFrame::trust).toList();
    }

    @Test
    void unwindsThroughPushAllocSaveFramePointerAndChainedInfo() {
        StackTrace trace = walk(context(BASE + 0x1020, RSP0, M + 0x20));
        assertEquals(List.of("test.dll!inner+0x20", "test.dll!middle+0x50", "test.dll!outer+0x50"), locations(trace));
        assertEquals(List.of(FrameTrust.CONTEXT, FrameTrust.UNWIND, FrameTrust.UNWIND), trusts(trace));
        assertEquals(StackTrace.END, trace.stopReason());
        assertEquals(List.of(RSP0, RSP0 + 0x38, M + 0x130),
                trace.frames().stream().map(StackFrame::stackPointer).toList());
    }

    @Test
    void restoresNonvolatileRegisters() {
        ModuleImages images = images();
        X64Registers in = X64Registers.from(context(BASE + 0x1020, RSP0, M + 0x20));
        var pe = images.imageAt(BASE).orElseThrow();
        X64Registers out = new X64Unwinder(images.memory())
                .unwind(pe, pe.runtimeFunctionFor(0x1020).orElseThrow(), 0x1020, in).orElseThrow();
        assertEquals(0xB0B0, out.gpr[3], "rbx popped");
        assertEquals(0x5151, out.gpr[6], "rsi from SAVE_NONVOL");
        assertEquals(BASE + 0x1150, out.rip);
        X64Registers caller = new X64Unwinder(images.memory())
                .unwind(pe, pe.runtimeFunctionFor(0x114F).orElseThrow(), 0x114F, out).orElseThrow();
        assertEquals(0xBBBB, caller.gpr[5], "rbp popped after the frame-pointer based restore of rsp");
    }

    @Test
    void inThePrologOnlyTheExecutedCodesAreUndone() {
        // At inner+3 only "push rbx" has run: rbx is at [rsp], the return address right above it.
        put(STACK + 0x100, 0xB1);
        put(STACK + 0x108, BASE + 0x1150);
        StackTrace trace = walk(context(BASE + 0x1003, STACK + 0x100, M + 0x20));
        assertEquals("test.dll!middle+0x50", trace.frames().get(1).location());
        assertEquals(STACK + 0x110, trace.frames().get(1).stackPointer());
    }

    @Test
    void leafFunctionWithoutUnwindDataReturnsThroughRsp() {
        put(STACK + 0x100, BASE + 0x1150);
        StackTrace trace = walk(context(BASE + 0x1305, STACK + 0x100, M + 0x20));
        assertEquals(List.of("test.dll!leafy+0x5", "test.dll!middle+0x50"), locations(trace).subList(0, 2));
        assertEquals(FrameTrust.UNWIND, trace.frames().get(1).trust());
    }

    @Test
    void callThroughABadPointerTakesTheReturnAddressFromRsp() {
        put(STACK + 0x100, BASE + 0x1150);
        StackTrace trace = walk(context(0x7FF0_DEAD_0000L, STACK + 0x100, M + 0x20));
        assertEquals(List.of("0x7ff0dead0000", "test.dll!middle+0x50"), locations(trace).subList(0, 2));
        assertEquals(FrameTrust.UNWIND, trace.frames().get(1).trust());
    }

    @Test
    void scansForAReturnAddressThatFollowsACall() {
        img.u8(0x1130, 0xE8);                  // call rel32 at middle+0x30, returning to middle+0x35
        put(STACK + 0x100, 0x4141_4141L);      // not code
        put(STACK + 0x108, BASE + 0x1110);     // code, but no CALL before it
        put(STACK + 0x110, BASE + 0x2010);     // inside the image, not executable
        put(STACK + 0x118, BASE + 0x1135);     // a real return address
        StackTrace trace = walk(context(0x7FF0_DEAD_0000L, STACK + 0x100, M + 0x20));
        assertEquals("test.dll!middle+0x35", trace.frames().get(1).location());
        assertEquals(FrameTrust.SCAN, trace.frames().get(1).trust());
        assertEquals(STACK + 0x120, trace.frames().get(1).stackPointer());
    }

    @Test
    void corruptUnwindInfoFallsBackToTheScanner() {
        img.u8(0x2800, 7);                     // UNWIND_INFO version 7 does not exist
        img.u8(0x1130, 0xE8);
        put(RSP0 + 0x40, BASE + 0x1135);
        StackTrace trace = walk(context(BASE + 0x1020, RSP0, M + 0x20));
        assertEquals(FrameTrust.SCAN, trace.frames().get(1).trust());
        assertEquals("test.dll!middle+0x35", trace.frames().get(1).location());
    }

    @Test
    void machineFrameRestoresRipAndRspFromTheTrapFrame() {
        // leafy gets unwind data: a single PUSH_MACHFRAME (the CPU pushed RIP, CS, EFLAGS, RSP, SS)
        img.u32(0x2230, 0x1300).u32(0x2234, 0x1340).u32(0x2238, 0x2880);
        pe.directory(SyntheticPe.DIR_EXCEPTION, 0x2200, 5 * 12);
        unwindInfo(img, 0x2880, 0, 0, 0, 0, code(0, 10, 0));
        put(STACK + 0x100, BASE + 0x1150);     // RIP
        put(STACK + 0x118, STACK + 0x300);     // RSP
        put(STACK + 0x300, 0);
        StackTrace trace = walk(context(BASE + 0x1305, STACK + 0x100, M + 0x20));
        assertEquals("test.dll!middle+0x50", trace.frames().get(1).location());
        assertEquals(STACK + 0x300, trace.frames().get(1).stackPointer());
    }

    @Test
    void stopsAtTheDepthLimit() {
        for (int i = 0; i < 200; i++) {
            put(STACK + 0x100 + 8L * i, BASE + 0x1306); // leafy "returning" into leafy, forever
        }
        StackTrace trace = new X64StackWalker(images(), new WalkLimits(16, 2048, Duration.ofSeconds(5)))
                .walk(7, Optional.of(context(BASE + 0x1305, STACK + 0x100, 0)), Optional.empty());
        assertEquals(16, trace.frames().size());
        assertEquals(StackTrace.DEPTH_LIMIT, trace.stopReason());
    }

    @Test
    void stopsAtTheStackBase() {
        StackTrace trace = new X64StackWalker(images(), WalkLimits.DEFAULT)
                .walk(7, Optional.of(context(BASE + 0x1020, RSP0, M + 0x20)), Optional.of(RSP0 + 0x38));
        assertEquals(1, trace.frames().size());
        assertEquals(StackTrace.END, trace.stopReason());
    }

    @Test
    void unreadableStackIsLost() {
        StackTrace trace = walk(context(0x7FF0_DEAD_0000L, 0x10, 0));
        assertEquals(1, trace.frames().size());
        assertEquals(StackTrace.LOST, trace.stopReason());
    }

    @Test
    void noContextNoFrames() {
        StackTrace trace = new X64StackWalker(images(), WalkLimits.DEFAULT).walk(7, Optional.empty(), Optional.empty());
        assertTrue(trace.frames().isEmpty());
        assertEquals(StackTrace.NO_CONTEXT, trace.stopReason());
    }
}
