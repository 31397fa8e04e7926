package dev.wercli.analysis.stack;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.snapshot.CpuContext;

import java.util.List;
import java.util.Optional;

/**
 * Picks the walker for a thread's architecture, so a live capture and {@code analyze} of a dump walk the
 * same way: x64 by unwind data, x86 (native or WOW64) by the EBP chain and scanning. Other architectures
 * (ARM64) get their context frame and {@link StackTrace#UNSUPPORTED}.
 */
public final class StackWalkers {
    private StackWalkers() {
    }

    /**
     * @param stackBase the highest stack address (exclusive) when known: the walk ends there
     */
    public static StackTrace walk(ModuleImages images, WalkLimits limits, int threadId, Optional<CpuContext> context,
                                  Optional<Long> stackBase) {
        if (context.isEmpty()) {
            return new StackTrace(threadId, List.of(), StackTrace.NO_CONTEXT);
        }
        switch (context.get().architecture()) {
            case X64:
                return new X64StackWalker(images, limits).walk(threadId, context, stackBase);
            case X86:
                return new X86StackWalker(images, limits).walk(threadId, context, stackBase);
            default:
                CpuContext c = context.get();
                StackFrame top = new Symbolizer(images).frame(0, c.instructionPointer(), c.instructionPointer(),
                        c.stackPointer(), FrameTrust.CONTEXT);
                return new StackTrace(threadId, List.of(top), StackTrace.UNSUPPORTED);
        }
    }
}
