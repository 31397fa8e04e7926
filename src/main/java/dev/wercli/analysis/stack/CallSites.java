package dev.wercli.analysis.stack;

import dev.wercli.snapshot.MemoryReader;

import java.util.Optional;

/**
 * Tells whether the bytes before a candidate return address end with an x64 CALL instruction, the check a
 * stack scanner uses to tell return addresses from other code pointers. Encodings (opcode E8 or FF /2):
 * E8 rel32; FF 15 disp32 (RIP-relative); FF D0+r (register); FF /2 with mod 00/01/10 and optional SIB and
 * disp8/disp32. A REX prefix before FF does not change where the instruction ends.
 */
final class CallSites {
    private static final int WINDOW = 7;

    private CallSites() {
    }

    /** Empty when the code bytes are not readable (e.g. a dump without module memory). */
    static Optional<Boolean> precededByCall(MemoryReader memory, long returnAddress) {
        Optional<byte[]> bytes = memory.read(returnAddress - WINDOW, WINDOW);
        if (bytes.isEmpty() || bytes.get().length != WINDOW) {
            return Optional.empty();
        }
        byte[] b = bytes.get();
        return Optional.of(endsWithCall(b));
    }

    /** {@code b} holds the 7 bytes before the return address; b[6] is the last byte of the instruction. */
    static boolean endsWithCall(byte[] b) {
        if (u(b, 2) == 0xE8) {
            return true;                                        // E8 rel32
        }
        if (u(b, 1) == 0xFF && u(b, 2) == 0x15) {
            return true;                                        // FF 15 disp32
        }
        for (int start = 0; start <= 5; start++) {
            if (u(b, start) == 0xFF && modrmCallLength(b, start + 1) == WINDOW - start) {
                return true;
            }
        }
        return false;
    }

    /**
     * If b[at] is a ModRM byte with reg field 2 (CALL r/m64), the length of FF + ModRM + SIB + displacement;
     * -1 otherwise. The lengths are the same in 32-bit mode, where {@link X86CallSites} uses this too.
     */
    static int modrmCallLength(byte[] b, int at) {
        if (at >= b.length) {
            return -1;
        }
        int modrm = u(b, at);
        int mod = modrm >>> 6;
        int reg = (modrm >>> 3) & 7;
        int rm = modrm & 7;
        if (reg != 2) {
            return -1;
        }
        if (mod == 3) {
            return 2;
        }
        boolean sib = rm == 4;
        int disp;
        if (mod == 0) {
            disp = rm == 5 ? 4 : 0;
            if (sib && at + 1 < b.length && (u(b, at + 1) & 7) == 5) {
                disp = 4; // SIB with no base register
            }
        } else {
            disp = mod == 1 ? 1 : 4;
        }
        return 2 + (sib ? 1 : 0) + disp;
    }

    static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
