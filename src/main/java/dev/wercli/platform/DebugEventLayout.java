package dev.wercli.platform;

import dev.wercli.snapshot.layout.ExceptionRecordDecoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Decodes a DEBUG_EVENT as a 64-bit debugger receives it (minwinbase.h, x64 layout: 0xB0 bytes).
 * Header: +0 dwDebugEventCode, +4 dwProcessId, +8 dwThreadId, union at +0x10. Union members used:
 * EXCEPTION_DEBUG_INFO (EXCEPTION_RECORD at +0x10, dwFirstChance at +0xA8); CREATE_PROCESS_DEBUG_INFO
 * (hFile +0x10, lpBaseOfImage +0x28); LOAD_DLL_DEBUG_INFO (hFile +0x10, lpBaseOfDll +0x18);
 * UNLOAD_DLL_DEBUG_INFO (lpBaseOfDll +0x10); EXIT_*_DEBUG_INFO (dwExitCode +0x10);
 * OUTPUT_DEBUG_STRING_INFO (lpDebugStringData +0x10, fUnicode +0x18, nDebugStringLength +0x1A).
 */
public final class DebugEventLayout {
    public static final int SIZE = 0xB0;

    /**
     * The event plus what the session must still act on: a file handle the debugger must close, and where
     * an OutputDebugString text lives in the target.
     */
    public record Decoded(DebugEvent event, long fileHandle, long stringAddress, int stringLength,
                          boolean stringUnicode) {
    }

    private DebugEventLayout() {
    }

    public static Decoded decode(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        int code = b.getInt(0);
        int pid = b.getInt(4);
        int tid = b.getInt(8);
        DebugEvent.Kind kind = DebugEvent.Kind.of(code);
        switch (kind) {
            case EXCEPTION: {
                ExceptionRecordDecoder.Record record = ExceptionRecordDecoder.record64(b.position(0x10));
                boolean firstChance = b.getInt(0xA8) != 0;
                return plain(DebugEvent.exception(pid, tid, record, firstChance));
            }
            case CREATE_PROCESS:
                return new Decoded(withBase(kind, pid, tid, b.getLong(0x28)), b.getLong(0x10), 0, 0, false);
            case LOAD_DLL:
                return new Decoded(withBase(kind, pid, tid, b.getLong(0x18)), b.getLong(0x10), 0, 0, false);
            case UNLOAD_DLL:
                return plain(withBase(kind, pid, tid, b.getLong(0x10)));
            case EXIT_PROCESS:
            case EXIT_THREAD:
                return plain(new DebugEvent(kind, pid, tid, Optional.empty(), false, 0, Optional.empty(),
                        b.getInt(0x10)));
            case OUTPUT_DEBUG_STRING:
                return new Decoded(DebugEvent.simple(kind, pid, tid), 0, b.getLong(0x10),
                        Short.toUnsignedInt(b.getShort(0x1A)), b.getShort(0x18) != 0);
            default:
                return plain(DebugEvent.simple(kind, pid, tid));
        }
    }

    private static DebugEvent withBase(DebugEvent.Kind kind, int pid, int tid, long base) {
        return new DebugEvent(kind, pid, tid, Optional.empty(), false, base, Optional.empty(), 0);
    }

    private static Decoded plain(DebugEvent event) {
        return new Decoded(event, 0, 0, 0, false);
    }
}
