package dev.wercli.capture;

/** A step of the capture failed for a reason the user must see; carries which step. */
public class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;
    private final CaptureFailure failure;

    public CaptureException(CaptureFailure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public CaptureException(CaptureFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public CaptureFailure failure() {
        return failure;
    }
}
