package dev.wercli.report.testing;

/** Ready-made synthetic images shared by the report tests. */
public final class SampleImages {
    private SampleImages() {
    }

    /**
     * A complete image: exports at 0x2000, .pdata at 0x2200, debug directory at 0x2300, resources at 0x2400.
     * Layouts: IMAGE_EXPORT_DIRECTORY (+12 Name, +16 Base, +20 NumberOfFunctions, +24 NumberOfNames,
     * +28 AddressOfFunctions, +32 AddressOfNames, +36 AddressOfNameOrdinals); RUNTIME_FUNCTION {begin, end,
     * unwind}; IMAGE_DEBUG_DIRECTORY (+12 Type, +16 SizeOfData, +20 AddressOfRawData); resource directories
     * (+12 named count, +14 id count, 8-byte entries {id, offset | 0x80000000 for subdirectories}).
     */
    public static SyntheticPe full() {
        return fill(new SyntheticPe(0x3000));
    }

    /**
     * The same directories in a PE32 (x86) image preferring base 0x400000. Its .pdata entries stay in the
     * bytes: an x86 image has no such table, so a parser must not read them as one.
     */
    public static SyntheticPe fullX86() {
        return fill(SyntheticPe.pe32(0x3000, 0x40_0000));
    }

    private static SyntheticPe fill(SyntheticPe base) {
        SyntheticPe pe = base.timeDateStamp(0x6543_21AB).checksum(0x1_2345);
        ByteImage b = pe.bytes();
        // exports (names[i] -> ordinals[i] -> functions[..]): Alpha -> 0x1000, Beta -> 0x1100, Fwd -> a forwarder string inside the export directory
        pe.directory(SyntheticPe.DIR_EXPORT, 0x2000, 0x150);
        b.u32(0x2000 + 12, 0x2100).u32(0x2000 + 16, 1).u32(0x2000 + 20, 3).u32(0x2000 + 24, 3)
                .u32(0x2000 + 28, 0x2040).u32(0x2000 + 32, 0x2050).u32(0x2000 + 36, 0x2060);
        b.u32(0x2040, 0x1100).u32(0x2044, 0x1000).u32(0x2048, 0x2130);
        b.u32(0x2050, 0x2110).u32(0x2054, 0x2118).u32(0x2058, 0x2120);
        b.u16(0x2060, 1).u16(0x2062, 0).u16(0x2064, 2);
        b.cString(0x2100, "fake.dll").cString(0x2110, "Alpha").cString(0x2118, "Beta").cString(0x2120, "Fwd")
                .cString(0x2130, "other.Thing");
        // .pdata: three functions
        pe.directory(SyntheticPe.DIR_EXCEPTION, 0x2200, 36);
        b.u32(0x2200, 0x1000).u32(0x2204, 0x1040).u32(0x2208, 0x2800);
        b.u32(0x220C, 0x1100).u32(0x2210, 0x1180).u32(0x2214, 0x2810);
        b.u32(0x2218, 0x1200).u32(0x221C, 0x1300).u32(0x2220, 0x2820);
        // debug directory: one CodeView entry pointing at an RSDS record at 0x2340
        pe.directory(SyntheticPe.DIR_DEBUG, 0x2300, 28);
        b.u32(0x2300 + 12, 2).u32(0x2300 + 16, 24 + 18).u32(0x2300 + 20, 0x2340);
        b.bytes(0x2340, 'R', 'S', 'D', 'S');
        b.u32(0x2344, 0x11223344).u16(0x2348, 0x5566).u16(0x234A, 0x7788)
                .bytes(0x234C, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x01);
        b.u32(0x2354, 3).cString(0x2358, "C:\\build\\fake.pdb");
        // resources: RT_VERSION(16) -> id 1 -> language 0x409 -> data entry -> VS_VERSIONINFO at 0x2500
        pe.directory(SyntheticPe.DIR_RESOURCE, 0x2400, 0x60);
        b.u16(0x2400 + 14, 1).u32(0x2410, 16).u32(0x2414, 0x80000018L);
        b.u16(0x2418 + 14, 1).u32(0x2428, 1).u32(0x242C, 0x80000030L);
        b.u16(0x2430 + 14, 1).u32(0x2440, 0x409).u32(0x2444, 0x48);
        b.u32(0x2448, 0x2500).u32(0x244C, 0x5C);
        b.u16(0x2500, 0x5C).u16(0x2502, 0x34).u16(0x2504, 0).wString(0x2506, "VS_VERSION_INFO");
        b.u32(0x2528, 0xFEEF04BDL).u32(0x252C, 0x10000).u32(0x2530, (1 << 16) | 2).u32(0x2534, (3 << 16) | 4);
        return pe;
    }

}
