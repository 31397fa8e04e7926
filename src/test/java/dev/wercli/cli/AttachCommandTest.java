package dev.wercli.cli;

import dev.wercli.fixtures.Bytes;
import dev.wercli.platform.DebugEvent;
import dev.wercli.platform.fake.FakePlatform;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `wercli attach` run in-process through picocli against a faked platform: every AeDebug form and exit code. */
class AttachCommandTest {
    @TempDir
    Path dir;
    FakePlatform platform;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void fakePlatform() {
        platform = new FakePlatform();
        platform.inspector.modules.add(ModuleInfo.of("C:\\apps\\crashy.exe", 0x140000000L, 0x40000));
        platform.inspector.threads.add(332);
        platform.context(332, Bytes.amd64Context(0x14000162FL, 0x21FCD0, 0, 0));
        platform.session.onAttach(List.of(DebugEvent.simple(DebugEvent.Kind.CREATE_PROCESS, 328, 332),
                DebugEvent.exception(328, 900, record(0x80000003, 0x170050000L), true)));
        platform.session.afterSignal(List.of(DebugEvent.exception(328, 332, record(0xC0000005, 0x14000162FL, 1, 0x10), false)));
        AttachCommand.platformFactory = () -> platform;
        AttachCommand.halter = status -> { };
    }

    @AfterEach
    void restore() {
        AttachCommand.platformFactory = () -> {
            throw new WercliException(ExitCode.NOT_WINDOWS, "no platform in tests");
        };
    }

    static ExceptionRecordDecoder.Record record(int code, long address, long... params) {
        return ExceptionRecordDecoder.record64(ByteBuffer.wrap(Bytes.record64(code, address, params)));
    }

    int run(String... args) {
        return WercliCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"328 48 000000000021ECA0", "328 48 0x21eca0", "328 48", "-p 328 -e 48 -j 21ECA0",
            "--pid 328 --event 48", "-p 328 -e 48 --jit-debug-info 0X21ECA0"})
    void acceptsEveryAeDebugForm(String args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("attach"));
        argv.addAll(List.of(args.split(" ")));
        argv.addAll(List.of("--dump-dir", dir.toString()));
        assertEquals(0, run(argv.toArray(String[]::new)), err());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("wercli: captured process 328: dump "));
        assertEquals("attach 328", platform.journal.entries().get(0));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".dmp")).count());
        }
        assertTrue(Files.readString(dir.resolve("wercli.log")).contains("exit 0 "), "the log says how it ended");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc 48", "-5 48", "0 48", "328 x", "328 48 zzz", "328 48 12345678901234567",
            "328 48 1 extra", "328 -p 328", "328 48 --dump-type huge", "328 48 --dump-type 0x80000000",
            "328 48 --timeout 0", "328 48 --no-such-option", "328 48 --release later"})
    void badArgumentsAreAUsageErrorOnOneLine(String args) {
        List<String> argv = new java.util.ArrayList<>(List.of("attach"));
        if (!args.isEmpty()) {
            argv.addAll(List.of(args.split(" ")));
        }
        assertEquals(2, run(argv.toArray(String[]::new)), err());
        assertTrue(err().startsWith("wercli: "), err());
        assertFalse(err().contains("\tat "), "no stack trace");
        assertEquals(List.of(), platform.journal.entries(), "nothing was attached");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PID|328|APPDOM|1|EXTEXT|Unhandled exception|EVTHDL|48",
            "pid|328|appdom|0x1|extext||evthdl|48", "PID|328|APPDOM|1|EXTEXT|split|text|EVTHDL|48",
            "PID|328|APPDOM|1|EXTEXT|-looks like an option|EVTHDL|48", "PID|328|APPDOM|1|EXTEXT|@not-a-file|EVTHDL|48"})
    void acceptsTheDbgManagedDebuggerForm(String args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("attach"));
        argv.addAll(List.of(args.split("\\|", -1)));
        argv.addAll(List.of("--dump-dir", dir.toString()));
        assertEquals(0, run(argv.toArray(String[]::new)), err());
        assertEquals("attach 328", platform.journal.entries().get(0));
        assertTrue(platform.event.signalled(), "EVTHDL is the event to signal, as AeDebug's: " + platform.journal.entries());
        String log = Files.readString(dir.resolve("wercli.log"));
        assertTrue(log.contains("attach pid=328 event=48 jit=none managed(appdomain=1 text=\""), log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PID|328", "PID|328|APPDOM|1|EXTEXT|x|EVTHDL", "PID|x|APPDOM|1|EXTEXT|x|EVTHDL|48",
            "PID|328|APPDOM|1|TEXT|x|EVTHDL|48", "PID|328|APPDOM|1|EXTEXT|x|EVTHDL|48|9",
            "PID|328|APPDOM|1|EXTEXT|x|EVTHDL|y"})
    void aBrokenDbgManagedDebuggerFormIsAUsageError(String args) {
        List<String> argv = new java.util.ArrayList<>(List.of("attach"));
        argv.addAll(List.of(args.split("\\|", -1)));
        assertEquals(2, run(argv.toArray(String[]::new)), err());
        assertTrue(err().startsWith("wercli: "), err());
        assertEquals(List.of(), platform.journal.entries(), "nothing was attached");
    }

    @Test
    void failuresExitWithTheirDocumentedCodeAndOneLine() {
        platform.inspector.commandLine = "java -jar " + AttachCommand.ownIdentity().get(0) + " attach 1 2";
        assertEquals(8, run("attach", "328", "48", "--dump-dir", dir.toString()));
        List<String> lines = err().lines().toList();
        assertEquals(1, lines.size(), err());
        assertTrue(lines.get(0).startsWith("wercli: process 328 is wercli itself"), lines.get(0));
    }

    @Test
    void verboseAddsTheStackTrace() {
        platform.inspector.commandLine = "java -jar " + AttachCommand.ownIdentity().get(0);
        assertEquals(8, run("attach", "328", "48", "--dump-dir", dir.toString(), "--verbose"));
        assertTrue(err().contains("\tat "), err());
    }

    @Test
    void offWindowsAttachSaysSo() {
        AttachCommand.platformFactory = () -> {
            throw new WercliException(ExitCode.NOT_WINDOWS, "this needs Windows (or Wine); this is Linux");
        };
        assertEquals(9, run("attach", "328", "48", "--dump-dir", dir.toString()));
        assertTrue(err().contains("needs Windows"), err());
    }

    @Test
    void helpListsTheExitCodes() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (ExitCode c : ExitCode.values()) {
            assertTrue(help.contains(String.format("  %-4d", c.code()).stripTrailing()), "exit code " + c + " listed");
        }
    }

    @Test
    void helpShowsTheAeDebugArgumentsOnceInTheSynopsisAndOnceInTheList() {
        assertEquals(0, run("attach", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        String synopsis = help.substring(0, help.indexOf("Capture a crashed process"));
        assertTrue(synopsis.strip().endsWith("PID EVENT [JIT_DEBUG_INFO]"), synopsis);
        assertEquals(2, help.split("PID EVENT \\[JIT_DEBUG_INFO]", -1).length - 1, help);
        assertFalse(help.contains("[PID EVENT"), "nested label:\n" + help);
    }
}
