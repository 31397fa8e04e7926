package dev.wercli.analysis.signature;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.analysis.stack.FrameTrust;
import dev.wercli.analysis.stack.StackFrame;
import dev.wercli.analysis.stack.StackTrace;
import dev.wercli.report.testing.FakeMemory;
import dev.wercli.report.testing.SampleImages;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.ProcessSnapshot;
import dev.wercli.snapshot.SimpleSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CrashSignaturesTest {
    /** The same two modules, loaded at different bases as ASLR does from run to run. */
    record Layout(long appBase, long dllBase) {
    }

    static final Layout RUN_1 = new Layout(0x1_4000_0000L, 0x7FF8_1000_0000L);
    static final Layout RUN_2 = new Layout(0x7FF6_2220_0000L, 0x7FF9_3330_0000L);

    static ProcessSnapshot crash(Layout layout, long dllOffset, int code, byte[] dll) {
        FakeMemory memory = new FakeMemory().map(layout.appBase, SampleImages.full().array())
                .map(layout.dllBase, dll);
        return snapshot(layout, layout.dllBase + dllOffset, code, memory);
    }

    static ProcessSnapshot snapshot(Layout layout, long address, int code, MemoryReader memory) {
        List<ModuleInfo> modules = List.of(ModuleInfo.of("C:\\app\\crashy.exe", layout.appBase, 0x3000),
                ModuleInfo.of("C:\\app\\fake.dll", layout.dllBase, 0x3000));
        ExceptionInfo e = new ExceptionInfo(code, 0, address, List.of(1L, 0x10L), false, 4, Optional.empty(),
                ExceptionSource.SECOND_CHANCE_EVENT);
        return new SimpleSnapshot(new ProcessInfo(100, Optional.of("C:\\app\\crashy.exe"), Optional.empty(),
                Architecture.X64, Optional.empty()), Optional.of(e), List.of(), modules, memory);
    }

    static byte[] dll() {
        return SampleImages.full().timeDateStamp(0x11112222).array();
    }

    static CrashSignature signature(ProcessSnapshot s, Optional<StackTrace> stack) {
        return CrashSignatures.of(s, new ModuleImages(s.modules(), s.memory()), stack).orElseThrow();
    }

    static CrashSignature signature(ProcessSnapshot s) {
        return signature(s, Optional.empty());
    }

    @Test
    void namesTheWerBucketFields() {
        CrashSignature sig = signature(crash(RUN_1, 0x1020, 0xC0000005, dll()));
        assertEquals(new CrashSignature("crashy.exe", "1.2.3.4", "654321ab", "fake.dll", "1.2.3.4", "11112222",
                "0x1020", "0xC0000005", "exception_address"), sig);
    }

    @Test
    void bucketIdIsAPinnedHashOfTheCanonicalText() {
        CrashSignature sig = signature(crash(RUN_1, 0x1020, 0xC0000005, dll()));
        assertEquals("wercli-bucket-v1|crashy.exe|1.2.3.4|654321ab|fake.dll|1.2.3.4|11112222|0x1020|0xC0000005",
                sig.canonical());
        // sha256 of the line above, first 8 bytes, computed outside Java (python3 hashlib)
        assertEquals("f4196ecc8f6c69c9", sig.bucketId());
    }

    @Test
    void theSameBugAtOtherLoadAddressesHasTheSameId() {
        assertEquals(signature(crash(RUN_1, 0x1020, 0xC0000005, dll())).bucketId(),
                signature(crash(RUN_2, 0x1020, 0xC0000005, dll())).bucketId());
    }

    @Test
    void differentBugsHaveDifferentIds() {
        String base = signature(crash(RUN_1, 0x1020, 0xC0000005, dll())).bucketId();
        assertNotEquals(base, signature(crash(RUN_1, 0x1024, 0xC0000005, dll())).bucketId(), "other offset");
        assertNotEquals(base, signature(crash(RUN_1, 0x1020, 0xC0000094, dll())).bucketId(), "other code");
        assertNotEquals(base, signature(crash(RUN_1, 0x1020, 0xC0000005,
                SampleImages.full().timeDateStamp(0x33334444).array())).bucketId(), "other build of the DLL");
        ProcessSnapshot inApp = crash(RUN_1, 0x1020, 0xC0000005, dll());
        inApp = snapshot(RUN_1, RUN_1.appBase + 0x1020, 0xC0000005, inApp.memory());
        assertNotEquals(base, signature(inApp).bucketId(), "same offset in the other module");
    }

    @Test
    void aFaultOutsideEveryModuleIsBucketedAtTheCaller() {
        ProcessSnapshot s = crash(RUN_1, 0, 0xC0000005, dll());
        s = snapshot(RUN_1, 0x7FF0_DEAD_0000L, 0xC0000005, s.memory());
        StackTrace stack = new StackTrace(4, List.of(
                new StackFrame(0, 0x7FF0_DEAD_0000L, 0x1000, FrameTrust.CONTEXT, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty()),
                new StackFrame(1, RUN_1.dllBase + 0x1135, 0x1008, FrameTrust.UNWIND, Optional.of("fake.dll"),
                        Optional.of(0x1135L), Optional.empty(), Optional.empty())), StackTrace.END);
        CrashSignature sig = signature(s, Optional.of(stack));
        assertEquals("fake.dll", sig.moduleName());
        assertEquals("0x1135", sig.offset());
        assertEquals("caller_frame", sig.moduleSource());
    }

    @Test
    void missingHeadersGiveWerPlaceholders() {
        ProcessSnapshot s = snapshot(RUN_1, RUN_1.dllBase + 0x10, 0xC0000005, MemoryReader.NONE);
        CrashSignature sig = signature(s);
        assertEquals("0.0.0.0", sig.appVersion());
        assertEquals("00000000", sig.appTimestamp());
        assertEquals("fake.dll", sig.moduleName());
        assertEquals("0x10", sig.offset());
    }

    @Test
    void noModuleAndNoStackIsUnknown() {
        ProcessSnapshot s = snapshot(RUN_1, 0x7FF0_DEAD_0000L, 0xC0000005, MemoryReader.NONE);
        CrashSignature sig = signature(s);
        assertEquals("unknown", sig.moduleName());
        assertEquals("none", sig.moduleSource());
    }

    @Test
    void aSoftwareExceptionIsBucketedAtItsRaiser() {
        // "kernelbase.dll" raised 0xE06D7363 (a C++ throw) on behalf of app code in fake.dll at +0x1135.
        FakeMemory memory = new FakeMemory().map(RUN_1.appBase, SampleImages.full().array()).map(RUN_1.dllBase, dll());
        List<ModuleInfo> modules = List.of(ModuleInfo.of("C:\\app\\crashy.exe", RUN_1.appBase, 0x3000),
                ModuleInfo.of("C:\\app\\fake.dll", RUN_1.dllBase, 0x3000),
                ModuleInfo.of("C:\\windows\\system32\\KernelBase.dll", 0x7FF9_0000_0000L, 0x10000));
        ExceptionInfo e = new ExceptionInfo(0xE06D7363, 1, 0x7FF9_0000_0400L, List.of(), false, 4, Optional.empty(),
                ExceptionSource.SECOND_CHANCE_EVENT);
        ProcessSnapshot s = new SimpleSnapshot(new ProcessInfo(100, Optional.of("C:\\app\\crashy.exe"),
                Optional.empty(), Architecture.X64, Optional.empty()), Optional.of(e), List.of(), modules, memory);
        StackTrace stack = new StackTrace(4, List.of(
                frame(0, 0x7FF9_0000_0400L, "KernelBase.dll"), frame(1, 0x7FF9_0000_0800L, "KernelBase.dll"),
                frame(2, RUN_1.dllBase + 0x1135, "fake.dll")), StackTrace.END);
        CrashSignature sig = signature(s, Optional.of(stack));
        assertEquals("raiser_frame", sig.moduleSource());
        assertEquals("fake.dll", sig.moduleName());
        assertEquals("0x1135", sig.offset());
        assertEquals("0xE06D7363", sig.exceptionCode());

        // A CPU exception inside kernelbase (bit 29 clear) stays where it happened.
        ExceptionInfo av = new ExceptionInfo(0xC0000005, 0, 0x7FF9_0000_0400L, List.of(0L, 0L), false, 4,
                Optional.empty(), ExceptionSource.SECOND_CHANCE_EVENT);
        ProcessSnapshot avSnapshot = new SimpleSnapshot(s.process(), Optional.of(av), List.of(), modules, memory);
        assertEquals("KernelBase.dll", signature(avSnapshot, Optional.of(stack)).moduleName());
    }

    private static StackFrame frame(int index, long ip, String module) {
        return new StackFrame(index, ip, 0x1000 + 8L * index, index == 0 ? FrameTrust.CONTEXT : FrameTrust.UNWIND,
                Optional.of(module), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void scannedFramesNeverChooseTheBucket() {
        ProcessSnapshot s = crash(RUN_1, 0, 0xC0000005, dll());
        s = snapshot(RUN_1, 0x7FF0_DEAD_0000L, 0xC0000005, s.memory());
        StackTrace stack = new StackTrace(4, List.of(
                new StackFrame(0, 0x7FF0_DEAD_0000L, 0x1000, FrameTrust.CONTEXT, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty()),
                new StackFrame(1, RUN_1.dllBase + 0x1135, 0x1040, FrameTrust.SCAN, Optional.of("fake.dll"),
                        Optional.of(0x1135L), Optional.empty(), Optional.empty())), StackTrace.END);
        CrashSignature sig = signature(s, Optional.of(stack));
        assertEquals("none", sig.moduleSource());
        assertEquals("unknown", sig.moduleName());
    }
}
