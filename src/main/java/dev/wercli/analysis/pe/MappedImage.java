package dev.wercli.analysis.pe;

import dev.wercli.snapshot.MemoryReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * A PE file's bytes laid out as the loader maps them (headers at 0, each section's raw data at its
 * VirtualAddress), served as a {@link MemoryReader} at a chosen base. Used when process memory lacks the
 * image (a small minidump holds no module code) but the file is on disk, and to test the parser and
 * unwinder on real linker output. Relocations are not applied: RVAs, exports and unwind data do not need them.
 */
public final class MappedImage implements MemoryReader {
    private static final long MAX_IMAGE = 512L * 1024 * 1024;

    private final long base;
    private final byte[] image;

    private MappedImage(long base, byte[] image) {
        this.base = base;
        this.image = image;
    }

    /** Maps {@code file} (the bytes of a .exe/.dll) at {@code base}; throws PeFormatException if it is not PE. */
    public static MappedImage map(byte[] file, long base) {
        ByteBuffer f = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (f.getShort(0) != 0x5A4D) {
                throw new PeFormatException("not a PE file: no MZ signature");
            }
            int nt = f.getInt(0x3C);
            if (nt < 0 || f.getInt(nt) != 0x00004550) {
                throw new PeFormatException("not a PE file: no PE signature");
            }
            int sections = Short.toUnsignedInt(f.getShort(nt + 6));
            int optionalSize = Short.toUnsignedInt(f.getShort(nt + 20));
            int opt = nt + 24;
            long sizeOfImage = Integer.toUnsignedLong(f.getInt(opt + 56));
            long sizeOfHeaders = Integer.toUnsignedLong(f.getInt(opt + 60));
            if (sizeOfImage == 0 || sizeOfImage > MAX_IMAGE) {
                throw new PeFormatException("implausible SizeOfImage 0x" + Long.toHexString(sizeOfImage));
            }
            byte[] image = new byte[(int) sizeOfImage];
            System.arraycopy(file, 0, image, 0, (int) Math.min(Math.min(sizeOfHeaders, file.length), sizeOfImage));
            int table = opt + optionalSize;
            for (int i = 0; i < sections; i++) {
                int s = table + 40 * i;
                long virtualSize = Integer.toUnsignedLong(f.getInt(s + 8));
                long virtualAddress = Integer.toUnsignedLong(f.getInt(s + 12));
                long rawSize = Integer.toUnsignedLong(f.getInt(s + 16));
                long rawPointer = Integer.toUnsignedLong(f.getInt(s + 20));
                long length = virtualSize == 0 ? rawSize : Math.min(rawSize, virtualSize);
                length = Math.min(length, Math.min(file.length - rawPointer, sizeOfImage - virtualAddress));
                if (length > 0 && rawPointer < file.length && virtualAddress < sizeOfImage) {
                    System.arraycopy(file, (int) rawPointer, image, (int) virtualAddress, (int) length);
                }
            }
            return new MappedImage(base, image);
        } catch (IndexOutOfBoundsException e) {
            throw new PeFormatException("truncated PE file: " + e.getMessage());
        }
    }

    public long base() {
        return base;
    }

    public long size() {
        return image.length;
    }

    @Override
    public Optional<byte[]> read(long address, int length) {
        long offset = address - base;
        if (length < 0 || offset < 0 || offset > image.length || length > image.length - offset) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(image, (int) offset, (int) offset + length));
    }
}
