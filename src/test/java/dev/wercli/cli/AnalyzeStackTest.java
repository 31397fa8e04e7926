package dev.wercli.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analysis parts of {@code wercli analyze} on the real Wine fixture (crashy.exe av-write, MiniDumpNormal:
 * stacks but no module images): the summary shows the top of the stack and the bucket, and --modules never
 * lends another build's file (the fixture's crashy.exe is not in any folder we pass).
 */
class AnalyzeStackTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return WercliCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String fixture() throws Exception {
        return Path.of(AnalyzeStackTest.class.getResource("/dumps/wine-x64-av-write-mini.dmp").toURI()).toString();
    }

    @Test
    void summaryShowsTheStackTopAndTheBucket() throws Exception {
        assertEquals(0, run("analyze", fixture()), err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Stack      #0 crashy.exe+0x162f  (context)\n"), text);
        assertTrue(text.matches("(?s).*\nSignature  [0-9a-f]{16} \\(crashy\\.exe\\+0x162f 0xC0000005\\)\n.*"), text);
    }

    @Test
    void aModuleFileOfAnotherBuildIsNotUsed() throws Exception {
        assertEquals(0, run("analyze", "--json", fixture()));
        JsonNode plain = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        out.reset();
        Files.write(tmp.resolve("crashy.exe"), new byte[]{'M', 'Z', 1, 2, 3});
        assertEquals(0, run("analyze", "--json", "--modules", tmp.toString(), fixture()),
                err.toString(StandardCharsets.UTF_8));
        JsonNode withFolder = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(plain.get("crash_stack"), withFolder.get("crash_stack"));
        assertEquals(plain.get("signature"), withFolder.get("signature"));
        assertTrue(withFolder.get("errors").isEmpty(), withFolder.get("errors").toString());
    }
}
