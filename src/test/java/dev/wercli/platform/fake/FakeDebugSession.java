package dev.wercli.platform.fake;

import dev.wercli.platform.DebugEvent;
import dev.wercli.platform.DebugSession;
import dev.wercli.platform.PlatformException;
import dev.wercli.platform.ProcessMemory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A scripted debug session: the events the system sends on attach, then the events that follow once the
 * AeDebug event is signalled. An empty queue behaves like WaitForDebugEvent timing out.
 */
public final class FakeDebugSession implements DebugSession {
    private final Journal journal;
    private final FakeAeDebugEvent event;
    private final Deque<DebugEvent> onAttach = new ArrayDeque<>();
    private final Deque<DebugEvent> afterSignal = new ArrayDeque<>();
    final Map<Integer, byte[]> contexts = new HashMap<>();
    final FakeMemory memory = new FakeMemory();
    PlatformException attachFailure;
    /** When set, waitForEvent blocks on it (a hung WaitForDebugEvent, for the watchdog). */
    CountDownLatch hang;
    private boolean detached;

    FakeDebugSession(Journal journal, FakeAeDebugEvent event) {
        this.journal = journal;
        this.event = event;
    }

    public FakeDebugSession onAttach(List<DebugEvent> events) {
        onAttach.addAll(events);
        return this;
    }

    public FakeDebugSession afterSignal(List<DebugEvent> events) {
        afterSignal.addAll(events);
        return this;
    }

    @Override
    public void attach(int pid) throws PlatformException {
        journal.add("attach " + pid);
        if (attachFailure != null) {
            throw attachFailure;
        }
    }

    @Override
    public Optional<DebugEvent> waitForEvent(Duration timeout) {
        if (hang != null) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!onAttach.isEmpty()) {
            return Optional.of(onAttach.poll());
        }
        if (event.signalled() && !afterSignal.isEmpty()) {
            return Optional.of(afterSignal.poll());
        }
        return Optional.empty();
    }

    @Override
    public void continueEvent(DebugEvent e, Continue how) {
        String what = e.kind() == DebugEvent.Kind.EXCEPTION
                ? String.format("EXCEPTION 0x%08X %s", e.exception().orElseThrow().code(), e.firstChance() ? "first" : "second")
                : e.kind().name();
        journal.add("continue " + what + " " + how);
    }

    @Override
    public Optional<byte[]> threadContext(int threadId) {
        return Optional.ofNullable(contexts.get(threadId));
    }

    @Override
    public void detach() {
        // Like DebugActiveProcessStop through Win32DebugSession: only the first call detaches.
        if (!detached) {
            detached = true;
            journal.add("detach");
        }
    }

    @Override
    public ProcessMemory memory() {
        return memory;
    }

    @Override
    public void close() {
        journal.add("close");
    }
}
