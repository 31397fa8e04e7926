package dev.wercli.platform;

/**
 * The event handle that Windows passes to an AeDebug debugger. Signalling it lets the crashed thread go on;
 * it is inherited into our process, so the value is a handle of ours.
 */
public interface AeDebugEvent {
    /** SetEvent; calling it again is harmless. Never throws: a failure is reported as false. */
    boolean signal();

    /** Whether {@link #signal()} has already succeeded. */
    boolean signalled();
}
