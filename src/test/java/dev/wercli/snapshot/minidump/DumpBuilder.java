package dev.wercli.snapshot.minidump;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes synthetic minidumps for tests. Every structure is written field by field at the offsets documented
 * in minidumpapiset.h / winnt.h, deliberately not using the reader's constants, so a wrong constant in the
 * reader fails a test instead of cancelling out. Layout: the 32-byte header, then each stream's data (with
 * its strings and sub-records), then the stream directory; {@link #streamRva(int)} tells tests where each
 * stream landed so they can damage it.
 */
final class DumpBuilder {
    static final int ARCH_X86 = 0;
    static final int ARCH_AMD64 = 9;

    /** A little-endian byte sink with back-patching. */
    static final class Blob {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        int pos() {
            return out.size();
        }

        Blob u8(int v) {
            out.write(v);
            return this;
        }

        Blob u16(int v) {
            return u8(v & 0xFF).u8((v >>> 8) & 0xFF);
        }

        Blob u32(long v) {
            return u16((int) (v & 0xFFFF)).u16((int) ((v >>> 16) & 0xFFFF));
        }

        Blob u64(long v) {
            return u32(v & 0xFFFFFFFFL).u32(v >>> 32);
        }

        Blob bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        Blob zeros(int n) {
            return bytes(new byte[n]);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    /** A thread: its stack bytes are written as the stack's memory; {@code context} as its ThreadContext. */
    record Thread(int id, long teb, long stackStart, byte[] stack, byte[] context) {
    }

    record Module(long base, int size, int checksum, int timestamp, String name, int fileVersionMs,
                  int fileVersionLs, byte[] codeView) {
    }

    record Range(long start, byte[] data) {
    }

    private final Blob blob = new Blob();
    private final List<long[]> directory = new ArrayList<>(); // {type, size, rva}
    private final Map<Integer, Integer> rvas = new LinkedHashMap<>();
    private final int directorySlots;
    private int directoryRva;
    private long headerFlags;

    /** A builder that writes the stream directory after the streams. */
    DumpBuilder() {
        this(0);
    }

    /**
     * A builder that reserves {@code directorySlots} directory entries right after the header, as dbghelp
     * does; a dump cut short then still has its directory, which is what truncation tests need.
     */
    DumpBuilder(int directorySlots) {
        this.directorySlots = directorySlots;
        blob.zeros(32); // MINIDUMP_HEADER, patched in build()
        blob.zeros(12 * directorySlots);
    }

    int streamRva(int type) {
        return rvas.get(type);
    }

    int directoryRva() {
        return directoryRva;
    }

    DumpBuilder headerFlags(long flags) {
        this.headerFlags = flags;
        return this;
    }

    /** Adds a stream whose bytes the test wrote itself (unknown types, damaged streams). */
    DumpBuilder raw(int type, byte[] data) {
        return stream(type, data);
    }

    private DumpBuilder stream(int type, byte[] data) {
        int rva = blob.pos();
        blob.bytes(data);
        directory.add(new long[] {type, data.length, rva});
        rvas.putIfAbsent(type, rva);
        return this;
    }

    /** Appends a MINIDUMP_STRING (u32 byte length, UTF-16LE, NUL) outside any stream; returns its RVA. */
    int string(String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_16LE);
        int rva = blob.pos();
        blob.u32(text.length).bytes(text).u16(0);
        return rva;
    }

    int data(byte[] bytes) {
        int rva = blob.pos();
        blob.bytes(bytes);
        return rva;
    }

    /** MINIDUMP_SYSTEM_INFO (56 bytes) for Windows 10.0.19045 with vendor "GenuineIntel". */
    DumpBuilder systemInfo(int arch) {
        int csd = string("Service Pack 9");
        Blob b = new Blob();
        b.u16(arch).u16(6).u16(0x9A03).u8(4).u8(1);           // arch, level, revision, CPUs, product type
        b.u32(10).u32(0).u32(19045).u32(2).u32(csd);           // major, minor, build, platform, CSDVersionRva
        b.u16(0x100).u16(0);                                   // SuiteMask, Reserved2
        b.bytes("GenuineIntel".getBytes(StandardCharsets.US_ASCII)).u32(0x906A3).u32(0xBFEBFBFF).u32(0);
        return stream(7, b.toBytes());
    }

    /** MINIDUMP_MISC_INFO of {@code size} bytes (24, 44, 232, 832 or 1364) with every field filled. */
    DumpBuilder miscInfo(int size, int flags, int pid) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, size).putInt(4, flags).putInt(8, pid).putInt(12, 1_700_000_000).putInt(16, 7).putInt(20, 3);
        if (size >= 44) {
            b.putInt(24, 3000).putInt(28, 2900);
        }
        if (size >= 232) {
            b.putInt(44, 0x2000).putInt(48, 0x4D);
        }
        if (size >= 832) {
            byte[] build = "19041.1.amd64fre.vb_release.191206-1406".getBytes(StandardCharsets.UTF_16LE);
            b.put(232, build);
            b.put(752, "dbg".getBytes(StandardCharsets.UTF_16LE));
        }
        if (size >= 1364) {
            b.putInt(1360, 0xC0C0A);
        }
        return stream(15, b.array());
    }

    /** MINIDUMP_THREAD_LIST (48-byte entries) or, with {@code ex}, MINIDUMP_THREAD_EX_LIST (64-byte). */
    DumpBuilder threadList(boolean ex, Thread... threads) {
        long[][] locations = new long[threads.length][];
        for (int i = 0; i < threads.length; i++) {
            locations[i] = new long[] {data(threads[i].stack()), data(threads[i].context())};
        }
        Blob b = new Blob().u32(threads.length);
        for (int i = 0; i < threads.length; i++) {
            Thread t = threads[i];
            b.u32(t.id()).u32(1).u32(0x20).u32(0).u64(t.teb());          // id, suspend, class, priority, Teb
            b.u64(t.stackStart()).u32(t.stack().length).u32(locations[i][0]); // Stack descriptor
            b.u32(t.context().length).u32(locations[i][1]);             // ThreadContext
            if (ex) {
                b.zeros(16);                                             // BackingStore
            }
        }
        return stream(ex ? 8 : 3, b.toBytes());
    }

    /** MINIDUMP_MODULE_LIST with 108-byte MINIDUMP_MODULE entries. */
    DumpBuilder moduleList(Module... modules) {
        int[] names = new int[modules.length];
        int[] cvs = new int[modules.length];
        for (int i = 0; i < modules.length; i++) {
            names[i] = string(modules[i].name());
            cvs[i] = modules[i].codeView() == null ? 0 : data(modules[i].codeView());
        }
        Blob b = new Blob().u32(modules.length);
        for (int i = 0; i < modules.length; i++) {
            Module m = modules[i];
            b.u64(m.base()).u32(m.size()).u32(m.checksum()).u32(m.timestamp()).u32(names[i]);
            // VS_FIXEDFILEINFO: signature, struct version, file MS/LS, product MS/LS (product = file + 1), 7 more
            b.u32(m.fileVersionMs() == 0 ? 0 : 0xFEEF04BDL).u32(0x10000).u32(m.fileVersionMs()).u32(m.fileVersionLs())
                    .u32(m.fileVersionMs()).u32(m.fileVersionLs() + 1).zeros(28);
            b.u32(m.codeView() == null ? 0 : m.codeView().length).u32(cvs[i]); // CvRecord
            b.u32(0).u32(0).u64(0).u64(0);                                         // MiscRecord, Reserved0/1
        }
        return stream(4, b.toBytes());
    }

    /** A CV_INFO_PDB70 record: "RSDS", GUID (Data1 u32, Data2 u16, Data3 u16, Data4[8]), Age, UTF-8 name. */
    static byte[] rsds(int data1, int data2, int data3, long data4BigEndian, int age, String pdb) {
        Blob b = new Blob().bytes("RSDS".getBytes(StandardCharsets.US_ASCII)).u32(data1).u16(data2).u16(data3);
        for (int i = 7; i >= 0; i--) {
            b.u8((int) (data4BigEndian >>> (8 * i)) & 0xFF);
        }
        return b.u32(age).bytes(pdb.getBytes(StandardCharsets.UTF_8)).u8(0).toBytes();
    }

    /** MINIDUMP_UNLOADED_MODULE_LIST: 12-byte header, 24-byte entries. */
    DumpBuilder unloadedModuleList(long base, int size, String name) {
        int nameRva = string(name);
        Blob b = new Blob().u32(12).u32(24).u32(1);
        b.u64(base).u32(size).u32(0x1234).u32(0x5E000000).u32(nameRva);
        return stream(14, b.toBytes());
    }

    /** MINIDUMP_EXCEPTION_STREAM: ThreadId, pad, MINIDUMP_EXCEPTION (0x98), ThreadContext at +0xA0. */
    DumpBuilder exception(int threadId, int code, long address, long[] params, byte[] context) {
        int ctx = data(context);
        Blob b = new Blob().u32(threadId).u32(0);
        b.u32(code).u32(1).u64(0).u64(address).u32(params.length).u32(0);
        for (int i = 0; i < 15; i++) {
            b.u64(i < params.length ? params[i] : 0);
        }
        b.u32(context.length).u32(ctx);
        return stream(6, b.toBytes());
    }

    /** MINIDUMP_MEMORY_LIST: count, then Start / DataSize / Rva descriptors. */
    DumpBuilder memoryList(Range... ranges) {
        int[] rvaOf = new int[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            rvaOf[i] = data(ranges[i].data());
        }
        Blob b = new Blob().u32(ranges.length);
        for (int i = 0; i < ranges.length; i++) {
            b.u64(ranges[i].start()).u32(ranges[i].data().length).u32(rvaOf[i]);
        }
        return stream(5, b.toBytes());
    }

    /** MINIDUMP_MEMORY64_LIST: count (u64), BaseRva (u64), Start / DataSize (u64) pairs; data back to back. */
    DumpBuilder memory64List(Range... ranges) {
        int base = blob.pos();
        for (Range r : ranges) {
            blob.bytes(r.data());
        }
        Blob b = new Blob().u64(ranges.length).u64(base);
        for (Range r : ranges) {
            b.u64(r.start()).u64(r.data().length);
        }
        return stream(9, b.toBytes());
    }

    /** MINIDUMP_MEMORY_INFO_LIST: 16-byte header, 48-byte entries (one committed RX image region). */
    DumpBuilder memoryInfoList(long base, long size) {
        Blob b = new Blob().u32(16).u32(48).u64(1);
        b.u64(base).u64(base).u32(0x80).u32(0).u64(size).u32(0x1000).u32(0x20).u32(0x1000000).u32(0);
        return stream(16, b.toBytes());
    }

    /** MINIDUMP_HANDLE_DATA_STREAM with one MINIDUMP_HANDLE_DESCRIPTOR_2 (40 bytes). */
    DumpBuilder handleData(long handle, String type, String name) {
        int typeRva = string(type);
        int nameRva = string(name);
        Blob b = new Blob().u32(16).u32(40).u32(1).u32(0);
        b.u64(handle).u32(typeRva).u32(nameRva).u32(0).u32(0x1F0003).u32(2).u32(65537).u32(0).u32(0);
        return stream(12, b.toBytes());
    }

    /** MINIDUMP_THREAD_INFO_LIST: 12-byte header, one 64-byte MINIDUMP_THREAD_INFO. */
    DumpBuilder threadInfoList(int threadId, long startAddress) {
        Blob b = new Blob().u32(12).u32(64).u32(1);
        b.u32(threadId).u32(0).u32(0).u32(0x103).u64(133_000_000_000_000_000L).u64(0).u64(1000).u64(2000)
                .u64(startAddress).u64(1);
        return stream(17, b.toBytes());
    }

    DumpBuilder commentA(String text) {
        return stream(10, new Blob().bytes(text.getBytes(StandardCharsets.US_ASCII)).u8(0).toBytes());
    }

    DumpBuilder commentW(String text) {
        return stream(11, new Blob().bytes(text.getBytes(StandardCharsets.UTF_16LE)).u16(0).toBytes());
    }

    /** Writes the directory (reserved slots or after the streams) and the header: "MDMP", version 0xA793, count, directory RVA, checksum, time, flags. */
    byte[] build() {
        if (directory.size() > directorySlots) {
            directoryRva = blob.pos();
            for (long[] e : directory) {
                blob.u32(e[0]).u32(e[1]).u32(e[2]);
            }
        } else {
            directoryRva = 32;
        }
        byte[] bytes = blob.toBytes();
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (directoryRva == 32) {
            for (int i = 0; i < directory.size(); i++) {
                long[] e = directory.get(i);
                h.putInt(32 + 12 * i, (int) e[0]).putInt(36 + 12 * i, (int) e[1]).putInt(40 + 12 * i, (int) e[2]);
            }
        }
        h.putInt(0, 0x504D444D).putInt(4, 0xA793).putInt(8, directory.size()).putInt(12, directoryRva)
                .putInt(16, 0).putInt(20, 1_763_788_800).putLong(24, headerFlags);
        return bytes;
    }

    /** An AMD64 CONTEXT (0x4D0 bytes): Rip at 0xF8, Rax..R15 from 0x78, EFlags 0x44, SegCs 0x38 .. SegSs 0x42. */
    static byte[] amd64Context(long rip, long rsp, long rbp, long rax) {
        ByteBuffer b = ByteBuffer.allocate(0x4D0).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x30, 0x10001F);                      // ContextFlags: CONTEXT_AMD64 | ALL
        b.putShort(0x38, (short) 0x33).putShort(0x3A, (short) 0x2B).putShort(0x42, (short) 0x2B);
        b.putInt(0x44, 0x10246);
        b.putLong(0x78, rax).putLong(0x98, rsp).putLong(0xA0, rbp).putLong(0xF0, 0xF15L).putLong(0xF8, rip);
        return b.array();
    }

    /** An x86 CONTEXT (0x2CC bytes): Edi 0x9C .. Eax 0xB0, Ebp 0xB4, Eip 0xB8, SegCs 0xBC, EFlags 0xC0, Esp 0xC4. */
    static byte[] x86Context(int eip, int esp, int ebp, int eax) {
        ByteBuffer b = ByteBuffer.allocate(0x2CC).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x1003F);                          // ContextFlags: CONTEXT_i386 | ALL
        b.putInt(0xB0, eax).putInt(0xB4, ebp).putInt(0xB8, eip).putInt(0xBC, 0x23).putInt(0xC0, 0x246)
                .putInt(0xC4, esp).putInt(0xC8, 0x2B);
        return b.array();
    }
}
