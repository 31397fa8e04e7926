package dev.wercli.snapshot;

import java.util.Optional;

/**
 * Reads the crashed process's memory: live (ReadProcessMemory) or from a dump's memory lists.
 * A read that is not fully available returns empty; callers treat memory as untrusted.
 */
public interface MemoryReader {
    Optional<byte[]> read(long address, int length);

    MemoryReader NONE = (address, length) -> Optional.empty();
}
