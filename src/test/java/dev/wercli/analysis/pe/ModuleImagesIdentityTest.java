package dev.wercli.analysis.pe;

import dev.wercli.report.testing.FakeMemory;
import dev.wercli.report.testing.SampleImages;
import dev.wercli.report.testing.SyntheticPe;
import dev.wercli.snapshot.FileVersion;
import dev.wercli.snapshot.ModuleIdentity;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.PdbIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How the image's own statement and the source's record of a module combine: the image wins where it says
 * something, the record fills each field the image leaves out (a dump may hold the headers but not the pages
 * of the debug directory or the resources), and an unreadable image leaves the record as it is.
 */
class ModuleImagesIdentityTest {
    private static final long BASE = 0x1_8000_0000L;
    private static final ModuleIdentity RECORD = new ModuleIdentity(Optional.of(new FileVersion(9, 8, 7, 6)),
            Optional.of(0x1111_1111), Optional.of(0x2222), Optional.of(new PdbIdentity("C:\\rec\\rec.pdb",
            "0102030405060708090A0B0C0D0E0F10", 42)));

    private static ModuleIdentity identity(byte[] image) {
        ModuleInfo m = new ModuleInfo("C:\\app\\a.dll", BASE, 0x3000, RECORD);
        FakeMemory memory = new FakeMemory();
        if (image != null) {
            memory.map(BASE, image);
        }
        return new ModuleImages(List.of(m), memory).identity(m);
    }

    @Test
    void anUnreadableImageLeavesTheRecord() {
        assertEquals(RECORD, identity(null));
    }

    @Test
    void theRecordFillsWhatTheHeadersDoNotState() {
        // headers only: a timestamp and checksum, no debug directory, no version resource
        ModuleIdentity id = identity(new SyntheticPe(0x3000).timeDateStamp(0x5555_5555).checksum(0x77).array());
        assertEquals(Optional.of(0x5555_5555), id.timeDateStamp());
        assertEquals(Optional.of(0x77), id.checksum());
        assertEquals(RECORD.fileVersion(), id.fileVersion());
        assertEquals(RECORD.pdb(), id.pdb());
    }

    @Test
    void whatTheImageStatesWins() {
        ModuleIdentity id = identity(SampleImages.full().array());
        assertEquals(Optional.of(new FileVersion(1, 2, 3, 4)), id.fileVersion());
        assertEquals("112233445566778899AABBCCDDEEFF013", id.pdb().orElseThrow().symbolServerId());
    }
}
