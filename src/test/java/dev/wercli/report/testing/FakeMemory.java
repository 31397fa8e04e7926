package dev.wercli.report.testing;

import dev.wercli.snapshot.MemoryReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A process address space made of byte regions; a read succeeds only inside one region, like a dump's. */
public final class FakeMemory implements MemoryReader {
    private record Region(long start, byte[] bytes) {
    }

    private final List<Region> regions = new ArrayList<>();
    private int reads;

    public FakeMemory map(long start, byte[] bytes) {
        regions.add(new Region(start, bytes));
        return this;
    }

    /** How many reads were served or refused: lets tests check that work stays bounded. */
    public int reads() {
        return reads;
    }

    @Override
    public Optional<byte[]> read(long address, int length) {
        reads++;
        for (Region r : regions) {
            long offset = address - r.start;
            if (length >= 0 && offset >= 0 && offset <= r.bytes.length && length <= r.bytes.length - offset) {
                return Optional.of(Arrays.copyOfRange(r.bytes, (int) offset, (int) offset + length));
            }
        }
        return Optional.empty();
    }
}
