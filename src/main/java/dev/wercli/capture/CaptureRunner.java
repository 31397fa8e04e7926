package dev.wercli.capture;

import dev.wercli.platform.AeDebugEvent;
import dev.wercli.platform.Platform;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a capture on its own debugger thread and watches the clock. If the pipeline has not finished by
 * the deadline, the watchdog signals the AeDebug event (under --release signal; otherwise our exit ends
 * the wait, as on every other path), leaves a failure record and ends wercli: closing
 * our process closes the debug session, and because kill-on-exit is off, that releases the crashed process
 * (a held exception is then handled as if no debugger were attached). So no path leaves a process hanging.
 */
public final class CaptureRunner {
    /** Ends this process at once; the real one is Runtime.halt, tests record the call instead. */
    public interface Halter {
        void halt(int status);
    }

    private final Platform platform;
    private final Halter halter;

    public CaptureRunner(Platform platform, Halter halter) {
        this.platform = platform;
        this.halter = halter;
    }

    /**
     * @param timeoutExitCode the exit code the watchdog halts with
     */
    public CaptureResult run(CaptureRequest request, CaptureState state, CaptureLog log, int timeoutExitCode) {
        AeDebugEvent event = platform.aeDebugEvent(request.eventHandle());
        CaptureRunnerThread worker = new CaptureRunnerThread(
                new CapturePipeline(platform, request, state, log, event));
        worker.start();
        try {
            return worker.result.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return watchdog(request, state, log, event, timeoutExitCode);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return watchdog(request, state, log, event, timeoutExitCode);
        } catch (ExecutionException e) {
            // CapturePipeline.run never throws; this is a bug, but the process must still be released
            // (by the event, or by our exit, which follows).
            if (request.signalsOnRelease()) {
                event.signal();
            }
            return state.fail(CaptureFailure.INTERNAL, "internal error: " + e.getCause(), List.of());
        }
    }

    private CaptureResult watchdog(CaptureRequest request, CaptureState state, CaptureLog log, AeDebugEvent event,
                                   int timeoutExitCode) {
        String message = "watchdog: the capture did not finish within " + request.timeout().toSeconds()
                + " s; releasing process " + request.pid();
        log.info(message);
        if (request.signalsOnRelease()) {
            event.signal();
        }
        CaptureResult result = state.fail(CaptureFailure.TIMEOUT, message, List.of());
        log.info("exit " + timeoutExitCode + " (watchdog): closing the debug session releases the process");
        halter.halt(timeoutExitCode);
        return result;
    }

    /** The one thread that attaches and so the only one that may call the debug API. */
    private static final class CaptureRunnerThread extends Thread {
        final CompletableFuture<CaptureResult> result = new CompletableFuture<>();
        private final CapturePipeline pipeline;

        CaptureRunnerThread(CapturePipeline pipeline) {
            super("wercli-debugger");
            this.pipeline = pipeline;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                result.complete(pipeline.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }
}
