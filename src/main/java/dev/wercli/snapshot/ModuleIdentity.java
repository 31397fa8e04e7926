package dev.wercli.snapshot;

import java.util.Optional;

/**
 * What identifies a module build, for symbol servers and crash buckets, with SizeOfImage (kept in
 * {@link ModuleInfo#size()}). A minidump's module record carries all of it; a live source fills it from the
 * image in memory. Each field is empty where the source did not have it.
 *
 * @param timeDateStamp the link TimeDateStamp (with SizeOfImage, the key of a binary on a symbol server)
 * @param checksum      the PE CheckSum
 * @param pdb           the CodeView RSDS record (the key of the PDB on a symbol server)
 */
public record ModuleIdentity(Optional<FileVersion> fileVersion, Optional<Integer> timeDateStamp,
                             Optional<Integer> checksum, Optional<PdbIdentity> pdb) {
    public static final ModuleIdentity NONE =
            new ModuleIdentity(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Field by field: this identity's value where it has one, else {@code other}'s. */
    public ModuleIdentity or(ModuleIdentity other) {
        return new ModuleIdentity(fileVersion.or(other::fileVersion), timeDateStamp.or(other::timeDateStamp),
                checksum.or(other::checksum), pdb.or(other::pdb));
    }
}
