package dev.wercli.capture;

import dev.wercli.config.ReleasePolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wercli.fixtures.Bytes;
import dev.wercli.platform.DebugEvent;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.fake.FakePlatform;
import dev.wercli.snapshot.ModuleInfo;
import dev.wercli.snapshot.layout.ContextDecoder;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capture's logic against fakes: which events are passed on how, what is written, how it is released. */
class CapturePipelineTest {
    static final int PID = 328;
    static final int TID = 332;
    static final long RIP = 0x14000162FL;

    @TempDir
    Path dir;
    FakePlatform platform;
    final List<Integer> halts = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        platform = new FakePlatform();
        platform.inspector.modules.add(ModuleInfo.of("C:\\apps\\crashy.exe", 0x140000000L, 0x40000));
        platform.inspector.modules.add(ModuleInfo.of("C:\\windows\\system32\\ntdll.dll", 0x170000000L, 0x361000));
        platform.inspector.threads.addAll(List.of(TID, 340));
        platform.context(TID, Bytes.amd64Context(RIP, 0x21FCD0, 0x21FCF0, 0));
        platform.context(340, Bytes.amd64Context(0x170001000L, 0x31FC00, 0, 0));
    }

    static DebugEvent simple(DebugEvent.Kind kind) {
        return DebugEvent.simple(kind, PID, TID);
    }

    static DebugEvent exception(int tid, int code, boolean firstChance, long address, long... params) {
        return DebugEvent.exception(PID, tid, ExceptionRecordDecoder.record64(ByteBuffer.wrap(
                Bytes.record64(code, address, params))), firstChance);
    }

    static List<DebugEvent> attachEvents() {
        return List.of(simple(DebugEvent.Kind.CREATE_PROCESS), simple(DebugEvent.Kind.LOAD_DLL),
                simple(DebugEvent.Kind.CREATE_THREAD), exception(900, 0x80000003, true, 0x170050000L));
    }

    CaptureRequest request(OptionalLong jit, Duration timeout, Duration delay) {
        return request(jit, timeout, delay, ReleasePolicy.EXIT);
    }

    CaptureRequest request(OptionalLong jit, Duration timeout, Duration delay, ReleasePolicy release) {
        return new CaptureRequest(PID, 48, jit, dir, DumpType.MINI, timeout, List.of("C:\\wercli\\wercli.jar"), delay,
                release);
    }

    CaptureResult capture(CaptureRequest request) {
        CaptureState state = new CaptureState(request, Clock.systemUTC(), CaptureLog.none(), "test");
        return new CaptureRunner(platform, halts::add).run(request, state, CaptureLog.none(), 7);
    }

    CaptureResult capture() {
        return capture(request(OptionalLong.of(0x21ECA0), Duration.ofSeconds(10), Duration.ZERO));
    }

    List<Path> files(String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    JsonNode onlyReport() throws Exception {
        List<Path> reports = files(".json");
        assertEquals(1, reports.size(), reports.toString());
        return json.readTree(reports.get(0).toFile());
    }

    @Test
    void secondChancePathSignalsThenTakesTheReRaisedCrash() throws Exception {
        platform.session.onAttach(attachEvents()).afterSignal(List.of(
                exception(340, 0xE06D7363, true, 0x7B013D7EL),        // another thread's first chance
                simple(DebugEvent.Kind.LOAD_DLL),
                exception(TID, 0xC0000005, false, RIP, 1, 0x10)));  // the crash, second chance

        CaptureResult result = capture();

        assertTrue(result.ok(), result.message());
        List<String> j = platform.journal.entries();
        // From the attach breakpoint on (the attach events before it are plain continues).
        assertEquals(List.of("continue EXCEPTION 0x80000003 first HANDLED", "signal",
                "continue EXCEPTION 0xE06D7363 first NOT_HANDLED", "continue LOAD_DLL HANDLED",
                "dump 328", "continue EXCEPTION 0xC0000005 second NOT_HANDLED", "detach", "close"),
                j.subList(j.indexOf("continue EXCEPTION 0x80000003 first HANDLED"), j.size()));
        assertEquals("attach 328", j.get(0));
        assertEquals(1, files(".dmp").size());
        assertEquals(List.of(), files(".partial"));
        JsonNode r = onlyReport();
        assertEquals("second_chance_event", r.path("source").asText());
        assertEquals("captured", r.path("outcome").asText());
        assertEquals("0xC0000005", r.path("exception").path("code").asText());
        assertEquals("write access violation at 0x0000000000000010", r.path("exception").path("description").asText());
        assertEquals(TID, r.path("thread_id").asInt());
        assertEquals("crashy.exe", r.path("faulting_module").path("name").asText());
        assertEquals("0x162f", r.path("faulting_module").path("offset").asText());
        assertEquals("0x000000014000162f", r.path("registers").path("rip").asText());
        assertEquals(TID, platform.dumpWriter.lastException.orElseThrow().threadId());
        assertEquals(DumpType.MINI.flags(), platform.dumpWriter.lastFlags);
        assertEquals(List.of(), halts);
    }

    /** A 64-bit divide by zero whose JIT_DEBUG_INFO, record and context are in the target; returns its address. */
    long divideByZeroWithJitDebugInfo() {
        long jit = 0x21E000L;
        platform.memory().put(jit, Bytes.jitDebugInfo(40, 9, TID, RIP, 0x21E100L, 0x21E200L))
                .put(0x21E100L, Bytes.record64(0xC0000094, RIP))
                .put(0x21E200L, Bytes.amd64Context(RIP, 0x21FCD0, 0x21FCF0, 0));
        platform.session.onAttach(attachEvents());
        return jit;
    }

    @Test
    void theMiniDumpAuxiliaryDllsEntriesThatApplyReachTheReport() throws Exception {
        String key = dev.wercli.analysis.runtime.AuxiliaryProviders.REGISTRY_KEY;
        platform.registry = new dev.wercli.platform.InMemoryRegistry()
                .put(dev.wercli.platform.RegistryView.WOW64_64KEY, key, "c:\\WINDOWS\\system32\\NTDLL.dll",
                        new dev.wercli.platform.RegistryValue.Sz("C:\\p\\prov.dll"))
                .put(dev.wercli.platform.RegistryView.WOW64_64KEY, key, "C:\\elsewhere\\rt.dll",
                        new dev.wercli.platform.RegistryValue.Sz("C:\\p\\other.dll"))
                .put(dev.wercli.platform.RegistryView.WOW64_32KEY, key, "C:\\apps\\crashy.exe",
                        new dev.wercli.platform.RegistryValue.Sz("C:\\p\\x86-view.dll"));
        platform.session.onAttach(attachEvents()).afterSignal(List.of(exception(TID, 0xC0000005, false, RIP, 1, 0x10)));

        assertTrue(capture().ok());

        JsonNode registered = onlyReport().path("auxiliary_providers").path("registered_dlls");
        assertEquals(1, registered.size(), registered.toString());
        assertEquals("C:\\p\\prov.dll", registered.get(0).path("provider_path").asText());
        assertEquals("C:\\windows\\system32\\ntdll.dll", registered.get(0).path("module").asText());
    }

    @Test
    void withoutARegistryTheEntriesAreUnknown() throws Exception {
        platform.session.onAttach(attachEvents()).afterSignal(List.of(exception(TID, 0xC0000005, false, RIP, 1, 0x10)));

        assertTrue(capture().ok());

        JsonNode aux = onlyReport().path("auxiliary_providers");
        assertTrue(aux.has("registered_dlls") && aux.path("registered_dlls").isNull(), aux.toString());
    }

    @Test
    void aWow64TargetIsDumpedAsX86WithItsX86Context() throws Exception {
        platform.inspector.architecture = Architecture.X86;
        platform.context(TID, Bytes.x86Context(0x40170E, 0x63FE30, 0x63FE48, 0));
        platform.session.onAttach(attachEvents()).afterSignal(List.of(exception(TID, 0xC0000005, false, 0x40170EL, 1, 0x10)));

        CaptureResult result = capture();

        assertTrue(result.ok(), result.message());
        // The writer is told the bitness the pipeline found, and gets the x86 CONTEXT it sized by it.
        assertEquals(Architecture.X86, platform.dumpWriter.lastArchitecture);
        assertEquals(ContextDecoder.X86_CONTEXT_SIZE, platform.dumpWriter.lastException.orElseThrow().context().length);
        assertEquals("0x000000000040170e", onlyReport().path("registers").path("eip").asText());
    }

    @Test
    void jitDebugInfoPathDumpsBeforeLettingTheThreadGo() throws Exception {
        long jit = divideByZeroWithJitDebugInfo();

        CaptureResult result = capture(request(OptionalLong.of(jit), Duration.ofSeconds(10), Duration.ZERO));

        assertTrue(result.ok(), result.message());
        List<String> j = platform.journal.entries();
        assertTrue(j.indexOf("dump 328") < j.indexOf("continue EXCEPTION 0x80000003 first HANDLED"), j.toString());
        assertTrue(j.indexOf("detach") >= 0, j.toString());
        assertFalse(platform.event.signalled(), "--release exit: our exit, not the event, ends WER's wait");
        JsonNode r = onlyReport();
        assertEquals("jit_debug_info", r.path("source").asText());
        assertEquals("0xC0000094", r.path("exception").path("code").asText());
        assertEquals("EXCEPTION_INT_DIVIDE_BY_ZERO", r.path("exception").path("name").asText());
    }

    @Test
    void jitDebugInfoPathWithReleaseSignalDetachesThenSignals() throws Exception {
        long jit = divideByZeroWithJitDebugInfo();

        CaptureResult result = capture(request(OptionalLong.of(jit), Duration.ofSeconds(10), Duration.ZERO,
                ReleasePolicy.SIGNAL));

        assertTrue(result.ok(), result.message());
        List<String> j = platform.journal.entries();
        assertTrue(j.indexOf("dump 328") < j.indexOf("detach"), j.toString());
        assertTrue(j.indexOf("detach") < j.indexOf("signal"), "detach, then signal: " + j);
    }

    @Test
    void garbageJitAddressFallsBackToTheSecondChance() throws Exception {
        platform.memory().put(0x21ECA0L, Bytes.jitDebugInfo(104, 9, 1, 1, 1, 1));
        platform.session.onAttach(attachEvents()).afterSignal(List.of(exception(TID, 0xC000001D, false, RIP)));
        CaptureResult result = capture();
        assertTrue(result.ok(), result.message());
        assertEquals("second_chance_event", onlyReport().path("source").asText());
    }

    @Test
    void outputDebugStringsWhileAttachedBecomeBreadcrumbs() throws Exception {
        DebugEvent ods = new DebugEvent(DebugEvent.Kind.OUTPUT_DEBUG_STRING, PID, 340, java.util.Optional.empty(),
                false, 0, java.util.Optional.of("saving file\n"), 0);
        platform.session.onAttach(attachEvents()).afterSignal(List.of(ods, exception(TID, 0xC0000005, false, RIP, 0, 0)));
        assertTrue(capture().ok());
        assertEquals("saving file", onlyReport().path("breadcrumbs").get(0).asText());
    }

    @Test
    void clrDebuggerNotificationsArePassedOnAndNamedInTheBreadcrumbs() throws Exception {
        DebugEvent notification = exception(TID, 0x04242420, true, 0x7FFA10001000L, 0x31415927L, 0x7FFA10000000L,
                0x2A0000L);
        platform.session.onAttach(attachEvents()).afterSignal(List.of(notification,
                exception(TID, 0xC0000005, false, RIP, 0, 0)));
        CaptureResult result = capture();
        assertTrue(result.ok(), result.message());
        JsonNode r = onlyReport();
        assertEquals("0xC0000005", r.path("exception").path("code").asText(), "the notification is not the crash");
        assertEquals("first-chance 0x04242420 CLRDBG_NOTIFICATION_EXCEPTION_CODE: CLR debugger notification (a managed"
                + " debug event, not a crash); runtime module at 0x00007ffa10000000, event at 0x00000000002a0000"
                + " (passed on)", r.path("breadcrumbs").get(0).asText());
        assertTrue(platform.journal.entries().contains("continue EXCEPTION 0x04242420 first NOT_HANDLED"),
                platform.journal.entries().toString());
    }

    @Test
    void refusedWhenTheTargetIsWercliItself() throws Exception {
        platform.inspector.commandLine = "\"C:\\java\\bin\\java.exe\" -jar \"C:\\wercli\\wercli.jar\" attach 1 2 3";
        CaptureResult result = capture();
        assertEquals(CaptureFailure.REFUSED, result.failure().orElseThrow());
        assertEquals(-1, platform.journal.indexOf("attach"), "never attached");
        assertFalse(platform.event.signalled(), "--release exit: the target is let go when we exit");
        assertEquals("refused", onlyReport().path("errors").get(0).path("stage").asText());
    }

    @Test
    void attachFailureIsRecordedAndTheEventLeftToOurExit() throws Exception {
        platform.failAttach(new PlatformException("DebugActiveProcess(328) failed", 87));
        CaptureResult result = capture();
        assertEquals(CaptureFailure.ATTACH, result.failure().orElseThrow());
        assertFalse(platform.event.signalled(), "--release exit: our exit lets WER go on");
        JsonNode r = onlyReport();
        assertEquals("failed", r.path("outcome").asText());
        assertEquals("crashy.exe", r.path("process").path("image_name").asText(), "what was known is kept");
    }

    @Test
    void aProcessThatExitsWithoutTheCrashIsNoException() throws Exception {
        platform.session.onAttach(attachEvents()).afterSignal(List.of(simple(DebugEvent.Kind.EXIT_PROCESS)));
        CaptureResult result = capture();
        assertEquals(CaptureFailure.NO_EXCEPTION, result.failure().orElseThrow());
        assertTrue(result.message().contains("exited"), result.message());
        assertEquals(List.of(), files(".dmp"));
    }

    @Test
    void aProcessThatExitsDuringTheAttachEndsTheCaptureAtOnce() throws Exception {
        platform.session.onAttach(List.of(simple(DebugEvent.Kind.CREATE_PROCESS), simple(DebugEvent.Kind.EXIT_PROCESS)));
        long start = System.nanoTime();
        CaptureResult result = capture(request(OptionalLong.empty(), Duration.ofSeconds(10), Duration.ZERO));
        assertEquals(CaptureFailure.NO_EXCEPTION, result.failure().orElseThrow());
        assertTrue(result.message().contains("during the attach"), result.message());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "no wait for the watchdog");
        assertEquals(List.of(), halts);
    }

    @Test
    void aFailedDumpLeavesNoHalfFileAndStillReleases() throws Exception {
        platform.session.onAttach(attachEvents()).afterSignal(List.of(exception(TID, 0xC0000005, false, RIP, 1, 0x10)));
        platform.dumpWriter.failure = new PlatformException("MiniDumpWriteDump failed", 112);
        CaptureResult result = capture();
        assertEquals(CaptureFailure.DUMP, result.failure().orElseThrow());
        List<String> j = platform.journal.entries();
        assertTrue(j.contains("continue EXCEPTION 0xC0000005 second NOT_HANDLED"), j.toString());
        assertTrue(j.indexOf("continue EXCEPTION 0xC0000005 second NOT_HANDLED") < j.indexOf("detach"));
        assertEquals(List.of(), files(".dmp"));
        assertEquals(List.of(), files(".partial"));
        JsonNode r = onlyReport();
        assertEquals("dump", r.path("errors").get(0).path("stage").asText());
        assertEquals("0xC0000005", r.path("exception").path("code").asText(), "the exception is still reported");
    }

    @Test
    void aDumpCutShortIsNeverRenamedIntoPlace() throws Exception {
        platform.session.onAttach(attachEvents()).afterSignal(List.of(exception(TID, 0xC0000005, false, RIP, 1, 0x10)));
        platform.dumpWriter.truncateTo = 100;   // the directory fits, the exception stream does not
        CaptureResult result = capture();
        assertEquals(CaptureFailure.DUMP, result.failure().orElseThrow());
        assertTrue(result.message().contains("not whole"), result.message());
        assertEquals(List.of(), files(".dmp"));
        assertEquals(List.of(), files(".partial"));
        assertEquals("dump", onlyReport().path("errors").get(0).path("stage").asText());
    }

    @Test
    void aDumpFolderThatCannotBeCreatedIsADumpFailure() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        platform.session.onAttach(attachEvents()).afterSignal(List.of(exception(TID, 0xC0000005, false, RIP, 1, 0x10)));
        CaptureRequest r = new CaptureRequest(PID, 48, OptionalLong.empty(), file.resolve("dumps"), DumpType.MINI,
                Duration.ofSeconds(10), List.of(), Duration.ZERO, ReleasePolicy.EXIT);
        CaptureResult result = capture(r);
        assertEquals(CaptureFailure.DUMP, result.failure().orElseThrow());
        assertTrue(platform.journal.entries().contains("detach"));
    }

    @Test
    void theWatchdogReleasesAHungCaptureAndHalts() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        platform.hangWaits(never);
        CaptureResult result = capture(request(OptionalLong.empty(), Duration.ofSeconds(1), Duration.ZERO));
        assertEquals(CaptureFailure.TIMEOUT, result.failure().orElseThrow());
        assertEquals(List.of(7), halts, "wercli ends itself, which closes the debug session");
        assertFalse(platform.event.signalled(), "--release exit: the halt itself ends WER's wait");
        assertEquals("watchdog", onlyReport().path("errors").get(0).path("stage").asText());
        never.countDown();
    }

    @Test
    void theWatchdogSignalsUnderReleaseSignal() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        platform.hangWaits(never);
        CaptureResult result = capture(request(OptionalLong.empty(), Duration.ofSeconds(1), Duration.ZERO,
                ReleasePolicy.SIGNAL));
        assertEquals(CaptureFailure.TIMEOUT, result.failure().orElseThrow());
        assertEquals(List.of(7), halts);
        assertTrue(platform.event.signalled());
        never.countDown();
    }

    @Test
    void concurrentCapturesOfTheSameProcessInOneMillisecondDoNotCollide() throws Exception {
        String base = DumpNaming.baseName("crashy.exe", PID, java.time.Instant.parse("2026-11-22T05:12:04.927Z"));
        assertEquals("crashy.exe_20261122-051204.927_pid328", base);
        String first = DumpNaming.reserve(dir, base);
        String second = DumpNaming.reserve(dir, base);
        assertEquals(base, first);
        assertEquals(base + "-2", second);
        assertFalse(first.equals(second));
    }
}
