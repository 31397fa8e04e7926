package dev.wercli.analysis.pe;

import dev.wercli.snapshot.MemoryReader;

import java.util.List;
import java.util.Optional;

/**
 * Reads from the first layer that has the bytes: e.g. the dump's memory, then module files mapped from disk
 * (a small dump holds stacks but not module headers, exports or unwind data).
 */
public final class LayeredMemory implements MemoryReader {
    private final List<MemoryReader> layers;

    public LayeredMemory(List<MemoryReader> layers) {
        this.layers = List.copyOf(layers);
    }

    @Override
    public Optional<byte[]> read(long address, int length) {
        for (MemoryReader layer : layers) {
            Optional<byte[]> bytes = layer.read(address, length);
            if (bytes.isPresent()) {
                return bytes;
            }
        }
        return Optional.empty();
    }
}
