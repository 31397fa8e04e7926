package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.layout.ExceptionRecordDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decoders of the individual streams; offsets are those of minidumpapiset.h (all structures packed).
 * Each throws {@link MinidumpFormatException} for damage that stops the stream, and records a problem and
 * goes on for damage confined to one entry.
 */
final class MinidumpStreams {
    private final DumpBytes bytes;
    private final Minidump dump;
    private final MinidumpReader reader;
    private final ModuleDecoder modules;
    private final MemoryIndex memory;

    MinidumpStreams(DumpBytes bytes, Minidump dump, MinidumpReader reader) {
        this.bytes = bytes;
        this.dump = dump;
        this.reader = reader;
        this.modules = new ModuleDecoder(bytes, dump, reader);
        this.memory = new MemoryIndex(bytes, reader);
    }

    /** Decodes {@code s}; false when the stream type is not one the reader knows. */
    boolean decode(StreamEntry s) {
        switch (s.type()) {
            case StreamType.SYSTEM_INFO: systemInfo(s); return true;
            case StreamType.MISC_INFO: miscInfo(s); return true;
            case StreamType.THREAD_LIST: threads(s, 48, dump.threads); return true;
            case StreamType.THREAD_EX_LIST: threads(s, 64, dump.threadsEx); return true;
            case StreamType.MODULE_LIST: modules.moduleList(s); return true;
            case StreamType.UNLOADED_MODULE_LIST: modules.unloadedModuleList(s); return true;
            case StreamType.EXCEPTION: exception(s); return true;
            case StreamType.MEMORY_LIST: memory.memoryList(s); return true;
            case StreamType.MEMORY64_LIST: memory.memory64List(s); return true;
            case StreamType.MEMORY_INFO_LIST: memoryInfoList(s); return true;
            case StreamType.HANDLE_DATA: handleData(s); return true;
            case StreamType.THREAD_INFO_LIST: threadInfoList(s); return true;
            case StreamType.COMMENT_A: commentA(s); return true;
            case StreamType.COMMENT_W: commentW(s); return true;
            default: return false;
        }
    }

    void finishMemory() {
        dump.memory = memory.build();
    }

    private void require(StreamEntry s, long size, String what) {
        if (s.dataSize() < size) {
            throw new MinidumpFormatException(s.name(), s.rva(), what + " needs " + size + " bytes, stream has "
                    + s.dataSize());
        }
    }

    /** MINIDUMP_SYSTEM_INFO, 56 bytes; the CPU union (from +32) is optional for our purposes. */
    private void systemInfo(StreamEntry s) {
        require(s, 32, "MINIDUMP_SYSTEM_INFO");
        String n = s.name();
        long r = s.rva();
        int arch = bytes.u16(n, r);
        Optional<String> vendor = Optional.empty();
        if (s.dataSize() >= 44 && (arch == 0 || arch == 9)) {
            byte[] v = new byte[12];
            bytes.copyTo(r + 32, v, 0, 12);
            String text = new String(v, StandardCharsets.US_ASCII);
            vendor = text.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? Optional.of(text) : Optional.empty();
        }
        dump.systemInfo = new SystemInfo(arch, bytes.u16(n, r + 2), bytes.u16(n, r + 4), bytes.u8(n, r + 6),
                bytes.u8(n, r + 7), bytes.u32(n, r + 8), bytes.u32(n, r + 12), bytes.u32(n, r + 16),
                bytes.u32(n, r + 20), reader.optionalString(n, bytes.u32(n, r + 24)), vendor);
    }

