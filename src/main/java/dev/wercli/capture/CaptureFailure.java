package dev.wercli.capture;

/** Why a capture did not complete; the CLI maps each to one exit code. */
public enum CaptureFailure {
    REFUSED("refused"),
    ATTACH("attach"),
    NO_EXCEPTION("exception"),
    DUMP("dump"),
    REPORT("report"),
    TIMEOUT("watchdog"),
    INTERNAL("internal");

    private final String stage;

    CaptureFailure(String stage) {
        this.stage = stage;
    }

    /** The "stage" written in the report's errors. */
    public String stage() {
        return stage;
    }
}
