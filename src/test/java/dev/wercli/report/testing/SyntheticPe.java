package dev.wercli.report.testing;

/**
 * A hand-made PE32+ (x64) image in its loaded (RVA) layout, written at the offsets documented in winnt.h and
 * the PE/COFF specification, independently of the parser's constants:
 * <pre>
 *   0x00  IMAGE_DOS_HEADER   e_magic "MZ", +0x3C e_lfanew = 0x80
 *   0x80  "PE\0\0", IMAGE_FILE_HEADER (+4 Machine, +6 NumberOfSections, +8 TimeDateStamp,
 *         +20 SizeOfOptionalHeader)
 *   0x98  IMAGE_OPTIONAL_HEADER64 (+0 Magic 0x20B, +24 ImageBase, +56 SizeOfImage, +60 SizeOfHeaders,
 *         +64 CheckSum, +108 NumberOfRvaAndSizes, +112 DataDirectory[16] of {RVA, Size})
 *   0x188 section headers, 40 bytes each (+0 Name, +8 VirtualSize, +12 VirtualAddress, +36 Characteristics)
 * </pre>
 * Sections: .text at 0x1000 (code, executable), .rdata from 0x2000 to the end.
 * <p>{@link #pe32} makes the x86 variant: Machine 0x14C, IMAGE_OPTIONAL_HEADER32 (+0 Magic 0x10B,
 * +28 ImageBase as 4 bytes, +56 SizeOfImage, +64 CheckSum, +92 NumberOfRvaAndSizes, +96 DataDirectory[16]),
 * SizeOfOptionalHeader 0xE0, so the section headers start at 0x178.
 */
public final class SyntheticPe {
    public static final int NT = 0x80;
    public static final int OPT = NT + 24;
    public static final int SECTION_TABLE = OPT + 0xF0;
    public static final int TEXT_RVA = 0x1000;
    public static final int RDATA_RVA = 0x2000;

    public static final int DIR_EXPORT = 0;
    public static final int DIR_RESOURCE = 2;
    public static final int DIR_EXCEPTION = 3;
    public static final int DIR_DEBUG = 6;

    private final ByteImage img;
    private final int dataDirectories;
    private final int sectionTable;

    /** A PE32+ (x64) image. */
    public SyntheticPe(int sizeOfImage) {
        img = new ByteImage(sizeOfImage);
        dataDirectories = OPT + 112;
        sectionTable = SECTION_TABLE;
        img.u16(0, 0x5A4D).u32(0x3C, NT);
        img.u32(NT, 0x00004550).u16(NT + 4, 0x8664).u16(NT + 6, 2).u32(NT + 8, 0x5F3E2A10).u16(NT + 20, 0xF0);
        img.u16(OPT, 0x20B).u64(OPT + 24, 0x140000000L).u32(OPT + 56, sizeOfImage).u32(OPT + 60, 0x400)
                .u32(OPT + 64, 0).u32(OPT + 108, 16);
        sections(sizeOfImage);
    }

    private SyntheticPe(int sizeOfImage, long imageBase) {
        img = new ByteImage(sizeOfImage);
        dataDirectories = OPT + 96;
        sectionTable = OPT + 0xE0;
        img.u16(0, 0x5A4D).u32(0x3C, NT);
        img.u32(NT, 0x00004550).u16(NT + 4, 0x14C).u16(NT + 6, 2).u32(NT + 8, 0x5F3E2A10).u16(NT + 20, 0xE0);
        img.u16(OPT, 0x10B).u32(OPT + 28, imageBase).u32(OPT + 56, sizeOfImage).u32(OPT + 60, 0x400)
                .u32(OPT + 64, 0).u32(OPT + 92, 16);
        sections(sizeOfImage);
    }

    /** A PE32 (x86) image whose headers name {@code imageBase} as the preferred base. */
    public static SyntheticPe pe32(int sizeOfImage, long imageBase) {
        return new SyntheticPe(sizeOfImage, imageBase);
    }

    private void sections(int sizeOfImage) {
        section(0, ".text", TEXT_RVA, RDATA_RVA - TEXT_RVA, 0x60000020);
        section(1, ".rdata", RDATA_RVA, sizeOfImage - RDATA_RVA, 0x40000040);
    }

    private void section(int index, String name, int rva, int size, int characteristics) {
        int s = sectionTable + 40 * index;
        img.cString(s, name).u32(s + 8, size).u32(s + 12, rva).u32(s + 36, characteristics);
    }

    public SyntheticPe timeDateStamp(int value) {
        img.u32(NT + 8, value);
        return this;
    }

    public SyntheticPe checksum(int value) {
        img.u32(OPT + 64, value);
        return this;
    }

    public SyntheticPe directory(int index, int rva, int size) {
        img.u32(dataDirectories + 8 * index, rva).u32(dataDirectories + 8 * index + 4, size);
        return this;
    }

    /** Raw access for the parts a test lays out itself (export tables, unwind info, code bytes). */
    public ByteImage bytes() {
        return img;
    }

    public byte[] array() {
        return img.array();
    }
}
