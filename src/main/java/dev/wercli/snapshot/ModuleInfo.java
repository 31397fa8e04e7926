package dev.wercli.snapshot;

/**
 * A loaded image.
 *
 * @param path     full path as the process saw it (a Windows path), or the bare name when no path is known
 * @param base     load address
 * @param size     SizeOfImage
 * @param identity the build identity as the source recorded it (a minidump's module record);
 *                 {@link ModuleIdentity#NONE} where the source records none (a live module list), and then
 *                 the report reads it from the image in memory
 */
public record ModuleInfo(String path, long base, long size, ModuleIdentity identity) {

    public static ModuleInfo of(String path, long base, long size) {
        return new ModuleInfo(path, base, size, ModuleIdentity.NONE);
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
