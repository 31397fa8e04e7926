package dev.wercli.capture;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;

/**
 * The capture's log. AeDebug starts wercli where nobody sees its output (a service crash runs it in
 * session 0), so every step and failure is appended to a file. Only facts about the capture are logged,
 * never process memory or dump content.
 */
public final class CaptureLog {
    private final Optional<Path> file;
    private final PrintStream echo;
    private final Clock clock;
    private final long pid = ProcessHandle.current().pid();

    /** @param echo where lines are copied as well (stderr with --verbose), or null */
    public CaptureLog(Optional<Path> file, PrintStream echo, Clock clock) {
        this.file = file;
        this.echo = echo;
        this.clock = clock;
    }

    public static CaptureLog none() {
        return new CaptureLog(Optional.empty(), null, Clock.systemUTC());
    }

    public synchronized void info(String message) {
        String line = clock.instant() + " wercli[" + pid + "] " + message.replace('\n', ' ');
        if (echo != null) {
            echo.println(line);
        }
        if (file.isPresent()) {
            try {
                Path f = file.get();
                if (f.getParent() != null) {
                    Files.createDirectories(f.getParent());
                }
                Files.writeString(f, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException | RuntimeException e) {
                // A log that cannot be written must never stop the capture.
            }
        }
    }
}
