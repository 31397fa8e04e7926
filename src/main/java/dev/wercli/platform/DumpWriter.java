package dev.wercli.platform;

import java.nio.file.Path;
import java.util.Optional;

/** MiniDumpWriteDump. */
public interface DumpWriter {
    /**
     * The exception stream to write: a local copy of the faulting thread's record (EXCEPTION_RECORD64
     * layout) and CONTEXT, passed as EXCEPTION_POINTERS with ClientPointers = FALSE.
     */
    record DumpException(int threadId, byte[] exceptionRecord, byte[] context) {
    }

    /** Writes a dump of {@code pid} to {@code file} (created or truncated) with MINIDUMP_TYPE {@code flags}. */
    void write(int pid, Path file, int flags, Optional<DumpException> exception) throws PlatformException;
}
