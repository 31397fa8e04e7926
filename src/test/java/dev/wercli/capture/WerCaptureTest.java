package dev.wercli.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.config.ReleasePolicy;
import dev.wercli.fixtures.Bytes;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.fake.FakePlatform;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.ModuleInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** capture-wer's capture against fakes: no debug session, the given exception in the dump and the report. */
class WerCaptureTest {
    static final int PID = 408;
    static final int TID = 412;

    @TempDir
    Path dir;
    FakePlatform platform;
    final List<Integer> halts = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        platform = new FakePlatform();
        platform.inspector.modules.add(ModuleInfo.of("C:\\apps\\crashy.exe", 0x140000000L, 0x40000));
    }

    CaptureResult capture(byte[] record, byte[] context) {
        CaptureRequest request = new CaptureRequest(PID, 0, OptionalLong.empty(), dir, DumpType.MINI,
                Duration.ofSeconds(10), List.of("C:\\wercli\\lib\\wercli.jar"), Duration.ZERO, ReleasePolicy.EXIT);
        CaptureState state = new CaptureState(request, Clock.systemUTC(), CaptureLog.none(), "test");
        return new WerCapture(platform, request, state, CaptureLog.none(), new WerCapture.Given(TID, record, context))
                .runWithin(halts::add, 7);
    }

    List<Path> files(String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void aFailFastOfA64BitProcessIsDumpedWithTheGivenExceptionAndNoDebugSession() throws Exception {
        CaptureResult result = capture(Bytes.record64(0xC0000409, 0x7B013D7EL, 2),
                Bytes.amd64Context(0x7B013D7EL, 0x21FCD0, 0x21FCF0, 0));

        assertTrue(result.ok(), result.message());
        assertEquals(List.of("dump 408"), platform.journal.entries(), "never attaches, never releases");
        assertEquals(TID, platform.dumpWriter.lastException.orElseThrow().threadId());
        assertEquals(0xC0000409, platform.dumpWriter.lastException.orElseThrow().record().code());
        assertEquals(1, files(".dmp").size());
        JsonNode r = json.readTree(files(".json").get(0).toFile());
        assertEquals("wer_runtime_exception_module", r.path("source").asText());
        assertEquals("captured", r.path("outcome").asText());
        assertEquals("fail-fast FAST_FAIL_STACK_COOKIE_CHECK_FAILURE (sub-code 2)",
                r.path("exception").path("description").asText());
        assertEquals(TID, r.path("thread_id").asInt());
        assertEquals(List.of(), halts);
    }

    @Test
    void a32BitProcessTakesTheX86LayoutsAndHandsThemToTheDumpWriterAsX86() throws Exception {
        platform.inspector.architecture = Architecture.X86;
        CaptureResult result = capture(Bytes.record32(0xC0000409, 0x7B012866, 2),
                Bytes.x86Context(0x7B012866, 0x0061FE00, 0x0061FE20, 0));
        assertTrue(result.ok(), result.message());
        assertEquals(Architecture.X86, platform.dumpWriter.lastArchitecture);
        assertEquals(716, platform.dumpWriter.lastException.orElseThrow().context().length);
    }

    @Test
    void layoutsOfTheWrongBitnessAreRefusedWithAFailureRecord() throws Exception {
        platform.inspector.architecture = Architecture.X86;
        CaptureResult result = capture(Bytes.record64(0xC0000409, 0x1000L, 2), Bytes.amd64Context(0x1000L, 0, 0, 0));
        assertEquals(CaptureFailure.NO_EXCEPTION, result.failure().orElseThrow());
        assertEquals(List.of(), platform.journal.entries(), "no dump of an exception we cannot trust");
        assertEquals(List.of(), files(".dmp"));
        JsonNode r = json.readTree(files(".json").get(0).toFile());
        assertEquals("failed", r.path("outcome").asText());
    }

    @Test
    void wercliItselfIsRefused() throws Exception {
        platform.inspector.commandLine = "java -jar C:\\wercli\\lib\\wercli.jar attach 1 2";
        CaptureResult result = capture(Bytes.record64(0xC0000409, 0x1000L, 2), Bytes.amd64Context(0x1000L, 0, 0, 0));
        assertEquals(CaptureFailure.REFUSED, result.failure().orElseThrow());
        assertFalse(platform.journal.entries().contains("dump 408"));
    }

    @Test
    void aFailedDumpLeavesAFailureRecord() throws Exception {
        platform.dumpWriter.failure = new PlatformException("MiniDumpWriteDump failed: access denied", 5);
        CaptureResult result = capture(Bytes.record64(0xC0000409, 0x1000L, 2), Bytes.amd64Context(0x1000L, 0, 0, 0));
        assertEquals(CaptureFailure.DUMP, result.failure().orElseThrow());
        assertEquals(List.of(), files(".dmp"));
        assertEquals(1, files(".json").size());
    }
}
