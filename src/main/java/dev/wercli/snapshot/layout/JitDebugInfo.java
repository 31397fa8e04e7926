package dev.wercli.snapshot.layout;

import dev.wercli.snapshot.Architecture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * JIT_DEBUG_INFO, the structure whose address Windows passes to an AeDebug debugger as the third argument.
 * Layout (40 bytes, the same for 32- and 64-bit targets): +0 dwSize, +4 dwProcessorArchitecture,
 * +8 dwThreadID, +0xC dwReserved0, +0x10 lpExceptionAddress, +0x18 lpExceptionRecord, +0x20 lpContextRecord.
 * The pointers are addresses in the crashed process.
 */
public record JitDebugInfo(int size, int processorArchitecture, int threadId, long exceptionAddress,
                           long exceptionRecordAddress, long contextRecordAddress) {
    public static final int SIZE = 40;

    public Architecture architecture() {
        return Architecture.fromProcessorArchitecture(processorArchitecture);
    }

    /**
     * Decodes the bytes read at the address Windows passed, or empty when they are not a JIT_DEBUG_INFO.
     * Wine substitutes stack garbage for %p, so anything but a plausible structure is rejected.
     */
    public static Optional<JitDebugInfo> decode(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < SIZE) {
            return Optional.empty();
        }
        JitDebugInfo info = new JitDebugInfo(b.getInt(0), b.getInt(4), b.getInt(8), b.getLong(0x10),
                b.getLong(0x18), b.getLong(0x20));
        boolean plausible = info.size == SIZE
                && info.architecture() != Architecture.UNKNOWN
                && info.threadId != 0
                && info.exceptionRecordAddress != 0
                && info.contextRecordAddress != 0;
        return plausible ? Optional.of(info) : Optional.empty();
    }
}
