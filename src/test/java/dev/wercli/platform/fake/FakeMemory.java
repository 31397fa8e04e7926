package dev.wercli.platform.fake;

import dev.wercli.platform.ProcessMemory;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Process memory as a set of byte ranges; a read outside them fails, as ReadProcessMemory does. */
public final class FakeMemory implements ProcessMemory {
    private final TreeMap<Long, byte[]> ranges = new TreeMap<>();

    public FakeMemory put(long address, byte[] bytes) {
        ranges.put(address, bytes.clone());
        return this;
    }

    @Override
    public Optional<byte[]> read(long address, int length) {
        Map.Entry<Long, byte[]> e = ranges.floorEntry(address);
        if (e == null || length < 0) {
            return Optional.empty();
        }
        long offset = address - e.getKey();
        if (offset + length > e.getValue().length) {
            return Optional.empty();
        }
        byte[] out = new byte[length];
        System.arraycopy(e.getValue(), (int) offset, out, 0, length);
        return Optional.of(out);
    }
}
