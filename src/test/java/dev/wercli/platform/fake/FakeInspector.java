package dev.wercli.platform.fake;

import dev.wercli.platform.ProcessInspector;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ModuleInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A process described by hand. */
public final class FakeInspector implements ProcessInspector {
    public String imagePath = "C:\\apps\\crashy.exe";
    public String commandLine = "\"C:\\apps\\crashy.exe\" av-write";
    public Architecture architecture = Architecture.X64;
    public final List<ModuleInfo> modules = new ArrayList<>();
    public final List<Integer> threads = new ArrayList<>();
    public int self = 4;

    @Override
    public Optional<String> imagePath(int pid) {
        return Optional.ofNullable(imagePath);
    }

    @Override
    public Optional<String> commandLine(int pid) {
        return Optional.ofNullable(commandLine);
    }

    @Override
    public Architecture architecture(int pid) {
        return architecture;
    }

    @Override
    public List<ModuleInfo> modules(int pid) {
        return List.copyOf(modules);
    }

    @Override
    public List<Integer> threadIds(int pid) {
        return List.copyOf(threads);
    }

    @Override
    public int currentPid() {
        return self;
    }
}
