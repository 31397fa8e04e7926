package dev.wercli.report.pe;

import dev.wercli.snapshot.ModuleInfo;

import java.util.Optional;

/**
 * What identifies a module build, for symbol-server lookups and crash buckets: read from the PE headers in
 * memory, falling back to what the snapshot's module list carries (a minidump's module entries keep the
 * timestamp and checksum even when the headers were not captured).
 */
public record ModuleIdentity(ModuleInfo module, Optional<FileVersion> fileVersion, Optional<Integer> timeDateStamp,
                             Optional<Integer> checksum, Optional<CodeViewRecord> codeView) {

    public static ModuleIdentity of(ModuleInfo module, ModuleImages images) {
        Optional<PeImage> image = images.image(module);
        return new ModuleIdentity(module,
                image.flatMap(PeImage::fileVersion),
                image.map(PeImage::timeDateStamp).or(module::timeDateStamp),
                image.map(PeImage::checksum).or(module::checksum),
                image.flatMap(PeImage::codeView));
    }
}
