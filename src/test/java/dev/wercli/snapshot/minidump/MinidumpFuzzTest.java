package dev.wercli.snapshot.minidump;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wercli.snapshot.ThreadInfo;

/**
 * Coverage-guided fuzzing of the reader with Jazzer: any exception other than MinidumpFormatException, an
 * OutOfMemoryError or a hang is a finding. In a normal `mvn test` this replays the seeds and every past
 * finding in MinidumpFuzzTestInputs/ (regression mode). Fuzzing run, bounded by maxDuration:
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=MinidumpFuzzTest}; new findings land in that folder and become
 * regression inputs once committed. See tests/bench/README.md for longer runs.
 */
class MinidumpFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void readerThrowsOnlyTheTypedError(byte[] input) {
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
