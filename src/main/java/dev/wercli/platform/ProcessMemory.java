package dev.wercli.platform;

import java.util.Optional;

/** ReadProcessMemory on one process. A partial copy (ERROR_PARTIAL_COPY) is a failed read: empty. */
public interface ProcessMemory {
    Optional<byte[]> read(long address, int length);
}
