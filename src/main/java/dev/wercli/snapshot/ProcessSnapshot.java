package dev.wercli.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a crashed process. Two sources fill it: a live process under the debugger
 * ({@code snapshot.live}) and a minidump file ({@code snapshot.minidump}); tests fill it by hand.
 * Everything that builds a report reads only this, so a live capture and {@code analyze} agree.
 */
public interface ProcessSnapshot {
    ProcessInfo process();

    Optional<ExceptionInfo> exception();

    List<ThreadInfo> threads();

    List<ModuleInfo> modules();

    MemoryReader memory();

    /** The module containing {@code address}, if any. */
    default Optional<ModuleInfo> moduleAt(long address) {
        return modules().stream().filter(m -> m.contains(address)).findFirst();
    }
}
