package dev.wercli.platform;

import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** MiniDumpWriteDump, in the target's own bitness. */
public interface DumpWriter {
    /**
     * The exception stream to write: the faulting thread's record and its CONTEXT in the target's layout
     * (x64 CONTEXT, or the x86 CONTEXT of a WOW64 target), passed with ClientPointers = FALSE.
     */
    record DumpException(int threadId, ExceptionRecordDecoder.Record record, byte[] context) {
    }

    /**
     * Writes a dump of {@code pid} to {@code file} (created or truncated) with MINIDUMP_TYPE {@code flags}.
     * {@code architecture} is the target's, as the caller found it (and sized the context by): X86 means a
     * WOW64 process, whose dump must be written by 32-bit code.
     *
     * @return what the report should say about a dump that was written but is not what was asked for
     *         (e.g. only the 64-bit view of a 32-bit process could be written); empty normally
     */
    List<String> write(int pid, Architecture architecture, Path file, int flags, Optional<DumpException> exception)
            throws PlatformException;
}
