package dev.wercli.analysis.pe;

import dev.wercli.snapshot.MemoryReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Bounds-checked reads of one loaded image by RVA. Every offset and length comes from memory we do not
 * trust, so each read is checked against SizeOfImage and a per-read cap before it reaches the reader.
 */
final class ImageMemory {
    /** No single structure we parse is larger than this; a bigger length means corrupt headers. */
    static final int MAX_READ = 16 * 1024 * 1024;

    private final MemoryReader reader;
    private final long base;
    private long limit;

    ImageMemory(MemoryReader reader, long base, long limit) {
        this.reader = reader;
        this.base = base;
        this.limit = limit;
    }

    long base() {
        return base;
    }

    long limit() {
        return limit;
    }

    /** Narrows the readable range once SizeOfImage is known. */
    void limitTo(long sizeOfImage) {
        this.limit = sizeOfImage;
    }

    boolean inBounds(long rva, long length) {
        return rva >= 0 && length >= 0 && length <= MAX_READ && rva <= limit && length <= limit - rva;
    }

    /** The bytes at [rva, rva+length) as a little-endian buffer, or empty when out of bounds or unreadable. */
    Optional<ByteBuffer> read(long rva, long length) {
        if (!inBounds(rva, length)) {
            return Optional.empty();
        }
        return reader.read(base + rva, (int) length)
                .filter(b -> b.length == length)
                .map(b -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
    }

    ByteBuffer require(long rva, long length, String what) {
        return read(rva, length).orElseThrow(() -> new PeFormatException(
                what + " at RVA 0x" + Long.toHexString(rva) + " (+" + length + " bytes) is not readable"));
    }

    /**
     * A NUL-terminated string of at most {@code max} bytes. Reads shrink towards the end of the image and
     * fall back to smaller chunks, because a string near the end of a mapped region cannot be read in one go.
     */
    Optional<String> cString(long rva, int max) {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        int chunk = 64;
        long at = rva;
        while (at - rva < max) {
            long room = Math.min(chunk, Math.min(max - (at - rva), limit - at));
            if (room <= 0) {
                return Optional.empty();
            }
            Optional<ByteBuffer> bytes = read(at, room);
            if (bytes.isEmpty()) {
                if (chunk == 1) {
                    return Optional.empty();
                }
                chunk = 1; // retry byte by byte up to the unreadable edge
                continue;
            }
            ByteBuffer b = bytes.get();
            while (b.hasRemaining()) {
                byte c = b.get();
                if (c == 0) {
                    return Optional.of(text.toString(StandardCharsets.UTF_8));
                }
                text.write(c);
            }
            at += room;
        }
        return Optional.empty();
    }

    static String latin1(ByteBuffer b, int offset, int length) {
        byte[] raw = new byte[length];
        b.get(offset, raw);
        int end = 0;
        while (end < length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    }
}
