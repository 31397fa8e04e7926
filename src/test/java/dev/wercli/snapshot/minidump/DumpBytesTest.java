package dev.wercli.snapshot.minidump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.wercli.snapshot.minidump.SampleDumps.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The mapped file source. Files over 2 GiB are mapped in 1 GiB chunks; here tiny chunks make every
 * structure straddle a chunk boundary, so the chunked path decodes exactly what one buffer decodes.
 */
class DumpBytesTest {
    @TempDir
    Path tmp;

    @Test
    void chunkedMappingDecodesLikeOneBuffer() throws Exception {
        byte[] bytes = SampleDumps.x64().build();
        Path file = Files.write(tmp.resolve("x64.dmp"), bytes);
        for (long chunk : new long[] {61, 64, 4096, DumpBytes.CHUNK}) {
            Minidump mapped = MinidumpReader.read(DumpBytes.map(file, chunk));
            Minidump heap = MinidumpReader.read(DumpBytes.of(bytes));
            assertEquals(heap.problems(), mapped.problems(), "chunk " + chunk);
            assertEquals(heap.modules(), mapped.modules(), "chunk " + chunk);
            assertEquals(heap.systemInfo(), mapped.systemInfo(), "chunk " + chunk);
            assertEquals(heap.miscInfo(), mapped.miscInfo(), "chunk " + chunk);
            assertEquals(heap.comments(), mapped.comments(), "chunk " + chunk);
            assertEquals(CRASH_RIP, mapped.threads().get(0).context().orElseThrow().instructionPointer());
            assertArrayEquals(pattern(0x1000, 0x11), mapped.memory().read(0x10_0000L, 0x1000).orElseThrow());
        }
    }

    @Test
    void readsOutsideTheFileAreTypedErrorsNamingStreamAndOffset() {
        DumpBytes b = DumpBytes.of(new byte[16]);
        MinidumpFormatException e = assertThrows(MinidumpFormatException.class, () -> b.u64("ThreadList", 12));
        assertEquals(new MinidumpProblem("ThreadList", 12, "needs 8 bytes but the file has 16 bytes"), e.problem());
        assertThrows(MinidumpFormatException.class, () -> b.slice("x", Long.MAX_VALUE, 1), "offset overflow");
        assertThrows(MinidumpFormatException.class, () -> b.slice("x", -1, 1));
        assertFalse(b.contains(8, Long.MAX_VALUE));
        assertTrue(b.contains(16, 0));
    }

    @Test
    void emptyFileIsATypedErrorNotACrash() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.dmp"), new byte[0]);
        MinidumpFormatException e = assertThrows(MinidumpFormatException.class, () -> MinidumpReader.open(empty));
        assertEquals("header", e.problem().stream());
    }
}
