package dev.wercli.analysis.stack;

import dev.wercli.analysis.pe.PeImage;
import dev.wercli.analysis.pe.RuntimeFunction;
import dev.wercli.snapshot.MemoryReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Virtually unwinds one x64 frame with the function's UNWIND_INFO, as the Windows x64 ABI documents it:
 * <pre>
 *   UNWIND_INFO: +0 Version:3 | Flags:5, +1 SizeOfProlog, +2 CountOfCodes, +3 FrameRegister:4 | FrameOffset:4,
 *                +4 UNWIND_CODE[CountOfCodes] (2 bytes each: CodeOffset, UnwindOp:4 | OpInfo:4), padded to an
 *                even count, then a chained RUNTIME_FUNCTION when Flags has UNW_FLAG_CHAININFO.
 * </pre>
 * Codes are listed last-executed first; a code whose CodeOffset is beyond the current prolog offset has not
 * run yet and is skipped. Save offsets are relative to RSP, or to FrameRegister - 16*FrameOffset once the
 * frame register is set. XMM saves are skipped: reports need only the integer registers.
 */
final class X64Unwinder {
    static final int UWOP_PUSH_NONVOL = 0;
    static final int UWOP_ALLOC_LARGE = 1;
    static final int UWOP_ALLOC_SMALL = 2;
    static final int UWOP_SET_FPREG = 3;
    static final int UWOP_SAVE_NONVOL = 4;
    static final int UWOP_SAVE_NONVOL_FAR = 5;
    static final int UWOP_EPILOG = 6;       // version 2; was SAVE_XMM in version 1
    static final int UWOP_SPARE_CODE = 7;   // was SAVE_XMM_FAR
    static final int UWOP_SAVE_XMM128 = 8;
    static final int UWOP_SAVE_XMM128_FAR = 9;
    static final int UWOP_PUSH_MACHFRAME = 10;

    private static final int UNW_FLAG_CHAININFO = 4;
    private static final int MAX_CHAIN = 32;

    private final MemoryReader memory;

    X64Unwinder(MemoryReader memory) {
        this.memory = memory;
    }

    /**
     * The caller's registers, or empty when the unwind data or the stack cannot be read or is malformed.
     *
     * @param pcRva the RVA of the instruction being executed in this frame (for a caller frame: the return
     *              address minus one, so a call at the very end of a function stays inside it)
     */
    Optional<X64Registers> unwind(PeImage image, RuntimeFunction function, long pcRva, X64Registers in) {
        X64Registers r = in.copy();
        RuntimeFunction f = function;
        long prologOffset = pcRva - function.beginRva();
        boolean machineFrame = false;
        for (int depth = 0; ; depth++) {
            if (depth >= MAX_CHAIN) {
                return Optional.empty();
            }
            Optional<ByteBuffer> header = image.bytes(f.unwindInfoRva(), 4);
            if (header.isEmpty()) {
                return Optional.empty();
            }
            ByteBuffer h = header.get();
            int version = h.get(0) & 0x7;
            int flags = (h.get(0) & 0xFF) >>> 3;
            int prologSize = h.get(1) & 0xFF;
            int count = h.get(2) & 0xFF;
            int frameRegister = h.get(3) & 0xF;
            long frameOffset = 16L * ((h.get(3) & 0xFF) >>> 4);
            if (version != 1 && version != 2) {
                return Optional.empty();
            }
            Optional<ByteBuffer> codeBytes = count == 0 ? Optional.of(ByteBuffer.allocate(0))
                    : image.bytes(f.unwindInfoRva() + 4, 2 * count);
            if (codeBytes.isEmpty()) {
                return Optional.empty();
            }
            ByteBuffer codes = codeBytes.get().order(ByteOrder.LITTLE_ENDIAN);
            boolean wholeProlog = prologOffset >= prologSize;

            long frame = r.rsp();
            if (frameRegister != 0 && frameRegisterIsSet(codes, count, prologOffset, wholeProlog)) {
                frame = r.gpr[frameRegister] - frameOffset;
            }
            int i = 0;
            while (i < count) {
                int codeOffset = codes.get(2 * i) & 0xFF;
                int op = codes.get(2 * i + 1) & 0xF;
                int info = (codes.get(2 * i + 1) & 0xFF) >>> 4;
                int slots = slots(op, info);
                if (slots == 0 || i + slots > count) {
                    return Optional.empty();
                }
                boolean executed = wholeProlog || codeOffset <= prologOffset;
                if (executed && !apply(op, info, codes, i, frame, r)) {
                    return Optional.empty();
                }
                if (executed && op == UWOP_PUSH_MACHFRAME) {
                    machineFrame = true;
                }
                i += slots;
            }
            if ((flags & UNW_FLAG_CHAININFO) == 0) {
                break;
            }
            long chainedAt = f.unwindInfoRva() + 4 + 2L * ((count + 1) & ~1);
            Optional<RuntimeFunction> parent = image.runtimeFunctionAt(chainedAt);
            if (parent.isEmpty()) {
                return Optional.empty();
            }
            f = parent.get();
            prologOffset = Long.MAX_VALUE; // a parent's prolog has fully run before the chained part
        }
        if (!machineFrame) {
            Optional<Long> ret = read64(r.rsp());
            if (ret.isEmpty()) {
                return Optional.empty();
            }
            r.rip = ret.get();
            r.rsp(r.rsp() + 8);
        }
        return Optional.of(r);
    }

