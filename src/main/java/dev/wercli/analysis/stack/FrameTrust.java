package dev.wercli.analysis.stack;

/** How a stack frame was found, from most to least trustworthy; reported as {@link #reportName()}. */
public enum FrameTrust {
    /** The faulting thread's register context: the top frame. */
    CONTEXT("context"),
    /**
     * Unwound with the module's .pdata/UNWIND_INFO, or, for the top frame, by a rule read from the
     * instructions at its IP: the x64 leaf rule (return address at [rsp]); on x86 a function stopped before
     * or inside {@code push ebp; mov ebp,esp}, or at its {@code ret}.
     */
    UNWIND("unwind"),
    /**
     * x86: the caller's frame from the callee's EBP chain ([ebp+4] return address, [ebp] saved EBP), taken
     * only when that return address lands in module code (just after a CALL where the bytes are readable).
     * Right for code built with frame pointers; a function built without them (FPO) hides its own caller.
     */
    FRAME_POINTER("frame_pointer"),
    /** A value on the stack that points just after a CALL in module code: may be a stale return address. */
    SCAN("scan");

    private final String reportName;

    FrameTrust(String reportName) {
        this.reportName = reportName;
    }

    public String reportName() {
        return reportName;
    }
}
