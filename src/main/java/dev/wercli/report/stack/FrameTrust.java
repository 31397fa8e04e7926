package dev.wercli.report.stack;

/** How a stack frame was found, from most to least trustworthy; reported as {@link #reportName()}. */
public enum FrameTrust {
    /** The faulting thread's register context: the top frame. */
    CONTEXT("context"),
    /** Unwound with the module's .pdata/UNWIND_INFO, or the x64 leaf rule (return address at [rsp]). */
    UNWIND("unwind"),
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
