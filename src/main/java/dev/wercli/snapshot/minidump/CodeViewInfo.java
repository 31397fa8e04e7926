package dev.wercli.snapshot.minidump;

import java.util.Optional;

/**
 * A module's CodeView record: for RSDS (PDB 7.0) the PDB name, GUID and age; for NB10 (PDB 2.0) a
 * 32-bit signature instead of the GUID. {@link #debugId()} is the symbol-server key (GUID + age, hex).
 */
public record CodeViewInfo(String format, String pdbName, Optional<String> guid, long signature, long age) {
    public String debugId() {
        String id = guid.map(g -> g.replace("-", "")).orElse(String.format("%08X", signature));
        return id + Long.toHexString(age).toUpperCase(java.util.Locale.ROOT);
    }
}
