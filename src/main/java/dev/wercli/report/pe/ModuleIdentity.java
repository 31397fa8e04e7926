package dev.wercli.report.pe;

import dev.wercli.snapshot.ModuleInfo;

import java.util.Optional;

/**
 * What identifies a module build, for symbol-server lookups and crash buckets: read from the PE headers in
 * memory, falling back to what the snapshot's module list carries (a minidump's module entries keep the
 * timestamp, checksum and file version even when the headers were not captured), so a live capture and
 * {@code analyze} of its dump give the same identity and the same crash bucket.
 */
public record ModuleIdentity(ModuleInfo module, Optional<FileVersion> fileVersion, Optional<Integer> timeDateStamp,
                             Optional<Integer> checksum, Optional<CodeViewRecord> codeView) {

    public static ModuleIdentity of(ModuleInfo module, ModuleImages images) {
        Optional<PeImage> image = images.image(module);
        return new ModuleIdentity(module,
                image.flatMap(PeImage::fileVersion).or(() -> module.fileVersion().flatMap(FileVersion::parse)),
                image.map(PeImage::timeDateStamp).or(module::timeDateStamp),
                image.map(PeImage::checksum).or(module::checksum),
                image.flatMap(PeImage::codeView));
    }
}
