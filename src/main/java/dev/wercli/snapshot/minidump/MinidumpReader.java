package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.layout.ContextDecoder;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;
import dev.wercli.snapshot.layout.LayoutException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes a minidump file (minidumpapiset.h layouts) without trusting any of it: every size, count and RVA
 * is checked against the file, each stream is decoded on its own, and a damaged stream becomes a
 * {@link MinidumpProblem} while the other streams are still read. Only a file whose header or stream
 * directory cannot be read at all raises {@link MinidumpFormatException}.
 * Module, handle and thread lists are decoded eagerly; memory is only indexed (see {@link DumpMemory}).
 */
public final class MinidumpReader {
    static final int SIGNATURE = 0x504D444D; // "MDMP"
    static final int VERSION = 0xA793;
    static final int HEADER_SIZE = 32;
    static final int DIRECTORY_ENTRY_SIZE = 12;
    /** Real dumps have fewer than 30 streams; more than this is damage, not data. */
    static final int MAX_STREAMS = 4096;
    /**
     * Upper bound for entries of any one list. Keeps a forged count from filling the heap even when the
     * file is large enough to "hold" the entries (a multi-GiB file of zeros). Real full dumps of large
     * processes have some 10^5 memory ranges.
     */
    static final long MAX_ENTRIES = 1_000_000;
    /** MINIDUMP_STRING lengths: Windows paths are at most 32,767 UTF-16 units. */
    static final int MAX_STRING_BYTES = 65_536;

    private final DumpBytes bytes;
    private final Minidump dump;
    private final MinidumpStreams streams;

    private MinidumpReader(DumpBytes bytes, Minidump dump) {
        this.bytes = bytes;
        this.dump = dump;
        this.streams = new MinidumpStreams(bytes, dump, this);
    }

    /** Maps and decodes {@code file}. IOException when it cannot be opened; see {@link #read(DumpBytes)}. */
    public static Minidump open(Path file) throws IOException {
        return read(DumpBytes.map(file));
    }

    /**
     * Decodes the header and stream directory (fatal when unreadable) and then every stream it knows.
     *
     * @throws MinidumpFormatException when the file is not a minidump or its directory is out of the file
     */
    public static Minidump read(DumpBytes bytes) {
        MinidumpHeader header = readHeader(bytes);
        Minidump dump = new Minidump(bytes, header);
        MinidumpReader reader = new MinidumpReader(bytes, dump);
        reader.readDirectory();
        reader.readStreams();
        return dump;
    }

    private static MinidumpHeader readHeader(DumpBytes bytes) {
        if (bytes.size() < HEADER_SIZE) {
            throw new MinidumpFormatException("header", 0, "file has " + bytes.size()
                    + " bytes, a minidump header needs " + HEADER_SIZE);
        }
        int signature = bytes.i32("header", 0);
        if (signature != SIGNATURE) {
            throw new MinidumpFormatException("header", 0, String.format(
                    "bad signature 0x%08x, expected 0x%08x (\"MDMP\")", signature, SIGNATURE));
        }
        long version = bytes.u32("header", 4);
        return new MinidumpHeader((int) (version & 0xFFFF), (int) (version >>> 16), bytes.u32("header", 8),
                bytes.u32("header", 12), bytes.u32("header", 16), bytes.u32("header", 20),
                bytes.u64("header", 24));
    }

    private void readDirectory() {
        MinidumpHeader h = dump.header;
        if (h.version() != VERSION) {
            problem("header", 4, String.format("unexpected version 0x%04x (expected 0x%04x); reading anyway",
                    h.version(), VERSION));
        }
        long count = h.numberOfStreams();
        long rva = h.directoryRva();
        if (count > 0 && !bytes.contains(rva, DIRECTORY_ENTRY_SIZE)) {
            throw new MinidumpFormatException("directory", rva, "stream directory (" + count
                    + " entries) lies outside the " + bytes.size() + "-byte file");
        }
        long fit = Math.min(count, Math.min(MAX_STREAMS, (bytes.size() - rva) / DIRECTORY_ENTRY_SIZE));
        if (fit < count) {
            problem("directory", rva, "header claims " + count + " streams, only " + fit + " could be read");
        }
        for (int i = 0; i < fit; i++) {
            long at = rva + (long) i * DIRECTORY_ENTRY_SIZE;
            dump.streams.add(new StreamEntry(i, bytes.i32("directory", at), bytes.u32("directory", at + 4),
                    bytes.u32("directory", at + 8)));
        }
    }

