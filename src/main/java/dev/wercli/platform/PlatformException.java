package dev.wercli.platform;

/**
 * A Win32 call failed. Carries the GetLastError code (0 when there is none) and the system's message,
 * so callers can print one clear line.
 */
public class PlatformException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errorCode;

    public PlatformException(String message, int errorCode) {
        super(errorCode == 0 ? message : message + " (Win32 error " + errorCode + ")");
        this.errorCode = errorCode;
    }

    public PlatformException(String message, int errorCode, Throwable cause) {
        this(message, errorCode);
        initCause(cause);
    }

    public int errorCode() {
        return errorCode;
    }

    /** ERROR_INVALID_PARAMETER: what OpenProcess / DebugActiveProcess return for a pid that does not exist. */
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_NOT_SUPPORTED = 50;
}
