package dev.wercli.snapshot.layout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes EXCEPTION_RECORD64 (0x98 bytes: the native x64 record, the minidump MINIDUMP_EXCEPTION, and the
 * record inside an x64 EXCEPTION_DEBUG_INFO) and EXCEPTION_RECORD32 (0x50 bytes: a WOW64 target's record).
 */
public final class ExceptionRecordDecoder {
    public static final int RECORD64_SIZE = 0x98;
    public static final int RECORD32_SIZE = 0x50;
    /** EXCEPTION_MAXIMUM_PARAMETERS */
    public static final int MAX_PARAMETERS = 15;

    /** The fields of an exception record, independent of its width. */
    public record Record(int code, int flags, long nestedRecord, long address, List<Long> parameters) {
    }

    private ExceptionRecordDecoder() {
    }

    public static Record record64(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < RECORD64_SIZE) {
            throw new LayoutException("EXCEPTION_RECORD64 needs " + RECORD64_SIZE + " bytes, got " + b.remaining());
        }
        int count = clampCount(b.getInt(0x18));
        List<Long> params = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            params.add(b.getLong(0x20 + 8 * i));
        }
        return new Record(b.getInt(0), b.getInt(4), b.getLong(8), b.getLong(0x10), params);
    }

    public static Record record32(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < RECORD32_SIZE) {
            throw new LayoutException("EXCEPTION_RECORD32 needs " + RECORD32_SIZE + " bytes, got " + b.remaining());
        }
        int count = clampCount(b.getInt(0x10));
        List<Long> params = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            params.add(Integer.toUnsignedLong(b.getInt(0x14 + 4 * i)));
        }
        return new Record(b.getInt(0), b.getInt(4), Integer.toUnsignedLong(b.getInt(8)),
                Integer.toUnsignedLong(b.getInt(0xC)), params);
    }

    /** NumberParameters comes from another process or a file: never trust it past the array's size. */
    private static int clampCount(int count) {
        return Math.max(0, Math.min(count, MAX_PARAMETERS));
    }

    /** Writes {@code record} back as an EXCEPTION_RECORD32 (the native x86 layout), for a WOW64 target's dump. */
    public static byte[] encode32(Record record) {
        ByteBuffer b = ByteBuffer.allocate(RECORD32_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int count = Math.min(record.parameters().size(), MAX_PARAMETERS);
        b.putInt(0, record.code()).putInt(4, record.flags()).putInt(8, (int) record.nestedRecord())
                .putInt(0xC, (int) record.address()).putInt(0x10, count);
        for (int i = 0; i < count; i++) {
            b.putInt(0x14 + 4 * i, (int) (long) record.parameters().get(i));
        }
        return b.array();
    }

    /** Writes {@code record} back as an EXCEPTION_RECORD64 (the native x64 layout), e.g. for MiniDumpWriteDump. */
    public static byte[] encode64(Record record) {
        ByteBuffer b = ByteBuffer.allocate(RECORD64_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int count = Math.min(record.parameters().size(), MAX_PARAMETERS);
        b.putInt(0, record.code()).putInt(4, record.flags()).putLong(8, record.nestedRecord())
                .putLong(0x10, record.address()).putInt(0x18, count);
        for (int i = 0; i < count; i++) {
            b.putLong(0x20 + 8 * i, record.parameters().get(i));
        }
        return b.array();
    }
}
