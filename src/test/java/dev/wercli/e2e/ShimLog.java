package dev.wercli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The line tests/shims/jitshim.c writes to WERCLI_JIT_SHIM_LOG: {@code outcome=... debugger_exit=...
 * command=<the rest of the line>} (the command line has spaces, so it comes last and takes the rest).
 */
final class ShimLog {
    private ShimLog() {
    }

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return out;
        }
        String line = lines.get(lines.size() - 1);
        int command = line.indexOf(" command=");
        String head = command >= 0 ? line.substring(0, command) : line;
        for (String token : head.trim().split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                out.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        if (command >= 0) {
            out.put("command", line.substring(command + " command=".length()));
        }
        return out;
    }
}
