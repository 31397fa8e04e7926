package dev.wercli.analysis.stack;

import dev.wercli.analysis.pe.ExportTable;
import dev.wercli.analysis.pe.ModuleImages;
import dev.wercli.analysis.pe.PeImage;
import dev.wercli.analysis.pe.RuntimeFunction;
import dev.wercli.snapshot.ModuleInfo;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Names code addresses with what is in memory without PDBs: the module and the nearest preceding export.
 * An export is used only when it lies in the same function as the address (per .pdata, following chained
 * entries to the primary one); without .pdata (every x86 image) only when it is at most
 * {@link #MAX_UNBOUNDED_DISTANCE} before it. Otherwise the frame is {@code module+0xoff}, which is honest where "nearest export +0x5f3a0"
 * would name the wrong function.
 */
public final class Symbolizer {
    static final long MAX_UNBOUNDED_DISTANCE = 0x10000;
    private static final int MAX_CHAIN = 32;

    private final ModuleImages images;

    public Symbolizer(ModuleImages images) {
        this.images = images;
    }

    /**
     * Describes {@code ip}; {@code lookupAddress} is the address used to find the function (a return
     * address minus one for caller frames, so a call at the end of a function is not credited to the next).
     */
    public StackFrame frame(int index, long ip, long lookupAddress, long sp, FrameTrust trust) {
        Optional<ModuleInfo> module = images.moduleAt(lookupAddress).or(() -> images.moduleAt(ip));
        if (module.isEmpty()) {
            return new StackFrame(index, ip, sp, trust, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        ModuleInfo m = module.get();
        long moduleOffset = ip - m.base();
        Optional<ExportTable.Export> export = images.image(m).flatMap(img -> exportFor(img, lookupAddress - m.base()));
        return new StackFrame(index, ip, sp, trust, Optional.of(m.name()), Optional.of(moduleOffset),
                export.map(ExportTable.Export::name), export.map(e -> moduleOffset - e.rva()));
    }

    private static Optional<ExportTable.Export> exportFor(PeImage image, long rva) {
        Optional<ExportTable.Export> nearest = image.exports().nearestAtOrBefore(rva);
        if (nearest.isEmpty()) {
            return nearest;
        }
        Optional<RuntimeFunction> function = primaryFunction(image, rva);
        if (function.isPresent()) {
            return nearest.filter(e -> e.rva() >= function.get().beginRva());
        }
        return nearest.filter(e -> rva - e.rva() <= MAX_UNBOUNDED_DISTANCE);
    }

    /** The RUNTIME_FUNCTION of the function's entry, following UNW_FLAG_CHAININFO from split-off parts. */
    static Optional<RuntimeFunction> primaryFunction(PeImage image, long rva) {
        Optional<RuntimeFunction> f = image.runtimeFunctionFor(rva);
        for (int i = 0; f.isPresent() && i < MAX_CHAIN; i++) {
            long info = f.get().unwindInfoRva();
            Optional<ByteBuffer> header = image.bytes(info, 4);
            if (header.isEmpty() || ((header.get().get(0) & 0xFF) >>> 3 & 4) == 0) {
                return f;
            }
            int count = header.get().get(2) & 0xFF;
            Optional<RuntimeFunction> parent = image.runtimeFunctionAt(info + 4 + 2L * ((count + 1) & ~1));
            if (parent.isEmpty()) {
                return f;
            }
            f = parent;
        }
        return f;
    }
}
