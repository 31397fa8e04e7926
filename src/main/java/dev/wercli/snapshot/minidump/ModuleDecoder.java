package dev.wercli.snapshot.minidump;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** ModuleList and UnloadedModuleList, with each module's VS_FIXEDFILEINFO and CodeView record. */
final class ModuleDecoder {
    static final int MODULE_SIZE = 108;
    static final int VS_FIXEDFILEINFO_SIGNATURE = 0xFEEF04BD;
    static final int CV_RSDS = 0x53445352; // "RSDS"
    static final int CV_NB10 = 0x3031424E; // "NB10"
    /** A CodeView record is a header and a PDB path; anything larger is damage. */
    static final int MAX_CODEVIEW_BYTES = 4096;

    private final DumpBytes bytes;
    private final Minidump dump;
    private final MinidumpReader reader;

    ModuleDecoder(DumpBytes bytes, Minidump dump, MinidumpReader reader) {
        this.bytes = bytes;
        this.dump = dump;
        this.reader = reader;
    }

    /** MINIDUMP_MODULE_LIST: NumberOfModules, then 108-byte MINIDUMP_MODULE entries. */
    void moduleList(StreamEntry s) {
        if (s.dataSize() < 4) {
            throw new MinidumpFormatException(s.name(), s.rva(), "module list needs 4 bytes");
        }
        String n = s.name();
        long count = bytes.u32(n, s.rva());
        long first = s.dataSize() == 8 + count * MODULE_SIZE ? s.rva() + 8 : s.rva() + 4;
        long fit = reader.entriesThatFit(s, first, count, MODULE_SIZE);
        for (long i = 0; i < fit; i++) {
            dump.modules.add(module(n, first + i * MODULE_SIZE));
        }
    }

    /**
     * MINIDUMP_MODULE: +0 BaseOfImage, +8 SizeOfImage, +12 CheckSum, +16 TimeDateStamp, +20 ModuleNameRva,
     * +24 VS_FIXEDFILEINFO (52 bytes), +76 CvRecord, +84 MiscRecord.
     */
    private MinidumpModule module(String n, long at) {
        ByteBuffer b = bytes.slice(n, at, MODULE_SIZE);
        long nameRva = Integer.toUnsignedLong(b.getInt(20));
        String name = reader.optionalString(n, nameRva).orElse("");
        if (nameRva == 0) {
            reader.problem(n, at + 20, "module at 0x" + Long.toHexString(b.getLong(0)) + " has no name");
        }
        Optional<String> fileVersion = Optional.empty();
        Optional<String> productVersion = Optional.empty();
        if (b.getInt(24) == VS_FIXEDFILEINFO_SIGNATURE) {
            fileVersion = Optional.of(version(b.getInt(24 + 8), b.getInt(24 + 12)));
            productVersion = Optional.of(version(b.getInt(24 + 16), b.getInt(24 + 20)));
        }
        return new MinidumpModule(b.getLong(0), Integer.toUnsignedLong(b.getInt(8)),
                Integer.toUnsignedLong(b.getInt(12)), Integer.toUnsignedLong(b.getInt(16)), name,
                fileVersion, productVersion, codeView(n, Integer.toUnsignedLong(b.getInt(76)),
                        Integer.toUnsignedLong(b.getInt(80))));
    }

    private static String version(int ms, int ls) {
        return (ms >>> 16) + "." + (ms & 0xFFFF) + "." + (ls >>> 16) + "." + (ls & 0xFFFF);
    }

    /**
     * CV_INFO_PDB70 ("RSDS", GUID, Age, UTF-8 PdbFileName) or CV_INFO_PDB20 ("NB10", Offset, Signature,
     * Age, PdbFileName). Other formats are ignored; damage is recorded and gives empty.
     */
    private Optional<CodeViewInfo> codeView(String n, long size, long rva) {
        if (size == 0) {
            return Optional.empty();
        }
        if (size < 4 || size > MAX_CODEVIEW_BYTES || !bytes.contains(rva, size)) {
            reader.problem(n, rva, "CodeView record of " + size + " bytes is out of the file or implausible");
            return Optional.empty();
        }
        ByteBuffer b = bytes.slice(n, rva, (int) size);
        int sig = b.getInt(0);
        if (sig == CV_RSDS && size >= 24) {
            String guid = String.format("%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
                    b.getInt(4), b.getShort(8), b.getShort(10), b.get(12), b.get(13), b.get(14), b.get(15),
                    b.get(16), b.get(17), b.get(18), b.get(19));
            return Optional.of(new CodeViewInfo("RSDS", name(b, 24), Optional.of(guid), 0,
                    Integer.toUnsignedLong(b.getInt(20))));
        }
        if (sig == CV_NB10 && size >= 16) {
            return Optional.of(new CodeViewInfo("NB10", name(b, 16), Optional.empty(),
                    Integer.toUnsignedLong(b.getInt(8)), Integer.toUnsignedLong(b.getInt(12))));
        }
        return Optional.empty();
    }

    private static String name(ByteBuffer b, int from) {
        int end = from;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] text = new byte[end - from];
        b.get(from, text);
        return new String(text, StandardCharsets.UTF_8);
    }

    /** MINIDUMP_UNLOADED_MODULE_LIST: SizeOfHeader, SizeOfEntry, NumberOfEntries; 24-byte entries. */
    void unloadedModuleList(StreamEntry s) {
        String n = s.name();
        if (s.dataSize() < 12) {
            throw new MinidumpFormatException(n, s.rva(), "unloaded module list header needs 12 bytes");
        }
        long header = bytes.u32(n, s.rva());
        long entry = bytes.u32(n, s.rva() + 4);
        if (header < 12 || header > s.dataSize() || entry < 24 || entry > MinidumpReader.MAX_STRING_BYTES) {
            throw new MinidumpFormatException(n, s.rva(), "implausible SizeOfHeader " + header
                    + " / SizeOfEntry " + entry);
        }
        long first = s.rva() + header;
        long fit = reader.entriesThatFit(s, first, bytes.u32(n, s.rva() + 8), entry);
        for (long i = 0; i < fit; i++) {
            long at = first + i * entry;
            dump.unloadedModules.add(new UnloadedModule(bytes.u64(n, at), bytes.u32(n, at + 8),
                    bytes.u32(n, at + 12), bytes.u32(n, at + 16),
                    reader.optionalString(n, bytes.u32(n, at + 20)).orElse("")));
        }
    }
}
