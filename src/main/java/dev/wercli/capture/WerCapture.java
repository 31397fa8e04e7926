package dev.wercli.capture;

import dev.wercli.platform.Platform;
import dev.wercli.platform.ProcessInspector;
import dev.wercli.snapshot.Architecture;
import dev.wercli.snapshot.CpuContext;
import dev.wercli.snapshot.ExceptionInfo;
import dev.wercli.snapshot.ExceptionSource;
import dev.wercli.snapshot.MemoryReader;
import dev.wercli.snapshot.ProcessInfo;
import dev.wercli.snapshot.SimpleSnapshot;
import dev.wercli.snapshot.ThreadInfo;
import dev.wercli.snapshot.layout.ContextDecoder;
import dev.wercli.snapshot.layout.ExceptionRecordDecoder;
import dev.wercli.snapshot.layout.LayoutException;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The capture for a WER runtime exception module (wercli-wer.dll, {@code wercli capture-wer}): WerFault holds
 * the crashed process and gave the module the exception record and context, which arrive here as bytes in the
 * process's own layout (EXCEPTION_RECORD64 + x64 CONTEXT, or EXCEPTION_RECORD32 + x86 CONTEXT for a 32-bit
 * process). There is no debug session: wercli neither attaches nor releases (WerFault does both), it only
 * writes the dump with that exception stream (the same {@link DumpStep} as AeDebug, wercli-dump32.exe for a
 * 32-bit process) and then the same report, built from the dump.
 */
public final class WerCapture {
    /** The record and context as the module copied them out of WER_RUNTIME_EXCEPTION_INFORMATION. */
    public record Given(int threadId, byte[] record, byte[] context) {
    }

    private final Platform platform;
    private final CaptureRequest request;
    private final CaptureState state;
    private final CaptureLog log;
    private final Given given;

    public WerCapture(Platform platform, CaptureRequest request, CaptureState state, CaptureLog log, Given given) {
        this.platform = platform;
        this.request = request;
        this.state = state;
        this.log = log;
        this.given = given;
    }

    /**
     * Runs the capture with a deadline (the request's timeout): WerFault, and the module waiting for us, must
     * never stall. On the deadline a failure record is written and {@code halter} ends wercli.
     */
    public CaptureResult runWithin(CaptureRunner.Halter halter, int timeoutExitCode) {
        CompletableFuture<CaptureResult> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> result.complete(run()), "wercli-wer-capture");
        worker.setDaemon(true);
        worker.start();
        try {
            return result.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            String message = "watchdog: the capture did not finish within " + request.timeout().toSeconds() + " s";
            log.info(message);
            CaptureResult failed = state.fail(CaptureFailure.TIMEOUT, message, List.of());
            halter.halt(timeoutExitCode);
            return failed;
        } catch (ExecutionException e) {
            return state.fail(CaptureFailure.INTERNAL, "internal error: " + e.getCause(), List.of());
        }
    }

    /** Runs the capture; never throws. */
    public CaptureResult run() {
        try {
            return capture();
        } catch (CaptureException e) {
            log.info("capture failed at " + e.failure().stage() + ": " + e.getMessage());
            return state.fail(e.failure(), e.getMessage(), List.of());
        } catch (RuntimeException | Error e) {
            log.info("capture failed with an internal error: " + e);
            return state.fail(CaptureFailure.INTERNAL, "internal error: " + e, List.of());
        }
    }

    private CaptureResult capture() throws CaptureException {
        ProcessInspector inspector = platform.inspector();
        int pid = request.pid();
        ProcessInfo process = new ProcessInfo(pid, inspector.imagePath(pid), inspector.commandLine(pid),
                inspector.architecture(pid), Optional.empty());
        state.knowProcess(process);
        if (pid == inspector.currentPid()
                || SelfGuard.isWercli(process.imagePath(), process.commandLine(), request.ownIdentity())) {
            throw new CaptureException(CaptureFailure.REFUSED, "process " + pid + " is wercli itself; not capturing it");
        }
        ExceptionInfo exception = decode(process.architecture());
        state.mark(CaptureState.Stage.EXCEPTION);
        log.info("exception " + String.format(Locale.ROOT, "0x%08X", exception.code()) + " on thread "
                + exception.threadId() + " from " + exception.source().reportName());
        // Only the faulting thread's context is known here (no debug session); the report takes the rest from
        // the dump. This snapshot is analysed only when the dump fails.
        state.knowSnapshot(new SimpleSnapshot(process, Optional.of(exception),
                List.of(ThreadInfo.of(exception.threadId(), exception.context())), inspector.modules(pid),
                MemoryReader.NONE));
        Path dump;
        try {
            dump = DumpStep.write(platform, request, state, log, process.architecture(), exception);
        } catch (CaptureException e) {
            state.analyzeLiveNow();
            throw e;
        }
        state.mark(CaptureState.Stage.DUMPED);
        state.auxiliaryDlls(AuxiliaryDllsReader.read(platform, process.architecture(), log));
        return state.complete(dump, List.of());
    }

    /** The record and context in the layout of the process's own bitness; anything else is refused. */
    private ExceptionInfo decode(Architecture architecture) throws CaptureException {
        boolean x86 = architecture == Architecture.X86;
        int recordSize = x86 ? ExceptionRecordDecoder.RECORD32_SIZE : ExceptionRecordDecoder.RECORD64_SIZE;
        int contextSize = x86 ? ContextDecoder.X86_CONTEXT_SIZE : ContextDecoder.AMD64_CONTEXT_SIZE;
        if (architecture == Architecture.UNKNOWN || given.record().length != recordSize
                || given.context().length != contextSize) {
            throw new CaptureException(CaptureFailure.NO_EXCEPTION, "a " + architecture.reportName() + " process needs a "
                    + recordSize + "-byte record and a " + contextSize + "-byte context, got " + given.record().length
                    + " and " + given.context().length + " bytes");
        }
        try {
            ExceptionRecordDecoder.Record r = x86 ? ExceptionRecordDecoder.record32(ByteBuffer.wrap(given.record()))
                    : ExceptionRecordDecoder.record64(ByteBuffer.wrap(given.record()));
            CpuContext ctx = x86 ? ContextDecoder.x86(ByteBuffer.wrap(given.context()))
                    : ContextDecoder.amd64(ByteBuffer.wrap(given.context()));
            state.rawContext(given.context());
            return new ExceptionInfo(r.code(), r.flags(), r.address(), r.parameters(), false, given.threadId(),
                    Optional.of(ctx), ExceptionSource.WER_RUNTIME_EXCEPTION_MODULE);
        } catch (LayoutException e) {
            throw new CaptureException(CaptureFailure.NO_EXCEPTION, "the exception record or context is not valid: "
                    + e.getMessage(), e);
        }
    }
}
