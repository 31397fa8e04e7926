package dev.wercli.realdumps;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our crash stacks against Breakpad's minidump_stackwalk (no symbols) on real Windows dumps, through
 * tests/real-dumps/compare.sh: at least as deep (or stopped by our frame bound) and the same first frames.
 * The dumps come from other projects' test suites and cannot be committed here, so the test runs only
 * when WERCLI_REAL_DUMPS names a folder of *.dmp files (tests/real-dumps/README.md says how to make one)
 * and is skipped with that reason otherwise. Needs target/wercli.jar: it runs with the e2e tests
 * (mvn verify -De2e.skip=false -Dit.test=RealDumpsCompareIT).
 */
@Tag("e2e")
class RealDumpsCompareIT {
    private final Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    @Test
    void ourStacksAgreeWithBreakpadsOnRealDumps() throws Exception {
        String folder = System.getenv("WERCLI_REAL_DUMPS");
        Assumptions.assumeTrue(folder != null && !folder.isBlank(), "WERCLI_REAL_DUMPS is not set: the real"
                + " Windows dumps come from other projects' test suites and cannot be committed; see"
                + " tests/real-dumps/README.md to collect them and point WERCLI_REAL_DUMPS at the folder");
        Path dir = Path.of(folder);
        assertTrue(countDumps(dir) > 0, "WERCLI_REAL_DUMPS=" + dir + " holds no *.dmp");
        Path log = Files.createTempFile("real-dumps", ".txt");
        Process p = new ProcessBuilder("bash", project.resolve("tests/real-dumps/compare.sh").toString(), dir.toString())
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "compare.sh did not finish in 20 minutes");
        String table = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        System.out.println(table);
        // exit 1: a dump disagrees; exit 2: the comparison could not run (no jar, no Breakpad): both fail,
        // since whoever set WERCLI_REAL_DUMPS asked for the comparison
        assertEquals(0, p.exitValue(), "compare.sh exit " + p.exitValue() + ":\n" + table);
    }

    private static long countDumps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".dmp")).count();
        }
    }
}
