package dev.wercli.snapshot.minidump;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;

import static dev.wercli.snapshot.minidump.SampleDumps.*;
import static org.junit.jupiter.api.Assertions.*;

/** Reads of process memory from MemoryList and Memory64List ranges. */
class DumpMemoryTest {
    private final Minidump dump = MinidumpReader.read(DumpBytes.of(SampleDumps.x64().build()));

    @Test
    void readsInsideOneMemoryListRange() {
        byte[] expected = Arrays.copyOfRange(pattern(0x100, 0x40), 0x10, 0x18);
        assertArrayEquals(expected, dump.memory().read(EXE_BASE + 0x1010, 8).orElseThrow());
    }

    @Test
    void readsAcrossTwoTouchingRanges() {
        byte[] got = dump.memory().read(EXE_BASE + 0x10F8, 16).orElseThrow();
        assertArrayEquals(Arrays.copyOfRange(pattern(0x100, 0x40), 0xF8, 0x100), Arrays.copyOfRange(got, 0, 8));
        assertArrayEquals(Arrays.copyOfRange(pattern(0x100, 0x80), 0, 8), Arrays.copyOfRange(got, 8, 16));
    }

    @Test
    void readsFromMemory64ListRangesStoredBackToBack() {
        assertArrayEquals(pattern(0x1000, 0x11), dump.memory().read(0x10_0000L, 0x1000).orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(pattern(0x800, 0x22), 0x7F0, 0x800),
                dump.memory().read(0x20_07F0L, 0x10).orElseThrow());
    }

    @Test
    void readsThatLeaveTheCapturedMemoryAreEmpty() {
        assertEquals(Optional.empty(), dump.memory().read(EXE_BASE + 0x11F8, 16), "runs past the last range");
        assertEquals(Optional.empty(), dump.memory().read(0x10_0FF0L, 0x20), "runs into a gap");
        assertEquals(Optional.empty(), dump.memory().read(0x42, 1), "below every range");
        assertEquals(Optional.empty(), dump.memory().read(-16, 8), "top of the address space");
        assertEquals(Optional.empty(), dump.memory().read(0x10_0000L, Integer.MAX_VALUE), "huge length allocates nothing");
        assertEquals(Optional.empty(), dump.memory().read(0x10_0000L, -1));
    }

    @Test
    void rangesAreSortedAndCounted() {
        assertEquals(7, dump.memory().ranges().size()); // 2 stacks + TEB + 2 image pages + 2 memory64
        assertEquals(0x200 + 0x100 + 0x30 + 0x200 + 0x1800, dump.memory().totalBytes());
    }
}
