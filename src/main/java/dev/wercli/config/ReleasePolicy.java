package dev.wercli.config;

import java.util.Locale;

/**
 * How wercli lets Windows go on after the dump on the JIT_DEBUG_INFO path, in the words of Microsoft's
 * "Enabling Postmortem Debugging": "If the postmortem debugger signals the event, WER will continue the
 * target process without waiting for the postmortem debugger to terminate. The event should only be
 * signaled if the issue has been resolved. If the postmortem debugger terminates without signaling the
 * event, WER continues the collection of information about the target processes."
 *
 * <p>A dump does not resolve a crash, so the default is {@link #EXIT}: detach and end without signalling,
 * as ProcDump -i does, and WER goes on with its own collection once wercli has exited.
 * {@link #SIGNAL} ends the wait at once, right after the detach; the crashed process does not wait for the
 * report or the delivery, and WER does not collect its own information.
 *
 * <p>On the second-chance path (no valid JIT_DEBUG_INFO: Wine, or Windows without %p) the event must be
 * signalled before the dump, so that the faulting thread raises the crash again to the debugger; there the
 * policy has nothing left to decide.
 */
public enum ReleasePolicy {
    EXIT("exit"), SIGNAL("signal");

    private final String optionName;

    ReleasePolicy(String optionName) {
        this.optionName = optionName;
    }

    public String optionName() {
        return optionName;
    }

    /** "exit" or "signal", any case; an IllegalArgumentException with a one-line message otherwise. */
    public static ReleasePolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ReleasePolicy p : values()) {
            if (p.optionName.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--release must be exit or signal, got '" + text + "'");
    }
}
