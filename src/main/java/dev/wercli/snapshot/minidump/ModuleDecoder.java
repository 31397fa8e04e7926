package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.ModuleIdentity;
import dev.wercli.snapshot.PdbIdentity;
import dev.wercli.snapshot.layout.CodeViewDecoder;

import java.nio.ByteBuffer;
import java.util.Optional;

/** ModuleList and UnloadedModuleList, with each module's VS_FIXEDFILEINFO and CodeView record. */
final class ModuleDecoder {
    static final int MODULE_SIZE = 108;
    static final int VS_FIXEDFILEINFO_SIGNATURE = 0xFEEF04BD;
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
     * +24 VS_FIXEDFILEINFO (52 bytes: +8 dwFileVersionMS/LS, +16 dwProductVersionMS/LS), +76 CvRecord
     * (DataSize, Rva), +84 MiscRecord.
     */
    private MinidumpModule module(String n, long at) {
        ByteBuffer b = bytes.slice(n, at, MODULE_SIZE);
        long nameRva = Integer.toUnsignedLong(b.getInt(20));
        String name = reader.optionalString(n, nameRva).orElse("");
        if (nameRva == 0) {
            reader.problem(n, at + 20, "module at 0x" + Long.toHexString(b.getLong(0)) + " has no name");
        }
        Optional<FileVersion> fileVersion = Optional.empty();
        Optional<FileVersion> productVersion = Optional.empty();
        if (b.getInt(24) == VS_FIXEDFILEINFO_SIGNATURE) {
            fileVersion = Optional.of(FileVersion.of(b.getInt(24 + 8), b.getInt(24 + 12)));
            productVersion = Optional.of(FileVersion.of(b.getInt(24 + 16), b.getInt(24 + 20)));
        }
        ModuleIdentity identity = new ModuleIdentity(fileVersion, Optional.of(b.getInt(16)), Optional.of(b.getInt(12)),
                codeView(n, Integer.toUnsignedLong(b.getInt(76)), Integer.toUnsignedLong(b.getInt(80))));
        return new MinidumpModule(b.getLong(0), Integer.toUnsignedLong(b.getInt(8)), name, identity, productVersion);
    }

    /**
     * The CodeView record dbghelp copied from the image's debug directory (Wine's dbghelp writes none: size 0).
     * Only RSDS is an identity a symbol server takes; damage is recorded and gives empty.
     */
    private Optional<PdbIdentity> codeView(String n, long size, long rva) {
        if (size == 0) {
            return Optional.empty();
        }
        if (size < 4 || size > MAX_CODEVIEW_BYTES || !bytes.contains(rva, size)) {
            reader.problem(n, rva, "CodeView record of " + size + " bytes is out of the file or implausible");
            return Optional.empty();
        }
        return CodeViewDecoder.rsds(bytes.slice(n, rva, (int) size));
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
