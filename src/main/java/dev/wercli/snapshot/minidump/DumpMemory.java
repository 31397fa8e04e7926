package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.MemoryReader;

import java.util.List;
import java.util.Optional;

/**
 * Process memory captured in a dump: a sorted, non-overlapping set of ranges whose bytes stay in the
 * (mapped) file until read. A read may span ranges that touch (full dumps split regions), never a gap.
 */
public final class DumpMemory implements MemoryReader {
    static final DumpMemory EMPTY = new DumpMemory(null, List.of());

    private final DumpBytes bytes;
    private final MemoryRange[] ranges;
    private final long[] starts;

    /** {@code ranges} must be sorted by start, non-overlapping (MemoryIndex trims overlaps), and inside the file. */
    DumpMemory(DumpBytes bytes, List<MemoryRange> ranges) {
        this.bytes = bytes;
        this.ranges = ranges.toArray(new MemoryRange[0]);
        this.starts = new long[this.ranges.length];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = this.ranges[i].start();
        }
    }

    public List<MemoryRange> ranges() {
        return List.of(ranges);
    }

    /** Total bytes of process memory in the dump. */
    public long totalBytes() {
        long sum = 0;
        for (MemoryRange r : ranges) {
            sum += r.size();
        }
        return sum;
    }

    @Override
    public Optional<byte[]> read(long address, int length) {
        if (length < 0 || ranges.length == 0) {
            return Optional.empty();
        }
        int i = indexOf(address);
        if (i < 0) {
            return Optional.empty();
        }
        long need = length;
        long at = address;
        int filled = 0;
        // First check that the whole read is available, so a huge bogus length allocates nothing.
        for (int j = i; need > 0; j++) {
            if (j >= ranges.length || Long.compareUnsigned(ranges[j].start(), at) > 0) {
                return Optional.empty();
            }
            long avail = ranges[j].end() - at;
            long take = Math.min(avail, need);
            need -= take;
            at += take;
        }
        byte[] out = new byte[length];
        at = address;
        for (int j = i; filled < length; j++) {
            MemoryRange r = ranges[j];
            int take = (int) Math.min(r.end() - at, length - filled);
            bytes.copyTo(r.fileOffset() + (at - r.start()), out, filled, take);
            filled += take;
            at += take;
        }
        return Optional.of(out);
    }

    /** The index of the range containing {@code address}, or -1. Starts are compared unsigned. */
    private int indexOf(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return -1;
        }
        MemoryRange r = ranges[found];
        return Long.compareUnsigned(address - r.start(), r.size()) < 0 ? found : -1;
    }

    @Override
    public String toString() {
        return "DumpMemory[" + ranges.length + " ranges]";
    }
}
