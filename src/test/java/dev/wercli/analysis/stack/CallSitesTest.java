package dev.wercli.analysis.stack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 7 bytes before a return address, hand-assembled from the Intel SDM encodings of CALL. */
class CallSitesTest {
    /** Seven bytes ending with {@code lastBytes} (zeros before): the window the scanner checks. */
    static byte[] tail(int... lastBytes) {
        byte[] b = new byte[7];
        for (int i = 0; i < lastBytes.length; i++) {
            b[7 - lastBytes.length + i] = (byte) lastBytes[i];
        }
        return b;
    }

    @Test
    void recognisesTheCommonCallEncodings() {
        assertTrue(CallSites.endsWithCall(tail(0xE8, 0x10, 0x20, 0x00, 0x00)), "call rel32");
        assertTrue(CallSites.endsWithCall(tail(0xFF, 0x15, 0x00, 0x10, 0x00, 0x00)), "call [rip+disp32]");
        assertTrue(CallSites.endsWithCall(tail(0xFF, 0xD0)), "call rax");
        assertTrue(CallSites.endsWithCall(tail(0x41, 0xFF, 0xD3)), "call r11");
        assertTrue(CallSites.endsWithCall(tail(0xFF, 0x50, 0x08)), "call [rax+8]");
        assertTrue(CallSites.endsWithCall(tail(0xFF, 0x54, 0x24, 0x08)), "call [rsp+8] via SIB");
        assertTrue(CallSites.endsWithCall(tail(0xFF, 0x90, 0x00, 0x01, 0x00, 0x00)), "call [rax+0x100]");
        assertTrue(CallSites.endsWithCall(tail(0xFF, 0x10)), "call [rax]");
    }

    @Test
    void rejectsOtherInstructions() {
        assertFalse(CallSites.endsWithCall(tail(0x48, 0x89, 0xC8)), "mov rax, rcx");
        assertFalse(CallSites.endsWithCall(tail(0xFF, 0xE0)), "jmp rax (FF /4)");
        assertFalse(CallSites.endsWithCall(tail(0xE9, 0x10, 0x20, 0x00, 0x00)), "jmp rel32");
        assertFalse(CallSites.endsWithCall(tail(0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90)), "nops");
    }
}
