package dev.wercli.snapshot.minidump;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the memory ranges of MemoryList, Memory64List and thread stacks, drops the ones that lie outside the file
 * or wrap around the address space, and builds the {@link DumpMemory} index. Overlapping ranges are valid: dbghelp
 * lists a thread's stack inside a larger region it also saved, and Wine's mini dumps hold thousands of overlaps.
 */
final class MemoryIndex {
    private final DumpBytes bytes;
    private final MinidumpReader reader;
    private final List<MemoryRange> candidates = new ArrayList<>();

    MemoryIndex(DumpBytes bytes, MinidumpReader reader) {
        this.bytes = bytes;
        this.reader = reader;
    }

    /** MINIDUMP_MEMORY_LIST: NumberOfMemoryRanges, then 16-byte descriptors (Start, DataSize, Rva). */
    void memoryList(StreamEntry s) {
        String n = s.name();
        if (s.dataSize() < 4) {
            throw new MinidumpFormatException(n, s.rva(), "memory list needs 4 bytes");
        }
        long count = bytes.u32(n, s.rva());
        long first = s.dataSize() == 8 + count * 16 ? s.rva() + 8 : s.rva() + 4;
        long fit = reader.entriesThatFit(s, first, count, 16);
        for (long i = 0; i < fit; i++) {
            long at = first + i * 16;
            add(n, at, bytes.u64(n, at), bytes.u32(n, at + 8), bytes.u32(n, at + 12));
        }
    }

    /**
     * MINIDUMP_MEMORY64_LIST: NumberOfMemoryRanges (u64), BaseRva (u64), then 16-byte descriptors (Start,
     * DataSize); the data of all ranges follows BaseRva back to back. Once a range runs past the end of the
     * file (a truncated full dump), it and every later one are unavailable.
     */
    void memory64List(StreamEntry s) {
        String n = s.name();
        if (s.dataSize() < 16) {
            throw new MinidumpFormatException(n, s.rva(), "memory64 list needs 16 bytes");
        }
        long count = bytes.u64(n, s.rva());
        long offset = bytes.u64(n, s.rva() + 8);
        long fit = reader.entriesThatFit(s, s.rva() + 16, count, 16);
        for (long i = 0; i < fit; i++) {
            long at = s.rva() + 16 + i * 16;
            long size = bytes.u64(n, at + 8);
            if (!bytes.contains(offset, size)) {
                reader.problem(n, at, (fit - i) + " memory ranges from 0x" + Long.toHexString(bytes.u64(n, at))
                        + " on lie beyond the end of the file (offset 0x" + Long.toHexString(offset) + ")");
                return;
            }
            add(n, at, bytes.u64(n, at), size, offset);
            offset += size;
        }
    }

    void add(String stream, long descriptor, long start, long size, long rva) {
        if (size == 0) {
            return;
        }
        if (!bytes.contains(rva, size)) {
            reader.problem(stream, descriptor, "memory at 0x" + Long.toHexString(start) + " (" + size
                    + " bytes at RVA 0x" + Long.toHexString(rva) + ") lies outside the file");
        } else if (Long.compareUnsigned(start + size, start) < 0 && start + size != 0) {
            reader.problem(stream, descriptor, "memory range at 0x" + Long.toHexString(start) + " of " + size
                    + " bytes wraps around the address space");
        } else if (start + size == 0) {
            reader.problem(stream, descriptor, "memory range at 0x" + Long.toHexString(start)
                    + " ends at the top of the address space");
        } else {
            candidates.add(new MemoryRange(start, size, rva));
        }
    }

    /**
     * Sorts the ranges by address and makes them disjoint, so every captured byte is served by one range and a
     * read succeeds wherever the union of the ranges covers it. Where ranges overlap, the one starting first
     * (the larger on a tie) keeps its bytes and a later one adds only what lies past it: the copies were written
     * from the same stopped process, so which one serves a byte does not change it, and the rule is fixed.
     */
    DumpMemory build() {
        List<MemoryRange> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(MemoryRange::start, Long::compareUnsigned)
                .thenComparing(MemoryRange::size, Comparator.reverseOrder()));
        List<MemoryRange> kept = new ArrayList<>(sorted.size());
        long covered = 0; // exclusive end of what the kept ranges cover
        for (MemoryRange r : sorted) {
            if (kept.isEmpty() || Long.compareUnsigned(r.start(), covered) >= 0) {
                kept.add(r);
                covered = r.end();
            } else if (Long.compareUnsigned(r.end(), covered) > 0) {
                long skip = covered - r.start();
                kept.add(new MemoryRange(covered, r.size() - skip, r.fileOffset() + skip));
                covered = r.end();
            }
            // else: wholly inside what is kept already (a stack inside its region, or the same range twice)
        }
        return new DumpMemory(bytes, kept);
    }
}
