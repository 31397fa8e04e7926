package dev.wercli.platform;

import dev.wercli.fixtures.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DEBUG_EVENT as a 64-bit debugger receives it: header at 0, union at 0x10 (minwinbase.h). */
class DebugEventLayoutTest {
    private static ByteBuffer header(int code, int pid, int tid) {
        ByteBuffer b = Bytes.le(0xB0);
        b.putInt(0, code).putInt(4, pid).putInt(8, tid);
        return b;
    }

    @Test
    void secondChanceExceptionEvent() {
        ByteBuffer b = header(1, 328, 332);
        b.put(0x10, Bytes.record64(0xC0000005, 0x14000162FL, 1, 0x10));
        b.putInt(0xA8, 0); // dwFirstChance
        var d = DebugEventLayout.decode(b);
        assertEquals(DebugEvent.Kind.EXCEPTION, d.event().kind());
        assertEquals(328, d.event().processId());
        assertEquals(332, d.event().threadId());
        assertFalse(d.event().firstChance());
        assertEquals(0xC0000005, d.event().exception().orElseThrow().code());
        assertEquals(List.of(1L, 0x10L), d.event().exception().orElseThrow().parameters());
    }

    @Test
    void firstChanceBreakpoint() {
        ByteBuffer b = header(1, 10, 11);
        b.put(0x10, Bytes.record64(0x80000003, 0x170001000L));
        b.putInt(0xA8, 1);
        assertTrue(DebugEventLayout.decode(b).event().firstChance());
    }

    @Test
    void createProcessAndLoadDllHandFileHandlesToClose() {
        ByteBuffer cp = header(3, 10, 11);
        cp.putLong(0x10, 0x1234).putLong(0x28, 0x140000000L);
        var d = DebugEventLayout.decode(cp);
        assertEquals(DebugEvent.Kind.CREATE_PROCESS, d.event().kind());
        assertEquals(0x1234, d.fileHandle());
        assertEquals(0x140000000L, d.event().imageBase());

        ByteBuffer ld = header(6, 10, 11);
        ld.putLong(0x10, 0x88).putLong(0x18, 0x7B000000L);
        var l = DebugEventLayout.decode(ld);
        assertEquals(DebugEvent.Kind.LOAD_DLL, l.event().kind());
        assertEquals(0x88, l.fileHandle());
        assertEquals(0x7B000000L, l.event().imageBase());
    }

    @Test
    void outputDebugStringPointsAtTheText() {
        ByteBuffer b = header(8, 10, 12);
        b.putLong(0x10, 0x500000L).putShort(0x18, (short) 0).putShort(0x1A, (short) 25);
        var d = DebugEventLayout.decode(b);
        assertEquals(DebugEvent.Kind.OUTPUT_DEBUG_STRING, d.event().kind());
        assertEquals(0x500000L, d.stringAddress());
        assertEquals(25, d.stringLength());
        assertFalse(d.stringUnicode());
    }

    @Test
    void exitProcessCarriesTheExitCode() {
        ByteBuffer b = header(5, 10, 11);
        b.putInt(0x10, 0xC0000005);
        var d = DebugEventLayout.decode(b);
        assertEquals(DebugEvent.Kind.EXIT_PROCESS, d.event().kind());
        assertEquals(0xC0000005, d.event().exitCode());
    }

    @Test
    void anUnknownCodeIsNotFatal() {
        assertEquals(DebugEvent.Kind.UNKNOWN, DebugEventLayout.decode(header(42, 1, 2)).event().kind());
    }
}
