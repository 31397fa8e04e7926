package dev.wercli.snapshot.minidump;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@link MinidumpReader} could decode from one dump file. Metadata streams are decoded up front
 * (they are small); process memory stays in the file and is read on demand through {@link #memory()}.
 * When {@link #problems()} is not empty the dump was damaged and this holds what could still be read.
 */
public final class Minidump {
    final DumpBytes bytes;
    final MinidumpHeader header;
    final List<StreamEntry> streams = new ArrayList<>();
    final List<StreamEntry> unknownStreams = new ArrayList<>();
    final List<MinidumpProblem> problems = new ArrayList<>();
    SystemInfo systemInfo;
    MiscInfo miscInfo;
    MinidumpException exception;
    final List<MinidumpThread> threads = new ArrayList<>();
    final List<MinidumpThread> threadsEx = new ArrayList<>();
    final List<MinidumpModule> modules = new ArrayList<>();
    final List<UnloadedModule> unloadedModules = new ArrayList<>();
    final List<MemoryInfo> memoryInfo = new ArrayList<>();
    final List<HandleDescriptor> handles = new ArrayList<>();
    final List<ThreadInfoEntry> threadInfo = new ArrayList<>();
    final List<String> comments = new ArrayList<>();
    DumpMemory memory = DumpMemory.EMPTY;

    Minidump(DumpBytes bytes, MinidumpHeader header) {
        this.bytes = bytes;
        this.header = header;
    }

    public long fileSize() {
        return bytes.size();
    }

    public MinidumpHeader header() {
        return header;
    }

    /** The stream directory as written, including streams the reader does not decode. */
    public List<StreamEntry> streams() {
        return Collections.unmodifiableList(streams);
    }

    /** Streams of a type the reader does not decode (e.g. Wine's private 0xFFF0): listed, never fatal. */
    public List<StreamEntry> unknownStreams() {
        return Collections.unmodifiableList(unknownStreams);
    }

    /** Whether the file was damaged: some structure could not be read and was skipped. */
    public boolean partial() {
        return !problems.isEmpty();
    }

    public List<MinidumpProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    public Optional<SystemInfo> systemInfo() {
        return Optional.ofNullable(systemInfo);
    }

    public Optional<MiscInfo> miscInfo() {
        return Optional.ofNullable(miscInfo);
    }

    public Optional<MinidumpException> exception() {
        return Optional.ofNullable(exception);
    }

    /** Threads from the ThreadList stream. */
    public List<MinidumpThread> threads() {
        return Collections.unmodifiableList(threads);
    }

    /** Threads from the ThreadExList stream (rare: written only with MiniDumpWithThreadInfo on old systems). */
    public List<MinidumpThread> threadsEx() {
        return Collections.unmodifiableList(threadsEx);
    }

    public List<MinidumpModule> modules() {
        return Collections.unmodifiableList(modules);
    }

    public List<UnloadedModule> unloadedModules() {
        return Collections.unmodifiableList(unloadedModules);
    }

    public List<MemoryInfo> memoryInfo() {
        return Collections.unmodifiableList(memoryInfo);
    }

    public List<HandleDescriptor> handles() {
        return Collections.unmodifiableList(handles);
    }

    public List<ThreadInfoEntry> threadInfo() {
        return Collections.unmodifiableList(threadInfo);
    }

    /** Text of the CommentStreamA / CommentStreamW streams, in directory order. */
    public List<String> comments() {
        return Collections.unmodifiableList(comments);
    }

    /** Captured process memory (MemoryList and Memory64List), read lazily from the file. */
    public DumpMemory memory() {
        return memory;
    }
}
