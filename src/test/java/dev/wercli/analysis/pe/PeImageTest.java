package dev.wercli.analysis.pe;

import dev.wercli.report.testing.ByteImage;
import dev.wercli.report.testing.FakeMemory;
import dev.wercli.report.testing.SampleImages;
import dev.wercli.report.testing.SyntheticPe;
import dev.wercli.snapshot.PdbIdentity;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeImageTest {
    private static final long BASE = 0x7FF6_1234_0000L;

    private static PeImage load(SyntheticPe pe) {
        return PeImage.read(new FakeMemory().map(BASE, pe.array()), BASE);
    }

    @Test
    void readsTheIdentityFieldsFromTheHeaders() {
        PeImage image = load(SampleImages.full());
        assertEquals(0x8664, image.machine());
        assertTrue(image.isPe32Plus());
        assertEquals(0x654321AB, image.timeDateStamp());
        assertEquals(0x3000, image.sizeOfImage());
        assertEquals(0x12345, image.checksum());
        assertEquals(0x140000000L, image.preferredBase());
        assertEquals(List.of(".text", ".rdata"), image.sections().stream().map(Section::name).toList());
        assertTrue(image.isExecutable(0x1010));
        assertFalse(image.isExecutable(0x2010));
    }

    @Test
    void listsNamedExportsWithoutForwarders() {
        ExportTable exports = load(SampleImages.full()).exports();
        assertEquals(Optional.of("fake.dll"), exports.dllName());
        assertEquals(List.of(new ExportTable.Export("Alpha", 2, 0x1000), new ExportTable.Export("Beta", 1, 0x1100)),
                exports.exports());
    }

    @Test
    void findsTheNearestPrecedingExport() {
        ExportTable exports = load(SampleImages.full()).exports();
        assertEquals("Alpha", exports.nearestAtOrBefore(0x1000).orElseThrow().name());
        assertEquals("Alpha", exports.nearestAtOrBefore(0x10FF).orElseThrow().name());
        assertEquals("Beta", exports.nearestAtOrBefore(0x2FFF).orElseThrow().name());
        assertTrue(exports.nearestAtOrBefore(0xFFF).isEmpty());
    }

    @Test
    void findsTheRuntimeFunctionCoveringAnRva() {
        PeImage image = load(SampleImages.full());
        assertEquals(3, image.runtimeFunctionCount());
        assertEquals(Optional.of(new RuntimeFunction(0x1000, 0x1040, 0x2800)), image.runtimeFunctionFor(0x1000));
        assertEquals(Optional.of(new RuntimeFunction(0x1100, 0x1180, 0x2810)), image.runtimeFunctionFor(0x117F));
        assertEquals(Optional.of(new RuntimeFunction(0x1200, 0x1300, 0x2820)), image.runtimeFunctionFor(0x1250));
        assertTrue(image.runtimeFunctionFor(0x1040).isEmpty(), "gap between functions");
        assertTrue(image.runtimeFunctionFor(0x1300).isEmpty(), "past the last function");
    }

    @Test
    void readsTheCodeViewRecord() {
        PdbIdentity cv = load(SampleImages.full()).codeView().orElseThrow();
        assertEquals("C:\\build\\fake.pdb", cv.fileName());
        assertEquals("{11223344-5566-7788-99AA-BBCCDDEEFF01}", cv.guid());
        assertEquals(3, cv.age());
        assertEquals("112233445566778899AABBCCDDEEFF013", cv.symbolServerId());
    }

    @Test
    void readsTheFileVersionResource() {
        assertEquals("1.2.3.4", load(SampleImages.full()).fileVersion().orElseThrow().toString());
    }

    @Test
    void readsAPe32ImageWithItsOwnHeaderOffsets() {
        PeImage image = load(SampleImages.fullX86());
        assertEquals(0x14C, image.machine());
        assertFalse(image.isPe32Plus());
        assertEquals(0x40_0000L, image.preferredBase(), "ImageBase is 4 bytes at +28 in a PE32 optional header");
        assertEquals(0x654321AB, image.timeDateStamp());
        assertEquals(0x12345, image.checksum());
        assertEquals(List.of(".text", ".rdata"), image.sections().stream().map(Section::name).toList());
        assertEquals(List.of("Alpha", "Beta"),
                image.exports().exports().stream().map(ExportTable.Export::name).toList());
        assertEquals("112233445566778899AABBCCDDEEFF013", image.codeView().orElseThrow().symbolServerId());
        assertEquals("1.2.3.4", image.fileVersion().orElseThrow().toString());
        assertEquals(0, image.runtimeFunctionCount(), "x86 images have no .pdata");
    }

    @Test
    void imageWithoutDirectoriesHasEmptyAnswers() {
        PeImage image = load(new SyntheticPe(0x3000));
        assertTrue(image.exports().exports().isEmpty());
        assertEquals(0, image.runtimeFunctionCount());
        assertTrue(image.runtimeFunctionFor(0x1000).isEmpty());
        assertTrue(image.codeView().isEmpty());
        assertTrue(image.fileVersion().isEmpty());
    }

    @Test
    void onlyTheHeadersInMemoryStillGivesIdentity() {
        byte[] headersOnly = Arrays.copyOf(SampleImages.full().array(), 0x400);
        PeImage image = PeImage.read(new FakeMemory().map(BASE, headersOnly), BASE);
        assertEquals(0x654321AB, image.timeDateStamp());
        assertTrue(image.exports().exports().isEmpty());
        assertTrue(image.runtimeFunctionFor(0x1000).isEmpty());
        assertTrue(image.codeView().isEmpty());
        assertTrue(image.fileVersion().isEmpty());
    }

    @Test
    void rejectsMemoryThatIsNotAnImage() {
        byte[] bytes = SampleImages.full().array();
        bytes[0] = 'X';
        PeFormatException e = assertThrows(PeFormatException.class,
                () -> PeImage.read(new FakeMemory().map(BASE, bytes), BASE));
        assertTrue(e.getMessage().contains("MZ"), e.getMessage());
        assertTrue(PeImage.tryRead(new FakeMemory(), BASE).isEmpty(), "unreadable memory");
    }

    @Test
    void rejectsAnELfanewPointingOutsideTheHeaders() {
        SyntheticPe pe = SampleImages.full();
        pe.bytes().u32(0x3C, 0x7FFF_FFF0L);
        assertThrows(PeFormatException.class, () -> load(pe));
    }

    @Test
    void rejectsASizeOfImageSmallerThanTheHeaders() {
        SyntheticPe pe = SampleImages.full();
        pe.bytes().u32(SyntheticPe.OPT + 56, 0x100);
        assertThrows(PeFormatException.class, () -> load(pe));
    }

    @Test
    void hostileCountsAndOffsetsDoNotEscapeTheImage() {
        SyntheticPe pe = SampleImages.full();
        pe.bytes().u32(0x2000 + 24, 0xFFFF_FFFFL);              // NumberOfNames
        pe.bytes().u32(0x2300 + 20, 0x7FFF_0000L);              // AddressOfRawData of the CodeView entry
        pe.directory(SyntheticPe.DIR_EXCEPTION, 0x2200, 0x7FFF_FFF0); // a huge .pdata
        pe.bytes().u32(0x2414, 0x8000_7000L);                   // resource subdirectory past the tree
        FakeMemory memory = new FakeMemory().map(BASE, pe.array());
        PeImage image = PeImage.read(memory, BASE);
        assertTrue(image.exports().exports().isEmpty());
        assertTrue(image.codeView().isEmpty());
        assertTrue(image.fileVersion().isEmpty());
        image.runtimeFunctionFor(0x1250); // must terminate; result is whatever the bytes say
        assertTrue(memory.reads() < 200, "bounded work, was " + memory.reads() + " reads");
    }

    @Test
    void exportNamesRunningOffTheEndOfTheImageAreDropped() {
        SyntheticPe pe = SampleImages.full();
        pe.bytes().u32(0x2050, 0x2FFE);  // Alpha's name RVA: 2 bytes before the end of the image, no NUL
        pe.bytes().u8(0x2FFE, 'A').u8(0x2FFF, 'x');
        List<String> names = load(pe).exports().exports().stream().map(ExportTable.Export::name).toList();
        assertEquals(List.of("Beta"), names);
    }
}
