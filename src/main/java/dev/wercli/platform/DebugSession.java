package dev.wercli.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * The Win32 debugging API for one target. Windows ties a debug session to the thread that attached, so
 * every method must be called from that one thread (the capture pipeline's debugger thread).
 */
public interface DebugSession extends AutoCloseable {
    /** How to resume after an event (ContinueDebugEvent's dwContinueStatus). */
    enum Continue { HANDLED, NOT_HANDLED }

    /** DebugActiveProcess + DebugSetProcessKillOnExit(FALSE): our exit never kills the target. */
    void attach(int pid) throws PlatformException;

    /** WaitForDebugEvent; empty on timeout. */
    Optional<DebugEvent> waitForEvent(Duration timeout) throws PlatformException;

    void continueEvent(DebugEvent event, Continue how) throws PlatformException;

    /** GetThreadContext of a thread of the (stopped) target, as raw CONTEXT bytes of the target's layout. */
    Optional<byte[]> threadContext(int threadId);

    /** DebugActiveProcessStop: the target runs on without us. Safe to call when not attached. */
    void detach();

    ProcessMemory memory();

    @Override
    void close();
}
