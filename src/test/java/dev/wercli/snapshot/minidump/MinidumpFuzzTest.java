package dev.wercli.snapshot.minidump;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wercli.snapshot.ThreadInfo;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Coverage-guided fuzzing of the reader with Jazzer: any exception other than MinidumpFormatException, an
 * OutOfMemoryError or a hang is a finding. Runs only when asked, bounded by maxDuration:
 * {@code JAZZER_FUZZ=1 mvn surefire:test -Dtest=MinidumpFuzzTest}, which tests/run-all does after the other
 * tests, in a JVM of its own. Jazzer's agent stays in the test JVM and slows every later test about
 * tenfold, so a plain {@code mvn test} does not load it; instead {@link FuzzInputsRegressionTest} replays
 * the seeds and every committed finding in MinidumpFuzzTestInputs/. Longer local runs: raise maxDuration.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = "1|true")
class MinidumpFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void readerThrowsOnlyTheTypedError(byte[] input) {
        check(input);
    }

    /** The property under test, shared with the regression replay. */
    static void check(byte[] input) {
        Minidump dump;
        try {
            dump = MinidumpReader.read(DumpBytes.of(input));
        } catch (MinidumpFormatException expected) {
            return;
        }
        MinidumpSnapshot s = new MinidumpSnapshot(dump);
        s.exception();
        for (ThreadInfo t : s.threads()) {
            t.context().ifPresent(c -> dump.memory().read(c.stackPointer(), 64));
        }
        dump.memory().ranges().forEach(r -> dump.memory().read(r.start(), (int) Math.min(r.size(), 256)));
    }
}
