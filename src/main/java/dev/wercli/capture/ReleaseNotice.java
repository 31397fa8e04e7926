package dev.wercli.capture;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Tells whoever waits for the debugger's exit (the launcher of a worker, a capture service's client) that it
 * may go, once: at the release that follows a good dump, with exit code 0. The report is written after that;
 * a capture that fails before its dump says nothing here and ends with its own exit code.
 */
public final class ReleaseNotice implements Consumer<CaptureState.Stage> {
    private final IntConsumer tell;
    private boolean dumped;
    private boolean told;

    public ReleaseNotice(IntConsumer tell) {
        this.tell = tell;
    }

    @Override
    public synchronized void accept(CaptureState.Stage stage) {
        if (stage == CaptureState.Stage.DUMPED) {
            dumped = true;
        } else if (stage == CaptureState.Stage.RELEASED && dumped && !told) {
            told = true;
            tell.accept(0);
        }
    }
}
