package dev.wercli.snapshot;

/** Where the crash exception of a snapshot was taken from; reported as {@link #reportName()}. */
public enum ExceptionSource {
    /** Read from the JIT_DEBUG_INFO that Windows passes to an AeDebug debugger as %p. */
    JIT_DEBUG_INFO("jit_debug_info"),
    /** The second-chance EXCEPTION_DEBUG_EVENT after the AeDebug event was signalled (Wine, or no %p). */
    SECOND_CHANCE_EVENT("second_chance_event"),
    /**
     * The record and context WER handed a runtime exception module (wercli-wer.dll) in
     * WER_RUNTIME_EXCEPTION_INFORMATION, passed on to {@code wercli capture-wer}.
     */
    WER_RUNTIME_EXCEPTION_MODULE("wer_runtime_exception_module"),
    /** The exception stream of a minidump file. */
    MINIDUMP("minidump");

    private final String reportName;

    ExceptionSource(String reportName) {
        this.reportName = reportName;
    }

    public String reportName() {
        return reportName;
    }
}
