package dev.wercli.snapshot.minidump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a dump file, read at absolute offsets with every access checked against the file's size.
 * Files are memory-mapped in chunks of at most {@link #CHUNK} bytes (a MappedByteBuffer is limited to 2 GiB),
 * so a multi-GiB full dump costs address space, not heap; nothing is read until it is asked for.
 * Every failed check throws {@link MinidumpFormatException} naming {@code stream} and the offset.
 */
public final class DumpBytes {
    /** 1 GiB: well under the 2 GiB limit of one mapping, and a power of two so offsets split cheaply. */
    static final long CHUNK = 1L << 30;

    private final List<ByteBuffer> chunks;
    private final long chunkSize;
    private final long size;

    private DumpBytes(List<ByteBuffer> chunks, long chunkSize, long size) {
        this.chunks = chunks;
        this.chunkSize = chunkSize;
        this.size = size;
    }

    /** Wraps bytes already in memory (tests, fuzzing). */
    public static DumpBytes of(byte[] bytes) {
        return new DumpBytes(List.of(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)),
                Math.max(1, bytes.length), bytes.length);
    }

    /** Maps {@code file} read-only. The mapping stays valid after the channel is closed. */
    public static DumpBytes map(Path file) throws IOException {
        return map(file, CHUNK);
    }

    static DumpBytes map(Path file, long chunkSize) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            List<ByteBuffer> chunks = new ArrayList<>();
            for (long pos = 0; pos < size; pos += chunkSize) {
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(chunkSize, size - pos));
                chunks.add(m.order(ByteOrder.LITTLE_ENDIAN));
            }
            return new DumpBytes(chunks, chunkSize, size);
        }
    }

    public long size() {
        return size;
    }

    /** Whether {@code [offset, offset + length)} lies inside the file (no overflow). */
    public boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }

    void check(String stream, long offset, long length) {
        if (!contains(offset, length)) {
            throw new MinidumpFormatException(stream, offset, "needs " + Long.toUnsignedString(length)
                    + " bytes but the file has " + size + " bytes");
        }
    }

    /**
     * A little-endian view of {@code length} bytes at {@code offset}: a slice of the mapping when the range
     * lies in one chunk, otherwise a heap copy (only for ranges that straddle a 1 GiB boundary).
     */
    public ByteBuffer slice(String stream, long offset, int length) {
        check(stream, offset, length);
        int chunk = (int) (offset / chunkSize);
        int within = (int) (offset % chunkSize);
        if (length == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer first = chunks.get(chunk);
        if (within + (long) length <= first.limit()) {
            return first.slice(within, length).order(ByteOrder.LITTLE_ENDIAN);
        }
        byte[] copy = new byte[length];
        copyTo(offset, copy, 0, length);
        return ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code length} bytes at a checked {@code offset} into {@code dest}. */
    public void copyTo(long offset, byte[] dest, int destOffset, int length) {
        check("memory", offset, length);
        long pos = offset;
        int done = 0;
        while (done < length) {
            ByteBuffer c = chunks.get((int) (pos / chunkSize));
            int within = (int) (pos % chunkSize);
            int n = (int) Math.min(length - done, c.limit() - within);
            c.get(within, dest, destOffset + done, n);
            done += n;
            pos += n;
        }
    }

    public int u8(String stream, long offset) {
        return slice(stream, offset, 1).get(0) & 0xFF;
    }

    public int u16(String stream, long offset) {
        return slice(stream, offset, 2).getShort(0) & 0xFFFF;
    }

    /** An unsigned 32-bit field widened to long, so sizes and RVAs never turn negative. */
    public long u32(String stream, long offset) {
        return Integer.toUnsignedLong(slice(stream, offset, 4).getInt(0));
    }

    public int i32(String stream, long offset) {
        return slice(stream, offset, 4).getInt(0);
    }

    public long u64(String stream, long offset) {
        return slice(stream, offset, 8).getLong(0);
    }

    /** Reads a NUL-terminated 8-bit string of at most {@code max} bytes (CodeView names, ANSI comments). */
    public String cString(String stream, long offset, int max, java.nio.charset.Charset charset) {
        int avail = (int) Math.min(max, Math.max(0, size - offset));
        ByteBuffer b = slice(stream, offset, avail);
        int len = 0;
        while (len < avail && b.get(len) != 0) {
            len++;
        }
        byte[] bytes = new byte[len];
        b.get(0, bytes);
        return new String(bytes, charset);
    }

    /** Reads UTF-16LE text of {@code byteLength} bytes, dropping a trailing NUL if present. */
    public String utf16(String stream, long offset, int byteLength) {
        ByteBuffer b = slice(stream, offset, byteLength & ~1);
        byte[] bytes = new byte[b.remaining()];
        b.get(0, bytes);
        String s = new String(bytes, StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }
}
