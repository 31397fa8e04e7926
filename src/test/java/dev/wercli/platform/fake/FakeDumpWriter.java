package dev.wercli.platform.fake;

import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.PlatformException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Writes a small minidump (exception stream and module list) and remembers what it was asked for. */
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
        return dump(java.util.List.of());
    }

    /**
     * A whole minidump as MiniDumpWriteDump would hold the fake process's modules: the header, a directory of
     * two streams, an exception stream (type 6, 168 bytes) and a module list (type 4: the count, 108-byte
     * MINIDUMP_MODULE entries, then each name as a MINIDUMP_STRING). No modules: the exception stream alone.
     */
    static byte[] dump(java.util.List<dev.wercli.snapshot.ModuleInfo> modules) {
        int streams = modules.isEmpty() ? 1 : 2;
        int exceptionAt = 32 + 12 * streams;
        int listAt = exceptionAt + 168;
        int namesAt = listAt + 4 + 108 * modules.size();
        java.io.ByteArrayOutputStream names = new java.io.ByteArrayOutputStream();
        java.util.List<Integer> nameRvas = new java.util.ArrayList<>();
        for (dev.wercli.snapshot.ModuleInfo m : modules) {
            byte[] utf16 = m.path().getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
            nameRvas.add(namesAt + names.size());
            names.writeBytes(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putInt(utf16.length).array());
            names.writeBytes(utf16);
            names.writeBytes(new byte[2]);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(namesAt + names.size())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x504D444D).putInt(4, 0xA793).putInt(8, streams).putInt(12, 32);
        b.putInt(32, 6).putInt(36, 168).putInt(40, exceptionAt);
        if (!modules.isEmpty()) {
            b.putInt(44, 4).putInt(48, namesAt - listAt).putInt(52, listAt);
            b.putInt(listAt, modules.size());
            for (int i = 0; i < modules.size(); i++) {
                int at = listAt + 4 + 108 * i;
                b.putLong(at, modules.get(i).base()).putInt(at + 8, (int) modules.get(i).size())
                        .putInt(at + 20, nameRvas.get(i));
            }
            b.put(namesAt, names.toByteArray());
        }
        return b.array();
    }

    private final FakeInspector inspector;

    FakeDumpWriter(Journal journal, FakeInspector inspector) {
        this.journal = journal;
        this.inspector = inspector;
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
            byte[] dump = dump(inspector.modules);
            Files.write(file, truncateTo < 0 ? dump : java.util.Arrays.copyOf(dump, truncateTo));
        } catch (IOException e) {
            throw new PlatformException("fake write failed: " + e.getMessage(), 0);
        }
        return notes;
    }
}
