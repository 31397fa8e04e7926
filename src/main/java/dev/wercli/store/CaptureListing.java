package dev.wercli.store;

import dev.wercli.config.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The captures of a folder for reading commands: from the index, or, when there is none yet, from the
 * reports themselves (without writing: listing must work on a read-only folder).
 */
public final class CaptureListing {
    private CaptureListing() {
    }

    /** The captures, oldest first; from the index when there is one. */
    public static CaptureIndex.Contents load(Path dir) throws IOException {
        CaptureIndex index = new CaptureIndex(dir);
        if (Files.exists(index.file())) {
            return index.read();
        }
        return new CaptureIndex.Contents(CaptureIndex.scanReports(dir), 0);
    }

    /** The entries as a JSON array (snake_case, the index's own field names). */
    public static String toJson(List<IndexEntry> entries) throws IOException {
        return Json.snakeCase().writeValueAsString(entries) + System.lineSeparator();
    }

    /** A size for people: bytes below 1 KiB, else KiB/MiB/GiB with one decimal. */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
