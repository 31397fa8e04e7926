package dev.wercli.capture;

import dev.wercli.config.ReleasePolicy;
import dev.wercli.platform.AeDebugEvent;
import dev.wercli.platform.DebugEvent;
import dev.wercli.platform.DebugSession;
import dev.wercli.platform.Platform;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ProcessInspector;
import dev.wercli.report.CaptureFacts;
import dev.wercli.report.CrashReport;
import dev.wercli.analysis.ExceptionNames;
import dev.wercli.analysis.Hex;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.SimpleSnapshot;
import dev.wercli.snapshot.ThreadInfo;
import dev.wercli.snapshot.layout.ContextDecoder;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;
import dev.wercli.snapshot.layout.JitDebugInfo;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The AeDebug capture, step by step, on the debugger thread (Windows ties a debug session to the thread
 * that attached): attach, take the exception (JIT_DEBUG_INFO or the second-chance event), write the dump,
 * release the process, write the report. Whatever fails, {@link #run()} releases the process before it
 * returns; the watchdog ({@link CaptureRunner}) covers a step that never returns.
 *
 * <p>Release. Second-chance path (Wine, or Windows without %p): the event was signalled to get the crash
 * back; the crash event is continued as not handled and the debugger detaches, so the process ends exactly
 * as it would without a debugger (its exit code is the exception code) and WER goes on. JIT_DEBUG_INFO path
 * (Windows): the dump is written while the process is stopped at the attach breakpoint; wercli then
 * detaches and, by {@link ReleasePolicy}, either exits without signalling (default: WER continues its own
 * collection once we have exited) or signals the event (WER continues the process at once).
 */
public final class CapturePipeline {
    private static final int BREAKPOINT = ExceptionNames.BREAKPOINT;
    private static final int MAX_BREADCRUMBS = 32;

    private final Platform platform;
    private final CaptureRequest request;
    private final CaptureState state;
    private final CaptureLog log;
    private final AeDebugEvent event;

    private DebugSession session;
    /** The debug event the target is stopped at and that we must still continue. */
    private DebugEvent held;
    private final List<String> breadcrumbs = new ArrayList<>();

    public CapturePipeline(Platform platform, CaptureRequest request, CaptureState state, CaptureLog log,
                           AeDebugEvent event) {
        this.platform = platform;
        this.request = request;
        this.state = state;
        this.log = log;
        this.event = event;
    }

    /** Runs the capture; never throws. The process is released when this returns. */
    public CaptureResult run() {
        try {
            return capture();
        } catch (CaptureException e) {
            log.info("capture failed at " + e.failure().stage() + ": " + e.getMessage());
            release();
            return state.fail(e.failure(), e.getMessage(), breadcrumbs);
        } catch (RuntimeException | Error e) {
            log.info("capture failed with an internal error: " + e);
            release();
            return state.fail(CaptureFailure.INTERNAL, "internal error: " + e, breadcrumbs);
        } finally {
            release();
            if (session != null) {
                session.close();
            }
        }
    }

    private CaptureResult capture() throws CaptureException {
        ProcessInspector inspector = platform.inspector();
        ProcessInfo process = describeProcess(inspector);
        state.knowProcess(process);
        refuseSelf(inspector, process);

        session = platform.newDebugSession();
        try {
            session.attach(request.pid());
        } catch (PlatformException e) {
            throw new CaptureException(CaptureFailure.ATTACH, "cannot attach to process " + request.pid() + ": "
                    + e.getMessage(), e);
        }
        waitForAttachBreakpoint();
        state.mark(CaptureState.Stage.ATTACHED);
        log.info("attached to " + request.pid() + " in " + state.elapsedMs() + " ms");

        ExceptionInfo exception = exceptionFromJitDebugInfo().orElse(null);
        if (exception == null) {
            exception = exceptionFromSecondChance();
        }
        state.mark(CaptureState.Stage.EXCEPTION);
        log.info("exception " + String.format(Locale.ROOT, "0x%08X", exception.code()) + " on thread "
                + exception.threadId() + " from " + exception.source().reportName());

        SimpleSnapshot snapshot = snapshot(inspector, process, exception);
        state.knowSnapshot(snapshot);
        if (request.delay().isPresent()) {
            sleep(request.delay().get());
        }
        Path dump;
        try {
            dump = writeDump(snapshot, exception);
        } catch (CaptureException e) {
            state.analyzeLiveNow(); // no dump to build the report from: the process is still held, read it now
            throw e;
        }
        state.mark(CaptureState.Stage.DUMPED);
        if (state.hasNotes()) {
            state.analyzeLiveNow(); // the dump is not the one asked for: the live process tells more
        }
        release();
        state.auxiliaryDlls(AuxiliaryDllsReader.read(platform, snapshot.process().architecture(), log));
        return state.complete(dump, breadcrumbs);
    }

    private ProcessInfo describeProcess(ProcessInspector inspector) {
        int pid = request.pid();
        return new ProcessInfo(pid, inspector.imagePath(pid), inspector.commandLine(pid),
                inspector.architecture(pid), Optional.empty());
    }

    /** Under Wine the OS does not honour AutoExclusionList: a crash of wercli itself must not be debugged by us. */
    private void refuseSelf(ProcessInspector inspector, ProcessInfo process) throws CaptureException {
        if (request.pid() == inspector.currentPid()
                || SelfGuard.isWercli(process.imagePath(), process.commandLine(), request.ownIdentity())) {
            throw new CaptureException(CaptureFailure.REFUSED, "process " + request.pid()
                    + " is wercli itself; not debugging it (recursion guard)");
        }
    }

    /**
     * Drains the events the system sends on attach (CREATE_PROCESS, LOAD_DLL..., CREATE_THREAD) up to the
     * attach breakpoint, where the whole process is stopped. That event stays held.
     */
    private void waitForAttachBreakpoint() throws CaptureException {
        while (true) {
            DebugEvent e = nextEvent("the attach breakpoint");
            if (e.kind() == DebugEvent.Kind.EXCEPTION && e.firstChance()
                    && e.exception().map(r -> r.code() == BREAKPOINT).orElse(false)) {
                held = e;
                return;
            }
            if (e.kind() == DebugEvent.Kind.EXCEPTION && !e.firstChance()) {
                // A second chance before the attach breakpoint: it can only be the crash itself.
                held = e;
                throw new CaptureException(CaptureFailure.NO_EXCEPTION, "unexpected second-chance exception during attach");
            }
            if (e.kind() == DebugEvent.Kind.EXIT_PROCESS) {
                // Gone while we attached (e.g. Wine's RaiseFailFastException, a plain TerminateProcess): say so
                // now rather than wait for a breakpoint until the watchdog's deadline.
                passOn(e);
                throw new CaptureException(CaptureFailure.NO_EXCEPTION, "process " + request.pid()
                        + " exited (code " + e.exitCode() + ") during the attach, without a crash exception");
            }
            passOn(e);
        }
    }

    /** JIT_DEBUG_INFO, when Windows passed a valid one. Wine passes stack garbage for %p: validated first. */
    private Optional<ExceptionInfo> exceptionFromJitDebugInfo() {
        if (request.jitDebugInfo().isEmpty() || request.jitDebugInfo().getAsLong() == 0) {
            return Optional.empty();
        }
        long address = request.jitDebugInfo().getAsLong();
        Optional<JitDebugInfo> info = session.memory().read(address, JitDebugInfo.SIZE)
                .flatMap(b -> JitDebugInfo.decode(ByteBuffer.wrap(b)));
        if (info.isEmpty()) {
            log.info(String.format(Locale.ROOT, "no valid JIT_DEBUG_INFO at 0x%x; waiting for the second-chance exception", address));
            return Optional.empty();
        }
        JitDebugInfo jit = info.get();
        boolean x86 = jit.architecture() == Architecture.X86;
        int recordSize = x86 ? ExceptionRecordDecoder.RECORD32_SIZE : ExceptionRecordDecoder.RECORD64_SIZE;
        int contextSize = x86 ? ContextDecoder.X86_CONTEXT_SIZE : ContextDecoder.AMD64_CONTEXT_SIZE;
        Optional<byte[]> record = session.memory().read(jit.exceptionRecordAddress(), recordSize);
        Optional<byte[]> context = session.memory().read(jit.contextRecordAddress(), contextSize);
        if (record.isEmpty() || context.isEmpty()) {
            log.info("JIT_DEBUG_INFO points at unreadable memory; waiting for the second-chance exception");
            return Optional.empty();
        }
        ExceptionRecordDecoder.Record r = x86 ? ExceptionRecordDecoder.record32(ByteBuffer.wrap(record.get()))
                : ExceptionRecordDecoder.record64(ByteBuffer.wrap(record.get()));
        CpuContext ctx = x86 ? ContextDecoder.x86(ByteBuffer.wrap(context.get()))
                : ContextDecoder.amd64(ByteBuffer.wrap(context.get()));
        state.rawContext(context.get());
        return Optional.of(new ExceptionInfo(r.code(), r.flags(), r.address(), r.parameters(), false,
                jit.threadId(), Optional.of(ctx), ExceptionSource.JIT_DEBUG_INFO));
    }

    /**
     * Lets the faulting thread go on (signal the event) and waits for the exception to come back to us as a
     * second-chance event. First-chance exceptions of other threads are passed to the process's own handlers.
     */
    private ExceptionInfo exceptionFromSecondChance() throws CaptureException {
        continueHeld(DebugSession.Continue.HANDLED);
        if (request.eventHandle() == 0) {
            log.info("no AeDebug event (attached by hand): waiting for the second-chance exception");
        } else if (!event.signal()) {
            log.info("the AeDebug event could not be signalled (handle " + request.eventHandle() + ")");
        }
        while (true) {
            DebugEvent e = nextEvent("the second-chance exception");
            if (e.kind() == DebugEvent.Kind.EXCEPTION && !e.firstChance()) {
                held = e;
                ExceptionRecordDecoder.Record r = e.exception().orElseThrow();
                Optional<byte[]> raw = session.threadContext(e.threadId());
                raw.ifPresent(state::rawContext);
                Optional<CpuContext> ctx = raw.map(b -> decodeContext(b));
                return new ExceptionInfo(r.code(), r.flags(), r.address(), r.parameters(), false, e.threadId(), ctx,
                        ExceptionSource.SECOND_CHANCE_EVENT);
            }
            if (e.kind() == DebugEvent.Kind.EXIT_PROCESS) {
                passOn(e);
                throw new CaptureException(CaptureFailure.NO_EXCEPTION, "process " + request.pid()
                        + " exited (code " + e.exitCode() + ") without a second-chance exception");
            }
            passOn(e);
        }
    }

    private CpuContext decodeContext(byte[] raw) {
        return raw.length == ContextDecoder.X86_CONTEXT_SIZE ? ContextDecoder.x86(ByteBuffer.wrap(raw))
                : ContextDecoder.amd64(ByteBuffer.wrap(raw));
    }

    private SimpleSnapshot snapshot(ProcessInspector inspector, ProcessInfo process, ExceptionInfo exception) {
        List<ThreadInfo> threads = new ArrayList<>();
        for (int tid : inspector.threadIds(request.pid())) {
            threads.add(ThreadInfo.of(tid, session.threadContext(tid).map(this::decodeContext)));
        }
        return new SimpleSnapshot(process, Optional.of(exception), threads, inspector.modules(request.pid()),
                (address, length) -> session.memory().read(address, length));
    }

    private Path writeDump(SimpleSnapshot snapshot, ExceptionInfo exception) throws CaptureException {
        return DumpStep.write(platform, request, state, log, snapshot.process().architecture(), exception);
    }

    private DebugEvent nextEvent(String waitingFor) throws CaptureException {
        Duration left = state.remaining();
        if (left.isNegative() || left.isZero()) {
            throw new CaptureException(CaptureFailure.NO_EXCEPTION, "timed out waiting for " + waitingFor);
        }
        try {
            return session.waitForEvent(left).orElseThrow(() ->
                    new CaptureException(CaptureFailure.NO_EXCEPTION, "timed out waiting for " + waitingFor));
        } catch (PlatformException e) {
            throw new CaptureException(CaptureFailure.NO_EXCEPTION, "waiting for " + waitingFor + ": " + e.getMessage(), e);
        }
    }

    /** Resumes an event we do not act on. First-chance exceptions go to the process's own handlers. */
    private void passOn(DebugEvent e) throws CaptureException {
        if (e.kind() == DebugEvent.Kind.OUTPUT_DEBUG_STRING) {
            e.debugString().ifPresent(this::breadcrumb);
        }
        // The CLR's debugger notifications are first-chance exceptions meant for a managed debugger: passed on,
        // named, never taken for the crash.
        e.exception().filter(r -> e.firstChance() && (r.code() == ExceptionNames.CLR_NOTIFICATION
                || r.code() == ExceptionNames.NATIVEAOT_NOTIFICATION)).ifPresent(r -> {
                    String text = "first-chance " + Hex.code(r.code()) + " " + ExceptionNames.symbol(r.code()).orElse("")
                            + ": " + ExceptionNames.describe(r.code(), r.parameters()) + " (passed on)";
                    log.info(text);
                    breadcrumb(text);
                });
        DebugSession.Continue how = e.kind() == DebugEvent.Kind.EXCEPTION
                ? DebugSession.Continue.NOT_HANDLED : DebugSession.Continue.HANDLED;
        try {
            session.continueEvent(e, how);
        } catch (PlatformException ex) {
            throw new CaptureException(CaptureFailure.NO_EXCEPTION, ex.getMessage(), ex);
        }
    }

    private void breadcrumb(String text) {
        if (breadcrumbs.size() == MAX_BREADCRUMBS) {
            breadcrumbs.remove(0);
        }
        breadcrumbs.add(text.strip());
    }

    private void continueHeld(DebugSession.Continue how) {
        if (held != null) {
            DebugEvent e = held;
            held = null;
            try {
                session.continueEvent(e, how);
            } catch (PlatformException ex) {
                log.info("continuing the held event failed: " + ex.getMessage());
            }
        }
    }

    /**
     * Releases the process; safe to call more than once. A held attach breakpoint is continued as handled;
     * a held crash is continued as not handled, so the process meets its fate as without a debugger. The
     * event is signalled only under {@link ReleasePolicy#SIGNAL}; otherwise our exit ends WER's wait.
     */
    private void release() {
        if (session != null) {
            boolean heldIsAttachBreakpoint = held != null && held.firstChance();
            continueHeld(heldIsAttachBreakpoint ? DebugSession.Continue.HANDLED : DebugSession.Continue.NOT_HANDLED);
            session.detach();
        }
        if (!event.signalled() && request.signalsOnRelease()) {
            event.signal();
        }
        state.mark(CaptureState.Stage.RELEASED);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
