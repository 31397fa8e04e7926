package dev.wercli.report.stack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 7 bytes before an x86 return address, hand-assembled from the Intel SDM encodings of CALL (32-bit mode). */
class X86CallSitesTest {
    private static byte[] tail(int... lastBytes) {
        byte[] b = new byte[7];
        for (int i = 0; i < lastBytes.length; i++) {
            b[7 - lastBytes.length + i] = (byte) lastBytes[i];
        }
        return b;
    }

    @Test
    void recognisesTheCommonCallEncodings() {
        assertTrue(X86CallSites.endsWithCall(tail(0xE8, 0x10, 0x20, 0x00, 0x00)), "call rel32");
        assertTrue(X86CallSites.endsWithCall(tail(0xFF, 0x15, 0x04, 0x20, 0x40, 0x00)), "call [0x402004] (import)");
        assertTrue(X86CallSites.endsWithCall(tail(0xFF, 0xD6)), "call esi");
        assertTrue(X86CallSites.endsWithCall(tail(0xFF, 0x55, 0x08)), "call [ebp+8]");
        assertTrue(X86CallSites.endsWithCall(tail(0xFF, 0x50, 0x0C)), "call [eax+0xC] (a vtable slot)");
        assertTrue(X86CallSites.endsWithCall(tail(0xFF, 0x14, 0x24)), "call [esp] via SIB");
        assertTrue(X86CallSites.endsWithCall(tail(0xFF, 0x14, 0x85, 0x00, 0x30, 0x40, 0x00)),
                "call [eax*4+0x403000] (SIB without base, a jump table)");
        assertTrue(X86CallSites.endsWithCall(tail(0xFF, 0x91, 0x00, 0x01, 0x00, 0x00)), "call [ecx+0x100]");
        assertTrue(X86CallSites.endsWithCall(tail(0xFF, 0x11)), "call [ecx]");
    }

    @Test
    void rejectsOtherInstructions() {
        assertFalse(X86CallSites.endsWithCall(tail(0x8B, 0xEC)), "mov ebp, esp");
        assertFalse(X86CallSites.endsWithCall(tail(0xFF, 0xE0)), "jmp eax (FF /4)");
        assertFalse(X86CallSites.endsWithCall(tail(0xFF, 0x75, 0x08)), "push [ebp+8] (FF /6)");
        assertFalse(X86CallSites.endsWithCall(tail(0xE9, 0x10, 0x20, 0x00, 0x00)), "jmp rel32");
        assertFalse(X86CallSites.endsWithCall(tail(0x55, 0x8B, 0xEC, 0x83, 0xEC, 0x10)), "a prolog");
        assertFalse(X86CallSites.endsWithCall(tail(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00)), "zeros");
    }
}
