package dev.wercli.analysis.pe;

import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ModuleInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves module images from their files on disk, mapped at the module's base, for the parts of the address
 * space a snapshot's memory lacks. A file is used only if it is the same build: its TimeDateStamp equals the
 * module's (when the snapshot knows it) and its SizeOfImage equals the module size. Files are read on first
 * use and cached, failures included.
 */
public final class ModuleFileLayer implements MemoryReader {
    private static final long MAX_FILE = 512L * 1024 * 1024;

    private final List<ModuleInfo> modules;
    private final Function<ModuleInfo, Optional<Path>> lookup;
    private final Map<Long, Optional<MappedImage>> cache = new HashMap<>();

    public ModuleFileLayer(List<ModuleInfo> modules, Function<ModuleInfo, Optional<Path>> lookup) {
        this.modules = List.copyOf(modules);
        this.lookup = lookup;
    }

    @Override
    public Optional<byte[]> read(long address, int length) {
        return modules.stream().filter(m -> m.contains(address)).findFirst()
                .flatMap(this::image)
                .flatMap(image -> image.read(address, length));
    }

    private synchronized Optional<MappedImage> image(ModuleInfo module) {
        return cache.computeIfAbsent(module.base(), b -> load(module));
    }

    private Optional<MappedImage> load(ModuleInfo module) {
        Optional<Path> path = lookup.apply(module);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(path.get()) || Files.size(path.get()) > MAX_FILE) {
                return Optional.empty();
            }
            MappedImage image = MappedImage.map(Files.readAllBytes(path.get()), module.base());
            Optional<PeImage> pe = PeImage.tryRead(image, module.base());
            boolean sameBuild = pe.isPresent()
                    && pe.get().sizeOfImage() == module.size()
                    && module.identity().timeDateStamp().map(t -> t == pe.get().timeDateStamp()).orElse(true);
            return sameBuild ? Optional.of(image) : Optional.empty();
        } catch (IOException | PeFormatException e) {
            return Optional.empty();
        }
    }
}
