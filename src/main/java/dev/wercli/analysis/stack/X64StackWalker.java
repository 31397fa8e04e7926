package dev.wercli.analysis.stack;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.analysis.pe.PeImage;
import dev.wercli.analysis.pe.RuntimeFunction;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ModuleInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks an x64 thread's stack from its register context. Each step tries, in order:
 * <ol>
 *   <li>the function's .pdata/UNWIND_INFO (trust "unwind");</li>
 *   <li>the leaf rule when there is no unwind data: a leaf function, a {@code ret} at the IP, or an IP outside
 *       every module (a call through a bad pointer) has its return address at [rsp] (trust "unwind");</li>
 *   <li>a bounded scan up the stack for a value pointing just after a CALL in module code (trust "scan").</li>
 * </ol>
 * A step must move RSP up and land in a module (or at 0, the end of the stack); the walk is bounded in
 * frames, scanned words and time, so damaged memory cannot make it loop or stall a capture.
 */
public final class X64StackWalker {
    private static final int SCAN_CHUNK_WORDS = 64;

    private final ModuleImages images;
    private final Symbolizer symbolizer;
    private final X64Unwinder unwinder;
    private final WalkLimits limits;

    public X64StackWalker(ModuleImages images, WalkLimits limits) {
        this.images = images;
        this.symbolizer = new Symbolizer(images);
        this.unwinder = new X64Unwinder(images.memory());
        this.limits = limits;
    }

    private record Step(X64Registers registers, FrameTrust trust) {
    }

    /**
     * @param stackBase the highest stack address (exclusive) when known: the walk ends there
     */
    public StackTrace walk(int threadId, Optional<CpuContext> context, Optional<Long> stackBase) {
        if (context.isEmpty()) {
            return new StackTrace(threadId, List.of(), StackTrace.NO_CONTEXT);
        }
        if (context.get().architecture() != Architecture.X64) {
            throw new IllegalArgumentException("not an x64 context: " + context.get().architecture().reportName());
        }
        long deadline = System.nanoTime() + limits.timeBudget().toNanos();
        X64Registers regs = X64Registers.from(context.get());
        List<StackFrame> frames = new ArrayList<>();
        frames.add(symbolizer.frame(0, regs.rip, regs.rip, regs.rsp(), FrameTrust.CONTEXT));
        while (true) {
            if (frames.size() >= limits.maxFrames()) {
                return new StackTrace(threadId, frames, StackTrace.DEPTH_LIMIT);
            }
            if (System.nanoTime() > deadline) {
                return new StackTrace(threadId, frames, StackTrace.TIME_LIMIT);
            }
            boolean top = frames.size() == 1;
            X64Registers current = regs;
            Optional<Step> step = unwindStep(current, top).filter(s -> plausible(current, s.registers()));
            if (step.isEmpty()) {
                step = scan(regs, regs.rsp(), stackBase, deadline);
            }
            if (step.isEmpty()) {
                return new StackTrace(threadId, frames, StackTrace.LOST);
            }
            X64Registers next = step.get().registers();
            if (next.rip == 0 || stackBase.map(b -> Long.compareUnsigned(next.rsp(), b) >= 0).orElse(false)) {
                return new StackTrace(threadId, frames, StackTrace.END);
            }
            frames.add(symbolizer.frame(frames.size(), next.rip, next.rip - 1, next.rsp(), step.get().trust()));
            regs = next;
        }
    }

