package dev.wercli.analysis.pe;

import dev.wercli.report.testing.SyntheticPe;
import dev.wercli.snapshot.ModuleIdentity;
import dev.wercli.snapshot.ModuleInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Module files on disk stand in for image memory a dump lacks. The file layout is written by hand: headers in
 * the first 0x400 bytes, .text's raw data at file offset 0x400 (section header +16 SizeOfRawData,
 * +20 PointerToRawData) although it loads at RVA 0x1000.
 */
class ModuleFileLayerTest {
    static final long BASE = 0x7FF8_0000_0000L;

    static byte[] peFile(int timestamp) {
        SyntheticPe pe = new SyntheticPe(0x3000).timeDateStamp(timestamp);
        byte[] headers = pe.array();
        byte[] file = new byte[0x600];
        System.arraycopy(headers, 0, file, 0, 0x400);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int text = SyntheticPe.SECTION_TABLE;
        b.putInt(text + 16, 0x200).putInt(text + 20, 0x400);
        b.putInt(text + 40 + 16, 0).putInt(text + 40 + 20, 0); // .rdata: no raw data in the file
        file[0x400] = (byte) 0xCC;
        file[0x401] = (byte) 0xC3;
        return file;
    }

    @Test
    void mapsSectionsAtTheirVirtualAddresses() {
        MappedImage image = MappedImage.map(peFile(0x1234), BASE);
        assertEquals(0x3000, image.size());
        assertArrayEquals(new byte[]{(byte) 0xCC, (byte) 0xC3}, image.read(BASE + 0x1000, 2).orElseThrow());
        assertEquals(0x1234, PeImage.read(image, BASE).timeDateStamp());
        assertTrue(image.read(BASE + 0x2FFF, 2).isEmpty(), "past the end of the image");
    }

    @Test
    void servesTheFileOfTheSameBuildOnly(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("same.dll"), peFile(0x1234));
        Files.write(dir.resolve("other.dll"), peFile(0x9999));
        ModuleInfo same = new ModuleInfo("C:\\app\\same.dll", BASE, 0x3000, stamped(0x1234));
        ModuleInfo other = new ModuleInfo("C:\\app\\other.dll", BASE + 0x10000, 0x3000, stamped(0x1234));
        ModuleInfo missing = ModuleInfo.of("C:\\app\\missing.dll", BASE + 0x20000, 0x3000);
        ModuleFileLayer layer = new ModuleFileLayer(List.of(same, other, missing),
                m -> Optional.of(dir.resolve(m.name())));
        assertArrayEquals(new byte[]{(byte) 0xCC}, layer.read(BASE + 0x1000, 1).orElseThrow());
        assertTrue(layer.read(BASE + 0x10000 + 0x1000, 1).isEmpty(), "another build must not lend its bytes");
        assertTrue(layer.read(BASE + 0x20000, 2).isEmpty(), "no file");
        assertTrue(layer.read(0x1000, 2).isEmpty(), "no module");
    }

    @Test
    void rejectsFilesThatAreNotPe() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(PeFormatException.class,
                () -> MappedImage.map(new byte[]{'M', 'Z', 0, 0}, BASE)).getMessage().contains("truncated"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(PeFormatException.class,
                () -> MappedImage.map(new byte[0x100], BASE)).getMessage().contains("MZ"));
    }

    private static ModuleIdentity stamped(int timeDateStamp) {
        return new ModuleIdentity(Optional.empty(), Optional.of(timeDateStamp), Optional.empty(), Optional.empty());
    }
}
