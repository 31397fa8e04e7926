package dev.wercli.snapshot.minidump;

/** A range of process memory captured in the dump: {@code size} bytes at {@code fileOffset} in the file. */
public record MemoryRange(long start, long size, long fileOffset) {
    /** Exclusive end address; callers have checked that it does not wrap. */
    public long end() {
        return start + size;
    }
}
