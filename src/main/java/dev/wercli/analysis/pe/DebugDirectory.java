package dev.wercli.analysis.pe;

import dev.wercli.snapshot.PdbIdentity;
import dev.wercli.snapshot.layout.CodeViewDecoder;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads the CodeView RSDS record from the debug directory: an array of 28-byte IMAGE_DEBUG_DIRECTORY
 * entries (+12 Type, +16 SizeOfData, +20 AddressOfRawData); type 2 is CodeView, whose data
 * {@link CodeViewDecoder} decodes, the same decoder a minidump's copy of the record goes through.
 */
final class DebugDirectory {
    private static final int ENTRY_SIZE = 28;
    private static final int TYPE_CODEVIEW = 2;
    private static final int MAX_ENTRIES = 32;
    private static final int MAX_PDB_PATH = 1024;

    private DebugDirectory() {
    }

    static Optional<PdbIdentity> codeView(ImageMemory mem, long dirRva, long dirSize) {
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
            Optional<PdbIdentity> record = rsds(mem, dataRva, dataSize);
            if (record.isPresent()) {
                return record;
            }
        }
        return Optional.empty();
    }

    /** The header is read apart from the name: a name near the end of a mapped region needs careful reads. */
    private static Optional<PdbIdentity> rsds(ImageMemory mem, long rva, long size) {
        Optional<ByteBuffer> head = mem.read(rva, CodeViewDecoder.RSDS_HEADER_SIZE);
        if (head.isEmpty() || head.get().getInt(0) != CodeViewDecoder.RSDS_SIGNATURE) {
            return Optional.empty();
        }
        int maxPath = (int) Math.min(MAX_PDB_PATH, size - CodeViewDecoder.RSDS_HEADER_SIZE);
        String pdb = mem.cString(rva + CodeViewDecoder.RSDS_HEADER_SIZE, Math.max(maxPath, 1)).orElse("");
        return CodeViewDecoder.rsds(head.get(), pdb);
    }
}
