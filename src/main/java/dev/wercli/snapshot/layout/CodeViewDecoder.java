package dev.wercli.snapshot.layout;

import dev.wercli.snapshot.PdbIdentity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Decodes CV_INFO_PDB70, the CodeView record both sources hold: an image's debug directory points at it, and
 * dbghelp copies it into the dump (MINIDUMP_MODULE.CvRecord). Layout: +0 "RSDS", +4 GUID (Data1 u32, Data2 u16,
 * Data3 u16, Data4[8]), +20 Age u32, +24 the NUL-terminated UTF-8 PDB file name. Other formats (NB10, whose
 * 32-bit signature is no GUID) give empty.
 */
public final class CodeViewDecoder {
    public static final int RSDS_SIGNATURE = 0x53445352; // "RSDS" read little-endian
    public static final int RSDS_HEADER_SIZE = 24;

    private CodeViewDecoder() {
    }

    /** The record in {@code bytes} (header and name; the name ends at a NUL or at the end of the buffer). */
    public static Optional<PdbIdentity> rsds(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < RSDS_HEADER_SIZE) {
            return Optional.empty();
        }
        int end = RSDS_HEADER_SIZE;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] name = new byte[end - RSDS_HEADER_SIZE];
        b.get(RSDS_HEADER_SIZE, name);
        return rsds(b, new String(name, StandardCharsets.UTF_8));
    }

    /** The record whose 24-byte header is in {@code header} and whose name was read separately. */
    public static Optional<PdbIdentity> rsds(ByteBuffer header, String pdbFileName) {
        ByteBuffer h = header.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (h.remaining() < RSDS_HEADER_SIZE || h.getInt(0) != RSDS_SIGNATURE) {
            return Optional.empty();
        }
        StringBuilder hex = new StringBuilder(String.format(Locale.ROOT, "%08X%04X%04X", h.getInt(4),
                Short.toUnsignedInt(h.getShort(8)), Short.toUnsignedInt(h.getShort(10))));
        for (int i = 12; i < 20; i++) {
            hex.append(String.format(Locale.ROOT, "%02X", h.get(i) & 0xFF));
        }
        return Optional.of(new PdbIdentity(pdbFileName, hex.toString(), Integer.toUnsignedLong(h.getInt(20))));
    }
}
