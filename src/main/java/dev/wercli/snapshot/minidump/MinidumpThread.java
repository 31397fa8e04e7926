package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.CpuContext;

import java.util.Optional;

/**
 * MINIDUMP_THREAD (or MINIDUMP_THREAD_EX, whose backing store is ignored: it is Itanium-only).
 * {@code stackStart}/{@code stackSize} give the captured stack's addresses; read its bytes through
 * {@link Minidump#memory()} (full dumps leave the stack's RVA 0 and keep the bytes in Memory64List).
 */
public record MinidumpThread(int id, long suspendCount, long priorityClass, long priority, long teb,
                             long stackStart, long stackSize, Optional<CpuContext> context) {
    /** The end (highest address + 1) of the captured stack, or empty when none was captured. */
    public Optional<Long> stackEnd() {
        return stackSize == 0 ? Optional.empty() : Optional.of(stackStart + stackSize);
    }
}
