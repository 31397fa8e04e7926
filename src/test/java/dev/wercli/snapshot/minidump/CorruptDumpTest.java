package dev.wercli.snapshot.minidump;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static dev.wercli.snapshot.minidump.SampleDumps.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Damaged dumps: a typed error naming the stream and file offset, and everything undamaged still read.
 * Offsets patched here are the documented ones (directory entry: type +0, DataSize +4, Rva +8).
 */
class CorruptDumpTest {
    private final DumpBuilder builder = SampleDumps.x64();
    private final byte[] good = builder.build();

    private static Minidump read(byte[] bytes) {
        return MinidumpReader.read(DumpBytes.of(bytes));
    }

    private static void putInt(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
    }

    private static void putLong(byte[] b, int at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
    }

    /** The offset of the directory entry of the first stream of {@code type}. */
    private int entryOf(int type) {
        ByteBuffer b = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = builder.directoryRva(); at < good.length; at += 12) {
            if (b.getInt(at) == type) {
                return at;
            }
        }
        throw new AssertionError("no stream " + type);
    }

    private static MinidumpProblem onlyProblem(Minidump d, String stream) {
        List<MinidumpProblem> mine = d.problems().stream().filter(p -> p.stream().equals(stream)).toList();
        assertEquals(1, mine.size(), () -> "problems: " + d.problems());
        return mine.get(0);
    }

    @Test
    void badSignatureIsATypedErrorAtOffsetZero() {
        byte[] b = good.clone();
        b[0] = 'X';
        MinidumpFormatException e = assertThrows(MinidumpFormatException.class, () -> read(b));
        assertEquals("header", e.problem().stream());
        assertEquals(0, e.problem().offset());
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
    }

    @Test
    void fileShorterThanAHeaderIsATypedError() {
        for (int n : new int[] {0, 1, 4, 31}) {
            MinidumpFormatException e = assertThrows(MinidumpFormatException.class,
                    () -> read(Arrays.copyOf(good, n)));
            assertEquals("header", e.problem().stream());
        }
    }

    @Test
    void directoryOutsideTheFileIsATypedError() {
        byte[] b = good.clone();
        putInt(b, 12, 0x7FFF_0000);
        MinidumpFormatException e = assertThrows(MinidumpFormatException.class, () -> read(b));
        assertEquals("directory", e.problem().stream());
        assertEquals(0x7FFF_0000L, e.problem().offset());
    }

    @Test
    void truncatedFileLosesOnlyTheStreamsPastTheCut() {
        // Cut just after the directory: all streams lie before it, so cut into the memory64 data instead.
        int memory64 = builder.streamRva(9);
        byte[] cut = Arrays.copyOf(good, good.length);
        // Point the Memory64 BaseRva near the end of the file: its ranges now run past the end.
        putLong(cut, memory64 + 8, good.length - 0x100);
        Minidump d = read(cut);
        MinidumpProblem p = onlyProblem(d, "Memory64List");
        assertTrue(p.message().contains("beyond the end of the file"), p.message());
        assertEquals(memory64 + 16, p.offset(), "the first descriptor that does not fit");
        assertEquals(2, d.threads().size());
        assertTrue(d.exception().isPresent());
        assertTrue(d.partial());
    }

    @Test
    void truncationAtEveryLengthGivesPartialOutputOrTheTypedError() {
        int firstEntryEnd = 32 + 12; // less than the header and one directory entry: nothing to read
        for (int n = 0; n < good.length; n += n < 256 ? 1 : 5) { // every length near the structures at the front
            byte[] cut = Arrays.copyOf(good, n);
            if (n < firstEntryEnd) {
                assertThrows(MinidumpFormatException.class, () -> read(cut), "length " + n);
                continue;
            }
            Minidump d = read(cut);
            assertTrue(d.partial(), "a dump cut at " + n + " of " + good.length + " bytes must say so");
            assertTrue(d.problems().stream().allMatch(p -> p.offset() >= 0 && p.stream() != null));
        }
        Minidump halfway = read(Arrays.copyOf(good, builder.streamRva(6)));
        assertTrue(halfway.systemInfo().isPresent(), "streams before the cut are still decoded");
        assertEquals(2, halfway.threads().size());
        assertTrue(halfway.exception().isEmpty());
    }

    @Test
    void streamRvaOutsideTheFileNamesTheStream() {
        byte[] b = good.clone();
        putInt(b, entryOf(4) + 8, good.length + 100);
        Minidump d = read(b);
        MinidumpProblem p = onlyProblem(d, "ModuleList");
        assertEquals(good.length + 100, p.offset());
        assertTrue(d.modules().isEmpty());
        assertEquals(2, d.threads().size(), "other streams still read");
        assertTrue(d.systemInfo().isPresent());
    }

    @Test
    void threadCountThatOverflowsTheStreamReadsTheThreadsThatFit() {
        byte[] b = good.clone();
        putInt(b, builder.streamRva(3), 0xFFFF_FFFF);
        Minidump d = read(b);
        MinidumpProblem p = onlyProblem(d, "ThreadList");
        assertTrue(p.message().contains("4294967295"), p.message());
        assertEquals(2, d.threads().size());
    }

    @Test
    void memory64CountNearLongMaxIsBounded() {
        byte[] b = good.clone();
        putLong(b, builder.streamRva(9), Long.MAX_VALUE);
        Minidump d = read(b);
        onlyProblem(d, "Memory64List");
        assertArrayEquals(pattern(0x1000, 0x11), d.memory().read(0x10_0000L, 0x1000).orElseThrow());
    }

    @Test
    void memoryRangeWrappingTheAddressSpaceIsRejected() {
        Minidump d = read(new DumpBuilder().memoryList(new DumpBuilder.Range(-0x10, pattern(0x20, 0))).build());
        assertTrue(onlyProblem(d, "MemoryList").message().contains("wraps"));
        assertTrue(d.memory().ranges().isEmpty());
    }

    @Test
    void moduleNameRvaOutsideTheFileKeepsTheModuleWithoutAName() {
        byte[] b = good.clone();
        int firstModule = builder.streamRva(4) + 4;
        putInt(b, firstModule + 20, 0x7FFF_FFF0);
        Minidump d = read(b);
        MinidumpProblem p = onlyProblem(d, "ModuleList");
        assertEquals(0x7FFF_FFF0L, p.offset());
        assertEquals(2, d.modules().size());
        assertEquals("", d.modules().get(0).name());
        assertEquals(EXE_BASE, d.modules().get(0).base());
        assertEquals("C:\\Windows\\System32\\ntdll.dll", d.modules().get(1).name());
    }

    @Test
    void hugeStringLengthIsRejectedWithoutAllocating() {
        byte[] b = good.clone();
        int firstModule = builder.streamRva(4) + 4;
        int nameRva = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(firstModule + 20);
        putInt(b, nameRva, 0x7FFF_FFFF);
        MinidumpProblem p = onlyProblem(read(b), "ModuleList");
        assertTrue(p.message().contains("exceeds"), p.message());
    }

    @Test
    void contextTooSmallLeavesTheThreadWithoutContext() {
        byte[] b = good.clone();
        int firstThread = builder.streamRva(3) + 4;
        putInt(b, firstThread + 40, 0x20); // ThreadContext.DataSize
        Minidump d = read(b);
        onlyProblem(d, "ThreadList");
        assertTrue(d.threads().get(0).context().isEmpty());
        assertTrue(d.threads().get(1).context().isPresent());
    }

    @Test
    void exceptionStreamTooShortIsReported() {
        byte[] b = good.clone();
        putInt(b, entryOf(6) + 4, 0x40);
        Minidump d = read(b);
        assertEquals(builder.streamRva(6), onlyProblem(d, "Exception").offset());
        assertTrue(d.exception().isEmpty());
    }

    @Test
    void miscInfoSizeLargerThanItsStreamIsReported() {
        byte[] b = good.clone();
        putInt(b, builder.streamRva(15), 5000);
        Minidump d = read(b);
        onlyProblem(d, "MiscInfo");
        assertTrue(d.miscInfo().isEmpty());
    }

    @Test
    void listHeaderWithTinyEntrySizeIsReported() {
        byte[] b = good.clone();
        putInt(b, builder.streamRva(16) + 4, 1); // MemoryInfoList.SizeOfEntry
        Minidump d = read(b);
        assertEquals(builder.streamRva(16) + 4, onlyProblem(d, "MemoryInfoList").offset());
    }

    @Test
    void duplicateStreamIsReportedAndIgnored() {
        DumpBuilder b = new DumpBuilder().miscInfo(24, 1, 1).miscInfo(24, 1, 2);
        Minidump d = read(b.build());
        onlyProblem(d, "MiscInfo");
        assertEquals(1, d.miscInfo().orElseThrow().processId().orElseThrow());
    }

    @Test
    void streamCountBeyondTheFileReadsTheEntriesThatExist() {
        byte[] b = good.clone();
        putInt(b, 8, 0x7FFF_FFFF);
        Minidump d = read(b);
        assertEquals(0, onlyProblem(d, "directory").offset() - builder.directoryRva());
        assertEquals(2, d.threads().size());
    }

    @Test
    void problemsNameStreamAndOffsetInTheirText() {
        byte[] b = good.clone();
        putInt(b, entryOf(4) + 8, 0x7000_0000);
        String text = read(b).problems().get(0).toString();
        assertEquals("ModuleList at file offset 0x70000000: stream data (" + (12 * 0 + 4 + 2 * 108)
                + " bytes) lies outside the " + good.length + "-byte file", text);
    }
}
