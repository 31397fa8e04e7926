package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.CpuContext;

import java.util.Optional;

/**
 * MINIDUMP_THREAD (or MINIDUMP_THREAD_EX, whose backing store is ignored: it is Itanium-only).
 * {@code stack} is the captured stack memory, empty when its descriptor was damaged.
 */
public record MinidumpThread(int id, long suspendCount, long priorityClass, long priority, long teb,
                             Optional<MemoryRange> stack, Optional<CpuContext> context) {
}
