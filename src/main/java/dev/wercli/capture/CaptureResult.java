package dev.wercli.capture;

import java.nio.file.Path;
import java.util.Optional;

/** How a capture ended: the files it left and, when it failed, why (the report records the same). */
public record CaptureResult(Optional<CaptureFailure> failure, String message, Optional<Path> dump,
                            Optional<Path> report) {
    public boolean ok() {
        return failure.isEmpty();
    }
}
