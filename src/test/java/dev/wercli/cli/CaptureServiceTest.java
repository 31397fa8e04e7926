package dev.wercli.cli;

import dev.wercli.capture.ServiceProtocol;
import dev.wercli.fixtures.Bytes;
import dev.wercli.platform.DebugEvent;
import dev.wercli.platform.PipeServer;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.fake.FakePlatform;
import dev.wercli.snapshot.ModuleInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The capture service's decisions against a fake pipe and a faked platform: who is served, who falls back to
 * the in-process capture, what the launcher is told and when. Under Wine nothing can be refused (no real users),
 * so the refusal of a user who could not debug the target is proven here, with the impersonated open faked.
 */
class CaptureServiceTest {
    static final int LAUNCHER = 4242;
    static final long DUPLICATE = 0x9990;

    @TempDir
    Path dir;
    @TempDir
    Path programData;
    FakePlatform platform;
    final List<String> serviceLog = new ArrayList<>();
    final List<Integer> halts = new ArrayList<>();

    /** A launcher on the other end of one pipe instance. */
    final class FakeClient implements PipeServer.Client {
        final Deque<byte[]> incoming = new ArrayDeque<>();
        final List<String> replies = new ArrayList<>();
        final List<String> journal = new ArrayList<>();
        int pid = LAUNCHER;
        PipeServer.Access access = PipeServer.Access.granted();
        boolean closed;

        @Override
        public int processId() {
            return pid;
        }

        @Override
        public byte[] read(int max) throws PlatformException {
            if (incoming.isEmpty()) {
                throw new PlatformException("reading the request", 109); // ERROR_BROKEN_PIPE
            }
            return incoming.pop();
        }

        @Override
        public void write(byte[] message) {
            replies.add(new String(message, StandardCharsets.US_ASCII));
        }

        @Override
        public PipeServer.Access debugAccess(int target) {
            journal.add("impersonated open " + target);
            return access;
        }

        @Override
        public long duplicateFromClient(long handle) {
            journal.add("duplicate " + handle);
            return DUPLICATE;
        }

