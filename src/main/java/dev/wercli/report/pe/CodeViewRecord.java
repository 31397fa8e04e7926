package dev.wercli.report.pe;

import java.util.Locale;

/**
 * The CodeView "RSDS" record of the debug directory: what a symbol server needs to find the PDB.
 *
 * @param pdbFileName the PDB path as the linker wrote it (may be a full build-machine path)
 * @param guid        the PDB signature GUID in registry form, e.g. "{1B2C...}"
 * @param age         the PDB age
 * @param guidHex     the GUID as 32 upper-case hex digits in symbol-server order (Data1, Data2, Data3 as
 *                    numbers, then Data4 bytes)
 */
public record CodeViewRecord(String pdbFileName, String guid, int age, String guidHex) {
    /** The symbol-server key: GUID hex followed by the age in hex, e.g. "1B2C...F1". */
    public String symbolServerId() {
        return guidHex + Integer.toHexString(age).toUpperCase(Locale.ROOT);
    }
}
