package dev.wercli.snapshot.minidump;

/**
 * One thing wrong with a dump file: which stream (or "header" / "directory"), the file offset where the bad
 * bytes are, and what is wrong. Reported alongside whatever could still be read.
 */
public record MinidumpProblem(String stream, long offset, String message) {
    @Override
    public String toString() {
        return stream + " at file offset 0x" + Long.toHexString(offset) + ": " + message;
    }
}
