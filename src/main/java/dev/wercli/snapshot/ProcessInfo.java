package dev.wercli.snapshot;

import java.util.Optional;

/**
 * Who crashed. Fields a source cannot supply are empty, never invented (a minidump has no command line
 * unless the writer stored one).
 */
public record ProcessInfo(int pid, Optional<String> imagePath, Optional<String> commandLine,
                          Architecture architecture, Optional<Long> createTimeEpochSeconds) {

    /** The image's file name, e.g. "crashy.exe", or empty when the path is unknown. */
    public Optional<String> imageName() {
        return imagePath.map(p -> p.substring(Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/')) + 1));
    }
}
