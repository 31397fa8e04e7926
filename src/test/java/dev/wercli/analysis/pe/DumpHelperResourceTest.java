package dev.wercli.analysis.pe;

import dev.wercli.report.testing.ByteImage;
import dev.wercli.report.testing.FakeMemory;
import dev.wercli.report.testing.SyntheticPe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DUMP_HELPER / MINIDUMP_AUXILIARY_PROVIDER resource, on a resource tree laid out by hand at RVA 0x3000:
 * root (RT_RCDATA) → names → languages → data entries.
 */
class DumpHelperResourceTest {
    private static final long BASE = 0x7FF6_1234_0000L;
    private static final int ROOT = 0x3000;
    private static final long SUBDIR = 0x8000_0000L;
    private static final long NAMED = 0x8000_0000L;

    /** An image whose RT_RCDATA holds "OTHER" (4 bytes of data) and {@code name} holding {@code data}. */
    private static SyntheticPe image(int type, String name, byte[] data) {
        SyntheticPe pe = new SyntheticPe(0x4000);
        ByteImage b = pe.bytes();
        pe.directory(SyntheticPe.DIR_RESOURCE, ROOT, 0x400);
        dir(b, ROOT, 0, 1);
        b.u32(ROOT + 16, type).u32(ROOT + 20, SUBDIR | 0x30);
        dir(b, ROOT + 0x30, 2, 0);
        b.u32(ROOT + 0x40, NAMED | 0x200).u32(ROOT + 0x44, SUBDIR | 0x60);
        b.u32(ROOT + 0x48, NAMED | 0x220).u32(ROOT + 0x4C, SUBDIR | 0x80);
        dir(b, ROOT + 0x60, 0, 1);
        b.u32(ROOT + 0x70, 0x409).u32(ROOT + 0x74, 0xA0);
        dir(b, ROOT + 0x80, 0, 1);
        b.u32(ROOT + 0x90, 0).u32(ROOT + 0x94, 0xB0);
        b.u32(ROOT + 0xA0, ROOT + 0x300).u32(ROOT + 0xA4, 4);
        b.u32(ROOT + 0xB0, ROOT + 0x310).u32(ROOT + 0xB4, data.length);
        string(b, ROOT + 0x200, "OTHER");
        string(b, ROOT + 0x220, name);
        b.cString(ROOT + 0x300, "abc");
        for (int i = 0; i < data.length && 0x310 + i < 0x1000; i++) {
            b.u8(ROOT + 0x310 + i, data[i]);
        }
        return pe;
    }

    private static void dir(ByteImage b, int at, int named, int ids) {
        b.u16(at + 12, named).u16(at + 14, ids);
    }

    private static void string(ByteImage b, int at, String text) {
        b.u16(at, text.length());
        b.wString(at + 2, text);
    }

