package dev.wercli.snapshot.minidump;

import dev.wercli.snapshot.ModuleInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CodeView fixture read by an independent reader: Breakpad's minidump_dump must print the same debug
 * identifier and debug file as our snapshot carries, so the fixture's layout is Windows' and not only ours.
 * Skips when minidump_dump is missing (tests/setup-env.sh installs it; WERCLI_MINIDUMP_DUMP names another).
 */
class BreakpadDebugIdTest {
    private static final Pattern DEBUG_ID = Pattern.compile("\\(debug_identifier\\)\\s+= \"([^\"]*)\"");
    private static final Pattern DEBUG_FILE = Pattern.compile("\\(debug_file\\)\\s+= \"([^\"]*)\"");

    private static Path minidumpDump() {
        String env = System.getenv("WERCLI_MINIDUMP_DUMP");
        return env != null ? Path.of(env)
                : Path.of("tests/.cache/npm/node_modules/minidump/bin/linux-x64/minidump_dump").toAbsolutePath();
    }

    private static List<String> all(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void breakpadReadsTheSameDebugIdentifierAsWe(@TempDir Path dir) throws IOException, InterruptedException {
        Path tool = minidumpDump();
        Assumptions.assumeTrue(Files.isExecutable(tool), "no Breakpad minidump_dump at " + tool
                + ": run tests/setup-env.sh (or set WERCLI_MINIDUMP_DUMP) to check the fixture against it");
        byte[] bytes = SampleDumps.codeViewModule(0x7FF6_1000_0000L, "C:\\app\\fake.dll").build();
        Path file = Files.write(dir.resolve("codeview.dmp"), bytes);
        Process p = new ProcessBuilder(tool.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "minidump_dump did not finish");

        ModuleInfo ours = new MinidumpSnapshot(MinidumpReader.read(DumpBytes.of(bytes))).modules().get(0);
        // Breakpad writes the age with %x (lower case) and we in upper case, as the report schema says; symbol
        // servers ignore the case of the key, so compare without it
        assertEquals(List.of(ours.identity().pdb().orElseThrow().symbolServerId()),
                all(DEBUG_ID, out).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList(), out);
        assertEquals(List.of(ours.identity().pdb().orElseThrow().fileName()), all(DEBUG_FILE, out), out);
    }
}
