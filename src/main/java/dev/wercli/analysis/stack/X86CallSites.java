package dev.wercli.analysis.stack;

import dev.wercli.snapshot.MemoryReader;

import java.util.Optional;

/**
 * Tells whether the bytes before a candidate x86 return address end with a near CALL (Intel SDM, CALL):
 * E8 rel32 (5 bytes) or FF /2 with a ModRM byte, an optional SIB byte and a disp8/disp32. The lengths are
 * those of 64-bit mode, so the ModRM rule is shared with {@link CallSites}; what differs does not change a
 * length: ModRM mod 00 r/m 101 is an absolute [disp32] here (the usual {@code call [__imp_X]} through the
 * import table) where 64-bit mode makes it RIP-relative, and there is no REX prefix (0x40-0x4F are INC/DEC,
 * never part of a CALL). The 0x67 prefix (16-bit addressing) is not decoded: compilers do not emit it.
 */
final class X86CallSites {
    /** The longest near CALL: FF, ModRM, SIB, disp32. */
    private static final int WINDOW = 7;

    private X86CallSites() {
    }

    /** Empty when the code bytes are not readable (e.g. a dump without module memory). */
    static Optional<Boolean> precededByCall(MemoryReader memory, long returnAddress) {
        if (returnAddress < WINDOW) {
            return Optional.of(false);
        }
        Optional<byte[]> bytes = memory.read(returnAddress - WINDOW, WINDOW);
        if (bytes.isEmpty() || bytes.get().length != WINDOW) {
            return Optional.empty();
        }
        return Optional.of(endsWithCall(bytes.get()));
    }

    /**
     * Where the CALL that {@code returnAddress} follows went, when it is a direct {@code call rel32} (the
     * target is the return address plus the signed displacement, 32-bit wrap-around). Empty when the bytes
     * are unreadable, the call is indirect, or the bytes also read as an indirect CALL (then it is unclear
     * which instruction it was).
     */
    static Optional<Long> directCallTarget(MemoryReader memory, long returnAddress) {
        if (returnAddress < WINDOW) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = memory.read(returnAddress - WINDOW, WINDOW);
        if (bytes.isEmpty() || bytes.get().length != WINDOW) {
            return Optional.empty();
        }
        byte[] b = bytes.get();
        if (!endsWithDirectCall(b) || endsWithIndirectCall(b)) {
            return Optional.empty();
        }
        int rel32 = CallSites.u(b, 3) | CallSites.u(b, 4) << 8 | CallSites.u(b, 5) << 16 | CallSites.u(b, 6) << 24;
        return Optional.of((returnAddress + rel32) & 0xFFFF_FFFFL);
    }

    /** {@code b} holds the 7 bytes before the return address; b[6] is the last byte of the instruction. */
    static boolean endsWithCall(byte[] b) {
        return endsWithDirectCall(b) || endsWithIndirectCall(b);
    }

    private static boolean endsWithDirectCall(byte[] b) {
        return CallSites.u(b, WINDOW - 5) == 0xE8;              // E8 rel32
    }

    private static boolean endsWithIndirectCall(byte[] b) {
        for (int start = 0; start <= WINDOW - 2; start++) {
            if (CallSites.u(b, start) == 0xFF && CallSites.modrmCallLength(b, start + 1) == WINDOW - start) {
                return true;                                    // FF /2: register, [mem], [mem+disp], [disp32]
            }
        }
        return false;
    }
}