    private static byte[] z(String text) {
        return (text + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<DumpHelper> helper(SyntheticPe pe) {
        return PeImage.read(new FakeMemory().map(BASE, pe.array()), BASE).dumpHelper();
    }

    @Test
    void findsTheDumpHelperAndTheProviderItNames() {
        assertEquals(Optional.of(new DumpHelper("DUMP_HELPER", Optional.of("auxprov.dll"))),
                helper(image(10, "DUMP_HELPER", z("auxprov.dll"))));
    }

    @Test
    void findsTodaysCoreclrNameAndComparesNamesCaseInsensitively() {
        assertEquals(Optional.of(new DumpHelper("MINIDUMP_AUXILIARY_PROVIDER", Optional.of("mscordaccore.dll"))),
                helper(image(10, "MINIDUMP_AUXILIARY_PROVIDER", z("mscordaccore.dll"))));
        assertEquals("DUMP_HELPER", helper(image(10, "dump_helper", z("x.dll"))).orElseThrow().resourceName());
    }

    @Test
    void otherTypesAndOtherNamesAreNotADumpHelper() {
        assertTrue(helper(image(16, "DUMP_HELPER", z("x.dll"))).isEmpty(), "RT_VERSION, not RT_RCDATA");
        assertTrue(helper(image(10, "DUMP_HELPERS", z("x.dll"))).isEmpty());
        assertTrue(helper(new SyntheticPe(0x4000)).isEmpty(), "no resources at all");
    }

    @Test
    void dataThatIsNoShortStringLeavesTheProviderUnknown() {
        byte[] noNul = new byte[400];
        java.util.Arrays.fill(noNul, (byte) 'a');
        assertEquals(Optional.empty(), helper(image(10, "DUMP_HELPER", noNul)).orElseThrow().provider());
        assertEquals(Optional.empty(), helper(image(10, "DUMP_HELPER", new byte[] {0, 'x'})).orElseThrow().provider());
        assertEquals(Optional.empty(), helper(image(10, "DUMP_HELPER", new byte[] {1, 2, 0})).orElseThrow().provider());
    }

    /**
     * The module's file, read by RVA without loading it: .rdata (0x2000 on) lies at file offset 0x400, right
     * after the headers, as a linker lays a file out, so RVAs must be translated to find the resource.
     */
    @Test
    void readsTheResourceFromTheModuleFileOnlyForTheSameBuild(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        SyntheticPe pe = image(10, "DUMP_HELPER", z("auxprov.dll"));
        int rdata = SyntheticPe.SECTION_TABLE + 40;
        pe.bytes().u32(rdata + 16, 0x4000 - 0x2000).u32(rdata + 20, 0x400);
        byte[] image = pe.array();
        byte[] file = new byte[0x400 + 0x2000];
        System.arraycopy(image, 0, file, 0, 0x400);
        System.arraycopy(image, 0x2000, file, 0x400, 0x2000);
        java.nio.file.Path dll = java.nio.file.Files.write(dir.resolve("auxhelper.dll"), file);

        dev.wercli.snapshot.ModuleInfo module = dev.wercli.snapshot.ModuleInfo.of(dll.toString(), BASE, 0x4000);
        assertEquals(Optional.of(new DumpHelper("DUMP_HELPER", Optional.of("auxprov.dll"))),
                FileImage.dumpHelper(dll, module));
        dev.wercli.snapshot.ModuleInfo otherBuild = dev.wercli.snapshot.ModuleInfo.of(dll.toString(), BASE, 0x5000);
        assertTrue(FileImage.dumpHelper(dll, otherBuild).isEmpty(), "SizeOfImage differs: another build");
        java.nio.file.Path junk = java.nio.file.Files.write(dir.resolve("junk.dll"), new byte[] {'M', 'Z', 1});
        assertTrue(FileImage.dumpHelper(junk, module).isEmpty());
        assertTrue(FileImage.dumpHelper(dir.resolve("missing.dll"), module).isEmpty());
    }

    @Test
    void hostileOffsetsStayInsideTheImage() {
        SyntheticPe pe = image(10, "DUMP_HELPER", z("x.dll"));
        pe.bytes().u32(ROOT + 0x48, NAMED | 0x3FF);           // the name's length word at the tree's end
        pe.bytes().u32(ROOT + 0x20, 0);
        assertTrue(helper(pe).isEmpty());
        SyntheticPe past = image(10, "DUMP_HELPER", z("x.dll"));
        past.bytes().u32(ROOT + 20, SUBDIR | 0x7000);        // names directory past the tree
        assertTrue(helper(past).isEmpty());
        SyntheticPe huge = image(10, "DUMP_HELPER", z("x.dll"));
        huge.bytes().u32(ROOT + 0xB0, 0x7FFF_0000L);          // data RVA outside the image
        assertEquals(Optional.empty(), helper(huge).orElseThrow().provider());
        SyntheticPe loops = image(10, "DUMP_HELPER", z("x.dll"));
        loops.bytes().u16(ROOT + 0x30 + 12, 0xFFFF).u16(ROOT + 0x30 + 14, 0xFFFF); // counts beyond the image
        helper(loops); // must terminate
    }
}
