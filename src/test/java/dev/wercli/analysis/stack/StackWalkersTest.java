package dev.wercli.analysis.stack;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.report.testing.SampleCrash;
import dev.wercli.report.testing.SampleX86Crash;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ModuleInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each thread goes to the walker of its architecture. */
class StackWalkersTest {
    static StackTrace walk(ModuleImages images, CpuContext context) {
        return StackWalkers.walk(images, WalkLimits.DEFAULT, 1, Optional.of(context), Optional.empty());
    }

    @Test
    void x64AndX86ContextsAreWalkedByTheirOwnWalkers() {
        ModuleImages x64 = new ModuleImages(SampleCrash.snapshot().modules(), SampleCrash.memory());
        StackTrace a = walk(x64, SampleCrash.context(SampleCrash.DLL + 0x1010, SampleCrash.RSP));
        assertEquals(List.of(FrameTrust.CONTEXT, FrameTrust.UNWIND), a.frames().stream().map(StackFrame::trust).toList());

        ModuleImages x86 = new ModuleImages(SampleX86Crash.snapshot(0).modules(), SampleX86Crash.memory());
        StackTrace b = walk(x86, SampleX86Crash.context(SampleX86Crash.DLL + 0x1010));
        assertEquals(List.of(FrameTrust.CONTEXT, FrameTrust.FRAME_POINTER),
                b.frames().stream().map(StackFrame::trust).toList());
    }

    @Test
    void aThreadOfAnotherArchitectureGetsOnlyItsContextFrame() {
        // CpuContext names the IP "rip" for every architecture but x86; no ARM64 decoder exists yet
        ModuleImages images = new ModuleImages(List.of(ModuleInfo.of("C:\\a.dll", 0x1000, 0x1000)),
                (address, length) -> Optional.empty());
        StackTrace t = walk(images, new CpuContext(Architecture.ARM64, Map.of("rip", 0x1010L, "rsp", 0x5000L)));
        assertEquals(List.of("a.dll+0x10"), t.frames().stream().map(StackFrame::location).toList());
        assertEquals(StackTrace.UNSUPPORTED, t.stopReason());
    }
}
