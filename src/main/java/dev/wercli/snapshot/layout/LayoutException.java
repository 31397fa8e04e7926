package dev.wercli.snapshot.layout;

/** Bytes that do not hold the structure they were supposed to hold. */
public class LayoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LayoutException(String message) {
        super(message);
    }
}
