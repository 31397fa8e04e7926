package dev.wercli.analysis.stack;

import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.analysis.pe.PeImage;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ModuleInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks an x86 (32-bit, also WOW64) thread's stack from its register context. x86 images have no unwind
 * tables (.pdata), and wercli reads no PDBs, so, as Breakpad's stackwalker_x86 does without symbols, each
 * step tries in order:
 * <ol>
 *   <li>top frame only: the instructions at EIP. Stopped at {@code push ebp} or between it and
 *       {@code mov ebp,esp}, or at a {@code ret}, the function has not (or no longer) set up EBP: the return
 *       address is at [esp] or [esp+4] (trust "unwind");</li>
 *   <li>the EBP chain: return address [ebp+4], caller ESP ebp+8, caller EBP [ebp] (trust "frame_pointer"),
 *       unless the code proves that the chain passes over this function's caller (see
 *       {@link #passedOver}), which is then found on the stack (trust "scan");</li>
 *   <li>a bounded scan up the stack for a value pointing just after a CALL in module code (trust "scan").</li>
 * </ol>
 * Every step must return into module code (after a CALL where the code bytes are readable) or to 0 (the
 * end of the stack), and move ESP up; EBP is used only when it lies between ESP and the stack base, so a
 * chain that runs backwards or leaves the stack falls through to the scanner. Bounds as {@link WalkLimits}.
 */
public final class X86StackWalker {
    private static final long MASK = 0xFFFF_FFFFL;
    private static final int SCAN_CHUNK_WORDS = 64;
    /**
     * A saved EBP found next to a scanned return address is believed only this far above it. The value is
     * Breakpad's (stackwalker_x86.cc, kMaxReasonableGapBetweenFrames): 99.5% of frames are smaller.
     */
    private static final long MAX_FRAME_GAP = 128 * 1024;

    private final ModuleImages images;
    private final Symbolizer symbolizer;
    private final WalkLimits limits;

    public X86StackWalker(ModuleImages images, WalkLimits limits) {
        this.images = images;
        this.symbolizer = new Symbolizer(images);
        this.limits = limits;
    }

    private record Regs(long eip, long esp, long ebp) {
    }

    private record Step(Regs regs, FrameTrust trust) {
    }

    /**
     * @param stackBase the highest stack address (exclusive) when known: the walk ends there
     */
    public StackTrace walk(int threadId, Optional<CpuContext> context, Optional<Long> stackBase) {
        if (context.isEmpty()) {
            return new StackTrace(threadId, List.of(), StackTrace.NO_CONTEXT);
        }
        CpuContext c = context.get();
        if (c.architecture() != Architecture.X86) {
            throw new IllegalArgumentException("not an x86 context: " + c.architecture().reportName());
        }
        long deadline = System.nanoTime() + limits.timeBudget().toNanos();
        Regs regs = new Regs(c.instructionPointer() & MASK, c.stackPointer() & MASK, c.framePointer() & MASK);
        List<StackFrame> frames = new ArrayList<>();
        frames.add(symbolizer.frame(0, regs.eip(), regs.eip(), regs.esp(), FrameTrust.CONTEXT));
        while (true) {
            if (frames.size() >= limits.maxFrames()) {
                return new StackTrace(threadId, frames, StackTrace.DEPTH_LIMIT);
            }
            if (System.nanoTime() > deadline) {
                return new StackTrace(threadId, frames, StackTrace.TIME_LIMIT);
            }
            Regs current = regs;
            boolean top = frames.size() == 1;
            Optional<Step> step = top ? prologStep(current) : Optional.empty();
            if (step.isEmpty()) {
                // The address that names this frame's function: a caller frame's EIP is a return address,
                // just past its CALL (which may be the function's last instruction).
                long calleeIp = top ? current.eip() : current.eip() - 1;
                step = framePointerStep(current, stackBase).map(s -> passedOver(current, calleeIp, s).orElse(s));
            }
            if (step.isEmpty()) {
                step = scan(current, stackBase, deadline);
            }
            if (step.isEmpty()) {
                return new StackTrace(threadId, frames, StackTrace.LOST);
            }
            Regs next = step.get().regs();
            if (next.eip() == 0 || stackBase.map(b -> next.esp() >= b).orElse(false)) {
                return new StackTrace(threadId, frames, StackTrace.END);
            }
            frames.add(symbolizer.frame(frames.size(), next.eip(), next.eip() - 1, next.esp(), step.get().trust()));
            regs = next;
        }
    }

    /**
     * The top frame stopped where EBP does not hold its own frame: at {@code push ebp} (55), right after it
     * at {@code mov ebp,esp} (8B EC or 89 E5), or at {@code ret} / {@code ret imm16} (C3, C2 iw). Without
     * this the EBP chain would skip the caller, whose frame EBP still points at.
     */
    private Optional<Step> prologStep(Regs regs) {
        if (images.moduleAt(regs.eip()).isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> code = images.memory().read(regs.eip() - 1, 4);
        if (code.isEmpty() || code.get().length != 4) {
            return Optional.empty();
        }
        byte[] b = code.get();
        int at = b[1] & 0xFF;
        Optional<Regs> caller = Optional.empty();
        if (at == 0x55 || at == 0xC3) {
            caller = read32(regs.esp()).map(ret -> new Regs(ret, regs.esp() + 4, regs.ebp()));
        } else if (at == 0xC2) {
            long popped = 4 + ((b[2] & 0xFF) | (b[3] & 0xFF) << 8);
            caller = read32(regs.esp()).map(ret -> new Regs(ret, regs.esp() + popped, regs.ebp()));
        } else if ((b[0] & 0xFF) == 0x55 && (at == 0x8B && (b[2] & 0xFF) == 0xEC || at == 0x89 && (b[2] & 0xFF) == 0xE5)) {
            caller = read32(regs.esp()).flatMap(savedEbp -> read32(regs.esp() + 4)
                    .map(ret -> new Regs(ret, regs.esp() + 8, savedEbp)));
        }
        // A 0 here does not end the stack: seen in a real WOW64 dump, a thread stopped at "ret 8" after a
        // system call had 0 at [esp]; the EBP chain or the scanner then decides.
        return caller.filter(r -> looksLikeReturnAddress(r.eip())).map(r -> new Step(r, FrameTrust.UNWIND));
    }

    /** One step along the EBP chain, when EBP points into this frame's stack and [ebp+4] is a return address. */
    private Optional<Step> framePointerStep(Regs regs, Optional<Long> stackBase) {
        long ebp = regs.ebp();
        if (ebp < regs.esp() || ebp + 8 > MASK || stackBase.map(b -> ebp + 8 > b).orElse(false)) {
            return Optional.empty();
        }
        long[] pair = readWords(ebp, 2);
        Optional<long[]> saved = pair.length == 2 ? Optional.of(pair) : Optional.empty();
        return saved.filter(w -> w[1] == 0 || looksLikeReturnAddress(w[1]))
                .map(w -> new Step(new Regs(w[1], ebp + 8, w[0]), FrameTrust.FRAME_POINTER));
    }

    /**
     * Looks for a return address in [esp, esp + maxScanWords*4), below the stack base when known. The caller's
     * EBP is taken from the word below the return address when it points a little way up the stack (the
     * callee pushed it first thing); otherwise EBP is left as it was, which is right for a callee that never
     * touched it.
     */
    /**
     * The EBP chain passes over functions built without a frame pointer: they leave EBP to an ancestor. When
     * the chain's return address follows a direct CALL into this frame's module at an address past this
     * frame's IP, that CALL did not enter this function (a function starts at or before its instructions).
     * Then this function's own return address lies between ESP and the chain's: the nearest word there that
     * follows a direct CALL into this module at or before the IP is taken (trust "scan"), EBP left to the
     * ancestor. Positive evidence only: without code bytes, or with no such word (e.g. this function was
     * reached by a tail jump), the chain's step stands.
     */
    private Optional<Step> passedOver(Regs regs, long calleeIp, Step chain) {
        long chainSlot = regs.ebp() + 4;
        if (chain.regs().eip() == 0 || !callsPast(chain.regs().eip(), calleeIp)) {
            return Optional.empty();
        }
        long words = Math.min((chainSlot - regs.esp()) / 4, limits.maxScanWords());
        long[] values = readWords(regs.esp(), (int) words);
        for (int i = 0; i < values.length; i++) {
            if (looksLikeReturnAddress(values[i]) && callsAtOrBefore(values[i], calleeIp)) {
                return Optional.of(new Step(new Regs(values[i], regs.esp() + 4L * i + 4, regs.ebp()), FrameTrust.SCAN));
            }
        }
        return Optional.empty();
    }

    /** The CALL before {@code returnAddress} is direct, into {@code calleeIp}'s module, past it. */
    private boolean callsPast(long returnAddress, long calleeIp) {
        return directTargetInModuleOf(returnAddress, calleeIp).map(t -> t > calleeIp).orElse(false);
    }

    /** The CALL before {@code returnAddress} is direct, into {@code calleeIp}'s module, at or before it. */
    private boolean callsAtOrBefore(long returnAddress, long calleeIp) {
        return directTargetInModuleOf(returnAddress, calleeIp).map(t -> t <= calleeIp).orElse(false);
    }

    private Optional<Long> directTargetInModuleOf(long returnAddress, long calleeIp) {
        Optional<ModuleInfo> module = images.moduleAt(calleeIp);
        return module.flatMap(m -> X86CallSites.directCallTarget(images.memory(), returnAddress).filter(m::contains));
    }

    private Optional<Step> scan(Regs regs, Optional<Long> stackBase, long deadline) {
        long limit = Math.min(regs.esp() + 4L * limits.maxScanWords(), MASK + 1);
        if (stackBase.isPresent() && stackBase.get() < limit) {
            limit = stackBase.get();
        }
        long at = regs.esp();
        while (at < limit && System.nanoTime() <= deadline) {
            int words = (int) Math.min(SCAN_CHUNK_WORDS, (limit - at) / 4);
            if (words <= 0) {
                break;
            }
            long[] values = readWords(at, words);
            for (int i = 0; i < values.length; i++) {
                if (looksLikeReturnAddress(values[i])) {
                    long location = at + 4L * i;
                    return Optional.of(new Step(new Regs(values[i], location + 4, callerEbp(regs, location)),
                            FrameTrust.SCAN));
                }
            }
            if (values.length < words) {
                break; // ran into unreadable memory: the end of the captured stack
            }
            at += 4L * words;
        }
        return Optional.empty();
    }

    private long callerEbp(Regs regs, long returnAddressLocation) {
        long slot = returnAddressLocation - 4;
        return read32(slot).filter(v -> v > slot && v - slot <= MAX_FRAME_GAP).orElse(regs.ebp());
    }

    private boolean looksLikeReturnAddress(long value) {
        Optional<ModuleInfo> module = images.moduleAt(value - 1);
        if (module.isEmpty() || value - 1 == module.get().base()) { // a CALL cannot end at the MZ header
            return false;
        }
        Optional<PeImage> image = images.image(module.get());
        if (image.isPresent() && !image.get().sections().isEmpty()
                && !image.get().isExecutable(value - 1 - module.get().base())) {
            return false;
        }
        // When the code bytes are not in memory we cannot check for a CALL and accept any code address.
        return X86CallSites.precededByCall(images.memory(), value).orElse(true);
    }

    private Optional<Long> read32(long address) {
        long[] w = readWords(address, 1);
        return w.length == 1 ? Optional.of(w[0]) : Optional.empty();
    }

    /** Reads up to {@code count} 32-bit words; stops at the first unreadable one. */
    private long[] readWords(long address, int count) {
        if (address < 0 || address + 4L * count > MASK + 1) {
            return new long[0];
        }
        Optional<byte[]> all = images.memory().read(address, 4 * count);
        if (all.isPresent() && all.get().length == 4 * count) {
            ByteBuffer b = ByteBuffer.wrap(all.get()).order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[count];
            for (int i = 0; i < count; i++) {
                out[i] = Integer.toUnsignedLong(b.getInt(4 * i));
            }
            return out;
        }
        List<Long> partial = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<byte[]> one = images.memory().read(address + 4L * i, 4);
            if (one.isEmpty() || one.get().length != 4) {
                break;
            }
            partial.add(Integer.toUnsignedLong(ByteBuffer.wrap(one.get()).order(ByteOrder.LITTLE_ENDIAN).getInt()));
        }
        return partial.stream().mapToLong(Long::longValue).toArray();
    }
}