        @Override
        public void closeDuplicate(long handle) {
            journal.add("close duplicate " + handle);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @BeforeEach
    void fakePlatform() {
        platform = new FakePlatform();
        platform.inspector.modules.add(ModuleInfo.of("C:\\apps\\crashy.exe", 0x140000000L, 0x40000));
        platform.inspector.threads.add(332);
        platform.context(332, Bytes.amd64Context(0x14000162FL, 0x21FCD0, 0, 0));
        platform.session.onAttach(List.of(DebugEvent.simple(DebugEvent.Kind.CREATE_PROCESS, 328, 332),
                DebugEvent.exception(328, 900, AttachCommandTest.record(0x80000003, 0x170050000L), true)));
        platform.session.afterSignal(List.of(DebugEvent.exception(328, 332,
                AttachCommandTest.record(0xC0000005, 0x14000162FL, 1, 0x10), false)));
        AttachCommand.platformFactory = () -> platform;
        AttachCommand.halter = status -> { };
        // The installed settings name the dump folder the requests name (as an install's AeDebug line would).
        System.setProperty(dev.wercli.config.CaptureConfig.PROGRAM_DATA_PROPERTY, programData.toString());
        try {
            new dev.wercli.config.CaptureConfig(dir.toString(), null, 60, 50, 2L << 30)
                    .save(dev.wercli.config.CaptureConfig.defaultPath());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void restore() {
        System.clearProperty(dev.wercli.config.CaptureConfig.PROGRAM_DATA_PROPERTY);
        AttachCommand.platformFactory = () -> {
            throw new WercliException(ExitCode.NOT_WINDOWS, "no platform in tests");
        };
    }

    CaptureService service() {
        return new CaptureService(new PipeServer() {
            @Override
            public Optional<Client> accept() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        }, serviceLog::add, halts::add);
    }

    FakeClient request(int launcherPid, String... args) {
        FakeClient c = new FakeClient();
        c.incoming.add(ServiceProtocol.encode(new ServiceProtocol.Request(launcherPid, List.of(args))));
        return c;
    }

    @Test
    void aCaptureIsAttachsWithTheEventDuplicatedAndTheLauncherToldAtTheRelease() throws Exception {
        FakeClient c = request(LAUNCHER, "attach", "328", "48", "--dump-dir", dir.toString());
        service().serve(c);
        assertEquals(List.of("accepted 60", "released 0"), c.replies);
        assertEquals(List.of("impersonated open 328", "duplicate 48", "close duplicate " + DUPLICATE), c.journal);
        assertEquals(DUPLICATE, platform.eventHandle, "the capture signals the service's copy of the event");
        assertEquals("attach 328", platform.journal.entries().get(0));
        assertTrue(platform.event.signalled());
        assertTrue(c.closed);
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.stream().filter(n -> n.endsWith(".dmp")).count(), names.toString());
            assertEquals(1, names.stream().filter(n -> n.endsWith(".json")).count(), names.toString());
        }
        String log = Files.readString(dir.resolve("wercli.log"));
        assertTrue(log.contains("(by the capture service, event copy " + DUPLICATE + ")"), log);
        assertTrue(log.contains("exit 0 "), log);
    }

    @Test
    void aUserWhoCouldNotDebugTheProcessIsRefusedAndNothingIsAttached() {
        FakeClient c = request(LAUNCHER, "attach", "328", "48", "--dump-dir", dir.toString());
        c.access = PipeServer.Access.denied("open", 5);
        service().serve(c);
        assertEquals(1, c.replies.size());
        assertTrue(c.replies.get(0).startsWith("fallback the requesting user cannot debug process 328 (open failed, "
                + "Win32 error 5)"), c.replies.toString());
        assertEquals(List.of("impersonated open 328"), c.journal, "no handle taken");
        assertEquals(List.of(), platform.journal.entries(), "nothing attached");
        assertFalse(Files.exists(dir.resolve("wercli.log")), "no capture began");
    }

    @Test
    void aFailedImpersonationIsARefusalToo() {
        FakeClient c = request(LAUNCHER, "attach", "328", "48", "--dump-dir", dir.toString());
        c.access = PipeServer.Access.denied("impersonate", 1368);
        service().serve(c);
        assertTrue(c.replies.get(0).startsWith("fallback "), c.replies.toString());
        assertEquals(List.of(), platform.journal.entries());
    }

    @Test
    void aRequestThatLiesAboutItsSenderIsRefused() {
        FakeClient c = request(LAUNCHER + 1, "attach", "328", "48", "--dump-dir", dir.toString());
        service().serve(c);
        assertTrue(c.replies.get(0).startsWith("fallback the request names pid"), c.replies.toString());
        assertEquals(List.of(), c.journal);
    }

    @Test
    void theLauncherItselfAndTheServiceAreNeverTargets() {
        FakeClient c = request(LAUNCHER, "attach", Integer.toString(LAUNCHER), "48", "--dump-dir", dir.toString());
        service().serve(c);
        assertTrue(c.replies.get(0).startsWith("fallback process " + LAUNCHER + " is the requesting launcher"),
                c.replies.toString());
        FakeClient self = request(LAUNCHER, "attach", Long.toString(ProcessHandle.current().pid()), "48");
        service().serve(self);
        assertTrue(self.replies.get(0).contains("is the capture service itself"), self.replies.toString());
        assertEquals(List.of(), platform.journal.entries());
    }

    @Test
    void usageErrorsHelpAndOtherCommandsAreLeftToTheLauncher() {
        for (String[] args : List.of(new String[] {"attach", "328", "48", "--no-such-option"},
                new String[] {"attach", "--help"}, new String[] {"attach", "328", "48", "--timeout", "0"},
                new String[] {"install"}, new String[] {})) {
            FakeClient c = request(LAUNCHER, args);
            service().serve(c);
            assertEquals(1, c.replies.size(), String.join(" ", args));
            assertTrue(c.replies.get(0).startsWith("fallback "), c.replies.toString());
            assertEquals(List.of(), c.journal, String.join(" ", args));
        }
        assertEquals(List.of(), platform.journal.entries());
    }

    @Test
    void theManagedFormIsServedThroughPicocli() {
        FakeClient c = request(LAUNCHER, "attach", "PID", "328", "APPDOM", "1", "EXTEXT", "-text", "EVTHDL", "48",
                "--dump-dir", dir.toString());
        service().serve(c);
        assertEquals(List.of("accepted 60", "released 0"), c.replies);
        assertTrue(c.journal.contains("duplicate 48"), c.journal.toString());
    }

    @Test
    void aFailedCaptureAnswersWithAttachsExitCode() {
        platform.failAttach(new PlatformException("DebugActiveProcess", 5));
        FakeClient c = request(LAUNCHER, "attach", "328", "48", "--dump-dir", dir.toString());
        service().serve(c);
        assertEquals(List.of("accepted 60", "released " + ExitCode.ATTACH_FAILED.code()), c.replies);
        assertTrue(c.journal.contains("close duplicate " + DUPLICATE), "the copy is closed on every path");
    }

    @Test
    void aWatchdogEndsTheServiceAfterTheRecordsAndTheLauncherIsToldTheTimeout() throws Exception {
        // The installed watchdog is 1 s here; the debug session hangs (a stuck capture).
        new dev.wercli.config.CaptureConfig(dir.toString(), null, 1, 50, 2L << 30)
                .save(dev.wercli.config.CaptureConfig.defaultPath());
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        platform.hangWaits(never);
        FakeClient c = request(LAUNCHER, "attach", "328", "48", "--dump-dir", dir.toString());
        service().serve(c);
        never.countDown();
        assertEquals(List.of(ExitCode.TIMEOUT.code()), halts, "the service halts (kill-on-exit off: releases all)");
        assertTrue(serviceLog.stream().anyMatch(l -> l.contains("watchdog fired; ending the service")), serviceLog.toString());
        assertEquals(List.of("accepted 1", "released " + ExitCode.TIMEOUT.code()), c.replies);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".json")).count(), "the failure record");
        }
    }

    @Test
    void aRequestThatChoosesWhereSystemWritesOrDeletesOrThatCouldEndTheServiceIsLeftToTheUsersOwnRights() {
        for (String[] extra : List.of(new String[] {"--dump-dir", "C:\\Windows\\System32"},
                new String[] {"--log-file", "C:\\Windows\\win.ini"}, new String[] {"--keep", "1"},
                new String[] {"--max-size", "1K"}, new String[] {"--upload-url", "http://example.invalid/"},
                new String[] {"--timeout", "1"}, new String[] {"--test-delay-before-dump-ms", "99999"})) {
            List<String> args = new ArrayList<>(List.of("attach", "328", "48"));
            args.addAll(List.of(extra));
            FakeClient c = request(LAUNCHER, args.toArray(String[]::new));
            service().serve(c);
            assertEquals(1, c.replies.size(), args.toString());
            assertTrue(c.replies.get(0).startsWith("fallback ") && c.replies.get(0).contains("user's rights"),
                    c.replies.toString());
            assertEquals(List.of(), c.journal, "not even the access check: " + args);
        }
        assertEquals(List.of(), platform.journal.entries());
        FakeClient same = request(LAUNCHER, "attach", "328", "48", "--keep", "50", "--max-size", "2G", "--timeout", "60",
                "--log-file", dir.resolve("wercli.log").toString());
        service().serve(same);
        assertEquals(List.of("accepted 60", "released 0"), same.replies, "the installed values are fine");
    }

    @Test
    void notARequestAtAll() {
        FakeClient c = new FakeClient();
        c.incoming.add("hello".getBytes(StandardCharsets.UTF_16LE));
        service().serve(c);
        assertEquals(List.of("fallback not a capture request"), c.replies);
        FakeClient gone = new FakeClient(); // the launcher went away before writing
        service().serve(gone);
        assertTrue(gone.closed);
    }

    @Test
    void aStoppingServiceTakesNothingNewAndRunReturns() {
        CaptureService s = service();
        s.stop();
        FakeClient c = request(LAUNCHER, "attach", "328", "48");
        s.serve(c);
        assertEquals(List.of("fallback the service is stopping"), c.replies);
        s.run(); // the fake pipe has no clients: returns at once
        assertTrue(serviceLog.get(serviceLog.size() - 1).contains("service: stopped"), serviceLog.toString());
        assertTrue(s.awaitIdle(Duration.ofMillis(10)));
    }
}
