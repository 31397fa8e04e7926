package dev.wercli.capture;

import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.ProcessSnapshot;
import dev.wercli.snapshot.ThreadInfo;
import dev.wercli.snapshot.minidump.MinidumpSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The crashed process as the report sees it once it was released: the dump just written gives the threads,
 * their contexts, the modules and the memory (and the module files on disk, at the paths the dump names, give
 * what a small dump lacks: headers, unwind data, exports, version resources, as {@code wercli analyze} reads
 * them); the live capture gives what a dump does not hold, the process facts (command line) and the exception
 * as the debugger saw it (its source: JIT_DEBUG_INFO or the second-chance event).
 *
 * <p>Why: the report's analysis (stack walks, PE parsing) took hundreds of milliseconds under Wine while the
 * crashed process waited. Built from the dump, it runs after the release, and the report is the one
 * {@code analyze} would give for the same dump, plus the live facts.
 */
final class ReleasedProcessSnapshot implements ProcessSnapshot {
    private final MinidumpSnapshot dump;
    private final ProcessInfo process;
    private final ExceptionInfo exception;

    ReleasedProcessSnapshot(MinidumpSnapshot dump, ProcessInfo process, ExceptionInfo exception) {
        this.dump = dump;
        this.process = process;
        this.exception = exception;
    }

    /** A module's file where the dump says it was loaded from, when it is still there (same machine). */
    static Optional<Path> moduleFile(ModuleInfo module) {
        try {
            Path p = Path.of(module.path());
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (RuntimeException notAPathHere) {
            return Optional.empty();
        }
    }

    @Override
    public ProcessInfo process() {
        return process;
    }

    @Override
    public Optional<ExceptionInfo> exception() {
        return Optional.of(exception);
    }

    @Override
    public List<ThreadInfo> threads() {
        return dump.threads();
    }

    @Override
    public List<ModuleInfo> modules() {
        return dump.modules();
    }

    @Override
    public MemoryReader memory() {
        return dump.memory();
    }
}
