package dev.wercli.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What Breakpad's minidump_stackwalk -m (no symbols) reads from a dump: CPU, crash, the crashing thread's frames. */
record BreakpadView(String cpu, String crashLine, List<String> frames) {
    static BreakpadView read(WineHarness wine, Path dump) throws IOException, InterruptedException {
        WineHarness.Run sw = wine.run(List.of(wine.stackwalk.toString(), "-m", dump.toString()), Duration.ofSeconds(60));
        assertEquals(0, sw.exitCode(), "minidump_stackwalk failed: " + sw.stderr());
        String cpu = field(sw.stdout(), "CPU|", 1);
        String crash = sw.stdout().lines().filter(l -> l.startsWith("Crash|")).findFirst().orElse(null);
        assertNotNull(crash, "Breakpad found no crash in the dump:\n" + sw.stdout());
        String thread = crash.split("\\|")[3];
        List<String> frames = sw.stdout().lines().filter(l -> l.startsWith(thread + "|")).toList();
        return new BreakpadView(cpu, crash, frames);
    }

    private static String field(String out, String prefix, int index) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.split("\\|")[index]).orElse("");
    }

    String reason() {
        return crashLine.split("\\|")[1];
    }

    long address() {
        return Long.decode(crashLine.split("\\|")[2]);
    }

    /** Each frame as module+0xoffset, or the bare address outside every module. */
    List<String> moduleOffsets() {
        List<String> out = new ArrayList<>();
        for (String f : frames) {
            String[] p = f.split("\\|", -1);
            long value = Long.decode(p[6]);
            out.add(p[2].isEmpty() ? "0x" + Long.toHexString(value) : p[2] + "+0x" + Long.toHexString(value));
        }
        return out;
    }

    /** The report's frames in the same form. */
    static List<String> moduleOffsets(JsonNode frames) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : frames) {
            out.add(f.path("module").isTextual()
                    ? f.path("module").asText() + "+0x" + Long.toHexString(Long.decode(f.path("module_offset").asText()))
                    : "0x" + Long.toHexString(Long.decode(f.path("instruction_pointer").asText())));
        }
        return out;
    }
}