    private void readStreams() {
        // SystemInfo first: thread contexts are decoded by its processor architecture.
        for (StreamEntry s : dump.streams) {
            if (s.type() == StreamType.SYSTEM_INFO) {
                decode(s);
                break;
            }
        }
        Set<Integer> seen = new HashSet<>();
        seen.add(StreamType.SYSTEM_INFO);
        boolean systemInfoDone = false;
        for (StreamEntry s : dump.streams) {
            if (s.type() == 0) {
                continue; // UnusedStream: padding some writers leave in the directory
            }
            boolean comment = s.type() == StreamType.COMMENT_A || s.type() == StreamType.COMMENT_W;
            if (s.type() == StreamType.SYSTEM_INFO && !systemInfoDone) {
                systemInfoDone = true;
                continue;
            }
            if (!comment && !seen.add(s.type())) {
                problem(s.name(), directoryOffset(s), "duplicate " + s.name() + " stream ignored");
                continue;
            }
            decode(s);
        }
        streams.finishMemory();
    }

    /** Decodes one stream; damage inside it is recorded and does not stop the others. */
    private void decode(StreamEntry s) {
        if (!bytes.contains(s.rva(), s.dataSize())) {
            problem(s.name(), s.rva(), "stream data (" + s.dataSize() + " bytes) lies outside the "
                    + bytes.size() + "-byte file");
            return;
        }
        try {
            if (!streams.decode(s)) {
                dump.unknownStreams.add(s);
            }
        } catch (MinidumpFormatException e) {
            dump.problems.add(e.problem());
        } catch (LayoutException e) {
            problem(s.name(), s.rva(), e.getMessage());
        }
    }

    private long directoryOffset(StreamEntry s) {
        return dump.header.directoryRva() + (long) s.index() * DIRECTORY_ENTRY_SIZE;
    }

    void problem(String stream, long offset, String message) {
        dump.problems.add(new MinidumpProblem(stream, offset, message));
    }

    /**
     * How many of {@code count} entries of {@code entrySize} bytes starting at {@code first} lie inside
     * stream {@code s} (and under {@link #MAX_ENTRIES}); records a problem when that is fewer than claimed.
     */
    long entriesThatFit(StreamEntry s, long first, long count, long entrySize) {
        long end = s.rva() + s.dataSize();
        long room = first > end ? 0 : (end - first) / Math.max(1, entrySize);
        long fit = Math.min(Long.compareUnsigned(count, MAX_ENTRIES) > 0 ? MAX_ENTRIES : count, room);
        if (Long.compareUnsigned(fit, count) != 0) {
            problem(s.name(), s.rva(), "claims " + Long.toUnsignedString(count) + " entries of " + entrySize
                    + " bytes, only " + fit + " fit in its " + s.dataSize() + " bytes");
        }
        return fit;
    }

    /** A MINIDUMP_STRING (ULONG32 byte length + UTF-16LE text) at {@code rva}. */
    String string(String stream, long rva) {
        long length = bytes.u32(stream, rva);
        if (length > MAX_STRING_BYTES) {
            throw new MinidumpFormatException(stream, rva, "string length " + length + " exceeds "
                    + MAX_STRING_BYTES + " bytes");
        }
        return bytes.utf16(stream, rva + 4, (int) length);
    }

    /** A string at an optional RVA (0 = absent); damage becomes a problem and an empty value. */
    Optional<String> optionalString(String stream, long rva) {
        if (rva == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(string(stream, rva));
        } catch (MinidumpFormatException e) {
            dump.problems.add(e.problem());
            return Optional.empty();
        }
    }

    /**
     * Decodes the thread context at a LOCATION_DESCRIPTOR. The architecture comes from SystemInfo; without
     * it, from the context's size (0x4D0 AMD64, 0x2CC x86). Damage is recorded and gives empty.
     */
    Optional<CpuContext> context(String stream, long size, long rva) {
        if (size == 0 && rva == 0) {
            return Optional.empty();
        }
        try {
            bytes.check(stream, rva, size);
            Architecture arch = dump.systemInfo != null ? dump.systemInfo.architecture() : Architecture.UNKNOWN;
            if (arch == Architecture.UNKNOWN) {
                arch = size >= ContextDecoder.AMD64_CONTEXT_SIZE ? Architecture.X64
                        : size == ContextDecoder.X86_CONTEXT_SIZE ? Architecture.X86 : Architecture.UNKNOWN;
            }
            switch (arch) {
                case X64:
                    return Optional.of(ContextDecoder.amd64(
                            bytes.slice(stream, rva, (int) Math.min(size, ContextDecoder.AMD64_CONTEXT_SIZE))));
                case X86:
                    return Optional.of(ContextDecoder.x86(
                            bytes.slice(stream, rva, (int) Math.min(size, ContextDecoder.X86_CONTEXT_SIZE))));
                default:
                    problem(stream, rva, "thread context of " + size + " bytes for an unsupported architecture");
                    return Optional.empty();
            }
        } catch (MinidumpFormatException e) {
            dump.problems.add(e.problem());
        } catch (LayoutException e) {
            problem(stream, rva, e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether the dump's processor architecture is 32-bit x86 (addresses are then 32 bits wide). */
    boolean is32Bit() {
        return dump.systemInfo != null && dump.systemInfo.architecture() == Architecture.X86;
    }
}
