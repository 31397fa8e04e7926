package dev.wercli.analysis.pe;

import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A module file on disk read by RVA on demand (headers at their file offsets, each section at its raw data),
 * without loading the file: for questions that touch a few hundred bytes of every module, such as whether it
 * carries a DUMP_HELPER resource, where {@link ModuleFileLayer} would read and keep whole files.
 */
public final class FileImage implements MemoryReader, AutoCloseable {
    private record Range(long rva, long size, long fileOffset) {
    }

    private final FileChannel channel;
    private final long base;
    private final List<Range> ranges = new ArrayList<>();

    private FileImage(FileChannel channel, long base) throws IOException {
        this.channel = channel;
        this.base = base;
        ByteBuffer head = readAt(0, 0x1000, true).orElseThrow(() -> new PeFormatException("truncated PE file"));
        try {
            if (head.getShort(0) != 0x5A4D) {
                throw new PeFormatException("not a PE file: no MZ signature");
            }
            int nt = head.getInt(0x3C);
            if (nt < 0 || nt > 0x1000 - 24 || head.getInt(nt) != 0x00004550) {
                throw new PeFormatException("not a PE file: no PE signature");
            }
            int sections = Math.min(Short.toUnsignedInt(head.getShort(nt + 6)), 96);
            int opt = nt + 24;
            long sizeOfHeaders = Integer.toUnsignedLong(head.getInt(opt + 60));
            ranges.add(new Range(0, Math.min(sizeOfHeaders, 0x1000), 0));
            int table = opt + Short.toUnsignedInt(head.getShort(nt + 20));
            for (int i = 0; i < sections && table + 40 * i + 40 <= head.limit(); i++) {
                int s = table + 40 * i;
                long virtualSize = Integer.toUnsignedLong(head.getInt(s + 8));
                long rawSize = Integer.toUnsignedLong(head.getInt(s + 16));
                ranges.add(new Range(Integer.toUnsignedLong(head.getInt(s + 12)),
                        virtualSize == 0 ? rawSize : Math.min(rawSize, virtualSize), Integer.toUnsignedLong(head.getInt(s + 20))));
            }
        } catch (IndexOutOfBoundsException e) {
            throw new PeFormatException("truncated PE file: " + e.getMessage());
        }
    }

    /** Opens {@code file} to be read as if loaded at {@code base}; the caller closes it. */
    public static FileImage open(Path file, long base) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new FileImage(ch, base);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The DUMP_HELPER resource of the module's file, when the file is the same build as the module (its
     * SizeOfImage, and TimeDateStamp where the module's is known, are equal), as {@link ModuleFileLayer} checks.
     */
    public static Optional<DumpHelper> dumpHelper(Path file, ModuleInfo module) {
        try (FileImage image = open(file, module.base())) {
            Optional<PeImage> pe = PeImage.tryRead(image, module.base());
            boolean sameBuild = pe.isPresent() && pe.get().sizeOfImage() == module.size()
                    && module.identity().timeDateStamp().map(t -> t == pe.get().timeDateStamp()).orElse(true);
            return sameBuild ? pe.get().dumpHelper() : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<byte[]> read(long address, int length) {
        long rva = address - base;
        if (length < 0 || rva < 0) {
            return Optional.empty();
        }
        for (Range r : ranges) {
            if (rva >= r.rva() && rva - r.rva() <= r.size() - length && length <= r.size()) {
                try {
                    return readAt(r.fileOffset() + (rva - r.rva()), length, false).map(b -> {
                        byte[] out = new byte[length];
                        b.get(0, out);
                        return out;
                    });
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** {@code length} bytes at {@code offset}; with {@code allowShort} also fewer, up to the end of the file. */
    private Optional<ByteBuffer> readAt(long offset, int length, boolean allowShort) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long at = offset;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        if (at == offset) {
            return Optional.empty();
        }
        if (buf.hasRemaining() && !allowShort) {
            return Optional.empty();
        }
        buf.flip();
        return Optional.of(buf.limit() == length ? buf : buf.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
