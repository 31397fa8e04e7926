package dev.wercli.report.pe;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the CodeView RSDS record from the debug directory: an array of 28-byte IMAGE_DEBUG_DIRECTORY
 * entries (+12 Type, +16 SizeOfData, +20 AddressOfRawData); type 2 is CodeView, whose data starts with
 * "RSDS", a 16-byte GUID, a 4-byte age and the NUL-terminated UTF-8 PDB path.
 */
final class DebugDirectory {
    private static final int ENTRY_SIZE = 28;
    private static final int TYPE_CODEVIEW = 2;
    private static final int RSDS = 0x53445352; // "RSDS" read little-endian
    private static final int MAX_ENTRIES = 32;
    private static final int MAX_PDB_PATH = 1024;

    private DebugDirectory() {
    }

    static Optional<CodeViewRecord> codeView(ImageMemory mem, long dirRva, long dirSize) {
        if (dirRva == 0 || dirSize < ENTRY_SIZE) {
            return Optional.empty();
        }
        long count = Math.min(dirSize / ENTRY_SIZE, MAX_ENTRIES);
        Optional<ByteBuffer> dir = mem.read(dirRva, count * ENTRY_SIZE);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer e = dir.get();
            int o = i * ENTRY_SIZE;
            long dataRva = Integer.toUnsignedLong(e.getInt(o + 20));
            long dataSize = Integer.toUnsignedLong(e.getInt(o + 16));
            if (e.getInt(o + 12) != TYPE_CODEVIEW || dataRva == 0 || dataSize < 24) {
                continue;
            }
            Optional<CodeViewRecord> record = rsds(mem, dataRva, dataSize);
            if (record.isPresent()) {
                return record;
            }
        }
        return Optional.empty();
    }

    private static Optional<CodeViewRecord> rsds(ImageMemory mem, long rva, long size) {
        Optional<ByteBuffer> head = mem.read(rva, 24);
        if (head.isEmpty() || head.get().getInt(0) != RSDS) {
            return Optional.empty();
        }
        ByteBuffer h = head.get();
        int data1 = h.getInt(4);
        int data2 = Short.toUnsignedInt(h.getShort(8));
        int data3 = Short.toUnsignedInt(h.getShort(10));
        StringBuilder data4 = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            data4.append(String.format(Locale.ROOT, "%02X", h.get(12 + i) & 0xFF));
        }
        int age = h.getInt(20);
        String hex = String.format(Locale.ROOT, "%08X%04X%04X", data1, data2, data3) + data4;
        String guid = String.format(Locale.ROOT, "{%08X-%04X-%04X-%s-%s}", data1, data2, data3,
                data4.substring(0, 4), data4.substring(4));
        int maxPath = (int) Math.min(MAX_PDB_PATH, size - 24);
        String pdb = mem.cString(rva + 24, Math.max(maxPath, 1)).orElse("");
        return Optional.of(new CodeViewRecord(pdb, guid, age, hex));
    }
}
