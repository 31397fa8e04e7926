package dev.wercli.snapshot.minidump;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.wercli.snapshot.minidump.SampleDumps.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overlapping memory ranges are valid dumps (dbghelp saves a stack inside a larger region, Wine's mini dumps
 * hold thousands of overlaps): no problem is recorded, and every byte the ranges cover can be read.
 */
class OverlappingMemoryTest {
    private static Minidump read(DumpBuilder b) {
        return MinidumpReader.read(DumpBytes.of(b.build()));
    }

    @Test
    void aRangeInsideALargerOneIsNoDamageAndTheLargerServesItsBytes() {
        // the inner range holds different bytes so the test can tell which range served the read
        Minidump d = read(new DumpBuilder().memoryList(new DumpBuilder.Range(0x1000, pattern(0x400, 1)),
                new DumpBuilder.Range(0x1100, pattern(0x80, 9))));
        assertEquals(0, d.problems().size(), () -> d.problems().toString());
        assertTrue(!d.partial());
        assertArrayEquals(pattern(0x400, 1), d.memory().read(0x1000, 0x400).orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(pattern(0x400, 1), 0x100, 0x180), d.memory().read(0x1100, 0x80).orElseThrow());
    }

    @Test
    void partlyOverlappingRangesReadAsTheirUnion() {
        // listed out of order, so the index cannot rely on the file's order
        Minidump d = read(new DumpBuilder().memoryList(new DumpBuilder.Range(0x1080, pattern(0x100, 2)),
                new DumpBuilder.Range(0x1000, pattern(0x100, 1))));
        assertEquals(0, d.problems().size(), () -> d.problems().toString());
        byte[] all = d.memory().read(0x1000, 0x180).orElseThrow();
        assertArrayEquals(pattern(0x100, 1), Arrays.copyOfRange(all, 0, 0x100), "the first range keeps its bytes");
        assertArrayEquals(Arrays.copyOfRange(pattern(0x100, 2), 0x80, 0x100), Arrays.copyOfRange(all, 0x100, 0x180),
                "the second range adds what lies past the first");
        assertTrue(d.memory().read(0x1100, 0x81).isEmpty(), "nothing past the union");
        assertEquals(0x180, d.memory().totalBytes(), "each byte counted once");
    }

    @Test
    void ofTwoRangesStartingTogetherTheLargerWins() {
        Minidump d = read(new DumpBuilder().memoryList(new DumpBuilder.Range(0x2000, pattern(0x40, 7)),
                new DumpBuilder.Range(0x2000, pattern(0x100, 3))));
        assertEquals(0, d.problems().size());
        assertArrayEquals(pattern(0x100, 3), d.memory().read(0x2000, 0x100).orElseThrow());
    }
}