    /** MINIDUMP_MISC_INFO_1..5: SizeOfInfo says which version, Flags1 which fields are valid. */
    private void miscInfo(StreamEntry s) {
        require(s, 24, "MINIDUMP_MISC_INFO");
        String n = s.name();
        long r = s.rva();
        long size = bytes.u32(n, r);
        if (size < 24 || size > s.dataSize()) {
            throw new MinidumpFormatException(n, r, "SizeOfInfo " + size + " is not between 24 and the stream's "
                    + s.dataSize() + " bytes");
        }
        long flags = bytes.u32(n, r + 4);
        int version = size >= 1364 ? 5 : size >= 832 ? 4 : size >= 232 ? 3 : size >= 44 ? 2 : 1;
        boolean times = (flags & MiscInfo.FLAG_PROCESS_TIMES) != 0;
        boolean power = version >= 2 && (flags & MiscInfo.FLAG_POWER_INFO) != 0;
        boolean build = version >= 4 && (flags & MiscInfo.FLAG_BUILD_STRING) != 0;
        dump.miscInfo = new MiscInfo(version, size, flags,
                (flags & MiscInfo.FLAG_PROCESS_ID) != 0 ? Optional.of(bytes.i32(n, r + 8)) : Optional.empty(),
                times ? Optional.of(bytes.u32(n, r + 12)) : Optional.empty(),
                times ? Optional.of(bytes.u32(n, r + 16)) : Optional.empty(),
                times ? Optional.of(bytes.u32(n, r + 20)) : Optional.empty(),
                power ? Optional.of(bytes.u32(n, r + 24)) : Optional.empty(),
                power ? Optional.of(bytes.u32(n, r + 28)) : Optional.empty(),
                field(version >= 3, flags, MiscInfo.FLAG_INTEGRITY, n, r + 44),
                field(version >= 3, flags, MiscInfo.FLAG_EXECUTE_FLAGS, n, r + 48),
                build ? Optional.of(bytes.utf16(n, r + 232, 520)) : Optional.empty(),
                build ? Optional.of(bytes.utf16(n, r + 752, 80)) : Optional.empty(),
                field(version >= 5, flags, MiscInfo.FLAG_PROCESS_COOKIE, n, r + 1360));
    }

    private Optional<Long> field(boolean present, long flags, int flag, String n, long at) {
        return present && (flags & flag) != 0 ? Optional.of(bytes.u32(n, at)) : Optional.empty();
    }

    /** MINIDUMP_THREAD_LIST / MINIDUMP_THREAD_EX_LIST: a count, then 48- or 64-byte entries. */
    private void threads(StreamEntry s, int entrySize, List<MinidumpThread> out) {
        require(s, 4, "thread list");
        long count = bytes.u32(s.name(), s.rva());
        long first = listStart(s, count, entrySize);
        long fit = reader.entriesThatFit(s, first, count, entrySize);
        for (long i = 0; i < fit; i++) {
            out.add(thread(s.name(), first + i * entrySize));
        }
    }

    /** MINIDUMP_THREAD: +0 ThreadId, +4 SuspendCount, +8 PriorityClass, +12 Priority, +16 Teb, +24 Stack, +40 ThreadContext. */
    private MinidumpThread thread(String n, long at) {
        long stackStart = bytes.u64(n, at + 24);
        long stackSize = bytes.u32(n, at + 32);
        long stackRva = bytes.u32(n, at + 36);
        if (stackRva != 0) {
            memory.add(n, at + 24, stackStart, stackSize, stackRva); // mini dumps: the stack may be only here
        }
        return new MinidumpThread(bytes.i32(n, at), bytes.u32(n, at + 4), bytes.u32(n, at + 8),
                bytes.u32(n, at + 12), bytes.u64(n, at + 16), stackStart, stackSize,
                reader.context(n, bytes.u32(n, at + 40), bytes.u32(n, at + 44)));
    }

    /**
     * Where the entries of a count-prefixed list start. Some writers pad the 4-byte count to 8 so the
     * entries are 8-byte aligned; Breakpad accepts that when the size is exactly 4 bytes too large.
     */
    long listStart(StreamEntry s, long count, long entrySize) {
        return s.dataSize() == 8 + count * entrySize ? s.rva() + 8 : s.rva() + 4;
    }

    /** MINIDUMP_EXCEPTION_STREAM: +0 ThreadId, +8 MINIDUMP_EXCEPTION (0x98 bytes), +0xA0 ThreadContext. */
    private void exception(StreamEntry s) {
        require(s, 0xA8, "MINIDUMP_EXCEPTION_STREAM");
        String n = s.name();
        long r = s.rva();
        ExceptionRecordDecoder.Record record = ExceptionRecordDecoder.record64(
                bytes.slice(n, r + 8, ExceptionRecordDecoder.RECORD64_SIZE));
        if (reader.is32Bit()) {
            // 32-bit writers may sign-extend pointers into the 64-bit fields; an x86 address has 32 bits.
            List<Long> params = new ArrayList<>();
            record.parameters().forEach(p -> params.add(p & 0xFFFFFFFFL));
            record = new ExceptionRecordDecoder.Record(record.code(), record.flags(),
                    record.nestedRecord() & 0xFFFFFFFFL, record.address() & 0xFFFFFFFFL, params);
        }
        dump.exception = new MinidumpException(bytes.i32(n, r), record,
                reader.context(n, bytes.u32(n, r + 0xA0), bytes.u32(n, r + 0xA4)));
    }

