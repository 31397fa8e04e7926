package dev.wercli.report.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A little-endian byte array written field by field at explicit offsets, for hand-made fixtures. */
public final class ByteImage {
    private final ByteBuffer b;

    public ByteImage(int size) {
        b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public ByteImage u8(int offset, int value) {
        b.put(offset, (byte) value);
        return this;
    }

    public ByteImage u16(int offset, int value) {
        b.putShort(offset, (short) value);
        return this;
    }

    public ByteImage u32(int offset, long value) {
        b.putInt(offset, (int) value);
        return this;
    }

    public ByteImage u64(int offset, long value) {
        b.putLong(offset, value);
        return this;
    }

    public ByteImage bytes(int offset, int... values) {
        for (int i = 0; i < values.length; i++) {
            b.put(offset + i, (byte) values[i]);
        }
        return this;
    }

    /** ASCII/UTF-8 text followed by a NUL. */
    public ByteImage cString(int offset, String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        b.put(offset, raw);
        b.put(offset + raw.length, (byte) 0);
        return this;
    }

    /** UTF-16LE text followed by a NUL character. */
    public ByteImage wString(int offset, String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_16LE);
        b.put(offset, raw);
        b.putShort(offset + raw.length, (short) 0);
        return this;
    }

    public byte[] array() {
        return b.array();
    }
}
