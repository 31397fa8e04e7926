package dev.wercli.platform.fake;

import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.PlatformException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Writes a small marker file instead of a minidump and remembers what it was asked for. */
public final class FakeDumpWriter implements DumpWriter {
    private final Journal journal;
    public PlatformException failure;
    public Optional<DumpException> lastException = Optional.empty();
    public int lastFlags;
    public dev.wercli.snapshot.Architecture lastArchitecture;
    /** When >= 0, the file is cut to this many bytes while the call "succeeds" (Wine on a full disk). */
    public int truncateTo = -1;
    /** What the next write reports back for the report (e.g. a dump of the wrong bitness). */
    public java.util.List<String> notes = java.util.List.of();

    /**
     * The smallest whole minidump: a 32-byte header ("MDMP", 1 stream, directory at 32) and one exception
     * stream (type 6, 168 bytes at 44).
     */
    static byte[] minimalDump() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + 168).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x504D444D).putInt(4, 0xA793).putInt(8, 1).putInt(12, 32);
        b.putInt(32, 6).putInt(36, 168).putInt(40, 44);
        return b.array();
    }

    FakeDumpWriter(Journal journal) {
        this.journal = journal;
    }

    @Override
    public java.util.List<String> write(int pid, dev.wercli.snapshot.Architecture architecture, Path file, int flags,
            Optional<DumpException> exception) throws PlatformException {
        journal.add("dump " + pid);
        lastException = exception;
        lastFlags = flags;
        lastArchitecture = architecture;
        if (failure != null) {
            throw failure;
        }
        try {
            Files.write(file, truncateTo < 0 ? minimalDump() : java.util.Arrays.copyOf(minimalDump(), truncateTo));
        } catch (IOException e) {
            throw new PlatformException("fake write failed: " + e.getMessage(), 0);
        }
        return notes;
    }
}
