package dev.wercli.snapshot;

import java.util.Locale;

/**
 * The PDB a module was linked with, from its CodeView RSDS record: what a symbol server needs to find it.
 *
 * @param fileName the PDB path as the linker wrote it (may be a full build-machine path)
 * @param guidHex  the GUID as 32 upper-case hex digits in symbol-server order: Data1, Data2, Data3 as
 *                 numbers, then the 8 Data4 bytes as stored
 * @param age      the PDB age (unsigned 32-bit)
 */
public record PdbIdentity(String fileName, String guidHex, long age) {
    public PdbIdentity {
        if (!guidHex.matches("[0-9A-F]{32}")) {
            throw new IllegalArgumentException("GUID must be 32 upper-case hex digits: " + guidHex);
        }
    }

    /** The GUID in registry form, e.g. "{1B2C3D4E-...}". */
    public String guid() {
        return "{" + guidHex.substring(0, 8) + "-" + guidHex.substring(8, 12) + "-" + guidHex.substring(12, 16)
                + "-" + guidHex.substring(16, 20) + "-" + guidHex.substring(20) + "}";
    }

    /**
     * The symbol-server key (Breakpad's "debug identifier"): the GUID hex followed by the age in upper-case
     * hex without leading zeros, e.g. "1B2C...F1".
     */
    public String symbolServerId() {
        return guidHex + Long.toHexString(age).toUpperCase(Locale.ROOT);
    }
}
