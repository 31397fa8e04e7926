package dev.wercli.snapshot;

import java.util.List;
import java.util.Optional;

/** A snapshot held entirely in memory: what the live source produces, and what tests build by hand. */
public record SimpleSnapshot(ProcessInfo process, Optional<ExceptionInfo> exception, List<ThreadInfo> threads,
                             List<ModuleInfo> modules, MemoryReader memory) implements ProcessSnapshot {
    public SimpleSnapshot {
        threads = List.copyOf(threads);
        modules = List.copyOf(modules);
    }
}
