package dev.wercli.report.testing;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.SimpleSnapshot;
import dev.wercli.snapshot.ThreadInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole crashed process made by hand: app.exe calls fake.dll!Alpha, which writes to 0x10.
 * Both modules are {@link SampleImages#full()} (exports Alpha at 0x1000 and Beta at 0x1100, .pdata entries
 * whose UNWIND_INFO is version 1 with no codes: the return address is at [rsp]). The stack holds one return
 * address, into app.exe!Beta+0x20, then 0 (the end of the stack).
 */
public final class SampleCrash {
    public static final long APP = 0x1_4000_0000L;
    public static final long DLL = 0x7FF8_1000_0000L;
    public static final long STACK = 0x5000_0000L;
    public static final long RSP = STACK + 0x100;
    public static final int FAULTING_THREAD = 0x24;
    public static final int OTHER_THREAD = 0x28;

    private SampleCrash() {
    }

    private static byte[] image(int timestamp) {
        SyntheticPe pe = SampleImages.full().timeDateStamp(timestamp);
        pe.bytes().u8(0x2800, 1).u8(0x2810, 1).u8(0x2820, 1); // UNWIND_INFO: version 1, no prolog, no codes
        return pe.array();
    }

    public static FakeMemory memory() {
        ByteImage stack = new ByteImage(0x1000);
        stack.u64(0x100, APP + 0x1120).u64(0x108, 0);
        stack.u64(0x800, DLL + 0x1105).u64(0x808, 0); // the other thread, waiting in fake.dll!Beta
        return new FakeMemory().map(APP, image(0x654321AB)).map(DLL, image(0x11112222)).map(STACK, stack.array());
    }

    public static CpuContext context(long rip, long rsp) {
        Map<String, Long> r = new LinkedHashMap<>();
        r.put("rip", rip);
        r.put("rsp", rsp);
        r.put("rbp", 0L);
        return new CpuContext(Architecture.X64, r);
    }

    public static SimpleSnapshot snapshot(MemoryReader memory) {
        CpuContext fault = context(DLL + 0x1010, RSP);
        ExceptionInfo e = new ExceptionInfo(0xC0000005, 0, DLL + 0x1010, List.of(1L, 0x10L), false, FAULTING_THREAD,
                Optional.of(fault), ExceptionSource.SECOND_CHANCE_EVENT);
        List<ThreadInfo> threads = List.of(
                new ThreadInfo(FAULTING_THREAD, Optional.of(fault), Optional.of(STACK + 0x1000), Optional.of(STACK)),
                new ThreadInfo(OTHER_THREAD, Optional.of(context(DLL + 0x1130, STACK + 0x800)),
                        Optional.of(STACK + 0x1000), Optional.of(STACK)));
        List<ModuleInfo> modules = List.of(ModuleInfo.of("C:\\app\\app.exe", APP, 0x3000),
                ModuleInfo.of("C:\\app\\fake.dll", DLL, 0x3000));
        return new SimpleSnapshot(new ProcessInfo(4242, Optional.of("C:\\app\\app.exe"),
                Optional.of("app.exe --crash"), Architecture.X64, Optional.empty()), Optional.of(e), threads, modules,
                memory);
    }

    public static SimpleSnapshot snapshot() {
        return snapshot(memory());
    }
}
