package dev.wercli.snapshot;

import java.util.Optional;

/** One thread of the snapshot; the context is empty when it could not be read. */
public record ThreadInfo(int id, Optional<CpuContext> context, Optional<Long> stackBase,
                         Optional<Long> stackLimit) {
    public static ThreadInfo of(int id, Optional<CpuContext> context) {
        return new ThreadInfo(id, context, Optional.empty(), Optional.empty());
    }
}
