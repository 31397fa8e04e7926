package dev.wercli.snapshot.minidump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Synthetic dumps with every stream the reader decodes, and the facts the tests expect of them. */
final class SampleDumps {
    static final int PID = 4242;
    static final int CRASH_TID = 0x1D4C;
    static final int OTHER_TID = 0x1D50;
    static final long EXE_BASE = 0x7FF6_1234_0000L;
    static final long NTDLL_BASE = 0x7FFE_0000_0000L;
    static final long CRASH_RIP = EXE_BASE + 0x1F2A;
    static final long STACK_START = 0x0000_00C5_1F7F_E000L;
    static final long TEB = 0x0000_00C5_1F60_0000L;
    static final long TEB_STACK_BASE = 0x0000_00C5_1F80_0000L;
    static final long TEB_STACK_LIMIT = 0x0000_00C5_1F7F_B000L;

    private SampleDumps() {
    }

    /** A stack page whose bytes are their own offset's low byte, so reads can be checked byte by byte. */
    static byte[] pattern(int size, int salt) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i + salt);
        }
        return b;
    }

    /** x64 NT_TIB at the TEB: ExceptionList +0, StackBase +8, StackLimit +0x10. */
    static byte[] teb64() {
        ByteBuffer b = ByteBuffer.allocate(0x30).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(8, TEB_STACK_BASE).putLong(16, TEB_STACK_LIMIT);
        return b.array();
    }

    /** An x64 dump with every decoded stream: the builder used for the full-coverage tests. */
    static DumpBuilder x64() {
        byte[] crashContext = DumpBuilder.amd64Context(CRASH_RIP, STACK_START + 0x100, STACK_START + 0x180, 0);
        DumpBuilder b = new DumpBuilder(14).headerFlags(0x1826);
        b.systemInfo(DumpBuilder.ARCH_AMD64);
        b.miscInfo(232, 0x1 | 0x2 | 0x4 | 0x10 | 0x20, PID);
        b.threadList(false,
                new DumpBuilder.Thread(CRASH_TID, TEB, STACK_START, pattern(0x200, 0), crashContext),
                new DumpBuilder.Thread(OTHER_TID, 0, STACK_START + 0x10000, pattern(0x100, 7),
                        DumpBuilder.amd64Context(NTDLL_BASE + 0x9D0, STACK_START + 0x10010, 0, 1)));
        b.moduleList(
                new DumpBuilder.Module(EXE_BASE, 0x40000, 0xABCDE, 0x6553F100, "C:\\apps\\crashy.exe",
                        0x00010002, 0x00030004, DumpBuilder.rsds(0x12345678, 0x9ABC, 0xDEF0,
                                0x0102030405060708L, 3, "C:\\build\\crashy.pdb")),
                new DumpBuilder.Module(NTDLL_BASE, 0x1F8000, 0x1F1F1F, 0x5C000000, "C:\\Windows\\System32\\ntdll.dll",
                        0, 0, null));
        b.unloadedModuleList(0x7FFD_0000_0000L, 0x20000, "C:\\Windows\\System32\\gone.dll");
        b.exception(CRASH_TID, 0xC0000005, CRASH_RIP, new long[] {1, 0x10}, crashContext);
        b.memoryList(new DumpBuilder.Range(TEB, teb64()),
                new DumpBuilder.Range(EXE_BASE + 0x1000, pattern(0x100, 0x40)),
                new DumpBuilder.Range(EXE_BASE + 0x1100, pattern(0x100, 0x80)));
        b.memory64List(new DumpBuilder.Range(0x10_0000L, pattern(0x1000, 0x11)),
                new DumpBuilder.Range(0x20_0000L, pattern(0x800, 0x22)));
        b.memoryInfoList(EXE_BASE, 0x40000);
        b.handleData(0x44, "Event", "\\BaseNamedObjects\\wercli-test");
        b.threadInfoList(CRASH_TID, EXE_BASE + 0x1400);
        b.commentA("written by DumpBuilder");
        b.commentW("wide \u00e9t\u00e9 comment");
        b.raw(0xFFF0, new byte[] {1, 2, 3, 4});
        return b;
    }

    /** A 32-bit x86 dump: one thread, one module, an exception whose address a writer sign-extended. */
    static DumpBuilder x86() {
        byte[] ctx = DumpBuilder.x86Context(0x0040_1A2B, 0x0019_FF00, 0x0019_FF40, 0xDEAD);
        DumpBuilder b = new DumpBuilder();
        b.systemInfo(DumpBuilder.ARCH_X86);
        b.miscInfo(24, 0x1, 777);
        b.threadList(false, new DumpBuilder.Thread(0x99, 0, 0x0019_F000, pattern(0x1000, 3), ctx));
        b.moduleList(new DumpBuilder.Module(0x0040_0000L, 0x10000, 0, 0x4000_0000, "C:\\x86\\app.exe",
                0x00050006, 0x00070008, null));
        b.exception(0x99, 0x80000003, 0xFFFF_FFFF_8040_1A2BL, new long[] {0xFFFF_FFFF_8000_0001L}, ctx);
        return b;
    }

    /**
     * One module as dbghelp records it for {@code SampleImages.full()} at {@code base}: TimeDateStamp, CheckSum,
     * file version 1.2.3.4 and a CvRecord pointing at the RSDS record (GUID 11223344-5566-7788-99AA-BBCCDDEEFF01,
     * age 3) that the image's debug directory holds.
     */
    static DumpBuilder codeViewModule(long base, String path) {
        byte[] rsds = DumpBuilder.rsds(0x11223344, 0x5566, 0x7788, 0x99AABBCCDDEEFF01L, 3, "C:\\build\\fake.pdb");
        return new DumpBuilder().systemInfo(DumpBuilder.ARCH_AMD64).moduleList(new DumpBuilder.Module(base, 0x3000,
                0x1_2345, 0x6543_21AB, path, (1 << 16) | 2, (3 << 16) | 4, rsds));
    }
}