    /** One step by unwind data or the leaf rule; empty when neither applies. */
    private Optional<Step> unwindStep(X64Registers regs, boolean top) {
        long lookup = top ? regs.rip : regs.rip - 1;
        Optional<ModuleInfo> module = images.moduleAt(lookup);
        if (module.isEmpty()) {
            // Outside every module: only the faulting frame of a call through a bad pointer is understood.
            return top ? leaf(regs) : Optional.empty();
        }
        Optional<PeImage> image = images.image(module.get());
        if (image.isEmpty()) {
            return Optional.empty();
        }
        if (top && atReturnInstruction(regs.rip)) {
            return leaf(regs);
        }
        long rva = lookup - module.get().base();
        Optional<RuntimeFunction> function = image.get().runtimeFunctionFor(rva);
        if (function.isEmpty()) {
            // .pdata that we can read but with no entry here means a leaf function (no prolog, nothing
            // pushed). Unreadable .pdata means we know nothing, and the scanner decides.
            return image.get().isRuntimeFunctionTableReadable() ? leaf(regs) : Optional.empty();
        }
        return unwinder.unwind(image.get(), function.get(), rva, regs).map(r -> new Step(r, FrameTrust.UNWIND));
    }

    private Optional<Step> leaf(X64Registers regs) {
        return unwinder.read64(regs.rsp()).map(ret -> {
            X64Registers r = regs.copy();
            r.rip = ret;
            r.rsp(regs.rsp() + 8);
            return new Step(r, FrameTrust.UNWIND);
        });
    }

    private boolean atReturnInstruction(long ip) {
        return images.memory().read(ip, 1).map(b -> (b[0] & 0xFF) == 0xC3 || (b[0] & 0xFF) == 0xC2).orElse(false);
    }

    /** A caller must sit higher on the stack and return into a module (or to 0, the end of the chain). */
    private boolean plausible(X64Registers from, X64Registers to) {
        if (Long.compareUnsigned(to.rsp(), from.rsp()) <= 0) {
            return false;
        }
        if (to.rip == 0) {
            return true;
        }
        return images.moduleAt(to.rip - 1).isPresent();
    }

    /** Looks for a return address in [start, start + maxScanWords*8), below the stack base when known. */
    private Optional<Step> scan(X64Registers regs, long start, Optional<Long> stackBase, long deadline) {
        long limit = start + 8L * limits.maxScanWords();
        if (stackBase.isPresent() && Long.compareUnsigned(stackBase.get(), limit) < 0) {
            limit = stackBase.get();
        }
        long at = start;
        while (Long.compareUnsigned(at, limit) < 0 && System.nanoTime() <= deadline) {
            int words = (int) Math.min(SCAN_CHUNK_WORDS, (limit - at) / 8);
            if (words <= 0) {
                break;
            }
            long[] values = readWords(at, words);
            if (values.length == 0) {
                break;
            }
            for (int i = 0; i < values.length; i++) {
                long candidate = values[i];
                if (looksLikeReturnAddress(candidate)) {
                    X64Registers r = regs.copy();
                    r.rip = candidate;
                    r.rsp(at + 8L * i + 8);
                    return Optional.of(new Step(r, FrameTrust.SCAN));
                }
            }
            if (values.length < words) {
                break; // ran into unreadable memory: the end of the captured stack
            }
            at += 8L * words;
        }
        return Optional.empty();
    }

    private boolean looksLikeReturnAddress(long value) {
        Optional<ModuleInfo> module = images.moduleAt(value);
        if (module.isEmpty() || value == module.get().base()) {
            return false;
        }
        Optional<PeImage> image = images.image(module.get());
        if (image.isPresent() && !image.get().sections().isEmpty()
                && !image.get().isExecutable(value - 1 - module.get().base())) {
            return false;
        }
        // When the code bytes are not in memory we cannot check for a CALL and accept any code address.
        return CallSites.precededByCall(images.memory(), value).orElse(true);
    }

    /** Reads up to {@code count} words; stops at the first unreadable one. */
    private long[] readWords(long address, int count) {
        Optional<byte[]> all = images.memory().read(address, 8 * count);
        if (all.isPresent() && all.get().length == 8 * count) {
            ByteBuffer b = ByteBuffer.wrap(all.get()).order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[count];
            for (int i = 0; i < count; i++) {
                out[i] = b.getLong(8 * i);
            }
            return out;
        }
        List<Long> partial = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<Long> v = unwinder.read64(address + 8L * i);
            if (v.isEmpty()) {
                break;
            }
            partial.add(v.get());
        }
        return partial.stream().mapToLong(Long::longValue).toArray();
    }
}
