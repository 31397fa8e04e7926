package dev.wercli.analysis.pe;

import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleIdentity;
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

    /**
     * The module's build identity: what its image in memory (or its file on disk) states, and where that
     * is unreadable, what the snapshot's source recorded. A live capture has only the image; a minidump
     * records the identity in its module list even when it holds none of the image, so both sources give
     * the same identity for the same module.
     */
    public ModuleIdentity identity(ModuleInfo module) {
        return image(module).map(PeImage::identity).map(i -> i.or(module.identity())).orElse(module.identity());
    }

    public Optional<PeImage> imageAt(long address) {
        return moduleAt(address).flatMap(this::image);
    }
}