    /** MINIDUMP_MEMORY_INFO_LIST: SizeOfHeader, SizeOfEntry, NumberOfEntries (u64), 48-byte entries. */
    private void memoryInfoList(StreamEntry s) {
        String n = s.name();
        long first = header(s, 16, 48);
        long entry = bytes.u32(n, s.rva() + 4);
        long fit = reader.entriesThatFit(s, first, bytes.u64(n, s.rva() + 8), entry);
        for (long i = 0; i < fit; i++) {
            long at = first + i * entry;
            dump.memoryInfo.add(new MemoryInfo(bytes.u64(n, at), bytes.u64(n, at + 8), bytes.u32(n, at + 16),
                    bytes.u64(n, at + 24), bytes.u32(n, at + 32), bytes.u32(n, at + 36), bytes.u32(n, at + 40)));
        }
    }

    /** MINIDUMP_HANDLE_DATA_STREAM: SizeOfHeader, SizeOfDescriptor (32 or 40), NumberOfDescriptors. */
    private void handleData(StreamEntry s) {
        String n = s.name();
        long first = header(s, 16, 32);
        long entry = bytes.u32(n, s.rva() + 4);
        long fit = reader.entriesThatFit(s, first, bytes.u32(n, s.rva() + 8), entry);
        for (long i = 0; i < fit; i++) {
            long at = first + i * entry;
            dump.handles.add(new HandleDescriptor(bytes.u64(n, at),
                    reader.optionalString(n, bytes.u32(n, at + 8)), reader.optionalString(n, bytes.u32(n, at + 12)),
                    bytes.u32(n, at + 16), bytes.u32(n, at + 20), bytes.u32(n, at + 24), bytes.u32(n, at + 28)));
        }
    }

    /** MINIDUMP_THREAD_INFO_LIST: SizeOfHeader, SizeOfEntry, NumberOfEntries; 64-byte entries. */
    private void threadInfoList(StreamEntry s) {
        String n = s.name();
        long first = header(s, 12, 64);
        long entry = bytes.u32(n, s.rva() + 4);
        long fit = reader.entriesThatFit(s, first, bytes.u32(n, s.rva() + 8), entry);
        for (long i = 0; i < fit; i++) {
            long at = first + i * entry;
            ByteBuffer b = bytes.slice(n, at, 64);
            dump.threadInfo.add(new ThreadInfoEntry(b.getInt(0), u32(b, 4), u32(b, 8), u32(b, 12), b.getLong(16),
                    b.getLong(24), b.getLong(32), b.getLong(40), b.getLong(48), b.getLong(56)));
        }
    }

    /**
     * Checks the SizeOfHeader / SizeOfEntry pair that starts the newer list streams and returns where
     * the entries begin. Entries may be larger than we know (newer versions), never smaller.
     */
    long header(StreamEntry s, int minHeader, int minEntry) {
        require(s, minHeader, s.name() + " header");
        long headerSize = bytes.u32(s.name(), s.rva());
        long entrySize = bytes.u32(s.name(), s.rva() + 4);
        if (headerSize < minHeader || headerSize > s.dataSize()) {
            throw new MinidumpFormatException(s.name(), s.rva(), "SizeOfHeader " + headerSize
                    + " is not between " + minHeader + " and the stream's " + s.dataSize() + " bytes");
        }
        if (entrySize < minEntry || entrySize > MinidumpReader.MAX_STRING_BYTES) {
            throw new MinidumpFormatException(s.name(), s.rva() + 4, "SizeOfEntry " + entrySize
                    + " is smaller than " + minEntry + " or absurdly large");
        }
        return s.rva() + headerSize;
    }

    private void commentA(StreamEntry s) {
        int len = (int) Math.min(s.dataSize(), MinidumpReader.MAX_STRING_BYTES);
        dump.comments.add(bytes.cString(s.name(), s.rva(), len, StandardCharsets.UTF_8));
    }

    private void commentW(StreamEntry s) {
        int len = (int) Math.min(s.dataSize(), MinidumpReader.MAX_STRING_BYTES);
        dump.comments.add(bytes.utf16(s.name(), s.rva(), len));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
