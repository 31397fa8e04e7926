package dev.wercli.analysis.stack;

import dev.wercli.report.testing.ByteImage;
import dev.wercli.report.testing.FakeMemory;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 7 bytes before an x86 return address, hand-assembled from the Intel SDM encodings of CALL (32-bit mode). */
class X86CallSitesTest {
    private static byte[] tail(int... lastBytes) {
        return CallSitesTest.tail(lastBytes);
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
    void aDirectCallsTargetIsTheReturnAddressPlusItsDisplacement() {
        FakeMemory code = new FakeMemory().map(0x401000, new ByteImage(0x100)
                .bytes(0x40, 0xE8, 0xBB, 0x01, 0x00, 0x00)               // call +0x1bb, returning to 0x401045
                .bytes(0x80, 0xE8, 0xCB, 0xFE, 0xFF, 0xFF)               // call -0x135, returning to 0x401085
                .bytes(0xC0, 0xFF, 0x15, 0x00, 0x20, 0x40, 0x00)         // call [0x402000]
                .bytes(0xE0, 0xE8, 0x00, 0xFF, 0x55, 0x08)               // "E8" at -5 but also call [ebp+8]
                .array());
        assertEquals(Optional.of(0x401200L), X86CallSites.directCallTarget(code, 0x401045));
        assertEquals(Optional.of(0x400F50L), X86CallSites.directCallTarget(code, 0x401085));
        assertEquals(Optional.empty(), X86CallSites.directCallTarget(code, 0x4010C6), "indirect");
        assertEquals(Optional.empty(), X86CallSites.directCallTarget(code, 0x4010E5), "ambiguous");
        assertEquals(Optional.empty(), X86CallSites.directCallTarget(code, 0x500000), "unreadable");
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
