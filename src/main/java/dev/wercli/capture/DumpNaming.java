package dev.wercli.capture;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * File names of a capture: {@code <image>_<yyyyMMdd-HHmmss.SSS>_pid<pid>} + ".dmp" / ".json" (UTC time).
 * The pid and milliseconds keep concurrent crashes apart; a reservation file created with CREATE_NEW makes
 * the rare exact collision (same image, pid and millisecond) take a "-2", "-3" suffix instead of overwriting.
 */
public final class DumpNaming {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS")
            .withZone(ZoneOffset.UTC);
    static final String PARTIAL_SUFFIX = ".partial";

    private DumpNaming() {
    }

    public static String baseName(String imageName, int pid, Instant time) {
        return sanitize(imageName) + "_" + STAMP.format(time) + "_pid" + pid;
    }

    /**
     * Reserves a base name in {@code dir} by creating {@code <base>.dmp.partial}; returns the base name.
     * The dump is written to that file and renamed to {@code <base>.dmp} once complete.
     */
    public static String reserve(Path dir, String base) throws IOException {
        for (int n = 1; n < 1000; n++) {
            String candidate = n == 1 ? base : base + "-" + n;
            if (Files.exists(dir.resolve(candidate + ".dmp")) || Files.exists(dir.resolve(candidate + ".json"))) {
                continue;
            }
            try {
                Files.createFile(dir.resolve(candidate + ".dmp" + PARTIAL_SUFFIX));
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                // another capture has it: try the next suffix
            }
        }
        throw new IOException("no free file name for " + base + " in " + dir);
    }

    /** Keeps file names portable: Windows forbids \ / : * ? " < > | and control characters. */
    static String sanitize(String name) {
        String s = name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        return s.isBlank() ? "unknown" : s;
    }
}
