package dev.wercli.snapshot.minidump;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Replays the fuzzing seeds and every committed Jazzer finding without loading Jazzer (see MinidumpFuzzTest). */
class FuzzInputsRegressionTest {
    static List<Path> inputs() throws IOException, URISyntaxException {
        Path dir = Path.of(FuzzInputsRegressionTest.class
                .getResource("MinidumpFuzzTestInputs/readerThrowsOnlyTheTypedError").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            assertFalse(all.isEmpty(), "no seeds in " + dir);
            return all;
        }
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void inputIsReadOrRejectedWithTheTypedError(Path input) throws IOException {
        // Fails when anything but MinidumpFormatException escapes (the finding's original symptom).
        MinidumpFuzzTest.check(Files.readAllBytes(input));
    }
}
