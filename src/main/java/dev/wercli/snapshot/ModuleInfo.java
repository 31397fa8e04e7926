package dev.wercli.snapshot;

import java.util.Optional;

/**
 * A loaded image. Identity fields (version, timestamp, PDB) are filled where the source has them.
 *
 * @param path        full path as the process saw it (a Windows path), or the bare name when no path is known
 * @param base        load address
 * @param size        SizeOfImage
 * @param fileVersion "a.b.c.d" from the source's own record of the module (a minidump's VS_FIXEDFILEINFO);
 *                    empty for a live process, where the report reads it from the image in memory
 */
public record ModuleInfo(String path, long base, long size, Optional<Integer> timeDateStamp,
                         Optional<Integer> checksum, Optional<String> fileVersion) {

    public ModuleInfo(String path, long base, long size, Optional<Integer> timeDateStamp, Optional<Integer> checksum) {
        this(path, base, size, timeDateStamp, checksum, Optional.empty());
    }

    public static ModuleInfo of(String path, long base, long size) {
        return new ModuleInfo(path, base, size, Optional.empty(), Optional.empty());
    }

    /** The file name part of {@link #path()}, e.g. "ntdll.dll". */
    public String name() {
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(cut + 1);
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address - base, size) < 0;
    }
}
