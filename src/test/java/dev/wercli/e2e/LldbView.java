package dev.wercli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What LLDB (Debian's, an independent reader) makes of a dump: the target's architecture and the stop reason. */
record LldbView(String arch, String stopReason, String output) {
    private static final Pattern ARCH = Pattern.compile("arch=(\\S+?),");
    private static final Pattern STOP = Pattern.compile("stop reason = (.*)");

    static LldbView read(WineHarness wine, Path dump) throws IOException, InterruptedException {
        // From an empty folder, so LLDB cannot pick up crashy.exe beside the dump and load it instead.
        Path empty = wine.freshDir("lldb-cwd");
        WineHarness.Run r = wine.runIn(empty, List.of("lldb", "--batch", "-c", dump.toString(), "-o", "target list",
                "-o", "thread list"), Duration.ofSeconds(60));
        Files.deleteIfExists(empty);
        String out = r.stdout();
        Matcher a = ARCH.matcher(out);
        Matcher s = STOP.matcher(out);
        return new LldbView(a.find() ? a.group(1) : "", s.find() ? s.group(1) : "", out);
    }
}
