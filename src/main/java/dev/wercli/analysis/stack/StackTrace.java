package dev.wercli.analysis.stack;

import java.util.List;

/**
 * The frames of one thread, innermost first, and why the walk stopped.
 *
 * @param stopReason one of {@link #END}, {@link #DEPTH_LIMIT}, {@link #TIME_LIMIT}, {@link #NO_CONTEXT},
 *                   {@link #LOST}, {@link #UNSUPPORTED}: tells a reader whether the trace is complete
 */
public record StackTrace(int threadId, List<StackFrame> frames, String stopReason) {
    /** Reached a zero return address or the base of the stack. */
    public static final String END = "end_of_stack";
    public static final String DEPTH_LIMIT = "depth_limit";
    public static final String TIME_LIMIT = "time_limit";
    /** The thread's registers were not available. */
    public static final String NO_CONTEXT = "no_context";
    /** Neither unwind data nor a scan found a caller (unreadable stack, or code outside any module). */
    public static final String LOST = "lost";
    /** x64 and x86 stacks are walked: an ARM64 (or unknown) thread gets just its context frame. */
    public static final String UNSUPPORTED = "unsupported_architecture";

    public StackTrace {
        frames = List.copyOf(frames);
    }
}
