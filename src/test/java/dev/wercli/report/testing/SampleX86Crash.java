package dev.wercli.report.testing;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.SimpleSnapshot;
import dev.wercli.snapshot.ThreadInfo;
import dev.wercli.snapshot.layout.ContextDecoder;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A crashed 32-bit process made by hand: app32.exe!Beta calls fake.dll!Alpha (call rel32 ending at
 * Beta+0x25), which set up an EBP frame and faulted. Both modules are {@link SampleImages#fullX86()} (PE32,
 * exports Alpha 0x1000 and Beta 0x1100, CodeView, version 1.2.3.4). The thread context is an x86 CONTEXT
 * written at the offsets of winnt.h (Edi 0x9C ... SegSs 0xC8), so it goes through the real decoder.
 */
public final class SampleX86Crash {
    public static final long APP = 0x40_0000L;
    public static final long DLL = 0x1000_0000L;
    public static final long STACK = 0x19_0000L;
    public static final long EBP = STACK + 0x100;
    public static final int THREAD = 0x30;

    private SampleX86Crash() {
    }

    /**
     * The call site in Beta and the stack: [EBP] = Beta's EBP (STACK+0x200), [EBP+4] = Beta+0x25; Beta's
     * frame holds 0 for both, the end of the chain.
     */
    public static FakeMemory memory() {
        SyntheticPe app = SampleImages.fullX86().timeDateStamp(0x5A5A_0001);
        app.bytes().bytes(0x1120, 0xE8, 0xDB, 0xFE, 0xBF, 0x0F); // Beta+0x20: call fake.dll!Alpha
        ByteImage stack = new ByteImage(0x1000);
        stack.u32(0x100, STACK + 0x200).u32(0x104, APP + 0x1125).u32(0x200, 0).u32(0x204, 0);
        return new FakeMemory().map(APP, app.array()).map(DLL, SampleImages.fullX86().timeDateStamp(0x5A5A_0002).array())
                .map(STACK, stack.array());
    }

    /** An x86 CONTEXT (0x2CC bytes) with the given EIP, ESP 0x10 below EBP, and recognisable other registers. */
    public static CpuContext context(long eip) {
        ByteImage c = new ByteImage(0x2CC);
        c.u32(0x8C, 0x2B).u32(0x90, 0x53).u32(0x94, 0x2B).u32(0x98, 0x2B);          // gs fs es ds
        c.u32(0x9C, 0xD1).u32(0xA0, 0x51).u32(0xA4, 0xB1).u32(0xA8, 0xD2);         // edi esi ebx edx
        c.u32(0xAC, 0xC1).u32(0xB0, 0xA1).u32(0xB4, EBP).u32(0xB8, eip);           // ecx eax ebp eip
        c.u32(0xBC, 0x23).u32(0xC0, 0x10246).u32(0xC4, EBP - 0x10).u32(0xC8, 0x2B); // cs eflags esp ss
        return ContextDecoder.x86(ByteBuffer.wrap(c.array()));
    }

    public static SimpleSnapshot snapshot(long faultAddress) {
        CpuContext fault = context(faultAddress);
        ExceptionInfo e = new ExceptionInfo(0xC0000005, 0, faultAddress, List.of(0L, 0x10L), false, THREAD,
                Optional.of(fault), ExceptionSource.MINIDUMP);
        List<ModuleInfo> modules = List.of(ModuleInfo.of("C:\\app\\app32.exe", APP, 0x3000),
                ModuleInfo.of("C:\\app\\fake.dll", DLL, 0x3000));
        return new SimpleSnapshot(new ProcessInfo(4343, Optional.of("C:\\app\\app32.exe"), Optional.empty(),
                Architecture.X86, Optional.empty()), Optional.of(e),
                List.of(new ThreadInfo(THREAD, Optional.of(fault), Optional.of(STACK + 0x1000), Optional.of(STACK))),
                modules, memory());
    }
}
