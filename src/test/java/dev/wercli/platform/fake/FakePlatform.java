package dev.wercli.platform.fake;

import dev.wercli.platform.AeDebugEvent;
import dev.wercli.platform.DebugSession;
import dev.wercli.platform.DumpWriter;
import dev.wercli.platform.Platform;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ProcessInspector;

import java.util.concurrent.CountDownLatch;

/** Every platform concern faked in memory, sharing one journal of calls. */
public final class FakePlatform implements Platform {
    public final Journal journal = new Journal();
    public final FakeAeDebugEvent event = new FakeAeDebugEvent(journal);
    public final FakeDebugSession session = new FakeDebugSession(journal, event);
    public final FakeInspector inspector = new FakeInspector();
    /** The handle value the capture asked an event for (the capture service's duplicate, or AeDebug's). */
    public volatile long eventHandle;
    public final FakeDumpWriter dumpWriter = new FakeDumpWriter(journal, inspector);
    /** HKLM as the capture reads it; null: no registry (as off Windows). */
    public dev.wercli.platform.Registry registry;

    @Override
    public java.util.Optional<dev.wercli.platform.Registry> registry() {
        return java.util.Optional.ofNullable(registry);
    }

    @Override
    public DebugSession newDebugSession() {
        return session;
    }

    @Override
    public DumpWriter dumpWriter() {
        return dumpWriter;
    }

    @Override
    public ProcessInspector inspector() {
        return inspector;
    }

    @Override
    public AeDebugEvent aeDebugEvent(long handle) {
        eventHandle = handle;
        return event;
    }

    public FakeMemory memory() {
        return session.memory;
    }

    public void context(int threadId, byte[] context) {
        session.contexts.put(threadId, context);
    }

    public void failAttach(PlatformException e) {
        session.attachFailure = e;
    }

    /** Makes WaitForDebugEvent hang until the latch opens. */
    public void hangWaits(CountDownLatch latch) {
        session.hang = latch;
    }
}
