package dev.wercli.analysis.pe;

/** Image bytes (read from an untrusted process or dump) that are not a PE image we can use. */
public class PeFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeFormatException(String message) {
        super(message);
    }
}
