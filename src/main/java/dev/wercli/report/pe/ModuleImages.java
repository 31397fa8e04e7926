package dev.wercli.report.pe;

import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed PE image of each module of a snapshot, read on first use and cached (a failed parse is cached
 * too, so an unreadable module costs one attempt).
 */
public final class ModuleImages {
    private final List<ModuleInfo> modules;
    private final MemoryReader memory;
    private final Map<Long, Optional<PeImage>> cache = new HashMap<>();

    public ModuleImages(List<ModuleInfo> modules, MemoryReader memory) {
        this.modules = List.copyOf(modules);
        this.memory = memory;
    }

    public List<ModuleInfo> modules() {
        return modules;
    }

    public MemoryReader memory() {
        return memory;
    }

    public Optional<ModuleInfo> moduleAt(long address) {
        return modules.stream().filter(m -> m.contains(address)).findFirst();
    }

    public synchronized Optional<PeImage> image(ModuleInfo module) {
        return cache.computeIfAbsent(module.base(), b -> PeImage.tryRead(memory, b));
    }

    public Optional<PeImage> imageAt(long address) {
        return moduleAt(address).flatMap(this::image);
    }
}