    private static boolean frameRegisterIsSet(ByteBuffer codes, int count, long prologOffset, boolean wholeProlog) {
        int i = 0;
        while (i < count) {
            int op = codes.get(2 * i + 1) & 0xF;
            int slots = slots(op, (codes.get(2 * i + 1) & 0xFF) >>> 4);
            if (slots == 0) {
                return false;
            }
            if (op == UWOP_SET_FPREG) {
                return wholeProlog || (codes.get(2 * i) & 0xFF) <= prologOffset;
            }
            i += slots;
        }
        return false;
    }

    /** Number of 2-byte slots an unwind code occupies; 0 for an unknown operation. */
    static int slots(int op, int info) {
        switch (op) {
            case UWOP_PUSH_NONVOL:
            case UWOP_ALLOC_SMALL:
            case UWOP_SET_FPREG:
            case UWOP_PUSH_MACHFRAME:
                return 1;
            case UWOP_ALLOC_LARGE:
                return info == 0 ? 2 : 3;
            case UWOP_SAVE_NONVOL:
            case UWOP_EPILOG:
            case UWOP_SAVE_XMM128:
                return 2;
            case UWOP_SAVE_NONVOL_FAR:
            case UWOP_SPARE_CODE:
            case UWOP_SAVE_XMM128_FAR:
                return 3;
            default:
                return 0;
        }
    }

    private boolean apply(int op, int info, ByteBuffer codes, int i, long frame, X64Registers r) {
        switch (op) {
            case UWOP_PUSH_NONVOL: {
                Optional<Long> value = read64(r.rsp());
                if (value.isEmpty()) {
                    return false;
                }
                if (info != X64Registers.RSP) {
                    r.gpr[info] = value.get();
                }
                r.rsp(r.rsp() + 8);
                return true;
            }
            case UWOP_ALLOC_LARGE:
                r.rsp(r.rsp() + (info == 0 ? 8L * u16(codes, i + 1) : u32(codes, i + 1)));
                return true;
            case UWOP_ALLOC_SMALL:
                r.rsp(r.rsp() + 8L * info + 8);
                return true;
            case UWOP_SET_FPREG:
                r.rsp(frame);
                return true;
            case UWOP_SAVE_NONVOL:
            case UWOP_SAVE_NONVOL_FAR: {
                long offset = op == UWOP_SAVE_NONVOL ? 8L * u16(codes, i + 1) : u32(codes, i + 1);
                Optional<Long> value = read64(frame + offset);
                if (value.isEmpty()) {
                    return false;
                }
                r.gpr[info] = value.get();
                return true;
            }
            case UWOP_PUSH_MACHFRAME: {
                // The CPU pushed SS, RSP, EFLAGS, CS, RIP (and an error code when info is 1).
                long at = r.rsp() + (info == 1 ? 8 : 0);
                Optional<Long> rip = read64(at);
                Optional<Long> rsp = read64(at + 0x18);
                if (rip.isEmpty() || rsp.isEmpty()) {
                    return false;
                }
                r.rip = rip.get();
                r.rsp(rsp.get());
                return true;
            }
            default:
                return true; // XMM saves and version-2 epilog markers do not move integer registers
        }
    }

    private static long u16(ByteBuffer codes, int slot) {
        return Short.toUnsignedLong(codes.getShort(2 * slot));
    }

    private static long u32(ByteBuffer codes, int slot) {
        return Integer.toUnsignedLong(codes.getInt(2 * slot));
    }

    Optional<Long> read64(long address) {
        return memory.read(address, 8).filter(b -> b.length == 8)
                .map(b -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }
}
