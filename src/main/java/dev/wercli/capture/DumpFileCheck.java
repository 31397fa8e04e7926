package dev.wercli.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Checks that a freshly written dump is whole before it is renamed into place: MiniDumpWriteDump has been
 * seen to report success on a full disk and leave a truncated file. The header, the stream directory and
 * every stream's extent must lie inside the file, and the exception stream must be there.
 * Reads with a channel, never a mapping: a mapped file could not be renamed on Windows.
 */
final class DumpFileCheck {
    private static final int SIGNATURE = 0x504D444D; // "MDMP"
    private static final int EXCEPTION_STREAM = 6;
    private static final int MAX_STREAMS = 4096;

    private DumpFileCheck() {
    }

    /** Empty when the dump is whole, else what is wrong with it. */
    static Optional<String> problem(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = read(ch, 0, 32);
            if (header == null || header.getInt(0) != SIGNATURE) {
                return Optional.of("no minidump header (file is " + size + " bytes)");
            }
            long count = Integer.toUnsignedLong(header.getInt(8));
            long directory = Integer.toUnsignedLong(header.getInt(12));
            if (count == 0 || count > MAX_STREAMS || directory + count * 12 > size) {
                return Optional.of("stream directory (" + count + " streams at " + directory
                        + ") is not inside the " + size + "-byte file");
            }
            ByteBuffer entries = read(ch, directory, (int) (count * 12));
            boolean hasException = false;
            for (int i = 0; i < count; i++) {
                int type = entries.getInt(i * 12);
                long dataSize = Integer.toUnsignedLong(entries.getInt(i * 12 + 4));
                long rva = Integer.toUnsignedLong(entries.getInt(i * 12 + 8));
                if (type != 0 && rva + dataSize > size) {
                    return Optional.of("stream " + type + " ends at " + (rva + dataSize) + ", past the end of the "
                            + size + "-byte file (truncated)");
                }
                hasException |= type == EXCEPTION_STREAM;
            }
            return hasException ? Optional.empty() : Optional.of("the dump has no exception stream");
        }
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                return null;
            }
        }
        return b.flip();
    }
}
