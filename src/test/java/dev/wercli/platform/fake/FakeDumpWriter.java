package dev.wercli.platform.fake;

import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.PlatformException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Writes a small marker file instead of a minidump and remembers what it was asked for. */
public final class FakeDumpWriter implements DumpWriter {
    private final Journal journal;
    public PlatformException failure;
    public Optional<DumpException> lastException = Optional.empty();
    public int lastFlags;

    FakeDumpWriter(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void write(int pid, Path file, int flags, Optional<DumpException> exception) throws PlatformException {
        journal.add("dump " + pid);
        lastException = exception;
        lastFlags = flags;
        if (failure != null) {
            throw failure;
        }
        try {
            Files.writeString(file, "MDMP fake dump of " + pid, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlatformException("fake write failed: " + e.getMessage(), 0);
        }
    }
}
