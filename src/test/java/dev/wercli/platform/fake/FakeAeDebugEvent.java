package dev.wercli.platform.fake;

import dev.wercli.platform.AeDebugEvent;

/** Records signals; the debug session fake releases its post-signal events once this is signalled. */
public final class FakeAeDebugEvent implements AeDebugEvent {
    private final Journal journal;
    private volatile boolean signalled;

    public FakeAeDebugEvent(Journal journal) {
        this.journal = journal;
    }

    @Override
    public synchronized boolean signal() {
        if (!signalled) {
            journal.add("signal");
        }
        signalled = true;
        return true;
    }

    @Override
    public boolean signalled() {
        return signalled;
    }
}
