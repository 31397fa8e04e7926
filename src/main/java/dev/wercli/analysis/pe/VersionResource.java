package dev.wercli.analysis.pe;

import dev.wercli.snapshot.FileVersion;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Finds the file version in the resource tree: type RT_VERSION (16) → first name → first language → an
 * IMAGE_RESOURCE_DATA_ENTRY whose data is a VS_VERSIONINFO holding a VS_FIXEDFILEINFO (signature
 * 0xFEEF04BD, then +8 dwFileVersionMS, +12 dwFileVersionLS). Directory offsets are relative to the start of
 * the resource directory; a data entry's OffsetToData is an RVA.
 */
final class VersionResource {
    private static final int RT_VERSION = 16;
    private static final int FIXED_FILE_INFO_SIGNATURE = 0xFEEF04BD;
    private static final int MAX_ENTRIES = 4096;
    /** VS_VERSIONINFO header (6 bytes) + L"VS_VERSION_INFO\0" (32) + padding puts the fixed info at 40. */
    private static final int SEARCH_WINDOW = 128;

    private VersionResource() {
    }

    static Optional<FileVersion> fileVersion(ImageMemory mem, long dirRva, long dirSize) {
        if (dirRva == 0 || dirSize < 16) {
            return Optional.empty();
        }
        Optional<Long> names = child(mem, dirRva, dirRva, RT_VERSION, dirSize);
        Optional<Long> languages = names.flatMap(n -> child(mem, dirRva, n, -1, dirSize));
        Optional<Long> dataEntry = languages.flatMap(l -> child(mem, dirRva, l, -1, dirSize));
        if (dataEntry.isEmpty() || isDirectory(dataEntry.get())) {
            return Optional.empty();
        }
        Optional<ByteBuffer> entry = mem.read(dataEntry.get(), 16);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        long dataRva = Integer.toUnsignedLong(entry.get().getInt(0));
        long dataSize = Integer.toUnsignedLong(entry.get().getInt(4));
        int window = (int) Math.min(dataSize, SEARCH_WINDOW);
        Optional<ByteBuffer> data = mem.read(dataRva, window);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer b = data.get();
        for (int o = 0; o + 16 <= window; o += 4) {
            if (b.getInt(o) == FIXED_FILE_INFO_SIGNATURE) {
                return Optional.of(FileVersion.of(b.getInt(o + 8), b.getInt(o + 12)));
            }
        }
        return Optional.empty();
    }

    /** Marks an RVA as a subdirectory so the caller can tell leaves from directories. */
    private static final long DIRECTORY_FLAG = 1L << 62;

    private static boolean isDirectory(long value) {
        return (value & DIRECTORY_FLAG) != 0;
    }

    /**
     * In the directory at {@code dir} (an RVA, possibly flagged), the entry with id {@code id} (or the
     * first entry when id is -1); returns the RVA of the child, flagged when it is a subdirectory.
     */
    private static Optional<Long> child(ImageMemory mem, long root, long dir, int id, long rootSize) {
        long at = dir & ~DIRECTORY_FLAG;
        if (dir != root && !isDirectory(dir)) {
            return Optional.empty();
        }
        Optional<ByteBuffer> header = mem.read(at, 16);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        int count = Short.toUnsignedInt(header.get().getShort(12)) + Short.toUnsignedInt(header.get().getShort(14));
        count = Math.min(count, MAX_ENTRIES);
        Optional<ByteBuffer> entries = mem.read(at + 16, 8L * count);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < count; i++) {
            int name = entries.get().getInt(8 * i);
            long target = Integer.toUnsignedLong(entries.get().getInt(8 * i + 4));
            boolean named = name < 0; // high bit: the name is a string, not an id
            if (id != -1 && (named || name != id)) {
                continue;
            }
            boolean subdir = (target & 0x80000000L) != 0;
            long offset = target & 0x7FFFFFFFL;
            if (offset >= rootSize) {
                return Optional.empty();
            }
            return Optional.of(root + offset | (subdir ? DIRECTORY_FLAG : 0));
        }
        return Optional.empty();
    }
}
