package dev.wercli.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The files of one capture in the dump folder, named and reserved at once (see {@link DumpNaming}), so that
 * even a capture that fails before the dump has a name for its failure record.
 */
final class CaptureFiles {
    private final Path dir;
    private final String baseName;

    private CaptureFiles(Path dir, String baseName) {
        this.dir = dir;
        this.baseName = baseName;
    }

    /** Creates the folder if needed and reserves {@code <image>_<time>_pid<pid>}; an IOException if not writable. */
    static CaptureFiles reserve(Path dir, String imageName, int pid, Instant time) throws IOException {
        Files.createDirectories(dir);
        return new CaptureFiles(dir, DumpNaming.reserve(dir, DumpNaming.baseName(imageName, pid, time)));
    }

    /** Where MiniDumpWriteDump writes; the reservation itself. */
    Path partialDump() {
        return dir.resolve(baseName + ".dmp" + DumpNaming.PARTIAL_SUFFIX);
    }

    /** The dump once it is whole (renamed from {@link #partialDump()}). */
    Path dump() {
        return dir.resolve(baseName + ".dmp");
    }

    Path report() {
        return dir.resolve(baseName + ".json");
    }

    Path partialReport() {
        return dir.resolve(baseName + ".json" + DumpNaming.PARTIAL_SUFFIX);
    }
}
